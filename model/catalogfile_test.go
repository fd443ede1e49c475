package model

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes a real file in a fresh folder and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCatalogFileErrors reads malformed catalog files from disk: each error
// names the file, the line and column of what is wrong, and what it is.
func TestCatalogFileErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, text string
		line, col  int
		want       string
	}{
		{"comma.json", "{\n  \"entries\": [\n    {\"format\": \"sitecore\", \"code\": \"409\", \"title\": \"A\", \"type\": \"error\"}\n    {\"format\": \"sitecore\"}\n  ]\n}\n",
			4, 5, "after array element (is a comma missing before it?)"},
		{"trailing.json", "{\"entries\": [\n  {\"format\": \"a\", \"code\": \"1\", \"title\": \"t\", \"type\": \"error\"},\n]}\n",
			3, 1, "invalid character ']'"},
		{"type.json", "{\n  \"entries\": [\n    {\"format\": \"sitecore\", \"code\": \"409\", \"title\": \"A\", \"type\": \"error\",\n     \"causes\": \"one cause\"}\n  ]\n}\n",
			4, 16, `entry 1 "causes" should be a list of strings, not a string`},
		{"number.json", `{"entries": [{"format": "sitecore", "code": 409}]}`,
			1, 45, `entry 1 "code" should be a string, not a number`},
		{"missing.json", "{\"entries\": [\n  {\"format\": \"sitecore\", \"code\": \"409\", \"title\": \"A\", \"type\": \"error\"},\n  {\"format\": \"sitecore\", \"code\": \"404\", \"type\": \"error\"}\n]}",
			3, 3, `entry 2 (sitecore 404): "title" missing`},
		{"badtype.json", "{\"entries\": [\n\n     {\"format\": \"x\", \"code\": \"1\", \"title\": \"t\", \"type\": \"fatal\"}]}",
			3, 6, `"type" "fatal" is not error, warning or success`},
		{"list.json", "\n  [1, 2]", 2, 3, "the file holds a list; a catalog is a JSON object"},
		{"entries.json", `{"entries": {}}`, 1, 13, `"entries" should be a list of entries, not an object`},
		{"element.json", `{"entries": ["409"]}`, 1, 14, "entry 1 should be an object, not a string"},
		{"noentries.json", `{"formats": {}}`, 1, 1, `no "entries" list`},
		{"formats.json", "{\"formats\": {\"x\": 3}, \"entries\": []}", 1, 19, `a format's name in "formats" should be a string, not a number`},
		{"cut.json", "{\"entries\": [\n  {\"format\": \"sitecore\"", 2, 23, "unexpected end of JSON input"},
		{"utf8.json", "{\"entries\": [{\"title\": \"Größe\", \"code\": 1}]}", 1, 41, `"code" should be a string`},
		// A byte order mark is not counted: the column is the one an editor shows.
		{"bom.json", "\ufeff{\"entries\": [{\"format\": \"sitecore\", \"code\": 409}]}", 1, 45, `entry 1 "code" should be a string, not a number`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, dir, c.name, c.text)
			_, err := ReadCatalogFile(path)
			var ce *CatalogError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T), want a *CatalogError", err, err)
			}
			if ce.Path != path || ce.Line != c.line || ce.Col != c.col || !strings.Contains(ce.Msg, c.want) {
				t.Errorf("got %s\nwant %s:%d:%d: …%s…", err, path, c.line, c.col, c.want)
			}
			if !strings.HasPrefix(err.Error(), path+":") {
				t.Errorf("the message does not start with the file's name: %s", err)
			}
		})
	}
	// A file a Windows editor saved with a byte order mark is read.
	bom := writeFile(t, dir, "bom-ok.json", "\ufeff{\"entries\": [{\"format\": \"sitecore\", \"code\": \"409\", \"title\": \"A\", \"type\": \"error\"}]}\r\n")
	if f, err := ReadCatalogFile(bom); err != nil || len(f.Entries) != 1 {
		t.Errorf("a file with a byte order mark: %v", err)
	}
	empty := writeFile(t, dir, "empty.json", " \n")
	if _, err := ReadCatalogFile(empty); err == nil || !strings.Contains(err.Error(), empty+": the file is empty") {
		t.Errorf("empty file: %v", err)
	}
	if _, err := ReadCatalogFile(filepath.Join(dir, "none.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// TestCatalogFileNotes: what does not stop a file being used is noted with
// its place: an unknown field (a typo) and a runbook that is not a link.
func TestCatalogFileNotes(t *testing.T) {
	path := writeFile(t, t.TempDir(), "c.json", `{
  "entries": [
    {"format": "sitecore", "code": "409", "title": "Conflict", "type": "error",
     "runbok": "https://wiki/x", "runbook": "file:///etc/passwd", "owner": "Team A"}
  ],
  "version": 2
}`)
	f, err := ReadCatalogFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		path + `:3:5: entry 1 (sitecore 409): unknown field "runbok" (ignored)`,
		path + `:3:5: entry 1 (sitecore 409): runbook "file:///etc/passwd" is not an http or https link: it is shown as text, never opened`,
		path + `:6:3: unknown field "version" (ignored)`,
	}
	if strings.Join(f.Notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(f.Notes, "\n"), strings.Join(want, "\n"))
	}
	if e := f.Entries[0]; e.Owner != "Team A" || e.Runbook != "file:///etc/passwd" {
		t.Errorf("entry %+v", e)
	}
}

// TestLoadCatalogMergeOrder reads the three layers from real files: the
// config folder comes from XDG_CONFIG_HOME; for a code, --catalog wins over
// the config file, which wins over the built-in entries.
func TestLoadCatalogMergeOrder(t *testing.T) {
	cfgHome := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfgHome)
	cfg, err := ConfigCatalogPath()
	if err != nil || cfg != filepath.Join(cfgHome, "errscope", "catalog.json") {
		t.Fatalf("ConfigCatalogPath = %q, %v", cfg, err)
	}
	// No config file: the built-in catalog, nothing skipped.
	cat, skipped, err := LoadCatalog("")
	if err != nil || skipped != nil || cat.Lookup("sitecore", "409", "").Title != "Resource conflict" {
		t.Fatalf("without a config file: %v %v", skipped, err)
	}
	writeFile(t, cfgHome, "errscope/catalog.json", `{"entries": [
  {"format": "sitecore", "code": "409", "title": "Conflict (config)", "type": "error", "owner": "Identity team", "runbook": "https://wiki.example.com/409"},
  {"format": "sitecore", "code": "500", "title": "Server error (config)", "type": "error", "owner": "Platform"}
]}`)
	named := writeFile(t, t.TempDir(), "team.json", `{"entries": [
  {"format": "sitecore", "code": "500", "title": "Server error (flag)", "type": "error", "owner": "On call"}
]}`)
	cat, skipped, err = LoadCatalog(named)
	if err != nil || skipped != nil {
		t.Fatal(skipped, err)
	}
	for _, c := range []struct{ code, title, owner string }{
		{"409", "Conflict (config)", "Identity team"}, // config over built-in
		{"500", "Server error (flag)", "On call"},     // --catalog over config
		{"404", "Resource not found", ""},             // built-in where neither speaks
	} {
		e := cat.Lookup("sitecore", c.code, "")
		if e == nil || e.Title != c.title || e.Owner != c.owner {
			t.Errorf("code %s: %+v, want %q by %q", c.code, e, c.title, c.owner)
		}
	}
	if u, ok := cat.Lookup("sitecore", "409", "").RunbookURL(); !ok || u != "https://wiki.example.com/409" {
		t.Errorf("runbook %q %v", u, ok)
	}
	// A malformed config file is skipped and named, with line and column;
	// the run goes on with the built-in entries and the named file.
	writeFile(t, cfgHome, "errscope/catalog.json", "{\"entries\": [\n  {\"format\": \"sitecore\" \"code\": \"409\"}\n]}")
	cat, skipped, err = LoadCatalog(named)
	if err != nil {
		t.Fatal(err)
	}
	if skipped == nil || !strings.Contains(skipped.Error(), "skipped the catalog "+cfg+":2:25: invalid character '\"' after object key:value pair") {
		t.Errorf("skipped: %v", skipped)
	}
	if e := cat.Lookup("sitecore", "409", ""); e.Title != "Resource conflict" {
		t.Errorf("after a skipped config file, 409 is %q", e.Title)
	}
	if e := cat.Lookup("sitecore", "500", ""); e.Title != "Server error (flag)" {
		t.Errorf("the named file is still merged: 500 is %q", e.Title)
	}
	// A named file that is malformed is an error.
	bad := writeFile(t, t.TempDir(), "bad.json", `{"entries": 1}`)
	if _, _, err := LoadCatalog(bad); err == nil || !strings.Contains(err.Error(), bad+":1:13:") {
		t.Errorf("a malformed --catalog: %v", err)
	}
	// A config "file" that is a folder cannot be read: skipped, said.
	os.Remove(cfg)
	os.Mkdir(cfg, 0o755)
	if _, skipped, err := LoadCatalog(""); err != nil || skipped == nil || !strings.Contains(skipped.Error(), cfg) {
		t.Errorf("a folder for a config file: %v %v", skipped, err)
	}
}

// TestCatalogJSONRoundTrip: the JSON form read back gives the same entries,
// runbook and owner included.
func TestCatalogRunbookOwnerRoundTrip(t *testing.T) {
	path := writeFile(t, t.TempDir(), "c.json", `{"entries": [{"format": "protegrity", "code": "22", "title": "Data too short", "type": "error",
  "meaning": "m", "causes": ["c"], "remedy": "r", "runbook": "https://wiki.example.com/pty/22?x=1#top", "owner": "Data protection"}]}`)
	cat := DefaultCatalog()
	if err := cat.Merge(path); err != nil {
		t.Fatal(err)
	}
	e := cat.Lookup("protegrity", "22", "")
	if e.Owner != "Data protection" || e.Runbook != "https://wiki.example.com/pty/22?x=1#top" || e.Title != "Data too short" {
		t.Errorf("%+v", e)
	}
	if n := len(cat.Entries("protegrity")); n != len(DefaultCatalog().Entries("protegrity")) {
		t.Errorf("entries %d", n)
	}
}

// TestRunbookURL: only absolute http(s) URLs with a host, printable ASCII
// and no credentials, are links; the rest is text, made printable.
func TestRunbookURL(t *testing.T) {
	for _, c := range []struct {
		in, link, text string
	}{
		{"https://wiki.example.com/runbooks/409", "https://wiki.example.com/runbooks/409", "https://wiki.example.com/runbooks/409"},
		{" HTTP://wiki/x?a=1&b=2#c ", "HTTP://wiki/x?a=1&b=2#c", "HTTP://wiki/x?a=1&b=2#c"},
		{"javascript:alert(1)", "", "javascript:alert(1)"},
		{"file:///etc/passwd", "", "file:///etc/passwd"},
		{"ftp://example.com/x", "", "ftp://example.com/x"},
		{"wiki.example.com/409", "", "wiki.example.com/409"},
		{"https:///nohost", "", "https:///nohost"},
		{"https://example.com/a b", "", "https://example.com/a b"},
		{"https://example.com/<script>", "", "https://example.com/<script>"},
		{"https://example.com/a%20b_(c)", "https://example.com/a%20b_(c)", "https://example.com/a%20b_(c)"},
		{"https://example.com/\x1b]8;;evil\x07", "", `https://example.com/\x1b]8;;evil\x07`},
		{"https://exämple.com/", "", "https://exämple.com/"},
		{"https://bob:hunter2@wiki.example.com/x", "", "https://bob:***@wiki.example.com/x"},
		{"https://wiki.example.com/x?page=2&token=abc", "", "https://wiki.example.com/x?page=2&token=***"},
		{"https://bob@wiki.example.com/x", "", "https://bob@wiki.example.com/x"},
		{"see the wiki, page 409", "", "see the wiki, page 409"},
		{"", "", ""},
	} {
		e := &Entry{Runbook: c.in}
		link, ok := e.RunbookURL()
		if link != c.link || ok != (c.link != "") {
			t.Errorf("RunbookURL(%q) = %q %v, want %q", c.in, link, ok, c.link)
		}
		if got := e.RunbookText(); got != c.text {
			t.Errorf("RunbookText(%q) = %q, want %q", c.in, got, c.text)
		}
	}
}

// containsFold is strings.Contains over the lower-cased message, without
// the copy.
func TestContainsFold(t *testing.T) {
	for _, s := range []string{"", "Validation error", "IDENTITY information MISSING", "Ünïcode Identity", "İstanbul identity", "a\x00b", "idENTIty"} {
		for _, sub := range []string{"", "identity", "validation", "error", "ü", "i̇stanbul", "x", "identity information missing"} {
			want := strings.Contains(strings.ToLower(s), sub)
			if got := containsFold(s, sub); got != want {
				t.Errorf("containsFold(%q, %q) = %v, want %v", s, sub, got, want)
			}
		}
	}
}

func FuzzContainsFold(f *testing.F) {
	f.Add("Validation ERROR: x", "error")
	f.Add("İ", "i̇")
	f.Fuzz(func(t *testing.T, s, sub string) {
		sub = strings.ToLower(sub) // the catalog lower-cases match words
		if got, want := containsFold(s, sub), strings.Contains(strings.ToLower(s), sub); got != want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", s, sub, got, want)
		}
	})
}
