package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"

	"github.com/errscope/errscope/model"
)

// ExportFormats are export's formats.
var ExportFormats = []string{"refs", "ndjson", "csv", "input"}

// CSVHeader is the first line of `export --format csv`.
const CSVHeader = "ref,code,title,type,pattern,message,file,line\n"

// Export is the sink at the end of `export`: it takes every record read,
// keeps those Match selects, and writes each in its format to Out, or, for
// the input format, gathers their refs (the batch file's lines are written
// after). It stops writing at the first error (Err) and calls Stop then, so
// reading can stop too.
type Export struct {
	Format string
	Out    Records
	Refs   *model.RefSet // input: the selected records' refs
	// Match selects a record; Kind gives the error type of the record Match
	// was last asked about.
	Match  func(*model.Rec) bool
	Kind   func() (code, title string, typ model.Type)
	Source func(src int) string // a record's source, as people see it
	Stop   func()

	Selected int64 // records selected
	Null     int64 // of them, records whose ref is "null" (input: not looked for)
	Err      error

	// pats gives the csv pattern column; Run mines it over the whole
	// log first when the log can be read twice.
	pats exportPatterns

	buf bytes.Buffer
	cw  *csv.Writer
}

// Add takes one record.
func (e *Export) Add(r *model.Rec) {
	if e.Err != nil || !e.Match(r) {
		return
	}
	e.Selected++
	if string(r.Ref) == "null" {
		e.Null++
	}
	var err error
	switch e.Format {
	case "refs":
		e.buf.Reset()
		e.buf.Write(r.Ref)
		e.buf.WriteByte('\n')
		err = e.Out.Write(e.buf.Bytes())
	case "ndjson":
		err = e.Out.Write(e.ndjson(r))
	case "csv":
		err = e.Out.Write(e.csv(r))
	case "input":
		if string(r.Ref) != "null" && len(r.Ref) > 0 && r.Bad == "" {
			e.Refs.Add(r.Ref)
		}
	}
	if err != nil {
		e.Err = err
		if e.Stop != nil {
			e.Stop()
		}
	}
}

// ndjson gives the record as the log has it: a JSON-lines record's own line,
// byte for byte (a BOM before it, a CR at its end; a last line without a
// line end gets a '\n'); a Protegrity item (which may span lines and lies inside a
// document) as one line that keeps where it came from:
//
//	{"document":1,"bulk_id":7,"operation":"protect","line":12,"item":{...}}
//
// its bytes compacted (white space between tokens dropped, nothing else).
func (e *Export) ndjson(r *model.Rec) []byte {
	e.buf.Reset()
	if r.Format != model.Protegrity.ID {
		raw := r.Whole
		if raw == nil {
			raw = r.Raw
		}
		e.buf.Write(raw)
		e.buf.WriteByte('\n') // a last line without its line end gets one too
		return e.buf.Bytes()
	}
	b := e.buf.AvailableBuffer()
	b = append(b, `{"document":`...)
	b = strconv.AppendInt(b, int64(max(r.Doc, 1)), 10)
	if r.Bulk != nil {
		b = append(b, `,"bulk_id":`...)
		if json.Valid(r.Bulk) && r.Bulk[0] != '"' && r.Bulk[0] != '{' && r.Bulk[0] != '[' {
			b = append(b, r.Bulk...)
		} else {
			b = appendJSONString(b, r.Bulk)
		}
	}
	if len(r.Op) > 0 {
		b = append(b, `,"operation":`...)
		b = appendJSONString(b, r.Op)
	}
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(r.Line), 10)
	item := r.Whole
	if item == nil {
		item = r.Raw
	}
	e.buf.Write(b)
	mark := e.buf.Len()
	e.buf.WriteString(`,"item":`)
	if r.Bad != "" || json.Compact(&e.buf, item) != nil {
		// Not JSON (an unreadable part of the file): its bytes as a string.
		e.buf.Truncate(mark)
		e.buf.WriteString(`,"unreadable":`)
		e.buf.Write(appendJSONString(nil, item))
	}
	e.buf.WriteString("}\n")
	return e.buf.Bytes()
}

func appendJSONString(b, s []byte) []byte {
	q, _ := json.Marshal(string(s)) // invalid UTF-8 becomes U+FFFD
	return append(b, q...)
}

// csv gives one row: ref,code,title,type,pattern,message,file,line. Text
// from the log is made printable, and a cell a spreadsheet would run as a
// formula (it starts with = + - @, a tab or a CR) gets a ' before it.
func (e *Export) csv(r *model.Rec) []byte {
	e.buf.Reset()
	if e.cw == nil {
		e.cw = csv.NewWriter(&e.buf)
	}
	code, title, typ := e.Kind()
	msg := string(r.Msg)
	if r.Bad != "" {
		msg = r.Bad
	}
	file := ""
	if e.Source != nil {
		file = e.Source(r.Source)
	}
	p := func(s string) string { return CSVCell(model.Printable(s)) }
	pat := ""
	if r.Bad == "" {
		pat = e.pats.text(patternKey{r.Format, code, title, typ}, msg)
	}
	e.cw.Write([]string{p(string(r.Ref)), p(code), p(title), typ.String(), p(pat), p(msg), p(file), strconv.Itoa(r.Line)})
	e.cw.Flush()
	return e.buf.Bytes()
}

// CSVCell guards a cell against spreadsheet formulas: one that starts with
// = + - @, a tab or a carriage return gets a ' before it.
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
