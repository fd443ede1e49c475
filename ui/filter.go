package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
)

// filter is the query line: the input the query is typed in, the query in
// force, and the run that computes its matches. Runs happen off the update
// loop on a snapshot, through one model.Finder (one run at a time, which
// reuses what the last run learnt); each carries a generation, a newer
// query cancels the older run at once, and a stale result is dropped. The
// App drives it through its methods only.
type filter struct {
	input  textinput.Model
	active bool // the input has the keys

	text  string       // the query as typed
	query *model.Query // the last query that parsed
	err   string       // why text does not parse, if it does not

	finder  *model.Finder
	setAt   time.Time // when the query in force was set (typed)
	gen     int
	cancel  context.CancelFunc
	running bool
	covered int  // records filtered so far, for the current gen
	ordered bool // best message first: new records mean a full run
	fresh   bool // the run under way is for a new query, not more records
}

func newFilter() filter {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "code:409 -type:success ref:3e06 words…"
	return filter{input: in, query: &model.Query{}, finder: model.NewFinder()}
}

// Text is the query as typed; Err why it does not parse ("" when it does).
func (f *filter) Text() string { return f.text }
func (f *filter) Err() string  { return f.err }

// Query is the last query that parsed: the one the table shows.
func (f *filter) Query() *model.Query { return f.query }

// SetAt is when the query in force was set.
func (f *filter) SetAt() time.Time { return f.setAt }

// Running says a run is under way.
func (f *filter) Running() bool { return f.running }

// Active says the input has the keys.
func (f *filter) Active() bool { return f.active }

// Open gives the input the keys, the query in force in it.
func (f *filter) Open() tea.Cmd {
	f.active = true
	f.input.SetValue(f.text)
	f.input.CursorEnd()
	return f.input.Focus()
}

// Close takes the keys from the input; the query stays in force.
func (f *filter) Close() {
	f.active = false
	f.input.Blur()
}

func (f *filter) SetWidth(w int)        { f.input.SetWidth(w) }
func (f *filter) SetStyles(isDark bool) { f.input.SetStyles(textinput.DefaultStyles(isDark)) }

// InputView draws the input.
func (f *filter) InputView() string { return f.input.View() }

// Stop cancels the run under way, if any.
func (f *filter) Stop() {
	if f.cancel != nil {
		f.cancel()
	}
}

// Update hands the input a message (a key typed, a cursor blink); when the
// text changes, the new query starts running over snap.
func (f *filter) Update(msg tea.Msg, snap *model.Snapshot) tea.Cmd {
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	if v := f.input.Value(); f.active && v != f.text {
		if q, err := model.ParseQuery(v); err == nil && f.err == "" && q.String() == f.query.String() {
			// A space typed, or a quote that changes nothing: the query
			// in force is the one typed, and its run stands.
			f.text = v
			return cmd
		}
		return tea.Batch(cmd, f.Set(v, snap))
	}
	return cmd
}

// Set makes text the query, in the input too; when it parses, it starts a
// new run over the whole snapshot.
func (f *filter) Set(text string, snap *model.Snapshot) tea.Cmd {
	f.input.SetValue(text)
	f.text = text
	q, err := model.ParseQuery(text)
	if err != nil {
		f.err = err.Error()
		return nil
	}
	f.err = ""
	f.query = q
	f.setAt = time.Now()
	f.covered, f.fresh = 0, true
	return f.start(snap, 0, nil)
}

// Result takes a finished run: the matching records, and whether the table
// keeps its cursor (more records of the same query) or starts at the top
// (a new query). ok is false for a stale or failed run.
func (f *filter) Result(msg filterMsg) (idx []int32, keep, ok bool) {
	if msg.gen != f.gen {
		return nil, false, false // a newer query or run has started
	}
	f.running = false
	if msg.err != nil {
		return nil, false, false
	}
	keep = !f.fresh
	f.fresh = false
	f.covered, f.ordered = msg.covered, msg.ordered
	return msg.idx, keep, true
}

// start runs the current query over the records [from, snap.Len()), adding
// its matches to prev.
func (f *filter) start(snap *model.Snapshot, from int, prev []int32) tea.Cmd {
	f.Stop()
	if snap == nil {
		return nil
	}
	f.gen++
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.running = true
	gen, q, finder := f.gen, f.query, f.finder
	if q == nil {
		q = &model.Query{}
	}
	return func() tea.Msg {
		defer cancel()
		// The run before this one was cancelled above; Run waits for it
		// to see that (it looks every few thousand messages or records),
		// so only one run, and one result in the making, is ever held.
		idx, ordered, err := finder.Run(ctx, snap, q, from, prev)
		if err != nil {
			return filterMsg{gen: gen, err: err}
		}
		return filterMsg{gen: gen, idx: idx, covered: snap.Len(), ordered: ordered}
	}
}

// Prepare has the Finder learn what it needs of snap's messages before a
// query is typed, off the update loop; a query typed cancels it.
func (f *filter) Prepare(snap *model.Snapshot) tea.Cmd {
	if snap == nil || f.running {
		return nil
	}
	f.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	finder := f.finder
	return func() tea.Msg {
		defer cancel()
		_ = finder.Prepare(ctx, snap) // cancelled: the run that cancelled it does the rest
		return nil
	}
}

// More filters the records that arrived since the last run, unless a run is
// under way (its result will ask again).
func (f *filter) More(snap *model.Snapshot, idx []int32) tea.Cmd {
	if f.running || snap == nil || f.covered >= snap.Len() {
		return nil
	}
	if f.ordered {
		return f.start(snap, 0, nil)
	}
	// The run appends to idx's array past its length while the table reads
	// idx[:len]: disjoint. Only one run at a time appends (More waits for
	// the last; a new query starts from nil), so none writes over another.
	return f.start(snap, f.covered, idx)
}

// filterLine is what the line under the panes shows, as plain values: the
// input while a query is typed (with its parse error), else a passing
// message, the query in force, or examples of queries.
type filterLine struct {
	Editing   bool
	Input     string // the input as drawn
	Err       string
	Flash     string
	Text      string        // the query in force
	Keys      []key.Binding // the keys beside it
	Code, Ref string        // the examples: this log's largest error type, a ref prefix
}

func (l filterLine) render(w int, st *Styles) string {
	switch {
	case l.Editing && l.Err != "":
		return fit(l.Input, w-ansiWidth(l.Err)-3) + "  " + st.FilterErr.Render(l.Err)
	case l.Editing:
		return fit(l.Input, w)
	case l.Flash != "":
		return fit(" "+l.Flash, w)
	case l.Text != "":
		// The command line that opens this view again, for a ticket.
		again := st.Dim.Render("  --query " + ShellQuote(model.Printable(l.Text)))
		return fit(st.FilterPrompt.Render(" filter: ")+model.Printable(l.Text)+"  "+hints(l.Keys, st, true)+again, w)
	}
	return fit(st.Hint.Render(" / to filter: code:"+l.Code+"  type:error  ref:"+l.Ref+"  words…"), w)
}
