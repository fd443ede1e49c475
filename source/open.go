// Package source opens error logs (files, gzip or not, standard input),
// recognizes their format by content, and decodes them into records for a
// model.Sink, counting and keeping every line it cannot read. Its Stream is
// the one loading stage every end reads through: it owns the store and
// publishes model.Progress values.
package source

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"

	"github.com/errscope/errscope/model"
)

// Input is an opened log: its decompressed bytes and how far the file has
// been read.
type Input struct {
	Name       string
	Compressed bool
	Size       int64 // bytes of the file, or 0 when not known (standard input)
	read       atomic.Int64
	r          io.Reader
	closers    []io.Closer
	stdin      bool
	// warning says what was ignored (bytes after the end of the gzip
	// data); it is set on the inflating goroutine before the end of the
	// stream is handed over, and read after it.
	warning string
}

// Warning says what reading the log ignored, once it has been read to its
// end: "" when nothing.
func (in *Input) Warning() string { return in.warning }

// BytesRead is how many bytes of the file (compressed, as on disk) have been
// read so far; safe to call from any goroutine.
func (in *Input) BytesRead() int64 { return in.read.Load() }

// Read reads decompressed bytes.
func (in *Input) Read(p []byte) (int, error) { return in.r.Read(p) }

// Close closes the file and stops the decompressing goroutine.
func (in *Input) Close() error {
	var first error
	for i := len(in.closers) - 1; i >= 0; i-- {
		if err := in.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

var gzipMagic = []byte{0x1f, 0x8b}

// Open opens a log by name ("-" is standard input) with the default
// FetchOptions; see OpenWith.
func Open(name string) (*Input, error) { return OpenWith(name, FetchOptions{}) }

// OpenWith opens a log by name: a file, "-" for standard input, or an http
// or https URL, fetched as it is read. Gzip is recognized by its magic
// bytes, whatever the name; several gzip members one after another are read
// as one stream. A saved batch status (in a file or at a URL) is followed to
// the error log it names, or is a *StatusError saying why there is none.
// The input is only ever read; a URL's credentials are masked in its Name
// and in every error.
func OpenWith(name string, o FetchOptions) (*Input, error) { return openDepth(name, o, 0) }

func openDepth(name string, o FetchOptions, depth int) (*Input, error) {
	in := &Input{Name: name}
	var f io.ReadCloser
	switch {
	case name == "-":
		in.Name = "stdin"
		in.stdin = true
		f = io.NopCloser(os.Stdin)
	case IsURL(name):
		in.Name = model.MaskURL(name)
		body, size, err := fetch(context.Background(), name, o)
		if err != nil {
			return nil, err
		}
		in.Size = max(size, 0)
		f = body
	default:
		file, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, explainOpen(err))
		}
		st, err := file.Stat()
		if err != nil {
			file.Close()
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if st.IsDir() {
			file.Close()
			return nil, fmt.Errorf("%s: is a directory: name the log file inside it", name)
		}
		in.Size = st.Size()
		f = file
	}
	in.closers = append(in.closers, f)
	br := bufio.NewReaderSize(countingReader{f, &in.read}, 256<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == gzipMagic[0] && magic[1] == gzipMagic[1] {
		zr, err := gzip.NewReader(br)
		if err != nil {
			in.Close()
			return nil, fmt.Errorf("%s: looks like gzip but its header cannot be read (%w): is the download complete?", in.Name, err)
		}
		in.Compressed = true
		// zr is not closed: its goroutine-free state needs no release, and
		// closing it could race with the readahead goroutine still in Read.
		zr.Multistream(false)
		ra := newReadahead(&gzipMembers{zr: zr, br: br, in: in})
		in.closers = append(in.closers, ra)
		in.r = ra
		return in, nil
	}
	if st, ok := peekBatchStatus(br); ok {
		in.Close()
		return followStatus(in.Name, st, depth, o, openDepth)
	}
	in.r = br
	return in, nil
}

// Check says whether name can be opened as a log, with the error Open
// would give (a missing file, a directory, a URL that answers an error, a
// batch status with no log); see CheckWith.
func Check(name string) error { return CheckWith(name, FetchOptions{}) }

// CheckWith opens the log and closes it at once: what cannot be read at all
// is said before any screen is drawn. Standard input is not touched.
func CheckWith(name string, o FetchOptions) error {
	if name == "-" {
		return nil
	}
	in, err := OpenWith(name, o)
	if err != nil {
		return err
	}
	return in.Close()
}

func explainOpen(err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New("no such file: check the path (errscope reads a downloaded log, e.g. import.gz)")
	case errors.Is(err, os.ErrPermission):
		return errors.New("permission denied: errscope only reads the file; check its permissions")
	}
	return err
}

// gzipMembers reads gzip members one after another, as gzip -d does, and
// stops at bytes after the last one that are not gzip: trailing data,
// ignored with a warning (trailing zeros, a padded download, silently).
type gzipMembers struct {
	zr *gzip.Reader
	br *bufio.Reader
	in *Input
}

func (g *gzipMembers) Read(p []byte) (int, error) {
	for {
		n, err := g.zr.Read(p)
		if err != io.EOF {
			return n, err
		}
		more, err := g.next()
		if err != nil || !more {
			if err == nil {
				err = io.EOF
			}
			return n, err
		}
		if n > 0 {
			return n, nil
		}
	}
}

// next starts the next member, or reads past trailing bytes; more is false
// at the end.
func (g *gzipMembers) next() (more bool, err error) {
	magic, _ := g.br.Peek(2)
	switch {
	case len(magic) == 0:
		return false, nil
	case len(magic) == 1 && magic[0] == gzipMagic[0]:
		return false, io.ErrUnexpectedEOF // a next member cut in its magic
	case len(magic) == 2 && magic[0] == gzipMagic[0] && magic[1] == gzipMagic[1]:
		if err := g.zr.Reset(g.br); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return false, err
		}
		g.zr.Multistream(false)
		return true, nil
	}
	at := g.in.read.Load() - int64(g.br.Buffered())
	var n int64
	zeros := true
	buf := make([]byte, 32<<10)
	for {
		m, err := g.br.Read(buf)
		for _, c := range buf[:m] {
			if c != 0 {
				zeros = false
				break
			}
		}
		n += int64(m)
		if err != nil || !zeros {
			break
		}
	}
	if !zeros {
		g.in.warning = fmt.Sprintf("%s: the gzip data ends at byte %s, and the bytes after it are not gzip: trailing data, ignored (gzip -t says the same); the records are all read",
			g.in.Name, model.Thousands(at))
	}
	return false, nil
}

// readahead inflates on its own goroutine, a few buffers ahead of the
// decoder, so that inflating and decoding use both cores.
type readahead struct {
	ch   chan block
	free chan []byte
	cur  block
	stop chan struct{}
	done atomic.Bool
}

type block struct {
	b   []byte
	n   int
	off int
	err error
}

const (
	raBlocks = 4
	raSize   = 256 << 10
)

func newReadahead(r io.Reader) *readahead {
	ra := &readahead{ch: make(chan block, raBlocks), free: make(chan []byte, raBlocks+1), stop: make(chan struct{})}
	for range raBlocks + 1 {
		ra.free <- make([]byte, raSize)
	}
	go ra.run(r)
	return ra
}

func (ra *readahead) run(r io.Reader) {
	defer close(ra.ch)
	defer func() {
		// A panic while inflating is a read error of this log, not the
		// end of the program (with the terminal left raw).
		if v := recover(); v != nil {
			select {
			case ra.ch <- block{err: &panicError{v}}:
			case <-ra.stop:
			}
		}
	}()
	for {
		var buf []byte
		select {
		case buf = <-ra.free:
		case <-ra.stop:
			return
		}
		// Fill the block while the input keeps up (fewer hand-overs), but
		// hand over what came as soon as a read falls short of a quarter
		// block: a slow pipe's lines must not wait for 256 KiB more.
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = r.Read(buf[n:])
			n += m
			if m < len(buf)/4 && n > 0 {
				break
			}
		}
		select {
		case ra.ch <- block{b: buf, n: n, err: err}:
		case <-ra.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

func (ra *readahead) Read(p []byte) (int, error) {
	for ra.cur.off >= ra.cur.n {
		if ra.cur.err != nil {
			return 0, ra.cur.err
		}
		if ra.cur.b != nil {
			ra.free <- ra.cur.b
			ra.cur.b = nil
		}
		blk, ok := <-ra.ch
		if !ok {
			return 0, io.EOF
		}
		ra.cur = blk
	}
	n := copy(p, ra.cur.b[ra.cur.off:ra.cur.n])
	ra.cur.off += n
	return n, nil
}

func (ra *readahead) Close() error {
	if ra.done.CompareAndSwap(false, true) {
		close(ra.stop)
	}
	return nil
}
