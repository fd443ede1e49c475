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
	lr := newRawLines(in)
	var ms []member
	for {
		var line []byte
		line, err = lr.next()
		if line == nil {
			break
		}
		st.Lines++
		if st.Lines&4095 == 0 {
			if err = ctx.Err(); err != nil {
				break
			}
		}
		b := body(line, st.Lines == 1)
		if skipWS(b, 0) == len(b) && !lr.cut {
			continue
		}
		var ref []byte
		var why string
		if lr.cut {
			why = fmt.Sprintf("a line longer than %d MiB: not read", DefaultMaxLine>>20)
		} else {
			ms, ref, why = batchLine(b, ms)
		}
		if why != "" {
			st.Bad++
			if len(st.BadLines) < maxBadNamed {
				st.BadLines = append(st.BadLines, model.BadBatchLine{Line: st.Lines, Why: why, Head: string(b[:min(len(b), 80)])})
			}
		} else {
			st.Records++
			if ferr := fn(line, ref); ferr != nil {
				return st, ferr
			}
		}
		if err != nil {
			break
		}
	}
	st.Read, st.Done = in.BytesRead(), true
	if err == io.EOF {
		err = nil
	}
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
