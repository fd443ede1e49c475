package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

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
	for _, l := range queryHelp(a.width - 2) {
		lines = append(lines, "  "+l)
	}
	lines = append(lines, "", st.Bold.Render("In the filter"), "")
	for _, col := range a.keys.FilterHelp().FullHelp() {
		for _, b := range col {
			lines = append(lines, helpLine(a, b))
		}
	}
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
	if a.flash != "" && a.screen == screenDetail {
		return fit(" "+a.flash, a.width)
	}
	return hintLine(a.keyHelp().ShortHelp(), &a.styles, a.filtering, a.width)
}

// keyHelp is the keys of the screen or input that has them (the ? screen
// has no hint line: it is all help).
func (a *App) keyHelp() help.KeyMap {
	switch {
	case a.screen == screenDetail:
		return a.keys.DetailHelp()
	case a.filtering:
		return a.keys.FilterHelp()
	}
	return a.keys
}

// hintLine is " key what · key what", the enabled bindings of bs in w
// cells; dim draws the keys as dim as their words (while typing a filter).
func hintLine(bs []key.Binding, st *Styles, dim bool, w int) string {
	keySt := st.Key
	if dim {
		keySt = st.Hint
	}
	var parts []string
	for _, b := range bs {
		if h := b.Help(); b.Enabled() && h.Key != "" {
			parts = append(parts, keySt.Render(h.Key)+" "+st.Hint.Render(h.Desc))
		}
	}
	return fit(" "+strings.Join(parts, st.Hint.Render(" · ")), w)
}

// helpMaxOffset is how far the help scrolls: to its last line at the bottom.
func (a *App) helpMaxOffset() int { return max(0, a.helpLines-a.height) }
