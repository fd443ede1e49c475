package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

// loadedBudget is loaded with a memory budget: the stream stops keeping
// rows at it, and the App names it.
func loadedBudget(t *testing.T, w, h int, budget int64, logs ...string) *App {
	t.Helper()
	stream := source.NewStream(source.StreamOptions{Catalog: model.DefaultCatalog(), Logs: logs, Budget: budget})
	a := New(Options{Catalog: model.DefaultCatalog(), Sources: stream.Sources(), Budget: budget,
		Export: func(context.Context, ExportRequest, func(int64)) (string, error) {
			return "", errors.New("this test opens the form only")
		}})
	final := stream.Run(context.Background())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	send(t, a, final)
	return a
}

// TestMemoryBudgetReached: past the budget (1 byte: reached at the first
// look, after 4,096 records of the generated sample's 5,000) the table
// holds the first records, the groups pane counts every record as without
// a budget, and the screen says so plainly, naming summary and export; the
// counts of the table's rows say they are of the rows held, and the
// export form says it writes all of the log's matches.
func TestMemoryBudgetReached(t *testing.T) {
	whole := loaded(t, 200, 30, sample)
	a := loadedBudget(t, 200, 30, 1, sample)
	out := shown(a)
	if a.table.Len() != 4096 || a.snap.Records() != 5000 {
		t.Fatalf("the table holds %d rows of %d records; want the first 4,096 of 5,000", a.table.Len(), a.snap.Records())
	}
	for _, want := range []string{
		"memory budget 1 B reached: the table holds the first 4,096 of 5,000 records; errscope summary and errscope export read them all",
		"4,096 of 4,096 held (5,000 records)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the screen lacks %q:\n%s", want, out)
		}
	}
	if len(a.groups.rows) != len(whole.groups.rows) {
		t.Fatalf("%d group rows, want %d", len(a.groups.rows), len(whole.groups.rows))
	}
	for i, r := range a.groups.rows {
		if w := whole.groups.rows[i]; r.label != w.label || r.count != w.count {
			t.Errorf("group row %d: %q %d, want %q %d (every record counted)", i, r.label, r.count, w.label, w.count)
		}
	}
	// The filter runs over the rows held and says so: its count is that of
	// the whole log's first 4,096 rows.
	keys(t, a, "/")
	typeText(t, a, "code:409")
	keys(t, a, "enter")
	keys(t, whole, "/")
	typeText(t, whole, "code:409")
	keys(t, whole, "enter")
	held := 0
	for _, i := range whole.table.Rows() {
		if i < 4096 {
			held++
		}
	}
	if a.table.Len() != held || held == 0 || held == whole.table.Len() {
		t.Errorf("code:409 shows %d rows, want %d (of the %d in the log, those among the first 4,096)", a.table.Len(), held, whole.table.Len())
	}
	if want := model.Thousands(int64(held)) + " of 4,096 held (5,000 records)"; !strings.Contains(shown(a), want) {
		t.Errorf("the status bar lacks %q:\n%s", want, shown(a))
	}
	keys(t, a, "e")
	if line := shown(a); !strings.Contains(line, "export all the log's matches ("+model.Thousands(int64(held))+" in the table)") {
		t.Errorf("the export form does not say it writes all of the log's matches:\n%s", line)
	}
	keys(t, a, "esc", "/")
	typeText(t, a, " nothing-matches-this")
	keys(t, a, "enter")
	if out := shown(a); !strings.Contains(out, "no record of the first 4,096 held matches the filter") {
		t.Errorf("an empty result does not say it is of the rows held:\n%s", out)
	}
}

// TestNoBudgetNoNotice: a budget not reached changes nothing on screen.
func TestNoBudgetNoNotice(t *testing.T) {
	a := loadedBudget(t, 200, 30, 1<<50, sample)
	if out := shown(a); a.table.Len() != 5000 || strings.Contains(out, "budget") || strings.Contains(out, "held") {
		t.Errorf("%d rows:\n%s", a.table.Len(), out)
	}
}

// TestBudgetNotice: the budget's line fits every width in one line, and
// says the most it can there: the figures always, summary and export from
// 80 columns.
func TestBudgetNotice(t *testing.T) {
	st := newStyles(true)
	n := budgetNotice{Budget: 30 << 20, Held: 270_336, Total: 1_000_000}
	for _, w := range append(goldenWidths, 20) {
		out := ansi.Strip(n.render(w, &st))
		checkBox(t, out, w, 1)
		if w >= 40 && !strings.Contains(out, "270,336") {
			t.Errorf("width %d: %q lacks the rows held", w, out)
		}
		if w >= 80 && (!strings.Contains(out, "1,000,000") || !strings.Contains(out, "summary") || !strings.Contains(out, "export")) {
			t.Errorf("width %d: %q does not name summary and export", w, out)
		}
		if w >= 160 && !strings.Contains(out, "memory budget 30.0 MiB reached: the table holds the first 270,336 of 1,000,000 records; errscope summary and errscope export read them all") {
			t.Errorf("width %d: %q", w, out)
		}
	}
	n.Reading, n.Bad = true, true
	if out := ansi.Strip(n.render(200, &st)); !strings.Contains(out, "of 1,000,000 records and unreadable lines read so far") {
		t.Errorf("while reading, with unreadable lines: %q", out)
	}
}
