package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/errscope/errscope/model"
)

// cursor is a buffered reader of the input that can hold the bytes from a
// mark on, and count lines as it goes.
type cursor struct {
	r        io.Reader
	buf      []byte
	pos, end int
	mark     int   // index of the first byte to keep on a refill; -1: none
	base     int64 // stream offset of buf[0]
	err      error // the read error that ended the stream (io.EOF)
	line     int   // line of buf[linePos]
	linePos  int
	nlStop   bool // a newline outside strings is not white space (NDJSON)
	max      int  // the longest value valueSpan holds; 0: no limit
	cutBuf   []byte

	// capture copies the bytes from capStart on (up to model.MaxBadRaw)
	// as the buffer lets them go.
	capOn    bool
	capFrom  int
	capStart int64
	capBuf   []byte
}

func (c *cursor) init(r io.Reader) {
	buf, capBuf, max := c.buf, c.capBuf[:0], c.max
	if len(buf) != 256<<10 {
		buf = make([]byte, 256<<10)
	}
	*c = cursor{r: r, buf: buf, mark: -1, line: 1, capBuf: capBuf, max: max}
}

func (c *cursor) off(i int) int64 { return c.base + int64(i) }

// fill reads more bytes, dropping those before min(pos, mark) and growing
// the buffer when the held bytes fill it. It reports whether bytes came.
func (c *cursor) fill() bool {
	if c.err != nil {
		return false
	}
	keep := c.pos
	if c.mark >= 0 && c.mark < keep {
		keep = c.mark
	}
	if keep > 0 {
		c.spill(keep)
		if c.linePos < keep {
			c.line += bytes.Count(c.buf[c.linePos:keep], nl)
			c.linePos = keep
		}
		copy(c.buf, c.buf[keep:c.end])
		c.pos -= keep
		c.end -= keep
		c.linePos -= keep
		if c.mark >= 0 {
			c.mark -= keep
		}
		c.capFrom = max(c.capFrom-keep, 0)
		c.base += int64(keep)
	}
	if c.end == len(c.buf) {
		nb := make([]byte, 2*len(c.buf))
		copy(nb, c.buf[:c.end])
		c.buf = nb
	}
	for tries := 0; ; tries++ {
		n, err := c.r.Read(c.buf[c.end:])
		c.end += n
		if err != nil {
			c.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
		if tries == 100 {
			c.err = io.ErrNoProgress
			return false
		}
	}
}

var nl = []byte{'\n'}

// need makes n bytes available at pos if the stream has them.
func (c *cursor) need(n int) bool {
	for c.end-c.pos < n {
		if !c.fill() {
			return false
		}
	}
	return true
}

// readErr is the stream's error, nil for a clean end.
func (c *cursor) readErr() error {
	if c.err == io.EOF {
		return nil
	}
	return c.err
}

// cutErr is the error for a stream that ends inside a document.
func (c *cursor) cutErr() error {
	if c.err == io.EOF || c.err == nil {
		return io.ErrUnexpectedEOF
	}
	return c.err
}

// skipWS moves past white space; more is false at the end of the stream.
func (c *cursor) skipWS() (more bool, err error) {
	for {
		for c.pos < c.end {
			switch c.buf[c.pos] {
			case ' ', '\t', '\r':
				c.pos++
			case '\n':
				if c.nlStop {
					return true, nil
				}
				c.pos++
			default:
				return true, nil
			}
		}
		if !c.fill() {
			if c.err != nil && c.err != io.EOF {
				return false, c.err
			}
			return false, nil
		}
	}
}

// mustWS moves past white space inside a document, where the stream may not
// end. In NDJSON, a newline is a syntax error here.
func (c *cursor) mustWS() error {
	more, err := c.skipWS()
	if err != nil {
		return err
	}
	if !more {
		return c.cutErr()
	}
	if c.buf[c.pos] == '\n' {
		return c.syntax(c.pos, "the line ends inside the document")
	}
	return nil
}

// lineEnd checks that only white space follows a document on its line.
func (c *cursor) lineEnd() error {
	for {
		for ; c.pos < c.end; c.pos++ {
			switch c.buf[c.pos] {
			case ' ', '\t', '\r':
			case '\n':
				return nil
			default:
				return &pgSyntax{off: c.off(c.pos), msg: "text after the document", resync: true}
			}
		}
		if !c.fill() {
			return c.readErr()
		}
	}
}

func (c *cursor) syntax(i int, msg string) error {
	return &pgSyntax{off: c.off(i), msg: msg}
}

// syntaxAt turns a syntaxError from scanning buf[base:] into a pgSyntax.
func (c *cursor) syntaxAt(err error, base int) error {
	var se *syntaxError
	if errors.As(err, &se) {
		return &pgSyntax{off: c.off(base + se.off), msg: se.msg}
	}
	return &pgSyntax{off: c.off(base), msg: "invalid JSON"}
}

// lineAt is the line of buf[i]; i should not go backwards much: lines are
// counted forwards.
func (c *cursor) lineAt(i int) int {
	if i >= c.linePos {
		c.line += bytes.Count(c.buf[c.linePos:i], nl)
		c.linePos = i
		return c.line
	}
	if i < 0 {
		i = 0
	}
	return c.line - bytes.Count(c.buf[i:c.linePos], nl)
}

func (c *cursor) lineAtOff(off int64) int {
	i := off - c.base
	if i > int64(c.end) {
		i = int64(c.end)
	}
	return c.lineAt(int(i))
}

// spanCut is the error of valueSpan for a value longer than the cursor's
// limit: the value has been passed over (pos is just past it), keeping its
// first bytes.
type spanCut struct {
	n    int64  // the value's length
	kept []byte // its first bytes (valid until the next cut)
}

func (e *spanCut) Error() string { return fmt.Sprintf("a value of %d bytes", e.n) }

// valueSpan finds the end of the value at pos, holding its bytes (mark at
// pos); the caller consumes it and drops the mark. A value longer than
// c.max is not held: it is passed over and a *spanCut returned.
func (c *cursor) valueSpan() (int, error) {
	c.mark = c.pos
	s := spanScan{stopNL: c.nlStop}
	off := 0
	for {
		n, st := s.feed(c.buf[c.pos+off : c.end])
		off += n
		switch st {
		case spanDone:
			return c.pos + off, nil
		case spanBad:
			c.mark = -1
			return 0, c.badSpan(c.pos + off)
		}
		if c.max > 0 && off > c.max {
			return 0, c.dropSpan(&s, off)
		}
		if !c.fill() {
			c.mark = -1
			if s.scalar && c.err == io.EOF {
				return c.pos + off, nil
			}
			return 0, c.cutErr()
		}
	}
}

// dropSpan passes over the rest of a value too long to hold, of which off
// bytes from pos have been scanned, keeping its first bytes.
func (c *cursor) dropSpan(s *spanScan, off int) error {
	keep := min(off, model.MaxBadRaw, c.max)
	c.cutBuf = append(c.cutBuf[:0], c.buf[c.pos:c.pos+keep]...)
	c.mark = -1
	n := int64(off)
	c.pos += off
	for {
		m, st := s.feed(c.buf[c.pos:c.end])
		c.pos += m
		n += int64(m)
		switch st {
		case spanDone:
			return &spanCut{n: n, kept: c.cutBuf}
		case spanBad:
			return c.badSpan(c.pos)
		}
		if !c.fill() {
			if s.scalar && c.err == io.EOF {
				return &spanCut{n: n, kept: c.cutBuf}
			}
			return c.cutErr()
		}
	}
}

func (c *cursor) badSpan(i int) error {
	if c.buf[i] == '\n' && c.nlStop {
		return c.syntax(i, "the line ends inside the document")
	}
	return c.syntax(i, "control character in a string")
}

// skipSpan finds the end of the value at pos, holding its bytes while they
// are fewer than hold; held says whether they are all still in buf from pos.
func (c *cursor) skipSpan(hold int) (end int, held bool, err error) {
	c.mark = c.pos
	s := spanScan{stopNL: c.nlStop}
	off := 0
	held = true
	for {
		n, st := s.feed(c.buf[c.pos+off : c.end])
		off += n
		switch st {
		case spanDone:
			return c.pos + off, held, nil
		case spanBad:
			c.mark = -1
			return 0, false, c.badSpan(c.pos + off)
		}
		if held && off > hold {
			held = false
			c.mark = -1
		}
		if !held {
			c.pos += off
			off = 0
		}
		if !c.fill() {
			c.mark = -1
			if s.scalar && c.err == io.EOF {
				return c.pos + off, held, nil
			}
			return 0, false, c.cutErr()
		}
	}
}

// skipLine moves past the newline that ends the line holding stream offset
// off (or to the end of the stream).
func (c *cursor) skipLine(off int64) error {
	if i := off - c.base; i > int64(c.pos) && i <= int64(c.end) {
		c.pos = int(i)
	}
	for {
		if i := bytes.IndexByte(c.buf[c.pos:c.end], '\n'); i >= 0 {
			c.pos += i + 1
			return nil
		}
		c.pos = c.end
		if !c.fill() {
			return c.readErr()
		}
	}
}

// startCapture starts copying bytes from pos.
func (c *cursor) startCapture() {
	c.capOn = true
	c.capFrom = c.pos
	c.capStart = c.off(c.pos)
	c.capBuf = c.capBuf[:0]
}

func (c *cursor) spill(upto int) {
	if !c.capOn || c.capFrom >= upto {
		return
	}
	n := min(upto-c.capFrom, model.MaxBadRaw-len(c.capBuf))
	if n > 0 {
		c.capBuf = append(c.capBuf, c.buf[c.capFrom:c.capFrom+n]...)
	}
	c.capFrom = upto
}

// captured is what the capture holds up to buf[upto].
func (c *cursor) captured(upto int) []byte {
	c.spill(upto)
	return c.capBuf
}

// captureLine gives the bytes up to the end of the line holding stream
// offset off, at most MaxBadRaw: from the capture's start when fromCapture
// (the document started on that line), else from the line's start as far as
// the buffer still holds it.
func (c *cursor) captureLine(off int64, fromCapture bool) []byte {
	i := int(min(max(off-c.base, 0), int64(c.end)))
	if !fromCapture || !c.capOn || c.capStart > off {
		start := i
		for start > 0 && c.buf[start-1] != '\n' {
			start--
		}
		c.startCapture()
		c.capFrom, c.capStart = start, c.off(start)
	}
	// Read on to the end of the line, holding the bytes from i.
	c.mark = min(i, c.pos)
	from := i - c.mark // the line's rest starts at buf[c.mark+from]
	end := -1
	for {
		if j := bytes.IndexByte(c.buf[c.mark+from:c.end], '\n'); j >= 0 {
			end = c.mark + from + j
			break
		}
		if c.end-c.mark > model.MaxBadRaw || !c.fill() {
			end = c.end
			break
		}
	}
	c.mark = -1
	raw := c.captured(end)
	if n := len(raw); n > 0 && raw[n-1] == '\r' {
		raw = raw[:n-1]
	}
	return raw
}
