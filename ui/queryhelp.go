package ui

import "github.com/errscope/errscope/model"

// queryHelp is the query language as model.QueryLanguage lists it (the
// README's table is written from the same list), for w cells: each term,
// and what it matches wrapped beside it in lines of at most 100 cells.
func queryHelp(fields []model.QueryField, w int) []string {
	const termW = 18
	descW := max(min(w, 100)-termW, 20)
	var out []string
	for _, f := range fields {
		for i, l := range wrap(f.PlainDesc(), descW) {
			term := ""
			if i == 0 {
				term = f.Example
			}
			out = append(out, fit(term, termW-1)+" "+l)
		}
	}
	return out
}
