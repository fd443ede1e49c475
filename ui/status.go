package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/errscope/errscope/model"
)

// statusBar is what the top line shows, as plain values: which logs, what
// format, how many records, how far reading has come, and how many the
// filter shows. Every text in it is printable already.
type statusBar struct {
	Name    string // the log's name (a path), or "3 logs"
	Formats string // the formats' names

	Records, BadLines int64
	Counted           bool  // the filter has a snapshot to count: Shown means something
	Shown             int64 // rows the table shows
	Default           bool  // the default view (no filter)
	ShowsBad          bool  // the filter can show unreadable lines: they count in
	Hidden            int64 // successes the default view leaves out
	// Held is the rows the table holds when the memory budget stopped it
	// (0: it holds every record): Shown is of those.
	Held int64

	Reading    bool  // a log is still being read
	Read, Size int64 // bytes read of all logs, and their size (0: unknown)
	Filtering  bool  // a filter run is under way
	Problems   []string
}

func (s statusBar) render(width int, st *Styles) string {
	counts := plural(s.Records, "record", "records")
	if s.Counted {
		total, what := s.Records, plural(s.Records, "record", "records")
		if s.ShowsBad {
			// The table may hold unreadable lines too: count them in.
			total += s.BadLines
			what = model.Thousands(total) + " records and unreadable lines"
		}
		if !s.Default || s.Shown != total {
			counts = model.Thousands(s.Shown) + " of " + what
		}
		if s.Held > 0 {
			// The filter ran over the rows held, not over every record.
			counts = model.Thousands(s.Shown) + " of " + model.Thousands(s.Held) + " held (" + what + ")"
		}
	}
	hidden, hiddenShort := "", ""
	if s.Hidden > 0 {
		hiddenShort = plural(s.Hidden, "success", "successes") + " hidden"
		hidden = hiddenShort + " (type:all shows them)"
	}
	// Each part is styled as it is added: the bar is drawn on its own
	// background, warnings in red.
	var right []string
	if s.Reading {
		prog := "reading"
		if s.Size > 0 {
			prog += " " + strconv.Itoa(int(min(100, 100*s.Read/s.Size))) + "%"
		}
		right = append(right, st.Status.Bold(true).Render(prog+" "+humanBytes(s.Read)))
	}
	if s.Filtering {
		right = append(right, st.Status.Render("filtering…"))
	}
	if s.BadLines > 0 {
		right = append(right, st.StatusWarn.Render(plural(s.BadLines, "unreadable line", "unreadable lines")))
	}
	for _, p := range s.Problems {
		right = append(right, st.StatusWarn.Render(p))
	}
	sep := st.Status.Render(" · ")
	r := strings.Join(right, sep) + st.Status.Render(" ")
	// The counts matter most: on a narrow screen the format goes first,
	// then the hint, then the file's folder.
	compose := func(name, formats, hidden string) string {
		var left []string
		if name != "" {
			left = append(left, st.Status.Bold(true).Render(name))
		}
		if formats != "" {
			left = append(left, st.Status.Render(formats))
		}
		left = append(left, st.Status.Render(counts))
		if hidden != "" {
			left = append(left, st.StatusDim.Render(hidden))
		}
		return st.Status.Render(" ") + strings.Join(left, sep)
	}
	name, short := s.Name, baseName(s.Name)
	var l string
	for _, try := range [][3]string{{name, s.Formats, hidden}, {name, s.Formats, hiddenShort}, {name, "", hiddenShort}, {short, "", hiddenShort}, {"", "", hiddenShort}} {
		l = compose(try[0], try[1], try[2])
		if ansi.StringWidth(l)+ansi.StringWidth(r) < width {
			break
		}
	}
	gap := width - ansi.StringWidth(l) - ansi.StringWidth(r)
	if gap < 1 {
		return ansi.Truncate(l+st.Status.Render(" ")+r, width, "…")
	}
	return l + st.Status.Render(strings.Repeat(" ", gap)) + r
}

// statusBar gathers what the status bar shows.
func (a *App) statusBar() statusBar {
	s := statusBar{Counted: a.snap != nil, Reading: !a.loaded, Filtering: a.filter.Running()}
	if len(a.sources) == 1 {
		s.Name = model.Printable(a.sources[0].Name)
		if a.sources[0].Format != "" {
			s.Formats = a.formatLabel(a.sources[0])
		}
	} else {
		s.Name = fmt.Sprintf("%d logs", len(a.sources))
		seen := map[string]bool{}
		var names []string
		for _, src := range a.sources {
			if src.Format != "" && !seen[src.Format] {
				seen[src.Format] = true
				names = append(names, a.formatLabel(src))
			}
		}
		s.Formats = strings.Join(names, " + ")
	}
	if a.snap != nil {
		s.Records, s.BadLines = a.snap.Records(), a.snap.BadLines()
		s.Shown = int64(a.table.Len())
		if a.snap.Partial() {
			s.Held = int64(a.snap.Len())
		}
	}
	if q := a.filter.Query(); q != nil {
		s.Default, s.ShowsBad = q.IsDefault(), q.ShowsBadLines()
	}
	s.Hidden = a.hiddenSuccesses()
	for _, src := range a.sources {
		s.Read += src.Read
		s.Size += src.Size
		if src.Err != nil {
			what := "read error"
			if src.Truncated {
				what = "cut short"
			}
			s.Problems = append(s.Problems, model.Printable(baseName(src.Name))+": "+what)
		}
	}
	return s
}

func (a *App) formatLabel(s model.SourceState) string {
	return model.Printable(model.FormatOf(s.Format).Label(s.Mapping, s.Guessed))
}

// hiddenSuccesses counts the success records the default view leaves out.
func (a *App) hiddenSuccesses() int64 {
	if q := a.filter.Query(); a.snap == nil || (q != nil && !q.HidesSuccesses()) {
		return 0
	}
	var n int64
	for i, k := range a.snap.Kinds() {
		if k.Type == model.TypeSuccess {
			n += a.snap.Count(i)
		}
	}
	return n
}

// plural writes n and the word that goes with it: "1 record", "2 records".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return model.Thousands(n) + " " + many
}
