package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

// messages makes a snapshot of Sitecore records with these codes and
// messages, each pair n times.
func messages(t *testing.T, recs ...[3]string) (*model.Snapshot, []model.SourceState) {
	t.Helper()
	st := model.NewStore(model.DefaultCatalog())
	src := st.AddSource("import.gz")
	line := 0
	for _, r := range recs {
		var n int
		fmt.Sscan(r[2], &n)
		for range n {
			line++
			st.Add(&model.Rec{Source: src, Line: line, Format: "sitecore", Ref: []byte("r"), Code: []byte(r[0]), Msg: []byte(r[1]), Raw: []byte("{}")})
		}
	}
	return st.Snapshot(), []model.SourceState{{Name: "import.gz", Format: "sitecore", Done: true}}
}

func TestPatternsJSON(t *testing.T) {
	snap, srcs := messages(t,
		[3]string{"400", "Validation error: undefined attribute 'ext.a'", "5"},
		[3]string{"400", "Validation error: undefined attribute 'ext.b'", "3"},
		[3]string{"400", "Validation error: undefined attribute '\x1b[2J'", "1"},
		[3]string{"409", "Resource conflict", "4"},
		[3]string{"404", "Guest 1 not found", "1"},
		[3]string{"404", "Guest 2 not found", "1"},
	)
	var buf bytes.Buffer
	if err := JSON(&buf, Build(snap, srcs)); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Records  int64
		Patterns []struct {
			Format, Code, Title, Pattern string
			Count                        int64
			Params                       [][]struct {
				Value string
				Count int64
			}
			Other []int64
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	var got []string
	var sum int64
	for _, p := range back.Patterns {
		got = append(got, fmt.Sprintf("%s %s %s %q %d %v %v", p.Format, p.Code, p.Title, p.Pattern, p.Count, p.Params, p.Other))
		sum += p.Count
	}
	want := []string{
		`sitecore 400 Validation error "Validation error: undefined attribute '<*>'" 9 [[{ext.a 5} {ext.b 3} {\x1b[2J 1}]] [0]`,
		`sitecore 409 Resource conflict "Resource conflict" 4 [] []`,
		`sitecore 404 Resource not found "Guest <*> not found" 2 [[{1 1} {2 1}]] [0]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("patterns\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if sum != back.Records {
		t.Errorf("patterns hold %d records, want %d", sum, back.Records)
	}
}

func TestPatternsTextAndMarkdown(t *testing.T) {
	snap, srcs := messages(t,
		[3]string{"400", "Validation error: undefined attribute '<b>x</b>'", "2"},
		[3]string{"400", "Validation error: undefined attribute 'ext.b'", "1"},
		[3]string{"404", "Guest 1 not found", "1"},
		[3]string{"404", "Guest 2 not found", "1"},
	)
	s := Build(snap, srcs)
	var text, md bytes.Buffer
	if err := Text(&text, s, model.DefaultCatalog()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"400 Validation error: 1 pattern\n          3  Validation error: undefined attribute '<*>'\n             <1>: <b>x</b> 2, ext.b 1\n",
		"404 Resource not found: 1 pattern\n          2  Guest <*> not found\n             <1>: 2 values, each in one record\n",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if err := Markdown(&md, s, model.DefaultCatalog()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "<b>") || !strings.Contains(md.String(), "- 3: Validation error: undefined attribute '‹*›'") {
		t.Errorf("markdown:\n%s", md.String())
	}
}

// export --format csv fills the pattern column with the record's pattern
// among the messages of its error type exported so far.
func TestExportCSVPattern(t *testing.T) {
	var out bytes.Buffer
	ex := &Export{Format: "csv", Out: bufRecords{&out}, Match: func(*model.Rec) bool { return true }}
	ex.Kind = func() (string, string, model.Type) { return "404", "Resource not found", model.TypeError }
	for i, msg := range []string{"Guest 1 not found", "Guest 2 not found", "Guest 2 not found"} {
		ex.Add(&model.Rec{Format: "sitecore", Ref: []byte(fmt.Sprint("r", i)), Code: []byte("404"), Msg: []byte(msg), Line: i + 1})
	}
	rows := strings.Split(strings.TrimSpace(out.String()), "\n")
	var pats []string
	for _, r := range rows {
		pats = append(pats, strings.Split(r, ",")[4])
	}
	if want := "Guest 1 not found|Guest <*> not found|Guest <*> not found"; strings.Join(pats, "|") != want {
		t.Errorf("pattern column %q, want %q", strings.Join(pats, "|"), want)
	}
}

type bufRecords struct{ b *bytes.Buffer }

func (r bufRecords) Write(rec []byte) error { r.b.Write(rec); return nil }
