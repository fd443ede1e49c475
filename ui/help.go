package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// queryHelp is the query language, as the README documents it.
var queryHelp = []string{
	"code:409          records with code 409 (code:409,404 for either; returncode:22 is the same)",
	"-code:500         any term can be negated with a leading -",
	"type:error        error, warning, success, bad or all; by default successes and",
	"                  unreadable lines are hidden",
	"ref:3e06          refs that begin with 3e06 (a pasted ref works alone too)",
	"op:unprotect      Protegrity operation (protect, unprotect, reprotect)",
	"title:conflict    the error type's title contains the word",
	"file:import       the log's file name contains the word",
	"format:sitecore   sitecore, protegrity or jsonl",
	"schema attribute  other words match the message (as written, any case; else",
	"                  fuzzily, letters in order); best matches first",
	"-timeout          messages that do not contain the word",
	`"two words"       quotes keep spaces; terms combine with AND`,
}

// helpView is the ? screen: every key, then the query language.
func (a *App) helpView() string {
	st := &a.styles
	var lines []string
	lines = append(lines, st.Bold.Render("errscope — keys")+st.Hint.Render("   (esc or ? closes this help; j/k scroll)"), "")
	// The key groups side by side when they fit, else one under another.
	cols := a.keys.FullHelp()
	const colW = 30
	if a.width >= colW*len(cols) {
		rows := 0
		for _, c := range cols {
			rows = max(rows, len(c))
		}
		for r := range rows {
			line := ""
			for _, c := range cols {
				cell := ""
				if r < len(c) {
					cell = helpLine(a, c[r])
				}
				line += fit(cell, colW)
			}
			lines = append(lines, line)
		}
	} else {
		for _, col := range cols {
			for _, b := range col {
				lines = append(lines, helpLine(a, b))
			}
		}
	}
	lines = append(lines, "", st.Bold.Render("Filter (/) — query language"), "")
	for _, l := range queryHelp {
		lines = append(lines, "  "+l)
	}
	lines = append(lines, "", st.Bold.Render("In the filter"), "",
		"  "+st.Key.Render(fit("enter", 10))+" keep the filter and go to the first record",
		"  "+st.Key.Render(fit("esc", 10))+" clear the filter")
	a.helpLines = len(lines)
	var b strings.Builder
	for r := 0; r < a.height; r++ {
		if r > 0 {
			b.WriteByte('\n')
		}
		if r+a.helpOffset < len(lines) {
			b.WriteString(fit(lines[r+a.helpOffset], a.width))
		} else {
			b.WriteString(strings.Repeat(" ", a.width))
		}
	}
	return b.String()
}

func helpLine(a *App, b key.Binding) string {
	h := b.Help()
	if h.Key == "" {
		return ""
	}
	return "  " + a.styles.Key.Render(fit(h.Key, 10)) + " " + h.Desc
}

// hints is the bottom line: the keys that apply here, or a passing
// message on screens that have no filter line (the detail view).
func (a *App) hints() string {
	st := &a.styles
	if a.flash != "" && a.screen == screenDetail {
		return fit(" "+a.flash, a.width)
	}
	var bs []key.Binding
	switch a.screen {
	case screenDetail:
		bs = []key.Binding{a.keys.Back, a.keys.NextRec, a.keys.CopyRef, a.keys.Up, a.keys.Down, a.keys.Quit}
	case screenHelp:
		bs = []key.Binding{a.keys.Back, a.keys.Quit}
	default:
		if a.filtering {
			return st.Hint.Render(fit(" enter keep · esc clear · ? help for the query language", a.width))
		}
		bs = a.keys.ShortHelp()
	}
	var parts []string
	for _, b := range bs {
		h := b.Help()
		parts = append(parts, st.Key.Render(h.Key)+" "+st.Hint.Render(h.Desc))
	}
	return fit(" "+strings.Join(parts, st.Hint.Render(" · ")), a.width)
}

// helpMaxOffset is how far the help scrolls: to its last line at the bottom.
func (a *App) helpMaxOffset() int { return max(0, a.helpLines-a.height) }
