package source

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/errscope/errscope/model"
)

// Reading a ref's line back from the batch file, for the detail view.

// Record reads the line of ref back from the file.
func (x *BatchIndex) Record(ref string) (model.BatchRecord, bool, error) {
	x.Wait()
	i := x.find([]byte(ref))
	if i < 0 {
		return model.BatchRecord{}, false, nil
	}
	e := x.ent(i)
	line, err := x.readLine(int64(e.off))
	if err != nil {
		return model.BatchRecord{}, false, err
	}
	rec := model.BatchRecord{Ref: ref, Line: int64(e.line)}
	parseBatchRecord(body(line, e.line == 1), &rec)
	return rec, true, nil
}

// parseBatchRecord fills schema, mode and value from a line the index read.
func parseBatchRecord(b []byte, rec *model.BatchRecord) {
	top, _, err := scanObject(b, 0, nil)
	if err != nil {
		return
	}
	for _, m := range top {
		v := b[m.start:m.end]
		switch {
		case m.keyIs("schema") && m.kind == '"':
			rec.Schema = string(stringValue(v, m.escaped))
		case m.keyIs("mode"):
			rec.HasMode = true
			if m.kind == '"' {
				rec.Mode = string(stringValue(v, m.escaped))
			} else {
				rec.Mode = string(v)
			}
		case m.keyIs("value"):
			rec.Value = append([]byte(nil), v...)
		}
	}
}

// readLine reads the line that starts at off: by ReadAt from a plain file,
// by reading forward (from the start when it lies behind) in a gzipped one.
func (x *BatchIndex) readLine(off int64) ([]byte, error) {
	x.readMu.Lock()
	defer x.readMu.Unlock()
	if x.seq == nil || off < x.seq.lr.off {
		if x.seq != nil {
			x.seq.in.Close()
		}
		in, err := Open(x.path) // the name as given: a URL's, unmasked
		if err != nil {
			return nil, fmt.Errorf("batch file %w", err)
		}
		x.seq = &seqReader{in: in, lr: newRawLines(in)}
		if !in.Compressed {
			if f, ok := in.closers[0].(*os.File); ok {
				x.seq.file = f
			}
		}
	}
	if f := x.seq.file; f != nil {
		return readLineAt(f, off)
	}
	lr := x.seq.lr
	if _, err := lr.br.Discard(int(min(off-lr.off, int64(^uint(0)>>1)))); err != nil {
		x.seq.in.Close()
		x.seq = nil
		return nil, fmt.Errorf("batch file %s: cannot read back line at byte %d: %w", x.name, off, err)
	}
	lr.off = off
	line, err := lr.next()
	if line == nil {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("batch file %s: cannot read back line at byte %d: %w (has it changed?)", x.name, off, err)
	}
	return append([]byte(nil), line...), nil
}

type seqReader struct {
	in   *Input
	lr   *rawLines
	file *os.File // a plain file: read at offsets
}

func readLineAt(f *os.File, off int64) ([]byte, error) {
	var out []byte
	buf := make([]byte, 64<<10)
	for {
		n, err := f.ReadAt(buf, off)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return append(out, buf[:i+1]...), nil
		}
		out = append(out, buf[:n]...)
		off += int64(n)
		if err == io.EOF && len(out) > 0 {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Close releases the file a Record call keeps open.
func (x *BatchIndex) Close() error {
	x.readMu.Lock()
	defer x.readMu.Unlock()
	if x.seq != nil {
		x.seq.in.Close()
		x.seq = nil
	}
	return nil
}
