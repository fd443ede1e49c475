package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

// summaryJSON is the stable schema of `summary --format json`
// (ARCHITECTURE.md). Groups also name their format, so that codes of two
// formats read together stay apart.
type summaryJSON struct {
	Sources  []sourceJSON  `json:"sources"`
	Records  int64         `json:"records"`
	BadLines int64         `json:"bad_lines"`
	Groups   []groupJSON   `json:"groups"`
	Patterns []patternJSON `json:"patterns"`
}

type sourceJSON struct {
	Name       string `json:"name"`
	Format     string `json:"format"`
	Mapping    string `json:"mapping,omitempty"`
	Compressed bool   `json:"compressed"`
	Records    int64  `json:"records"`
	BadLines   int64  `json:"bad_lines"`
	Truncated  bool   `json:"truncated"`
	Error      string `json:"error"`
}

type groupJSON struct {
	Code   string `json:"code"`
	Title  string `json:"title"`
	Type   string `json:"type"`
	Count  int64  `json:"count"`
	Format string `json:"format"`
}

type patternJSON struct {
	Code    string `json:"code"`
	Pattern string `json:"pattern"`
	Count   int64  `json:"count"`
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
	counter := model.NewCounter(cat)
	results := source.Load(ctx, logs, counter, nil, c.mapping, source.Hooks{})
	s := buildSummary(counter.Snapshot(), results)
	switch *format {
	case "json":
		// The contract: largest first. (Text and markdown keep errors first,
		// then warnings and successes, as the TUI does.)
		sort.SliceStable(s.Groups, func(a, b int) bool { return s.Groups[a].Count > s.Groups[b].Count })
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(s)
	case "csv":
		err = writeSummaryCSV(stdout, s)
	case "markdown":
		err = writeSummaryMarkdown(stdout, s, cat)
	default:
		err = writeSummaryText(stdout, s, cat)
	}
	if err != nil {
		return exitPartial, err
	}
	code := exitOK
	for i, r := range results {
		if recs, bad := counter.Snapshot().SourceCounts(i); recs == 0 && bad > 0 {
			fmt.Fprintf(stderr, "errscope: %s: none of its %s lines is a record of a %s: is it the right file? (errscope %s, then /type:bad, shows them)\n",
				model.Printable(r.Name), model.Thousands(bad), cat.FormatName(r.Format), model.Printable(r.Name))
		}
		if r.Err != nil {
			fmt.Fprintln(stderr, "errscope:", model.Printable(r.Err.Error()))
			code = exitPartial
		}
	}
	return code, nil
}

func buildSummary(snap *model.Snapshot, results []source.Result) summaryJSON {
	s := summaryJSON{Records: snap.Records(), BadLines: snap.BadLines(), Groups: []groupJSON{}, Patterns: []patternJSON{}}
	for i, r := range results {
		recs, bad := snap.SourceCounts(i)
		// Every string that comes from a log (or names one) is made
		// printable, in JSON too: encoding/json leaves C1 controls and DEL.
		p := model.Printable
		sj := sourceJSON{Name: p(r.Name), Format: r.Format, Compressed: r.Compressed, Records: recs, BadLines: bad, Truncated: r.Truncated}
		if r.Guessed || r.Format == source.FormatJSONL {
			sj.Mapping = p(r.Mapping.String())
		}
		if r.Err != nil {
			sj.Error = p(r.Err.Error())
		}
		s.Sources = append(s.Sources, sj)
	}
	for _, g := range snap.Groups() {
		if g.Kind.Type == model.TypeBad {
			continue
		}
		s.Groups = append(s.Groups, groupJSON{Code: model.Printable(g.Kind.Code), Title: model.Printable(g.Kind.Title), Type: g.Kind.Type.String(), Count: g.Count, Format: g.Kind.Format})
	}
	return s
}

// byType sums the groups by type: "6,943 errors, 954 warnings, 12,103
// successes", leaving out types with none.
func byType(s summaryJSON) string {
	sums := map[string]int64{}
	for _, g := range s.Groups {
		sums[g.Type] += g.Count
	}
	var parts []string
	for _, t := range []struct{ typ, one, many string }{{"error", "error", "errors"}, {"warning", "warning", "warnings"}, {"success", "success", "successes"}} {
		if n := sums[t.typ]; n > 0 {
			word := t.many
			if n == 1 {
				word = t.one
			}
			parts = append(parts, model.Thousands(n)+" "+word)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func percent(n, total int64) string {
	if total == 0 {
		return "-"
	}
	return strconv.FormatFloat(100*float64(n)/float64(total), 'f', 1, 64) + "%"
}

func describeSource(src sourceJSON, cat *model.Catalog) string {
	p := model.Printable
	line := fmt.Sprintf("%s: %s, %s records", p(src.Name), cat.FormatName(src.Format), model.Thousands(src.Records))
	if src.Format == "" {
		line = fmt.Sprintf("%s: not read", p(src.Name))
	}
	if src.Mapping != "" {
		line += " (" + p(src.Mapping) + ")"
	}
	if src.BadLines > 0 {
		line += fmt.Sprintf(", %s unreadable lines", model.Thousands(src.BadLines))
	}
	if src.Truncated {
		line += ", CUT SHORT"
	}
	return line
}

func writeSummaryText(w io.Writer, s summaryJSON, cat *model.Catalog) error {
	for _, src := range s.Sources {
		fmt.Fprintln(w, describeSource(src, cat))
	}
	fmt.Fprintf(w, "\n%s records (%s), %s unreadable lines\n\n", model.Thousands(s.Records), byType(s), model.Thousands(s.BadLines))
	codeW, titleW, countW := len("CODE"), len("TITLE"), len("COUNT")
	for _, g := range s.Groups {
		codeW = max(codeW, len(model.Printable(g.Code)))
		titleW = max(titleW, len(model.Printable(g.Title)))
		countW = max(countW, len(model.Thousands(g.Count)))
	}
	row := func(code, title, typ, count, share string) {
		fmt.Fprintf(w, "%-*s  %-*s  %-7s  %*s  %6s\n", codeW, code, titleW, title, typ, countW, count, share)
	}
	row("CODE", "TITLE", "TYPE", "COUNT", "SHARE")
	for _, g := range s.Groups {
		row(model.Printable(g.Code), model.Printable(g.Title), g.Type, model.Thousands(g.Count), percent(g.Count, s.Records))
	}
	return nil
}

func writeSummaryMarkdown(w io.Writer, s summaryJSON, cat *model.Catalog) error {
	md := func(x string) string { return strings.ReplaceAll(model.Printable(x), "|", `\|`) }
	fmt.Fprintln(w, "**errscope summary**")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s records: %s; %s unreadable lines\n\n", model.Thousands(s.Records), byType(s), model.Thousands(s.BadLines))
	for _, src := range s.Sources {
		fmt.Fprintln(w, "- "+md(describeSource(src, cat)))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Code | Title | Type | Count | Share |")
	fmt.Fprintln(w, "|---:|---|---|---:|---:|")
	for _, g := range s.Groups {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", md(g.Code), md(g.Title), g.Type, model.Thousands(g.Count), percent(g.Count, s.Records))
	}
	_, err := fmt.Fprintf(w, "| | **Total** | | **%s** | |\n", model.Thousands(s.Records))
	return err
}

func writeSummaryCSV(w io.Writer, s summaryJSON) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"format", "code", "title", "type", "count"})
	for _, g := range s.Groups {
		cw.Write([]string{g.Format, model.Printable(g.Code), model.Printable(g.Title), g.Type, strconv.FormatInt(g.Count, 10)})
	}
	cw.Flush()
	return cw.Error()
}

func writeCodes(w io.Writer, cat *model.Catalog, format, out string) error {
	entries := cat.Entries(format)
	if out == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"entries": entries})
	}
	last := ""
	for _, e := range entries {
		if e.Format != last {
			fmt.Fprintf(w, "## %s\n\n", cat.FormatName(e.Format))
			last = e.Format
		}
		fmt.Fprintf(w, "%s  %s (%s)\n  %s\n  Remedy: %s\n\n", e.Code, e.Title, e.Type, e.Meaning, e.Remedy)
	}
	return nil
}
