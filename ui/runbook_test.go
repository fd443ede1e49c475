package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

const (
	runbook409 = "https://wiki.example.com/runbooks/cdp-409"
	evilURL    = "https://evil.example/phish"
)

// runbookFixture writes a team catalog (409: an owner and an https runbook;
// 500: an owner and a runbook that is no link) and a log whose messages
// carry a URL and an OSC 8 hyperlink of their own.
func runbookFixture(t *testing.T) (*model.Catalog, string) {
	t.Helper()
	dir := t.TempDir()
	catPath := filepath.Join(dir, "catalog.json")
	os.WriteFile(catPath, []byte(`{"entries": [
  {"format": "sitecore", "code": "409", "title": "Resource conflict", "type": "error", "meaning": "It exists.", "remedy": "Use upsert.",
   "owner": "Identity team", "runbook": "`+runbook409+`"},
  {"format": "sitecore", "code": "500", "title": "Server error", "type": "error", "meaning": "Retry.", "remedy": "Re-send.",
   "owner": "Platform \u001b[31mred", "runbook": "javascript:alert(1)"}
]}`), 0o600)
	cat := model.DefaultCatalog()
	if err := cat.Merge(catPath); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "import.ndjson")
	os.WriteFile(log, []byte(
		`{"ref": "aaaa0001-0000-4000-8000-000000000001", "code": "409", "message": "Resource conflict, see `+evilURL+` \u001b]8;;`+evilURL+`\u0007click\u001b]8;;\u0007"}`+"\n"+
			`{"ref": "aaaa0002-0000-4000-8000-000000000002", "code": "500", "message": "Server error \u001b]8;;`+evilURL+`\u001b\\here\u001b]8;;\u001b\\"}`+"\n"+
			`{"ref": "aaaa0003-0000-4000-8000-000000000003", "code": "404", "message": "Guest not found"}`+"\n"), 0o600)
	return cat, log
}

// loadedWith is loaded with a catalog of the test's.
func loadedWith(t *testing.T, cat *model.Catalog, w, h int, logs ...string) *App {
	t.Helper()
	stream := source.NewStream(source.StreamOptions{Catalog: cat, Logs: logs})
	a := New(Options{Catalog: cat, Sources: stream.Sources()})
	final := stream.Run(context.Background())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	send(t, a, final)
	return a
}

// TestRunbookHyperlinkBytes runs the program and reads the bytes it writes
// to the terminal: the catalog's https runbook is an OSC 8 hyperlink; the
// URLs and OSC 8 sequences in the log's messages are not, nor is a runbook
// that is not http or https.
func TestRunbookHyperlinkBytes(t *testing.T) {
	cat, log := runbookFixture(t)
	tm := startProgramCat(t, cat, 120, 40, log)
	wait := func(what string) { t.Helper(); waitFor(t, tm, what) }
	wait("3 records")
	// The 409 record's detail: its message holds a URL and an OSC 8 link.
	tm.Type("/code:409")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("1 of 3 records")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("Identity team")
	// The screen drawn at a frame's pace: wait until the detail reached the
	// terminal before leaving it.
	var out strings.Builder
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "Identity team") {
		if time.Now().After(deadline) {
			t.Fatalf("the 409 detail never reached the terminal:\n%q", out.String())
		}
		b, _ := io.ReadAll(tm.Output())
		out.Write(b)
		time.Sleep(10 * time.Millisecond)
	}
	// The 500 record's: a javascript: runbook, an OSC 8 link in the message.
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.Type("/")
	tm.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	tm.Type("code:500")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("filter: code:500")
	// Both filters show one record: wait for the 500's to be the one.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		tm.Send(probeMsg{})
		if s := tm.screen.Load().(string); strings.Contains(s, "aaaa0002") && !strings.Contains(s, "aaaa0001") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the table never showed the 500 record alone:\n%s", tm.screen.Load())
		}
	}
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("not an http or https link")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	b, err := io.ReadAll(tm.FinalOutput(t))
	if err != nil {
		t.Fatal(err)
	}
	out.Write(b)
	drawn := out.String()
	// Every hyperlink drawn is the catalog's one runbook (or the end of one).
	links := 0
	for rest := drawn; ; {
		i := strings.Index(rest, "\x1b]8;")
		if i < 0 {
			break
		}
		rest = rest[i+len("\x1b]8;"):]
		j := strings.IndexAny(rest, "\x07\x1b")
		if j < 0 {
			t.Fatalf("an unterminated OSC 8: %q", rest)
		}
		params, url, _ := strings.Cut(rest[:j], ";")
		if url != "" && url != runbook409 {
			t.Errorf("a hyperlink to %q (params %q) was drawn", url, params)
		}
		if url == runbook409 {
			links++
		}
	}
	if links == 0 {
		t.Error("no hyperlink to the runbook was found in the bytes drawn")
	}
	if strings.Contains(drawn, "javascript:alert(1)\x1b") || !strings.Contains(drawn, "javascript:alert(1)") {
		t.Errorf("the javascript: runbook is not plain text")
	}
	// The log's own sequences arrive escaped, as text.
	if !strings.Contains(drawn, `\x1b]8;;`+evilURL) {
		t.Errorf("the message's OSC 8 is not shown as text")
	}
	if strings.Contains(drawn, "\x1b[31mred") {
		t.Errorf("an owner's escape sequence reached the terminal")
	}
}

// TestDetailOwnerRunbook: the detail names the owner and the runbook, says
// o in its hints when the runbook is a link, and shows other text as text.
func TestDetailOwnerRunbook(t *testing.T) {
	t.Setenv("SSH_CONNECTION", "")
	t.Setenv("SSH_TTY", "")
	cat, log := runbookFixture(t)
	a := loadedWith(t, cat, 120, 40, log)
	typeText(t, a, "/code:409")
	keys(t, a, "enter", "enter")
	s := shown(a)
	for _, want := range []string{"owner      Identity team", "runbook    " + runbook409, "o open runbook"} {
		if !strings.Contains(s, want) {
			t.Errorf("the 409 detail lacks %q:\n%s", want, s)
		}
	}
	keys(t, a, "esc", "/")
	send(t, a, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	typeText(t, a, "code:500")
	keys(t, a, "enter", "enter")
	s = shown(a)
	for _, want := range []string{`owner      Platform \x1b[31mred`, "runbook    javascript:alert(1)  (not an http or https link: shown as text)"} {
		if !strings.Contains(s, want) {
			t.Errorf("the 500 detail lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "open runbook") {
		t.Errorf("o is offered for a runbook that is no link:\n%s", s)
	}
	if _, cmd := a.Update(keyMsg("o")); cmd != nil {
		t.Error("o does something for a runbook that is no link")
	}
	// The 404 (built-in entry): no owner, no runbook, no o.
	keys(t, a, "esc", "/")
	send(t, a, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	typeText(t, a, "code:404")
	keys(t, a, "enter", "enter")
	if s := shown(a); strings.Contains(s, "owner") || strings.Contains(s, "runbook") {
		t.Errorf("the 404 detail:\n%s", s)
	}
}

// TestOpenRunbook presses o and checks the browser command was run with the
// link: a real program named xdg-open, first on PATH, writes down what it
// was asked to open.
func TestOpenRunbook(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "freebsd" {
		t.Skip("xdg-open is the opener on Linux and the BSDs")
	}
	t.Setenv("SSH_CONNECTION", "")
	t.Setenv("SSH_TTY", "")
	bin := t.TempDir()
	opened := filepath.Join(bin, "opened")
	os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" >> "+opened+"\n"), 0o755)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	cat, log := runbookFixture(t)
	a := loadedWith(t, cat, 120, 40, log)
	typeText(t, a, "/code:409")
	keys(t, a, "enter")
	// On the table (the cursor's record) as in the detail.
	if !strings.Contains(shown(a), "o open runbook") {
		t.Errorf("the table's hints lack o:\n%s", shown(a))
	}
	keys(t, a, "enter")
	_, cmd := a.Update(keyMsg("o"))
	if !strings.Contains(shown(a), "opening "+runbook409+" with xdg-open") {
		t.Errorf("o says:\n%s", shown(a))
	}
	msg := runCmds(t, cmd, func(m tea.Msg) bool { _, ok := m.(runbookMsg); return ok })
	a.Update(msg)
	if !strings.Contains(shown(a), "opened "+runbook409+" with xdg-open") {
		t.Errorf("after the browser command:\n%s", shown(a))
	}
	if b, _ := os.ReadFile(opened); string(b) != runbook409+"\n" {
		t.Errorf("xdg-open was asked to open %q", b)
	}
	// A failing opener: the link is copied instead, and said.
	os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\nexit 3\n"), 0o755)
	_, cmd = a.Update(keyMsg("o"))
	a.Update(runCmds(t, cmd, func(m tea.Msg) bool { _, ok := m.(runbookMsg); return ok }))
	if !strings.Contains(shown(a), "could not open the runbook with xdg-open (exit status 3): copied the link instead") {
		t.Errorf("after a failing opener:\n%s", shown(a))
	}
}

// TestOpenRunbookOverSSH: over SSH o copies the link (OSC 52) and says so.
func TestOpenRunbookOverSSH(t *testing.T) {
	t.Setenv("SSH_CONNECTION", "")
	t.Setenv("SSH_TTY", "/dev/pts/3")
	t.Setenv("PATH", t.TempDir()) // nothing to run
	cat, log := runbookFixture(t)
	a := loadedWith(t, cat, 120, 40, log)
	typeText(t, a, "/code:409")
	keys(t, a, "enter", "enter")
	if !strings.Contains(shown(a), "o copy runbook link") {
		t.Errorf("the hints over SSH:\n%s", shown(a))
	}
	_, cmd := a.Update(keyMsg("o"))
	clip := runCmds(t, cmd, func(m tea.Msg) bool {
		_, ok := m.(runbookMsg)
		return ok || strings.Contains(strings.ToLower(fmt.Sprintf("%T", m)), "clipboard")
	})
	if _, ok := clip.(runbookMsg); ok || !strings.Contains(fmt.Sprint(clip), runbook409) {
		t.Errorf("o over SSH sent %T %v", clip, clip)
	}
	if !strings.Contains(shown(a), "over SSH: copied the runbook link instead of opening it (OSC 52): "+runbook409) {
		t.Errorf("o over SSH says:\n%s", shown(a))
	}
	// The ? screen says it too.
	keys(t, a, "esc", "esc", "?")
	if out := shown(a); !strings.Contains(out, "copy runbook link") || strings.Contains(out, "open runbook") {
		t.Errorf("? over SSH:\n%s", out)
	}
}

// runCmds runs cmd (and the batches it holds) and returns the first message
// that want accepts.
func runCmds(t *testing.T, cmd tea.Cmd, want func(tea.Msg) bool) tea.Msg {
	t.Helper()
	msgs := make(chan tea.Msg, 16)
	start(cmd, msgs)
	for {
		select {
		case m := <-msgs:
			if want(m) {
				return m
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no such message came")
			return nil
		}
	}
}
