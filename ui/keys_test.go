package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/errscope/errscope/model"
)

// lastLine is the hint line at the bottom of the screen.
func lastLine(a *App) string {
	lines := strings.Split(shown(a), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// TestHintsFollowTheKeys: each screen's hint line is its key map's
// ShortHelp, and a key that does nothing yet (no record to open or copy)
// drops out of it and is not matched.
func TestHintsFollowTheKeys(t *testing.T) {
	a := New(Options{Catalog: model.DefaultCatalog(), Sources: []model.SourceState{{Name: "import.gz"}}})
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 30})
	if got, want := lastLine(a), "/ filter · tab switch pane · ? help · q quit"; got != want {
		t.Errorf("no records: hints %q, want %q", got, want)
	}
	if _, cmd := a.Update(keyMsg("y")); cmd != nil || a.flash != "" {
		t.Errorf("y with no record did something: %q", a.flash)
	}

	a = loaded(t, 120, 40, sample) // tall enough for the whole help (the query language grows)
	for _, step := range []struct {
		keys []string
		want string
	}{
		{nil, "/ filter · tab switch pane · enter open · y copy ref · ? help · q quit"},
		// The largest error type opens with its patterns: ← closes it.
		{[]string{"tab"}, "/ filter · tab switch pane · enter open · ←/h collapse · y copy ref · ? help · q quit"},
		{[]string{"h"}, "/ filter · tab switch pane · enter open · →/l expand · y copy ref · ? help · q quit"},
		{[]string{"l", "j"}, "/ filter · tab switch pane · enter open · ←/h collapse · y copy ref · ? help · q quit"},
		{[]string{"h", "tab"}, "/ filter · tab switch pane · enter open · y copy ref · ? help · q quit"},
		{[]string{"/"}, "enter keep · esc clear · ? help for the query language"},
		{[]string{"esc", "enter"}, "esc back · n/p next/prev record · y copy ref · ↑/k up · ↓/j down · q quit"},
	} {
		keys(t, a, step.keys...)
		if got := lastLine(a); got != step.want {
			t.Errorf("after %q: hints %q, want %q", step.keys, got, step.want)
		}
	}
	// The ? screen lists every key, whatever applies at the moment.
	keys(t, a, "?")
	help := ansi.Strip(shown(a))
	for range 10 { // and what scrolling down shows
		keys(t, a, "j")
		help += ansi.Strip(shown(a))
	}
	for _, want := range []string{"n/p", "next/prev record", "copy all refs", "keep the filter and go to the first record"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}
