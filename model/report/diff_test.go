package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

func smallDiff() DiffJSON {
	kinds := []model.Kind{
		{Format: "sitecore", Code: "400", Title: "Validation error", Type: model.TypeError},
		{Format: "jsonl", Code: "E\x1b[2J", Title: "evil | *title*", Type: model.TypeError},
	}
	var b, a model.DiffSide
	b.Add([]byte("r1"), 0, false)
	b.Add([]byte("r2"), 1, false)
	b.Add(nil, 0, false)
	a.Add([]byte("r2"), 0, false)
	a.Add([]byte("r3"), 1, false)
	r := model.Diff(&b, &a, kinds, kinds, model.DiffOptions{})
	src := func(name string) DiffSource {
		return DiffSource{Names: []string{model.Printable(model.MaskURLs(name))}, Records: 3, Errors: []string{}}
	}
	return BuildDiff(r, src("https://h/b.gz?Signature=SECRET"), src("a.gz"))
}

func TestDiffWriters(t *testing.T) {
	d := smallDiff()
	if d.Fixed != 1 || d.Changed != 1 || d.New != 1 || d.Still != 0 || d.Unjoinable != 1 {
		t.Fatalf("%+v", d)
	}
	cat := model.DefaultCatalog()
	var text, md, js bytes.Buffer
	if err := DiffText(&text, d, cat, false); err != nil {
		t.Fatal(err)
	}
	if err := DiffMarkdown(&md, d, cat, false); err != nil {
		t.Fatal(err)
	}
	if err := DiffJSONOut(&js, d); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String(), "json": js.String()} {
		if strings.Contains(out, "SECRET") || strings.Contains(out, "\x1b") {
			t.Errorf("%s shows a secret or an escape:\n%s", name, out)
		}
		if !strings.Contains(out, "Validation error") || !strings.Contains(out, "1 failed record has no ref") && name != "json" {
			t.Errorf("%s:\n%s", name, out)
		}
	}
	if !strings.Contains(md.String(), `evil \| \*title\*`) || !strings.Contains(md.String(), "| fixed | 1 |") {
		t.Errorf("markdown cells not escaped:\n%s", md.String())
	}
	var back DiffJSON
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Before.Names[0] != "https://h/b.gz?Signature=***" {
		t.Errorf("json: %v %+v", err, back.Before)
	}
}

func TestDiffRefsOut(t *testing.T) {
	var raw, shown bytes.Buffer
	refs := []string{"a", "b\x1b[2J"}
	DiffRefs(&raw, refs, false)
	DiffRefs(&shown, refs, true)
	if raw.String() != "a\nb\x1b[2J\n" || shown.String() != "a\nb\\x1b[2J\n" {
		t.Errorf("raw %q, printable %q", raw.String(), shown.String())
	}
}

func TestDiffSidesSingular(t *testing.T) {
	d := smallDiff()
	d.Before.Records, d.After.Records = 1, 1_234
	var text, md bytes.Buffer
	if err := DiffText(&text, d, model.DefaultCatalog(), false); err != nil {
		t.Fatal(err)
	}
	if err := DiffMarkdown(&md, d, model.DefaultCatalog(), false); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String()} {
		if strings.Contains(out, "1 records") || !strings.Contains(out, "(1 record)") || !strings.Contains(out, "(1,234 records)") {
			t.Errorf("%s: a side of one record is not said in the singular:\n%s", name, out)
		}
	}
}
