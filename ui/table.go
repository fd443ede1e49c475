package ui

import (
	"strings"

	"github.com/errscope/errscope/model"
)

// table is the records list. It holds only the indices of the matching
// records and draws the rows on screen from the snapshot by index, so its
// cost does not grow with the number of records.
type table struct {
	st             *Styles
	snap           *model.Snapshot
	idx            []int32
	cursor, offset int
	width, height  int // height counts the header line
	showFile       bool
	focused        bool
	empty          string // what an empty table says
}

// newTable makes the table; showFile adds a column with each record's log.
func newTable(st *Styles, showFile bool) table { return table{st: st, showFile: showFile} }

func (t *table) SetSize(w, h int) {
	t.width, t.height = w, h
	t.clamp()
}

func (t *table) SetSnapshot(snap *model.Snapshot) { t.snap = snap }
func (t *table) SetFocused(focus bool)            { t.focused = focus }

// SetEmpty is what the table says when no record matches.
func (t *table) SetEmpty(s string) { t.empty = s }

func (t *table) rows() int { return max(t.height-1, 1) }

// Len is the number of matching records; Rows their indices in the store.
func (t *table) Len() int      { return len(t.idx) }
func (t *table) Rows() []int32 { return t.idx }
func (t *table) PageSize() int { return t.rows() }

// SetRows replaces the matching records, keeping the cursor where it was
// when keep is set (more rows of the same filter arrived).
func (t *table) SetRows(idx []int32, keep bool) {
	t.idx = idx
	if !keep {
		t.cursor, t.offset = 0, 0
	}
	t.clamp()
}

func (t *table) Move(d int) {
	t.cursor += d
	t.clamp()
}

func (t *table) Top()    { t.cursor = 0; t.clamp() }
func (t *table) Bottom() { t.cursor = len(t.idx) - 1; t.clamp() }

// Scroll moves the window by d rows, taking the cursor along when it would
// fall out (mouse wheel).
func (t *table) Scroll(d int) {
	t.offset = max(0, min(t.offset+d, len(t.idx)-t.rows()))
	t.cursor = max(t.offset, min(t.cursor, t.offset+t.rows()-1))
	t.clamp()
}

func (t *table) clamp() {
	if t.cursor >= len(t.idx) {
		t.cursor = len(t.idx) - 1
	}
	if t.cursor < 0 {
		t.cursor = 0
	}
	rows := t.rows()
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+rows {
		t.offset = t.cursor - rows + 1
	}
	if t.offset < 0 {
		t.offset = 0
	}
}

// Current is the record under the cursor, or -1.
func (t *table) Current() int {
	if t.cursor < len(t.idx) {
		return int(t.idx[t.cursor])
	}
	return -1
}

// View draws the rows on screen, read from the snapshot.
func (t *table) View() string {
	v := tableView{Cursor: t.cursor - t.offset, Focused: t.focused, ShowFile: t.showFile, Empty: t.empty}
	if t.snap != nil {
		v.Rows = make([]tableRow, 0, min(t.rows(), len(t.idx)-t.offset))
	}
	for r := 0; r < t.rows() && t.offset+r < len(t.idx) && t.snap != nil; r++ {
		row := t.snap.Row(int(t.idx[t.offset+r]))
		file := ""
		if t.showFile {
			file = baseName(t.snap.Sources()[row.Source])
		}
		v.Rows = append(v.Rows, tableRow{Ref: row.Ref, Code: row.Code, Msg: row.Msg, File: file, Type: row.Type, Line: row.Line})
	}
	return v.render(t.width, t.height, t.st)
}

// tableRow is one record as the table shows it; its text is as the log
// wrote it (render makes it printable).
type tableRow struct {
	Ref, Code, Msg, File string
	Type                 model.Type
	Line                 int
}

// tableView is what the table shows, as plain values: the rows on screen
// and which of them has the cursor.
type tableView struct {
	Rows     []tableRow
	Cursor   int // in Rows
	Focused  bool
	ShowFile bool
	Empty    string // said when Rows is empty
}

const (
	refWidth  = 36
	codeWidth = 8
)

func (v tableView) render(w, h int, st *Styles) string {
	var b strings.Builder
	// The ref and code columns are as wide as the rows on screen need (a
	// whole UUID when there is room for a message beside it).
	refW, codeW, msgNeed := 8, 4, 0
	for _, row := range v.Rows {
		refW = max(refW, ansiWidth(refCell(row)))
		codeW = max(codeW, ansiWidth(cell(row.Code, codeWidth)))
		msgNeed = max(msgNeed, min(ansiWidth(cell(row.Msg, 60)), 60))
	}
	refW, codeW = min(refW, refWidth), min(codeW, codeWidth)
	// The message says what went wrong: the messages on screen get up to 60
	// cells before the ref gets more than its first 13 (y copies the whole
	// ref, the detail shows it).
	fileW, gaps := 0, 3 // the spaces after the ref, the code, and the message's last cell
	if v.ShowFile {
		fileW, gaps = min(18, max(6, w/6)), 4
	}
	avail := w - codeW - fileW - gaps // for the ref and the message
	const minRef = 13
	if avail-refW < msgNeed {
		refW = max(min(refW, minRef), min(refW, avail-msgNeed))
	}
	if w < refW+codeW+30 {
		refW = max(8, min(refW, w/3))
	}
	msgW := max(avail-refW, 1)
	head := fit("REF", refW) + " " + fit("CODE", codeW) + " "
	if fileW > 0 {
		head += fit("FILE", fileW) + " "
	}
	head += "MESSAGE"
	b.WriteString(st.Header.Render(fit(head, w)))
	rows := max(h-1, 1)
	if len(v.Rows) == 0 {
		b.WriteString("\n" + st.Dim.Render(fit(v.Empty, w)))
		rows--
	}
	for r := 0; r < rows; r++ {
		b.WriteByte('\n')
		if r >= len(v.Rows) {
			b.WriteString(strings.Repeat(" ", w))
			continue
		}
		row := v.Rows[r]
		line := fit(refCell(row), refW) + " " + fit(cell(row.Code, codeW), codeW) + " "
		if fileW > 0 {
			line += fit(model.Printable(row.File), fileW) + " "
		}
		line += fit(cell(row.Msg, msgW), msgW)
		b.WriteString(st.row(fit(line, w), r == v.Cursor, v.Focused, row.Type))
	}
	return b.String()
}

// refCell is what the ref column shows: the ref, or where a bad line stands.
func refCell(row tableRow) string {
	if row.Type == model.TypeBad {
		return "line " + model.Thousands(int64(row.Line))
	}
	return cell(row.Ref, refWidth)
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
