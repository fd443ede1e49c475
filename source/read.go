package source

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/errscope/errscope/model"
)

// Result is what reading one log came to.
type Result struct {
	Name       string
	Format     string // "sitecore", "protegrity", "jsonl"; "" before detection
	Mapping    Mapping
	Guessed    bool
	Compressed bool
	Truncated  bool  // the log ended before its end: a gzip cut short
	Err        error // why the log could not be read whole; what was read is kept
}

// decoder reads a whole decompressed log into a sink.
type decoder interface {
	Decode(ctx context.Context, r io.Reader, src int, sink model.Sink) error
}

// Read detects the format of an opened log and decodes it into sink as
// source src. detected, when not nil, is called once the format is known,
// before the first record.
func Read(ctx context.Context, in *Input, src int, sink model.Sink, user Mapping, detected func(Result)) Result {
	res := Result{Name: in.Name, Compressed: in.Compressed}
	br := bufio.NewReaderSize(in, 256<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		if len(head) == 0 {
			res.Err = readError(in, err)
			res.Truncated = isTruncation(err)
			return res
		}
	}
	det := Detect(head, user)
	res.Format, res.Mapping, res.Guessed = det.Format, det.Mapping, det.Guessed
	if detected != nil {
		detected(res)
	}
	var dec decoder
	switch det.Format {
	case FormatProtegrity:
		dec = newProtegrity()
	case FormatSitecore:
		dec = newJSONLines(FormatSitecore, SitecoreMapping, true)
	default:
		dec = newJSONLines(FormatJSONL, det.Mapping, false)
	}
	if err := dec.Decode(ctx, br, src, sink); err != nil {
		if errors.Is(err, context.Canceled) {
			res.Err = fmt.Errorf("%s: interrupted after %d bytes of the file: the records before are kept", in.Name, in.BytesRead())
			return res
		}
		res.Err = readError(in, err)
		res.Truncated = isTruncation(err)
	}
	return res
}

func isTruncation(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF)
}

func readError(in *Input, err error) error {
	where := fmt.Sprintf("after %d bytes of the file", in.BytesRead())
	if isTruncation(err) {
		return fmt.Errorf("%s: the file is cut short (%s): the records before the cut are kept; download the log again for the rest", in.Name, where)
	}
	if in.Compressed {
		return fmt.Errorf("%s: the gzip data is damaged %s (%v): the records before it are kept; download the log again", in.Name, where, err)
	}
	return fmt.Errorf("%s: reading stopped %s: %v", in.Name, where, err)
}
