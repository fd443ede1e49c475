package source

import (
	"bytes"
	"io"

	"github.com/errscope/errscope/model"
)

// DefaultMaxLine bounds one line of a JSON-lines log, or one item of a
// Protegrity response, unless the user sets another (--max-line).
const DefaultMaxLine = 64 << 20

// lineReader splits a stream into lines up to a limit: a line of several
// MiB is one line, never an error, and a line longer than the limit is
// handed over cut (its first bytes, Cut saying how long it was), so that no
// input, however long its lines, is held whole. A line is valid until the
// next call.
type lineReader struct {
	r    io.Reader
	buf  []byte
	pos  int // start of the unread part of buf
	end  int // end of the data in buf
	err  error
	line int // number of the line last returned
	long []byte

	max  int   // the longest line handed over whole
	keep int   // bytes kept of a longer one
	cut  int64 // length of the line last returned, when it was cut; else 0
	skip bool  // past the limit: dropping the rest of the line
}

func newLineReader(r io.Reader) *lineReader {
	return newLineReaderSize(r, 256<<10, DefaultMaxLine)
}

// newLineReaderSize reads with a buffer of size bytes and hands over lines
// of up to max bytes whole.
func newLineReaderSize(r io.Reader, size, max int) *lineReader {
	if max <= 0 {
		max = DefaultMaxLine
	}
	return &lineReader{r: r, buf: make([]byte, size), max: max, keep: min(max, model.MaxBadRaw)}
}

// Cut is, when the line last returned was longer than the limit, its whole
// length (the line returned holds its first bytes); else 0.
func (l *lineReader) Cut() int64 { return l.cut }

// Next returns the next line without its '\n' (a '\r' before it stays), or
// ok=false at the end of the stream; Err then says why it ended.
func (l *lineReader) Next() (line []byte, ok bool) {
	l.cut = 0
	for {
		if i := bytes.IndexByte(l.buf[l.pos:l.end], '\n'); i >= 0 {
			line = l.buf[l.pos : l.pos+i]
			l.pos += i + 1
			return l.finish(line), true
		}
		if l.err != nil {
			if l.pos < l.end || len(l.long) > 0 || l.skip {
				line = l.buf[l.pos:l.end]
				l.pos = l.end
				return l.finish(line), true
			}
			return nil, false
		}
		l.fill()
	}
}

// finish ends a line whose last part is tail: it joins what was set aside,
// and cuts a line past the limit.
func (l *lineReader) finish(tail []byte) []byte {
	l.line++
	line := tail
	if l.skip {
		l.cut += int64(len(tail))
		l.skip = false
		line = l.long[:min(len(l.long), l.keep)]
		l.dropLong()
		return line
	}
	if len(l.long) > 0 {
		line = append(l.long, tail...)
		l.long = line
		l.dropLong()
	}
	if len(line) > l.max {
		l.cut = int64(len(line))
		line = line[:l.keep]
	}
	return line
}

// dropLong empties the set-aside part for the next line: a big one's array
// is let go (the line handed over still holds it until the next call).
func (l *lineReader) dropLong() {
	if cap(l.long) > 1<<20 {
		l.long = nil
	} else {
		l.long = l.long[:0]
	}
}

// fill reads more: it moves the unread part to the front, or when the
// buffer holds one unfinished line, sets it aside in l.long (only its first
// bytes once the line is longer than the limit).
func (l *lineReader) fill() {
	switch {
	case l.skip:
		l.cut += int64(l.end - l.pos)
		l.pos, l.end = 0, 0
	case l.pos == 0 && l.end == len(l.buf):
		// One line fills the whole buffer: keep it aside and go on.
		if len(l.long)+l.end > l.max {
			n := max(l.keep-len(l.long), 0)
			l.long = append(l.long, l.buf[:n]...)
			l.cut = int64(len(l.long) - n + l.end)
			l.skip = true
		} else {
			l.long = append(l.long, l.buf[:l.end]...)
		}
		l.pos, l.end = 0, 0
	case l.pos > 0:
		n := copy(l.buf, l.buf[l.pos:l.end])
		l.pos, l.end = 0, n
	}
	n, err := l.r.Read(l.buf[l.end:])
	l.end += n
	if err != nil {
		l.err = err
	}
}

// Err is why the stream ended: nil for a clean end of file.
func (l *lineReader) Err() error {
	if l.err == io.EOF {
		return nil
	}
	return l.err
}
