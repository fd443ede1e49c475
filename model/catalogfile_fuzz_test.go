package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// FuzzParseCatalog: any bytes give a catalog or a *CatalogError placed
// inside the file, never a panic; what parses holds only valid entries, and
// its JSON form (what `codes --format json` prints) parses back the same.
//
//	go test ./model -run '^$' -fuzz FuzzParseCatalog -fuzztime 3m
func FuzzParseCatalog(f *testing.F) {
	// A few real entries, not the whole built-in catalog: a small seed
	// keeps executions and minimizing fast.
	seed, _ := json.MarshalIndent(CatalogFile{Formats: embedded().Formats, Entries: embedded().Entries[:3]}, "", "  ")
	f.Add(seed)
	for _, s := range []string{
		`{"entries": []}`,
		`{"entries": [{"format": "sitecore", "code": "409", "title": "A", "type": "error", "runbook": "https://x/y", "owner": "T"}]}`,
		"{\"entries\": [\n  {\"format\": \"a\" \"code\": \"1\"}\n]}",
		`{"formats": {"x": "X"}, "entries": [{"format": "x", "code": "1", "title": "t", "type": "warning", "causes": "c"}], "v": 1}`,
		`[{"entries": []}]`,
		`{"entries": [1, {}, null]}`,
		"{\"entries\": [{\"title\": \"\xff\", \"code\": 7}]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := ParseCatalog("fuzz.json", data)
		if err != nil {
			var ce *CatalogError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is %T", err, err)
			}
			lines := 1 + bytes.Count(data, []byte{'\n'})
			if ce.Line < 0 || ce.Line > lines || (ce.Line > 0 && ce.Col < 1) || ce.Msg == "" {
				t.Fatalf("error placed at %d:%d in %d lines: %v", ce.Line, ce.Col, lines, err)
			}
			return
		}
		for _, e := range cf.Entries {
			if e.Format == "" || e.Code == "" || e.Title == "" {
				t.Fatalf("an entry without format, code or title passed: %+v", e)
			}
			if typ, ok := ParseType(e.Type); !ok || typ == TypeBad {
				t.Fatalf("type %q passed", e.Type)
			}
			if u, ok := e.RunbookURL(); ok {
				for i := 0; i < len(u); i++ {
					if !urlByte(u[i]) {
						t.Fatalf("link %q holds byte %#x", u, u[i])
					}
				}
			}
		}
		out, err := json.Marshal(cf)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseCatalog("again.json", out)
		if err != nil {
			t.Fatalf("its own JSON form does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(again.Entries, cf.Entries) {
			t.Fatalf("round trip changed the entries:\n%s", out)
		}
		// The catalog built from it answers for every entry.
		c := DefaultCatalog()
		c.MergeFile(cf)
		for _, e := range cf.Entries {
			if c.Lookup(e.Format, e.Code, "") == nil {
				t.Fatalf("no entry for %q %q after the merge", e.Format, e.Code)
			}
		}
	})
}
