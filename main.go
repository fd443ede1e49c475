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
	"math"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/model/cli"
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
	os.Exit(profiled(func() int { return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr) }))
}

// profiled runs f with a CPU profile written to $ERRSCOPE_CPUPROFILE when it
// is set: for measuring a command, or the TUI, as a user runs it.
func profiled(f func() int) int {
	path := os.Getenv("ERRSCOPE_CPUPROFILE")
	if path == "" {
		return f()
	}
	out, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(out)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "errscope: ERRSCOPE_CPUPROFILE: %v\n", err)
		return f()
	}
	defer out.Close()
	defer pprof.StopCPUProfile()
	return f()
}

// errUsage marks errors that are the caller's words, not the inputs.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := &report.StdoutWriter{W: stdout}
	code := runCommand(args, stdin, out, stderr)
	if out.Err != nil && code != exitUsage {
		// A reader that went away (| head) ends it quietly, as Unix tools
		// do; any other failed write is an error.
		if errors.Is(out.Err, syscall.EPIPE) {
			return code
		}
		fmt.Fprintln(stderr, "errscope: writing output:", model.Printable(report.WriteReason(out.Err)))
		return exitPartial
	}
	return code
}

func runCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 {
		switch args[0] {
		case "summary", "codes", "export", "diff", "completion", "help", "version":
			cmd, args = args[0], args[1:]
		}
	}
	var err error
	code := exitOK
	switch cmd {
	case "summary":
		code, err = runSummary(args, stdout, stderr)
	case "codes":
		code, err = runCodes(args, stdout, stderr)
	case "completion":
		err = runCompletion(args, stdout, stderr)
	case "diff":
		code, err = runDiff(args, stdout, stderr)
	case "export":
		code, err = runExport(args, stdout, stderr)
	case "help":
		usage(stdout)
	case "version":
		fmt.Fprintln(stdout, "errscope", versionString())
	default:
		code, err = runTUI(args, stdout, stderr)
	}
	var we *report.WriteError
	if errors.As(err, &we) {
		err = nil // run says it
		if code == exitOK {
			code = exitPartial
		}
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
	cli.Usage(w, "", configCatalogName())
}

// configCatalogName is where the config catalog is, for the usage.
func configCatalogName() string {
	if p, err := model.ConfigCatalogPath(); err == nil {
		return p
	}
	return "errscope/catalog.json in your config folder"
}

// common holds the flags every command that reads logs takes.
type common struct {
	mapping  source.Mapping
	catalog  string
	fetch    source.FetchOptions
	maxLine  cli.ByteSize
	baseline string        // the TUI's --baseline
	memory   cli.SizeOrOff // the TUI's --memory
}

// flagSet makes the command's flag set from the command-line table
// (model/cli, which also writes the completion scripts): the common flags
// the command has and its own, each bound to its variable.
func (c *common) flagSet(name string, stderr io.Writer, own map[string]any) *flag.FlagSet {
	cmd := cli.Lookup(name)
	c.fetch.ConnectTimeout, c.fetch.ReadTimeout = source.DefaultConnectTimeout, source.DefaultReadTimeout
	bind := map[string]any{}
	for k, v := range map[string]any{
		"ref": &c.mapping.Ref, "code": &c.mapping.Code, "message": &c.mapping.Msg, "catalog": &c.catalog,
		"connect-timeout": &c.fetch.ConnectTimeout, "read-timeout": &c.fetch.ReadTimeout, "max-line": &c.maxLine,
	} {
		if _, ok := cmd.Flag(k); ok {
			bind[k] = v
		}
	}
	for k, v := range own {
		bind[k] = v
	}
	return cmd.FlagSet(stderr, bind)
}

// loadCatalog builds the run's catalog: built-in, then the config file,
// then --catalog. A config file that cannot be used is skipped: note says
// which and why. A --catalog file that cannot be used is a usage error.
func (c *common) loadCatalog() (cat *model.Catalog, note string, err error) {
	cat, skipped, err := model.LoadCatalog(c.catalog)
	if err != nil {
		return nil, "", usageError{"--catalog: " + err.Error()}
	}
	if skipped != nil {
		note = model.Printable(skipped.Error())
	}
	return cat, note, nil
}

// catalogFor is loadCatalog for a command: the note goes to stderr.
func (c *common) catalogFor(stderr io.Writer) (*model.Catalog, error) {
	cat, note, err := c.loadCatalog()
	if note != "" {
		fmt.Fprintln(stderr, "errscope:", note)
	}
	return cat, err
}

func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err.Error()}
}

func runTUI(args []string, stdout, stderr io.Writer) (int, error) {
	var c common
	var help, ver bool
	var query, input string
	fs := c.flagSet("", stderr, map[string]any{"help": &help, "h": &help, "version": &ver, "v": &ver, "query": &query, "input": &input, "baseline": &c.baseline, "memory": &c.memory})
	fs.Usage = func() { usage(stderr) }
	logs, err := cli.Parse(fs, args)
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
	if _, err := model.ParseQuery(query); err != nil {
		return exitUsage, usageError{"--query " + err.Error()}
	}
	var batch *source.BatchIndex
	if input != "" {
		if batch, err = source.OpenBatch(input); err != nil {
			return exitPartial, err
		}
	}
	cat, note, err := c.loadCatalog()
	if err != nil {
		return exitUsage, err
	}
	// A skipped catalog is said in the TUI's status line and again when it
	// ends; if the TUI does not start, here.
	tui := false
	defer func() {
		if note != "" && !tui {
			fmt.Fprintln(stderr, "errscope:", note)
		}
	}()
	// A log that cannot be opened at all is said before any screen is drawn,
	// and so is a saved batch status that names no log (success: exit 0).
	var missing []string
	succeeded := 0
	checks := logs
	if c.baseline != "" {
		checks = append([]string{c.baseline}, logs...)
	}
	for _, l := range checks {
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
		if succeeded == len(checks) {
			return exitOK, nil
		}
		return exitPartial, nil
	}
	if !isTerminal(stdout) {
		return exitUsage, usageError{"standard output is not a terminal, so the TUI cannot start; for text output use: errscope summary " + model.MaskURLs(strings.Join(logs, " "))}
	}
	tui = true
	return startTUI(logs, cat, note, c, stderr, query, batch)
}

func runCodes(args []string, stdout, stderr io.Writer) (int, error) {
	var c common
	format, check := "text", ""
	fs := c.flagSet("codes", stderr, map[string]any{"format": &format, "check": &check})
	fs.Usage = func() { cli.Usage(stderr, "codes", configCatalogName()) }
	pos, err := cli.Parse(fs, args)
	if err != nil {
		return exitUsage, flagError(err)
	}
	if check != "" {
		if len(pos) > 0 || c.catalog != "" {
			return exitUsage, usageError{"codes --check takes one FILE and nothing else"}
		}
		return checkCatalog(check, stdout, stderr), nil
	}
	if err := cli.Lookup("codes").CheckValue("format", format); err != nil {
		return exitUsage, usageError{err.Error()}
	}
	cat, err := c.catalogFor(stderr)
	if err != nil {
		return exitUsage, err
	}
	want := ""
	if len(pos) > 1 {
		return exitUsage, usageError{"codes takes at most one FORMAT: " + strings.Join(cat.Formats(), ", ")}
	}
	if len(pos) == 1 {
		want = pos[0]
		if cat.FormatName(want) == want {
			return exitUsage, usageError{fmt.Sprintf("codes: unknown format %q (formats: %s)", want, strings.Join(cat.Formats(), ", "))}
		}
	}
	if err := report.Codes(stdout, cat, want, format); err != nil {
		return exitPartial, err
	}
	return exitOK, nil
}

// checkCatalog checks a catalog file: ok with its notes on stdout (exit 0),
// or what is wrong and where on stderr (exit 1).
func checkCatalog(path string, stdout, stderr io.Writer) int {
	f, err := model.ReadCatalogFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "errscope:", model.Printable(err.Error()))
		return exitPartial
	}
	fmt.Fprintf(stdout, "%s: ok, %s\n", model.Printable(path), plural(len(f.Entries), "entry", "entries"))
	for _, n := range f.Notes {
		fmt.Fprintln(stdout, "note:", model.Printable(n))
	}
	return exitOK
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return model.Thousands(int64(n)) + " " + many
}

// runCompletion prints a shell's completion script, written from the
// command-line table the flags are parsed with.
func runCompletion(args []string, stdout, stderr io.Writer) error {
	fs := (&common{}).flagSet("completion", stderr, nil)
	fs.Usage = func() { cli.Usage(stderr, "completion", "") }
	pos, err := cli.Parse(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) != 1 {
		return usageError{"completion: name one shell: bash, zsh or fish"}
	}
	switch pos[0] {
	case "bash":
		return cli.Bash(stdout)
	case "zsh":
		return cli.Zsh(stdout)
	case "fish":
		return cli.Fish(stdout)
	}
	return usageError{fmt.Sprintf("completion: unknown shell %q (bash, zsh or fish)", pos[0])}
}

// summaryMemory is summary's soft memory limit when it only counts.
const summaryMemory = 64 << 20

func runSummary(args []string, stdout, stderr io.Writer) (int, error) {
	var c common
	format, query, input := "text", "", ""
	fs := c.flagSet("summary", stderr, map[string]any{"format": &format, "query": &query, "input": &input})
	fs.Usage = func() { cli.Usage(stderr, "summary", configCatalogName()) }
	logs, err := cli.Parse(fs, args)
	if err != nil {
		return exitUsage, flagError(err)
	}
	if err := cli.Lookup("summary").CheckValue("format", format); err != nil {
		return exitUsage, usageError{err.Error()}
	}
	if len(logs) == 0 {
		return exitUsage, usageError{"summary: name a log, e.g. errscope summary import.gz"}
	}
	cat, err := c.catalogFor(stderr)
	if err != nil {
		return exitUsage, err
	}
	ctx, stop := interruptContext()
	defer stop()
	q, err := model.ParseQuery(query)
	if err != nil {
		return exitUsage, usageError{"summary: --query " + err.Error()}
	}
	var batch *source.BatchIndex
	if input != "" {
		if batch, err = source.OpenBatch(input); err != nil {
			return exitPartial, err
		}
		go batch.Build(ctx) // beside the log
	}
	// A view or a join needs the records; the plain summary only counts.
	keep := query != "" || batch != nil
	if !keep && os.Getenv("GOMEMLIMIT") == "" {
		// What counting keeps (counts, patterns and their values) is
		// bounded; a soft limit makes the garbage collector hold the heap
		// near it rather than at twice it.
		debug.SetMemoryLimit(summaryMemory)
		defer debug.SetMemoryLimit(math.MaxInt64)
	}
	final := source.RunInterruptible(ctx, source.NewStream(source.StreamOptions{Catalog: cat, Logs: logs, Mapping: c.mapping, Count: !keep, Fetch: c.fetch, MaxLine: int(c.maxLine)}))
	snap := final.Snap
	var idx []int32
	if keep {
		idx, _ = snap.Compile(q).Scan(ctx, snap, 0, snap.Len(), nil)
		if query != "" {
			snap = snap.Only(idx)
		}
	}
	s := report.Build(snap, final.Sources)
	s.Query = query
	if w := report.FoldWarning(s); w != "" {
		fmt.Fprintln(stderr, "errscope: warning:", w)
	}
	if batch != nil {
		batch.Wait()
		s.Batch = report.JoinBatch(snap, idx, batch)
	}
	switch format {
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
	code := sayUnread(stderr, final, cat)
	if s.Batch != nil && s.Batch.Error != "" {
		fmt.Fprintln(stderr, "errscope:", s.Batch.Error)
		code = exitPartial
	}
	return code, nil
}

// interruptContext is done on SIGINT (ctrl+c) or SIGTERM.
func interruptContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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
	var c common
	query, format, input, setMode, out := new(string), new(string), new(string), new(string), new(string)
	partSize, force := new(int64), new(bool)
	*format, *partSize = "refs", report.DefaultPartSize
	fs := c.flagSet("export", stderr, map[string]any{
		"query": query, "format": format, "input": input, "set-mode": setMode,
		"part-size": partSize, "o": out, "force": force,
	})
	fs.Usage = func() { cli.Usage(stderr, "export", "") }
	logs, err := cli.Parse(fs, args)
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
	cat, err := c.catalogFor(stderr)
	if err != nil {
		return exitUsage, err
	}
	var header []byte
	if *format == "csv" {
		header = []byte(report.CSVHeader)
	}
	// Byte for byte to a pipe or a file; made printable for a terminal.
	recs, err := report.OpenOutput(*out, stdout, isTerminal(stdout) && *format != "csv", header,
		report.FileOptions{Force: *force, PartSize: ea.PartSizeFor(), Log: stderr})
	if err != nil {
		return exitPartial, err
	}
	defer recs.Abort()
	ctx, stop := interruptContext()
	defer stop()
	var reading atomic.Pointer[source.Stream] // the stream being read, for an interrupt
	job := exportJob(logs, cat, c, q, *format, *input, *setMode, recs, &reading)
	var res report.ExportResult
	if !source.UntilInterrupted(ctx, func() { res, err = job.Run(ctx) }) {
		// A read that cannot see the interrupt: say where it stood, and
		// leave no output (recs.Abort, deferred, removes any part file).
		if st := reading.Load(); st != nil {
			sayUnread(stderr, model.Progress{Sources: st.InterruptedSources()}, cat)
		}
		return exitPartial, errors.New("export: interrupted: nothing was written")
	}
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	switch {
	case errors.Is(err, report.ErrNeedsFile):
		return exitUsage, usageError{"export: " + err.Error()}
	case errors.Is(err, context.Canceled):
		return exitPartial, errors.New("export: interrupted: nothing was written")
	case recs.ClosedPipe(err):
		return exitOK, nil
	case err != nil:
		return exitPartial, err
	}
	if noLogRead(res) {
		// An empty file would only stand in the way (exists, --force) once
		// the path is put right: recs.Abort, deferred, leaves none.
		sayUnread(stderr, res.Progress, cat)
		return exitPartial, errors.New("export: no log could be read: nothing was written")
	}
	if err := recs.Finish(); err != nil {
		return exitPartial, err
	}
	res.Say(stderr, *query, *setMode, *format == "input")
	return sayUnread(stderr, res.Progress, cat), nil
}

func isTerminal(w io.Writer) bool {
	if o, ok := w.(*report.StdoutWriter); ok {
		w = o.W
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// startTUI wires the loading stage to the screen: the stream reads on its
// own goroutine and the TUI shows what it publishes.
func startTUI(logs []string, cat *model.Catalog, note string, c common, stderr io.Writer, query string, batch *source.BatchIndex) (int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	budget := tuiBudget(c.memory)
	if budget > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// The stream stops keeping rows when the live heap reaches half
		// the budget; the soft limit keeps the garbage collector from
		// letting the heap grow past the budget after that.
		debug.SetMemoryLimit(budget)
	}
	so := source.StreamOptions{Catalog: cat, Logs: logs, Mapping: c.mapping, Fetch: c.fetch, MaxLine: int(c.maxLine), Budget: budget}
	var baselineErr lockedErr
	if c.baseline != "" {
		attachBaseline(ctx, &so, c, cat, &baselineErr)
	}
	stream := source.NewStream(so)
	opt := ui.Options{Catalog: cat, Sources: stream.Sources(), Updates: stream.Updates(), KeysFromTTY: slices.Contains(logs, "-"), Note: note, Query: query, Budget: budget}
	if os.Getenv("ERRSCOPE_TIMING") != "" {
		opt.Timing = &ui.Timing{Start: processStart}
	}
	input := ""
	if batch != nil {
		opt.Batch, input = batch, batch.Stats().Name
		go withTerminal(func() { batch.Build(ctx) }) // in the background: the detail waits for it, the screen never
	}
	opt.Export = tuiExport(logs, cat, c, input)
	opt.Markdown = func(snap *model.Snapshot, idx []int32, q string) string {
		s := report.Build(snap.Only(idx), stream.Sources())
		s.Query = q
		var b strings.Builder
		report.Markdown(&b, s, cat)
		return b.String()
	}
	go withTerminal(func() { stream.Run(ctx) })
	errs, err := ui.Run(opt)
	if err != nil {
		return exitPartial, err
	}
	// The screen is gone: say again what could not be read.
	if note != "" {
		fmt.Fprintln(stderr, "errscope:", note)
	}
	if err := baselineErr.get(); err != nil {
		errs = append(errs, fmt.Errorf("--baseline: %w", err))
	}
	for _, e := range errs {
		fmt.Fprintln(stderr, "errscope:", model.Printable(model.MaskURLs(e.Error())))
	}
	if len(errs) > 0 {
		return exitPartial, nil
	}
	return exitOK, nil
}

// tuiBudget is the TUI's memory budget: --memory, else half the memory
// available as it starts (the cgroup's limit or MemAvailable, the lower);
// 0 for none (--memory off, or nothing known of the memory).
func tuiBudget(m cli.SizeOrOff) int64 {
	if m.Given {
		if m.Off {
			return 0
		}
		return int64(m.Size)
	}
	n, _ := source.AvailableMemory()
	return n / 2
}

// exportJob wires an export to the loading stage and the batch file.
// reading, when not nil, is kept pointing at the stream being read.
func exportJob(logs []string, cat *model.Catalog, c common, q *model.Query, format, input, setMode string, out report.Records, reading *atomic.Pointer[source.Stream]) report.ExportJob {
	opts := source.StreamOptions{Catalog: cat, Logs: logs, Mapping: c.mapping, Fetch: c.fetch, MaxLine: int(c.maxLine)}
	job := report.ExportJob{
		Query: q, Catalog: cat, Format: format, Input: input, SetMode: setMode, Out: out,
		Rereadable: rereadable(logs),
		Read: func(ctx context.Context, tee model.Sink, keep bool) model.Progress {
			o := opts
			o.Tee, o.Count = tee, !keep
			st := source.NewStream(o)
			if reading != nil {
				reading.Store(st)
			}
			return st.Run(ctx)
		},
		ScanBatch: source.ScanBatch, SetModeFn: source.SetMode,
	}
	for _, s := range source.NewStream(opts).Sources() {
		job.Sources = append(job.Sources, s.Name)
	}
	return job
}

// tuiExport is the TUI's e: the same export, of the view's query, to a
// file (the logs are read again, so the bytes are the log's own).
func tuiExport(logs []string, cat *model.Catalog, c common, input string) func(context.Context, ui.ExportRequest, func(int64)) (string, error) {
	return func(ctx context.Context, req ui.ExportRequest, progress func(int64)) (string, error) {
		if slices.Contains(logs, "-") {
			return "", errors.New("the log came on standard input and cannot be read again: save it to a file (or copy refs with Y)")
		}
		q, err := model.ParseQuery(req.Query)
		if err != nil {
			return "", err
		}
		var header []byte
		if req.Format == "csv" {
			header = []byte(report.CSVHeader)
		}
		var said strings.Builder
		out, err := report.OpenOutput(req.Path, nil, false, header, report.FileOptions{Force: req.Force, PartSize: report.ExportArgs{Format: req.Format, PartSize: report.DefaultPartSize}.PartSizeFor(), Log: &said})
		if err != nil {
			return "", err
		}
		defer out.Abort()
		job := exportJob(logs, cat, c, q, req.Format, input, "", report.Counting(out, progress), nil)
		res, err := job.Run(ctx)
		if err == nil {
			err = ctx.Err()
		}
		if errors.Is(err, context.Canceled) {
			return "", errors.New("stopped: nothing was written")
		}
		if err != nil {
			return "", err
		}
		if err := out.Finish(); err != nil {
			return "", err
		}
		note := strings.ReplaceAll(strings.TrimSpace(said.String()), "\n", "; ")
		if req.Format == "input" {
			note += "; " + report.JoinNote(res.Selected, res.Null, res.Found, res.Missing, res.Examples, res.Batch)
		}
		return note, nil
	}
}

// withTerminal runs f on a goroutine beside the TUI: a panic in it ends
// the program with the terminal restored and one line saying what to
// report (Bubble Tea restores it only for panics on its own goroutines).
func withTerminal(f func()) {
	defer func() {
		if v := recover(); v != nil {
			ui.Crash(v)
		}
	}()
	f()
}

// attachBaseline makes the stream mark each record against the baseline
// log, read at the same time on its own goroutine keeping only each
// record's ref and error type: once both are read, the diff gives each
// record its class and the groups pane the counts. errp gets why the
// baseline could not be read whole (it is set before the TUI's last
// progress).
func attachBaseline(ctx context.Context, so *source.StreamOptions, c common, cat *model.Catalog, errp *lockedErr) {
	var before, after model.DiffSide
	done := make(chan model.Progress, 1)
	go withTerminal(func() {
		done <- source.NewStream(source.StreamOptions{
			Catalog: cat, Logs: []string{c.baseline}, Mapping: c.mapping, Count: true, Fetch: c.fetch, MaxLine: int(c.maxLine),
			Tap: func(r *model.Rec, kind int) { before.Add(r.Ref, kind, r.Bad != "") },
		}).Run(ctx)
	})
	so.Tap = func(r *model.Rec, kind int) { after.Add(r.Ref, kind, r.Bad != "") }
	so.Baseline = func(snap *model.Snapshot) (*model.Baseline, []model.Class) {
		bp := <-done
		r := model.Diff(&before, &after, bp.Snap.Kinds(), snap.Kinds(), model.DiffOptions{Mark: true})
		b := &model.Baseline{Name: bp.Sources[0].Name, Counts: r.Counts, Err: bp.Sources[0].Err}
		errp.set(b.Err)
		return b, r.AfterClass
	}
}

// lockedErr is an error one goroutine sets and another reads.
type lockedErr struct {
	mu  sync.Mutex
	err error
}

func (l *lockedErr) set(err error) { l.mu.Lock(); l.err = err; l.mu.Unlock() }
func (l *lockedErr) get() error    { l.mu.Lock(); defer l.mu.Unlock(); return l.err }

// processStart is as near to the start of the process as Go code gets.
var processStart = time.Now()

func runDiff(args []string, stdout, stderr io.Writer) (int, error) {
	var c common
	f, cl, rs := "text", "", ""
	format, class, resent := &f, &cl, &rs
	fs := c.flagSet("diff", stderr, map[string]any{"format": format, "class": class, "resent": resent})
	fs.Usage = func() { cli.Usage(stderr, "diff", configCatalogName()) }
	logs, err := cli.Parse(fs, args)
	if err != nil {
		return exitUsage, flagError(err)
	}
	if len(logs) != 2 {
		return exitUsage, usageError{"diff: name two logs, the one before and the one after, e.g. errscope diff before.gz after.gz"}
	}
	want := model.ClassNone
	if *class != "" {
		cl, ok := model.ParseClass(*class)
		if !ok {
			return exitUsage, usageError{fmt.Sprintf("diff: unknown --class %q (fixed, still, changed, new or not-resent)", *class)}
		}
		want = cl
		if *format == "text" {
			*format = "refs"
		}
	}
	switch *format {
	case "text", "markdown", "json":
		if want != model.ClassNone {
			return exitUsage, usageError{"diff: --class goes with --format refs"}
		}
	case "refs":
		if want == model.ClassNone {
			return exitUsage, usageError{"diff: --format refs needs --class (fixed, still, changed, new or not-resent)"}
		}
	default:
		return exitUsage, usageError{fmt.Sprintf("diff: unknown --format %q (text, markdown, json or refs)", *format)}
	}
	if want == model.ClassNotResent && *resent == "" {
		return exitUsage, usageError{"diff: --class not-resent needs --resent BATCH"}
	}
	cat, err := c.catalogFor(stderr)
	if err != nil {
		return exitUsage, err
	}
	ctx, stop := interruptContext()
	defer stop()

	// The re-sent batch is indexed while both logs are read, each on its
	// own goroutine.
	var batch *source.BatchIndex
	var batchErr error
	var wg sync.WaitGroup
	if *resent != "" {
		wg.Add(1)
		go func() { defer wg.Done(); batch, batchErr = source.IndexBatch(ctx, *resent) }()
	}
	var sides [2]model.DiffSide
	var finals [2]model.Progress
	var streams [2]*source.Stream
	for i := range sides {
		side := &sides[i]
		streams[i] = source.NewStream(source.StreamOptions{
			Catalog: cat, Logs: logs[i : i+1], Mapping: c.mapping, Count: true, Fetch: c.fetch, MaxLine: int(c.maxLine),
			Tap: func(r *model.Rec, kind int) { side.Add(r.Ref, kind, r.Bad != "") },
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			finals[i] = streams[i].Run(ctx)
		}()
	}
	if !source.UntilInterrupted(ctx, wg.Wait) || ctx.Err() != nil {
		// A diff of logs read in part would be wrong: say how far each
		// got, and write nothing.
		for _, st := range streams {
			sayUnread(stderr, model.Progress{Sources: st.InterruptedSources()}, cat)
		}
		return exitPartial, errors.New("diff: interrupted: nothing was written")
	}
	code := exitOK
	opt := model.DiffOptions{Refs: want}
	if *resent != "" {
		if batchErr != nil || batch == nil {
			if batchErr == nil {
				batchErr = fmt.Errorf("%s: could not be read", *resent)
			}
			return exitPartial, fmt.Errorf("--resent: %w", batchErr)
		}
		defer batch.Close()
		if e := batch.Stats().Err; e != nil {
			fmt.Fprintln(stderr, "errscope: --resent:", model.Printable(model.MaskURLs(e.Error())))
			code = exitPartial
		}
		opt.Resent = batch.HasBytes
	}
	r := model.Diff(&sides[0], &sides[1], finals[0].Snap.Kinds(), finals[1].Snap.Kinds(), opt)
	d := report.BuildDiff(r, report.SideOf(finals[0].Snap, readWhole(finals[0].Sources)), report.SideOf(finals[1].Snap, readWhole(finals[1].Sources)))
	switch *format {
	case "json":
		err = report.DiffJSONOut(stdout, d)
	case "markdown":
		err = report.DiffMarkdown(stdout, d, cat, *resent != "")
	case "refs":
		err = report.DiffRefs(stdout, r.Refs, isTerminal(stdout))
	default:
		err = report.DiffText(stdout, d, cat, *resent != "")
	}
	if err != nil {
		return exitPartial, err
	}
	for _, f := range finals {
		for _, s := range f.Sources {
			if s.Err != nil {
				fmt.Fprintln(stderr, "errscope:", model.Printable(model.MaskURLs(s.Err.Error())))
				if !statusSucceeded(s.Err) {
					code = exitPartial
				}
			}
		}
	}
	return code, nil
}

// statusSucceeded says whether err is a saved batch status saying success:
// nothing failed, so its (empty) side of a diff is whole.
func statusSucceeded(err error) bool {
	se := (*source.StatusError)(nil)
	return errors.As(err, &se) && se.Success()
}

// noLogRead says whether an export selected nothing because none of its
// logs could be read (a batch status saying success was read: nothing failed).
func noLogRead(res report.ExportResult) bool {
	if res.Selected > 0 || len(res.Progress.Sources) == 0 {
		return false
	}
	for _, s := range res.Progress.Sources {
		if s.Err == nil || statusSucceeded(s.Err) {
			return false
		}
	}
	return true
}

// readWhole leaves out of a diff's side the error of a batch status saying
// success: that side was read whole, with no failed record.
func readWhole(sources []model.SourceState) []model.SourceState {
	out := slices.Clone(sources)
	for i := range out {
		if statusSucceeded(out[i].Err) {
			out[i].Err = nil
		}
	}
	return out
}

// rereadable says every log can be read a second time: a regular file or a
// URL. Standard input, a FIFO or a process substitution (/dev/fd/N) can be
// read once.
func rereadable(logs []string) bool {
	for _, l := range logs {
		if source.IsURL(l) {
			continue
		}
		if l == "-" {
			return false
		}
		if fi, err := os.Stat(l); err == nil && !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}
