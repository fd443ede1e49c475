package source

import (
	"bytes"
	"io"
)

// lineReader splits a stream into lines of any length: a line of several MiB
// is one line, never an error. A line is valid until the next call.
type lineReader struct {
	r    io.Reader
	buf  []byte
	pos  int // start of the unread part of buf
	end  int // end of the data in buf
	err  error
	line int // number of the line last returned
	long []byte
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: r, buf: make([]byte, 256<<10)}
}

// Next returns the next line without its '\n' (a '\r' before it stays), or
// ok=false at the end of the stream; Err then says why it ended.
func (l *lineReader) Next() (line []byte, ok bool) {
	for {
		if i := bytes.IndexByte(l.buf[l.pos:l.end], '\n'); i >= 0 {
			line = l.buf[l.pos : l.pos+i]
			l.pos += i + 1
			l.line++
			if l.long != nil {
				l.long = append(l.long, line...)
				line, l.long = l.long, nil
			}
			return line, true
		}
		if l.err != nil {
			if l.pos < l.end || len(l.long) > 0 {
				line = l.buf[l.pos:l.end]
				l.pos = l.end
				l.line++
				if l.long != nil {
					l.long = append(l.long, line...)
					line, l.long = l.long, nil
				}
				return line, true
			}
			return nil, false
		}
		l.fill()
	}
}

// fill reads more: it moves the unread part to the front, or when the
// buffer holds one unfinished line, sets it aside in l.long.
func (l *lineReader) fill() {
	if l.pos == 0 && l.end == len(l.buf) {
		// One line fills the whole buffer: keep it aside and go on.
		l.long = append(l.long, l.buf[:l.end]...)
		l.pos, l.end = 0, 0
	} else if l.pos > 0 {
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
