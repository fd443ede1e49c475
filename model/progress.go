package model

// SourceState is one log as the loading stage reports it: what it is, how far
// it has been read, and why it could not be read whole.
type SourceState struct {
	Name       string // as shown to people (standard input is "stdin")
	Format     string // a format id; "" before detection
	Mapping    string // for JSON-lines logs: where ref, code and message are ("ref=id code=…")
	Guessed    bool   // the mapping was guessed from the first lines
	Compressed bool
	Truncated  bool   // the log ended before its end: a gzip cut short
	Err        error  // why the log could not be read whole; what was read is kept
	Warning    string // what reading it ignored (trailing data after the gzip data)
	Read, Size int64  // bytes of the file read, and its size (0: unknown)
	Done       bool   // read to its end (or as far as it could be)
}

// Progress is what the loading stage has read so far: a snapshot of the
// store and each log's state. Each one replaces the one before, so a slow
// reader of them may skip some and lose nothing.
type Progress struct {
	Snap    *Snapshot
	Sources []SourceState
	Done    bool // every log has been read
	// Baseline is what became of the records since a baseline log
	// (--baseline): set with the last progress, when both are read.
	Baseline *Baseline
}

// Baseline is the diff of the logs against a baseline log, for the TUI: the
// counts of each class (the records are marked in the snapshot).
type Baseline struct {
	Name   string // the baseline log, as shown to people
	Counts [classCount]int64
	Err    error // why the baseline could not be read whole
}

// Unfinished gives the errors of the logs that were not read whole: those
// that failed, and those still being read when the reader stopped waiting.
func (p Progress) Unfinished() []error {
	var errs []error
	for _, s := range p.Sources {
		switch {
		case s.Err != nil:
			errs = append(errs, s.Err)
		case !s.Done:
			errs = append(errs, &notReadError{s.Name})
		}
	}
	return errs
}

type notReadError struct{ name string }

func (e *notReadError) Error() string {
	return e.name + ": not read to the end: quit while it was being read"
}
