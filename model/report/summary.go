// Package report writes what errscope has read for people and scripts:
// the summary in text, Markdown, JSON and CSV, and the catalog. It imports
// model only; the commands in main hand it a snapshot and the logs' states.
// Every string that comes from a log (or names one) goes through
// model.Printable here.
package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/errscope/errscope/model"
)

// Summary is the stable schema of `summary --format json`
// (ARCHITECTURE.md). Groups also name their format, so that codes of two
// formats read together stay apart.
type Summary struct {
	Sources  []SourceJSON  `json:"sources"`
	Records  int64         `json:"records"`
	BadLines int64         `json:"bad_lines"`
	Groups   []GroupJSON   `json:"groups"`
	Patterns []PatternJSON `json:"patterns"`
	// Query is the view the summary covers (summary --query), and Batch
	// how its records met the uploaded batch file (summary --input).
	Query string     `json:"query,omitempty"`
	Batch *BatchJSON `json:"batch,omitempty"`
}

type SourceJSON struct {
	Name       string `json:"name"`
	Format     string `json:"format"`
	Mapping    string `json:"mapping,omitempty"`
	Compressed bool   `json:"compressed"`
	Records    int64  `json:"records"`
	BadLines   int64  `json:"bad_lines"`
	Truncated  bool   `json:"truncated"`
	Error      string `json:"error"`
	Warning    string `json:"warning,omitempty"` // what was ignored, e.g. trailing data after the gzip data
}

type GroupJSON struct {
	Code   string `json:"code"`
	Title  string `json:"title"`
	Type   string `json:"type"`
	Count  int64  `json:"count"`
	Format string `json:"format"`
	// Owner and Runbook come from the catalog entry of the error type
	// (RunbookText: a link, or text made printable).
	Owner   string `json:"owner,omitempty"`
	Runbook string `json:"runbook,omitempty"`
	// Folded is, for the group of code "*", how many distinct codes past
	// the first 10,000 error types it holds.
	Folded int64 `json:"folded,omitempty"`

	entry *model.Entry
}

// Build gathers the summary of a snapshot and the states of its logs.
func Build(snap *model.Snapshot, sources []model.SourceState) Summary {
	s := Summary{Records: snap.Records(), BadLines: snap.BadLines(), Groups: []GroupJSON{}, Patterns: []PatternJSON{}}
	for i, r := range sources {
		recs, bad := snap.SourceCounts(i)
		// Every string that comes from a log (or names one) is made
		// printable, in JSON too: encoding/json leaves C1 controls and DEL.
		p := model.Printable
		sj := SourceJSON{Name: p(model.MaskURLs(r.Name)), Format: r.Format, Compressed: r.Compressed, Records: recs, BadLines: bad, Truncated: r.Truncated}
		sj.Mapping = p(r.Mapping)
		if r.Err != nil {
			sj.Error = p(model.MaskURLs(r.Err.Error()))
		}
		if r.Warning != "" {
			sj.Warning = p(model.MaskURLs(r.Warning))
		}
		s.Sources = append(s.Sources, sj)
	}
	for _, g := range snap.Groups() {
		if g.Kind.Type == model.TypeBad {
			continue
		}
		gj := GroupJSON{Code: model.Printable(g.Kind.Code), Title: model.Printable(g.Kind.Title), Type: g.Kind.Type.String(), Count: g.Count, Format: g.Kind.Format}
		if e := g.Kind.Entry; e != nil {
			gj.Owner, gj.Runbook, gj.entry = model.Printable(e.Owner), e.RunbookText(), e
		}
		if n := snap.Folded(g.ID); g.Kind.Code == model.FoldCode && n > 0 {
			gj.Folded = n
			gj.Title = FoldTitle(n)
		}
		s.Groups = append(s.Groups, gj)
		s.Patterns = append(s.Patterns, patternsJSON(snap, g)...)
	}
	return s
}

// byType sums the groups by type: "6,943 errors, 954 warnings, 12,103
// successes", leaving out types with none.
func byType(s Summary) string {
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

func describeSource(src SourceJSON, cat *model.Catalog) string {
	p := model.Printable
	line := fmt.Sprintf("%s: %s, %s", p(src.Name), cat.FormatName(src.Format), plural(src.Records, "record", "records"))
	if src.Format == "" {
		line = fmt.Sprintf("%s: not read", p(src.Name))
	}
	if src.Mapping != "" {
		line += " (" + p(src.Mapping) + ")"
	}
	if src.BadLines > 0 {
		line += ", " + plural(src.BadLines, "unreadable line", "unreadable lines")
	}
	if src.Truncated {
		line += ", CUT SHORT"
	}
	return line
}

// Text writes the summary for reading in a terminal.
func Text(w io.Writer, s Summary, cat *model.Catalog) error {
	writeHead(w, s, model.Printable)
	for _, src := range s.Sources {
		fmt.Fprintln(w, describeSource(src, cat))
	}
	fmt.Fprintf(w, "\n%s (%s), %s\n\n", plural(s.Records, "record", "records"), byType(s), plural(s.BadLines, "unreadable line", "unreadable lines"))
	// Columns as wide as their widest cell, measured as the terminal
	// draws it, up to a bound: a longer code or title is cut with an
	// ellipsis, never padded to its length.
	codeW, titleW, countW := len("CODE"), len("TITLE"), len("COUNT")
	for _, g := range s.Groups {
		codeW = min(max(codeW, ansi.StringWidth(model.Printable(g.Code))), maxCodeCells)
		titleW = min(max(titleW, ansi.StringWidth(model.Printable(g.Title))), maxTitleCells)
		countW = max(countW, len(model.Thousands(g.Count)))
	}
	row := func(code, title, typ, count, share string) {
		fmt.Fprintf(w, "%s  %s  %-7s  %*s  %6s\n", pad(code, codeW), pad(title, titleW), typ, countW, count, share)
	}
	row("CODE", "TITLE", "TYPE", "COUNT", "SHARE")
	for _, g := range s.Groups {
		row(model.Printable(g.Code), model.Printable(g.Title), g.Type, model.Thousands(g.Count), percent(g.Count, s.Records))
	}
	patternsText(w, s)
	return nil
}

// The widest code and title columns of the text summary, in cells.
const (
	maxCodeCells  = 24
	maxTitleCells = 60
)

// pad fits printable text to w cells: cut with an ellipsis, or padded with
// spaces, measured as lipgloss and the TUI measure it (ansi.StringWidth).
func pad(s string, w int) string {
	if limit := 4*w + 16; len(s) > limit {
		// Only the start of a long text is measured (a rune is at most 4
		// bytes): a code of megabytes costs no more than one that fits.
		for limit > 0 && !utf8.RuneStart(s[limit]) {
			limit--
		}
		s = s[:limit] + "…"
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	return s + strings.Repeat(" ", max(w-sw, 0))
}

// plural writes n and the word that goes with it: "1 record", "2 records".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return model.Thousands(n) + " " + many
}

// Markdown writes the summary for an incident ticket.
func Markdown(w io.Writer, s Summary, cat *model.Catalog) error {
	// Log text never becomes a link, markup or HTML in the ticket.
	md := mdText
	fmt.Fprintln(w, "**errscope summary**")
	fmt.Fprintln(w)
	writeHead(w, s, md)
	fmt.Fprintf(w, "%s: %s; %s\n\n", plural(s.Records, "record", "records"), byType(s), plural(s.BadLines, "unreadable line", "unreadable lines"))
	for _, src := range s.Sources {
		fmt.Fprintln(w, "- "+md(describeSource(src, cat)))
	}
	fmt.Fprintln(w)
	// Who to hand each group to, when the catalog says: the owner and the
	// runbook (a link only when it is http or https).
	owners := false
	for _, g := range s.Groups {
		owners = owners || g.Owner != "" || g.Runbook != ""
	}
	if owners {
		fmt.Fprintln(w, "| Code | Title | Type | Count | Share | Owner | Runbook |")
		fmt.Fprintln(w, "|---:|---|---|---:|---:|---|---|")
	} else {
		fmt.Fprintln(w, "| Code | Title | Type | Count | Share |")
		fmt.Fprintln(w, "|---:|---|---|---:|---:|")
	}
	for _, g := range s.Groups {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |", md(g.Code), md(g.Title), g.Type, model.Thousands(g.Count), percent(g.Count, s.Records))
		if owners {
			fmt.Fprintf(w, " %s | %s |", mdText(g.Owner), mdLink(g.entry))
		}
		fmt.Fprintln(w)
	}
	total := fmt.Sprintf("| | **Total** | | **%s** | |", model.Thousands(s.Records))
	if owners {
		total += " | |"
	}
	if _, err := fmt.Fprintln(w, total); err != nil {
		return err
	}
	return patternsMarkdown(w, s)
}

// CSV writes the groups for a spreadsheet.
func CSV(w io.Writer, s Summary) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"format", "code", "title", "type", "count"})
	for _, g := range s.Groups {
		cw.Write([]string{g.Format, CSVCell(model.Printable(g.Code)), CSVCell(model.Printable(g.Title)), g.Type, strconv.FormatInt(g.Count, 10)})
	}
	cw.Flush()
	return cw.Error()
}

// Codes writes the catalog's entries for format ("" for all) as text,
// Markdown (CodesMarkdown) or JSON (the form --catalog reads).
func Codes(w io.Writer, cat *model.Catalog, format, out string) error {
	entries := cat.Entries(format)
	if out == "markdown" {
		return CodesMarkdown(w, cat, format)
	}
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
		// A user's catalog is text from a file: printable, like a log's.
		p := model.Printable
		fmt.Fprintf(w, "%s  %s (%s)\n  %s\n  Remedy: %s\n", p(e.Code), p(e.Title), p(e.Type), p(e.Meaning), p(e.Remedy))
		if e.Owner != "" {
			fmt.Fprintf(w, "  Owner: %s\n", p(e.Owner))
		}
		if e.Runbook != "" {
			fmt.Fprintf(w, "  Runbook: %s\n", e.RunbookText())
		}
		fmt.Fprintln(w)
	}
	return nil
}

// JSON writes the summary in its stable schema (ARCHITECTURE.md).
func JSON(w io.Writer, s Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// FoldTitle is the title of the group of codes past the first 10,000 error
// types: "12,345 other codes".
func FoldTitle(n int64) string { return model.FoldTitle(n) }

// FoldWarning says, when a summary folded codes, why and what to do: the
// code field likely holds an id.
func FoldWarning(s Summary) string {
	var n int64
	for _, g := range s.Groups {
		n += g.Folded
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("more than %s error types: %s are counted in one group of code \"*\"; does the code field hold an id (a ref, a time)? Name the field that holds the error code with --code PATH",
		model.Thousands(model.MaxKinds), FoldTitle(n))
}
