package ui

import (
	"errors"
	"fmt"
	"os"
	"sync/atomic"

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
	prog := tea.NewProgram(app, progOpts...)
	stop, ended := watchSignals(prog)
	running.Store(prog)
	final, err := prog.Run()
	running.Store(nil)
	stop()
	if s := ended(); s != nil {
		// The terminal is restored; say why the screen went.
		return nil, fmt.Errorf("ended by %v", s)
	}
	if errors.Is(err, tea.ErrProgramPanic) {
		return nil, errors.New(reportBug)
	}
	if err != nil {
		return nil, err
	}
	if t := opt.Timing; t != nil {
		fmt.Fprintf(os.Stderr, "errscope timing: first rows drawn %.1f ms, loaded and drawn %.1f ms after start\n",
			float64(t.FirstRows.Microseconds())/1000, float64(t.Loaded.Microseconds())/1000)
		if t.Keys > 0 {
			fmt.Fprintf(os.Stderr, "errscope timing: filter: %d queries answered, mean %.1f ms, slowest %.1f ms (%q) from the key to the result drawn\n",
				t.Keys, float64(t.KeysTotal.Microseconds())/1000/float64(t.Keys), float64(t.KeysWorst.Microseconds())/1000, model.Printable(t.KeysWorstQuery))
		}
	}
	fa := final.(*App)
	return model.Progress{Snap: fa.snap, Sources: fa.sources, Done: fa.loaded}.Unfinished(), nil
}

// running is the program on screen, for Crash.
var running atomic.Pointer[tea.Program]

// reportBug is the one line a panic ends with.
const reportBug = "an internal error (a bug) ended errscope; the terminal is restored. Please report it, with the lines above and the command you ran, at https://github.com/errscope/errscope/issues"

// Crash ends the program after a panic on a goroutine outside Bubble Tea's
// (which would leave the terminal raw): the terminal is restored, one line
// says what to report, and the process exits with status 2.
func Crash(v any) {
	if p := running.Load(); p != nil {
		p.Kill()
		p.Wait()
	}
	fmt.Fprintf(os.Stderr, "errscope: panic: %v\nerrscope: %s\n", model.Printable(fmt.Sprint(v)), reportBug)
	os.Exit(2)
}
