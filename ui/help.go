package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/errscope/errscope/model"
)

// helpPane is the ? screen: every key, then the query language. It owns
// how far it is scrolled; what it shows is fixed when it is made.
type helpPane struct {
	st            *Styles
	content       helpView
	offset        int
	width, height int
}

func newHelpPane(st *Styles, content helpView) helpPane {
	return helpPane{st: st, content: content}
}

func (h *helpPane) SetSize(w, hh int) { h.width, h.height = w, hh; h.Scroll(0) }

// Top scrolls to the first line.
func (h *helpPane) Top() { h.offset = 0 }

// Scroll moves by d lines, no further than the last line at the bottom.
func (h *helpPane) Scroll(d int) {
	h.offset = max(0, min(h.offset+d, h.maxOffset()))
}

func (h *helpPane) maxOffset() int {
	return max(0, len(h.content.lines(h.width, h.st))-h.height)
}

// View draws the lines on screen.
func (h *helpPane) View() string {
	return window(h.content.lines(h.width, h.st), h.offset, h.width, h.height)
}

// helpView is what the ? screen shows, as plain values.
type helpView struct {
	Keys   [][]key.Binding    // every key, in columns
	Query  []model.QueryField // the query language
	Filter []key.Binding      // the keys of the filter input
}

// lines lays the help out in width cells: the key columns side by side
// when they fit, else one under another. Every key is listed, whether or
// not it does something at the moment.
func (v helpView) lines(width int, st *Styles) []string {
	var lines []string
	lines = append(lines, st.Bold.Render("errscope — keys")+st.Hint.Render("   (esc or ? closes this help; j/k scroll)"), "")
	const colW = 30
	if width >= colW*len(v.Keys) {
		rows := 0
		for _, c := range v.Keys {
			rows = max(rows, len(c))
		}
		for r := range rows {
			line := ""
			for _, c := range v.Keys {
				cell := ""
				if r < len(c) {
					cell = helpLine(c[r], st)
				}
				line += fit(cell, colW)
			}
			lines = append(lines, line)
		}
	} else {
		for _, col := range v.Keys {
			for _, b := range col {
				lines = append(lines, helpLine(b, st))
			}
		}
	}
	lines = append(lines, "", st.Bold.Render("Filter (/) — query language"), "")
	for _, l := range queryHelp(v.Query, width-2) {
		lines = append(lines, "  "+l)
	}
	lines = append(lines, "", st.Bold.Render("In the filter"), "")
	for _, b := range v.Filter {
		lines = append(lines, helpLine(b, st))
	}
	return lines
}

func helpLine(b key.Binding, st *Styles) string {
	h := b.Help()
	if h.Key == "" {
		return ""
	}
	return "  " + st.Key.Render(fit(h.Key, 10)) + " " + h.Desc
}

// hints is the bottom line: the keys that apply here, or a passing
// message on screens that have no filter line (the detail view).
func (a *App) hints() string {
	if a.flash != "" && a.screen == screenDetail {
		return fit(" "+a.flash, a.width)
	}
	return hintLine(a.keyHelp().ShortHelp(), &a.styles, a.filter.Active(), a.width)
}

// keyHelp is the keys of the screen or input that has them (the ? screen
// has no hint line: it is all help).
func (a *App) keyHelp() help.KeyMap {
	switch {
	case a.screen == screenDetail:
		return a.keys.DetailHelp()
	case a.filter.Active():
		return a.keys.FilterHelp()
	case a.export.Open():
		return exportHelp(a.export.stage)
	}
	return &a.keys
}

// hintLine is " key what · key what", the enabled bindings of bs in w
// cells; dim draws the keys as dim as their words (while typing a filter).
func hintLine(bs []key.Binding, st *Styles, dim bool, w int) string {
	// Too many for the width: the hints give way whole, from the right,
	// but ? and q (which lead to every other key, and out) stay.
	on := make([]key.Binding, 0, len(bs))
	for _, k := range bs {
		if k.Enabled() && k.Help().Key != "" {
			on = append(on, k)
		}
	}
	for ansi.StringWidth(hints(on, st, dim)) > w {
		drop := -1
		for i := len(on) - 1; i >= 0 && drop < 0; i-- {
			if k := on[i].Help().Key; k != "?" && k != "q" {
				drop = i
			}
		}
		if drop < 0 || len(on) == 1 {
			break
		}
		on = append(on[:drop:drop], on[drop+1:]...)
	}
	return fit(hints(on, st, dim), w)
}

// hints is " key what · key what" for the enabled bindings of bs; dim
// draws it all in the hint's colour.
func hints(bs []key.Binding, st *Styles, dim bool) string {
	parts := make([]string, 0, len(bs))
	for _, k := range bs {
		if h := k.Help(); k.Enabled() && h.Key != "" {
			if dim {
				parts = append(parts, h.Key+" "+h.Desc)
			} else {
				parts = append(parts, st.Key.Render(h.Key)+" "+st.Hint.Render(h.Desc))
			}
		}
	}
	if dim {
		return st.Hint.Render(" " + strings.Join(parts, " · "))
	}
	return " " + strings.Join(parts, st.Hint.Render(" · "))
}
