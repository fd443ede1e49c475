package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"

	"github.com/errscope/errscope/model"
)

// Styles is every style errscope draws with, for a dark or light terminal.
type Styles struct {
	Status, StatusWarn, StatusDim lipgloss.Style
	PaneTitle, PaneTitleFocus     lipgloss.Style
	Selected, SelectedBlur        lipgloss.Style
	Header                        lipgloss.Style
	Code, Error, Warning, Success lipgloss.Style
	Dim, Bold, Key, Hint          lipgloss.Style
	FilterPrompt, FilterErr       lipgloss.Style
	Link                          lipgloss.Style // a runbook link
	Border                        color.Color
}

func newStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#A997F5"))
	dim := ld(lipgloss.Color("#8A8A8A"), lipgloss.Color("#6C6C6C"))
	red := ld(lipgloss.Color("#C62828"), lipgloss.Color("#FF6E6E"))
	yellow := ld(lipgloss.Color("#A66300"), lipgloss.Color("#F5C06B"))
	green := ld(lipgloss.Color("#2E7D32"), lipgloss.Color("#7FD88F"))
	barBg := ld(lipgloss.Color("#E4E0F5"), lipgloss.Color("#2D2640"))
	// The cursor of the pane in focus is the accent colour, reversed; the
	// other pane's cursor a faint grey: which pane has the keys must be
	// plain at a glance.
	selBg := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#8C78E8"))
	selFg := ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#14101F"))
	blurBg := ld(lipgloss.Color("#ECECEC"), lipgloss.Color("#2A2A2A"))
	return Styles{
		Status:         lipgloss.NewStyle().Background(barBg),
		StatusWarn:     lipgloss.NewStyle().Background(barBg).Foreground(red).Bold(true),
		StatusDim:      lipgloss.NewStyle().Background(barBg).Foreground(dim),
		PaneTitle:      lipgloss.NewStyle().Foreground(dim).Bold(true),
		PaneTitleFocus: lipgloss.NewStyle().Foreground(accent).Bold(true),
		Selected:       lipgloss.NewStyle().Background(selBg).Foreground(selFg).Bold(true),
		SelectedBlur:   lipgloss.NewStyle().Background(blurBg),
		Header:         lipgloss.NewStyle().Foreground(dim).Bold(true),
		Code:           lipgloss.NewStyle().Foreground(accent).Bold(true),
		Error:          lipgloss.NewStyle().Foreground(red),
		Warning:        lipgloss.NewStyle().Foreground(yellow),
		Success:        lipgloss.NewStyle().Foreground(green),
		Dim:            lipgloss.NewStyle().Foreground(dim),
		Bold:           lipgloss.NewStyle().Bold(true),
		Key:            lipgloss.NewStyle().Foreground(accent).Bold(true),
		Hint:           lipgloss.NewStyle().Foreground(dim),
		FilterPrompt:   lipgloss.NewStyle().Foreground(accent).Bold(true),
		FilterErr:      lipgloss.NewStyle().Foreground(red),
		Link:           lipgloss.NewStyle().Foreground(accent).Underline(true),
		Border:         dim,
	}
}

// row styles one line of a list: the cursor's line stands out (less when
// its pane is not in focus), successes are dimmed, warnings and unreadable
// lines coloured.
func (st *Styles) row(line string, cursor, focused bool, typ model.Type) string {
	switch {
	case cursor && focused:
		return st.Selected.Render(line)
	case cursor:
		return st.SelectedBlur.Render(line)
	case typ == model.TypeSuccess:
		return st.Dim.Render(line)
	case typ == model.TypeBad, typ == model.TypeWarning:
		return st.Warning.Render(line)
	}
	return line
}
