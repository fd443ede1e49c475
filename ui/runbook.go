package ui

import (
	"os"
	"os/exec"
	"runtime"

	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
)

// The runbook of the record in view: o opens it in the browser, or, over
// SSH (where a browser here is no use), copies the link with OSC 52.

// currentEntry is the catalog entry of the record the keys act on: the
// detail's, or the table's cursor's.
func (a *App) currentEntry() *model.Entry {
	if a.snap == nil {
		return nil
	}
	i := a.table.Current()
	if a.screen == screenDetail {
		i = a.detail.Record()
	}
	if i < 0 {
		return nil
	}
	return a.snap.Kinds()[a.snap.Row(i).Kind].Entry
}

// overSSH says whether errscope runs in an SSH session: a browser opened
// here would open on the far machine, if at all.
func overSSH() bool {
	return os.Getenv("SSH_CONNECTION") != "" || os.Getenv("SSH_TTY") != ""
}

// browserCommand is the command that opens url in the desktop's browser.
// On Windows, rundll32's URL handler rather than `cmd /c start`: cmd would
// read the & of a query string as the end of a command.
func browserCommand(goos, url string) []string {
	switch goos {
	case "darwin":
		return []string{"open", url}
	case "windows":
		return []string{"rundll32", "url.dll,FileProtocolHandler", url}
	}
	return []string{"xdg-open", url}
}

// runbookMsg is the end of a browser command.
type runbookMsg struct {
	url, cmd string
	err      error
}

func (a *App) openRunbook() tea.Cmd {
	url, ok := a.currentEntry().RunbookURL()
	if !ok {
		return nil
	}
	if overSSH() {
		return tea.Batch(tea.SetClipboard(url), a.setFlash("over SSH: copied the runbook link instead of opening it (OSC 52): "+url))
	}
	argv := browserCommand(runtime.GOOS, url)
	run := func() tea.Msg {
		// No stdin, stdout or stderr: the screen is errscope's.
		err := exec.Command(argv[0], argv[1:]...).Run()
		return runbookMsg{url: url, cmd: argv[0], err: err}
	}
	return tea.Batch(a.setFlash("opening "+url+" with "+argv[0]+"…"), run)
}

// runbookDone says how the browser command ended; when it failed, the
// link is copied instead.
func (a *App) runbookDone(msg runbookMsg) tea.Cmd {
	if msg.err != nil {
		return tea.Batch(tea.SetClipboard(msg.url), a.setFlash("could not open the runbook with "+msg.cmd+" ("+model.Printable(msg.err.Error())+"): copied the link instead"))
	}
	return a.setFlash("opened " + msg.url + " with " + msg.cmd)
}
