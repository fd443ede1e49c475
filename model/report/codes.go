package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/errscope/errscope/model"
)

// CodesMarkdown writes the catalog's entries for format ("" for all) as a
// Markdown page for a team's wiki: per format a table of codes with their
// owners and runbooks, then each code's meaning, causes and remedy. Every
// text is escaped (mdText); only http and https runbooks become links.
func CodesMarkdown(w io.Writer, cat *model.Catalog, format string) error {
	entries := cat.Entries(format)
	fmt.Fprintln(w, "# errscope catalog")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "What each error code means, its usual causes, what to do, who owns it and where its runbook is. Written by `errscope codes --format markdown`; the built-in entries merged with the team's catalog.")
	byFormat := map[string][]*model.Entry{}
	var order []string
	for _, e := range entries {
		if _, ok := byFormat[e.Format]; !ok {
			order = append(order, e.Format)
		}
		byFormat[e.Format] = append(byFormat[e.Format], e)
	}
	for _, f := range order {
		list := byFormat[f]
		fmt.Fprintf(w, "\n## %s\n\n", mdText(cat.FormatName(f)))
		fmt.Fprintln(w, "| Code | Title | Type | Owner | Runbook |")
		fmt.Fprintln(w, "|---:|---|---|---|---|")
		for _, e := range list {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", mdText(e.Code), mdText(e.Title), mdText(e.Type), mdText(e.Owner), mdLink(e))
		}
		for _, e := range list {
			fmt.Fprintf(w, "\n### %s %s\n\n", mdText(e.Code), mdText(e.Title))
			var facts []string
			facts = append(facts, "*"+mdText(e.Type)+"*")
			if e.Owner != "" {
				facts = append(facts, "owner: "+mdText(e.Owner))
			}
			if e.Runbook != "" {
				facts = append(facts, "runbook: "+mdLink(e))
			}
			fmt.Fprintln(w, strings.Join(facts, " · "))
			if e.Meaning != "" {
				fmt.Fprintf(w, "\n%s\n", mdText(e.Meaning))
			}
			if len(e.Causes) > 0 {
				fmt.Fprintln(w, "\nUsual causes:")
				fmt.Fprintln(w)
				for _, c := range e.Causes {
					fmt.Fprintf(w, "- %s\n", mdText(c))
				}
			}
			if e.Remedy != "" {
				fmt.Fprintf(w, "\n**What to do:** %s\n", mdText(e.Remedy))
			}
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}
