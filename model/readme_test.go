package model

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's generated parts")

const (
	queryTableStart = "<!-- query table: written from model.QueryLanguage by `go test ./model -run TestREADMEQueryTable -update` -->\n"
	queryTableEnd   = "<!-- end of query table -->\n"
)

// TestREADMEQueryTable fails when the README's query table is not the one
// QueryLanguage writes; -update rewrites it.
func TestREADMEQueryTable(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, queryTableStart)
	end := strings.Index(readme, queryTableEnd)
	if start < 0 || end < start {
		t.Fatalf("%s: no query table between %q and %q", path, queryTableStart, queryTableEnd)
	}
	start += len(queryTableStart)
	want := QueryTableMarkdown()
	if got := readme[start:end]; got != want {
		if *update {
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(readme[:start]+want+readme[end:]), info.Mode()); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("%s's query table is not QueryLanguage's (go test ./model -run TestREADMEQueryTable -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestQueryLanguageParses: every field's example parses to a term of that
// field, and every row's example parses; the parser knows no field the
// table does not list.
func TestQueryLanguageParses(t *testing.T) {
	for _, f := range QueryLanguage() {
		q, err := ParseQuery(f.Example)
		if err != nil {
			t.Errorf("%s: %v", f.Example, err)
			continue
		}
		if f.Name == "" {
			continue
		}
		want, _ := queryField(f.Name)
		if len(q.Terms) != 1 || q.Terms[0].Field != want.Name {
			t.Errorf("%s parses to %+v, want one %s: term", f.Example, q, want.Name)
		}
	}
	for _, name := range []string{"foo", "message", "QUERY"} {
		if _, err := ParseQuery(name + ":x"); err == nil || !strings.Contains(err.Error(), "unknown field") {
			t.Errorf("%s:x: error %v, want unknown field", name, err)
		}
	}
}
