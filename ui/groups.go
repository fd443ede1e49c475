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
	rows          []groupRow
	total         int64
	cursor        int
	offset        int
	width, height int
	multiFormat   bool
}

func (g *groups) SetSize(w, h int) { g.width, g.height = w, h; g.clamp() }

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

// Current is the row under the cursor, if any.
func (g *groups) Current() (groupRow, bool) {
	if g.cursor < len(g.rows) {
		return g.rows[g.cursor], true
	}
	return groupRow{}, false
}

func (g *groups) View(st *Styles, focused bool) string {
	var b strings.Builder
	w := g.width
	title := st.PaneTitle
	if focused {
		title = st.PaneTitleFocus
	}
	b.WriteString(title.Render(fit("ERROR TYPES", w)))
	countW, pctW := 5, 6
	for _, row := range g.rows {
		countW = max(countW, len(model.Thousands(row.count)))
	}
	codeW := 4
	for _, row := range g.rows {
		codeW = max(codeW, min(ansiWidth(model.Printable(row.code)), 8))
	}
	labelW := max(w-codeW-countW-pctW-3, 1)
	for r := 0; r < g.height-1; r++ {
		b.WriteByte('\n')
		i := g.offset + r
		if i >= len(g.rows) {
			b.WriteString(strings.Repeat(" ", w))
			continue
		}
		row := g.rows[i]
		if row.header {
			b.WriteString(st.Header.Render(fit(model.Printable(row.label), w)))
			continue
		}
		pct := ""
		if g.total > 0 && row.typ != model.TypeBad {
			pct = strconv.FormatFloat(100*float64(row.count)/float64(g.total), 'f', 1, 64) + "%"
		}
		line := fit(model.Printable(row.code), codeW) + " " + fit(model.Printable(row.label), labelW) + " " +
			fitRight(model.Thousands(row.count), countW) + " " + fitRight(pct, pctW)
		line = st.row(fit(line, w), i == g.cursor, focused, row.typ)
		b.WriteString(line)
	}
	return b.String()
}
