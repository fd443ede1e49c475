// Package ui is errscope's terminal program: a status bar, the error types
// with their counts, the records, and a record's detail, over a store that
// fills while the logs are read. It reads nothing itself: the loading stage
// (source.Stream, wired in main) sends model.Progress values on a channel,
// and ui imports model only.
//
// How it is put together: App (app.go) is the one Bubble Tea model. Its
// panes (groups, table, detail, filter, help) are plain structs that own
// their state; App talks to them through their methods only, and hands
// them sizes in layout. Update changes state; View only draws. Each part
// of the screen (status bar, groups pane, table, detail, filter line,
// help) renders from a small struct of plain values plus width, height and
// Styles, so views_test.go draws each alone and keeps goldens at widths
// 40, 80, 120 and 200. Keys live in one KeyMap (keys.go): every key is
// matched with key.Matches, each screen's hints are its help.KeyMap, and a
// key that does nothing at the moment is disabled, so it drops out of them.
package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

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

// App is the root model. It holds the panes and talks to them through
// their methods; each pane owns its state and draws it in View, which
// changes nothing.
type App struct {
	keys    KeyMap
	styles  Styles
	catalog *model.Catalog
	updates <-chan model.Progress

	width, height int
	screen        screen
	focus         pane

	snap    *model.Snapshot
	sources []model.SourceState
	loaded  bool

	groups groups
	table  table
	detail detail
	filter filter
	help   helpPane

	batch    model.Batch
	exportFn func(ctx context.Context, req ExportRequest, progress func(n int64)) (string, error)
	markdown func(snap *model.Snapshot, idx []int32, query string) string
	export   exportForm

	budget    int64 // Options.Budget, for the line that says it was reached
	noticeRow bool  // the layout gives that line its row

	flash   string
	flashID int
	note    bool // flash holds Options.Note, until its tick clears it
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
	// Note is said in the status line at the start, for a while: a
	// catalog file skipped, for one.
	Note   string
	Timing *Timing // when set, records when the first rows and the whole log were drawn

	// Query is the filter to open with (errscope --query Q).
	Query string
	// Batch is the uploaded batch file (--input), indexed in the
	// background: the detail shows each record's line of it.
	Batch model.Batch
	// Export writes what a filter selects (e); nil: e says it cannot.
	// progress is called now and then with the records written so far.
	Export func(ctx context.Context, req ExportRequest, progress func(n int64)) (string, error)
	// Markdown is the summary of a view for a ticket (M).
	Markdown func(snap *model.Snapshot, idx []int32, query string) string
	// Budget is the memory budget the loading stage keeps rows within
	// (--memory; 0: none), named when a snapshot says it was reached.
	Budget int64
}

// Timing is when the screen first showed records and when it first showed
// every log read, measured from Start; Run prints it (ERRSCOPE_TIMING=1).
type Timing struct {
	Start             time.Time
	FirstRows, Loaded time.Duration
	// Keys is how many queries typed (or set) got their result on the
	// screen; KeysTotal and KeysWorst the time from the key to it (a key
	// typed while the run before was under way counts once, from itself).
	Keys                 int
	KeysTotal, KeysWorst time.Duration
	KeysWorstQuery       string // the query of the slowest
}

// New makes the App for the logs.
func New(opt Options) *App {
	a := &App{
		keys: DefaultKeyMap(), styles: newStyles(true), catalog: opt.Catalog,
		updates: opt.Updates, filter: newFilter(), timing: opt.Timing,
	}
	a.sources = append([]model.SourceState(nil), opt.Sources...)
	a.batch, a.exportFn, a.markdown, a.budget = opt.Batch, opt.Export, opt.Markdown, opt.Budget
	a.export = newExportForm()
	if opt.Query != "" {
		a.setQuery(opt.Query) // runs once records come
	}
	// The panes draw with the App's styles, which a BackgroundColorMsg
	// replaces in place.
	st := &a.styles
	a.groups = newGroups(st)
	a.table = newTable(st, len(opt.Sources) > 1)
	a.detail = newDetail(st)
	a.flash, a.note = opt.Note, opt.Note != ""
	a.keys.sayRunbook(overSSH()) // the ? screen says it as the hints do
	a.help = newHelpPane(st, helpView{Keys: a.keys.FullHelp(), Query: model.QueryLanguage(), Filter: a.keys.FilterHelp().FullHelp()[0]})
	a.sync()
	return a
}

// Init asks for the background colour and waits for the first records.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, a.waitLoad()}
	if a.note {
		// Longer than a passing message: it says why the screen may lack
		// what the user expected.
		id := a.flashID
		cmds = append(cmds, tea.Tick(15*time.Second, func(time.Time) tea.Msg { return flashMsg{id: id} }))
	}
	return tea.Batch(cmds...)
}

// Update routes a message: data and sizes to every pane, keys to the one in
// focus; then what depends on the state is brought up to date.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := a.update(msg)
	a.sync()
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
		a.filter.SetStyles(msg.IsDark())
		a.detail.Restyle()
		return nil
	case model.Progress:
		return a.updateLoad(msg)
	case filterMsg:
		return a.updateFilterResult(msg)
	case runbookMsg:
		return a.runbookDone(msg)
	case exportCheckMsg:
		return a.exportChecked(msg)
	case exportMsg:
		return a.exportDone(msg)
	case exportTickMsg:
		if msg.gen == a.export.gen && a.export.stage == exportRunning {
			return a.exportTick(msg.gen)
		}
		return nil
	case markdownMsg:
		return a.markdownDone(msg)
	case batchRecMsg:
		a.detail.SetBatch(msg)
		return nil
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
	if a.filter.Active() {
		return a.filter.Update(msg, a.snap) // the cursor's blink
	}
	return nil
}

// sync brings up to date what follows from the state: which pane shows
// focus, which keys do something, what an empty table says, and the
// timings.
func (a *App) sync() {
	a.groups.SetFocused(a.focus == paneGroups)
	a.table.SetFocused(a.focus == paneTable && !a.filter.Active())
	if a.table.Len() == 0 {
		a.table.SetEmpty(a.emptyText())
	}
	cur := a.table.Current()
	if a.screen == screenDetail {
		cur = a.detail.Record()
	}
	_, runbook := a.currentEntry().RunbookURL()
	a.keys.sync(keyState{
		screen: a.screen, focus: a.focus, rows: a.table.Len() > 0, loaded: a.snap != nil,
		groups: a.groups.Len() > 0, current: cur >= 0 && a.snap != nil,
		runbook: runbook, ssh: overSSH(), expand: a.groups.CanExpand(), close: a.groups.CanCollapse(),
	})
	if t := a.timing; t != nil {
		// The screen is drawn right after Update: these are when it first
		// showed records, and first showed every log read.
		if t.FirstRows == 0 && a.table.Len() > 0 && a.screen == screenMain {
			t.FirstRows = time.Since(t.Start)
		}
		if t.Loaded == 0 && a.loaded {
			t.Loaded = time.Since(t.Start)
		}
	}
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
	if msg.Baseline != nil {
		a.groups.SetBaseline(msg.Baseline)
	}
	a.groups.SetSnapshot(a.snap, formats)
	a.table.SetSnapshot(a.snap)
	if a.noticeRow != a.snap.Partial() {
		a.noticeRow = a.snap.Partial()
		a.layout() // the budget's line takes a row
	}
	cmds := []tea.Cmd{a.filter.More(a.snap, a.table.Rows())}
	if !msg.Done {
		cmds = append(cmds, a.waitLoad())
	} else {
		cmds = append(cmds, a.filter.Prepare(a.snap))
	}
	return tea.Batch(cmds...)
}

func (a *App) updateFilterResult(msg filterMsg) tea.Cmd {
	idx, keep, ok := a.filter.Result(msg)
	if !ok {
		return nil
	}
	if t := a.timing; t != nil && !keep {
		d := time.Since(a.filter.SetAt())
		t.Keys++
		t.KeysTotal += d
		if d > t.KeysWorst {
			t.KeysWorst, t.KeysWorstQuery = d, a.filter.Text()
		}
	}
	// More records for the same query keep the cursor where the user put
	// it; a new query starts at the top.
	a.table.SetRows(idx, keep)
	return a.filter.More(a.snap, a.table.Rows())
}

// layout hands the panes their sizes; View only draws.
func (a *App) layout() {
	body := max(a.height-3, 1) // status bar, filter line, hints
	if a.noticeRow {
		body = max(body-1, 1) // the budget's line
	}
	gw := min(52, max(a.width*7/20, 24))
	if a.width < 70 {
		gw = a.width / 2
	}
	a.groups.SetSize(gw, body)
	a.table.SetSize(max(a.width-gw-1, 1), body)
	a.detail.SetSize(a.width, max(a.height-2, 1))
	a.help.SetSize(a.width, a.height)
	a.filter.SetWidth(max(a.width-4, 1))
}

// View draws the screen; it changes nothing.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
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
	status := a.statusBar().render(a.width, &a.styles)
	if a.noticeRow && a.screen == screenMain {
		status += "\n" + a.budgetNotice().render(a.width, &a.styles)
	}
	switch a.screen {
	case screenHelp:
		return a.help.View()
	case screenDetail:
		return status + "\n" + a.detail.View() + "\n" + a.hints()
	}
	sep := lipgloss.NewStyle().Foreground(a.styles.Border).Render(strings.Repeat("│\n", a.groups.Height()-1) + "│")
	body := lipgloss.JoinHorizontal(lipgloss.Top, a.groups.View(), sep, a.table.View())
	line := a.filterLine().render(a.width, &a.styles)
	if a.export.Open() {
		line = a.export.view(a.width, &a.styles)
	}
	return status + "\n" + body + "\n" + line + "\n" + a.hints()
}

// emptyText is what the table says when it shows no record.
func (a *App) emptyText() string {
	switch {
	case a.loaded && a.snap != nil && a.snap.Len() == 0 && !a.snap.Partial():
		return "the log holds no records"
	case a.loaded && a.filter.Running():
		return "filtering…"
	case a.snap != nil && a.snap.Records() == 0 && a.snap.BadLines() > 0 && a.filter.Query().HidesBadLines():
		return fmt.Sprintf("no line is a record of this format: %s unreadable lines (/type:bad shows them; is this the right file?)", model.Thousands(a.snap.BadLines()))
	case a.loaded && a.snap != nil && a.snap.Records() > 0 && a.filter.Query().IsDefault() && a.hiddenSuccesses() == a.snap.Records():
		return "every record succeeded (/type:all shows them)"
	case a.partial():
		return fmt.Sprintf("no record of the first %s held matches the filter (esc clears it; errscope export --query reads them all)", model.Thousands(int64(a.snap.Len())))
	case a.loaded || (a.snap != nil && a.snap.Len() > 0):
		return "no record matches the filter (esc clears it)"
	}
	return "no records yet"
}

// filterLine gathers what the line under the panes shows.
func (a *App) filterLine() filterLine {
	l := filterLine{Editing: a.filter.Active(), Err: a.filter.Err(), Flash: a.flash, Text: a.filter.Text(), Code: "409", Ref: "3e06"}
	switch {
	case l.Editing:
		l.Input = a.filter.InputView()
	case l.Text != "":
		l.Keys = a.keys.FilterSetHelp().ShortHelp()
	}
	// The examples are this log's own: its largest error type, a ref prefix.
	if code, ok := a.groups.LargestCode(); ok {
		l.Code = model.QuoteValue(code)
	}
	if i := a.table.Current(); i >= 0 && a.snap != nil {
		if r := []rune(a.snap.Row(i).Ref); len(r) >= 4 {
			l.Ref = model.QuoteValue(string(r[:4])) // QuoteValue makes it printable
		}
	}
	return l
}
