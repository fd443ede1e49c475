package model

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed catalog.json
var catalogJSON []byte

// Entry is the catalog's explanation of one error type.
type Entry struct {
	Format  string   `json:"format"`
	Code    string   `json:"code"`
	Title   string   `json:"title"`
	Type    string   `json:"type"`
	Match   []string `json:"match,omitempty"`
	Meaning string   `json:"meaning"`
	Causes  []string `json:"causes"`
	Remedy  string   `json:"remedy"`
	// Runbook is the team's page for this error type: a link when it is an
	// http or https URL (RunbookURL), any other text shown as text.
	Runbook string `json:"runbook,omitempty"`
	// Owner is who fixes it: free text, a team's name.
	Owner string `json:"owner,omitempty"`
}

// Catalog says what each code of each format means and what to do about it.
// It is data (catalog.json, embedded), so later formats and user overrides
// add entries rather than code.
type Catalog struct {
	formats map[string]string // names of formats errscope does not declare, from catalog files
	entries []*Entry
	byCode  map[string][]*Entry // format + "\x00" + code
}

// embedded is catalog.json parsed once; each DefaultCatalog is built from it
// anew, since Merge changes the catalog it is called on.
var embedded = sync.OnceValue(func() CatalogFile {
	var f CatalogFile
	if err := json.Unmarshal(catalogJSON, &f); err != nil {
		panic("model: embedded catalog.json: " + err.Error())
	}
	return f
})

// DefaultCatalog is the catalog built into the binary.
func DefaultCatalog() *Catalog {
	c, err := newCatalog(embedded())
	if err != nil {
		panic("model: embedded catalog.json: " + err.Error())
	}
	return c
}

func newCatalog(f CatalogFile) (*Catalog, error) {
	c := &Catalog{formats: map[string]string{}, byCode: map[string][]*Entry{}}
	for k, v := range f.Formats {
		c.formats[k] = v
	}
	if err := c.add(f.Entries); err != nil {
		return nil, err
	}
	return c, nil
}

// Merge adds the entries of a user's catalog file (the JSON form of
// `errscope codes --format json`): see MergeFile. A malformed file changes
// nothing and the error says where it is wrong.
func (c *Catalog) Merge(path string) error {
	f, err := ReadCatalogFile(path)
	if err != nil {
		return err
	}
	c.MergeFile(f)
	return nil
}

// MergeFile adds the entries of a checked catalog file. The entries it has
// for a format and code replace the ones the catalog had for that code, all
// of them: merged in turn, the built-in catalog, then the config file, then
// --catalog, the last word for a code is the one kept.
func (c *Catalog) MergeFile(f *CatalogFile) {
	user := map[string][]*Entry{}
	for _, e := range f.Entries {
		key := e.Format + "\x00" + e.Code
		user[key] = append(user[key], e)
	}
	for k, v := range f.Formats {
		c.formats[k] = v
	}
	kept := c.entries[:0:0]
	for _, e := range c.entries {
		if _, replaced := user[e.Format+"\x00"+e.Code]; !replaced {
			kept = append(kept, e)
		}
	}
	c.entries = append(kept, f.Entries...)
	for key, list := range user {
		c.byCode[key] = list
	}
}

// validEntry checks an entry, and lower-cases its match words: Lookup
// compares them with the lower-cased message.
func validEntry(e *Entry) error {
	if len(e.Match) == 0 {
		e.Match = nil // "match": [] is no match words, as none is
	}
	for i, m := range e.Match {
		e.Match[i] = strings.ToLower(m)
	}
	var missing []string
	for _, f := range []struct{ name, v string }{{"format", e.Format}, {"code", e.Code}, {"title", e.Title}} {
		if f.v == "" {
			missing = append(missing, `"`+f.name+`"`)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s missing (format, code and title are required)", strings.Join(missing, ", "))
	}
	if _, ok := ParseType(e.Type); !ok || e.Type == "bad" {
		return fmt.Errorf(`"type" %q is not error, warning or success`, e.Type)
	}
	return nil
}

func (c *Catalog) add(entries []*Entry) error {
	for _, e := range entries {
		if err := validEntry(e); err != nil {
			return fmt.Errorf("catalog entry %s %s: %w", e.Format, e.Code, err)
		}
		key := e.Format + "\x00" + e.Code
		c.byCode[key] = append(c.byCode[key], e)
		c.entries = append(c.entries, e)
	}
	return nil
}

// FormatName is the format's name for people ("Sitecore CDP error log"):
// a declared format's Name (one spelling, that no file changes), else
// what a catalog file's "formats" calls it, else its id.
func (c *Catalog) FormatName(format string) string {
	if formatRank(format) < len(formats) {
		return FormatOf(format).Name
	}
	if n, ok := c.formats[format]; ok {
		return n
	}
	return format
}

// ByMessage says whether the entry Lookup finds for a code depends on the
// message: whether the code has more than one entry.
func (c *Catalog) ByMessage(format, code string) bool {
	return len(c.byCode[format+"\x00"+code]) > 1
}

// Lookup finds the entry for a format's code; where several entries share
// the code, the message decides (the first entry one of whose match words
// the message contains, else the one without match words).
func (c *Catalog) Lookup(format, code, msg string) *Entry {
	list := c.byCode[format+"\x00"+code]
	if len(list) <= 1 {
		if len(list) == 1 {
			return list[0]
		}
		return nil
	}
	var fallback *Entry
	for _, e := range list {
		if len(e.Match) == 0 {
			if fallback == nil {
				fallback = e
			}
			continue
		}
		for _, m := range e.Match {
			if containsFold(msg, m) {
				return e
			}
		}
	}
	if fallback == nil {
		fallback = list[0]
	}
	return fallback
}

// Entries lists the catalog of one format ("" for all), ordered by format
// and then by code (numerically where codes are numbers).
func (c *Catalog) Entries(format string) []*Entry {
	var out []*Entry
	for _, e := range c.entries {
		if format == "" || e.Format == format {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Format != b.Format {
			return compareFormats(a.Format, b.Format) < 0
		}
		return codeLess(a.Code, b.Code)
	})
	return out
}

// Formats lists the format ids the catalog knows: the declared formats,
// then any other a catalog file names, by id.
func (c *Catalog) Formats() []string {
	var more []string
	for k := range c.formats {
		if formatRank(k) == len(formats) {
			more = append(more, k)
		}
	}
	sort.Strings(more)
	return append(FormatIDs(), more...)
}

// codeLess orders numeric codes by number, then the rest as text.
func codeLess(a, b string) bool {
	na, ea := strconv.Atoi(a)
	nb, eb := strconv.Atoi(b)
	switch {
	case ea == nil && eb == nil:
		return na < nb
	case ea == nil:
		return true
	case eb == nil:
		return false
	}
	return a < b
}

// containsFold says whether s holds sub, which is lower case, in any case:
// strings.Contains(strings.ToLower(s), sub) without making the lower-cased
// copy, for ASCII s (the catalog asks it of every distinct message).
func containsFold(s, sub string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), sub)
		}
	}
	if len(sub) == 0 {
		return true
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
