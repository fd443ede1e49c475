package model

// A store that may run out of room (the TUI's, under its memory budget)
// stops keeping rows and goes on counting: the rows it holds stay as they
// are, and every record added after is counted in the totals, the error
// types and the patterns as a counter (NewCounter) counts it.

// StopKeeping makes the store keep no more rows: Len stays where it is,
// the rows held stay readable, and the records added from now on are
// counted only. A counter (NewCounter) keeps none anyway: it is unchanged.
func (s *Store) StopKeeping() {
	if s.countOnly {
		return
	}
	s.countOnly, s.stopped = true, true
}

// Stopped says whether the store stopped keeping rows (StopKeeping).
func (s *Store) Stopped() bool { return s.stopped }

// Partial says whether the snapshot's rows are the first of the records
// only: the store stopped keeping rows (the TUI's memory budget), so Len
// is less than the records and bad lines read, which Records, BadLines,
// Count and Patterns still count whole.
func (s *Snapshot) Partial() bool { return s.stopped }
