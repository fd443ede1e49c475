package report

import (
	"bufio"
	"errors"
	"io"
	"syscall"

	"github.com/errscope/errscope/model"
)

// Records takes records one at a time: a File, or a Stream.
type Records interface {
	Write(rec []byte) error
}

// Stream writes records to standard output or a pipe, byte for byte; with
// printable (standard output is a terminal) each record is made Printable
// first, its line end kept, so a hostile log cannot drive the terminal.
type Stream struct {
	w         *bufio.Writer
	printable bool
	records   int64
}

// NewStream writes records to w.
func NewStream(w io.Writer, printable bool) *Stream {
	return &Stream{w: bufio.NewWriterSize(w, 256<<10), printable: printable}
}

// Write writes one record.
func (s *Stream) Write(rec []byte) error {
	s.records++
	if !s.printable {
		_, err := s.w.Write(rec)
		return err
	}
	body := rec
	if n := len(body); n > 0 && body[n-1] == '\n' {
		body = body[:n-1]
	}
	s.w.WriteString(model.Printable(string(body)))
	return s.w.WriteByte('\n')
}

// Records is the number of records written.
func (s *Stream) Records() int64 { return s.records }

// Flush writes what is buffered.
func (s *Stream) Flush() error { return s.w.Flush() }

// Output is where export writes: a File (a path) or a Stream (standard
// output: byte for byte, made printable only for a terminal).
type Output struct {
	file   *File
	stream *Stream
}

// OpenOutput opens path ("" or "-": stdout) for records; header starts it
// (and, in a file, each part).
func OpenOutput(path string, stdout io.Writer, terminal bool, header []byte, opt FileOptions) (*Output, error) {
	if path == "" || path == "-" {
		s := NewStream(stdout, terminal)
		if header != nil {
			s.w.Write(header)
		}
		return &Output{stream: s}, nil
	}
	opt.Header = header
	f, err := Create(path, opt)
	if err != nil {
		return nil, err
	}
	return &Output{file: f}, nil
}

// Write writes one record.
func (o *Output) Write(rec []byte) error {
	if o.file != nil {
		return o.file.Write(rec)
	}
	return o.stream.Write(rec)
}

// Finish puts the file in place, or flushes standard output. A reader of
// standard output that went away (| head) is no error.
func (o *Output) Finish() error {
	if o.file != nil {
		_, err := o.file.Commit()
		return err
	}
	if err := o.stream.Flush(); err != nil && !errors.Is(err, syscall.EPIPE) {
		return err
	}
	return nil
}

// Abort removes what a file output wrote; it does nothing after Finish.
func (o *Output) Abort() {
	if o.file != nil {
		o.file.Abort()
	}
}

// ClosedPipe says err is standard output's reader gone away.
func (o *Output) ClosedPipe(err error) bool {
	return o.stream != nil && errors.Is(err, syscall.EPIPE)
}

// Counting passes records on to r and tells progress, every 4,096 records,
// how many have been written.
func Counting(r Records, progress func(n int64)) Records {
	return &counting{r: r, progress: progress}
}

type counting struct {
	r        Records
	n        int64
	progress func(int64)
}

func (c *counting) Write(rec []byte) error {
	c.n++
	if c.n&4095 == 0 && c.progress != nil {
		c.progress(c.n)
	}
	return c.r.Write(rec)
}
