package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
)

// ExportRequest is what the export form asks to be written: the records of
// a query, in a format, to a file (Force: over the file that is there).
type ExportRequest struct {
	Query  string
	Format string // refs, ndjson, csv, input
	Path   string
	Force  bool
}

type exportStage int

const (
	exportClosed  exportStage = iota
	exportEditing             // choosing the format, naming the file
	exportConfirm             // the file exists: overwrite?
	exportRunning
)

// exportForm is the small form e opens in the line under the panes: the
// format, a file name built from the log's name and the filter, and the
// number of records it will write; then the question before overwriting,
// and the progress of the export.
type exportForm struct {
	stage   exportStage
	formats []string
	format  int
	name    textinput.Model
	base    string // the log's name and the filter, for the file name
	query   string
	records int
	// held: the table holds the first records only (the memory budget),
	// so records counts those, and the export, which reads the logs
	// again, writes every record the filter matches.
	held    bool
	written *atomic.Int64
	cancel  context.CancelFunc
	gen     int
}

func newExportForm() exportForm {
	in := textinput.New()
	in.Prompt = ""
	return exportForm{name: in}
}

func (f *exportForm) Open() bool { return f.stage != exportClosed }

// exportMsg is a finished export; gen tells it from an older one.
type exportMsg struct {
	gen  int
	note string
	err  error
}

// exportCheckMsg says whether the file to write exists.
type exportCheckMsg struct {
	gen    int
	exists bool
}

// exportTickMsg redraws the progress of the export under way.
type exportTickMsg struct{ gen int }

// exportBase is the start of an export's file name: the first log's name
// without its extensions, and the filter in letters, digits and dashes.
func exportBase(log, query string) string {
	if strings.Contains(log, "://") { // a URL: its path names the log, not its query or fragment
		log, _, _ = strings.Cut(log, "#")
		log, _, _ = strings.Cut(log, "?")
	}
	name := filepath.Base(log)
	for {
		ext := filepath.Ext(name)
		if ext == "" || ext == name || len(ext) > 8 {
			break
		}
		name = strings.TrimSuffix(name, ext)
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(query) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	q := strings.TrimSuffix(b.String(), "-")
	if len(q) > 40 {
		q = strings.TrimSuffix(q[:40], "-")
	}
	if q == "" {
		q = "failed"
	}
	safe := func(s string) string { // a log's name may hold anything
		return strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f || r == '/' {
				return '_'
			}
			return r
		}, s)
	}
	return safe(name) + "-" + q
}

// exportExt is the file name's end for a format.
func exportExt(format string) string {
	switch format {
	case "ndjson":
		return ".ndjson"
	case "csv":
		return ".csv"
	case "input":
		return "-resend.gz"
	}
	return ".refs.txt"
}

func (f *exportForm) setName() {
	f.name.SetValue(f.base + exportExt(f.formats[f.format]))
	f.name.CursorEnd()
}

// start opens the form for the records of the view.
func (f *exportForm) start(log, query string, records int, batch bool) tea.Cmd {
	f.stage, f.query, f.records, f.held = exportEditing, query, records, false
	f.formats = []string{"refs", "ndjson", "csv"}
	if batch {
		f.formats = append(f.formats, "input")
	}
	f.format = 0
	f.base = exportBase(log, query)
	f.setName()
	return f.name.Focus()
}

func (f *exportForm) close() {
	f.stage = exportClosed
	f.name.Blur()
}

// request is the export the form asks for.
func (f *exportForm) request(force bool) ExportRequest {
	return ExportRequest{Query: f.query, Format: f.formats[f.format], Path: f.name.Value(), Force: force}
}

// view draws the form's line.
func (f *exportForm) view(w int, st *Styles) string {
	switch f.stage {
	case exportConfirm:
		return fit(" "+st.FilterErr.Render(model.Printable(f.name.Value())+" exists")+": write over it? (y/n)", w)
	case exportRunning:
		n := int64(0)
		if f.written != nil {
			n = f.written.Load()
		}
		if f.held {
			return fit(fmt.Sprintf(" exporting to %s… %s records", model.Printable(f.name.Value()), model.Thousands(n)), w)
		}
		return fit(fmt.Sprintf(" exporting to %s… %s of %s records", model.Printable(f.name.Value()), model.Thousands(n), model.Thousands(int64(f.records))), w)
	}
	var formats []string
	for i, name := range f.formats {
		if i == f.format {
			formats = append(formats, st.Selected.Render(name))
		} else {
			formats = append(formats, st.Dim.Render(name))
		}
	}
	what := fmt.Sprintf(" export %s records  ", model.Thousands(int64(f.records)))
	if f.formats[f.format] == "input" {
		what = fmt.Sprintf(" re-send the batch lines of %s records  ", model.Thousands(int64(f.records)))
	}
	if f.held {
		// The logs are read again: every record the filter matches, not
		// only those the table holds.
		what = fmt.Sprintf(" export all the log's matches (%s in the table)  ", model.Thousands(int64(f.records)))
		if f.formats[f.format] == "input" {
			what = fmt.Sprintf(" re-send the batch lines of all the log's matches (%s in the table)  ", model.Thousands(int64(f.records)))
		}
	}
	room := max(w-ansiWidth(what)-ansiWidth(strings.Join(formats, " "))-5, 10)
	f.name.SetWidth(min(room, ansiWidth(f.name.Value())+8))
	return fit(st.FilterPrompt.Render(what)+strings.Join(formats, " ")+"  → "+f.name.View(), w)
}

// exportHelp is the keys of the form, in the hint line under it.
// exportKeys is the export form's keys, at each stage: the hints show
// them and the form matches them, so the two cannot drift apart.
var exportKeys = struct {
	Yes, No, Stop, Next, Prev, Write, Cancel key.Binding
}{
	Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "write over it")),
	No:     key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "no, another name")),
	Stop:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop: nothing is written")),
	Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next format")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab")),
	Write:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write")),
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

func exportHelp(stage exportStage) help.KeyMap {
	k := exportKeys
	var short []key.Binding
	switch stage {
	case exportConfirm:
		short = []key.Binding{k.Yes, k.No}
	case exportRunning:
		short = []key.Binding{k.Stop}
	default:
		short = []key.Binding{k.Next, k.Write, k.Cancel}
	}
	return keyHelp{short: short, full: [][]key.Binding{short}}
}

// openExport opens the form on the records of the view.
func (a *App) openExport() tea.Cmd {
	if a.exportFn == nil {
		return a.setFlash("export is not wired here: run errscope export --query " + ShellQuote(model.Printable(a.filter.Text())) + " LOG")
	}
	if !a.loaded {
		return a.setFlash("the log is still being read: export once it is, so that the count is the file's")
	}
	log := "errscope"
	if len(a.sources) > 0 {
		log = a.sources[0].Name
	}
	cmd := a.export.start(log, a.filter.Text(), a.table.Len(), a.batch != nil)
	a.export.held = a.partial()
	return cmd
}

// updateExportKey drives the form.
func (a *App) updateExportKey(msg tea.KeyPressMsg) tea.Cmd {
	f, k := &a.export, exportKeys
	switch f.stage {
	case exportConfirm:
		switch {
		case key.Matches(msg, k.Yes):
			return a.runExport(true)
		case key.Matches(msg, k.No):
			f.stage = exportEditing
			return f.name.Focus()
		}
		return nil
	case exportRunning:
		if key.Matches(msg, k.Stop) && f.cancel != nil {
			f.cancel()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Cancel):
		f.close()
		return nil
	case key.Matches(msg, k.Next):
		f.format = (f.format + 1) % len(f.formats)
		f.setName()
		return nil
	case key.Matches(msg, k.Prev):
		f.format = (f.format + len(f.formats) - 1) % len(f.formats)
		f.setName()
		return nil
	case key.Matches(msg, k.Write):
		if strings.TrimSpace(f.name.Value()) == "" {
			return a.setFlash("name the file to write")
		}
		f.gen++
		gen, path := f.gen, f.name.Value()
		return func() tea.Msg {
			_, err := os.Lstat(path)
			return exportCheckMsg{gen: gen, exists: err == nil}
		}
	}
	var cmd tea.Cmd
	f.name, cmd = f.name.Update(msg)
	return cmd
}

func (a *App) exportChecked(msg exportCheckMsg) tea.Cmd {
	if msg.gen != a.export.gen || a.export.stage != exportEditing {
		return nil
	}
	if msg.exists {
		a.export.stage = exportConfirm
		a.export.name.Blur()
		return nil
	}
	return a.runExport(false)
}

// runExport writes the file off the update loop; a tick shows how far it
// has come.
func (a *App) runExport(force bool) tea.Cmd {
	f := &a.export
	f.stage = exportRunning
	f.name.Blur()
	f.gen++
	gen, req, fn := f.gen, f.request(force), a.exportFn
	written := &atomic.Int64{}
	f.written = written
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	run := func() tea.Msg {
		defer cancel()
		note, err := fn(ctx, req, func(n int64) { written.Store(n) })
		return exportMsg{gen: gen, note: note, err: err}
	}
	return tea.Batch(run, a.exportTick(gen))
}

func (a *App) exportTick(gen int) tea.Cmd {
	return tea.Tick(200*time.Millisecond, func(time.Time) tea.Msg { return exportTickMsg{gen: gen} })
}

func (a *App) exportDone(msg exportMsg) tea.Cmd {
	if msg.gen != a.export.gen {
		return nil
	}
	a.export.close()
	if msg.err != nil {
		return a.setFlash("export: " + model.Printable(msg.err.Error()))
	}
	return a.setFlash(model.Printable(msg.note))
}

// ShellQuote writes s as one word for a POSIX shell.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(":,._/-=+@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
