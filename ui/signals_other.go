//go:build !unix

package ui

import (
	"os"

	tea "charm.land/bubbletea/v2"
)

func watchSignals(p *tea.Program) (stop func(), ended func() os.Signal) {
	return func() {}, func() os.Signal { return nil }
}

func suspend() tea.Msg { return tea.SuspendMsg{} }
