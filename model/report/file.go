// Package report holds errscope's output writers and the atomic file writer
// every command that writes a file uses.
package report

import (
	"bufio"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/gzip"

	"github.com/errscope/errscope/model"
)

// FileOptions say how Create writes.
type FileOptions struct {
	// Force replaces files that exist; without it Commit refuses them and
	// leaves them as they are.
	Force bool
	// PartSize bounds each file written, in bytes as on disk (gzipped for a
	// .gz name); 0 means no bound. When one file is not enough, the parts
	// are numbered: resend.gz becomes resend-001.gz, resend-002.gz, ...
	// A record is never split across parts.
	PartSize int64
	// Header starts every part (a CSV header); it is not a record.
	Header []byte
	// Log gets one line per file written:
	// "wrote PATH: N records, BYTES bytes, md5 HEX".
	Log io.Writer
}

// Written is one file that Commit put in place.
type Written struct {
	Path    string
	Records int64
	Bytes   int64
	MD5     string // hex, of the bytes as on disk
}

// File writes records to a path atomically: each part goes to a temporary
// file (mode 0600) in the path's folder and is renamed into place only by
// Commit, so an error or an interrupt (Abort) leaves nothing behind, and a
// file that exists is never replaced without Force.
type File struct {
	path  string
	opt   FileOptions
	gz    bool
	flush int64 // gzip: flush the compressor after this many bytes

	done []*part // finished parts, still temporary files
	cur  *part
	err  error
	over bool // committed or aborted
}

type part struct {
	f       *os.File
	sum     hash.Hash
	n       int64 // bytes written to the file so far
	gz      *gzip.Writer
	bw      *bufio.Writer
	records int64
	pending int64 // gzip: bytes given to the compressor since its last flush
}

func (p *part) Write(b []byte) (int, error) {
	n, err := p.f.Write(b)
	p.sum.Write(b[:n])
	p.n += int64(n)
	return n, err
}

// gzipSlack bounds what a gzip stream adds besides its blocks: header (10),
// trailer (8), a flush marker (5) and the final empty block.
const gzipSlack = 32

// ErrExists is returned (wrapped) when a file to write exists and Force is
// not set.
var ErrExists = errors.New("exists")

// Create starts writing path. A name ending in .gz is gzipped. It fails at
// once when path exists (and Force is not set), before any work is done.
func Create(path string, opt FileOptions) (*File, error) {
	if path == "" || path == "-" {
		return nil, errors.New("report: Create needs a file name")
	}
	f := &File{path: path, opt: opt, gz: strings.HasSuffix(path, ".gz")}
	if err := refuseSpecial(path); err != nil {
		return nil, err
	}
	if !opt.Force {
		if err := refuseExisting(path); err != nil {
			return nil, err
		}
	}
	f.flush = 1 << 20
	if opt.PartSize > 0 {
		f.flush = min(max(opt.PartSize/32, 16<<10), 1<<20)
	}
	return f, nil
}

// refuseSpecial refuses a name that is there and is not a regular file (a
// device such as /dev/null, a pipe, a directory, a link): renaming over it
// would replace it, --force or not.
func refuseSpecial(path string) error {
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("%s: is not a regular file (%s): errscope writes only files of its own; to write to standard output leave out -o", model.Printable(path), st.Mode().Type())
	}
	return nil
}

func refuseExisting(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s: %w: errscope does not write over a file; name another, or add --force to replace it", model.Printable(path), ErrExists)
	}
	return nil
}

func (f *File) open() error {
	dir, base := filepath.Split(f.path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s: cannot create a file in its folder: %w", model.Printable(f.path), err)
	}
	if err := tmp.Chmod(0o600); err != nil { // CreateTemp's 0600 is subject to umask only; say it anyway
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	p := &part{f: tmp, sum: md5.New()}
	var w io.Writer = p
	if f.gz {
		p.gz = gzip.NewWriter(p)
		w = p.gz
	}
	p.bw = bufio.NewWriterSize(w, 256<<10)
	if len(f.opt.Header) > 0 {
		p.bw.Write(f.opt.Header)
		p.pending += int64(len(f.opt.Header))
	}
	f.cur = p
	return nil
}

// size bounds what the part would be on disk if it were closed now.
func (f *File) size(p *part) int64 {
	if !f.gz {
		return p.n + int64(p.bw.Buffered())
	}
	return p.n + p.pending + p.pending>>12 + gzipSlack
}

// Write adds one record (a line with its line end, as it is to be written).
func (f *File) Write(rec []byte) error {
	if f.err != nil {
		return f.err
	}
	if f.over {
		return errors.New("report: write after Commit or Abort")
	}
	if f.cur != nil && f.opt.PartSize > 0 && f.cur.records > 0 {
		need := int64(len(rec))
		if f.gz {
			need += need >> 12
		}
		if f.size(f.cur)+need > f.opt.PartSize {
			if f.err = f.closePart(); f.err != nil {
				return f.err
			}
		}
	}
	if f.cur == nil {
		if f.err = f.open(); f.err != nil {
			return f.err
		}
	}
	p := f.cur
	if _, err := p.bw.Write(rec); err != nil {
		f.err = f.writeErr(err)
		return f.err
	}
	p.records++
	if f.gz {
		p.pending += int64(len(rec))
		if p.pending >= f.flush {
			if err := p.bw.Flush(); err != nil {
				f.err = f.writeErr(err)
				return f.err
			}
			if err := p.gz.Flush(); err != nil {
				f.err = f.writeErr(err)
				return f.err
			}
			p.pending = 0
		}
	}
	return nil
}

func (f *File) writeErr(err error) error {
	return fmt.Errorf("%s: writing failed: %w (nothing was written)", model.Printable(f.path), err)
}

// closePart finishes the current part's temporary file.
func (f *File) closePart() error {
	p := f.cur
	f.cur = nil
	f.done = append(f.done, p)
	err := p.bw.Flush()
	if p.gz != nil {
		if e := p.gz.Close(); err == nil {
			err = e
		}
	}
	if e := p.f.Sync(); err == nil {
		err = e
	}
	if e := p.f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return f.writeErr(err)
	}
	if f.opt.PartSize > 0 && p.n > f.opt.PartSize {
		return fmt.Errorf("%s: one record alone is %d bytes, more than the part size %d: it cannot be split (nothing was written)", model.Printable(f.path), p.n, f.opt.PartSize)
	}
	return nil
}

// Records is the number of records written so far.
func (f *File) Records() int64 {
	n := int64(0)
	for _, p := range f.done {
		n += p.records
	}
	if f.cur != nil {
		n += f.cur.records
	}
	return n
}

// partName numbers a part: resend.gz, 2 → resend-002.gz.
func partName(path string, k int) string {
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	if ext == ".gz" {
		switch inner := filepath.Ext(stem); inner {
		case ".ndjson", ".jsonl", ".json", ".csv", ".txt":
			ext = inner + ext
			stem = strings.TrimSuffix(stem, inner)
		}
	}
	return fmt.Sprintf("%s-%03d%s", stem, k, ext)
}

// Commit finishes the last part and puts every part in place: under the
// path given when there is one, else numbered. It reports each file on
// opt.Log. On any error nothing is left behind, and no file that existed
// is touched (unless Force).
func (f *File) Commit() ([]Written, error) {
	if f.over {
		return nil, errors.New("report: Commit after Commit or Abort")
	}
	if f.err != nil {
		f.Abort()
		return nil, f.err
	}
	if f.cur == nil && len(f.done) == 0 {
		if err := f.open(); err != nil { // no record: an empty file (a header only)
			f.Abort()
			return nil, err
		}
	}
	if f.cur != nil {
		if err := f.closePart(); err != nil {
			f.Abort()
			return nil, err
		}
	}
	names := []string{f.path}
	if len(f.done) > 1 {
		names = names[:0]
		for k := range f.done {
			names = append(names, partName(f.path, k+1))
		}
	}
	for _, n := range names {
		err := refuseSpecial(n)
		if err == nil && !f.opt.Force {
			err = refuseExisting(n)
		}
		if err != nil {
			f.Abort()
			return nil, err
		}
	}
	var placed []string
	for k, p := range f.done {
		if err := place(p.f.Name(), names[k], f.opt.Force); err != nil {
			for _, n := range placed { // ours, made a moment ago
				os.Remove(n)
			}
			f.Abort()
			if errors.Is(err, fs.ErrExist) {
				return nil, refuseExisting(names[k])
			}
			return nil, fmt.Errorf("%s: %w (nothing was written)", model.Printable(names[k]), err)
		}
		placed = append(placed, names[k])
	}
	f.over = true
	syncDir(filepath.Dir(f.path))
	out := make([]Written, len(f.done))
	for k, p := range f.done {
		out[k] = Written{Path: names[k], Records: p.records, Bytes: p.n, MD5: hex.EncodeToString(p.sum.Sum(nil))}
		if f.opt.Log != nil {
			fmt.Fprintf(f.opt.Log, "wrote %s: %d records, %d bytes, md5 %s\n", model.Printable(out[k].Path), out[k].Records, out[k].Bytes, out[k].MD5)
		}
	}
	return out, nil
}

// place moves a finished temporary file to its name: with force by rename,
// else by a hard link that fails when the name exists (no window in which
// a file made meanwhile is replaced), falling back to a rename where links
// are not supported.
func place(tmp, name string, force bool) error {
	if !force {
		err := os.Link(tmp, name)
		if err == nil {
			return os.Remove(tmp)
		}
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		if _, serr := os.Lstat(name); serr == nil {
			return fs.ErrExist
		}
	}
	return os.Rename(tmp, name)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Abort removes every temporary file; files in place are not touched. It
// may be called after Commit (it then does nothing), so `defer f.Abort()`
// covers every early return.
func (f *File) Abort() {
	if f.over {
		return
	}
	f.over = true
	if f.cur != nil {
		f.done = append(f.done, f.cur)
		f.cur = nil
	}
	for _, p := range f.done {
		p.f.Close()
		os.Remove(p.f.Name())
	}
}
