package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// CatalogFile is a catalog in its JSON form: what `errscope codes --format
// json` prints, and what --catalog and the config file hold.
type CatalogFile struct {
	Formats map[string]string `json:"formats,omitempty"`
	Entries []*Entry          `json:"entries"`

	// Notes are what a reader of the file should know but that does not
	// stop it being used (an unknown field, a runbook that is no link), each
	// as "path:line:col: what".
	Notes []string `json:"-"`
}

// CatalogError says what is wrong in a catalog file, and where: Line and
// Col (1-based, Col counting characters) are 0 when the file could not be
// read at all.
type CatalogError struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *CatalogError) Error() string {
	if e.Line == 0 {
		return e.Path + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// catalogShape is said with every error about a file's layout.
const catalogShape = `a catalog is a JSON object {"entries": [{"format", "code", "title", "type", "meaning", "causes", "remedy", "runbook", "owner"}, ...]} as errscope codes --format json prints it`

// ConfigCatalogPath is where errscope looks for the user's catalog on every
// run: errscope/catalog.json under os.UserConfigDir ($XDG_CONFIG_HOME or
// ~/.config on Linux, ~/Library/Application Support on macOS, %AppData% on
// Windows). The file need not exist.
func ConfigCatalogPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "errscope", "catalog.json"), nil
}

// ReadCatalogFile reads and checks a catalog file. Errors are
// *CatalogError (naming the line and column of what is wrong) or, when the
// file cannot be opened, the *fs.PathError.
func ReadCatalogFile(path string) (*CatalogFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A catalog is a few KiB: /dev/zero or a log given by mistake is not
	// read without end.
	data, err := readAtMost(f, MaxCatalogBytes+1)
	if err != nil {
		return nil, err
	}
	if len(data) > MaxCatalogBytes {
		return nil, &CatalogError{Path: path, Msg: fmt.Sprintf("the file is larger than %d MiB: not a catalog (is it a log? give logs as arguments)", MaxCatalogBytes>>20)}
	}
	return ParseCatalog(path, data)
}

// readAtMost reads r to its end or to limit bytes, whichever comes first,
// doubling its buffer from 64 KiB (and making the last step limit): what
// it allocates stays near twice limit (io.ReadAll grows by a quarter past 256 KiB, and allocates several
// times limit on the way to it).
func readAtMost(r io.Reader, limit int) ([]byte, error) {
	buf := make([]byte, 0, min(64<<10, limit))
	for len(buf) < limit {
		if len(buf) == cap(buf) {
			next := 2 * cap(buf)
			if next >= limit-limit/4 {
				next = limit
			}
			buf = append(make([]byte, 0, next), buf...)
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// MaxCatalogBytes is the largest catalog file read.
const MaxCatalogBytes = 16 << 20

// ParseCatalog reads a catalog file's bytes; path names it in errors. Every
// entry is checked as DefaultCatalog's are: format, code and title present,
// type one of error, warning, success.
func ParseCatalog(path string, data []byte) (*CatalogFile, error) {
	// A byte order mark (Windows editors write one) is no part of the JSON;
	// lines and columns are counted after it, as editors show them.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	p := &catalogParser{path: path, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &CatalogError{Path: path, Msg: "the file is empty; " + catalogShape}
	}
	// Syntax first, over the whole file: then the walk below meets only
	// well-formed JSON, and every offset is the file's own.
	var whole json.RawMessage
	if err := json.Unmarshal(data, &whole); err != nil {
		return nil, p.jsonErr(err, 0, "")
	}
	return p.file()
}

type catalogParser struct {
	path string
	data []byte
	dec  *json.Decoder
}

// at makes the error for byte offset off.
func (p *catalogParser) at(off int64, format string, args ...any) *CatalogError {
	line, col := lineCol(p.data, off)
	return &CatalogError{Path: p.path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// jsonErr places an error of encoding/json in the file; base is where the
// bytes handed to json began.
func (p *catalogParser) jsonErr(err error, base int64, what string) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// Offset is just past the byte that broke the syntax.
		msg := strings.TrimPrefix(se.Error(), "json: ")
		if strings.Contains(msg, "after array element") || strings.Contains(msg, "after object key:value pair") {
			msg += " (is a comma missing before it?)"
		}
		if strings.Contains(msg, "looking for beginning of object key string") {
			msg += " (a comma after the last item, or a key without quotes?)"
		}
		return p.at(max(0, base+se.Offset-1), "%s", msg)
	case errors.As(err, &te):
		field := te.Field
		if what == `"formats"` {
			what = `a format's name in "formats"`
		}
		if field == "" {
			field = what
		} else if what != "" {
			field = what + " " + fmt.Sprintf("%q", field)
		}
		// Offset is just past the value: point at its start.
		return p.at(valueStart(p.data, base+te.Offset), "%s should be %s, not %s", field, typeWords(te.Type), valueWords(te.Value))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return p.at(int64(len(p.data)), "the file ends before the JSON does")
	}
	return p.at(base, "%s", err.Error())
}

// next reads one token and says where it began.
func (p *catalogParser) next() (json.Token, int64, error) {
	start := skipSpace(p.data, p.dec.InputOffset())
	if start < int64(len(p.data)) && (p.data[start] == ',' || p.data[start] == ':') {
		start = skipSpace(p.data, start+1)
	}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, start, p.jsonErr(err, 0, "")
	}
	return tok, start, nil
}

// value reads the next value whole, and says where it began (past the
// comma or colon before it).
func (p *catalogParser) value() (int64, json.RawMessage, error) {
	start := skipSpace(p.data, p.dec.InputOffset())
	if start < int64(len(p.data)) && (p.data[start] == ',' || p.data[start] == ':') {
		start = skipSpace(p.data, start+1)
	}
	var raw json.RawMessage
	if err := p.dec.Decode(&raw); err != nil {
		return start, nil, p.jsonErr(err, start, "")
	}
	return start, raw, nil
}

func (p *catalogParser) file() (*CatalogFile, error) {
	tok, off, err := p.next()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, p.at(off, "the file holds %s; %s", tokenWords(tok), catalogShape)
	}
	f := &CatalogFile{}
	seenEntries := false
	for p.dec.More() {
		tok, off, err := p.next()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		switch key {
		case "formats":
			start, raw, err := p.value()
			if err != nil {
				return nil, err
			}
			if err := json.Unmarshal(raw, &f.Formats); err != nil {
				return nil, p.jsonErr(err, start, `"formats"`)
			}
		case "entries":
			seenEntries = true
			if err := p.entries(f); err != nil {
				return nil, err
			}
		default:
			f.Notes = append(f.Notes, p.at(off, "unknown field %q (ignored)", key).Error())
			if _, _, err := p.value(); err != nil {
				return nil, err
			}
		}
	}
	if _, _, err := p.next(); err != nil { // the closing brace
		return nil, err
	}
	if off := skipSpace(p.data, p.dec.InputOffset()); off < int64(len(p.data)) {
		return nil, p.at(off, "more after the catalog's closing brace; a file holds one catalog object")
	}
	if !seenEntries {
		return nil, p.at(0, `no "entries" list; %s`, catalogShape)
	}
	return f, nil
}

// entries reads the entries list an entry at a time, so that an error
// names the entry and the place it stands.
func (p *catalogParser) entries(f *CatalogFile) error {
	tok, off, err := p.next()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return p.at(off, `"entries" should be a list of entries, not %s`, tokenWords(tok))
	}
	f.Entries = []*Entry{}
	for n := 1; p.dec.More(); n++ {
		start, raw, err := p.value()
		if err != nil {
			return err
		}
		what := fmt.Sprintf("entry %d", n)
		if len(raw) == 0 || raw[0] != '{' {
			return p.at(start, "%s should be an object, not %s", what, valueWords(firstWord(raw)))
		}
		var e Entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return p.jsonErr(err, start, what)
		}
		if e.Format != "" || e.Code != "" {
			what += fmt.Sprintf(" (%s %s)", Printable(e.Format), Printable(e.Code))
		}
		if err := validEntry(&e); err != nil {
			return p.at(start, "%s: %s", what, err.Error())
		}
		for _, k := range unknownKeys(raw) {
			f.Notes = append(f.Notes, p.at(start, "%s: unknown field %q (ignored)", what, k).Error())
		}
		if e.Runbook != "" {
			if _, ok := e.RunbookURL(); !ok {
				f.Notes = append(f.Notes, p.at(start, "%s: runbook %q is not an http or https link: it is shown as text, never opened", what, Printable(e.Runbook)).Error())
			}
		}
		f.Entries = append(f.Entries, &e)
	}
	_, _, err = p.next() // the closing bracket
	return err
}

// entryKeys are the fields an entry may have.
var entryKeys = func() map[string]bool {
	m := map[string]bool{}
	t := reflect.TypeFor[Entry]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		m[name] = true
	}
	return m
}()

func unknownKeys(raw json.RawMessage) []string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	var out []string
	for k := range m {
		// encoding/json matches a field's name in any case: so does this.
		if !entryKeys[strings.ToLower(k)] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// lineCol turns a byte offset into a 1-based line and column (in
// characters).
func lineCol(data []byte, off int64) (int, int) {
	off = max(0, min(off, int64(len(data))))
	before := data[:off]
	line := 1 + bytes.Count(before, []byte{'\n'})
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[lineStart:])
}

func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\n', '\r':
			off++
		default:
			return off
		}
	}
	return off
}

// valueStart walks back from just past a JSON value to where it began:
// past a string to its opening quote, past a scalar to its first byte. For
// an object or array (whose end json does not report) it stays.
func valueStart(data []byte, end int64) int64 {
	end = max(0, min(end, int64(len(data))))
	i := end - 1
	for i >= 0 && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i--
	}
	if i < 0 {
		return end
	}
	if data[i] == '"' {
		for j := i - 1; j >= 0; j-- {
			if data[j] == '"' {
				k := j - 1
				for k >= 0 && data[k] == '\\' {
					k--
				}
				if (j-k-1)%2 == 0 {
					return j
				}
			}
		}
		return i
	}
	j := i
	for j > 0 && strings.IndexByte("-+.0123456789eEtrufalsn", data[j-1]) >= 0 {
		j--
	}
	if strings.IndexByte("-+.0123456789eEtrufalsn", data[i]) >= 0 {
		return j
	}
	return end
}

// typeWords says a Go type as the catalog's schema means it.
func typeWords(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return "a list of strings"
		}
		return "a list"
	case reflect.Map:
		return "an object of strings"
	case reflect.Struct, reflect.Pointer:
		return "an object"
	}
	return "a " + t.Kind().String()
}

// valueWords says encoding/json's name of a value ("number -5", "array")
// for people.
func valueWords(v string) string {
	switch {
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	case v == "string":
		return "a string"
	case v == "bool":
		return "true/false"
	case v == "null":
		return "null"
	case strings.HasPrefix(v, "number"):
		return "a number"
	case v == "":
		return "nothing"
	}
	return v
}

// firstWord names the kind of a raw JSON value by its first byte.
func firstWord(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '[':
		return "array"
	case '{':
		return "object"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

func tokenWords(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "a list"
		}
		return "an object"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "true/false"
	case nil:
		return "null"
	}
	return "something else"
}

// LoadCatalog builds the catalog of a run: the built-in entries, then the
// config file's (ConfigCatalogPath, when it exists), then those of the file
// named with --catalog (when one is): for a code, the last word wins. A
// config file that cannot be used is skipped, the run goes on without it,
// and skipped says which file and what is wrong with it; a named file that
// cannot be used is err.
func LoadCatalog(named string) (cat *Catalog, skipped, err error) {
	cat = DefaultCatalog()
	if cfg, cerr := ConfigCatalogPath(); cerr == nil {
		f, ferr := ReadCatalogFile(cfg)
		switch {
		case ferr == nil:
			cat.MergeFile(f)
		case errors.Is(ferr, fs.ErrNotExist):
		default:
			skipped = fmt.Errorf("skipped the catalog %w; errscope goes on without it (errscope codes --check %s checks it)", ferr, cfg)
		}
	}
	if named != "" {
		f, ferr := ReadCatalogFile(named)
		if ferr != nil {
			return nil, skipped, ferr
		}
		cat.MergeFile(f)
	}
	return cat, skipped, nil
}
