package ui

import (
	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

// loadMsg carries what the loader has read so far: a snapshot of the store
// and each source's state. Each one replaces the one before, so a slow
// screen may skip some and lose nothing.
type loadMsg struct {
	snap    *model.Snapshot
	sources []sourceState
	done    bool
}

// sourceState is one log as the status bar shows it.
type sourceState struct {
	source.Result
	read, size int64 // bytes of the file read, and its size (0: unknown)
	done       bool
}

// filterMsg is a finished filter run; gen tells a stale one from the current.
type filterMsg struct {
	gen     int
	idx     []int32
	covered int // the records [0, covered) have been filtered
	ordered bool
	err     error
}

// flashMsg clears a passing message in the status line.
type flashMsg struct{ id int }
