package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/errscope/errscope/model"
)

// DiffJSON is the stable schema of `diff --format json` (ARCHITECTURE.md):
// the first six fields and by_type's first nine are the contract; the rest
// were added.
type DiffJSON struct {
	Fixed      int64          `json:"fixed"`
	Still      int64          `json:"still"`
	Changed    int64          `json:"changed"`
	New        int64          `json:"new"`
	Unjoinable int64          `json:"unjoinable"`
	ByType     []DiffTypeJSON `json:"by_type"`

	NotResent        int64      `json:"not_resent"`
	UnjoinableBefore int64      `json:"unjoinable_before"`
	UnjoinableAfter  int64      `json:"unjoinable_after"`
	RepeatedBefore   int64      `json:"repeated_before"`
	RepeatedAfter    int64      `json:"repeated_after"`
	BadLinesBefore   int64      `json:"bad_lines_before"`
	BadLinesAfter    int64      `json:"bad_lines_after"`
	Before           DiffSource `json:"before"`
	After            DiffSource `json:"after"`
}

// DiffTypeJSON is one error type's line.
type DiffTypeJSON struct {
	Format    string `json:"format"`
	Code      string `json:"code"`
	Title     string `json:"title"`
	Before    int64  `json:"before"`
	After     int64  `json:"after"`
	Fixed     int64  `json:"fixed"`
	Still     int64  `json:"still"`
	Changed   int64  `json:"changed"`
	New       int64  `json:"new"`
	NotResent int64  `json:"not_resent"`
}

// DiffSource names one side: its logs (credentials masked), the error
// (truncated or unreadable) of any, and its records.
type DiffSource struct {
	Names     []string `json:"names"`
	Records   int64    `json:"records"`
	Truncated bool     `json:"truncated"`
	Errors    []string `json:"errors"`
}

// SideOf describes one side of a diff from its loading stage's result.
func SideOf(snap *model.Snapshot, sources []model.SourceState) DiffSource {
	d := DiffSource{Names: []string{}, Errors: []string{}, Records: snap.Records()}
	for _, s := range sources {
		d.Names = append(d.Names, model.Printable(model.MaskURLs(s.Name)))
		d.Truncated = d.Truncated || s.Truncated
		if s.Err != nil {
			d.Errors = append(d.Errors, model.Printable(model.MaskURLs(s.Err.Error())))
		}
	}
	return d
}

// BuildDiff gathers what the diff writers show.
func BuildDiff(r *model.DiffResult, before, after DiffSource) DiffJSON {
	d := DiffJSON{
		Fixed: r.Counts[model.ClassFixed], Still: r.Counts[model.ClassStill], Changed: r.Counts[model.ClassChanged],
		New: r.Counts[model.ClassNew], NotResent: r.Counts[model.ClassNotResent], Unjoinable: r.Unjoinable(),
		UnjoinableBefore: r.UnjoinableBefore, UnjoinableAfter: r.UnjoinableAfter,
		RepeatedBefore: r.RepeatedBefore, RepeatedAfter: r.RepeatedAfter,
		BadLinesBefore: r.BadBefore, BadLinesAfter: r.BadAfter,
		Before: before, After: after, ByType: []DiffTypeJSON{},
	}
	for _, t := range r.ByType {
		d.ByType = append(d.ByType, DiffTypeJSON{
			Format: t.Kind.Format, Code: model.Printable(t.Kind.Code), Title: model.Printable(t.Kind.Title),
			Before: t.Before, After: t.After, Fixed: t.Fixed, Still: t.Still, Changed: t.Changed, New: t.New, NotResent: t.NotResent,
		})
	}
	return d
}

// DiffJSONOut writes the diff as JSON.
func DiffJSONOut(w io.Writer, d DiffJSON) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // a URL's & stays &
	return enc.Encode(d)
}

// classLines are the counts' lines, with what each class means.
func classLines(d DiffJSON, resent bool) [][3]string {
	lines := [][3]string{
		{"fixed", model.Thousands(d.Fixed), "failed before, not after"},
		{"still", model.Thousands(d.Still), "failed after with the same error type"},
		{"changed", model.Thousands(d.Changed), "failed after with another error type"},
		{"new", model.Thousands(d.New), "failed only after"},
	}
	if resent {
		lines[0][2] = "failed before, re-sent, not failed after"
		lines = append(lines, [3]string{"not re-sent", model.Thousands(d.NotResent), "failed before, not in the re-sent batch file"})
	}
	return lines
}

// diffNotes are the sentences about what could not be joined.
func diffNotes(d DiffJSON) []string {
	var notes []string
	if d.Unjoinable > 0 {
		notes = append(notes, fmt.Sprintf("%s %s no ref (or the ref null) and cannot be joined: %s before, %s after.",
			model.Thousands(d.Unjoinable), agree(d.Unjoinable, "failed record has", "failed records have"), model.Thousands(d.UnjoinableBefore), model.Thousands(d.UnjoinableAfter)))
	}
	if n := d.RepeatedBefore + d.RepeatedAfter; n > 0 {
		notes = append(notes, fmt.Sprintf("%s %s a ref an earlier record of their log has (%s before, %s after): a ref is joined by its first record.",
			model.Thousands(n), agree(n, "failed record repeats", "failed records repeat"), model.Thousands(d.RepeatedBefore), model.Thousands(d.RepeatedAfter)))
	}
	if n := d.BadLinesBefore + d.BadLinesAfter; n > 0 {
		notes = append(notes, fmt.Sprintf("%s %s not be read (%s before, %s after) and %s not in the diff.",
			model.Thousands(n), agree(n, "line could", "lines could"), model.Thousands(d.BadLinesBefore), model.Thousands(d.BadLinesAfter), agree(n, "is", "are")))
	}
	for _, side := range []struct {
		name string
		s    DiffSource
	}{{"before", d.Before}, {"after", d.After}} {
		for _, e := range side.s.Errors {
			notes = append(notes, fmt.Sprintf("The %s log was not read whole, so the diff is not complete: %s", side.name, e))
		}
	}
	return notes
}

// agree is the form of words that goes with a count of n.
func agree(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sideRecords says a side's record count: 1 record, 1,234 records.
func sideRecords(n int64) string {
	return model.Thousands(n) + " " + agree(n, "record", "records")
}

// typeLabel is an error type as the table shows it.
func typeLabel(t DiffTypeJSON, cat *model.Catalog, formats int) string {
	l := t.Code + " " + t.Title
	if t.Code == "" {
		l = t.Title
	}
	if formats > 1 {
		l = cat.FormatName(t.Format) + ": " + l
	}
	return l
}

func formatCount(d DiffJSON) int {
	seen := map[string]bool{}
	for _, t := range d.ByType {
		seen[t.Format] = true
	}
	return len(seen)
}

// diffColumns are the table's number columns and how to read each.
func diffColumns(resent bool) ([]string, func(DiffTypeJSON) []int64) {
	cols := []string{"BEFORE", "AFTER", "FIXED", "STILL", "CHANGED", "NEW"}
	if resent {
		cols = append(cols, "NOT RE-SENT")
	}
	return cols, func(t DiffTypeJSON) []int64 {
		v := []int64{t.Before, t.After, t.Fixed, t.Still, t.Changed, t.New}
		if resent {
			v = append(v, t.NotResent)
		}
		return v
	}
}

// DiffText writes the diff for reading in a terminal.
func DiffText(w io.Writer, d DiffJSON, cat *model.Catalog, resent bool) error {
	fmt.Fprintf(w, "before: %s (%s)\nafter:  %s (%s)\n\n",
		strings.Join(d.Before.Names, ", "), sideRecords(d.Before.Records), strings.Join(d.After.Names, ", "), sideRecords(d.After.Records))
	for _, l := range classLines(d, resent) {
		fmt.Fprintf(w, "%-11s  %9s  %s\n", l[0], l[1], l[2])
	}
	for _, n := range diffNotes(d) {
		fmt.Fprintln(w, n)
	}
	if len(d.ByType) == 0 {
		fmt.Fprintln(w, "\nNo record failed on either side.")
		return nil
	}
	fmt.Fprintln(w)
	formats := formatCount(d)
	labelW := len("ERROR TYPE")
	for _, t := range d.ByType {
		labelW = max(labelW, len(typeLabel(t, cat, formats)))
	}
	cols, vals := diffColumns(resent)
	fmt.Fprintf(w, "%-*s", labelW, "ERROR TYPE")
	for _, c := range cols {
		fmt.Fprintf(w, "  %9s", c)
	}
	fmt.Fprintln(w)
	for _, t := range d.ByType {
		fmt.Fprintf(w, "%-*s", labelW, typeLabel(t, cat, formats))
		for _, v := range vals(t) {
			fmt.Fprintf(w, "  %9s", model.Thousands(v))
		}
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintln(w, "\nFixed, still, changed and not re-sent are counted under the type a record had before; new under the type it has after.")
	return err
}

// DiffMarkdown writes the diff for an incident ticket.
func DiffMarkdown(w io.Writer, d DiffJSON, cat *model.Catalog, resent bool) error {
	fmt.Fprintf(w, "## Before and after\n\nBefore: %s (%s). After: %s (%s).\n\n",
		mdText(strings.Join(d.Before.Names, ", ")), sideRecords(d.Before.Records), mdText(strings.Join(d.After.Names, ", ")), sideRecords(d.After.Records))
	fmt.Fprintln(w, "| Class | Records | Meaning |\n|---|---:|---|")
	for _, l := range classLines(d, resent) {
		fmt.Fprintf(w, "| %s | %s | %s |\n", l[0], l[1], l[2])
	}
	for _, n := range diffNotes(d) {
		fmt.Fprintf(w, "\n%s\n", mdText(n))
	}
	if len(d.ByType) == 0 {
		_, err := fmt.Fprintln(w, "\nNo record failed on either side.")
		return err
	}
	formats := formatCount(d)
	cols, vals := diffColumns(resent)
	fmt.Fprint(w, "\n| Error type |")
	for _, c := range cols {
		fmt.Fprintf(w, " %s |", strings.ToLower(c[:1])+strings.ToLower(c[1:]))
	}
	fmt.Fprint(w, "\n|---|")
	for range cols {
		fmt.Fprint(w, "---:|")
	}
	fmt.Fprintln(w)
	for _, t := range d.ByType {
		fmt.Fprintf(w, "| %s |", mdText(typeLabel(t, cat, formats)))
		for _, v := range vals(t) {
			fmt.Fprintf(w, " %s |", model.Thousands(v))
		}
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintln(w, "\nFixed, still, changed and not re-sent are counted under the type a record had before; new under the type it has after.")
	return err
}

// DiffRefs writes the refs of one class, one a line, exactly as the logs
// have them (made printable when printable: standard output is a terminal).
func DiffRefs(w io.Writer, refs []string, printable bool) error {
	s := NewStream(w, printable)
	line := make([]byte, 0, 64)
	for _, r := range refs {
		line = append(append(line[:0], r...), '\n')
		if err := s.Write(line); err != nil {
			return err
		}
	}
	return s.Flush()
}
