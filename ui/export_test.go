package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

func TestExportForm(t *testing.T) {
	st := newStyles(true)
	for _, c := range []struct {
		name  string
		setup func(f *exportForm)
	}{
		{"Refs", func(f *exportForm) {}},
		{"Input", func(f *exportForm) { f.format = 3; f.setName() }},
		{"Confirm", func(f *exportForm) { f.stage = exportConfirm }},
		{"Running", func(f *exportForm) {
			f.stage = exportRunning
			f.written = new(atomic.Int64)
			f.written.Store(120000)
		}},
	} {
		for _, w := range goldenWidths {
			t.Run(fmt.Sprintf("%s/Width%d", c.name, w), func(t *testing.T) {
				f := newExportForm()
				f.start("/var/tmp/incident/import.gz", `code:409 "already exists"`, 1234567, true)
				c.setup(&f)
				out := ansi.Strip(f.view(w, &st))
				checkBox(t, out, w, 1)
				golden.RequireEqual(t, out)
			})
		}
	}
}

func TestExportBase(t *testing.T) {
	for _, c := range []struct{ log, query, want string }{
		{"import.gz", "", "import-failed"},
		{"/tmp/x/import.json.gz", "code:409", "import-code-409"},
		{"resp.ndjson", `-type:success "Data is too short"`, "resp-type-success-data-is-too-short"},
		{"a\x1b]0;x\x07.log", strings.Repeat("ab ", 30), "a_]0;x_-" + strings.TrimSuffix(strings.Repeat("ab-", 13)+"a", "-")},
		// a log at a URL: the name is the path's last part, never the (masked) query string or fragment
		{"https://bucket.s3.amazonaws.com/logs/import.gz?AWSAccessKeyId=***&Expires=1700000000&Signature=***", "", "import-failed"},
		{"https://host/dir/import.gz?response-content-type=application/gzip&X-Amz-Signature=***", "code:409", "import-code-409"},
		{"http://user:***@127.0.0.1:8000/after.gz#Signature=***", "", "after-failed"},
	} {
		if got := exportBase(c.log, c.query); got != c.want {
			t.Errorf("exportBase(%q, %q) = %q, want %q", c.log, c.query, got, c.want)
		}
	}
	if got := ShellQuote(`code:400 title:"it's"`); got != `'code:400 title:"it'\''s"'` {
		t.Errorf("ShellQuote: %s", got)
	}
}

// runCmd runs cmd and the commands its messages bring, as the program
// would, leaving out timers.
func runCmd(a *App, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			runCmd(a, c)
		}
	case exportCheckMsg, exportMsg, markdownMsg, batchRecMsg:
		runCmd(a, a.update(msg))
		a.sync()
	}
}

func TestExportKeys(t *testing.T) {
	a := loaded(t, 160, 30, sample)
	dir := t.TempDir()
	var got []ExportRequest
	a.exportFn = func(ctx context.Context, req ExportRequest, progress func(int64)) (string, error) {
		got = append(got, req)
		progress(7)
		flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if req.Force {
			flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		f, err := os.OpenFile(req.Path, flag, 0o600)
		if err != nil {
			return "", err
		}
		defer f.Close()
		fmt.Fprintf(f, "%s\n", req.Query)
		return "wrote " + req.Path + ": 1,736 records", nil
	}
	keys(t, a, "/")
	typeText(t, a, "code:409")
	keys(t, a, "enter", "e")
	if !a.export.Open() || a.export.records != 1736 || a.export.name.Value() != "import-code-409.refs.txt" {
		t.Fatalf("form: open %v, %d records, name %q", a.export.Open(), a.export.records, a.export.name.Value())
	}
	if !strings.Contains(shown(a), "export 1,736 records") {
		t.Errorf("screen:\n%s", shown(a))
	}
	keys(t, a, "tab", "tab")
	if a.export.name.Value() != "import-code-409.csv" {
		t.Errorf("csv name %q", a.export.name.Value())
	}
	path := filepath.Join(dir, "x.csv")
	a.export.name.SetValue(path)
	runCmd(a, a.update(keyMsg("enter")))
	if len(got) != 1 || got[0] != (ExportRequest{Query: "code:409", Format: "csv", Path: path}) || a.export.Open() {
		t.Fatalf("requests %+v, form open %v", got, a.export.Open())
	}
	if !strings.Contains(shown(a), "wrote "+path+": 1,736 records") {
		t.Errorf("status lacks the path and count:\n%s", shown(a))
	}
	// Again: the file is there, so the form asks first; n keeps it.
	keys(t, a, "e", "tab", "tab")
	a.export.name.SetValue(path)
	runCmd(a, a.update(keyMsg("enter")))
	if a.export.stage != exportConfirm || !strings.Contains(shown(a), "exists: write over it?") {
		t.Fatalf("no question before overwriting:\n%s", shown(a))
	}
	keys(t, a, "n")
	if a.export.stage != exportEditing || len(got) != 1 {
		t.Errorf("n: stage %v, %d requests", a.export.stage, len(got))
	}
	runCmd(a, a.update(keyMsg("enter")))
	runCmd(a, a.update(keyMsg("y")))
	if len(got) != 2 || !got[1].Force {
		t.Errorf("y did not write over: %+v", got)
	}
	keys(t, a, "e", "esc")
	if a.export.Open() || len(got) != 2 {
		t.Error("esc did not cancel")
	}
}

// batchFor writes a batch file holding every record of the sample log, the
// first sent with mode create and a long value.
func batchFor(t *testing.T, a *App) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < a.snap.Len(); i++ {
		r := a.snap.Row(i)
		mode, ext := "upsert", `{"name":"ext","key":"default","points":12,"dob":"x","nickname":17}`
		switch r.Code {
		case "409":
			mode = "create"
		case "402": // the mode the message names
			mode = r.Msg[strings.IndexByte(r.Msg, '\'')+1 : strings.LastIndexByte(r.Msg, '\'')]
		}
		if i == 2 {
			ext = `{"name":"ext","visits":[` + strings.Repeat(`{"store":"Dublin \u001b[2J"},`, 30) + `{}]}`
		}
		fmt.Fprintf(&b, `{"ref":%q,"schema":"guest","mode":%q,"value":{"email":"g%d@example.com","extensions":[%s]}}`+"\n", r.Ref, mode, i, ext)
	}
	path := filepath.Join(t.TempDir(), "batch.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDetailWithBatchRecord(t *testing.T) {
	a := loaded(t, 100, 70, sample)
	bpath := batchFor(t, a)
	x, err := source.IndexBatch(context.Background(), bpath)
	if err != nil {
		t.Fatal(err)
	}
	a.batch = x
	keys(t, a, "/")
	typeText(t, a, "code:409")
	keys(t, a, "enter")
	runCmd(a, a.update(keyMsg("enter")))
	out := shown(a)
	for _, want := range []string{"Uploaded record", "mode       create", `"email": "g2@example.com"`, `"Dublin \u001b[2J"`, "more lines (line 3 of the batch file)",
		`sent with mode "create"`, "re-send it with mode"} {
		if !strings.Contains(out, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	// The temporary folder's name varies in length, and with it the padding
	// after it: the golden has the name as DIR and no trailing blanks.
	lines := strings.Split(strings.ReplaceAll(out, filepath.Dir(bpath), "DIR"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	golden.RequireEqual(t, strings.Join(lines, "\n"))
	// A validation error: the attribute's value from the record.
	keys(t, a, "esc", "/")
	typeText(t, a, " ") // clear by retyping
	a.filter.input.SetValue("")
	typeText(t, a, "code:400 undefined")
	keys(t, a, "enter")
	runCmd(a, a.update(keyMsg("enter")))
	msg := a.snap.Row(a.detail.Record()).Msg
	attr := msg[strings.IndexByte(msg, '\'')+1 : strings.LastIndexByte(msg, '\'')]
	want := fmt.Sprintf("In the record: %q is", attr)
	if attr != "dob" && attr != "nickname" {
		want = fmt.Sprintf("The record's value has no attribute %q", attr)
	}
	if out := shown(a); !strings.Contains(out, want) {
		t.Errorf("detail of %q lacks %q:\n%s", msg, want, out)
	}
}

func TestMarkdownCopy(t *testing.T) {
	a := loaded(t, 160, 30, sample)
	var asked []string
	a.markdown = func(snap *model.Snapshot, idx []int32, query string) string {
		asked = append(asked, fmt.Sprintf("%s:%d", query, len(idx)))
		return strings.Repeat("x", 10+maxClipboard*len(asked[1:]))
	}
	keys(t, a, "/")
	typeText(t, a, "code:404")
	keys(t, a, "enter")
	runCmd(a, a.update(keyMsg("M")))
	if len(asked) != 1 || asked[0] != "code:404:618" || !strings.Contains(a.flash, "copied the summary of 618 records as Markdown") {
		t.Fatalf("asked %v, flash %q", asked, a.flash)
	}
	runCmd(a, a.update(keyMsg("M")))
	if !strings.Contains(a.flash, "too long for the clipboard: errscope summary --format markdown --query code:404 ../testdata/import.gz") {
		t.Errorf("flash %q", a.flash)
	}
}

// TestProgramExportAndBatch runs the whole program with a batch file: the
// export form over a filter, and a record's detail with its uploaded line,
// kept as golden screens.
func TestProgramExportAndBatch(t *testing.T) {
	bpath := batchFor(t, loaded(t, 100, 40, sample))
	x, err := source.OpenBatch(bpath)
	if err != nil {
		t.Fatal(err)
	}
	cat := model.DefaultCatalog()
	stream := source.NewStream(source.StreamOptions{Catalog: cat, Logs: []string{sample}})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go x.Build(ctx)
	go stream.Run(ctx)
	app := New(Options{Catalog: cat, Sources: stream.Sources(), Updates: stream.Updates(), Batch: x, Query: "code:402",
		Export: func(context.Context, ExportRequest, func(int64)) (string, error) { return "", nil }})
	p := &program{}
	p.screen.Store("")
	look := func(m tea.Model, msg tea.Msg) tea.Msg {
		p.screen.Store(ansi.Strip(m.(*App).render()))
		return msg
	}
	p.TestModel = teatest.NewTestModel(t, app, teatest.WithInitialTermSize(110, 50),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithFilter(look)))
	waitFor(t, p, "242 of 5,000 records") // opened with --query code:402
	waitFor(t, p, "--query code:402")
	p.Type("e")
	waitFor(t, p, "export 242 records")
	p.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	waitFor(t, p, "import-code-402.ndjson")
	// The form and its keys: the screen's last two lines.
	lines := strings.Split(p.screen.Load().(string), "\n")
	form := strings.Join(lines[len(lines)-2:], "\n")
	t.Run("Form", func(t *testing.T) { golden.RequireEqual(t, []byte(form)) })
	p.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	p.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, p, "Uploaded record")
	waitFor(t, p, `sent with mode "`)
	p.Type("q")
	p.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := p.FinalModel(t).(*App)
	out := stable(ansi.Strip(final.View().Content), bpath)
	for _, want := range []string{"mode       merg", `It was sent with mode "merg", which the Batch API does not take`} {
		if !strings.Contains(out, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	t.Run("Detail", func(t *testing.T) { golden.RequireEqual(t, []byte(out)) })
}

// stable writes the batch file's temporary folder as DIR and drops the
// padding after each line, which its length changes.
func stable(screen, bpath string) string {
	lines := strings.Split(strings.ReplaceAll(screen, filepath.Dir(bpath), "DIR"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func TestMarkdownCopyOneRecord(t *testing.T) {
	a := loaded(t, 160, 30, sample)
	a.markdownDone(markdownMsg{text: "x", query: "ref:abc", records: 1})
	if !strings.Contains(a.flash, "copied the summary of 1 record as Markdown") {
		t.Errorf("flash %q", a.flash)
	}
}
