package ui

import (
	"context"
	"os"

	tea "charm.land/bubbletea/v2"
)

// Run opens the logs in the TUI and returns when the user quits.
func Run(opt Options) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app := New(opt)
	var progOpts []tea.ProgramOption
	for _, l := range opt.Logs {
		if l == "-" {
			// The log comes on standard input: keys come from the terminal.
			in, _, err := tea.OpenTTY()
			if err != nil {
				return err
			}
			defer in.Close()
			progOpts = append(progOpts, tea.WithInput(in))
			break
		}
	}
	app.Start(ctx, opt)
	_, err := tea.NewProgram(app, progOpts...).Run()
	_ = os.Stdout.Sync()
	return err
}
