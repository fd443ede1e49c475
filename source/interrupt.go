package source

import (
	"context"
	"time"

	"github.com/errscope/errscope/model"
)

// interruptGrace is how long an interrupted read may take to see it before
// the command ends without it.
const interruptGrace = 200 * time.Millisecond

// UntilInterrupted runs f on its own goroutine and reports whether it
// returned. An interrupt ends the wait at once even when f cannot see it
// (a read blocked on a FIFO with no writer, or on a slow pipe): f is then
// left behind, and the command is about to exit.
func UntilInterrupted(ctx context.Context, f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
	}
	select {
	case <-done:
		return true
	case <-time.After(interruptGrace):
		return false
	}
}

// RunInterruptible reads the logs, or as much of them as an interrupt
// leaves: a read that cannot see ctx (blocked on a FIFO) is left behind, and
// the progress up to it is returned.
func RunInterruptible(ctx context.Context, st *Stream) model.Progress {
	var final model.Progress
	if !UntilInterrupted(ctx, func() { final = st.Run(ctx) }) {
		return st.Interrupted()
	}
	return final
}
