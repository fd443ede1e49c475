package model

import (
	"strconv"
	"strings"
)

// Format is a log format errscope reads, declared once here: its id, its
// name, how its refs read, which fields the detail view shows of a record,
// and how its codes are written on the wire. The catalog, the status bar,
// the detail view, the decoders' messages and summary all ask it.
//
// Records, kinds and sources name their format by ID, a string, not by a
// *Format: the id is what summary's JSON, catalog files (which may name
// formats errscope does not declare) and format: queries speak, and a
// record stays a plain value a decoder fills without a lookup. FormatOf
// finds the Format of an id.
type Format struct {
	ID   string // "sitecore": in summary's JSON, catalog entries and format: queries
	Name string // for people: "Sitecore CDP error log"

	// Mapped says the format's ref, code and message are found through a
	// mapping of field paths, given or guessed; Short names it before the
	// mapping in the status bar.
	Mapped bool
	Short  string

	// RefParts names the parts of a ref made of parts, in order; SplitRef
	// takes a ref apart into them. Nil: the ref is one value.
	RefParts []string
	splitRef func(ref string) []string

	// WireCode is what a numeric code is written after on the wire
	// ("/rest-v1/returncodes/id/" for Protegrity's 22); "" when codes are
	// written as they are.
	WireCode string
	// noCode says what a code that is not one means ("warning": a
	// Protegrity warning item carries none).
	noCode map[string]string

	fields []detailSpec // the detail view's fields, in order
}

// detailSpec is one field of the detail view: its label, whether it is
// left out when empty, and whether its value is log text that may be long.
type detailSpec struct {
	label    string
	optional bool
	long     bool
}

// DetailField is one labelled value of a record, as the detail view shows
// it. Value comes from the log: it is not yet Printable.
type DetailField struct {
	Label string
	Value string
	Long  bool // log text that may be long (a ref, a message): the view bounds it
}

// The formats errscope reads.
var (
	Sitecore = &Format{
		ID: "sitecore", Name: "Sitecore CDP error log",
		fields: []detailSpec{{label: "ref", long: true}, {label: "code"}, {label: "operation", optional: true}, {label: "message", long: true}},
	}
	Protegrity = &Format{
		ID: "protegrity", Name: "Protegrity AP REST v1 bulk response",
		RefParts: []string{"document", "bulk id", "data id"},
		splitRef: splitProtegrityRef,
		WireCode: "/rest-v1/returncodes/id/",
		noCode:   map[string]string{"warning": "none (a warning item carries no return code)"},
		fields: []detailSpec{{label: "document", optional: true}, {label: "bulk id"}, {label: "data id", optional: true},
			{label: "operation", optional: true}, {label: "returntype"}, {label: "returncode"}, {label: "message", optional: true, long: true}},
	}
	JSONLines = &Format{
		ID: "jsonl", Name: "JSON-lines log", Mapped: true, Short: "JSON lines",
		fields: Sitecore.fields,
	}
)

var formats = []*Format{Sitecore, Protegrity, JSONLines}

// Formats lists the formats errscope reads, in the order they are listed
// to people.
func Formats() []*Format { return formats }

// FormatIDs lists the formats' ids ("sitecore, protegrity, jsonl").
func FormatIDs() []string {
	ids := make([]string, len(formats))
	for i, f := range formats {
		ids[i] = f.ID
	}
	return ids
}

// FormatOf finds the format of an id. For an id errscope does not declare
// (a user's catalog may name one) it is a format of that name whose records
// show their ref, code and message.
func FormatOf(id string) *Format {
	for _, f := range formats {
		if f.ID == id {
			return f
		}
	}
	return &Format{ID: id, Name: id, fields: Sitecore.fields}
}

// formatRank orders formats as Formats lists them; others after, by id.
func formatRank(id string) int {
	for i, f := range formats {
		if f.ID == id {
			return i
		}
	}
	return len(formats)
}

// compareFormats orders format ids as Formats lists them, then the others
// by id.
func compareFormats(a, b string) int {
	if ra, rb := formatRank(a), formatRank(b); ra != rb {
		return ra - rb
	}
	return strings.Compare(a, b)
}

// Label names the format of one log for the status bar: its name, or for a
// mapped format its short name and the mapping ("JSON lines, guessed
// ref=id code=… message=…").
func (f *Format) Label(mapping string, guessed bool) string {
	if !f.Mapped {
		return f.Name
	}
	if guessed {
		return f.Short + ", guessed " + mapping
	}
	return f.Short + " (" + mapping + ")"
}

// SplitRef takes a ref apart into RefParts; a part the ref does not have
// is "".
func (f *Format) SplitRef(ref string) []string {
	if f.splitRef == nil {
		return []string{ref}
	}
	return f.splitRef(ref)
}

// splitProtegrityRef takes apart a Protegrity item's ref,
// "[document:]bulk/item" (a bulk-level record has no item). A colon after
// the first slash is the item's own ("id": "ab:cd"), not a document's end.
func splitProtegrityRef(ref string) []string {
	var doc string
	slash := strings.IndexByte(ref, '/')
	if i := strings.IndexByte(ref, ':'); i >= 0 && (slash < 0 || i < slash) {
		doc, ref = ref[:i], ref[i+1:]
	}
	bulk, item, _ := strings.Cut(ref, "/")
	return []string{doc, bulk, item}
}

// OnWire is how a code is written in the log: "/rest-v1/returncodes/id/22"
// for Protegrity's 22; "" when the format writes codes as they are, or the
// code is not a number.
func (f *Format) OnWire(code string) string {
	if f.WireCode == "" {
		return ""
	}
	if _, err := strconv.Atoi(code); err != nil {
		return ""
	}
	return f.WireCode + code
}

// CodeText is a code as the detail view shows it: with how it is written
// on the wire, or what it means when it is not a code.
func (f *Format) CodeText(code string) string {
	if w := f.OnWire(code); w != "" {
		return code + "  (" + w + ")"
	}
	if s, ok := f.noCode[code]; ok {
		return s
	}
	return code
}

// NormalizeCode reads a code as a user may paste it from a log: a format's
// wire form (Protegrity's /rest-v1/returncodes/id/22) is the code (22).
func NormalizeCode(v string) string {
	for _, f := range formats {
		if f.WireCode != "" && strings.HasPrefix(v, f.WireCode) {
			return v[len(f.WireCode):]
		}
	}
	return v
}

// Detail lists the fields of a record of this format that the detail view
// shows, in order.
func (f *Format) Detail(r Row) []DetailField {
	var parts []string
	if f.RefParts != nil {
		parts = f.SplitRef(r.Ref)
	}
	var out []DetailField
	for _, s := range f.fields {
		var v string
		switch s.label {
		case "ref":
			v = r.Ref
		case "code":
			v = r.Code
		case "returncode":
			v = f.CodeText(r.Code)
		case "returntype":
			v = r.Type.String()
		case "operation":
			v = r.Op
		case "message":
			v = r.Msg
		default:
			for i, p := range f.RefParts {
				if p == s.label && i < len(parts) {
					v = parts[i]
				}
			}
		}
		if v == "" && s.optional {
			continue
		}
		out = append(out, DetailField{Label: s.label, Value: v, Long: s.long})
	}
	return out
}
