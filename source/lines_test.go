package source

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// chunkReader hands over at most n bytes a Read.
type chunkReader struct {
	r io.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(p) > c.n {
		p = p[:c.n]
	}
	return c.r.Read(p)
}

func TestLineReader(t *testing.T) {
	const bufSize = 256 << 10
	mk := func(n int, c byte) string { return strings.Repeat(string(c), n) }
	cases := []struct {
		name  string
		lines []string // joined with '\n'
		final bool     // the stream ends with a '\n'
	}{
		{"empty stream", nil, false},
		{"one newline", []string{""}, true},
		{"no final newline", []string{"a", "bb", "ccc"}, false},
		{"final newline", []string{"a", "bb", "ccc"}, true},
		{"blank lines", []string{"", "a", "", "", "b", ""}, true},
		{"buffer-sized lines", []string{mk(bufSize-1, 'a'), mk(bufSize, 'b'), mk(bufSize+1, 'c'), "d"}, true},
		{"long lines", []string{"short", mk(3*bufSize+17, 'x'), "", mk(600<<10, 'y'), "tail"}, true},
		{"long final line without newline", []string{"a", mk(2*bufSize+5, 'z')}, false},
		{"exact multiple of the buffer, no newline", []string{mk(2*bufSize, 'q')}, false},
		{"crlf stays", []string{"a\r", "b\r"}, true},
	}
	readers := []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"whole", func(r io.Reader) io.Reader { return r }},
		{"chunks of 4093", func(r io.Reader) io.Reader { return &chunkReader{r, 4093} }},
		{"data with EOF", func(r io.Reader) io.Reader { return iotest.DataErrReader(r) }},
	}
	for _, tc := range cases {
		data := strings.Join(tc.lines, "\n")
		if tc.final {
			data += "\n"
		}
		for _, rd := range readers {
			t.Run(tc.name+"/"+rd.name, func(t *testing.T) {
				lr := newLineReader(rd.wrap(strings.NewReader(data)))
				n := 0
				for {
					line, ok := lr.Next()
					if !ok {
						break
					}
					if n >= len(tc.lines) {
						t.Fatalf("line %d (%d bytes) beyond the %d lines", lr.line, len(line), len(tc.lines))
					}
					if string(line) != tc.lines[n] {
						t.Errorf("line %d: %d bytes %.20q, want %d bytes %.20q", n+1, len(line), line, len(tc.lines[n]), tc.lines[n])
					}
					n++
					if lr.line != n {
						t.Errorf("line number %d, want %d", lr.line, n)
					}
				}
				if n != len(tc.lines) {
					t.Errorf("got %d lines, want %d", n, len(tc.lines))
				}
				if err := lr.Err(); err != nil {
					t.Errorf("Err = %v, want nil", err)
				}
				if _, ok := lr.Next(); ok {
					t.Errorf("Next after the end returned a line")
				}
			})
		}
	}

	t.Run("one byte a read", func(t *testing.T) {
		data := "a\n\nbcd\r\nef"
		lr := newLineReader(iotest.OneByteReader(strings.NewReader(data)))
		var lines []string
		for line, ok := lr.Next(); ok; line, ok = lr.Next() {
			lines = append(lines, string(line))
		}
		if want := []string{"a", "", "bcd\r", "ef"}; fmt.Sprint(lines) != fmt.Sprint(want) || lr.line != 4 {
			t.Errorf("lines %q (last number %d), want %q", lines, lr.line, want)
		}
	})

	t.Run("error mid-stream", func(t *testing.T) {
		boom := errors.New("boom")
		r := io.MultiReader(strings.NewReader("one\ntwo\nthr"), iotest.ErrReader(boom))
		lr := newLineReader(r)
		var lines []string
		for line, ok := lr.Next(); ok; line, ok = lr.Next() {
			lines = append(lines, string(line))
		}
		if fmt.Sprint(lines) != "[one two thr]" || !errors.Is(lr.Err(), boom) {
			t.Errorf("lines %q, Err %v; want [one two thr] and boom", lines, lr.Err())
		}
	})
}

// After one long line, the short lines that follow are still handed over
// from the buffer, without a copy each.
func TestLineReaderNoCopyAfterLongLine(t *testing.T) {
	short := "{\"ref\": \"a\", \"code\": \"409\", \"message\": \"Resource conflict\"}\n"
	data := strings.Repeat("x", 300<<10) + "\n" + strings.Repeat(short, 2000)
	lr := newLineReader(strings.NewReader(data))
	if line, ok := lr.Next(); !ok || len(line) != 300<<10 {
		t.Fatalf("first line: %d bytes, ok %v", len(line), ok)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		if line, ok := lr.Next(); !ok || string(line) != short[:len(short)-1] {
			t.Fatalf("short line %q, ok %v", line, ok)
		}
	})
	if allocs != 0 {
		t.Errorf("Next allocates %v times a short line after a long one, want 0", allocs)
	}
}
