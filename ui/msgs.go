package ui

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
