package source

import (
	"context"
	"fmt"

	"github.com/errscope/errscope/model"
)

// Hooks let a caller follow a load. Each is optional and is called on the
// loading goroutine.
type Hooks struct {
	Opened   func(src int, in *Input)  // the log is open; in.BytesRead follows progress
	Detected func(src int, res Result) // its format is known
	Done     func(src int, res Result) // it has been read (res.Err says if not whole)
}

// load reads the logs one after another into sink, each as the store's next
// source, and returns what reading each came to. A log that cannot be opened
// or read whole does not stop the others.
func load(ctx context.Context, names []string, st *model.Store, sink model.Sink, user Mapping, o FetchOptions, h Hooks) []Result {
	return loadWith(ctx, names, st, sink, ReadOptions{Mapping: user}, o, h)
}

// loadWith is load with every option.
func loadWith(ctx context.Context, names []string, st *model.Store, sink model.Sink, opt ReadOptions, o FetchOptions, h Hooks) []Result {
	if sink == nil {
		sink = st
	}
	results := make([]Result, len(names))
	for i, name := range names {
		display := displayName(name)
		src := st.AddSource(display)
		if err := ctx.Err(); err != nil {
			// Interrupted: the logs not reached are sources still, each
			// saying it was not read.
			results[i] = Result{Name: display, Err: fmt.Errorf("%s: not read: interrupted", display)}
			continue
		}
		in, err := OpenWith(name, o)
		if err != nil {
			results[i] = Result{Name: display, Err: err, Truncated: isTruncation(err)}
			if h.Done != nil {
				h.Done(src, results[i])
			}
			continue
		}
		if h.Opened != nil {
			h.Opened(src, in)
		}
		detected := func(r Result) {
			if h.Detected != nil {
				h.Detected(src, r)
			}
		}
		results[i] = readSafe(ctx, in, src, sink, opt, detected)
		in.Close()
		if h.Done != nil {
			h.Done(src, results[i])
		}
	}
	return results
}

// displayName is how a log is named to people before it is opened: a URL
// with its credentials masked.
func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	if IsURL(name) {
		return model.MaskURL(name)
	}
	return name
}

// panicError is a panic met while reading a log: a bug, said as a read
// error of that log.
type panicError struct{ v any }

func (e *panicError) Error() string {
	return fmt.Sprintf("an internal error (a bug: %v); please report it, with the command you ran and, if you can share them, the log's first lines", e.v)
}

// readSafe is ReadWith, a panic on the way being a read error of this log:
// the records before it are kept and the other logs are read.
func readSafe(ctx context.Context, in *Input, src int, sink model.Sink, opt ReadOptions, detected func(Result)) (res Result) {
	defer func() {
		if v := recover(); v != nil {
			res = Result{Name: in.Name, Compressed: in.Compressed,
				Err: fmt.Errorf("%s: reading stopped after %s bytes of the file: %w", in.Name, model.Thousands(in.BytesRead()), &panicError{v})}
		}
	}()
	return ReadWith(ctx, in, src, sink, opt, detected)
}
