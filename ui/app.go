// Package ui is errscope's terminal program: a status bar, the error types
// with their counts, the records, and a record's detail, over a store that
// fills while the logs are read. It reads nothing itself: the loading stage
// (source.Stream, wired in main) sends model.Progress values on a channel,
// and ui imports model only.
package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/errscope/errscope/model"
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
	updates <-chan model.Progress

	width, height int
	screen        screen
	focus         pane
	helpOffset    int
	helpLines     int // lines of the help as last drawn

	snap    *model.Snapshot
	sources []model.SourceState
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

// Options configure a run of the App. The App reads no logs itself: the
// loading stage publishes what it has read on Updates.
type Options struct {
	Catalog *model.Catalog
	Sources []model.SourceState   // the logs, as they stand before reading
	Updates <-chan model.Progress // what has been read so far; the last has Done set
	// KeysFromTTY: a log comes on standard input, so keys come from the
	// terminal.
	KeysFromTTY bool
	Timing      *Timing // when set, records when the first rows and the whole log were drawn
}

// Timing is when the screen first showed records and when it first showed
// every log read, measured from Start; Run prints it (ERRSCOPE_TIMING=1).
type Timing struct {
	Start             time.Time
	FirstRows, Loaded time.Duration
}

// New makes the App for the logs.
func New(opt Options) *App {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "code:409 -type:success ref:3e06 words…"
	a := &App{
		keys: DefaultKeyMap(), styles: newStyles(true), catalog: opt.Catalog,
		updates: opt.Updates, input: in, timing: opt.Timing,
	}
	a.sources = append([]model.SourceState(nil), opt.Sources...)
	a.detail.rec = -1
	a.filter.query = &model.Query{}
	a.table.showFile = len(opt.Sources) > 1
	return a
}

// Init asks for the background colour and waits for the first records.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, a.waitLoad())
}

// Update routes a message: data and sizes to every pane, keys to the one in
// focus; then the keys that apply are enabled.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := a.update(msg)
	a.syncKeys()
	return a, cmd
}

func (a *App) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.layout()
		return nil
	case tea.BackgroundColorMsg:
		a.styles = newStyles(msg.IsDark())
		a.input.SetStyles(textinput.DefaultStyles(msg.IsDark()))
		return nil
	case model.Progress:
		return a.updateLoad(msg)
	case filterMsg:
		return a.updateFilterResult(msg)
	case flashMsg:
		if msg.id == a.flashID {
			a.flash = ""
		}
		return nil
	case tea.MouseWheelMsg:
		return a.updateWheel(msg)
	case tea.KeyPressMsg:
		return a.updateKey(msg)
	}
	if a.filtering {
		var cmd tea.Cmd
		a.input, cmd = a.input.Update(msg)
		return cmd
	}
	return nil
}

// syncKeys enables the keys that do something now.
func (a *App) syncKeys() {
	cur := a.table.Current()
	if a.screen == screenDetail {
		cur = a.detail.rec
	}
	a.keys.sync(keyState{
		screen: a.screen, focus: a.focus, rows: len(a.table.idx) > 0,
		groups: len(a.groups.rows) > 0, current: cur >= 0 && a.snap != nil,
	})
}

// waitLoad is the command that takes the next progress from the loading
// stage; updateLoad issues it again until the last.
func (a *App) waitLoad() tea.Cmd {
	if a.updates == nil {
		return nil
	}
	return func() tea.Msg { return <-a.updates }
}

func (a *App) updateLoad(msg model.Progress) tea.Cmd {
	a.snap = msg.Snap
	a.sources = msg.Sources
	a.loaded = msg.Done
	formats := map[string]bool{}
	for _, s := range a.sources {
		if s.Format != "" {
			formats[s.Format] = true
		}
	}
	a.groups.SetSnapshot(a.snap, formats)
	cmds := []tea.Cmd{a.filter.more(a.snap, a.table.idx)}
	if !msg.Done {
		cmds = append(cmds, a.waitLoad())
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
	// More records for the same query keep the cursor where the user put
	// it; a new query starts at the top.
	keep := !a.filter.fresh
	a.filter.fresh = false
	a.filter.covered, a.filter.ordered = msg.covered, msg.ordered
	a.table.SetRows(msg.idx, keep)
	return a.filter.more(a.snap, a.table.idx)
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
	case a.snap != nil && a.snap.Records() == 0 && a.snap.BadLines() > 0 && a.filter.query.HidesBadLines():
		empty = fmt.Sprintf("no line is a record of this format: %s unreadable lines (/type:bad shows them; is this the right file?)", model.Thousands(a.snap.BadLines()))
	case a.loaded && a.snap != nil && a.snap.Records() > 0 && a.filter.query.IsDefault() && a.hiddenSuccesses() == a.snap.Records():
		empty = "every record succeeded (/type:all shows them)"
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
	// The examples are this log's own: its largest error type, a ref prefix.
	code, ref := "409", "3e06"
	for _, g := range a.groups.rows {
		if g.typ != model.TypeSuccess && g.typ != model.TypeBad && g.code != "" {
			code = model.QuoteValue(g.code)
			break
		}
	}
	if i := a.table.Current(); i >= 0 && a.snap != nil {
		if r := []rune(a.snap.Row(i).Ref); len(r) >= 4 {
			ref = model.QuoteValue(string(r[:4])) // QuoteValue makes it printable
		}
	}
	return fit(st.Hint.Render(" / to filter: code:"+code+"  type:error  ref:"+ref+"  words…"), a.width)
}
