package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/errscope/errscope/model"
)

// statusBar is the top line: which logs, what format, how many records,
// how far reading has come, and how many the filter shows.
func (a *App) statusBar() string {
	st := &a.styles
	name, formats := "", ""
	if len(a.sources) == 1 {
		name = model.Printable(a.sources[0].Name)
		if a.sources[0].Format != "" {
			formats = a.formatLabel(a.sources[0])
		}
	} else {
		name = fmt.Sprintf("%d logs", len(a.sources))
		seen := map[string]bool{}
		var names []string
		for _, s := range a.sources {
			if s.Format != "" && !seen[s.Format] {
				seen[s.Format] = true
				names = append(names, a.formatLabel(s))
			}
		}
		formats = strings.Join(names, " + ")
	}
	var total, bad int64
	if a.snap != nil {
		total, bad = a.snap.Records(), a.snap.BadLines()
	}
	counts := model.Thousands(total) + " records"
	if a.filter.query != nil && a.snap != nil {
		shown := int64(len(a.table.idx))
		what := " records"
		if a.filter.query.ShowsBadLines() {
			// The table may hold unreadable lines too: count them in.
			total += bad
			what = " records and unreadable lines"
		}
		if !a.filter.query.IsDefault() || shown != total {
			counts = model.Thousands(shown) + " of " + model.Thousands(total) + what
		}
	}
	hidden, hiddenShort := "", ""
	if n := a.hiddenSuccesses(); n > 0 {
		hidden = model.Thousands(n) + " successes hidden (type:all shows them)"
		hiddenShort = model.Thousands(n) + " successes hidden"
	}
	var right []string
	if !a.loaded {
		var read, size int64
		for _, s := range a.sources {
			read += s.Read
			size += s.Size
		}
		prog := "reading"
		if size > 0 {
			prog += " " + strconv.Itoa(int(min(100, 100*read/size))) + "%"
		}
		prog += " " + humanBytes(read)
		right = append(right, st.Status.Bold(true).Render(prog))
	}
	if a.filter.running {
		right = append(right, "filtering…")
	}
	if bad > 0 {
		right = append(right, st.StatusWarn.Render(model.Thousands(bad)+" unreadable lines"))
	}
	for _, s := range a.sources {
		if s.Err != nil {
			what := "read error"
			if s.Truncated {
				what = "cut short"
			}
			right = append(right, st.StatusWarn.Render(model.Printable(baseName(s.Name))+": "+what))
		}
	}
	sep := st.Status.Render(" · ")
	r := strings.Join(styled(st, right), sep) + st.Status.Render(" ")
	// The counts matter most: on a narrow screen the format goes first,
	// then the hint, then the file's folder.
	compose := func(name, formats, hidden string) string {
		var left []string
		if name != "" {
			left = append(left, st.Status.Bold(true).Render(name))
		}
		if formats != "" {
			left = append(left, formats)
		}
		left = append(left, counts)
		if hidden != "" {
			left = append(left, st.StatusDim.Render(hidden))
		}
		return st.Status.Render(" ") + strings.Join(styled(st, left), sep)
	}
	short := baseName(name)
	var l string
	for _, try := range [][3]string{{name, formats, hidden}, {name, formats, hiddenShort}, {name, "", hiddenShort}, {short, "", hiddenShort}, {"", "", hiddenShort}} {
		l = compose(try[0], try[1], try[2])
		if ansi.StringWidth(l)+ansi.StringWidth(r) < a.width {
			break
		}
	}
	gap := a.width - ansi.StringWidth(l) - ansi.StringWidth(r)
	if gap < 1 {
		return ansi.Truncate(l+st.Status.Render(" ")+r, a.width, "…")
	}
	return l + st.Status.Render(strings.Repeat(" ", gap)) + r
}

func styled(st *Styles, parts []string) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		if strings.Contains(p, "\x1b[") {
			out[i] = p
		} else {
			out[i] = st.Status.Render(p)
		}
	}
	return out
}

func (a *App) formatLabel(s model.SourceState) string {
	name := a.catalog.FormatName(s.Format)
	if s.Format == "jsonl" {
		name = "JSON lines (" + s.Mapping + ")"
		if s.Guessed {
			name = "JSON lines, guessed " + s.Mapping
		}
	}
	return model.Printable(name)
}

// hiddenSuccesses counts the success records the default view leaves out.
func (a *App) hiddenSuccesses() int64 {
	if a.snap == nil || (a.filter.query != nil && !a.filter.query.HidesSuccesses()) {
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
