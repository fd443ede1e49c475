package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/errscope/errscope/model"
)

// ExportJob is one `export` run. main wires it to the loading stage and the
// batch-file reader (source), so that this package imports model only.
type ExportJob struct {
	Query   *model.Query
	Catalog *model.Catalog
	Format  string // refs, ndjson, csv, input
	Input   string // the batch file (input)
	SetMode string // input: rewrite each line's mode to this
	Out     Records
	Stderr  io.Writer
	Sources []string // the logs' names as sources (file: terms, csv's file column)
	// Rereadable says every log can be read twice (no standard input): a
	// query with message words needs a first read to know what they match.
	Rereadable bool
	// Read reads the logs through the loading stage, handing every record
	// to tee; keep says the stage's store keeps the records (else counts).
	Read func(ctx context.Context, tee model.Sink, keep bool) model.Progress
	// ScanBatch hands each one-object line of the batch file to fn, as it
	// is, with its ref; SetModeFn rewrites a line's mode (source.SetMode).
	ScanBatch func(ctx context.Context, name string, fn func(line, ref []byte) error) (model.BatchStats, error)
	SetModeFn func(dst, line []byte, mode string) ([]byte, bool)
}

// ExportResult is what an export came to.
type ExportResult struct {
	Progress model.Progress // the logs as read (errors, counts)
	Selected int64          // records the query selected
	Null     int64          // of them, with ref "null"
	Written  int64          // records written (input: batch lines)
	Batch    model.BatchStats
	Found    int      // input: selected refs the batch file has
	Missing  int      // input: selected refs the batch file lacks
	Examples []string // a few of them
	NoMode   int64    // --set-mode: lines that had no mode (one was added)
	// PatternsStreamed says the csv pattern column holds each record's
	// pattern as known when it was written (the log is read once), not the
	// one summary finds for the whole log.
	PatternsStreamed bool
}

// ErrNeedsFile says a query with message words cannot read standard input.
var ErrNeedsFile = errors.New("a query with message words reads the logs twice (what a word matches depends on every message): save standard input (or the pipe) to a file and export from it, or use field terms only (code:, type:, ref:, ...)")

// Run reads the logs once (twice for a query with message words, or for
// csv's pattern column when they can be read twice), writes what the query
// selects, and for the input format then the batch file's
// lines of those refs. The caller commits or aborts the output.
func (j *ExportJob) Run(ctx context.Context) (ExportResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var res ExportResult
	src := func(i int) string {
		if i < len(j.Sources) {
			return j.Sources[i]
		}
		return ""
	}
	ex := &Export{Format: j.Format, Out: j.Out, Source: src, Stop: cancel}
	if j.Format == "input" {
		ex.Refs = model.NewRefSet()
	}
	allQuery := &model.Query{Terms: []model.Term{{Field: "type", Values: []string{"all"}}}}
	// The csv pattern column: mined over the whole log by the first read
	// when there is one, so that every record has its final pattern.
	var mine model.Sink
	if j.Format == "csv" && j.Rereadable {
		all, _ := model.NewSelector(allQuery, j.Catalog, src)
		mine = patternMiner{all, &ex.pats}
	}
	res.PatternsStreamed = j.Format == "csv" && !j.Rereadable
	if sel, ok := model.NewSelector(j.Query, j.Catalog, src); ok {
		if mine != nil {
			if p := j.Read(ctx, mine, false); ctx.Err() != nil {
				res.Progress = p
				return res, ctx.Err()
			}
			ex.pats.final = true
		}
		ex.Match, ex.Kind = sel.Match, sel.Last
		res.Progress = j.Read(ctx, ex, false)
	} else {
		if !j.Rereadable {
			return res, ErrNeedsFile
		}
		// First read: the whole store, filtered as the TUI filters it.
		first := j.Read(ctx, mine, true)
		ex.pats.final = mine != nil
		if ctx.Err() != nil {
			res.Progress = first
			return res, ctx.Err()
		}
		idx, err := first.Snap.Compile(j.Query).Scan(ctx, first.Snap, 0, first.Snap.Len(), nil)
		if err != nil {
			return res, err
		}
		// Second read: the selected records by their position.
		all, _ := model.NewSelector(allQuery, j.Catalog, src)
		n, k := int32(0), 0
		ex.Match = func(r *model.Rec) bool {
			all.Match(r)
			hit := k < len(idx) && idx[k] == n
			if hit {
				k++
			}
			n++
			return hit
		}
		ex.Kind = all.Last
		res.Progress = j.Read(ctx, ex, false)
	}
	res.Selected, res.Null = ex.Selected, ex.Null
	if ex.Err != nil {
		return res, ex.Err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if j.Format != "input" {
		res.Written = ex.Selected
		return res, nil
	}
	var line []byte
	st, err := j.ScanBatch(ctx, j.Input, func(l, ref []byte) error {
		if !ex.Refs.Find(ref) {
			return nil
		}
		if j.SetMode != "" {
			var had bool
			line, had = j.SetModeFn(line[:0], l, j.SetMode)
			if !had {
				res.NoMode++
			}
			l = line
		}
		res.Written++
		return j.Out.Write(l)
	})
	res.Batch = st
	res.Found = ex.Refs.Found()
	res.Missing = ex.Refs.Len() - res.Found
	res.Examples = ex.Refs.Missing(5)
	return res, err
}

// JoinNote says, for people, how the selected refs met the batch file:
// how many were found, how many not (and a few of them), how many records
// had ref "null" and which lines of the batch file could not be parsed.
func JoinNote(selected, null int64, found, missing int, examples []string, st model.BatchStats) string {
	var b strings.Builder
	p := model.Printable
	fmt.Fprintf(&b, "batch file %s: %s; of %s, %s found", p(st.Name), plural(st.Lines, "line", "lines"),
		plural(int64(found+missing), "selected ref", "selected refs"), model.Thousands(int64(found)))
	if missing > 0 {
		var ex []string
		for _, e := range examples {
			ex = append(ex, p(e))
		}
		fmt.Fprintf(&b, ", %s not in the batch file (e.g. %s)", model.Thousands(int64(missing)), strings.Join(ex, ", "))
	}
	if null > 0 {
		fmt.Fprintf(&b, "; %s ref null: the service could not parse %s", plural(null, "record has", "records have"), agree(null, "its batch line", "their batch lines"))
	}
	if st.Bad > 0 {
		fmt.Fprintf(&b, "; %s of the batch file %s (%s)", plural(st.Bad, "line", "lines"), agree(st.Bad, "is not a one-line JSON object with a ref", "are not one-line JSON objects with a ref"), badLineList(st))
	}
	if st.Dups > 0 {
		fmt.Fprintf(&b, "; %s a ref of an earlier line", plural(st.Dups, "line repeats", "lines repeat"))
	}
	return b.String()
}

// badLineList names the first bad lines: "lines 4, 5, 6 and 7: not one JSON
// object on one line (...)".
func badLineList(st model.BatchStats) string {
	var nums []string
	for i, l := range st.BadLines {
		if i == 10 {
			break
		}
		nums = append(nums, fmt.Sprint(l.Line))
	}
	s := "line"
	if len(st.BadLines) > 1 {
		s = "lines"
	}
	s += " " + strings.Join(nums, ", ")
	if st.Bad > int64(len(nums)) {
		s += ", ..."
	}
	if len(st.BadLines) > 0 {
		s += ": " + model.Printable(st.BadLines[0].Why)
	}
	return s
}

// ExportArgs are export's flags, as Check sees them.
type ExportArgs struct {
	Format, Input, SetMode, Out string
	SetModeGiven, PartSizeGiven bool
	PartSize                    int64
	Force                       bool
	Logs                        int
}

// DefaultPartSize is the Batch API's limit on one gzipped file.
const DefaultPartSize = 50_000_000

// PartSizeFor is the bound on each file: --part-size when given; else, for
// a re-send file (input), the Batch API's limit; else none.
func (a ExportArgs) PartSizeFor() int64 {
	if a.PartSizeGiven || a.Format == "input" {
		return a.PartSize
	}
	return 0
}

// Check gives the usage error in export's flags, or "".
func (a ExportArgs) Check() string {
	toStdout := a.Out == "" || a.Out == "-"
	switch {
	case !slices.Contains(ExportFormats, a.Format):
		return fmt.Sprintf("export: unknown --format %q (refs, ndjson, csv or input)", a.Format)
	case a.Logs == 0:
		return "export: name a log, e.g. errscope export --query code:409 import.gz"
	case a.Format == "input" && a.Input == "":
		return "export --format input: name the uploaded batch file with --input BATCH"
	case a.Input != "" && a.Format != "input":
		return "export: --input is for --format input (the batch file's lines of the selected refs)"
	case a.SetModeGiven && a.Format != "input":
		return "export: --set-mode rewrites batch lines: use it with --format input --input BATCH"
	case a.SetModeGiven && !model.ValidBatchMode(a.SetMode):
		return fmt.Sprintf("export: --set-mode %q is not a mode the Batch API takes (%s)", a.SetMode, strings.Join(model.BatchModes, ", "))
	case a.PartSize <= 0:
		return "export: --part-size must be a number of bytes above 0"
	case a.PartSizeGiven && toStdout:
		return "export: --part-size splits files: name one with -o FILE"
	case a.Force && toStdout:
		return "export: --force replaces the file -o names; there is none"
	}
	return ""
}

// Say tells on w what an export came to: the records selected, and for the
// input format the join with the batch file.
func (r ExportResult) Say(w io.Writer, query, setMode string, input bool) {
	what := plural(r.Selected, "record", "records") + " selected"
	if query != "" {
		what += " by " + model.Printable(query)
	}
	fmt.Fprintf(w, "errscope: %s\n", what)
	if r.PatternsStreamed && r.Selected > 0 {
		fmt.Fprintln(w, "errscope: the pattern column holds each record's pattern as known when it was written (standard input is read once): an early record's may be narrower than summary's; export from a file for the final patterns")
	}
	if input {
		fmt.Fprintf(w, "errscope: %s; %s written\n", JoinNote(r.Selected, r.Null, r.Found, r.Missing, r.Examples, r.Batch), plural(r.Written, "line", "lines"))
		if r.NoMode > 0 {
			fmt.Fprintf(w, "errscope: %s lines had no mode; \"mode\":%q was put first in each\n", model.Thousands(r.NoMode), setMode)
		}
	}
}
