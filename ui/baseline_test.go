package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

// loadedWithBaseline is loaded on after, marked against before as main's
// --baseline does.
func loadedWithBaseline(t *testing.T, w, h int, before, after string) *App {
	t.Helper()
	cat := model.DefaultCatalog()
	var bs, as model.DiffSide
	bp := source.NewStream(source.StreamOptions{Catalog: cat, Logs: []string{before}, Count: true,
		Tap: func(r *model.Rec, kind int) { bs.Add(r.Ref, kind, r.Bad != "") }}).Run(context.Background())
	stream := source.NewStream(source.StreamOptions{Catalog: cat, Logs: []string{after},
		Tap: func(r *model.Rec, kind int) { as.Add(r.Ref, kind, r.Bad != "") },
		Baseline: func(snap *model.Snapshot) (*model.Baseline, []model.Class) {
			r := model.Diff(&bs, &as, bp.Snap.Kinds(), snap.Kinds(), model.DiffOptions{Mark: true})
			return &model.Baseline{Name: bp.Sources[0].Name, Counts: r.Counts}, r.AfterClass
		}})
	a := New(Options{Catalog: cat, Sources: stream.Sources()})
	final := stream.Run(context.Background())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	send(t, a, final)
	return a
}

// The classes testdata/gen made after.gz with (testdata/diff/classes.json;
// fixed counts the not re-sent too: the TUI has no --resent).
func TestBaselineClasses(t *testing.T) {
	a := loadedWithBaseline(t, 120, 40, sample, filepath.Join("..", "testdata", "diff", "after.gz"))
	out := shown(a)
	for _, w := range []string{"SINCE import.gz", "fixed (not in this log)", "2,570", "still (the same error)", "1,399",
		"changed (another error)", "1,031", "new (not failed before)", "503"} {
		if !strings.Contains(out, w) {
			t.Errorf("no %q in the groups pane:\n%s", w, out)
		}
	}
	for q, want := range map[string]string{"class:new": "503 of", "class:still,changed": "2,430 of", "class:new code:409": " of"} {
		keys(t, a, "/")
		typeText(t, a, q)
		keys(t, a, "enter")
		if out := shown(a); !strings.Contains(out, want) {
			t.Errorf("%s: want %q in\n%s", q, want, out)
		}
		for _, i := range a.table.idx {
			c := a.snap.Class(int(i))
			if !strings.Contains(q, c.String()) {
				t.Fatalf("%s: record %d is %s", q, i, c)
			}
		}
		keys(t, a, "esc")
	}
	// A class row of the groups pane filters by it: the rows are the last.
	keys(t, a, "tab", "G", "enter")
	if a.filter.Text() != "class:new" || !strings.Contains(shown(a), "503 of") {
		t.Errorf("enter on the last row: filter %q\n%s", a.filter.Text(), shown(a))
	}
}

// A log at a URL: the status bar names it with its credentials masked, and
// no byte of the screen shows them.
func TestStatusBarMasksURL(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(data) }))
	defer srv.Close()
	const key, sig = "AKIAIOSFODNN7EXAMPLE", "vjbyPxybdZaNmGa%2ByT272YEAiv4%3D"
	a := loaded(t, 200, 30, srv.URL+"/import.gz?AWSAccessKeyId="+key+"&Expires=1795000000&Signature="+sig)
	raw := a.View().Content
	if strings.Contains(raw, key) || strings.Contains(raw, "vjbyPxyb") {
		t.Errorf("the screen shows a credential:\n%s", raw)
	}
	first := strings.SplitN(shown(a), "\n", 2)[0]
	if !strings.Contains(first, srv.URL+"/import.gz?AWSAccessKeyId=***&Expires=1795000000&Signature=*** · Sitecore CDP error log · 5,000 records") {
		t.Errorf("status bar %q", first)
	}
}
