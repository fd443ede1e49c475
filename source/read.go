package source

import (
	"bufio"
	"bytes"
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
	head, err := peekHead(br)
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
	case model.Protegrity.ID:
		dec = newProtegrity()
	case model.Sitecore.ID:
		dec = newJSONLines(model.Sitecore.ID, SitecoreMapping, true)
	default:
		dec = newJSONLines(model.JSONLines.ID, det.Mapping, false)
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

// detectBytes is as much of a log as detection looks at.
const detectBytes = 64 << 10

// peekHead gives the first bytes of a log for detection without waiting for
// more than it needs: a few lines are enough, so a slow pipe is detected
// (and shown) as soon as its first lines arrive.
func peekHead(br *bufio.Reader) ([]byte, error) {
	_, err := br.Peek(1) // one read from the input, at least a byte
	head, _ := br.Peek(min(br.Buffered(), detectBytes))
	for err == nil && len(head) < detectBytes && bytes.Count(head, []byte{'\n'}) < 3 {
		// One more read from the input, then all that is buffered.
		if _, err = br.Peek(min(br.Buffered()+1, detectBytes)); err != nil {
			break
		}
		head, _ = br.Peek(min(br.Buffered(), detectBytes))
	}
	if err != nil {
		head, _ = br.Peek(br.Buffered())
	}
	return head, err
}

func isTruncation(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF)
}

func readError(in *Input, err error) error {
	where := fmt.Sprintf("after %d bytes of the file", in.BytesRead())
	var cut *CutError
	if errors.As(err, &cut) {
		return fmt.Errorf("%s: %s: the records before are kept; open the URL again (or download it) for the rest", in.Name, cut)
	}
	if isTruncation(err) {
		return fmt.Errorf("%s: the file is cut short (%s): the records before the cut are kept; download the log again for the rest", in.Name, where)
	}
	if in.Compressed {
		return fmt.Errorf("%s: the gzip data is damaged %s (%v): the records before it are kept; download the log again", in.Name, where, err)
	}
	return fmt.Errorf("%s: reading stopped %s: %v", in.Name, where, err)
}
