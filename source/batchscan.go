package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/errscope/errscope/model"
)

// ScanBatch reads a batch file line by line, as it is, and hands each line
// that is one JSON object with a ref to fn: the line with its line end (and
// a BOM before line 1), byte for byte, and its ref. The lines that are not
// are counted and the first of them named in the stats. fn's error stops
// the scan and is returned.
func ScanBatch(ctx context.Context, name string, fn func(line, ref []byte) error) (model.BatchStats, error) {
	in, err := Open(name)
	if err != nil {
		return model.BatchStats{Name: name}, fmt.Errorf("batch file %w", err)
	}
	defer in.Close()
	st := model.BatchStats{Name: in.Name, Compressed: in.Compressed, Size: in.Size}
	bl := batchLines{lr: newRawLines(in)}
	for {
		line, ref, _, ok := bl.next(ctx, nil)
		if !ok {
			break
		}
		st.Records++
		if ferr := fn(line, ref); ferr != nil {
			st.Lines, st.Bad, st.BadLines = bl.lines, bl.bad, bl.badNamed
			return st, ferr
		}
	}
	st.Lines, st.Bad, st.BadLines, err = bl.lines, bl.bad, bl.badNamed, bl.err
	st.Read, st.Done = in.BytesRead(), true
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = fmt.Errorf("batch file %s: interrupted after %d lines", in.Name, st.Lines)
		} else {
			err = fmt.Errorf("batch file %w", readError(in, err))
		}
		st.Err = err
	}
	return st, err
}

// SetMode rewrites the top-level "mode" of a batch line (as ScanBatch gives
// it: line end and any BOM kept) to mode, and leaves every other byte as it
// was. A line without a mode gets one, first in its object; had says which.
// Every top-level "mode" member is rewritten (a JSON reader takes the last).
func SetMode(dst, line []byte, mode string) (out []byte, had bool) {
	lead := 0
	if len(line) >= len(bom) && string(line[:len(bom)]) == string(bom) {
		lead = len(bom)
	}
	b := body(line[lead:], false)
	top, _, err := scanObject(b, 0, nil)
	val := strconv.AppendQuote(nil, mode)
	if err != nil {
		return append(dst, line...), false
	}
	pos := 0
	for _, m := range top {
		if !m.keyIs("mode") {
			continue
		}
		had = true
		dst = append(dst, line[pos:lead+m.start]...)
		dst = append(dst, val...)
		pos = lead + m.end
	}
	if !had {
		open := lead + skipWS(b, 0) + 1 // just past '{'
		dst = append(dst, line[:open]...)
		dst = append(dst, `"mode":`...)
		dst = append(dst, val...)
		if len(top) > 0 {
			dst = append(dst, ',')
		}
		pos = open
	}
	return append(dst, line[pos:]...), had
}

// batchLines reads a batch file's lines as they are and tells the ones that
// are one JSON object with a ref from those that are not (counted, the first
// maxBadNamed of them named).
type batchLines struct {
	lr         *rawLines
	ms         []member
	lines, bad int64
	badNamed   []model.BadBatchLine
	err        error // why reading stopped; nil at the end of the file
}

// next gives the next line that is a record (with its line end, byte for
// byte), its ref and where it starts; ok is false when there is none left
// (err then says why, if not the end). every, when not nil, is called every
// 4,096 lines, as is a check of ctx.
func (bl *batchLines) next(ctx context.Context, every func()) (line, ref []byte, start int64, ok bool) {
	for bl.err == nil {
		start = bl.lr.off
		var err error
		line, err = bl.lr.next()
		if line == nil {
			bl.err = err
			break
		}
		bl.lines++
		if bl.lines&4095 == 0 {
			if e := ctx.Err(); e != nil {
				bl.err = e
				break
			}
			if every != nil {
				every()
			}
		}
		bl.err = err // a last line that came with an error is still read
		b := body(line, bl.lines == 1)
		var why string
		switch {
		case bl.lr.cut:
			why = fmt.Sprintf("a line longer than %d MiB: not read", DefaultMaxLine>>20)
		case skipWS(b, 0) == len(b):
			continue
		default:
			bl.ms, ref, why = batchLine(b, bl.ms)
		}
		if why != "" {
			bl.bad++
			if len(bl.badNamed) < maxBadNamed {
				bl.badNamed = append(bl.badNamed, model.BadBatchLine{Line: bl.lines, Why: why, Head: string(b[:min(len(b), 80)])})
			}
			continue
		}
		return line, ref, start, true
	}
	if bl.err == io.EOF {
		bl.err = nil
	}
	return nil, nil, 0, false
}
