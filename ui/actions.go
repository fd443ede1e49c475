package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
)

// What keys do beyond moving: filter, open, copy, quit.

// setQuery makes text the filter and starts its run.
func (a *App) setQuery(text string) tea.Cmd { return a.filter.Set(text, a.snap) }

func (a *App) openDetail() tea.Cmd {
	i := a.table.Current()
	if i < 0 || a.snap == nil {
		return nil
	}
	a.screen = screenDetail
	a.detail.Open(a.snap, i)
	return a.loadBatch(i)
}

func (a *App) copyRef() tea.Cmd {
	i := a.table.Current()
	if a.screen == screenDetail {
		i = a.detail.Record()
	}
	if i < 0 || a.snap == nil {
		return nil
	}
	ref := model.Printable(a.snap.Row(i).Ref)
	return tea.Batch(tea.SetClipboard(ref), a.setFlash("copied ref "+ref))
}

// maxCopyRefs bounds Y: terminals cap what OSC 52 may carry.
const maxCopyRefs = 20000

func (a *App) copyAllRefs() tea.Cmd {
	rows := a.table.Rows()
	if a.snap == nil || len(rows) == 0 {
		return nil
	}
	n := min(len(rows), maxCopyRefs)
	var b strings.Builder
	for _, i := range rows[:n] {
		b.WriteString(model.Printable(a.snap.Row(int(i)).Ref))
		b.WriteByte('\n')
	}
	note := fmt.Sprintf("copied %s refs", model.Thousands(int64(n)))
	if n < len(rows) {
		note += fmt.Sprintf(" (the first %s of %s)", model.Thousands(int64(n)), model.Thousands(int64(len(rows))))
	}
	note += a.heldNote()
	return tea.Batch(tea.SetClipboard(b.String()), a.setFlash(note))
}

func (a *App) setFlash(s string) tea.Cmd {
	a.flash = s
	a.flashID++
	id := a.flashID
	return tea.Tick(4*time.Second, func(time.Time) tea.Msg { return flashMsg{id: id} })
}

func (a *App) quit() tea.Cmd {
	a.filter.Stop()
	return tea.Quit
}
