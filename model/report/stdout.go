package report

import (
	"errors"
	"io"
	"os"
)

// StdoutWriter is standard output, keeping the first write error: output that
// could not be written is an error, whichever writer met it.
type StdoutWriter struct {
	W   io.Writer
	Err error
}

// WriteError marks an error as StdoutWriter's, so that it is said once.
type WriteError struct{ err error }

func (e *WriteError) Error() string { return e.err.Error() }
func (e *WriteError) Unwrap() error { return e.err }

func (o *StdoutWriter) Write(p []byte) (int, error) {
	if o.Err != nil {
		return 0, &WriteError{o.Err}
	}
	n, err := o.W.Write(p)
	if err != nil {
		o.Err = err
		return n, &WriteError{err}
	}
	return n, nil
}

// WriteReason is a write error without the file's name ("no space left on
// device").
func WriteReason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
