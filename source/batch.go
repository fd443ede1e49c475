package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math/bits"
	"sync"

	"github.com/errscope/errscope/model"
)

// A batch file is what was uploaded to the Sitecore CDP Batch API: one
// {"ref","schema","mode","value"} object a line, usually gzipped. The error
// log names failed records by that ref; a BatchIndex finds each ref's line.
//
// Memory: the index keeps no line, only where each starts. An entry is 16
// bytes (offset, line number, end of its ref in the arena) plus its ref in
// the arena (16 bytes for a UUID, packed as the store packs them), and the
// hash table two uint32 slots a line: 24 bytes a line plus the ref.

// maxBadNamed is how many bad lines the index names (it counts them all).
const maxBadNamed = 100

const (
	batchChunkBits = 16
	batchChunkSize = 1 << batchChunkBits
	refPackedBit   = 1 << 31
)

type batchEnt struct {
	off    uint64 // where the line starts in the (decompressed) file
	line   uint32 // its 1-based number
	refEnd uint32 // end of its ref in the chunk's arena; refPackedBit: a packed UUID
}

type batchChunk struct {
	ents  []batchEnt
	arena []byte
}

// BatchIndex is an uploaded batch file indexed by ref. Build fills it (on
// any goroutine); Stats may be read meanwhile; Has and Record answer once it
// is built.
type BatchIndex struct {
	name string // as shown: a URL's credentials masked
	path string // as given, to open it again

	mu    sync.Mutex // guards stats and in
	stats model.BatchStats
	in    *Input
	built chan struct{}

	chunks  []*batchChunk
	n       int
	table   []uint32 // tag | entry index + 1; 0 is empty
	idxMask uint32
	seed    maphash.Seed

	readMu sync.Mutex // one reader of the file at a time
	seq    *seqReader // a gzipped file is read forward from where it stands
}

// OpenBatch opens a batch file (gzipped or not, by its magic bytes) for
// indexing; it fails at once when the file cannot be opened.
func OpenBatch(name string) (*BatchIndex, error) {
	in, err := Open(name)
	if err != nil {
		return nil, fmt.Errorf("batch file %w", err)
	}
	x := &BatchIndex{name: in.Name, path: name, in: in, built: make(chan struct{}), seed: maphash.MakeSeed()}
	x.stats = model.BatchStats{Name: in.Name, Compressed: in.Compressed, Size: in.Size}
	return x, nil
}

// IndexBatch opens and indexes a batch file.
func IndexBatch(ctx context.Context, name string) (*BatchIndex, error) {
	x, err := OpenBatch(name)
	if err != nil {
		return nil, err
	}
	return x, x.Build(ctx)
}

// Stats says how far indexing has come; safe on any goroutine.
func (x *BatchIndex) Stats() model.BatchStats {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := x.stats
	if x.in != nil {
		s.Read = x.in.BytesRead()
	}
	s.BadLines = append([]model.BadBatchLine(nil), s.BadLines...)
	return s
}

// Wait blocks until the index is built.
func (x *BatchIndex) Wait() { <-x.built }

// rawLines splits a stream into lines as they are, line end included. A
// line longer than DefaultMaxLine is kept to that length and marked cut:
// memory stays bounded on any input.
type rawLines struct {
	br   *bufio.Reader
	long []byte
	off  int64 // where the next line starts
	cut  bool  // the line last returned was longer than max
	max  int
}

func newRawLines(r io.Reader) *rawLines {
	return &rawLines{br: bufio.NewReaderSize(r, 256<<10), max: DefaultMaxLine}
}

// next gives the next line with its '\n' (none on a last line without
// one); at the end, a nil line and the error that ended the stream (io.EOF
// when it simply ended). The line is valid until the next call.
func (r *rawLines) next() ([]byte, error) {
	r.long, r.cut = r.long[:0], false
	for {
		b, err := r.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull || (len(r.long) > 0 && len(b) > 0) {
			r.off += int64(len(b))
			if room := r.max - len(r.long); room < len(b) {
				b, r.cut = b[:max(room, 0)], true
			}
			r.long = append(r.long, b...)
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				err = nil
			}
			return r.long, err
		}
		if len(b) > 0 {
			r.off += int64(len(b))
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(r.long) > 0 {
			return r.long, nil
		}
		return nil, err
	}
}

// body is a line without its line end (and without a BOM on line 1).
func body(line []byte, first bool) []byte {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	if first {
		line = bytes.TrimPrefix(line, bom)
	}
	return line
}

// batchLine reads one batch line: its top-level members and ref, or why it
// is not a one-line JSON object with a ref.
func batchLine(b []byte, ms []member) ([]member, []byte, string) {
	top, end, err := scanObject(b, 0, ms)
	if err == nil {
		if end = skipWS(b, end); end < len(b) {
			err = &syntaxError{end, "text after the JSON object"}
		}
	}
	if err != nil {
		why := "not one JSON object on one line (a pretty-printed record? each record must be one minified line): " + err.Error()
		return top, nil, why
	}
	var ref *member
	for i := range top {
		if top[i].keyIs("ref") {
			ref = &top[i]
		}
	}
	switch {
	case ref == nil:
		return top, nil, `no "ref"`
	case ref.kind != '"':
		return top, nil, `"ref" is not a string`
	}
	return top, stringValue(b[ref.start:ref.end], ref.escaped), ""
}

// Build reads the whole file and indexes it. It returns why the file could
// not be read whole (what was read is indexed).
func (x *BatchIndex) Build(ctx context.Context) error {
	defer close(x.built)
	x.mu.Lock()
	in := x.in
	x.mu.Unlock()
	defer in.Close()
	bl := batchLines{lr: newRawLines(in)}
	for {
		_, ref, start, ok := bl.next(ctx, func() {
			x.mu.Lock()
			x.stats.Lines, x.stats.Records, x.stats.Bad = bl.lines, int64(x.n), bl.bad
			x.mu.Unlock()
		})
		if !ok {
			break
		}
		x.add(ref, uint64(start), bl.lines)
	}
	lines, bad, badNamed, err := bl.lines, bl.bad, bl.badNamed, bl.err
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = fmt.Errorf("batch file %s: indexing interrupted after %d lines", x.name, lines)
		} else {
			err = fmt.Errorf("batch file %w", readError(in, err))
		}
	}
	dups := x.buildTable()
	x.mu.Lock()
	x.stats.Lines, x.stats.Records, x.stats.Bad, x.stats.BadLines = lines, int64(x.n)-dups, bad, badNamed
	x.stats.Dups, x.stats.Done, x.stats.Err = dups, true, err
	x.stats.Read = in.BytesRead()
	x.in = nil
	x.mu.Unlock()
	return err
}

func (x *BatchIndex) add(ref []byte, off uint64, line int64) {
	if len(ref) > model.MaxRef {
		ref = ref[:model.MaxRef]
	}
	if x.n&(batchChunkSize-1) == 0 {
		x.chunks = append(x.chunks, &batchChunk{ents: make([]batchEnt, 0, batchChunkSize), arena: make([]byte, 0, batchChunkSize*16)})
	}
	c := x.chunks[len(x.chunks)-1]
	var packed bool
	end := uint32(0)
	if c.arena, packed = model.PackUUID(c.arena, ref); packed {
		end = uint32(len(c.arena)) | refPackedBit
	} else {
		c.arena = append(c.arena, ref...)
		end = uint32(len(c.arena))
	}
	c.ents = append(c.ents, batchEnt{off: off, line: uint32(min(line, 1<<32-1)), refEnd: end})
	x.n++
}

// key is entry i's ref as stored (packed or text), and whether it is packed.
func (x *BatchIndex) key(i int) ([]byte, bool) {
	c := x.chunks[i>>batchChunkBits]
	j := i & (batchChunkSize - 1)
	start := uint32(0)
	if j > 0 {
		start = c.ents[j-1].refEnd &^ refPackedBit
	}
	end := c.ents[j].refEnd
	return c.arena[start : end&^refPackedBit], end&refPackedBit != 0
}

func (x *BatchIndex) ent(i int) batchEnt {
	return x.chunks[i>>batchChunkBits].ents[i&(batchChunkSize-1)]
}

func (x *BatchIndex) hash(k []byte, packed bool) uint64 {
	h := maphash.Bytes(x.seed, k)
	if packed {
		h ^= 0x9e3779b97f4a7c15 // a packed UUID never equals a text ref
	}
	return h
}

// slot maps a hash onto the table (no power of two needed).
func (x *BatchIndex) slot(h uint64) int {
	return int((h >> 32) * uint64(len(x.table)) >> 32)
}

// A table slot holds an entry's index + 1 in its low bits and, in the bits
// the index does not need, a tag of the ref's hash: most probes that meet
// another ref are told apart without reading its key.
func (x *BatchIndex) tag(h uint64) uint32 { return uint32(h) &^ x.idxMask }

// buildTable makes the hash table once every line is read: two slots a
// line. The first line of a ref is the one found; later lines with the
// same ref are counted.
func (x *BatchIndex) buildTable() (dups int64) {
	x.table = make([]uint32, max(2*x.n, 1))
	x.idxMask = uint32(1)<<bits.Len32(uint32(x.n+1)) - 1
	if x.n+1 >= 1<<31 {
		x.idxMask = ^uint32(0)
	}
	for i := 0; i < x.n; i++ {
		k, packed := x.key(i)
		h := x.hash(k, packed)
		s, t := x.slot(h), x.tag(h)
		for {
			e := x.table[s]
			if e == 0 {
				x.table[s] = t | uint32(i+1)
				break
			}
			if e&^x.idxMask == t {
				if k2, p2 := x.key(int(e&x.idxMask - 1)); p2 == packed && string(k) == string(k2) {
					dups++
					break
				}
			}
			if s++; s == len(x.table) {
				s = 0
			}
		}
	}
	return dups
}

// find gives the entry of a ref, or -1.
func (x *BatchIndex) find(ref []byte) int {
	if len(x.table) == 0 {
		return -1
	}
	var buf [16]byte
	k, packed := model.PackUUID(buf[:0], ref)
	if !packed {
		k = ref
		if len(k) > model.MaxRef {
			k = k[:model.MaxRef]
		}
	}
	h := x.hash(k, packed)
	s, t := x.slot(h), x.tag(h)
	for {
		e := x.table[s]
		if e == 0 {
			return -1
		}
		if e&^x.idxMask == t {
			if k2, p2 := x.key(int(e&x.idxMask - 1)); p2 == packed && string(k) == string(k2) {
				return int(e&x.idxMask - 1)
			}
		}
		if s++; s == len(x.table) {
			s = 0
		}
	}
}

// Has says whether a line of the batch file has this ref.
func (x *BatchIndex) Has(ref string) bool {
	select {
	case <-x.built:
	default:
		return false
	}
	return x.find([]byte(ref)) >= 0
}

// HasBytes is Has for a ref in bytes (no allocation).
func (x *BatchIndex) HasBytes(ref []byte) bool { return x.find(ref) >= 0 }
