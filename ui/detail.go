package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/errscope/errscope/model"
)

// detail shows one record: its fields, where it came from, its raw bytes,
// and what the catalog says of its error type.
type detail struct {
	rec           int // index in the store, -1 when closed
	lines         []string
	offset        int
	width, height int
}

func (d *detail) SetSize(w, h int) { d.width, d.height = w, h; d.clamp() }

// Open builds the lines for record i.
func (d *detail) Open(snap *model.Snapshot, i int, st *Styles) {
	d.rec, d.offset = i, 0
	d.lines = detailLines(snap, i, st, d.width)
}

func (d *detail) Scroll(n int) { d.offset += n; d.clamp() }

func (d *detail) clamp() {
	d.offset = max(0, min(d.offset, len(d.lines)-d.height))
}

func (d *detail) View() string {
	var b strings.Builder
	for r := 0; r < d.height; r++ {
		if r > 0 {
			b.WriteByte('\n')
		}
		if i := d.offset + r; i < len(d.lines) {
			b.WriteString(fit(d.lines[i], d.width))
		} else {
			b.WriteString(strings.Repeat(" ", d.width))
		}
	}
	return b.String()
}

// detailLines lays a record out; every string from the log goes through
// model.Printable first.
func detailLines(snap *model.Snapshot, i int, st *Styles, width int) []string {
	p := model.Printable
	full := width
	width = min(width, 100) // prose reads better in lines of at most 100
	row := snap.Row(i)
	kind := snap.Kinds()[row.Kind]
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
	switch row.Type {
	case model.TypeWarning, model.TypeBad:
		typeStyle = st.Warning
	case model.TypeSuccess:
		typeStyle = st.Success
	}
	title := kind.Title
	if row.Code != "" {
		title = row.Code + "  " + title
	}
	add(st.Code.Render(p(title))+"  "+typeStyle.Render(row.Type.String()), "")
	if row.Type == model.TypeBad {
		field("problem", long(row.Msg))
	} else if kind.Format == "protegrity" {
		doc, bulk, item := splitProtegrityRef(row.Ref)
		if doc != "" {
			field("document", p(doc))
		}
		field("bulk id", p(bulk))
		if item != "" {
			field("data id", p(item))
		}
		if row.Op != "" {
			field("operation", p(row.Op))
		}
		field("returntype", row.Type.String())
		code := row.Code
		if _, err := strconv.Atoi(code); err == nil {
			code += "  (/rest-v1/returncodes/id/" + code + ")"
		} else if code == "warning" {
			code = "none (a warning item carries no return code)"
		}
		field("returncode", p(code))
		if row.Msg != "" {
			field("message", long(row.Msg))
		}
	} else {
		field("ref", long(row.Ref))
		field("code", p(row.Code))
		if row.Op != "" {
			field("operation", p(row.Op))
		}
		field("message", long(row.Msg))
	}
	field("file", fmt.Sprintf("%s, line %s", p(snap.Sources()[row.Source]), model.Thousands(int64(row.Line))))
	field("format", snap.Catalog().FormatName(kind.Format))
	add("")
	if e := kind.Entry; e != nil {
		add(st.Bold.Render("What it means"))
		for _, l := range wrap(e.Meaning, width-2) {
			add("  " + l)
		}
		if len(e.Causes) > 0 {
			add("", st.Bold.Render("Usual causes"))
			for _, c := range e.Causes {
				for k, l := range wrap(c, width-4) {
					if k == 0 {
						add("  • " + l)
					} else {
						add("    " + l)
					}
				}
			}
		}
		add("", st.Bold.Render("What to do"))
		for _, l := range wrap(e.Remedy, width-2) {
			add("  " + l)
		}
	} else if row.Type == model.TypeBad {
		add(st.Bold.Render("What to do"))
		for _, l := range wrap("This line is not a record of the log's format. It was counted and kept, not dropped: check whether the file is the error log you meant, or whether it was damaged or cut on the way.", width-2) {
			add("  " + l)
		}
	} else {
		add(st.Bold.Render("Not in the catalog"))
		for _, l := range wrap(fmt.Sprintf("errscope's catalog has no entry for %s code %q. Add one in a JSON file (see `errscope codes --format json` for the form) and open the log with --catalog FILE.", kind.Format, p(row.Code)), width-2) {
			add("  " + l)
		}
	}
	raw, size := snap.Raw(i)
	add("", st.Bold.Render("Raw")+st.Dim.Render(fmt.Sprintf("  %s bytes", model.Thousands(int64(size)))))
	// At most maxRawLines screen lines of it: a line of megabytes is cut
	// before it is made printable and wrapped, not after.
	const maxRawLines = 200
	rawW := max(full-2, 10)
	shown := raw
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
	if more := size - len(shown); more > 0 {
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

// splitProtegrityRef takes apart a Protegrity item's ref,
// "[document:]bulk/item" (a bulk-level record has no item).
func splitProtegrityRef(ref string) (doc, bulk, item string) {
	if i := strings.IndexByte(ref, ':'); i >= 0 {
		doc, ref = ref[:i], ref[i+1:]
	}
	bulk, item, _ = strings.Cut(ref, "/")
	return doc, bulk, item
}

// hardWrap cuts s into pieces of w cells, not minding words: raw bytes are
// shown as they are.
func hardWrap(s string, w int) []string {
	return strings.Split(ansi.Hardwrap(s, w, true), "\n")
}
