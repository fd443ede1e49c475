package ui

import (
	"strings"

	"github.com/errscope/errscope/model"
)

// table is the records list. It holds only the indices of the matching
// records and draws the rows on screen from the snapshot by index, so its
// cost does not grow with the number of records.
type table struct {
	idx            []int32
	cursor, offset int
	width, height  int // height counts the header line
	showFile       bool
}

func (t *table) SetSize(w, h int) {
	t.width, t.height = w, h
	t.clamp()
}

func (t *table) rows() int { return max(t.height-1, 1) }

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

const (
	refWidth  = 36
	codeWidth = 8
)

func (t *table) View(snap *model.Snapshot, st *Styles, focused bool, empty string) string {
	var b strings.Builder
	w := t.width
	// The ref and code columns are as wide as the rows on screen need (a
	// whole UUID when there is room for a message beside it).
	refW, codeW, msgNeed := 8, 4, 0
	for r := 0; r < t.rows() && t.offset+r < len(t.idx) && snap != nil; r++ {
		row := snap.Row(int(t.idx[t.offset+r]))
		refW = max(refW, ansiWidth(refCell(row)))
		codeW = max(codeW, ansiWidth(cell(row.Code, codeWidth)))
		msgNeed = max(msgNeed, min(ansiWidth(cell(row.Msg, 60)), 60))
	}
	refW, codeW = min(refW, refWidth), min(codeW, codeWidth)
	// The message says what went wrong: the messages on screen get up to 60
	// cells before the ref gets more than its first 13 (y copies the whole
	// ref, the detail shows it).
	fileW, gaps := 0, 3 // the spaces after the ref, the code, and the message's last cell
	if t.showFile {
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
	rows := t.rows()
	if len(t.idx) == 0 {
		b.WriteString("\n" + st.Dim.Render(fit(empty, w)))
		rows--
	}
	for r := 0; r < rows; r++ {
		b.WriteByte('\n')
		i := t.offset + r
		if snap == nil || i >= len(t.idx) {
			b.WriteString(strings.Repeat(" ", w))
			continue
		}
		row := snap.Row(int(t.idx[i]))
		line := fit(refCell(row), refW) + " " + fit(cell(row.Code, codeW), codeW) + " "
		if fileW > 0 {
			line += fit(model.Printable(baseName(snap.Sources()[row.Source])), fileW) + " "
		}
		line += fit(cell(row.Msg, msgW), msgW)
		line = st.row(fit(line, w), i == t.cursor, focused, row.Type)
		b.WriteString(line)
	}
	return b.String()
}

// refCell is what the ref column shows: the ref, or where a bad line stands.
func refCell(row model.Row) string {
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
