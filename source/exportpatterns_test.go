package source

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errscope/errscope/model/report"
)

// patternLog writes a Sitecore log whose first record's message ("Guest 1
// not found") is alone in its pattern until the later ones come.
func patternLog(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&b, `{"ref":"r%d","code":"404","message":"Guest %d not found"}`+"\n", i, i)
		fmt.Fprintf(&b, `{"ref":"v%d","code":"400","message":"Validation error: attribute 'ext.a%d' expected boolean but got string"}`+"\n", i, i%2)
	}
	log := filepath.Join(t.TempDir(), "import.log")
	if err := os.WriteFile(log, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return log
}

// csvPatterns exports the log as csv and gives each row's ref and pattern.
func csvPatterns(t *testing.T, log, query string, rereadable bool) (map[string]string, report.ExportResult) {
	t.Helper()
	var buf bytes.Buffer
	s := report.NewStream(&buf, false)
	res, err := exportJobOnce(t, context.Background(), []string{log}, query, "csv", "", "", s, rereadable)
	if err != nil {
		t.Fatal(err)
	}
	s.Flush()
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	pats := map[string]string{}
	for _, r := range rows {
		pats[r[0]] = r[4]
	}
	return pats, res
}

// The csv pattern column gives every record, the first too, the pattern
// summary gives for the whole log, whatever the query selects (by fields,
// streamed, or by words, read twice anyway).
func TestExportCSVFinalPatterns(t *testing.T) {
	log := patternLog(t)
	snap := NewStream(StreamOptions{Catalog: testCatalog, Logs: []string{log}, Count: true}).Run(context.Background()).Snap
	summary := map[string]bool{}
	for k := range snap.Kinds() {
		for _, p := range snap.Patterns(k) {
			summary[p.Text] = true
		}
	}
	guest, validation := "Guest <*> not found", "Validation error: attribute '<*>' expected boolean but got string"
	if !summary[guest] || !summary[validation] || len(summary) != 2 {
		t.Fatalf("summary's patterns %v", summary)
	}
	for _, q := range []string{"", "code:404", "ref:r1", "Guest", "type:all"} {
		pats, res := csvPatterns(t, log, q, true)
		if res.PatternsStreamed {
			t.Errorf("%q: patterns said streamed for a file", q)
		}
		if pats["r1"] != guest {
			t.Errorf("%q: the first record's pattern is %q, summary's %q", q, pats["r1"], guest)
		}
		for ref, p := range pats {
			want := guest
			if strings.HasPrefix(ref, "v") {
				want = validation
			}
			if ref != "ref" && p != want {
				t.Errorf("%q: %s has pattern %q, summary's %q", q, ref, p, want)
			}
		}
	}
	// Read once, the column has the pattern as known when each record was
	// written, and the result says so.
	pats, res := csvPatterns(t, log, "", false)
	if !res.PatternsStreamed || pats["r1"] != "Guest 1 not found" || pats["r6"] != guest {
		t.Errorf("read once: streamed %v, r1 %q, r6 %q", res.PatternsStreamed, pats["r1"], pats["r6"])
	}
}
