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
func (a *App) setQuery(text string) tea.Cmd {
	a.input.SetValue(text)
	return a.filter.set(text, a.snap)
}

func (a *App) openDetail() {
	i := a.table.Current()
	if i < 0 || a.snap == nil {
		return
	}
	a.screen = screenDetail
	a.detail.Open(a.snap, i, &a.styles)
}

func (a *App) copyRef() tea.Cmd {
	i := a.table.Current()
	if a.screen == screenDetail {
		i = a.detail.rec
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
	if a.snap == nil || len(a.table.idx) == 0 {
		return nil
	}
	n := min(len(a.table.idx), maxCopyRefs)
	var b strings.Builder
	for _, i := range a.table.idx[:n] {
		b.WriteString(model.Printable(a.snap.Row(int(i)).Ref))
		b.WriteByte('\n')
	}
	note := fmt.Sprintf("copied %s refs", model.Thousands(int64(n)))
	if n < len(a.table.idx) {
		note += fmt.Sprintf(" (the first %s of %s)", model.Thousands(int64(n)), model.Thousands(int64(len(a.table.idx))))
	}
	return tea.Batch(tea.SetClipboard(b.String()), a.setFlash(note))
}

func (a *App) setFlash(s string) tea.Cmd {
	a.flash = s
	a.flashID++
	id := a.flashID
	return tea.Tick(4*time.Second, func(time.Time) tea.Msg { return flashMsg{id: id} })
}

func (a *App) quit() tea.Cmd {
	if a.filter.cancel != nil {
		a.filter.cancel()
	}
	return tea.Quit
}
