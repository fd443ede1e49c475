package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every key errscope answers to; it also feeds the help.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Tab, Enter, Back, Filter, Help, Quit    key.Binding
	CopyRef, CopyAll, Export                key.Binding
	NextRec, PrevRec                        key.Binding
}

// DefaultKeyMap is the keys of ARCHITECTURE.md.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "ctrl+d", "space"), key.WithHelp("pgdn", "page down")),
		Tab:      key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "switch pane")),
		Enter:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		CopyRef:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy ref")),
		CopyAll:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy all refs")),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		NextRec:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n/p", "next/prev record")),
		PrevRec:  key.NewBinding(key.WithKeys("p")),
	}
}

// ShortHelp is the line of hints under the table.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Tab, k.Enter, k.CopyRef, k.Help, k.Quit}
}

// FullHelp is the key part of the ? screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Tab, k.Enter, k.Back, k.Filter, k.NextRec},
		{k.CopyRef, k.CopyAll, k.Help, k.Quit},
	}
}
