package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

// snapshot stores recs (each code a record) read from one log named name.
func snapshot(t *testing.T, name string, codes ...string) (*model.Snapshot, []model.SourceState) {
	t.Helper()
	st := model.NewStore(model.DefaultCatalog())
	src := st.AddSource(name)
	for i, c := range codes {
		st.Add(&model.Rec{Source: src, Line: i + 1, Format: "sitecore", Ref: []byte("r"), Code: []byte(c), Msg: []byte("m"), Raw: []byte("{}")})
	}
	return st.Snapshot(), []model.SourceState{{Name: name, Format: "sitecore", Compressed: true, Done: true}}
}

func TestBuildOrderAndCounts(t *testing.T) {
	snap, srcs := snapshot(t, "import.gz", "409", "500", "409", "404", "409", "500")
	s := Build(snap, srcs)
	if s.Records != 6 || len(s.Sources) != 1 || s.Sources[0].Records != 6 || s.Sources[0].Name != "import.gz" {
		t.Fatalf("summary %+v", s)
	}
	var got []string
	for _, g := range s.Groups {
		got = append(got, g.Code)
	}
	if strings.Join(got, ",") != "409,500,404" {
		t.Errorf("groups %v, want largest first: 409,500,404", got)
	}
	var buf bytes.Buffer
	if err := JSON(&buf, s); err != nil {
		t.Fatal(err)
	}
	var back Summary
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back.Records != 6 || back.Groups[0].Count != 3 || back.Patterns == nil {
		t.Errorf("json read back: %v %+v", err, back)
	}
}

func TestWritersMakeLogTextPrintable(t *testing.T) {
	snap, srcs := snapshot(t, "evil\x1b[2J.gz", "4\x1b]0;x\a09")
	s := Build(snap, srcs)
	cat := model.DefaultCatalog()
	for name, write := range map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return Text(b, s, cat) },
		"markdown": func(b *bytes.Buffer) error { return Markdown(b, s, cat) },
		"csv":      func(b *bytes.Buffer) error { return CSV(b, s) },
		"json":     func(b *bytes.Buffer) error { return JSON(b, s) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(name, err)
		}
		if bytes.ContainsAny(b.Bytes(), "\x1b\a") {
			t.Errorf("%s writes raw control bytes:\n%q", name, b.String())
		}
		if !strings.Contains(b.String(), `\x1b`) && name != "json" {
			t.Errorf("%s does not show the escape visibly:\n%s", name, b.String())
		}
	}
	var b bytes.Buffer
	if err := CSV(&b, s); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 2 || rows[0][1] != "code" || rows[1][4] != "1" {
		t.Errorf("csv %v %q", err, rows)
	}
}
