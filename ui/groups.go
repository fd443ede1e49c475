package ui

import (
	"strconv"
	"strings"

	"github.com/errscope/errscope/model"
)

// groupRow is one line of the groups pane: an error type, or the
// successes summed in one line, or the unreadable lines.
type groupRow struct {
	label  string
	code   string
	count  int64
	typ    model.Type
	query  string // what enter filters the table with
	header bool   // a format's name above its error types; the cursor skips it
}

// groups is the side pane: what failed and how much, largest first.
type groups struct {
	st            *Styles
	rows          []groupRow
	total         int64
	cursor        int
	offset        int
	width, height int
	multiFormat   bool
	focused       bool
}

func newGroups(st *Styles) groups { return groups{st: st} }

func (g *groups) SetSize(w, h int)      { g.width, g.height = w, h; g.clamp() }
func (g *groups) SetFocused(focus bool) { g.focused = focus }

// Len is the number of rows, format names included.
func (g *groups) Len() int { return len(g.rows) }

// Width is the pane's width in cells.
func (g *groups) Width() int { return g.width }

// Height is the rows the pane shows, its title included.
func (g *groups) Height() int { return g.height }

// SetSnapshot recounts the rows. Successes (Protegrity) are summed in one
// dimmed line at the bottom; unreadable lines have a line of their own.
func (g *groups) SetSnapshot(snap *model.Snapshot, formats map[string]bool) {
	g.rows = g.rows[:0]
	g.multiFormat = len(formats) > 1
	var success, bad int64
	g.total = snap.Records()
	all := snap.Groups()
	if g.multiFormat {
		all = model.ByFormat(all)
	}
	lastFormat := ""
	for _, gr := range all {
		k := gr.Kind
		switch k.Type {
		case model.TypeSuccess:
			success += gr.Count
			continue
		case model.TypeBad:
			bad += gr.Count
			continue
		}
		if g.multiFormat && k.Format != lastFormat {
			g.rows = append(g.rows, groupRow{label: snap.Catalog().FormatName(k.Format), header: true})
			lastFormat = k.Format
		}
		q := model.GroupQuery(k, all)
		label := k.Title
		if k.Entry == nil && k.Example != "" {
			label = cell(k.Example, 40) // what the log says, when the catalog says nothing
		}
		g.rows = append(g.rows, groupRow{label: label, code: k.Code, count: gr.Count, typ: k.Type, query: q})
	}
	if success > 0 {
		g.rows = append(g.rows, groupRow{label: "Succeeded", code: "ok", count: success, typ: model.TypeSuccess, query: model.TypeQuery(model.TypeSuccess)})
	}
	if bad > 0 {
		g.rows = append(g.rows, groupRow{label: "Unreadable lines", code: "!", count: bad, typ: model.TypeBad, query: model.TypeQuery(model.TypeBad)})
	}
	g.clamp()
}

// Move moves the cursor by d rows, past format headers in the direction
// it moves.
func (g *groups) Move(d int) {
	g.cursor += d
	g.clampCursor()
	step := 1
	if d < 0 {
		step = -1
	}
	for g.cursor >= 0 && g.cursor < len(g.rows) && g.rows[g.cursor].header {
		g.cursor += step
	}
	g.clamp()
}

func (g *groups) clampCursor() { g.cursor = max(0, min(g.cursor, len(g.rows)-1)) }

func (g *groups) clamp() {
	g.clampCursor()
	// Off a header: the first error type below it (or above, at the end).
	for g.cursor < len(g.rows)-1 && g.rows[g.cursor].header {
		g.cursor++
	}
	rows := max(g.height-1, 1)
	if g.cursor < g.offset {
		g.offset = g.cursor
	}
	if g.cursor >= g.offset+rows {
		g.offset = g.cursor - rows + 1
	}
}

// LargestCode is the code of the largest error type (not successes, not
// unreadable lines), if there is one.
func (g *groups) LargestCode() (string, bool) {
	for _, r := range g.rows {
		if r.typ != model.TypeSuccess && r.typ != model.TypeBad && r.code != "" {
			return r.code, true
		}
	}
	return "", false
}

// Current is the row under the cursor, if any.
func (g *groups) Current() (groupRow, bool) {
	if g.cursor < len(g.rows) {
		return g.rows[g.cursor], true
	}
	return groupRow{}, false
}

// View draws the pane.
func (g *groups) View() string {
	return groupsView{Rows: g.rows, Total: g.total, Cursor: g.cursor, Offset: g.offset, Focused: g.focused}.render(g.width, g.height, g.st)
}

// groupsView is what the groups pane shows, as plain values.
type groupsView struct {
	Rows           []groupRow
	Total          int64 // records, for the percentages
	Cursor, Offset int
	Focused        bool
}

func (v groupsView) render(w, h int, st *Styles) string {
	var b strings.Builder
	title := st.PaneTitle
	if v.Focused {
		title = st.PaneTitleFocus
	}
	b.WriteString(title.Render(fit("ERROR TYPES", w)))
	countW, pctW := 5, 6
	for _, row := range v.Rows {
		countW = max(countW, len(model.Thousands(row.count)))
	}
	codeW := 4
	for _, row := range v.Rows {
		codeW = max(codeW, min(ansiWidth(model.Printable(row.code)), 8))
	}
	labelW := max(w-codeW-countW-pctW-3, 1)
	for r := 0; r < h-1; r++ {
		b.WriteByte('\n')
		i := v.Offset + r
		if i >= len(v.Rows) {
			b.WriteString(strings.Repeat(" ", w))
			continue
		}
		row := v.Rows[i]
		if row.header {
			b.WriteString(st.Header.Render(fit(model.Printable(row.label), w)))
			continue
		}
		pct := ""
		if v.Total > 0 && row.typ != model.TypeBad {
			pct = strconv.FormatFloat(100*float64(row.count)/float64(v.Total), 'f', 1, 64) + "%"
		}
		line := fit(model.Printable(row.code), codeW) + " " + fit(model.Printable(row.label), labelW) + " " +
			fitRight(model.Thousands(row.count), countW) + " " + fitRight(pct, pctW)
		b.WriteString(st.row(fit(line, w), i == v.Cursor, v.Focused, row.typ))
	}
	return b.String()
}
