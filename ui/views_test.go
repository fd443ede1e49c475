package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/errscope/errscope/model"
)

// Each pane is drawn from plain values at the widths a terminal has, and
// kept as a golden file without styles (go test ./ui -update rewrites
// them). Every line must fit its width, and the pane fill its height.

var goldenWidths = []int{40, 80, 120, 200}

// checkBox fails when out is not h lines of at most w cells.
func checkBox(t *testing.T, out string, w, h int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if sw := ansi.StringWidth(l); sw > w {
			t.Errorf("line %d is %d cells wide, want at most %d: %q", i, sw, w, l)
		}
	}
}

func TestStatusBar(t *testing.T) {
	st := newStyles(true)
	cases := []struct {
		name string
		bar  statusBar
	}{
		{"Reading", statusBar{
			Name: "import.gz", Formats: "Sitecore CDP error log", Records: 1234567, BadLines: 3,
			Counted: true, Shown: 1234567, Default: true,
			Reading: true, Read: 38 << 20, Size: 100 << 20, Filtering: true,
		}},
		{"Filtered", statusBar{
			Name: "/var/tmp/incident-4711/downloads/response.ndjson", Formats: "Protegrity AP REST v1 bulk response",
			Records: 400, Counted: true, Shown: 57, Hidden: 212,
		}},
		{"BadLinesShown", statusBar{
			Name: "mixed.ndjson", Formats: "JSON lines, guessed ref=id code=error.code", Records: 1, BadLines: 1,
			Counted: true, Shown: 2, ShowsBad: true,
		}},
		{"SeveralLogs", statusBar{
			Name: "3 logs", Formats: "Sitecore CDP error log + Protegrity AP REST v1 bulk response",
			Records: 5400, BadLines: 12, Counted: true, Shown: 5000, Default: true, Hidden: 400,
			Reading: true, Read: 1 << 30, Problems: []string{"cut.gz: cut short", "other.gz: read error"},
		}},
		{"NoRecordsYet", statusBar{Name: "-", Reading: true}},
	}
	for _, c := range cases {
		for _, w := range goldenWidths {
			t.Run(fmt.Sprintf("%s/Width%d", c.name, w), func(t *testing.T) {
				out := ansi.Strip(c.bar.render(w, &st))
				checkBox(t, out, w, 1)
				golden.RequireEqual(t, out)
			})
		}
	}
}

// TestStatusBarCountsFirst: however narrow, the counts stay; the long hint,
// the format, the folder and the name go first, in that order.
func TestStatusBarCountsFirst(t *testing.T) {
	st := newStyles(true)
	bar := statusBar{Name: "/tmp/logs/import.gz", Formats: "Sitecore CDP error log", Records: 5000, Counted: true, Shown: 1736, Hidden: 20}
	// Each part, and the part that must stand wherever it does.
	order := [][2]string{
		{"type:all shows them", "Sitecore CDP error log"},
		{"Sitecore CDP error log", "/tmp/logs/"},
		{"/tmp/logs/", "import.gz"},
		{"import.gz", "20 successes hidden"},
		{"20 successes hidden", "1,736 of 5,000 records"},
	}
	seen := map[string]bool{}
	for w := 30; w <= 140; w++ {
		out := ansi.Strip(bar.render(w, &st))
		if !strings.Contains(out, "1,736 of 5,000 records") {
			t.Errorf("width %d lost the counts: %q", w, out)
		}
		for _, o := range order {
			if strings.Contains(out, o[0]) {
				seen[o[0]] = true
				if !strings.Contains(out, o[1]) {
					t.Errorf("width %d shows %q but not %q: %q", w, o[0], o[1], out)
				}
			}
		}
	}
	for _, o := range order {
		if !seen[o[0]] {
			t.Errorf("%q is never shown", o[0])
		}
	}
}

func TestGroupsPane(t *testing.T) {
	st := newStyles(true)
	one := []groupRow{
		{label: "Resource conflict", code: "409", count: 1736, typ: model.TypeError},
		{label: "Validation error", code: "400", count: 1234, typ: model.TypeError},
		{label: "Not Enough Identifying Info", code: "400", count: 601, typ: model.TypeError},
		{label: "Guest not found", code: "404", count: 512, typ: model.TypeError},
		{label: "Unsupported mode", code: "402", count: 242, typ: model.TypeError},
		{label: "Action not allowed", code: "403", count: 230, typ: model.TypeError},
		{label: "Server error", code: "500", count: 45, typ: model.TypeError},
		{label: "quota exceeded for tenant \x1b[31macme\x1b[0m", code: "E42-LONGCODE", count: 9, typ: model.TypeError},
		{label: "Succeeded", code: "ok", count: 400, typ: model.TypeSuccess},
		{label: "Unreadable lines", code: "!", count: 3, typ: model.TypeBad},
	}
	several := []groupRow{
		{label: "Sitecore CDP error log", header: true},
		{label: "Resource conflict", code: "409", count: 1736, typ: model.TypeError},
		{label: "Guest not found", code: "404", count: 512, typ: model.TypeError},
		{label: "Protegrity AP REST v1 bulk response", header: true},
		{label: "Data too short", code: "22", count: 120, typ: model.TypeError},
		{label: "No return code", code: "warning", count: 14, typ: model.TypeWarning},
		{label: "Succeeded", code: "ok", count: 266, typ: model.TypeSuccess},
	}
	cases := []struct {
		name string
		v    groupsView
		h    int
	}{
		{"Tall", groupsView{Rows: one, Total: 5409, Cursor: 1, Focused: true}, 14},
		{"Short", groupsView{Rows: one, Total: 5409, Cursor: 7, Offset: 4}, 5},
		{"SeveralFormats", groupsView{Rows: several, Total: 2634, Cursor: 4, Focused: true}, 9},
	}
	for _, c := range cases {
		for _, w := range goldenWidths {
			t.Run(fmt.Sprintf("%s/Width%d", c.name, w), func(t *testing.T) {
				raw := c.v.render(w, c.h, &st)
				if strings.Contains(raw, "\x1b[31macme") {
					t.Error("log text reached the screen unprintable")
				}
				out := ansi.Strip(raw)
				checkBox(t, out, w, c.h)
				golden.RequireEqual(t, out)
			})
		}
	}
}

func TestTablePane(t *testing.T) {
	st := newStyles(true)
	rows := []tableRow{
		{Ref: "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", Code: "409", Msg: "Resource conflict", File: "a.gz", Type: model.TypeError, Line: 1},
		{Ref: "9e37a1b0-0c4d-4e2f-8a6b-1c2d3e4f5a6b", Code: "400", Msg: "Validation error: incorrect data type for extension field 'points', expected integer but was string", File: "a.gz", Type: model.TypeError, Line: 2},
		{Ref: "doc1:7/3", Code: "warning", Msg: "", File: "response.ndjson", Type: model.TypeWarning, Line: 3},
		{Ref: "", Code: "", Msg: "invalid character 'x' looking for beginning of value", File: "a.gz", Type: model.TypeBad, Line: 1234567},
		{Ref: "r-\x1b]0;pwned\x07", Code: "500", Msg: "clear\x1b[2J and copy", File: "evil\x1b[31m.ndjson", Type: model.TypeError, Line: 5},
		{Ref: "doc1:7/4", Code: "8", Msg: "Unprotect OK", File: "response.ndjson", Type: model.TypeSuccess, Line: 6},
	}
	cases := []struct {
		name string
		v    tableView
		h    int
	}{
		{"Tall", tableView{Rows: rows, Cursor: 1, Focused: true}, 10},
		{"Short", tableView{Rows: rows[:2], Cursor: 0}, 3},
		{"Files", tableView{Rows: rows, Cursor: 4, Focused: true, ShowFile: true}, 8},
		{"Empty", tableView{Empty: "no record matches the filter (esc clears it)"}, 4},
	}
	for _, c := range cases {
		for _, w := range goldenWidths {
			t.Run(fmt.Sprintf("%s/Width%d", c.name, w), func(t *testing.T) {
				raw := c.v.render(w, c.h, &st)
				for _, evil := range []string{"\x1b[2J", "\x1b]0;", "\x07", "\x1b[31m."} {
					if strings.Contains(raw, evil) {
						t.Errorf("the table holds the raw sequence %q", evil)
					}
				}
				out := ansi.Strip(raw)
				checkBox(t, out, w, c.h)
				golden.RequireEqual(t, out)
			})
		}
	}
}

func TestDetailPane(t *testing.T) {
	st := newStyles(true)
	conflict := &model.Entry{
		Meaning: "The record tried to create an identity that already exists in CDP.",
		Causes: []string{
			"mode insert or create used for a guest who is already present",
			"Batch re-uploaded after a partly successful earlier run",
		},
		Remedy: "Re-send the failing records with mode upsert (or merge) so the existing guest is updated instead of created.",
	}
	raw := `{"ref": "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", "code": "409", "message": "Resource conflict"}`
	cases := []struct {
		name string
		info detailInfo
		h    int
	}{
		{"Sitecore", detailInfo{
			Code: "409", Title: "Resource conflict", Type: model.TypeError,
			Fields: []detailField{{"ref", "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", true}, {"code", "409", false}, {"message", "Resource conflict", true}},
			File:   "testdata/import.gz", Line: 42, Format: "sitecore", FormatName: "Sitecore CDP error log",
			Entry: conflict, Raw: []byte(raw), Size: len(raw),
		}, 30},
		{"SitecoreShort", detailInfo{
			Code: "409", Title: "Resource conflict", Type: model.TypeError,
			Fields: []detailField{{"ref", "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", true}, {"code", "409", false}, {"message", "Resource conflict", true}},
			File:   "testdata/import.gz", Line: 42, Format: "sitecore", FormatName: "Sitecore CDP error log",
			Entry: conflict, Raw: []byte(raw), Size: len(raw),
		}, 8},
		{"BadLine", detailInfo{
			Type: model.TypeBad, Title: "Unreadable line",
			Fields: []detailField{{"problem", "invalid character 'n' looking for beginning of value", true}},
			File:   "mixed.ndjson", Line: 2, Format: "sitecore", FormatName: "Sitecore CDP error log",
			Raw: []byte("\x1b[2Jnot json at all"), Size: 19,
		}, 20},
		{"NotInCatalog", detailInfo{
			Code: "E42", Title: "Unknown code", Type: model.TypeError,
			Fields: []detailField{{"ref", "a1", true}, {"code", "E42", false}, {"message", "quota exceeded", true}},
			File:   "other.ndjson", Line: 1, Format: "jsonl", FormatName: "JSON lines",
			Raw: []byte(`{"id":"a1","error":{"code":"E42","message":"quota exceeded"}}`), Size: 61,
		}, 20},
	}
	for _, c := range cases {
		for _, w := range goldenWidths {
			t.Run(fmt.Sprintf("%s/Width%d", c.name, w), func(t *testing.T) {
				out := window(c.info.lines(w, &st), 0, w, c.h)
				if strings.Contains(out, "\x1b[2Jnot") {
					t.Error("raw bytes reached the screen unprintable")
				}
				out = ansi.Strip(out)
				checkBox(t, out, w, c.h)
				golden.RequireEqual(t, out)
			})
		}
	}
}

func TestHelpPane(t *testing.T) {
	st := newStyles(true)
	k := DefaultKeyMap()
	content := helpView{Keys: k.FullHelp(), Query: model.QueryLanguage(), Filter: k.FilterHelp().FullHelp()[0]}
	for _, c := range []struct {
		name   string
		h      int
		scroll int
	}{{"Tall", 40, 0}, {"Short", 10, 0}, {"ShortScrolled", 10, 1000}} {
		for _, w := range goldenWidths {
			t.Run(fmt.Sprintf("%s/Width%d", c.name, w), func(t *testing.T) {
				h := newHelpPane(&st, content)
				h.SetSize(w, c.h)
				h.Scroll(c.scroll)
				out := ansi.Strip(h.View())
				checkBox(t, out, w, c.h)
				if c.scroll > 0 && !strings.Contains(out, "clear the filter") {
					t.Error("scrolled to the end, the last line is not on screen")
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

func TestFilterLine(t *testing.T) {
	st := newStyles(true)
	keys := DefaultKeyMap().FilterSetHelp().ShortHelp()
	for _, c := range []struct {
		name string
		line filterLine
	}{
		{"Examples", filterLine{Code: "409", Ref: "2e0f"}},
		{"InForce", filterLine{Text: `code:400 title:"validation error"`, Keys: keys}},
		{"Typing", filterLine{Editing: true, Input: "/ code:409"}},
		{"ParseError", filterLine{Editing: true, Input: "/ code:409,", Err: "code:409,: an empty value"}},
		{"Flash", filterLine{Text: "code:409", Flash: "copied 1,736 refs"}},
	} {
		for _, w := range goldenWidths {
			t.Run(fmt.Sprintf("%s/Width%d", c.name, w), func(t *testing.T) {
				out := ansi.Strip(c.line.render(w, &st))
				checkBox(t, out, w, 1)
				golden.RequireEqual(t, out)
			})
		}
	}
}

// TestStatusBarOne: one of a thing is said in the singular.
func TestStatusBarOne(t *testing.T) {
	st := newStyles(true)
	for _, c := range []struct {
		bar  statusBar
		want []string
	}{
		{statusBar{Name: "a.json", Records: 1, Counted: true, Shown: 1, Default: true}, []string{"1 record "}},
		{statusBar{Name: "a.json", Records: 20, BadLines: 1, Counted: true, Shown: 7, Hidden: 1}, []string{"7 of 20 records", "1 success hidden", "1 unreadable line "}},
		{statusBar{Name: "a.json", Records: 1, Counted: true, Shown: 0}, []string{"0 of 1 record "}},
	} {
		out := ansi.Strip(c.bar.render(120, &st)) + " "
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q does not say %q", out, w)
			}
		}
	}
}

// TestDetailEntryOnlyOwner: a team's entry that says only who owns the
// error type and where its runbook is shows no empty headings.
func TestDetailEntryOnlyOwner(t *testing.T) {
	st := newStyles(true)
	info := detailInfo{
		Code: "409", Title: "Resource conflict", Type: model.TypeError,
		Fields: []detailField{{"ref", "r-1", true}, {"code", "409", false}},
		File:   "import.gz", Line: 1, Format: "sitecore", FormatName: "Sitecore CDP error log",
		Entry: &model.Entry{Owner: "Identity team", Runbook: "https://wiki.example.com/409"},
		Raw:   []byte(`{}`), Size: 2,
	}
	out := ansi.Strip(strings.Join(info.lines(80, &st), "\n"))
	for _, h := range []string{"What it means", "Usual causes", "What to do"} {
		if strings.Contains(out, h) {
			t.Errorf("an empty %q is shown:\n%s", h, out)
		}
	}
	if !strings.Contains(out, "owner      Identity team") || !strings.Contains(out, "runbook    https://wiki.example.com/409") {
		t.Errorf("owner and runbook not shown:\n%s", out)
	}
	if strings.Contains(out, "\n\n\n") {
		t.Errorf("two blank lines in a row:\n%q", out)
	}
}

// TestGroupsPaneNarrow: in the 20 cells a 40-column terminal gives the
// pane, each error type still shows the start of its title (the share
// gives way first).
func TestGroupsPaneNarrow(t *testing.T) {
	st := newStyles(true)
	for _, rows := range [][]groupRow{
		{{label: "Resource conflict", code: "409", count: 1736, typ: model.TypeError},
			{label: "Server error", code: "500", count: 45, typ: model.TypeError}},
		{{label: "Data too short", code: "22", count: 2809, typ: model.TypeError},
			{label: "Warning (no return code)", code: "warning", count: 1020, typ: model.TypeWarning}},
	} {
		out := ansi.Strip(groupsView{Rows: rows, Total: 20000}.render(20, 4, &st))
		checkBox(t, out, 20, 4)
		for _, r := range rows {
			if !strings.Contains(out, r.label[:4]) || !strings.Contains(out, model.Thousands(r.count)) {
				t.Errorf("%q: the title or the count is lost:\n%s", r.label, out)
			}
		}
	}
}

// TestHintsGiveWayWhole: hints too many for the width drop whole, from the
// right, and ? help and q quit stay.
func TestHintsGiveWayWhole(t *testing.T) {
	st := newStyles(true)
	k := DefaultKeyMap()
	for _, w := range []int{40, 60, 80} {
		out := ansi.Strip(hintLine(k.ShortHelp(), &st, false, w))
		checkBox(t, out, w, 1)
		if !strings.Contains(out, "? help") || !strings.Contains(out, "q quit") || strings.Contains(out, "…") {
			t.Errorf("width %d: %q", w, out)
		}
		if !strings.HasPrefix(out, " / filter") {
			t.Errorf("width %d lost the first hint: %q", w, out)
		}
	}
	if out := ansi.Strip(hintLine(k.ShortHelp(), &st, false, 200)); !strings.Contains(out, "o open runbook") {
		t.Errorf("a wide line dropped a hint: %q", out)
	}
	// At 80 columns, with the table in focus, a runbook's o is said
	// (issue 14: said in the hints).
	k.sync(keyState{screen: screenMain, focus: paneTable, rows: true, loaded: true, groups: true, current: true, runbook: true})
	if out := ansi.Strip(hintLine(k.ShortHelp(), &st, false, 80)); !strings.Contains(out, "o open runbook") || !strings.Contains(out, "q quit") {
		t.Errorf("at 80 columns: %q", out)
	}
}
