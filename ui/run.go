package ui

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
)

// Run shows the logs that opt.Updates brings and returns when the user
// quits, with the errors of the logs that were not read whole (those
// still being read when the user quit among them).
func Run(opt Options) ([]error, error) {
	app := New(opt)
	var progOpts []tea.ProgramOption
	if opt.KeysFromTTY {
		in, _, err := tea.OpenTTY()
		if err != nil {
			return nil, err
		}
		defer in.Close()
		progOpts = append(progOpts, tea.WithInput(in))
	}
	final, err := tea.NewProgram(app, progOpts...).Run()
	if err != nil {
		return nil, err
	}
	if t := opt.Timing; t != nil {
		fmt.Fprintf(os.Stderr, "errscope timing: first rows drawn %.1f ms, loaded and drawn %.1f ms after start\n",
			float64(t.FirstRows.Microseconds())/1000, float64(t.Loaded.Microseconds())/1000)
	}
	fa := final.(*App)
	return model.Progress{Snap: fa.snap, Sources: fa.sources, Done: fa.loaded}.Unfinished(), nil
}
