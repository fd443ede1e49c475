package source

import (
	"errors"
	"fmt"
	"io"
	"runtime"
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

// A line longer than the limit is handed over cut: its first bytes, and its
// whole length; the lines after it come whole. Small buffers and limits run
// every path (in the buffer, set aside, dropped) with small lines.
func TestLineReaderCut(t *testing.T) {
	mk := func(n int, c byte) string { return strings.Repeat(string(c), n) }
	type line struct {
		text string
		cut  int64
	}
	cases := []struct {
		name      string
		size, max int
		data      string
		want      []line
	}{
		{"in the buffer", 64, 10, "abc\n" + mk(11, 'x') + "\nde", []line{{"abc", 0}, {mk(10, 'x'), 11}, {"de", 0}}},
		{"exactly the limit", 64, 10, mk(10, 'x') + "\n", []line{{mk(10, 'x'), 0}}},
		{"set aside, then cut", 8, 20, mk(50, 'y') + "\nok\n", []line{{mk(20, 'y'), 50}, {"ok", 0}}},
		{"cut at the end of the stream", 8, 20, "a\n" + mk(100, 'z'), []line{{"a", 0}, {mk(20, 'z'), 100}}},
		{"several long lines", 16, 12, mk(40, 'a') + "\n" + mk(12, 'b') + "\n" + mk(13, 'c') + "\n", []line{{mk(12, 'a'), 40}, {mk(12, 'b'), 0}, {mk(12, 'c'), 13}}},
	}
	for _, tc := range cases {
		for _, chunk := range []int{1, 3, 1 << 20} {
			t.Run(fmt.Sprintf("%s/reads of %d", tc.name, chunk), func(t *testing.T) {
				lr := newLineReaderSize(&chunkReader{strings.NewReader(tc.data), chunk}, tc.size, tc.max)
				var got []line
				for l, ok := lr.Next(); ok; l, ok = lr.Next() {
					got = append(got, line{string(l), lr.Cut()})
				}
				if fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Errorf("lines %v, want %v", got, tc.want)
				}
			})
		}
	}
}

// An endless line is read in the memory of its kept bytes: 64 MiB of one
// line with a limit of 1 MiB holds at most a few MiB.
func TestLineReaderEndlessLineBounded(t *testing.T) {
	const total = 64 << 20
	r := io.MultiReader(io.LimitReader(zeros{}, total), strings.NewReader("\n{}\n"))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	lr := newLineReaderSize(r, 256<<10, 1<<20)
	line, ok := lr.Next()
	runtime.ReadMemStats(&after)
	if !ok || len(line) != 64<<10 || lr.Cut() != total {
		t.Fatalf("first line %d bytes, cut %d, ok %v; want 64 KiB kept of %d", len(line), lr.Cut(), ok, total)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Errorf("reading a 64 MiB line allocated %d bytes, want at most 4 MiB", grew)
	}
	if line, ok := lr.Next(); !ok || string(line) != "{}" {
		t.Errorf("the line after: %q", line)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
