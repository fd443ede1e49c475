// Package ui is errscope's terminal program: a status bar, the error types
// with their counts, the records, and a record's detail, over a store that
// fills while the logs are read.
package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

type screen int

const (
	screenMain screen = iota
	screenDetail
	screenHelp
)

type pane int

const (
	paneTable pane = iota
	paneGroups
)

// Minimum window size; below it errscope says so instead of drawing.
const (
	minWidth  = 40
	minHeight = 8
)

// App is the root model.
type App struct {
	keys    KeyMap
	styles  Styles
	catalog *model.Catalog
	loader  *loader

	width, height int
	screen        screen
	focus         pane
	helpOffset    int

	snap    *model.Snapshot
	sources []sourceState
	loaded  bool

	groups    groups
	table     table
	detail    detail
	input     textinput.Model
	filtering bool // the filter input has the keys
	filter    filterState

	flash   string
	flashID int
	timing  *Timing
}

// Options configure a run of the App.
type Options struct {
	Catalog *model.Catalog
	Logs    []string
	Mapping source.Mapping
	Timing  *Timing // when set, records when the first rows and the whole log were drawn
}

// Timing is when the screen first showed records and when it first showed
// every log read, measured from Start; Run prints it (ERRSCOPE_TIMING=1).
type Timing struct {
	Start             time.Time
	FirstRows, Loaded time.Duration
}

// New makes the App for the logs; Run (or a test) starts the loader.
func New(opt Options) *App {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "code:409 -type:success ref:3e06 words…"
	a := &App{
		keys: DefaultKeyMap(), styles: newStyles(true), catalog: opt.Catalog,
		loader: newLoader(opt.Catalog, opt.Logs), input: in, timing: opt.Timing,
	}
	a.sources = append([]sourceState(nil), a.loader.sources...)
	a.detail.rec = -1
	a.filter.query = &model.Query{}
	a.table.showFile = len(opt.Logs) > 1
	return a
}

// Start runs the loader on its own goroutine until ctx is done.
func (a *App) Start(ctx context.Context, opt Options) {
	go a.loader.run(ctx, opt.Logs, opt.Mapping)
}

// Init asks for the background colour and waits for the first records.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, a.loader.wait())
}

// Update routes a message: data and sizes to every pane, keys to the one in
// focus.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.layout()
		return a, nil
	case tea.BackgroundColorMsg:
		a.styles = newStyles(msg.IsDark())
		a.input.SetStyles(textinput.DefaultStyles(msg.IsDark()))
		return a, nil
	case loadMsg:
		return a, a.updateLoad(msg)
	case filterMsg:
		return a, a.updateFilterResult(msg)
	case flashMsg:
		if msg.id == a.flashID {
			a.flash = ""
		}
		return a, nil
	case tea.MouseWheelMsg:
		return a, a.updateWheel(msg)
	case tea.KeyPressMsg:
		return a, a.updateKey(msg)
	}
	if a.filtering {
		var cmd tea.Cmd
		a.input, cmd = a.input.Update(msg)
		return a, cmd
	}
	return a, nil
}

func (a *App) updateLoad(msg loadMsg) tea.Cmd {
	a.snap = msg.snap
	a.sources = msg.sources
	a.loaded = msg.done
	formats := map[string]bool{}
	for _, s := range a.sources {
		if s.Format != "" {
			formats[s.Format] = true
		}
	}
	a.groups.SetSnapshot(a.snap, formats)
	cmds := []tea.Cmd{a.filter.more(a.snap, a.table.idx)}
	if !msg.done {
		cmds = append(cmds, a.loader.wait())
	}
	return tea.Batch(cmds...)
}

func (a *App) updateFilterResult(msg filterMsg) tea.Cmd {
	if msg.gen != a.filter.gen {
		return nil // a newer query or run has started
	}
	a.filter.running = false
	if msg.err != nil {
		return nil
	}
	keep := a.filter.covered > 0 && !msg.ordered
	a.filter.covered, a.filter.ordered = msg.covered, msg.ordered
	a.table.SetRows(msg.idx, keep)
	return a.filter.more(a.snap, a.table.idx)
}

func (a *App) updateWheel(msg tea.MouseWheelMsg) tea.Cmd {
	d := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		d = -3
	case tea.MouseWheelDown:
		d = 3
	default:
		return nil
	}
	switch {
	case a.screen == screenDetail:
		a.detail.Scroll(d)
	case a.screen == screenHelp:
		a.helpOffset = max(0, a.helpOffset+d)
	case msg.X < a.groups.width:
		a.groups.Move(d)
	default:
		a.table.Scroll(d)
	}
	return nil
}

func (a *App) updateKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	if msg.String() == "ctrl+c" {
		return a.quit()
	}
	if a.filtering {
		return a.updateFilterKey(msg)
	}
	if key.Matches(msg, k.Quit) {
		return a.quit()
	}
	switch a.screen {
	case screenHelp:
		switch {
		case key.Matches(msg, k.Back, k.Help):
			a.screen = screenMain
		case key.Matches(msg, k.Down):
			a.helpOffset++
		case key.Matches(msg, k.Up):
			a.helpOffset = max(0, a.helpOffset-1)
		}
		return nil
	case screenDetail:
		return a.updateDetailKey(msg)
	}
	switch {
	case key.Matches(msg, k.Help):
		a.screen, a.helpOffset = screenHelp, 0
	case key.Matches(msg, k.Filter):
		a.filtering = true
		a.input.SetValue(a.filter.text)
		a.input.CursorEnd()
		return a.input.Focus()
	case key.Matches(msg, k.Tab):
		if a.focus == paneTable {
			a.focus = paneGroups
		} else {
			a.focus = paneTable
		}
	case key.Matches(msg, k.Back):
		if a.filter.text != "" {
			return a.setQuery("")
		}
		if a.focus == paneGroups {
			a.focus = paneTable
		}
	case key.Matches(msg, k.CopyRef):
		return a.copyRef()
	case key.Matches(msg, k.CopyAll):
		return a.copyAllRefs()
	case key.Matches(msg, k.Export):
		return a.setFlash("export is not built yet: copy refs with y / Y, or run errscope summary")
	case a.focus == paneGroups:
		return a.updateGroupsKey(msg)
	default:
		return a.updateTableKey(msg)
	}
	return nil
}

func (a *App) updateGroupsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	switch {
	case key.Matches(msg, k.Up):
		a.groups.Move(-1)
	case key.Matches(msg, k.Down):
		a.groups.Move(1)
	case key.Matches(msg, k.Top):
		a.groups.Move(-len(a.groups.rows))
	case key.Matches(msg, k.Bottom):
		a.groups.Move(len(a.groups.rows))
	case key.Matches(msg, k.PageUp):
		a.groups.Move(-a.groups.height)
	case key.Matches(msg, k.PageDown):
		a.groups.Move(a.groups.height)
	case key.Matches(msg, k.Enter):
		if g, ok := a.groups.Current(); ok {
			a.focus = paneTable
			return a.setQuery(g.query)
		}
	}
	return nil
}

func (a *App) updateTableKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	t := &a.table
	switch {
	case key.Matches(msg, k.Up):
		t.Move(-1)
	case key.Matches(msg, k.Down):
		t.Move(1)
	case key.Matches(msg, k.Top):
		t.Top()
	case key.Matches(msg, k.Bottom):
		t.Bottom()
	case key.Matches(msg, k.PageUp):
		t.Move(-t.rows())
	case key.Matches(msg, k.PageDown):
		t.Move(t.rows())
	case key.Matches(msg, k.Enter):
		a.openDetail()
	}
	return nil
}

func (a *App) updateDetailKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Enter):
		a.screen = screenMain
		a.detail.rec = -1
	case key.Matches(msg, k.Up):
		a.detail.Scroll(-1)
	case key.Matches(msg, k.Down):
		a.detail.Scroll(1)
	case key.Matches(msg, k.PageUp):
		a.detail.Scroll(-a.detail.height)
	case key.Matches(msg, k.PageDown):
		a.detail.Scroll(a.detail.height)
	case key.Matches(msg, k.Top):
		a.detail.Scroll(-len(a.detail.lines))
	case key.Matches(msg, k.Bottom):
		a.detail.Scroll(len(a.detail.lines))
	case key.Matches(msg, k.NextRec):
		a.table.Move(1)
		a.openDetail()
	case key.Matches(msg, k.PrevRec):
		a.table.Move(-1)
		a.openDetail()
	case key.Matches(msg, k.CopyRef):
		return a.copyRef()
	case key.Matches(msg, k.Help):
		a.screen, a.helpOffset = screenHelp, 0
	}
	return nil
}

func (a *App) updateFilterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		a.filtering = false
		a.input.Blur()
		a.focus = paneTable
		a.table.Top()
		return nil
	case "esc":
		a.filtering = false
		a.input.Blur()
		a.input.SetValue("")
		return a.setQuery("")
	}
	var cmd tea.Cmd
	a.input, cmd = a.input.Update(msg)
	if v := a.input.Value(); v != a.filter.text {
		return tea.Batch(cmd, a.setQuery(v))
	}
	return cmd
}

// setQuery makes text the filter and starts its run.
func (a *App) setQuery(text string) tea.Cmd {
	a.input.SetValue(text)
	a.filter.covered = 0
	return a.filter.set(text, a.snap)
}

func (a *App) openDetail() {
	i := a.table.Current()
	if i < 0 || a.snap == nil {
		return
	}
	a.screen = screenDetail
	a.detail.Open(a.snap, i, &a.styles)
}

func (a *App) copyRef() tea.Cmd {
	i := a.table.Current()
	if a.screen == screenDetail {
		i = a.detail.rec
	}
	if i < 0 || a.snap == nil {
		return nil
	}
	ref := model.Printable(a.snap.Row(i).Ref)
	return tea.Batch(tea.SetClipboard(ref), a.setFlash("copied ref "+ref))
}

// maxCopyRefs bounds Y: terminals cap what OSC 52 may carry.
const maxCopyRefs = 20000

func (a *App) copyAllRefs() tea.Cmd {
	if a.snap == nil || len(a.table.idx) == 0 {
		return nil
	}
	n := min(len(a.table.idx), maxCopyRefs)
	var b strings.Builder
	for _, i := range a.table.idx[:n] {
		b.WriteString(model.Printable(a.snap.Row(int(i)).Ref))
		b.WriteByte('\n')
	}
	note := fmt.Sprintf("copied %s refs", thousands(int64(n)))
	if n < len(a.table.idx) {
		note += fmt.Sprintf(" (the first %s of %s)", thousands(int64(n)), thousands(int64(len(a.table.idx))))
	}
	return tea.Batch(tea.SetClipboard(b.String()), a.setFlash(note))
}

func (a *App) setFlash(s string) tea.Cmd {
	a.flash = s
	a.flashID++
	id := a.flashID
	return tea.Tick(4*time.Second, func(time.Time) tea.Msg { return flashMsg{id: id} })
}

func (a *App) quit() tea.Cmd {
	if a.filter.cancel != nil {
		a.filter.cancel()
	}
	return tea.Quit
}

// layout hands the panes their sizes; View only draws.
func (a *App) layout() {
	body := max(a.height-3, 1) // status bar, filter line, hints
	gw := min(52, max(a.width*7/20, 24))
	if a.width < 70 {
		gw = a.width / 2
	}
	a.groups.SetSize(gw, body)
	a.table.SetSize(max(a.width-gw-1, 1), body)
	a.detail.SetSize(a.width, max(a.height-2, 1))
	a.input.SetWidth(max(a.width-4, 1))
	if a.detail.rec >= 0 && a.snap != nil {
		a.detail.Open(a.snap, a.detail.rec, &a.styles)
	}
}

// View draws the screen.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	if t := a.timing; t != nil {
		if t.FirstRows == 0 && len(a.table.idx) > 0 && a.screen == screenMain {
			t.FirstRows = time.Since(t.Start)
		}
		if t.Loaded == 0 && a.loaded {
			t.Loaded = time.Since(t.Start)
		}
	}
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "errscope"
	return v
}

func (a *App) render() string {
	if a.width == 0 || a.height == 0 {
		return ""
	}
	if a.width < minWidth || a.height < minHeight {
		return fmt.Sprintf("window too small (%d×%d)\nerrscope needs %d×%d\nq quits", a.width, a.height, minWidth, minHeight)
	}
	switch a.screen {
	case screenHelp:
		return a.helpView()
	case screenDetail:
		return a.statusBar() + "\n" + a.detail.View() + "\n" + a.hints()
	}
	empty := "no records yet"
	switch {
	case a.loaded && a.snap != nil && a.snap.Len() == 0:
		empty = "the log holds no records"
	case a.loaded && a.filter.running:
		empty = "filtering…"
	case a.loaded || (a.snap != nil && a.snap.Len() > 0):
		empty = "no record matches the filter (esc clears it)"
	}
	sep := lipgloss.NewStyle().Foreground(a.styles.Border).Render(strings.Repeat("│\n", a.groups.height-1) + "│")
	body := lipgloss.JoinHorizontal(lipgloss.Top,
		a.groups.View(&a.styles, a.focus == paneGroups), sep,
		a.table.View(a.snap, &a.styles, a.focus == paneTable && !a.filtering, empty))
	return a.statusBar() + "\n" + body + "\n" + a.filterLine() + "\n" + a.hints()
}

// filterLine shows the filter being typed, the one in force, a parse
// error, or a passing message.
func (a *App) filterLine() string {
	st := &a.styles
	switch {
	case a.filtering && a.filter.err != "":
		return fit(a.input.View(), a.width-ansiWidth(a.filter.err)-3) + "  " + st.FilterErr.Render(a.filter.err)
	case a.filtering:
		return fit(a.input.View(), a.width)
	case a.flash != "":
		return fit(" "+a.flash, a.width)
	case a.filter.text != "":
		return fit(st.FilterPrompt.Render(" filter: ")+model.Printable(a.filter.text)+st.Hint.Render("   / edit · esc clear"), a.width)
	}
	return fit(st.Hint.Render(" / to filter: code:409  type:error  ref:3e06  words…"), a.width)
}
