package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

var sample = filepath.Join("..", "testdata", "import.gz")

// loaded makes an App on the logs, reads them to the end on the test's
// goroutine, and hands it the final snapshot and the window size.
func loaded(t testing.TB, w, h int, logs ...string) *App {
	t.Helper()
	stream := source.NewStream(source.StreamOptions{Catalog: model.DefaultCatalog(), Logs: logs})
	a := New(Options{Catalog: model.DefaultCatalog(), Sources: stream.Sources()})
	final := stream.Run(context.Background())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	send(t, a, final)
	return a
}

// send updates the App with msg and runs the commands that follow, as the
// program would; it waits for the filter runs, and drops what the others
// send (cursor blinks, timers).
func send(t testing.TB, a *App, msg tea.Msg) {
	t.Helper()
	msgs := make(chan tea.Msg, 64)
	dispatch(a, msg, msgs)
	for a.filter.Running() {
		select {
		case m := <-msgs:
			if _, ok := m.(filterMsg); ok {
				dispatch(a, m, msgs)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a filter run did not finish")
		}
	}
}

func dispatch(a *App, msg tea.Msg, msgs chan tea.Msg) {
	_, cmd := a.Update(msg)
	start(cmd, msgs)
}

func start(cmd tea.Cmd, msgs chan tea.Msg) {
	if cmd == nil {
		return
	}
	go func() {
		m := cmd()
		if b, ok := m.(tea.BatchMsg); ok {
			for _, c := range b {
				start(c, msgs)
			}
			return
		}
		select {
		case msgs <- m:
		default:
		}
	}()
}

func keys(t testing.TB, a *App, ks ...string) {
	t.Helper()
	for _, k := range ks {
		send(t, a, keyMsg(k))
	}
}

func typeText(t testing.TB, a *App, s string) {
	t.Helper()
	for _, r := range s {
		send(t, a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func shown(a *App) string { return ansi.Strip(a.View().Content) }

func TestFirstScreen(t *testing.T) {
	a := loaded(t, 120, 30, sample)
	out := shown(a)
	for _, want := range []string{"Sitecore CDP error log", "5,000 records", "409  Resource conflict", "1,736", "34.7%"} {
		if !strings.Contains(out, want) {
			t.Errorf("first screen lacks %q", want)
		}
	}
	if strings.Contains(out, "reading") {
		t.Error("still says reading when loaded")
	}
	golden.RequireEqual(t, out)
}

func TestFilterCode(t *testing.T) {
	a := loaded(t, 120, 30, sample)
	keys(t, a, "/")
	typeText(t, a, "code:409")
	keys(t, a, "enter")
	out := shown(a)
	if !strings.Contains(out, "1,736 of 5,000 records") {
		t.Errorf("status bar lacks the filtered count:\n%s", out)
	}
	for _, i := range a.table.idx {
		if a.snap.Row(int(i)).Code != "409" {
			t.Fatalf("record %d is not a 409", i)
		}
	}
	golden.RequireEqual(t, out)
	// enter after enter opens the first record.
	keys(t, a, "enter")
	if a.screen != screenDetail || a.detail.rec != int(a.table.idx[0]) {
		t.Fatalf("second enter did not open the first row")
	}
}

func TestGroupEnterFilters(t *testing.T) {
	a := loaded(t, 120, 30, sample)
	keys(t, a, "tab", "h", "j", "enter") // close the largest's patterns; the second group: 400 Validation error
	if a.filter.Text() != `code:400 title:"validation error"` {
		t.Fatalf("filter = %q", a.filter.Text())
	}
	if !strings.Contains(shown(a), "1,234 of 5,000 records") {
		t.Errorf("want 1,234 validation errors:\n%s", shown(a))
	}
}

func TestDetailView(t *testing.T) {
	a := loaded(t, 100, 40, sample)
	keys(t, a, "/")
	typeText(t, a, "code:409")
	keys(t, a, "enter", "enter")
	out := shown(a)
	for _, want := range []string{"409  Resource conflict", "What to do", "upsert", "import.gz, line", `"code": "409"`} {
		if !strings.Contains(out, want) {
			t.Errorf("detail lacks %q:\n%s", want, out)
		}
	}
	golden.RequireEqual(t, out)
	keys(t, a, "esc")
	if a.screen != screenMain {
		t.Error("esc did not go back")
	}
}

func TestFilterErrorShown(t *testing.T) {
	a := loaded(t, 120, 30, sample)
	keys(t, a, "/")
	typeText(t, a, "code:409")
	before := len(a.table.idx)
	typeText(t, a, ",")
	out := shown(a)
	if !strings.Contains(out, `an empty value`) {
		t.Errorf("parse error not shown:\n%s", out)
	}
	if len(a.table.idx) != before || before == 0 {
		t.Errorf("a bad query changed the table: %d rows, was %d", len(a.table.idx), before)
	}
	keys(t, a, "esc")
	if a.filter.Text() != "" || len(a.table.idx) != 5000 {
		t.Errorf("esc did not clear the filter: %q, %d rows", a.filter.Text(), len(a.table.idx))
	}
}

func TestHostileLogText(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "evil\x1b[31m.ndjson")
	lines := `{"ref": "r-\u001b]0;pwned\u0007", "code": "409", "message": "clear\u001b[2J and \u001b]52;c;ZXZpbA==\u0007 copy"}` + "\n" +
		"\x1b[2Jnot json at all\n"
	if err := os.WriteFile(log, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	a := loaded(t, 120, 30, log)
	keys(t, a, "enter")
	raw := a.View().Content
	for _, evil := range []string{"\x1b[2J", "\x1b]52", "\x1b]0;", "\x07", "\x1b[31m."} {
		if strings.Contains(raw, evil) {
			t.Errorf("screen holds the raw sequence %q", evil)
		}
	}
	out := ansi.Strip(raw)
	for _, shown := range []string{`clear\x1b[2J`, `\x1b]52;c;ZXZpbA==\x07`, `r-\x1b]0;pwned\x07`} {
		if !strings.Contains(out, shown) {
			t.Errorf("screen does not show %q visibly:\n%s", shown, out)
		}
	}
	// The bad line is counted, and shown on asking.
	if !strings.Contains(out, "1 unreadable line ") {
		t.Errorf("bad line not counted:\n%s", out)
	}
	keys(t, a, "esc", "/")
	typeText(t, a, "type:bad")
	keys(t, a, "enter", "enter")
	out = ansi.Strip(a.View().Content)
	if strings.Contains(a.View().Content, "\x1b[2Jnot") || !strings.Contains(out, `\x1b[2Jnot json at all`) || !strings.Contains(out, "line 2") {
		t.Errorf("bad line detail:\n%s", out)
	}
}

func TestWindowSizes(t *testing.T) {
	a := loaded(t, 120, 30, sample)
	for _, sz := range [][2]int{{1, 1}, {10, 3}, {39, 7}, {40, 8}, {60, 12}, {80, 24}, {250, 70}} {
		send(t, a, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		for _, s := range []screen{screenMain, screenDetail, screenHelp} {
			a.screen = s
			if s == screenDetail {
				a.openDetail()
			}
			out := shown(a)
			lines := strings.Split(out, "\n")
			if sz[0] >= minWidth && sz[1] >= minHeight {
				if len(lines) > sz[1] {
					t.Errorf("%dx%d screen %d: %d lines", sz[0], sz[1], s, len(lines))
				}
				for _, l := range lines {
					if w := ansi.StringWidth(l); w > sz[0] {
						t.Errorf("%dx%d screen %d: a line of %d cells: %q", sz[0], sz[1], s, w, l)
						break
					}
				}
			} else if !strings.Contains(out, "too small") {
				t.Errorf("%dx%d: %q", sz[0], sz[1], out)
			}
		}
		a.screen = screenMain
	}
}

func TestCopyRef(t *testing.T) {
	a := loaded(t, 120, 30, sample)
	_, cmd := a.Update(keyMsg("y"))
	ref := a.snap.Row(a.table.Current()).Ref
	if cmd == nil || !strings.Contains(shown(a), "copied ref "+ref) {
		t.Fatalf("y on the table: %q", a.flash)
	}
	keys(t, a, "j", "enter", "y")
	ref = a.snap.Row(a.table.Current()).Ref
	if !strings.Contains(shown(a), "copied ref "+ref) {
		t.Errorf("y in the detail view is not confirmed there:\n%s", shown(a))
	}
}

// TestCursorStaysWhileLoading: records arriving for the same filter leave
// the cursor where the user put it; a new query starts at the top.
func TestCursorStaysWhileLoading(t *testing.T) {
	cat := model.DefaultCatalog()
	a := New(Options{Catalog: cat, Sources: []model.SourceState{{Name: "import.gz"}}})
	st := model.NewStore(cat)
	src := st.AddSource("import.gz")
	add := func(n int) {
		for range n {
			i := st.Len()
			msg := []byte("Resource conflict")
			if i%2 == 1 {
				msg = []byte("Validation error: undefined attribute 'tier'")
			}
			st.Add(&model.Rec{Source: src, Line: i + 1, Format: "sitecore", Ref: fmt.Appendf(nil, "ref-%d", i), Code: []byte("409"), Msg: msg, Raw: []byte("{}")})
		}
		send(t, a, model.Progress{Snap: st.Snapshot(), Sources: a.sources})
	}
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 30})
	add(1000)
	for _, query := range []string{"", "undefined"} {
		if query != "" {
			keys(t, a, "/")
			typeText(t, a, query)
			keys(t, a, "enter")
		}
		keys(t, a, "j", "j", "j")
		cur := a.table.Current()
		add(1000)
		if a.table.cursor != 3 || a.table.Current() != cur {
			t.Errorf("query %q: cursor %d on record %d after more records, want 3 on %d", query, a.table.cursor, a.table.Current(), cur)
		}
	}
	if len(a.table.idx) != 1500 {
		t.Errorf("%d rows match undefined, want 1500 of 3000", len(a.table.idx))
	}
	keys(t, a, "/")
	typeText(t, a, "x")
	if a.table.cursor != 0 {
		t.Errorf("a new query left the cursor at %d", a.table.cursor)
	}
}

func TestMouseWheel(t *testing.T) {
	a := loaded(t, 120, 30, sample)
	send(t, a, tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 100, Y: 10})
	send(t, a, tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 100, Y: 10})
	if a.table.offset != 6 || a.table.cursor != 6 {
		t.Errorf("wheel over the table: offset %d cursor %d, want 6 6", a.table.offset, a.table.cursor)
	}
	send(t, a, tea.MouseWheelMsg{Button: tea.MouseWheelUp, X: 100, Y: 10})
	if a.table.offset != 3 {
		t.Errorf("wheel up: offset %d, want 3", a.table.offset)
	}
	send(t, a, tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 2, Y: 5})
	if a.groups.cursor != 3 {
		t.Errorf("wheel over the groups: cursor %d, want 3", a.groups.cursor)
	}
}

// TestLongMessage: of a message of megabytes the table draws only what
// fits, and the detail view shows its start and says how long it is.
func TestLongMessage(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "long.ndjson")
	msg := strings.Repeat("x\x1b", 1<<20)
	line := fmt.Sprintf(`{"ref": "r1", "code": "500", "message": "%s"}`, strings.ReplaceAll(msg, "\x1b", `\u001b`))
	if err := os.WriteFile(log, []byte(line+"\n"+line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := loaded(t, 120, 30, log)
	out := shown(a)
	if !strings.Contains(out, `x\x1bx\x1b`) || len(out) > 20000 {
		t.Errorf("table with a 2 MiB message: %d bytes drawn", len(out))
	}
	keys(t, a, "enter")
	out = ansi.Strip(strings.Join(a.detail.lines, "\n"))
	if !strings.Contains(out, "2,097,152 bytes in all") || !strings.Contains(out, "more bytes)") || len(a.detail.lines) > 400 {
		t.Errorf("detail of a long message:\n%s", out)
	}
}

// TestEnterOnBadQuery keeps the input open: the line never shows a query
// that is not the one in force.
func TestEnterOnBadQuery(t *testing.T) {
	a := loaded(t, 120, 30, sample)
	keys(t, a, "/")
	typeText(t, a, "conflict code:")
	keys(t, a, "enter")
	if !a.filter.Active() || !strings.Contains(shown(a), "needs a value") {
		t.Errorf("enter on a query that does not parse closed the input:\n%s", shown(a))
	}
}

func TestStatusCountsBadLines(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "mixed.ndjson")
	if err := os.WriteFile(log, []byte(`{"ref": "a", "code": "409", "message": "Resource conflict"}`+"\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := loaded(t, 200, 30, log)
	keys(t, a, "/")
	typeText(t, a, "type:all")
	if out := shown(a); !strings.Contains(out, "2 of 2 records and unreadable lines") {
		t.Errorf("status:\n%s", out)
	}
}

func TestHelpScrollStops(t *testing.T) {
	a := loaded(t, 120, 20, sample)
	keys(t, a, "?")
	_ = a.View()
	for range 100 {
		keys(t, a, "j")
	}
	if a.help.offset != a.help.maxOffset() || a.help.offset == 0 || !strings.Contains(shown(a), "clear the filter") {
		t.Errorf("help offset %d of %d:\n%s", a.help.offset, a.help.maxOffset(), shown(a))
	}
}

// TestTableGivesMessageRoom: the message keeps up to 60 cells before the
// ref is cut, the file column counted in.
func TestTableGivesMessageRoom(t *testing.T) {
	msg := strings.Repeat("m", 59) + "!"
	ref := "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f"
	rows := []tableRow{{Ref: ref, Code: "409", Msg: msg, File: "a.gz", Type: model.TypeError, Line: 1}}
	for _, tt := range []struct {
		w        int
		showFile bool
	}{{102, false}, {101, false}, {110, true}, {121, true}, {140, true}} {
		v := tableView{Rows: rows, Focused: true, ShowFile: tt.showFile}
		out := ansi.Strip(v.render(tt.w, 3, &Styles{}))
		if !strings.Contains(out, msg) {
			t.Errorf("width %d (file column %v): the message is cut:\n%s", tt.w, tt.showFile, out)
		}
		for _, l := range strings.Split(out, "\n") {
			if ansi.StringWidth(l) > tt.w {
				t.Errorf("width %d: a line of %d cells", tt.w, ansi.StringWidth(l))
			}
		}
	}
}

// TestUnknownCodeGroupSaysWhat: a code the catalog does not know is labelled
// with its first message, not a bare "Unknown code".
func TestUnknownCodeGroupSaysWhat(t *testing.T) {
	log := filepath.Join(t.TempDir(), "other.ndjson")
	if err := os.WriteFile(log, []byte(`{"id":"a1","error":{"code":"E42","message":"quota exceeded"}}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := loaded(t, 220, 20, log)
	if out := shown(a); !strings.Contains(out, "E42  quota exceeded") || !strings.Contains(out, "JSON lines, guessed ref=id code=error.code") {
		t.Errorf("groups pane:\n%s", out)
	}
}

// TestGroupsOfSeveralFormats: each format's error types stand under its
// name; the cursor skips the names; enter filters to the format's code.
func TestGroupsOfSeveralFormats(t *testing.T) {
	a := loaded(t, 160, 40, sample, filepath.Join("..", "testdata", "protegrity", "response.ndjson"))
	out := shown(a)
	for _, want := range []string{"Sitecore CDP error log", "Protegrity AP REST v1 bulk response", "Resource conflict", "Data too short"} {
		if !strings.Contains(out, want) {
			t.Errorf("groups pane lacks %q:\n%s", want, out)
		}
	}
	if !a.groups.rows[0].header || a.groups.cursor != 1 {
		t.Fatalf("first row %+v, cursor %d: want a header and the cursor below it", a.groups.rows[0], a.groups.cursor)
	}
	keys(t, a, "tab")
	for range len(a.groups.rows) * 2 {
		keys(t, a, "j")
		if a.groups.rows[a.groups.cursor].header {
			t.Fatalf("the cursor rests on the header %q", a.groups.rows[a.groups.cursor].label)
		}
	}
	keys(t, a, "g")
	if a.groups.cursor != 1 {
		t.Errorf("g: cursor %d, want 1 (below the first header)", a.groups.cursor)
	}
	keys(t, a, "enter")
	if a.filter.Text() != "code:409 format:sitecore" || !strings.Contains(shown(a), "1,736 of") {
		t.Errorf("enter: filter %q\n%s", a.filter.Text(), shown(a))
	}
}
