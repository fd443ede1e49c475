package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// KeyMap is every key errscope answers to. Each screen and pane asks it for
// its own hints (a help.KeyMap); the ? screen shows its FullHelp. A binding
// that does nothing in the present state is disabled: key.Matches skips it
// and it drops out of the hints.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Tab, Enter, Back, Filter, Help          key.Binding
	Quit, ForceQuit                         key.Binding // ForceQuit works while typing a filter too
	Suspend                                 key.Binding // ctrl+z: back to the shell; fg returns
	CopyRef, CopyAll, Export, Markdown      key.Binding
	Runbook                                 key.Binding // open the error type's runbook
	NextRec, PrevRec                        key.Binding
	Expand, Collapse                        key.Binding // an error type's patterns, a pattern's values

	// In the filter input; other keys are the query's text.
	Apply, Clear key.Binding
}

// DefaultKeyMap is the keys of ARCHITECTURE.md, all enabled.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:       key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:    key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		PageUp:    key.NewBinding(key.WithKeys("pgup", "ctrl+b", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "ctrl+d", "space"), key.WithHelp("pgdn", "page down")),
		Tab:       key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "switch pane")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c")),
		Suspend:   key.NewBinding(key.WithKeys("ctrl+z")),
		CopyRef:   key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy ref")),
		CopyAll:   key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy all refs")),
		Export:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export to a file")),
		Markdown:  key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "copy as Markdown")),
		Runbook:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open runbook")),
		NextRec:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n/p", "next/prev record")),
		PrevRec:   key.NewBinding(key.WithKeys("p")),
		Expand:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "expand")),
		Collapse:  key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "collapse")),
		Apply:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep")),
		Clear:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
	}
}

// keyState is what decides which keys do something.
type keyState struct {
	screen  screen
	focus   pane
	rows    bool // the table shows a record
	loaded  bool // there is a snapshot to summarize
	groups  bool // the groups pane has a row to filter by
	current bool // there is a record to copy: the cursor's or the detail's
	runbook bool // its error type has a runbook link
	expand  bool // the groups cursor's row has patterns or values to open
	close   bool // the groups cursor's row is open, or under one
	ssh     bool // over SSH: o copies the link rather than open a browser
}

// sync enables the bindings that do something in st and disables the rest.
func (k *KeyMap) sync(st keyState) {
	main, detail := st.screen == screenMain, st.screen == screenDetail
	k.Enter.SetEnabled(!main || (st.focus == paneTable && st.rows) || (st.focus == paneGroups && st.groups))
	k.CopyRef.SetEnabled(st.current)
	k.CopyAll.SetEnabled(main && st.rows)
	k.Export.SetEnabled(main && st.rows)
	k.Markdown.SetEnabled(main && st.loaded)
	k.NextRec.SetEnabled(detail)
	k.PrevRec.SetEnabled(detail)
	k.Runbook.SetEnabled(st.runbook && (detail || st.focus == paneTable))
	k.Expand.SetEnabled(main && st.focus == paneGroups && st.expand)
	k.Collapse.SetEnabled(main && st.focus == paneGroups && st.close)
	k.sayRunbook(st.ssh)
}

// sayRunbook says what o does: over SSH it copies the link.
func (k *KeyMap) sayRunbook(ssh bool) {
	if ssh {
		k.Runbook.SetHelp("o", "copy runbook link")
	} else {
		k.Runbook.SetHelp("o", "open runbook")
	}
}

// ShortHelp is the hint line of the main screen (either pane).
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Tab, k.Enter, k.Expand, k.Collapse, k.Runbook, k.CopyRef, k.Help, k.Quit}
}

// FullHelp is the key part of the ? screen: every key, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Tab, k.Enter, k.Back, k.Filter, k.NextRec, k.Export, k.Expand},

		{k.CopyRef, k.CopyAll, k.Markdown, k.Runbook, k.Help, k.Quit, k.Collapse},
	}
}

// keyHelp is one screen's keys as bubbles' help.KeyMap.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h keyHelp) ShortHelp() []key.Binding  { return h.short }
func (h keyHelp) FullHelp() [][]key.Binding { return h.full }

// DetailHelp is the keys of a record's detail.
func (k KeyMap) DetailHelp() help.KeyMap {
	short := []key.Binding{k.Back, k.NextRec, k.CopyRef, k.Runbook, k.Up, k.Down, k.Quit}
	return keyHelp{short: short, full: [][]key.Binding{short}}
}

// FilterHelp is the keys of the filter input: short for its hint line,
// full (with longer words) for the ? screen.
func (k KeyMap) FilterHelp() help.KeyMap {
	// In the input ? is text; the hint says where the query language is
	// explained once the input is closed.
	query := k.Help
	query.SetHelp(query.Help().Key, "help for the query language")
	apply, clear := k.Apply, k.Clear
	apply.SetHelp(apply.Help().Key, "keep the filter and go to the first record")
	clear.SetHelp(clear.Help().Key, "clear the filter")
	return keyHelp{
		short: []key.Binding{k.Apply, k.Clear, query},
		full:  [][]key.Binding{{apply, clear}},
	}
}

// FilterSetHelp is the keys beside a filter in force: edit it, clear it.
func (k KeyMap) FilterSetHelp() help.KeyMap {
	edit, clear := k.Filter, k.Back
	edit.SetHelp(edit.Help().Key, "edit")
	clear.SetHelp(clear.Help().Key, "clear")
	short := []key.Binding{edit, clear}
	return keyHelp{short: short, full: [][]key.Binding{short}}
}
