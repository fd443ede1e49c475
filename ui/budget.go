package ui

import (
	"fmt"

	"github.com/errscope/errscope/model"
)

// The memory budget (errscope --memory): once the loading stage stopped
// keeping rows at it, the table holds the first records only while every
// count (status bar, groups pane) goes on counting them all. The screen
// says so in a line of its own under the status bar, naming summary and
// export, which read every record, and each count of the table's rows says
// it is of the rows held.

// budgetNotice is what the line says, as plain values.
type budgetNotice struct {
	Budget  int64 // the budget in bytes (0: not known here)
	Held    int64 // the rows the table holds
	Total   int64 // the records (and unreadable lines) read
	Bad     bool  // the rows include unreadable lines
	Reading bool  // a log is still being read: Total grows
}

func (n budgetNotice) render(width int, st *Styles) string {
	what := "records"
	if n.Bad {
		what = "records and unreadable lines"
	}
	total := model.Thousands(n.Total) + " " + what
	if n.Reading {
		total += " read so far"
	}
	budget := "memory budget"
	if n.Budget > 0 {
		budget += " " + humanBytes(n.Budget)
	}
	held := model.Thousands(n.Held)
	for _, s := range []string{
		fmt.Sprintf("%s reached: the table holds the first %s of %s; errscope summary and errscope export read them all", budget, held, total),
		fmt.Sprintf("%s reached: the table holds the first %s of %s; summary and export read them all", budget, held, total),
		fmt.Sprintf("memory budget reached: the table holds %s of %s; summary and export read all", held, model.Thousands(n.Total)),
		fmt.Sprintf("memory budget reached: table holds %s of %s; summary, export read all", held, model.Thousands(n.Total)),
		fmt.Sprintf("memory budget: table holds %s of %s; summary, export read all", held, model.Thousands(n.Total)),
	} {
		if ansiWidth(s)+1 <= width {
			return st.FilterErr.Render(fit(" "+s, width))
		}
	}
	return st.FilterErr.Render(fit(fmt.Sprintf(" memory budget: table holds %s of %s", held, model.Thousands(n.Total)), width))
}

// partial says whether the table holds only the first records.
func (a *App) partial() bool { return a.snap != nil && a.snap.Partial() }

// budgetNotice gathers what the budget's line says.
func (a *App) budgetNotice() budgetNotice {
	n := budgetNotice{Budget: a.budget, Reading: !a.loaded}
	if a.snap != nil {
		n.Held = int64(a.snap.Len())
		n.Total = a.snap.Records() + a.snap.BadLines()
		n.Bad = a.snap.BadLines() > 0
	}
	return n
}

// heldNote is what a count of the table's rows adds when the table holds
// the first records only: they are not all the log's.
func (a *App) heldNote() string {
	if !a.partial() {
		return ""
	}
	return fmt.Sprintf(", of the first %s records held (memory budget reached)", model.Thousands(int64(a.snap.Len())))
}
