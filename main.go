// Command errscope triages failed-records error logs: what failed, how much,
// which records, why, and what to do about it.
//
//	errscope [flags] LOG...                the TUI
//	errscope summary [--format F] LOG...   the groups, without a screen
//	errscope codes [FORMAT]                the catalog
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/model/report"
	"github.com/errscope/errscope/source"
	"github.com/errscope/errscope/ui"
)

// Exit statuses, as ARCHITECTURE.md fixes them.
const (
	exitOK      = 0
	exitPartial = 1 // an input could not be read whole
	exitUsage   = 2
)

var version = ""

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// errUsage marks errors that are the caller's words, not the inputs.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 {
		switch args[0] {
		case "summary", "codes", "export", "help", "version":
			cmd, args = args[0], args[1:]
		}
	}
	var err error
	code := exitOK
	switch cmd {
	case "summary":
		code, err = runSummary(args, stdout, stderr)
	case "codes":
		err = runCodes(args, stdout, stderr)
	case "export":
		code, err = runExport(args, stdout, stderr)
	case "help":
		usage(stdout)
	case "version":
		fmt.Fprintln(stdout, "errscope", versionString())
	default:
		code, err = runTUI(args, stdout, stderr)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(stderr, "errscope:", model.Printable(model.MaskURLs(err.Error())))
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, "Run 'errscope --help' for usage.")
			return exitUsage
		}
		if code == exitOK {
			code = exitPartial
		}
	}
	return code
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func usage(w io.Writer) {
	fmt.Fprint(w, `errscope: triage a failed-records error log.

Usage:
  errscope [flags] LOG...                             open the logs in the TUI
  errscope summary [--format text|markdown|json|csv] LOG...
                                                      the error groups, without a screen
  errscope codes [FORMAT]                             what each code means, and the remedy

LOG is a file (gzipped or not, recognized by content), - for standard input,
an http(s) URL (read as it downloads; credentials in it are shown as ***), or
a saved batch status (GET /v2/batches/<batchRef>), followed to its error log.
Formats: Sitecore CDP batch error logs, Protegrity AP REST v1 bulk responses,
and other JSON-lines logs (fields guessed, or named with the flags below).

Flags:
  --ref PATH        field of the record's ref (dotted path, e.g. record.id)
  --code PATH       field of the error code (e.g. error.code)
  --message PATH    field of the message (e.g. error.message)
  --catalog FILE    extra catalog entries (JSON, as 'errscope codes --format json' prints)
  --connect-timeout D   longest wait to connect to a URL (default 15s)
  --read-timeout D      longest wait for more of a URL's bytes (default 1m0s)
  -h, --help        this help
  -v, --version     the version

Exit status: 0 every log read whole (or a batch status saying success); 1 a log
could not be read whole (what was read is still shown); 2 usage.
`)
}

// common holds the flags every command that reads logs takes.
type common struct {
	mapping source.Mapping
	catalog string
	fetch   source.FetchOptions
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.mapping.Ref, "ref", "", "field of the ref")
	fs.StringVar(&c.mapping.Code, "code", "", "field of the code")
	fs.StringVar(&c.mapping.Msg, "message", "", "field of the message")
	fs.StringVar(&c.catalog, "catalog", "", "extra catalog entries")
	fs.DurationVar(&c.fetch.ConnectTimeout, "connect-timeout", source.DefaultConnectTimeout, "longest wait to connect to a log's URL")
	fs.DurationVar(&c.fetch.ReadTimeout, "read-timeout", source.DefaultReadTimeout, "longest wait for the next bytes of a log's URL")
}

func (c *common) loadCatalog() (*model.Catalog, error) {
	cat := model.DefaultCatalog()
	if c.catalog != "" {
		if err := cat.Merge(c.catalog); err != nil {
			return nil, usageError{"--catalog: " + err.Error()}
		}
	}
	return cat, nil
}

// parseInterleaved parses flags that may stand before, between or after the
// positional arguments ("--" ends the flags).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err.Error()}
}

func runTUI(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("errscope", stderr)
	var c common
	c.register(fs)
	var help, ver bool
	fs.BoolVar(&help, "help", false, "help")
	fs.BoolVar(&help, "h", false, "help")
	fs.BoolVar(&ver, "version", false, "version")
	fs.BoolVar(&ver, "v", false, "version")
	fs.Usage = func() { usage(stderr) }
	logs, err := parseInterleaved(fs, args)
	if err != nil {
		return exitUsage, flagError(err)
	}
	switch {
	case help:
		usage(stdout)
		return exitOK, nil
	case ver:
		fmt.Fprintln(stdout, "errscope", versionString())
		return exitOK, nil
	case len(logs) == 0:
		return exitUsage, usageError{"name a log to open, e.g. errscope import.gz"}
	}
	cat, err := c.loadCatalog()
	if err != nil {
		return exitUsage, err
	}
	// A log that cannot be opened at all is said before any screen is drawn,
	// and so is a saved batch status that names no log (success: exit 0).
	var missing []string
	succeeded := 0
	for _, l := range logs {
		if err := source.CheckWith(l, c.fetch); err != nil {
			var se *source.StatusError
			if errors.As(err, &se) && se.Success() {
				succeeded++
			}
			missing = append(missing, model.Printable(model.MaskURLs(err.Error())))
		}
	}
	if len(missing) > 0 {
		for _, m := range missing {
			fmt.Fprintln(stderr, "errscope:", m)
		}
		if succeeded == len(logs) {
			return exitOK, nil
		}
		return exitPartial, nil
	}
	if f, ok := stdout.(*os.File); !ok || !term.IsTerminal(f.Fd()) {
		return exitUsage, usageError{"standard output is not a terminal, so the TUI cannot start; for text output use: errscope summary " + model.MaskURLs(strings.Join(logs, " "))}
	}
	return startTUI(logs, cat, c, stderr)
}

func runCodes(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("codes", stderr)
	var c common
	fs.StringVar(&c.catalog, "catalog", "", "extra catalog entries")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: errscope codes [--format text|json] [--catalog FILE] [FORMAT]\n\nWhat each code of each format means, its usual causes, and the remedy.\nFORMAT: sitecore, protegrity or jsonl. --format json prints the form --catalog reads.\n")
	}
	format := fs.String("format", "text", "text or json")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return flagError(err)
	}
	cat, err := c.loadCatalog()
	if err != nil {
		return err
	}
	want := ""
	if len(pos) > 1 {
		return usageError{"codes takes at most one FORMAT: " + strings.Join(cat.Formats(), ", ")}
	}
	if len(pos) == 1 {
		want = pos[0]
		if cat.FormatName(want) == want {
			return usageError{fmt.Sprintf("codes: unknown format %q (formats: %s)", want, strings.Join(cat.Formats(), ", "))}
		}
	}
	return report.Codes(stdout, cat, want, *format)
}

func runSummary(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("summary", stderr)
	var c common
	c.register(fs)
	format := fs.String("format", "text", "text, markdown, json or csv")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: errscope summary [--format text|markdown|json|csv] [flags] LOG...

The error groups of the logs, without a screen: text for reading, markdown
for an incident ticket, json for scripts (a stable schema), csv for sheets.

Flags:
  --format F        text (default), markdown, json or csv
  --ref PATH        field of the record's ref, for other JSON-lines logs
  --code PATH       field of the error code
  --message PATH    field of the message
  --catalog FILE    extra catalog entries
  --connect-timeout D, --read-timeout D   waits for a LOG that is a URL

Exit status: 0 every log read whole; 1 a log could not be; 2 usage.
`)
	}
	logs, err := parseInterleaved(fs, args)
	if err != nil {
		return exitUsage, flagError(err)
	}
	switch *format {
	case "text", "markdown", "json", "csv":
	default:
		return exitUsage, usageError{fmt.Sprintf("summary: unknown --format %q (text, markdown, json or csv)", *format)}
	}
	if len(logs) == 0 {
		return exitUsage, usageError{"summary: name a log, e.g. errscope summary import.gz"}
	}
	cat, err := c.loadCatalog()
	if err != nil {
		return exitUsage, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	final := source.NewStream(source.StreamOptions{Catalog: cat, Logs: logs, Mapping: c.mapping, Count: true, Fetch: c.fetch}).Run(ctx)
	s := report.Build(final.Snap, final.Sources)
	switch *format {
	case "json":
		err = report.JSON(stdout, s)
	case "csv":
		err = report.CSV(stdout, s)
	case "markdown":
		err = report.Markdown(stdout, s, cat)
	default:
		err = report.Text(stdout, s, cat)
	}
	if err != nil {
		return exitPartial, err
	}
	return sayUnread(stderr, final, cat), nil
}

// sayUnread says on stderr which logs could not be read whole, or held no
// record, and gives the exit status that follows.
func sayUnread(stderr io.Writer, final model.Progress, cat *model.Catalog) int {
	code := exitOK
	for _, r := range final.Sources {
		if r.Warning != "" {
			fmt.Fprintln(stderr, "errscope: warning:", model.Printable(model.MaskURLs(r.Warning)))
		}
		if r.Err != nil {
			fmt.Fprintln(stderr, "errscope:", model.Printable(model.MaskURLs(r.Err.Error())))
			// A batch status saying success: nothing failed, nothing wrong.
			if se := (*source.StatusError)(nil); !errors.As(r.Err, &se) || !se.Success() {
				code = exitPartial
			}
		}
	}
	return code
}

func runExport(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("export", stderr)
	var c common
	c.register(fs)
	query := fs.String("query", "", "the filter, in the TUI's query language")
	format := fs.String("format", "refs", "refs, ndjson, csv or input")
	input := fs.String("input", "", "the uploaded batch file")
	setMode := fs.String("set-mode", "", "input: rewrite each line's mode")
	partSize := fs.Int64("part-size", 50_000_000, "at most this many bytes a file")
	out := fs.String("o", "", "the file to write (.gz: gzipped)")
	force := fs.Bool("force", false, "replace a file that exists")
	fs.Usage = func() { fmt.Fprint(stderr, report.ExportUsage) }
	logs, err := parseInterleaved(fs, args)
	if err != nil {
		return exitUsage, flagError(err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	ea := report.ExportArgs{Format: *format, Input: *input, SetMode: *setMode, SetModeGiven: set["set-mode"],
		PartSize: *partSize, PartSizeGiven: set["part-size"], Out: *out, Force: *force, Logs: len(logs)}
	if msg := ea.Check(); msg != "" {
		return exitUsage, usageError{msg}
	}
	q, err := model.ParseQuery(*query)
	if err != nil {
		return exitUsage, usageError{"export: --query " + err.Error()}
	}
	cat, err := c.loadCatalog()
	if err != nil {
		return exitUsage, err
	}
	var header []byte
	if *format == "csv" {
		header = []byte(report.CSVHeader)
	}
	var file *report.File
	var stream *report.Stream
	var recs report.Records
	if *out == "" || *out == "-" {
		// Byte for byte to a pipe or a file; made printable for a terminal.
		stream = report.NewStream(stdout, isTerminal(stdout) && *format != "csv")
		if header != nil {
			stream.Write(header)
		}
		recs = stream
	} else {
		file, err = report.Create(*out, report.FileOptions{Force: *force, PartSize: *partSize, Header: header, Log: stderr})
		if err != nil {
			return exitPartial, err
		}
		defer file.Abort()
		recs = file
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := source.StreamOptions{Catalog: cat, Logs: logs, Mapping: c.mapping, Fetch: c.fetch}
	job := report.ExportJob{
		Query: q, Catalog: cat, Format: *format, Input: *input, SetMode: *setMode, Out: recs, Stderr: stderr,
		Rereadable: !slices.Contains(logs, "-"),
		Read: func(ctx context.Context, tee model.Sink, keep bool) model.Progress {
			o := opts
			o.Tee, o.Count = tee, !keep
			return source.NewStream(o).Run(ctx)
		},
		ScanBatch: source.ScanBatch, SetModeFn: source.SetMode,
	}
	for _, s := range source.NewStream(opts).Sources() {
		job.Sources = append(job.Sources, s.Name)
	}
	res, err := job.Run(ctx)
	if err == nil && ctx.Err() != nil {
		err = errors.New("export: interrupted: nothing was written")
	}
	if err != nil {
		if errors.Is(err, report.ErrNeedsFile) {
			return exitUsage, usageError{"export: " + err.Error()}
		}
		if errors.Is(err, context.Canceled) {
			err = errors.New("export: interrupted: nothing was written")
		}
		if stream != nil && isClosedPipe(err) {
			return exitOK, nil
		}
		return exitPartial, err
	}
	if stream != nil {
		if err := stream.Flush(); err != nil {
			if isClosedPipe(err) {
				return exitOK, nil
			}
			return exitPartial, err
		}
	} else if _, err := file.Commit(); err != nil {
		return exitPartial, err
	}
	code := sayUnread(stderr, res.Progress, cat)
	what := fmt.Sprintf("%s records selected", model.Thousands(res.Selected))
	if *query != "" {
		what += " by " + model.Printable(*query)
	}
	fmt.Fprintf(stderr, "errscope: %s\n", what)
	if *format == "input" {
		fmt.Fprintf(stderr, "errscope: %s; %s lines written\n", report.JoinNote(res.Selected, res.Null, res.Found, res.Missing, res.Examples, res.Batch), model.Thousands(res.Written))
		if res.NoMode > 0 {
			fmt.Fprintf(stderr, "errscope: %s lines had no mode; \"mode\":%q was put first in each\n", model.Thousands(res.NoMode), *setMode)
		}
	}
	return code, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// isClosedPipe says the reader went away (| head): not an error to report.
func isClosedPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}

// startTUI wires the loading stage to the screen: the stream reads on its
// own goroutine and the TUI shows what it publishes.
func startTUI(logs []string, cat *model.Catalog, c common, stderr io.Writer) (int, error) {
	stream := source.NewStream(source.StreamOptions{Catalog: cat, Logs: logs, Mapping: c.mapping, Fetch: c.fetch})
	opt := ui.Options{Catalog: cat, Sources: stream.Sources(), Updates: stream.Updates(), KeysFromTTY: slices.Contains(logs, "-")}
	if os.Getenv("ERRSCOPE_TIMING") != "" {
		opt.Timing = &ui.Timing{Start: processStart}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go stream.Run(ctx)
	errs, err := ui.Run(opt)
	if err != nil {
		return exitPartial, err
	}
	// The screen is gone: say again what could not be read.
	for _, e := range errs {
		fmt.Fprintln(stderr, "errscope:", model.Printable(model.MaskURLs(e.Error())))
	}
	if len(errs) > 0 {
		return exitPartial, nil
	}
	return exitOK, nil
}

// processStart is as near to the start of the process as Go code gets.
var processStart = time.Now()
