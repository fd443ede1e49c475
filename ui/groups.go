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

	level  int    // 0 an error type, 1 one of its patterns, 2 a value of a pattern's variable part
	key    string // what the row is, across snapshots: its cursor and its being open are kept by it
	parent int    // the row of the error type or pattern it is under
	more   bool   // it has rows to open: an error type's patterns, a pattern's values
	open   bool
	remedy string   // the catalog's remedy for its error type, its first sentence
	values []string // a pattern's variable parts and their largest values, one line each
	since  bool     // a class against the baseline log: no share of the records
}

// maxPatternRows and maxValueRows bound the rows under an error type and
// under each variable part of a pattern.
const (
	maxPatternRows = 20
	maxValueRows   = 5
)

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

	open       map[string]bool // the keys of the rows opened
	autoOpened bool            // the largest error type was opened once

	snap     *model.Snapshot
	formats  map[string]bool
	baseline *model.Baseline
}

func newGroups(st *Styles) groups { return groups{st: st, open: map[string]bool{}} }

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
	g.snap, g.formats = snap, formats
	g.rebuild()
}

// rebuild makes the rows anew from the snapshot, the open rows' patterns
// and values under them, and keeps the cursor on the row it was on.
func (g *groups) rebuild() {
	snap, formats := g.snap, g.formats
	if snap == nil {
		return
	}
	curKey := ""
	if cur, ok := g.Current(); ok {
		curKey = cur.key
	}
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
		if n := snap.Folded(gr.ID); k.Code == model.FoldCode && n > 0 {
			label = model.FoldTitle(n) // as summary titles it
		}
		remedy := ""
		if k.Entry != nil {
			remedy = firstSentence(k.Entry.Remedy)
		}
		pats := snap.Patterns(gr.ID)
		if !g.autoOpened && len(pats) > 0 {
			g.open[q] = true // the largest error type opens with its patterns
			g.autoOpened = true
		}
		row := groupRow{label: label, code: k.Code, count: gr.Count, typ: k.Type, query: q, key: q,
			more: len(pats) > 0, open: g.open[q] && len(pats) > 0, remedy: remedy}
		g.rows = append(g.rows, row)
		if row.open {
			g.addPatterns(len(g.rows)-1, pats)
		}
	}
	if success > 0 {
		g.rows = append(g.rows, groupRow{label: "Succeeded", code: "ok", count: success, typ: model.TypeSuccess, query: model.TypeQuery(model.TypeSuccess)})
	}
	if bad > 0 {
		g.rows = append(g.rows, groupRow{label: "Unreadable lines", code: "!", count: bad, typ: model.TypeBad, query: model.TypeQuery(model.TypeBad)})
	}
	g.appendBaseline()
	for i := range g.rows {
		if g.rows[i].key == "" {
			g.rows[i].key = g.rows[i].query + "\x00" + g.rows[i].label
		}
		if curKey != "" && g.rows[i].key == curKey {
			g.cursor = i
		}
	}
	g.clamp()
}

// addPatterns adds the rows of the patterns of the error type at row t,
// and under each open pattern the values of its variable parts.
func (g *groups) addPatterns(t int, pats []model.Pattern) {
	typ := g.rows[t]
	for i, p := range pats {
		if i == maxPatternRows {
			break
		}
		q := typ.query + " pattern:" + model.QuoteValue(p.Text)
		key := typ.key + "\x00" + strconv.Itoa(p.ID)
		row := groupRow{label: p.Text, count: p.Count, typ: typ.typ, query: q, level: 1, key: key, parent: t,
			more: len(p.Params) > 0, open: g.open[key] && len(p.Params) > 0, remedy: typ.remedy, values: valueLines(p)}
		g.rows = append(g.rows, row)
		if !row.open {
			continue
		}
		pr := len(g.rows) - 1
		for k, prm := range p.Params {
			for j, v := range prm.Top {
				if j == maxValueRows {
					break
				}
				g.rows = append(g.rows, groupRow{
					label: "<" + strconv.Itoa(k+1) + "> " + v.Value, count: v.Count, typ: typ.typ, level: 2, parent: pr,
					query: typ.query + " pattern:" + model.QuoteValue(p.WithValue(k, v.Value)),
					key:   key + "\x00" + strconv.Itoa(k) + "\x00" + v.Value, remedy: typ.remedy,
				})
			}
		}
	}
}

// valueLines sums up a pattern's variable parts, one line each: the
// largest values and their records.
func valueLines(p model.Pattern) []string {
	var out []string
	for k, prm := range p.Params {
		var parts []string
		for j, v := range prm.Top {
			if j == 3 {
				break
			}
			parts = append(parts, v.Value+" "+model.Thousands(v.Count))
		}
		line := "<" + strconv.Itoa(k+1) + "> " + strings.Join(parts, " · ")
		if len(prm.Top) > 0 && prm.Top[0].Count == 1 {
			line = "<" + strconv.Itoa(k+1) + "> " + model.Thousands(p.Count) + " values, each once"
		}
		out = append(out, line)
	}
	return out
}

// Expand opens the row under the cursor: an error type's patterns, a
// pattern's values. It says whether there was something to open.
func (g *groups) Expand() bool {
	cur, ok := g.Current()
	if !ok || !cur.more || cur.open {
		return false
	}
	g.open[cur.key] = true
	g.rebuild()
	return true
}

// Collapse closes the row under the cursor, or, on a row under another,
// that one, and puts the cursor on it.
func (g *groups) Collapse() bool {
	cur, ok := g.Current()
	if !ok {
		return false
	}
	if !cur.open {
		if cur.level == 0 {
			return false
		}
		g.cursor = cur.parent
		cur = g.rows[cur.parent]
	}
	delete(g.open, cur.key)
	g.rebuild()
	return true
}

// CanExpand and CanCollapse say what → and ← would do on the cursor's row.
func (g *groups) CanExpand() bool {
	cur, ok := g.Current()
	return ok && cur.more && !cur.open
}

func (g *groups) CanCollapse() bool {
	cur, ok := g.Current()
	return ok && (cur.open || cur.level > 0)
}

// firstSentence is the first sentence of a catalog text: what fits beside
// an error type.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// SetBaseline shows what became of the records since a baseline log
// (--baseline): the count of each class, each row filtering by it.
func (g *groups) SetBaseline(b *model.Baseline) { g.baseline = b }

func (g *groups) appendBaseline() {
	b := g.baseline
	if b == nil {
		return
	}
	title := "SINCE " + baseName(b.Name)
	if b.Err != nil {
		title += " (not read whole)"
	}
	g.rows = append(g.rows, groupRow{label: title, header: true})
	for _, c := range []struct {
		class model.Class
		label string
		typ   model.Type
	}{
		{model.ClassFixed, "fixed (not in this log)", model.TypeSuccess},
		{model.ClassStill, "still (the same error)", model.TypeError},
		{model.ClassChanged, "changed (another error)", model.TypeError},
		{model.ClassNew, "new (not failed before)", model.TypeError},
	} {
		g.rows = append(g.rows, groupRow{label: c.label, count: b.Counts[c.class], typ: c.typ, query: "class:" + c.class.String(), since: true})
	}
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
	rows := max(g.height-1-remedyLines(g.height), 1)
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
		if r.level == 0 && r.typ != model.TypeSuccess && r.typ != model.TypeBad && r.code != "" {
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
	v := groupsView{Rows: g.rows, Total: g.total, Cursor: g.cursor, Offset: g.offset, Focused: g.focused}
	if cur, ok := g.Current(); ok {
		v.Remedy, v.Values = cur.remedy, cur.values
	}
	return v.render(g.width, g.height, g.st)
}

// groupsView is what the groups pane shows, as plain values.
type groupsView struct {
	Rows           []groupRow
	Total          int64 // records, for the percentages
	Cursor, Offset int
	Focused        bool
	Remedy         string   // what to do about the cursor's error type, shown below the rows
	Values         []string // or, on a pattern, its variable parts and their largest values
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
	labelW := w - codeW - countW - pctW - 3
	if labelW < 10 {
		// Narrow (a 40-column terminal gives the pane 20): the title says
		// more than the share, which the count says too.
		pctW = 0
		labelW = w - codeW - countW - 2
	}
	labelW = max(labelW, 1)
	// What to do about the error type under the cursor, below the rows,
	// when the pane is tall enough: the first screen answers "what do I do
	// about the biggest failure" with no key pressed.
	var remedy []string
	reserve := remedyLines(h)
	if v.Remedy != "" && reserve > 0 {
		remedy = wrap(model.Printable("What to do: "+v.Remedy), w)
		if len(remedy) > reserve-1 {
			remedy = append(remedy[:reserve-2], cell(strings.Join(remedy[reserve-2:], " "), w))
		}
	}
	if len(v.Values) > 0 && reserve > 0 {
		remedy = nil
		for i, l := range v.Values {
			if i == reserve-1 {
				break
			}
			remedy = append(remedy, cell(model.Printable(l), w))
		}
	}
	for len(remedy) > 0 && len(remedy) < reserve-1 {
		remedy = append(remedy, "")
	}
	rowsH := h - 1 - reserve
	for r := 0; r < rowsH; r++ {
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
		if v.Total > 0 && row.typ != model.TypeBad && !row.since {
			pct = strconv.FormatFloat(100*float64(row.count)/float64(v.Total), 'f', 1, 64) + "%"
		}
		label := model.Printable(row.label)
		switch {
		case row.level == 1:
			label = "  " + label
		case row.level == 2:
			label = "      " + label
		case row.open:
			label = "▾ " + label
		case row.more:
			label = "▸ " + label
		}
		line := fit(model.Printable(row.code), codeW) + " " + fit(label, labelW) + " " +
			fitRight(model.Thousands(row.count), countW)
		if pctW > 0 {
			line += " " + fitRight(pct, pctW)
		}
		b.WriteString(st.row(fit(line, w), i == v.Cursor, v.Focused, row.typ))
	}
	if reserve > 0 {
		b.WriteString("\n" + strings.Repeat(" ", w))
		for i := 0; i < reserve-1; i++ {
			l := ""
			if i < len(remedy) {
				l = remedy[i]
			}
			b.WriteString("\n" + st.Dim.Render(fit(l, w)))
		}
	}
	return b.String()
}

// remedyLines is how many lines at the foot of a pane h high show what to
// do about the error type under the cursor (a blank line, then up to
// three): none in a short pane.
func remedyLines(h int) int {
	if h < 14 {
		return 0
	}
	return 4
}
