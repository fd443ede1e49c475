package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/errscope/errscope/model"
)

// PatternJSON is one pattern of an error type's messages in `summary
// --format json`: Params has one list per `<*>`, in order, of at most
// model.TopValues values, largest first; Other one count per `<*>` of the
// records whose value is not listed, so that each part's counts and its
// Other add up to Count.
type PatternJSON struct {
	Format  string        `json:"format"`
	Code    string        `json:"code"`
	Title   string        `json:"title"`
	Pattern string        `json:"pattern"`
	Count   int64         `json:"count"`
	Params  [][]ValueJSON `json:"params"`
	Other   []int64       `json:"other"`
	// ErrBound, per `<*>`, is how far above the truth its counts may be:
	// 0 while a part has at most 100,000 distinct values, then the bound of
	// the heavy-hitters sketch that counts them.
	ErrBound []int64 `json:"error_bound,omitempty"`

	parts []model.PatternPart
}

// ValueJSON is one value of a variable part and its records.
type ValueJSON struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
}

func patternsJSON(snap *model.Snapshot, g model.Group) []PatternJSON {
	var out []PatternJSON
	p := model.Printable
	for _, pt := range snap.Patterns(g.ID) {
		pj := PatternJSON{Format: g.Kind.Format, Code: p(g.Kind.Code), Title: p(g.Kind.Title), Pattern: p(pt.Text),
			Count: pt.Count, Params: [][]ValueJSON{}, Other: []int64{}, parts: pt.Parts}
		bounded := false
		for _, prm := range pt.Params {
			vals := []ValueJSON{}
			for _, v := range prm.Top {
				vals = append(vals, ValueJSON{Value: p(v.Value), Count: v.Count})
			}
			pj.Params = append(pj.Params, vals)
			pj.Other = append(pj.Other, prm.Other)
			pj.ErrBound = append(pj.ErrBound, prm.ErrBound)
			bounded = bounded || prm.ErrBound > 0
		}
		if !bounded {
			pj.ErrBound = nil
		}
		out = append(out, pj)
	}
	return out
}

// patternsShown and valuesShown bound what text and Markdown list, and
// maxPatternCells and maxValueCells how wide a pattern and a value draw.
const (
	patternsShown   = 5
	valuesShown     = 3
	maxPatternCells = 200
	maxValueCells   = 60
)

// fit cuts printable text to w cells, with an ellipsis.
func fit(s string, w int) string { return strings.TrimRight(pad(s, w), " ") }

// byGroup gives, for each error and warning group, its patterns (largest
// first, as Build lists them).
func byGroup(s Summary) (groups []GroupJSON, pats [][]PatternJSON) {
	for _, g := range s.Groups {
		if g.Type != "error" && g.Type != "warning" {
			continue
		}
		var ps []PatternJSON
		for _, p := range s.Patterns {
			if p.Format == g.Format && p.Code == g.Code && p.Title == g.Title {
				ps = append(ps, p)
			}
		}
		if len(ps) > 0 {
			groups = append(groups, g)
			pats = append(pats, ps)
		}
	}
	return groups, pats
}

// values writes a variable part's largest values: "ext.birthYear 31, ext.vip
// 22, 3 others 12".
func values(vals []ValueJSON, other int64, bound int64, text func(string) string) string {
	if len(vals) > 0 && vals[0].Count == 1 && bound == 0 {
		n := other + int64(len(vals))
		return model.Thousands(n) + " values, each in one record"
	}
	var parts []string
	for i, v := range vals {
		if i == valuesShown {
			break
		}
		parts = append(parts, text(v.Value)+" "+model.Thousands(v.Count))
	}
	rest := other
	for _, v := range vals[min(len(vals), valuesShown):] {
		rest += v.Count
	}
	if rest > 0 {
		parts = append(parts, "others "+model.Thousands(rest))
	}
	line := strings.Join(parts, ", ")
	if bound > 0 {
		line += " (counts at most " + model.Thousands(bound) + " high)"
	}
	return line
}

func patternsText(w io.Writer, s Summary) {
	groups, pats := byGroup(s)
	if len(groups) == 0 {
		return
	}
	fmt.Fprintln(w, "\nPATTERNS (the largest of each error type; <*> is a variable part)")
	for gi, g := range groups {
		fmt.Fprintf(w, "\n%s %s: %s\n", fit(model.Printable(g.Code), maxCodeCells), fit(model.Printable(g.Title), maxTitleCells), plural(int64(len(pats[gi])), "pattern", "patterns"))
		for i, p := range pats[gi] {
			if i == patternsShown {
				fmt.Fprintf(w, "  %s\n", more(pats[gi][i:]))
				break
			}
			fmt.Fprintf(w, "  %*s  %s\n", 9, model.Thousands(p.Count), fit(p.Pattern, maxPatternCells))
			for k, vals := range p.Params {
				fmt.Fprintf(w, "  %*s  <%d>: %s\n", 9, "", k+1, values(vals, p.Other[k], bound(p, k), func(v string) string { return fit(v, maxValueCells) }))
			}
		}
	}
}

// more says what the patterns not listed hold: "and 3 patterns more, 1,204
// records".
func more(rest []PatternJSON) string {
	var n int64
	for _, q := range rest {
		n += q.Count
	}
	return fmt.Sprintf("and %s more, %s records", plural(int64(len(rest)), "pattern", "patterns"), model.Thousands(n))
}

func bound(p PatternJSON, k int) int64 {
	if k < len(p.ErrBound) {
		return p.ErrBound[k]
	}
	return 0
}

func patternsMarkdown(w io.Writer, s Summary) error {
	groups, pats := byGroup(s)
	if len(groups) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\n**Patterns** (the largest of each error type; ‹*› is a variable part)")
	for gi, g := range groups {
		fmt.Fprintf(w, "\n%s %s:\n\n", mdText(fit(g.Code, maxCodeCells)), mdText(fit(g.Title, maxTitleCells)))
		for i, p := range pats[gi] {
			if i == patternsShown {
				fmt.Fprintf(w, "- %s\n", more(pats[gi][i:]))
				break
			}
			// ‹*› rather than <*>: the text is escaped, and <*> would read as
			// markup to a reader of the source.
			fmt.Fprintf(w, "- %s: %s\n", model.Thousands(p.Count), strings.ReplaceAll(mdText(fit(p.Pattern, maxPatternCells)), mdText(model.Wildcard), "‹*›"))
			for k, vals := range p.Params {
				fmt.Fprintf(w, "  - ‹%d›: %s\n", k+1, values(vals, p.Other[k], bound(p, k), func(v string) string { return mdText(fit(v, maxValueCells)) }))
			}
		}
	}
	return nil
}
