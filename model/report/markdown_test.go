package report

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

func TestMdText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Resource conflict", "Resource conflict"},
		{"a|b", `a\|b`},
		{"*bold* _it_ `code` ~x~ #1 $x$", `\*bold\* \_it\_ \` + "`" + `code\` + "`" + ` \~x\~ \#1 \$x\$`},
		{"[click](https://evil.example/x)", `\[click\](https\://evil.example/x)`},
		{"![img](x)", `\!\[img\](x)`},
		{"see www.evil.example now", `see www\.evil.example now`},
		{"mail ops@example.com", `mail ops\@example.com`},
		{"<script>alert(1)</script> & co", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"},
		{"- not a list", `\- not a list`},
		{"1. not a list", `1\. not a list`},
		{"2026) no", `2026\) no`},
		{"409", "409"},
		{`back\slash`, `back\\slash`},
		{"line\nbreak \x1b[2J", `line\\nbreak \\x1b\[2J`},
	} {
		if got := mdText(c.in); got != c.want {
			t.Errorf("mdText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// teamCatalog is a user's catalog file on disk merged over the built-in
// one: an owner and an https runbook for 409, an owner and a runbook that
// is not a link for 500, HTML in an owner.
func teamCatalog(t *testing.T) *model.Catalog {
	t.Helper()
	path := filepath.Join(t.TempDir(), "catalog.json")
	err := os.WriteFile(path, []byte(`{"entries": [
  {"format": "sitecore", "code": "409", "title": "Resource conflict", "type": "error", "meaning": "It exists.",
   "causes": ["create of an existing guest"], "remedy": "Use upsert.", "owner": "Identity team", "runbook": "https://wiki.example.com/runbooks/cdp-409_(conflict)"},
  {"format": "sitecore", "code": "500", "title": "Server error", "type": "error", "meaning": "Retry.",
   "remedy": "Re-send.", "owner": "<b>Platform</b> [on call]", "runbook": "javascript:alert(1)"}
]}`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cat := model.DefaultCatalog()
	if err := cat.Merge(path); err != nil {
		t.Fatal(err)
	}
	return cat
}

// links finds Markdown links: "[text](dest)" whose "[" is not escaped.
var links = regexp.MustCompile(`(^|[^\\])\[([^\]]*[^\\])\]\(([^)]*)\)`)

func TestSummaryMarkdownOwnersAndRunbooks(t *testing.T) {
	cat := teamCatalog(t)
	st := model.NewStore(cat)
	src := st.AddSource("import.gz")
	for i, c := range []struct{ code, msg string }{
		{"409", "Resource conflict"}, {"409", "Resource conflict"}, {"500", "Server error"},
		{"404", "Guest not found"}, {"[x](https://evil.example)", "[x](https://evil.example) <img src=x>"},
	} {
		st.Add(&model.Rec{Source: src, Line: i + 1, Format: "sitecore", Ref: []byte("r"), Code: []byte(c.code), Msg: []byte(c.msg), Raw: []byte("{}")})
	}
	s := Build(st.Snapshot(), []model.SourceState{{Name: "import.gz", Format: "sitecore", Done: true}})
	var b bytes.Buffer
	if err := Markdown(&b, s, cat); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"| Code | Title | Type | Count | Share | Owner | Runbook |",
		"| 409 | Resource conflict | error | 2 | 40.0% | Identity team | [https\\://wiki.example.com/runbooks/cdp-409\\_(conflict)](https://wiki.example.com/runbooks/cdp-409_%28conflict%29) |",
		"| 500 | Server error | error | 1 | 20.0% | &lt;b&gt;Platform&lt;/b&gt; \\[on call\\] | javascript:alert(1) |",
		"| 404 | Resource not found | error | 1 | 20.0% |  |  |",
		"| | **Total** | | **5** | | | |",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing row\n%s\nin\n%s", want, out)
		}
	}
	// The one link is the catalog's https runbook; the log's text is none.
	found := links.FindAllStringSubmatch(out, -1)
	if len(found) != 1 || found[0][3] != "https://wiki.example.com/runbooks/cdp-409_%28conflict%29" {
		t.Errorf("links %q\n%s", found, out)
	}
	if strings.Contains(out, "<img") || strings.Contains(out, "<b>") {
		t.Errorf("raw HTML in the summary:\n%s", out)
	}
	// The JSON form names them too.
	var j bytes.Buffer
	JSON(&j, s)
	if !strings.Contains(j.String(), `"owner": "Identity team"`) || !strings.Contains(j.String(), `"runbook": "https://wiki.example.com/runbooks/cdp-409_(conflict)"`) {
		t.Errorf("json:\n%s", j.String())
	}
	// Without owners or runbooks, the table keeps its five columns.
	b.Reset()
	snap, srcs := snapshot(t, "import.gz", "409")
	Markdown(&b, Build(snap, srcs), model.DefaultCatalog())
	if strings.Contains(b.String(), "Owner") || !strings.Contains(b.String(), "| Code | Title | Type | Count | Share |\n") {
		t.Errorf("no owners:\n%s", b.String())
	}
}

func TestCodesMarkdown(t *testing.T) {
	cat := teamCatalog(t)
	var b bytes.Buffer
	if err := Codes(&b, cat, "sitecore", "markdown"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# errscope catalog\n",
		"\n## Sitecore CDP error log\n\n| Code | Title | Type | Owner | Runbook |\n|---:|---|---|---|---|\n",
		"| 402 | Unsupported mode | error |  |  |\n",
		"| 409 | Resource conflict | error | Identity team | [https\\://wiki.example.com/runbooks/cdp-409\\_(conflict)](https://wiki.example.com/runbooks/cdp-409_%28conflict%29) |\n",
		"| 500 | Server error | error | &lt;b&gt;Platform&lt;/b&gt; \\[on call\\] | javascript:alert(1) |\n",
		"\n### 409 Resource conflict\n\n*error* · owner: Identity team · runbook: [https\\://wiki.example.com/runbooks/cdp-409\\_(conflict)](https://wiki.example.com/runbooks/cdp-409_%28conflict%29)\n\nIt exists.\n\nUsual causes:\n\n- create of an existing guest\n\n**What to do:** Use upsert.\n",
		"\n### 500 Server error\n\n*error* · owner: &lt;b&gt;Platform&lt;/b&gt; \\[on call\\] · runbook: javascript:alert(1)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing\n%s\nin\n%s", want, out)
		}
	}
	if strings.Contains(out, "Protegrity") {
		t.Error("codes sitecore wrote other formats")
	}
	if n := len(links.FindAllString(out, -1)); n != 2 {
		t.Errorf("%d links, want the 409 runbook twice (table and section)", n)
	}
	// Text form: owner and runbook lines.
	b.Reset()
	Codes(&b, cat, "sitecore", "text")
	if !strings.Contains(b.String(), "  Owner: Identity team\n  Runbook: https://wiki.example.com/runbooks/cdp-409_(conflict)\n") {
		t.Errorf("text:\n%s", b.String())
	}
}
