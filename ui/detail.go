package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/errscope/errscope/model"
)

// detail shows one record: its fields, where it came from, its raw bytes,
// and what the catalog says of its error type. Open reads what it shows
// from the snapshot once; the lines are laid out again only when the size
// or the styles change.
type detail struct {
	st            *Styles
	rec           int // index in the store, -1 when closed
	info          detailInfo
	lines         []string
	offset        int
	width, height int
}

func newDetail(st *Styles) detail { return detail{st: st, rec: -1} }

func (d *detail) SetSize(w, h int) {
	d.width, d.height = w, h
	d.layout()
}

// Restyle lays the lines out again in the present styles.
func (d *detail) Restyle() { d.layout() }

// Open shows record i of snap, from its top.
func (d *detail) Open(snap *model.Snapshot, i int) {
	d.rec, d.offset = i, 0
	d.info = detailOf(snap, i)
	d.layout()
}

// Close forgets the record.
func (d *detail) Close() { d.rec, d.info, d.lines = -1, detailInfo{}, nil }

// Record is the record shown, or -1.
func (d *detail) Record() int { return d.rec }

// PageSize is the lines on screen; Len the lines in all.
func (d *detail) PageSize() int { return d.height }
func (d *detail) Len() int      { return len(d.lines) }

func (d *detail) layout() {
	if d.rec >= 0 {
		d.lines = d.info.lines(d.width, d.st)
	}
	d.clamp()
}

func (d *detail) Scroll(n int) { d.offset += n; d.clamp() }

func (d *detail) clamp() {
	d.offset = max(0, min(d.offset, len(d.lines)-d.height))
}

// View draws the lines on screen.
func (d *detail) View() string { return window(d.lines, d.offset, d.width, d.height) }

// window draws lines[offset:] in w×h cells.
func window(lines []string, offset, w, h int) string {
	var b strings.Builder
	for r := 0; r < h; r++ {
		if r > 0 {
			b.WriteByte('\n')
		}
		if i := offset + r; i < len(lines) {
			b.WriteString(fit(lines[i], w))
		} else {
			b.WriteString(strings.Repeat(" ", w))
		}
	}
	return b.String()
}

// detailInfo is what the detail shows of a record, as plain values; its
// text is as the log wrote it (lines makes it printable).
type detailInfo struct {
	Code, Title string
	Type        model.Type
	Fields      []detailField // the record's own fields, by format
	File        string
	Line        int
	Format      string         // the format's id
	FormatName  string         // and its name
	Entry       *model.Entry   // what the catalog says, if anything
	Raw         []byte         // the record's bytes (cut, for a long one)
	Size        int            // the record's size in bytes
	Msg         string         // the message, for the advice
	Batch       *batchView     // the uploaded record (--input), once looked up
	Advice      []string       // what the uploaded record says of the failure
	Pattern     *model.Pattern // the pattern of its message, among its error type's
}

// detailField is one field of a record; a long value is cut by lines.
type detailField struct {
	Name, Value string
	Long        bool // log text that may be long: cut at maxField
}

// detailOf reads what the detail shows of record i.
func detailOf(snap *model.Snapshot, i int) detailInfo {
	row := snap.Row(i)
	kind := snap.Kinds()[row.Kind]
	d := detailInfo{
		Code: row.Code, Title: kind.Title, Type: row.Type,
		File: snap.Sources()[row.Source], Line: row.Line,
		Format: kind.Format, FormatName: snap.Catalog().FormatName(kind.Format), Entry: kind.Entry,
		Msg: row.Msg,
	}
	d.Raw, d.Size = snap.Raw(i)
	field := func(name, value string, long bool) {
		d.Fields = append(d.Fields, detailField{Name: name, Value: value, Long: long})
	}
	if row.Type != model.TypeBad {
		if p, ok := snap.PatternOf(row.Kind, row.Msg); ok {
			d.Pattern = &p
		}
	}
	switch {
	case row.Type == model.TypeBad:
		field("problem", row.Msg, true)
	default:
		for _, f := range model.FormatOf(kind.Format).Detail(row) {
			field(f.Label, f.Value, f.Long)
		}
	}
	return d
}

// lines lays the record out in width cells; every string from the log goes
// through model.Printable first.
func (d detailInfo) lines(width int, st *Styles) []string {
	p := model.Printable
	full := width
	width = min(width, 100) // prose reads better in lines of at most 100
	var out []string
	add := func(s ...string) { out = append(out, s...) }
	field := func(name, value string) {
		label := st.Header.Render(fit(name, 10))
		for k, l := range wrap(value, max(width-11, 10)) {
			if k == 0 {
				add(label + " " + l)
			} else {
				add(strings.Repeat(" ", 11) + l)
			}
		}
	}
	typeStyle := st.Error
	switch d.Type {
	case model.TypeWarning, model.TypeBad:
		typeStyle = st.Warning
	case model.TypeSuccess:
		typeStyle = st.Success
	}
	title := d.Title
	if d.Code != "" {
		title = d.Code + "  " + title
	}
	add(st.Code.Render(p(title))+"  "+typeStyle.Render(d.Type.String()), "")
	for _, f := range d.Fields {
		if f.Long {
			field(f.Name, long(f.Value))
		} else {
			field(f.Name, p(f.Value))
		}
	}
	if pt := d.Pattern; pt != nil && len(pt.Params) > 0 {
		// The variable parts marked: what differs from one record of the
		// pattern to the next.
		var b strings.Builder
		for _, part := range pt.Parts {
			if part.Param >= 0 {
				b.WriteString(st.Code.Render(model.Wildcard))
			} else {
				b.WriteString(p(cell(part.Text, maxField)))
			}
		}
		field("pattern", b.String()+st.Dim.Render("  "+model.Thousands(pt.Count)+" records"))
	}
	field("file", fmt.Sprintf("%s, line %s", p(d.File), model.Thousands(int64(d.Line))))
	field("format", d.FormatName)
	add("")
	if d.Batch != nil {
		d.Batch.render(width, st, add, field)
		add("")
	}
	if e := d.Entry; e != nil {
		// A user's catalog is text from a file: printable, like a log's.
		// An entry of a team's catalog may say only who owns the error
		// type: a part it leaves empty is left out, heading and all.
		started := false
		head := func(title string) {
			if started {
				add("")
			}
			add(st.Bold.Render(title))
			started = true
		}
		if e.Meaning != "" {
			head("What it means")
			for _, l := range wrap(p(e.Meaning), width-2) {
				add("  " + l)
			}
		}
		if len(e.Causes) > 0 {
			head("Usual causes")
			for _, c := range e.Causes {
				for k, l := range wrap(p(c), width-4) {
					if k == 0 {
						add("  • " + l)
					} else {
						add("    " + l)
					}
				}
			}
		}
		if e.Remedy != "" || len(d.Advice) > 0 {
			head("What to do")
		}
		if e.Remedy != "" {
			for _, l := range wrap(p(e.Remedy), width-2) {
				add("  " + l)
			}
		}
		for _, adv := range d.Advice {
			for k, l := range wrap(p(adv), width-4) {
				if k == 0 {
					add("  " + st.Code.Render("▸") + " " + l)
				} else {
					add("    " + l)
				}
			}
		}
		if started && (e.Owner != "" || e.Runbook != "") {
			add("")
		}
		if e.Owner != "" {
			field("owner", p(e.Owner))
		}
		if e.Runbook != "" {
			add(runbookLine(e, st, width))
		}
	} else if d.Type == model.TypeBad {
		add(st.Bold.Render("What to do"))
		for _, l := range wrap("This line is not a record of the log's format. It was counted and kept, not dropped: check whether the file is the error log you meant, or whether it was damaged or cut on the way.", width-2) {
			add("  " + l)
		}
	} else {
		add(st.Bold.Render("Not in the catalog"))
		for _, l := range wrap(fmt.Sprintf("errscope's catalog has no entry for %s code %q. Add one in a JSON file (see `errscope codes --format json` for the form) and open the log with --catalog FILE.", d.Format, p(d.Code)), width-2) {
			add("  " + l)
		}
	}
	add("", st.Bold.Render("Raw")+st.Dim.Render(fmt.Sprintf("  %s bytes", model.Thousands(int64(d.Size)))))
	// At most maxRawLines screen lines of it: a line of megabytes is cut
	// before it is made printable and wrapped, not after.
	const maxRawLines = 200
	rawW := max(full-2, 10)
	shown := d.Raw
	if limit := maxRawLines * rawW; len(shown) > limit {
		shown = shown[:limit]
	}
	var lines []string
	for _, l := range strings.Split(string(shown), "\n") {
		lines = append(lines, hardWrap(p(l), rawW)...)
	}
	if len(lines) > maxRawLines {
		lines = lines[:maxRawLines]
	}
	if more := d.Size - len(shown); more > 0 {
		lines = append(lines, fmt.Sprintf("… (%s more bytes)", model.Thousands(int64(more))))
	}
	for _, l := range lines {
		add("  " + l)
	}
	return out
}

// maxField is how much of one field the detail view shows; the raw bytes
// below hold the rest (up to their own bound).
const maxField = 4 << 10

// long makes a field printable, cut at maxField bytes with a note.
func long(s string) string {
	if len(s) <= maxField {
		return model.Printable(s)
	}
	return cell(s, maxField/4) + fmt.Sprintf(" (%s bytes in all)", model.Thousands(int64(len(s))))
}

// hardWrap cuts s into pieces of w cells, not minding words: raw bytes are
// shown as they are.
func hardWrap(s string, w int) []string {
	return strings.Split(ansi.Hardwrap(s, w, true), "\n")
}

// runbookLine shows the entry's runbook. A link (an http or https URL of
// the catalog, never log text) is an OSC 8 hyperlink: terminals that know
// OSC 8 make it clickable, the rest show the URL. Anything else is text.
func runbookLine(e *model.Entry, st *Styles, width int) string {
	label := st.Header.Render(fit("runbook", 10)) + " "
	avail := max(width-11, 10)
	url, ok := e.RunbookURL()
	if !ok {
		note := st.Dim.Render("  (not an http or https link: shown as text)")
		return label + ansi.Truncate(e.RunbookText(), max(avail-ansi.StringWidth(note), 10), "…") + note
	}
	// The text may be cut to fit; the link is the whole URL.
	return label + ansi.SetHyperlink(url) + st.Link.Render(ansi.Truncate(url, avail, "…")) + ansi.ResetHyperlink()
}
