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
	Truncated  bool   // the log ended before its end: a gzip cut short
	Err        error  // why the log could not be read whole; what was read is kept
	Warning    string // what was ignored (trailing data after the gzip data)
}

// ReadOptions are what the user says about reading logs.
type ReadOptions struct {
	Mapping Mapping // fields of a JSON-lines log, when the user names them
	MaxLine int     // the longest line or item read whole; 0: DefaultMaxLine
}

// decoder reads a whole decompressed log into a sink.
type decoder interface {
	Decode(ctx context.Context, r io.Reader, src int, sink model.Sink) error
}

// counting counts what goes through to a sink.
type counting struct {
	sink      model.Sink
	good, bad int64
}

func (c *counting) Add(r *model.Rec) {
	if r.Bad != "" {
		c.bad++
	} else {
		c.good++
	}
	c.sink.Add(r)
}

// Read detects the format of an opened log and decodes it into sink as
// source src. detected, when not nil, is called once the format is known,
// before the first record. An input that is not a log (an archive, another
// compression, UTF-16, CR line ends, no line end in its first MiB, no
// record in any line) is an error that says what it is and what to do.
func Read(ctx context.Context, in *Input, src int, sink model.Sink, user Mapping, detected func(Result)) Result {
	return ReadWith(ctx, in, src, sink, ReadOptions{Mapping: user}, detected)
}

// ReadWith is Read with every option.
func ReadWith(ctx context.Context, in *Input, src int, sink model.Sink, opt ReadOptions, detected func(Result)) Result {
	res := Result{Name: in.Name, Compressed: in.Compressed}
	br := bufio.NewReaderSize(in, notLogBytes)
	head, err := peekHead(br)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		if len(head) == 0 {
			res.Err = readError(in, err)
			res.Truncated = isTruncation(err)
			return res
		}
	}
	if k := sniff(head); k != nil {
		res.Err = notLog(in, k)
		return res
	}
	if err == nil && bytes.IndexByte(head, '\n') < 0 {
		// No line end yet: look as far as a log's first line end must come.
		all, perr := br.Peek(notLogBytes)
		if noLines(all, perr == nil) {
			res.Err = notLog(in, &kindNoLines)
			return res
		}
	}
	det := Detect(head, opt.Mapping)
	if det.Format != model.Protegrity.ID && crOnly(head) {
		res.Err = notLog(in, &kindCR)
		return res
	}
	res.Format, res.Mapping, res.Guessed = det.Format, det.Mapping, det.Guessed
	if detected != nil {
		detected(res)
	}
	var dec decoder
	switch det.Format {
	case model.Protegrity.ID:
		p := newProtegrity()
		p.max = opt.MaxLine
		dec = p
	case model.Sitecore.ID:
		d := newJSONLines(model.Sitecore.ID, SitecoreMapping, true)
		d.max = opt.MaxLine
		dec = d
	default:
		d := newJSONLines(model.JSONLines.ID, det.Mapping, false)
		d.max = opt.MaxLine
		dec = d
	}
	cs := &counting{sink: sink}
	if err := dec.Decode(ctx, br, src, cs); err != nil {
		if errors.Is(err, context.Canceled) {
			res.Err = fmt.Errorf("%s: interrupted after %s bytes of the file: the records before are kept", in.Name, model.Thousands(in.BytesRead()))
			return res
		}
		res.Err = readError(in, err)
		res.Truncated = isTruncation(err)
		return res
	}
	res.Warning = in.Warning()
	if cs.good == 0 && cs.bad > 0 {
		which := "none of its " + model.Thousands(cs.bad) + " lines is"
		if cs.bad == 1 {
			which = "its one line is not"
		}
		res.Err = fmt.Errorf("%s: not a log: %s a record of a %s: is it the right file? (errscope %s, then /type:bad, shows them)",
			in.Name, which, model.FormatOf(det.Format).Name, shellQuote(in.Name))
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
