package ui

import (
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

// program is the whole program running on logs, and what its screen last
// showed, read on the program's own goroutine.
type program struct {
	*teatest.TestModel
	screen atomic.Value // string: the App's screen, without styles
}

// probeMsg makes the program look at its screen again.
type probeMsg struct{}

// startProgram runs the whole program on the logs in a w×h terminal without
// colours; the loader stops with the test.
func startProgram(t *testing.T, w, h int, logs ...string) *program {
	t.Helper()
	return startProgramCat(t, model.DefaultCatalog(), w, h, logs...)
}

// startProgramCat is startProgram with a catalog of the test's.
func startProgramCat(t *testing.T, cat *model.Catalog, w, h int, logs ...string) *program {
	t.Helper()
	stream := source.NewStream(source.StreamOptions{Catalog: cat, Logs: logs})
	app := New(Options{Catalog: cat, Sources: stream.Sources(), Updates: stream.Updates()})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go stream.Run(ctx)
	p := &program{}
	p.screen.Store("")
	// The output stream holds only what changed between frames, so a text
	// may never stand in it whole: the screen is read from the model
	// instead, before each message (probeMsg brings one).
	look := func(m tea.Model, msg tea.Msg) tea.Msg {
		p.screen.Store(ansi.Strip(m.(*App).render()))
		return msg
	}
	p.TestModel = teatest.NewTestModel(t, app, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithFilter(look)))
	return p
}

// waitFor waits until the program's screen shows what.
func waitFor(t *testing.T, p *program, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		p.Send(probeMsg{})
		time.Sleep(5 * time.Millisecond)
		if strings.Contains(p.screen.Load().(string), what) {
			return
		}
	}
	t.Fatalf("the screen never showed %q; last screen:\n%s", what, p.screen.Load())
}

// waitGone waits until the program's screen no longer shows what.
func waitGone(t *testing.T, p *program, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		p.Send(probeMsg{})
		time.Sleep(5 * time.Millisecond)
		if !strings.Contains(p.screen.Load().(string), what) {
			return
		}
	}
	t.Fatalf("the screen still shows %q; last screen:\n%s", what, p.screen.Load())
}

// TestProgram runs the whole program as a user meets it: the log streams
// in, a filter is typed, a record is opened, q quits.
func TestProgram(t *testing.T) {
	tm := startProgram(t, 120, 30, sample)
	wait := func(what string) { t.Helper(); waitFor(t, tm, what) }
	wait("5,000 records")
	tm.Type("/")
	tm.Type("code:402")
	wait("242 of 5,000 records")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("What to do")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := tm.FinalModel(t).(*App)
	if final.screen != screenDetail || !strings.HasPrefix(final.snap.Row(final.detail.rec).Msg, "Unsupported mode") {
		t.Errorf("final state: screen %d, record %d", final.screen, final.detail.rec)
	}
}

// TestProtegrityFirstScreen opens a mixed Protegrity response (errors,
// warnings, successes; wrapped by each operation) in the program and keeps
// its first screen as a golden file.
func TestProtegrityFirstScreen(t *testing.T) {
	tm := startProgram(t, 130, 30, filepath.Join("..", "testdata", "protegrity", "response.ndjson"))
	waitFor(t, tm, "successes hidden")
	// The first screen once the log is read: under load the screen can show
	// the successes while "reading" still stands in the status bar (and
	// pushes the format's name out of it).
	waitGone(t, tm, "reading")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := tm.FinalModel(t).(*App)
	out := ansi.Strip(final.View().Content)
	for _, want := range []string{"Protegrity AP REST v1 bulk response", "Data too short", "Succeeded", "of 400 records"} {
		if !strings.Contains(out, want) {
			t.Errorf("first screen lacks %q", want)
		}
	}
	golden.RequireEqual(t, out)
}
