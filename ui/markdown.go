package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
)

// maxClipboard bounds what M copies: terminals cap what OSC 52 may carry
// (xterm's default is about 100 KB of base64).
const maxClipboard = 64 << 10

// markdownMsg is the Markdown summary of a view, made off the update loop.
type markdownMsg struct {
	text    string
	query   string
	records int
}

// copyMarkdown copies the summary of the filter's records as Markdown, for
// the ticket.
func (a *App) copyMarkdown() tea.Cmd {
	if a.markdown == nil || a.snap == nil {
		return nil
	}
	snap, idx, query, fn := a.snap, a.table.Rows(), a.filter.Text(), a.markdown
	return func() tea.Msg {
		return markdownMsg{text: fn(snap, idx, query), query: query, records: len(idx)}
	}
}

func (a *App) markdownDone(msg markdownMsg) tea.Cmd {
	if len(msg.text) > maxClipboard {
		cmd := "errscope summary --format markdown"
		if msg.query != "" {
			cmd += " --query " + ShellQuote(model.Printable(msg.query))
		}
		for _, s := range a.sources {
			cmd += " " + ShellQuote(model.Printable(s.Name))
		}
		return a.setFlash(fmt.Sprintf("the summary is %s bytes, too long for the clipboard: %s", model.Thousands(int64(len(msg.text))), cmd))
	}
	return tea.Batch(tea.SetClipboard(msg.text), a.setFlash(fmt.Sprintf("copied the summary of %s as Markdown", plural(int64(msg.records), "record", "records"))+a.heldNote()))
}
