package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Keys and the mouse: each screen and pane has its own update function.

func (a *App) updateWheel(msg tea.MouseWheelMsg) tea.Cmd {
	d := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		d = -3
	case tea.MouseWheelDown:
		d = 3
	default:
		return nil
	}
	switch {
	case a.screen == screenDetail:
		a.detail.Scroll(d)
	case a.screen == screenHelp:
		a.help.Scroll(d)
	case msg.X < a.groups.Width(): // the groups pane is leftmost
		a.groups.Move(d)
	default:
		a.table.Scroll(d)
	}
	return nil
}

func (a *App) updateKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	if key.Matches(msg, k.ForceQuit) {
		return a.quit()
	}
	if key.Matches(msg, k.Suspend) {
		return suspend
	}
	if a.filter.Active() {
		return a.updateFilterKey(msg)
	}
	if a.export.Open() {
		return a.updateExportKey(msg)
	}
	if key.Matches(msg, k.Quit) {
		return a.quit()
	}
	switch a.screen {
	case screenHelp:
		switch {
		case key.Matches(msg, k.Back, k.Help):
			a.screen = screenMain
		case key.Matches(msg, k.Down):
			a.help.Scroll(1)
		case key.Matches(msg, k.Up):
			a.help.Scroll(-1)
		}
		return nil
	case screenDetail:
		return a.updateDetailKey(msg)
	}
	switch {
	case key.Matches(msg, k.Help):
		a.openHelp()
	case key.Matches(msg, k.Filter):
		return a.filter.Open()
	case key.Matches(msg, k.Tab):
		if a.focus == paneTable {
			a.focus = paneGroups
		} else {
			a.focus = paneTable
		}
	case key.Matches(msg, k.Back):
		if a.filter.Text() != "" {
			return a.setQuery("")
		}
		if a.focus == paneGroups {
			a.focus = paneTable
		}
	case key.Matches(msg, k.CopyRef):
		return a.copyRef()
	case key.Matches(msg, k.CopyAll):
		return a.copyAllRefs()
	case key.Matches(msg, k.Runbook):
		return a.openRunbook()
	case key.Matches(msg, k.Export):
		return a.openExport()
	case key.Matches(msg, k.Markdown):
		return a.copyMarkdown()
	case a.focus == paneGroups:
		return a.updateGroupsKey(msg)
	default:
		return a.updateTableKey(msg)
	}
	return nil
}

func (a *App) updateGroupsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	switch {
	case key.Matches(msg, k.Up):
		a.groups.Move(-1)
	case key.Matches(msg, k.Down):
		a.groups.Move(1)
	case key.Matches(msg, k.Top):
		a.groups.Move(-a.groups.Len())
	case key.Matches(msg, k.Bottom):
		a.groups.Move(a.groups.Len())
	case key.Matches(msg, k.PageUp):
		a.groups.Move(-a.groups.Height())
	case key.Matches(msg, k.PageDown):
		a.groups.Move(a.groups.Height())
	case key.Matches(msg, k.Expand):
		a.groups.Expand()
	case key.Matches(msg, k.Collapse):
		a.groups.Collapse()
	case key.Matches(msg, k.Enter):
		if g, ok := a.groups.Current(); ok {
			a.focus = paneTable
			return a.setQuery(g.query)
		}
	}
	return nil
}

func (a *App) updateTableKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	t := &a.table
	switch {
	case key.Matches(msg, k.Up):
		t.Move(-1)
	case key.Matches(msg, k.Down):
		t.Move(1)
	case key.Matches(msg, k.Top):
		t.Top()
	case key.Matches(msg, k.Bottom):
		t.Bottom()
	case key.Matches(msg, k.PageUp):
		t.Move(-t.PageSize())
	case key.Matches(msg, k.PageDown):
		t.Move(t.PageSize())
	case key.Matches(msg, k.Enter):
		return a.openDetail()
	}
	return nil
}

func (a *App) updateDetailKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Enter):
		a.screen = screenMain
		a.detail.Close()
	case key.Matches(msg, k.Up):
		a.detail.Scroll(-1)
	case key.Matches(msg, k.Down):
		a.detail.Scroll(1)
	case key.Matches(msg, k.PageUp):
		a.detail.Scroll(-a.detail.PageSize())
	case key.Matches(msg, k.PageDown):
		a.detail.Scroll(a.detail.PageSize())
	case key.Matches(msg, k.Top):
		a.detail.Scroll(-a.detail.Len())
	case key.Matches(msg, k.Bottom):
		a.detail.Scroll(a.detail.Len())
	case key.Matches(msg, k.NextRec):
		a.table.Move(1)
		return a.openDetail()
	case key.Matches(msg, k.PrevRec):
		a.table.Move(-1)
		return a.openDetail()
	case key.Matches(msg, k.CopyRef):
		return a.copyRef()
	case key.Matches(msg, k.Runbook):
		return a.openRunbook()
	case key.Matches(msg, k.Help):
		a.openHelp()
	}
	return nil
}

func (a *App) updateFilterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, a.keys.Apply):
		if a.filter.Err() != "" {
			// The query in force is not the one typed: keep the input open,
			// its error beside it, so that what is shown is what filters.
			return nil
		}
		a.filter.Close()
		a.focus = paneTable
		a.table.Top()
		return nil
	case key.Matches(msg, a.keys.Clear):
		a.filter.Close()
		return a.setQuery("")
	}
	return a.filter.Update(msg, a.snap)
}

func (a *App) openHelp() {
	a.screen = screenHelp
	a.help.Top()
}
