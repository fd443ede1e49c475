package ui

import (
	"context"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

// Run opens the logs in the TUI and returns when the user quits, with the
// errors of the logs that could not be read whole.
func Run(opt Options) ([]error, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app := New(opt)
	var progOpts []tea.ProgramOption
	for _, l := range opt.Logs {
		if l == "-" {
			// The log comes on standard input: keys come from the terminal.
			in, _, err := tea.OpenTTY()
			if err != nil {
				return nil, err
			}
			defer in.Close()
			progOpts = append(progOpts, tea.WithInput(in))
			break
		}
	}
	app.Start(ctx, opt)
	final, err := tea.NewProgram(app, progOpts...).Run()
	if err != nil {
		return nil, err
	}
	if t := opt.Timing; t != nil {
		fmt.Fprintf(os.Stderr, "errscope timing: first rows drawn %.1f ms, loaded and drawn %.1f ms after start\n",
			float64(t.FirstRows.Microseconds())/1000, float64(t.Loaded.Microseconds())/1000)
	}
	var errs []error
	for _, s := range final.(*App).sources {
		switch {
		case s.Err != nil:
			errs = append(errs, s.Err)
		case !s.done:
			// Quitting before a log was read whole is not "every log read".
			errs = append(errs, fmt.Errorf("%s: not read to the end: quit while it was being read", s.Name))
		}
	}
	return errs, nil
}
