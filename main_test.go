package main

import (
	"bytes"
	"crypto/md5"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"golang.org/x/sys/unix"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/model/cli"
	"github.com/errscope/errscope/model/report"
	"github.com/errscope/errscope/source"
)

const sample = "testdata/import.gz"

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// referenceCounts decodes a gzipped Sitecore log the plain way, as an
// independent oracle for errscope's counts.
func referenceCounts(t *testing.T, path string) (map[string]int64, int64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(zr)
	counts := map[string]int64{}
	var n int64
	for dec.More() {
		var rec struct{ Code string }
		if err := dec.Decode(&rec); err != nil {
			t.Fatal(err)
		}
		counts[rec.Code]++
		n++
	}
	return counts, n
}

func TestSummaryJSON(t *testing.T) {
	code, out, stderr := runCmd("summary", "--format", "json", sample)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var s report.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	want, n := referenceCounts(t, sample)
	got := map[string]int64{}
	for _, g := range s.Groups {
		got[g.Code] += g.Count
		if g.Title == "" || g.Type != "error" || g.Format != "sitecore" {
			t.Errorf("group %+v", g)
		}
	}
	if s.Records != n || len(s.Sources) != 1 || s.Sources[0].Records != n || s.BadLines != 0 {
		t.Errorf("records %d (source %+v), want %d", s.Records, s.Sources, n)
	}
	src := s.Sources[0]
	if src.Format != "sitecore" || !src.Compressed || src.Truncated || src.Error != "" || src.Name != sample {
		t.Errorf("source %+v", src)
	}
	for c, w := range want {
		if got[c] != w {
			t.Errorf("code %s: %d, want %d", c, got[c], w)
		}
	}
	if len(got) != len(want) || s.Patterns == nil {
		t.Errorf("groups %v, patterns %v", got, s.Patterns)
	}
	// The one order: by type (errors, warnings, successes), then largest first.
	rank := map[string]int{"error": 0, "warning": 1, "success": 2}
	for i := 1; i < len(s.Groups); i++ {
		a, b := s.Groups[i-1], s.Groups[i]
		if rank[b.Type] < rank[a.Type] || rank[b.Type] == rank[a.Type] && b.Count > a.Count {
			t.Errorf("groups out of order: %+v before %+v", a, b)
		}
	}
}

func TestSummaryFormats(t *testing.T) {
	for _, f := range []string{"text", "markdown", "csv"} {
		code, out, _ := runCmd("summary", "--format", f, sample)
		if code != 0 || !strings.Contains(out, "Resource conflict") || !strings.Contains(out, "1736") && !strings.Contains(out, "1,736") {
			t.Errorf("%s: exit %d\n%s", f, code, out)
		}
	}
}

func TestSummaryTruncated(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.gz")
	if err := os.WriteFile(cut, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd("summary", "--format", "json", cut)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var s report.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !s.Sources[0].Truncated || s.Records < 1000 || s.Records >= 5000 {
		t.Errorf("truncated %v, records %d", s.Sources[0].Truncated, s.Records)
	}
	if !strings.Contains(stderr, "cut.gz") || !strings.Contains(stderr, "cut short") {
		t.Errorf("stderr %q", stderr)
	}
}

// TestTUIBudget: --memory is the budget as given, off is none, and without
// it the budget is half the memory available (on Linux, where it is known).
func TestTUIBudget(t *testing.T) {
	var m cli.SizeOrOff
	if err := m.Set("30MB"); err != nil || tuiBudget(m) != 30<<20 {
		t.Errorf("--memory 30MB: %d %v", tuiBudget(m), err)
	}
	if err := m.Set("off"); err != nil || tuiBudget(m) != 0 {
		t.Errorf("--memory off: %d %v", tuiBudget(m), err)
	}
	avail, from := source.AvailableMemory()
	if got := tuiBudget(cli.SizeOrOff{}); got != avail/2 || (runtime.GOOS == "linux" && (got <= 0 || from == "")) {
		t.Errorf("default budget %d, want half of %d (%s)", got, avail, from)
	}
}

func TestExitStatus(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{sample}, 2, "", "errscope summary"}, // stdout is not a terminal
		{[]string{"nope.gz"}, 1, "", "nope.gz: no such file"},
		{[]string{"testdata"}, 1, "", "testdata: is a directory"},
		{[]string{"summary"}, 2, "", "name a log"},
		{[]string{"summary", "--format", "xml", sample}, 2, "", "unknown --format"},
		{[]string{"summary", "no-such.gz"}, 1, "not read", "no-such.gz: no such file"},
		{[]string{"--version"}, 0, "errscope", ""},
		{[]string{"--help"}, 0, "Usage:", ""},
		{[]string{"--bogus"}, 2, "", "flag provided but not defined"},
		{[]string{"--memory", "lots", sample}, 2, "", `"lots" is not a size or off`},
		{[]string{"--memory", "30MB", sample}, 2, "", "errscope summary"}, // read, then stdout is not a terminal
		{[]string{"--memory", "off", sample}, 2, "", "errscope summary"},
		{[]string{"summary", "--memory", "1G", sample}, 2, "", "flag provided but not defined: -memory"},
		{[]string{"codes", "sitecore"}, 0, "Resource conflict", ""},
		{[]string{"codes", "nope"}, 2, "", "unknown format"},
		{[]string{"summary", sample, "--format", "csv"}, 0, "sitecore,409", ""},
		{[]string{"summary", "--query", "code:404", sample}, 0, "query: code:404 (the records of this view only)", ""},
		{[]string{"summary", "--query", "type:nope", sample}, 2, "", "--query"},
		{[]string{"summary", "--input", "no-such.gz", sample}, 1, "", "batch file no-such.gz: no such file"},
		{[]string{"export", "--format", "xml", sample}, 2, "", "unknown --format"},
		{[]string{"export", "--format", "input", sample}, 2, "", "--input BATCH"},
		{[]string{"export", "--format", "input", "--input", sample, "--set-mode", "update", sample}, 2, "", "insert, create, upsert, merge, delete, gdpr_delete"},
		{[]string{"export", "--set-mode", "upsert", sample}, 2, "", "--format input"},
		{[]string{"export", "--query", "code:", sample}, 2, "", "--query"},
		{[]string{"export", "--part-size", "100", sample}, 2, "", "-o FILE"},
		{[]string{"export", "-o", "/no/such/dir/x.txt", sample}, 1, "", "cannot create"},
	}
	for _, tt := range tests {
		code, out, stderr := runCmd(tt.args...)
		if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tt.args, code, out, stderr)
		}
	}
}

// TestSummaryProtegrity counts a mixed response against encoding/json.
func TestSummaryProtegrity(t *testing.T) {
	const log = "testdata/protegrity/response.ndjson"
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	var items int64
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var doc map[string]struct {
			Bulk struct {
				Data []struct {
					Returncode, Returntype string
				}
			}
		}
		if err := json.Unmarshal(line, &doc); err != nil {
			t.Fatal(err)
		}
		for _, wrapped := range doc {
			for _, it := range wrapped.Bulk.Data {
				code := strings.TrimPrefix(it.Returncode, "/rest-v1/returncodes/id/")
				if code == "" {
					code = it.Returntype
				}
				want[code]++
				items++
			}
		}
	}
	code, out, _ := runCmd("summary", "--format", "json", log, sample)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var s report.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	var sitecore int64
	for _, g := range s.Groups {
		switch g.Format {
		case "protegrity":
			got[g.Code] += g.Count
			if (g.Code == "6" || g.Code == "8" || g.Code == "50") != (g.Type == "success") {
				t.Errorf("group %+v: wrong type", g)
			}
		case "sitecore":
			sitecore += g.Count
		default:
			t.Errorf("group %+v has no format", g)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("protegrity groups %v, want %v", got, want)
	}
	if s.Sources[0].Format != "protegrity" || s.Sources[0].Records != items || sitecore != 5000 || s.Records != items+5000 {
		t.Errorf("sources %+v, records %d", s.Sources, s.Records)
	}
}

// TestUserCatalog adds an entry for another log's code with --catalog, in
// the form `codes --format json` prints.
func TestUserCatalog(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "other.ndjson")
	if err := os.WriteFile(log, []byte(`{"id":"a1","error":{"code":"E42","message":"quota exceeded"}}`+"\n"+
		`{"id":"a2","error":{"code":"E7","message":"bad email"}}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cat := filepath.Join(dir, "cat.json")
	if err := os.WriteFile(cat, []byte(`{"entries": [{"format": "jsonl", "code": "E42", "title": "Quota exceeded", "type": "error",
		"meaning": "The tenant is over its quota.", "causes": ["too many calls"], "remedy": "Wait for the quota to reset, then re-send."}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd("summary", "--format", "json", "--catalog", cat, log)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s report.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, g := range s.Groups {
		titles[g.Code] = g.Title
	}
	if titles["E42"] != "Quota exceeded" || titles["E7"] != "Unknown code" || s.Sources[0].Mapping != "ref=id code=error.code message=error.message" {
		t.Errorf("titles %v, source %+v", titles, s.Sources[0])
	}
	// codes --format json prints what --catalog reads back.
	_, codes, _ := runCmd("codes", "--format", "json", "--catalog", cat)
	again := filepath.Join(dir, "again.json")
	if err := os.WriteFile(again, []byte(codes), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd("summary", "--catalog", again, log); code != 0 {
		t.Errorf("codes output as --catalog: exit %d %s", code, stderr)
	}
	if code, _, stderr := runCmd("summary", "--catalog", log, log); code != 2 || !strings.Contains(stderr, "--catalog") {
		t.Errorf("a bad catalog: exit %d %q", code, stderr)
	}
}

// TestSummaryJSONIsPrintable: codes from a log reach JSON output made
// printable; encoding/json alone would leave C1 controls and DEL.
func TestSummaryJSONIsPrintable(t *testing.T) {
	log := filepath.Join(t.TempDir(), "c1.ndjson")
	if err := os.WriteFile(log, []byte("{\"ref\": \"a\", \"code\": \"4\u009b09\x7f\", \"message\": \"m\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCmd("summary", "--format", "json", log)
	if code != 0 || strings.Contains(out, "\u009b") || strings.Contains(out, "\x7f") || !strings.Contains(out, `4\\u009b09\\x7f`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestSummaryNotALog: a text file is read whole (exit 0) but summary says
// on stderr that none of its lines is a record.
func TestSummaryNotALog(t *testing.T) {
	log := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(log, []byte("hello\nworld\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd("summary", log)
	if code != 1 || strings.Count(stderr, "notes.txt: not a log: none of its 2 lines is a record") != 1 || !strings.Contains(out, "2 unreadable lines") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
}

// The credentials of the presigned-looking URLs below: no output may show them.
const (
	urlKeyID = "AKIAIOSFODNN7EXAMPLE"
	urlSig   = "vjbyPxybdZaNmGa%2ByT272YEAiv4%3D"
)

func noCredentials(t *testing.T, what, out string) {
	t.Helper()
	for _, s := range []string{urlKeyID, urlSig, "vjbyPxybdZaNmGa"} {
		if strings.Contains(out, s) {
			t.Errorf("%s shows a credential %q:\n%s", what, s, out)
		}
	}
}

// logServer serves testdata/import.gz, a cut copy of it, an expired link,
// and batch statuses.
func logServer(t *testing.T) (*httptest.Server, func(path string) string) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	sign := func(path string) string {
		return srv.URL + path + "?AWSAccessKeyId=" + urlKeyID + "&Expires=1764000000&Signature=" + urlSig
	}
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/import.gz":
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			w.Write(data)
		case "/cut.gz":
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			w.Write(data[:len(data)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		case "/expired.gz":
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message><Expires>2025-11-24T16:00:00Z</Expires></Error>`)
		case "/v2/batches/error":
			fmt.Fprintf(w, `{"ref": "7c1e", "status": {"code": "error", "log": %q}}`, sign("/import.gz"))
		default:
			code := strings.TrimPrefix(r.URL.Path, "/v2/batches/")
			if code == "error-without-log" {
				code = "error"
			}
			fmt.Fprintf(w, `{"ref": "7c1e", "status": {"code": %q}}`, code)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, sign
}

func TestSummaryURL(t *testing.T) {
	_, sign := logServer(t)
	_, want, _ := runCmd("summary", "--format", "json", sample)
	for _, f := range []string{"json", "text", "markdown", "csv"} {
		code, out, stderr := runCmd("summary", "--format", f, sign("/import.gz"))
		noCredentials(t, f+" stdout", out)
		noCredentials(t, f+" stderr", stderr)
		if code != 0 || stderr != "" {
			t.Errorf("%s: exit %d, stderr %q", f, code, stderr)
		}
		if f == "json" {
			var got, ref report.Summary
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			json.Unmarshal([]byte(want), &ref)
			if got.Sources[0].Name != strings.Replace(strings.Replace(sign("/import.gz"), urlKeyID, "***", 1), urlSig, "***", 1) {
				t.Errorf("source name %q", got.Sources[0].Name)
			}
			if got.Records != ref.Records || !got.Sources[0].Compressed || fmt.Sprint(got.Groups) != fmt.Sprint(ref.Groups) {
				t.Errorf("the URL read as %d records %v, the file as %d %v", got.Records, got.Groups, ref.Records, ref.Groups)
			}
		}
	}
}

func TestSummaryURLErrors(t *testing.T) {
	_, sign := logServer(t)
	code, out, stderr := runCmd("summary", "--format", "json", sign("/cut.gz"))
	noCredentials(t, "stdout", out)
	noCredentials(t, "stderr", stderr)
	var s report.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if code != 1 || !s.Sources[0].Truncated || s.Records < 500 || !strings.Contains(stderr, "connection was cut") {
		t.Errorf("cut: exit %d, truncated %v, %d records, stderr %q", code, s.Sources[0].Truncated, s.Records, stderr)
	}
	noCredentials(t, "JSON error", s.Sources[0].Error)
	for _, args := range [][]string{{"summary", sign("/expired.gz")}, {sign("/expired.gz")}} {
		code, out, stderr = runCmd(args...)
		noCredentials(t, "stdout", out)
		noCredentials(t, "stderr", stderr)
		if code != 1 || !strings.Contains(stderr, "the link expired at 2025-11-24 16:00:00 UTC") || !strings.Contains(stderr, "fetch the batch status again") {
			t.Errorf("%v: exit %d, stderr %q", args[0], code, stderr)
		}
	}
}

func TestBatchStatusCommands(t *testing.T) {
	srv, _ := logServer(t)
	dir := t.TempDir()
	tests := []struct {
		status string
		code   int
		want   string
	}{
		{"success", 0, "nothing failed"},
		{"processing", 1, "not finished"},
		{"uploading", 1, "not finished"},
		{"corrupted", 1, "lower-case hex MD5 of the gzip file"},
		{"error-without-log", 1, "probably zipped, not gzipped"},
	}
	for _, tt := range tests {
		code := tt.status
		if code == "error-without-log" {
			code = "error"
		}
		file := filepath.Join(dir, tt.status+".json")
		os.WriteFile(file, []byte(`{"ref": "7c1e", "status": {"code": "`+code+`"}}`), 0o644)
		for _, args := range [][]string{{file}, {"summary", file}, {srv.URL + "/v2/batches/" + tt.status}} {
			got, _, stderr := runCmd(args...)
			if got != tt.code || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "batch 7c1e") {
				t.Errorf("%v: exit %d, stderr %q; want %d saying %q", args, got, stderr, tt.code, tt.want)
			}
		}
	}
	// An error status is followed to its log.
	code, out, stderr := runCmd("summary", "--format", "json", srv.URL+"/v2/batches/error")
	noCredentials(t, "stdout", out)
	noCredentials(t, "stderr", stderr)
	if code != 0 || !strings.Contains(out, `"records": 5000`) || !strings.Contains(out, "/import.gz?AWSAccessKeyId=***") {
		t.Errorf("error status: exit %d, stderr %q\n%s", code, stderr, out)
	}
}

// Hostile inputs: each gets its exit status and a message naming what it
// is (testdata/hostile holds files made by the real tools).
func TestSummaryHostileFiles(t *testing.T) {
	cases := []struct {
		file   string
		code   int
		stderr string
	}{
		{"import.jsonl.bz2", 1, "not a log: it is bzip2-compressed; decompress it first: bunzip2 -k"},
		{"import.jsonl.xz", 1, "not a log: it is xz-compressed"},
		{"import.jsonl.zst", 1, "not a log: it is zstd-compressed"},
		{"import.zip", 1, "not a log: it is a zip archive"},
		{"import.7z", 1, "not a log: it is a 7z archive"},
		{"import.tar", 1, "not a log: it is a tar archive"},
		{"import.tar.gz", 1, "not a log: it is a gzipped tar archive"},
		{"import.utf16", 1, "not a log: it is UTF-16 text; convert it to UTF-8 first: iconv -f UTF-16"},
		{"import.cr", 1, "not a log: its lines end with a carriage return only"},
		{"/dev/zero", 1, "not a log: its first MiB holds no line end and no JSON"},
		{"empty", 0, ""},
		{"empty.gz", 0, ""},
		{"zeros.gz", 0, ""},
		{"trailing.gz", 0, "errscope: warning: testdata/hostile/trailing.gz: the gzip data ends at byte 180, and the bytes after it are not gzip: trailing data, ignored"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			path := tc.file
			if !strings.HasPrefix(path, "/") {
				path = filepath.Join("testdata", "hostile", tc.file)
			} else if _, err := os.Stat(path); err != nil {
				t.Skip(err)
			}
			code, out, stderr := runCmd("summary", "--format", "json", path)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) || (tc.stderr == "") != (stderr == "") {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.stderr)
			}
			var s struct{ Records int }
			if err := json.Unmarshal([]byte(out), &s); err != nil {
				t.Fatalf("stdout is not the summary: %v\n%s", err, out)
			}
			want := 0
			if tc.file == "zeros.gz" || tc.file == "trailing.gz" {
				want = 3 // the records before the trailing bytes
			}
			if s.Records != want {
				t.Errorf("%d records, want %d", s.Records, want)
			}
		})
	}
}

// sampleRefs reads the refs and codes of the sample log the plain way.
func sampleRefs(t *testing.T) (refs, codes []string) {
	t.Helper()
	f, err := os.Open(sample)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, _ := gzip.NewReader(f)
	dec := json.NewDecoder(zr)
	for dec.More() {
		var r struct{ Ref, Code string }
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		refs, codes = append(refs, r.Ref), append(codes, r.Code)
	}
	return refs, codes
}

func TestExportCommand(t *testing.T) {
	refs, codes := sampleRefs(t)
	code, out, stderr := runCmd("export", sample)
	if code != 0 || out != strings.Join(refs, "\n")+"\n" || !strings.Contains(stderr, "5,000 records selected") {
		t.Fatalf("refs: exit %d, %d bytes, stderr %q", code, len(out), stderr)
	}
	var conflicts []string
	for i, c := range codes {
		if c == "409" {
			conflicts = append(conflicts, refs[i])
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "refs.txt")
	code, _, stderr = runCmd("export", "--query", "code:409", "-o", path, sample)
	body, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	sum := md5.Sum(body)
	want := fmt.Sprintf("wrote %s: %d records, %d bytes, md5 %x\n", path, len(conflicts), len(body), sum)
	if code != 0 || string(body) != strings.Join(conflicts, "\n")+"\n" || !strings.HasPrefix(stderr, want) || st.Mode().Perm() != 0o600 {
		t.Fatalf("-o: exit %d, stderr %q (want %q), mode %v", code, stderr, want, st.Mode().Perm())
	}
	// Never over a file without --force; the file stays as it was.
	code, _, stderr = runCmd("export", "-o", path, sample)
	if b, _ := os.ReadFile(path); code != 1 || !strings.Contains(stderr, "--force") || !bytes.Equal(b, body) {
		t.Errorf("overwrite: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ = runCmd("export", "-o", path, "--force", sample); code != 0 {
		t.Errorf("--force: exit %d", code)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("left in the folder: %v", es)
	}
}

// TestExportResend writes a batch file for the sample log (most of its
// refs, some lines of its own, a pretty-printed record) and re-sends the
// 409s in parts.
func TestExportResend(t *testing.T) {
	refs, codes := sampleRefs(t)
	dir := t.TempDir()
	var batch bytes.Buffer
	var want []string
	for i, ref := range refs {
		if i%100 == 5 {
			continue // lost from the batch file
		}
		l := fmt.Sprintf(`{"ref":%q,"schema":"guest","mode":"create","value":{"email":"g%d@example.com"}}`, ref, i)
		batch.WriteString(l + "\n")
		if codes[i] == "409" {
			want = append(want, strings.Replace(l, `"mode":"create"`, `"mode":"upsert"`, 1))
		}
		if i%7 == 0 {
			fmt.Fprintf(&batch, `{"ref":"ok-%d","schema":"guest","mode":"upsert","value":{}}`+"\n", i)
		}
	}
	batch.WriteString("{\n  \"ref\": \"x\"\n}\n")
	bpath := filepath.Join(dir, "batch.jsonl")
	os.WriteFile(bpath, batch.Bytes(), 0o600)
	out := filepath.Join(dir, "resend.gz")
	code, _, stderr := runCmd("export", "--format", "input", "--input", bpath, "--query", "code:409", "--set-mode", "upsert", "--part-size", "20000", "-o", out, sample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	wrote := regexp.MustCompile(`(?m)^wrote (\S+): (\d+) records, (\d+) bytes, md5 ([0-9a-f]{32})$`).FindAllStringSubmatch(stderr, -1)
	if len(wrote) < 2 {
		t.Fatalf("expected parts: %s", stderr)
	}
	var got []string
	for k, w := range wrote {
		if w[1] != filepath.Join(dir, fmt.Sprintf("resend-%03d.gz", k+1)) {
			t.Errorf("part %d named %s", k+1, w[1])
		}
		b, _ := os.ReadFile(w[1])
		if fmt.Sprint(len(b)) != w[3] || len(b) > 20000 || fmt.Sprintf("%x", md5.Sum(b)) != w[4] {
			t.Errorf("%s: %d bytes, md5 %x; said %s, %s", w[1], len(b), md5.Sum(b), w[3], w[4])
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		text, err := io.ReadAll(zr)
		if err != nil || !bytes.HasSuffix(text, []byte("\n")) {
			t.Fatalf("%s: %v", w[1], err)
		}
		lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
		if fmt.Sprint(len(lines)) != w[2] {
			t.Errorf("%s: %d lines, said %s", w[1], len(lines), w[2])
		}
		got = append(got, lines...)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("re-send lines differ: %d, want %d", len(got), len(want))
	}
	missing := 0
	for i, c := range codes {
		if c == "409" && i%100 == 5 {
			missing++
		}
	}
	if !strings.Contains(stderr, fmt.Sprintf("%d not in the batch file", missing)) || !strings.Contains(stderr, "are not one-line JSON objects") {
		t.Errorf("stderr %q", stderr)
	}
}

// TestMain keeps the tests off the user's own config catalog, and runs
// errscope itself when a test starts this binary as errscope.
func TestMain(m *testing.M) {
	if os.Getenv("ERRSCOPE_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	dir, err := os.MkdirTemp("", "errscope-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestConfigCatalog: the config folder comes from XDG_CONFIG_HOME; its
// catalog is read on every run, under --catalog; a malformed one is skipped
// and named with its line and column.
func TestConfigCatalog(t *testing.T) {
	cfgHome := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfgHome)
	cfg := filepath.Join(cfgHome, "errscope", "catalog.json")
	os.MkdirAll(filepath.Dir(cfg), 0o755)
	os.WriteFile(cfg, []byte(`{"entries": [
  {"format": "sitecore", "code": "409", "title": "Resource conflict", "type": "error", "owner": "Identity team", "runbook": "https://wiki.example.com/409"},
  {"format": "sitecore", "code": "500", "title": "Server error", "type": "error", "owner": "Platform"}
]}`), 0o600)
	code, out, stderr := runCmd("summary", "--format", "markdown", sample)
	if code != 0 || stderr != "" || !strings.Contains(out, "| Identity team | [https\\://wiki.example.com/409](https://wiki.example.com/409) |") || !strings.Contains(out, "| Platform |  |") {
		t.Errorf("summary with a config catalog: exit %d %s\n%s", code, stderr, out)
	}
	flagCat := filepath.Join(t.TempDir(), "oncall.json")
	os.WriteFile(flagCat, []byte(`{"entries": [{"format": "sitecore", "code": "500", "title": "Server error", "type": "error", "owner": "On call"}]}`), 0o600)
	_, out, _ = runCmd("codes", "--format", "markdown", "--catalog", flagCat, "sitecore")
	if !strings.Contains(out, "| 409 | Resource conflict | error | Identity team | [https\\://wiki.example.com/409](https://wiki.example.com/409) |") ||
		!strings.Contains(out, "| 500 | Server error | error | On call |  |") {
		t.Errorf("codes --format markdown: --catalog over the config file over the built-in:\n%s", out)
	}
	// Malformed: skipped, said with line and column; the run goes on.
	os.WriteFile(cfg, []byte("{\"entries\": [\n    {\"format\": \"sitecore\", \"code\": \"409\" \"title\": \"x\"}\n]}"), 0o600)
	code, out, stderr = runCmd("summary", sample)
	want := "errscope: skipped the catalog " + cfg + ":2:42: invalid character '\"' after object key:value pair (is a comma missing before it?); errscope goes on without it"
	if code != 0 || !strings.HasPrefix(stderr, want) || !strings.Contains(out, "Resource conflict") {
		t.Errorf("a malformed config catalog: exit %d\nstderr %s\nwant   %s", code, stderr, want)
	}
	// The TUI's path says it too when the TUI cannot start.
	if _, _, stderr := runCmd(sample); !strings.Contains(stderr, "skipped the catalog "+cfg+":2:42:") {
		t.Errorf("errscope LOG with a malformed config catalog: %s", stderr)
	}
	// A malformed --catalog stops the run: the user asked for it.
	if code, _, stderr := runCmd("summary", "--catalog", cfg, sample); code != 2 || !strings.Contains(stderr, "--catalog: "+cfg+":2:42:") {
		t.Errorf("a malformed --catalog: exit %d %s", code, stderr)
	}
}

func TestCodesCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"entries": [
  {"format": "sitecore", "code": "409", "title": "Resource conflict", "type": "error", "runbook": "wiki page 409", "ownr": "x"}
]}`), 0o600)
	code, out, stderr := runCmd("codes", "--check", good)
	if code != 0 || stderr != "" || out != good+": ok, 1 entry\n"+
		"note: "+good+`:2:3: entry 1 (sitecore 409): unknown field "ownr" (ignored)`+"\n"+
		"note: "+good+`:2:3: entry 1 (sitecore 409): runbook "wiki page 409" is not an http or https link: it is shown as text, never opened`+"\n" {
		t.Errorf("a good file: exit %d %q %q", code, out, stderr)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\"entries\": [\n  {\"format\": \"sitecore\", \"code\": \"409\", \"title\": \"A\", \"type\": \"error\", \"causes\": \"x\"}\n]}"), 0o600)
	code, out, stderr = runCmd("codes", "--check", bad)
	if code != 1 || out != "" || stderr != "errscope: "+bad+`:2:82: entry 1 "causes" should be a list of strings, not a string`+"\n" {
		t.Errorf("a bad file: exit %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCmd("codes", "--check", filepath.Join(dir, "none.json")); code != 1 || !strings.Contains(stderr, "none.json") {
		t.Errorf("a missing file: exit %d %q", code, stderr)
	}
	if code, _, _ := runCmd("codes", "--check", good, "sitecore"); code != 2 {
		t.Errorf("--check with a FORMAT: exit %d", code)
	}
}

// TestEveryCommandParses runs each command of the table's --help: each
// builds its flag set from the table (a flag main reads that the table
// lacks would panic).
func TestEveryCommandParses(t *testing.T) {
	for _, c := range cli.Commands {
		args := []string{"--help"}
		if c.Name != "" {
			args = []string{c.Name, "--help"}
		}
		if code, _, stderr := runCmd(args...); code != 0 {
			t.Errorf("errscope %s: exit %d %s", strings.Join(args, " "), code, stderr)
		}
	}
}

// TestCompletionCommand loads `errscope completion SHELL` into each shell
// installed, as the README says to, with this test binary as errscope, and
// asks it to complete a flag's value.
func TestCompletionCommand(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	os.WriteFile(filepath.Join(bin, "errscope"), []byte("#!/bin/sh\nERRSCOPE_TEST_RUN_MAIN=1 exec '"+self+"' \"$@\"\n"), 0o755)
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, c := range []struct{ shell, script, want string }{
		{"bash", `source <(errscope completion bash) && complete -p errscope &&
COMP_WORDS=(errscope export --set-mode ""); COMP_CWORD=3; _errscope; echo "${COMPREPLY[*]}"
COMP_WORDS=(errscope summary --format ""); COMP_CWORD=3; _errscope; echo "${COMPREPLY[*]}"`,
			"complete -F _errscope errscope\ninsert create upsert merge delete gdpr_delete\ntext markdown json csv\n"},
		{"fish", `errscope completion fish | source; complete -C 'errscope diff --class ' | string split -f1 \t | sort`,
			"changed\nfixed\nnew\nnot-resent\nstill\n"},
		{"zsh", `autoload -U compinit && compinit -u && source <(errscope completion zsh) && print -r -- $_comps[errscope] && whence -w _errscope`,
			"_errscope\n_errscope: function\n"},
	} {
		sh, err := exec.LookPath(c.shell)
		if err != nil {
			t.Logf("%s is not installed: not tested", c.shell)
			continue
		}
		cmd := exec.Command(sh, "-c", c.script)
		cmd.Env, cmd.Dir = env, t.TempDir()
		out, err := cmd.CombinedOutput()
		if err != nil || string(out) != c.want {
			t.Errorf("%s: %v\n%s\nwant\n%s", c.shell, err, out, c.want)
		}
	}
	// The script printed is the table's.
	var want bytes.Buffer
	cli.Bash(&want)
	if code, out, _ := runCmd("completion", "bash"); code != 0 || out != want.String() {
		t.Errorf("completion bash: exit %d", code)
	}
	if code, _, stderr := runCmd("completion", "tcsh"); code != 2 || !strings.Contains(stderr, `unknown shell "tcsh"`) {
		t.Errorf("completion tcsh: exit %d %s", code, stderr)
	}
}

// A failed write to standard output is an error (exit 1, said once); a
// reader that went away ends it quietly.
func TestWriteErrors(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	for _, args := range [][]string{
		{"summary", sample}, {"summary", "--format", "json", sample}, {"summary", "--format", "csv", sample},
		{"summary", "--format", "markdown", sample}, {"codes"}, {"help"}, {"version"},
	} {
		var errb bytes.Buffer
		code := run(args, strings.NewReader(""), full, &errb)
		if code != 1 || errb.String() != "errscope: writing output: no space left on device\n" {
			t.Errorf("%v > /dev/full: exit %d, stderr %q", args, code, errb.String())
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	signal.Ignore(syscall.SIGPIPE) // as a parent may have set it: the write then fails with EPIPE
	defer signal.Reset(syscall.SIGPIPE)
	var errb bytes.Buffer
	code := run([]string{"summary", sample}, strings.NewReader(""), w, &errb)
	w.Close()
	if code != 0 || errb.Len() != 0 {
		t.Errorf("closed pipe: exit %d, stderr %q; want 0, quiet", code, errb.String())
	}
}

// diffClasses are the classes testdata/gen made testdata/diff/after.gz with.
func diffClasses(t *testing.T) map[string]int64 {
	t.Helper()
	b, err := os.ReadFile("testdata/diff/classes.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]int64
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

const (
	diffAfter  = "testdata/diff/after.gz"
	diffResent = "testdata/diff/resent.gz"
)

func TestDiffKnownClasses(t *testing.T) {
	want := diffClasses(t)
	for _, resent := range []bool{false, true} {
		args := []string{"diff", "--format", "json", sample, diffAfter}
		fixed := want["fixed"] + want["not_resent"]
		notResent := int64(0)
		if resent {
			args = append(args, "--resent", diffResent)
			fixed, notResent = want["fixed"], want["not_resent"]
		}
		code, out, stderr := runCmd(args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		var d report.DiffJSON
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		if d.Fixed != fixed || d.NotResent != notResent || d.Still != want["still"] || d.Changed != want["changed"] || d.New != want["new"] ||
			d.Unjoinable != want["unjoinable_after"] || d.UnjoinableAfter != want["unjoinable_after"] || d.RepeatedAfter != want["repeated_after"] || d.RepeatedBefore != 0 {
			t.Errorf("resent %v: %+v\nwant %v", resent, d, want)
		}
		// By type, the classes add up to the totals, and before to the
		// before log's own counts.
		var sum [5]int64
		var before int64
		for _, bt := range d.ByType {
			for i, v := range []int64{bt.Fixed, bt.Still, bt.Changed, bt.New, bt.NotResent} {
				sum[i] += v
			}
			before += bt.Before
		}
		if sum != [5]int64{d.Fixed, d.Still, d.Changed, d.New, d.NotResent} || before != 5000 || d.Before.Records != 5000 {
			t.Errorf("by type sums %v, before %d", sum, before)
		}
	}
}

// The raw JSON has the contract's fields, by name.
func TestDiffJSONContract(t *testing.T) {
	_, out, _ := runCmd("diff", "--format", "json", sample, diffAfter)
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"fixed", "still", "changed", "new", "unjoinable", "by_type"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in %s", k, out)
		}
	}
	first := raw["by_type"].([]any)[0].(map[string]any)
	for _, k := range []string{"format", "code", "title", "before", "after", "fixed", "still", "changed", "new"} {
		if _, ok := first[k]; !ok {
			t.Errorf("by_type has no %q: %v", k, first)
		}
	}
}

// refsOf reads a Sitecore log's refs the plain way.
func refsOf(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	dec := json.NewDecoder(zr)
	for dec.More() {
		var rec struct{ Ref *string }
		if err := dec.Decode(&rec); err != nil {
			t.Fatal(err)
		}
		if rec.Ref != nil {
			refs[*rec.Ref] = true
		}
	}
	return refs
}

func TestDiffRefs(t *testing.T) {
	want := diffClasses(t)
	before, after, resent := refsOf(t, sample), refsOf(t, diffAfter), refsOf(t, diffResent)
	for _, tt := range []struct {
		class string
		n     int64
		ok    func(ref string) bool
	}{
		{"fixed", want["fixed"], func(r string) bool { return before[r] && !after[r] && resent[r] }},
		{"not-resent", want["not_resent"], func(r string) bool { return before[r] && !after[r] && !resent[r] }},
		{"still", want["still"], func(r string) bool { return before[r] && after[r] }},
		{"changed", want["changed"], func(r string) bool { return before[r] && after[r] }},
		{"new", want["new"], func(r string) bool { return !before[r] && after[r] }},
	} {
		code, out, stderr := runCmd("diff", "--class", tt.class, "--resent", diffResent, sample, diffAfter)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || stderr != "" || int64(len(lines)) != tt.n {
			t.Errorf("%s: exit %d, %d refs, want %d; stderr %q", tt.class, code, len(lines), tt.n, stderr)
			continue
		}
		seen := map[string]bool{}
		for _, r := range lines {
			if !tt.ok(r) || seen[r] {
				t.Errorf("%s: ref %q should not be listed (or is listed twice)", tt.class, r)
				break
			}
			seen[r] = true
		}
	}
}

func TestDiffTextAndMarkdown(t *testing.T) {
	want := diffClasses(t)
	for _, f := range []string{"text", "markdown"} {
		code, out, _ := runCmd("diff", "--format", f, "--resent", diffResent, sample, diffAfter)
		for _, w := range []string{
			model.Thousands(want["fixed"]), model.Thousands(want["still"]), model.Thousands(want["changed"]), model.Thousands(want["new"]),
			model.Thousands(want["not_resent"]), "not re-sent", "Validation error", "Identity information missing",
			fmt.Sprintf("%d failed records have no ref", want["unjoinable_after"]),
			fmt.Sprintf("%d failed records repeat a ref", want["repeated_after"]),
		} {
			if code != 0 || !strings.Contains(out, w) {
				t.Errorf("%s: exit %d, no %q in\n%s", f, code, w, out)
			}
		}
	}
}

func TestDiffUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"diff", sample}, "name two logs"},
		{[]string{"diff", "--class", "gone", sample, diffAfter}, "unknown --class"},
		{[]string{"diff", "--format", "refs", sample, diffAfter}, "needs --class"},
		{[]string{"diff", "--format", "json", "--class", "new", sample, diffAfter}, "--class goes with --format refs"},
		{[]string{"diff", "--class", "not-resent", sample, diffAfter}, "needs --resent"},
		{[]string{"diff", "--format", "xml", sample, diffAfter}, "unknown --format"},
	} {
		code, _, stderr := runCmd(tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, stderr)
		}
	}
	code, out, stderr := runCmd("diff", "nope.gz", diffAfter)
	if code != 1 || !strings.Contains(stderr, "nope.gz: no such file") || !strings.Contains(out, "was not read whole") {
		t.Errorf("a missing log: exit %d, stderr %q\n%s", code, stderr, out)
	}
}

// Logs at URLs: every output names them masked.
func TestDiffURLsMasked(t *testing.T) {
	_, sign := logServer(t)
	for _, f := range []string{"text", "markdown", "json"} {
		code, out, stderr := runCmd("diff", "--format", f, sign("/import.gz"), sign("/cut.gz"))
		noCredentials(t, f+" stdout", out)
		noCredentials(t, f+" stderr", stderr)
		masked := "/import.gz?AWSAccessKeyId=***&Expires=1764000000&Signature=***"
		if f == "markdown" {
			masked = `/import.gz?AWSAccessKeyId=\*\*\*&amp;Expires=1764000000&amp;Signature=\*\*\*`
		}
		if code != 1 || !strings.Contains(out, masked) || !strings.Contains(out, "not read whole") && f != "json" || !strings.Contains(stderr, "connection was cut") {
			t.Errorf("%s: exit %d, stderr %q\n%s", f, code, stderr, out)
		}
	}
}

// BenchmarkDiffCommand1M is `errscope diff` on two generated logs of 1M
// records (the before log and the log after a re-send, about 900k
// records), reading both and joining them:
//
//	go test -run XXX -bench DiffCommand1M -benchtime 5x -count 5 .
func BenchmarkDiffCommand1M(b *testing.B) {
	dir := b.TempDir()
	before, after := filepath.Join(dir, "before.gz"), filepath.Join(dir, "after.gz")
	gen := exec.Command("go", "run", "./testdata/gen", "-n", "1000000", "-seed", "7", "-o", before, "-after", after)
	if out, err := gen.CombinedOutput(); err != nil {
		b.Skipf("go run ./testdata/gen: %v\n%s", err, out)
	}
	b.ResetTimer()
	for b.Loop() {
		var out, errb bytes.Buffer
		if code := run([]string{"diff", "--format", "json", before, after}, strings.NewReader(""), &out, &errb); code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
}

// startMain starts this test binary as errscope with args.
func startMain(t *testing.T, stdin io.Reader, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "ERRSCOPE_TEST_RUN_MAIN=1")
	var out, errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out, &errb
}

// waitCatching waits until process pid catches sig (Linux: SigCgt in
// /proc/PID/status), so that a signal sent then is the program's to handle.
func waitCatching(t *testing.T, pid int, sig syscall.Signal) {
	t.Helper()
	for range 1000 {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			t.Skip("no /proc:", err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			if h, ok := strings.CutPrefix(l, "SigCgt:"); ok {
				mask, _ := strconv.ParseUint(strings.TrimSpace(h), 16, 64)
				if mask&(1<<(sig-1)) != 0 {
					return
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d does not catch %v", pid, sig)
}

// waitBlocked waits until a thread of process pid waits on a FIFO's other
// end or on a pipe (Linux: /proc/PID/task/*/wchan): the program is in its
// read, its interrupt handling long set up.
func waitBlocked(t *testing.T, pid int) {
	t.Helper()
	for range 1000 {
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/wchan", pid))
		for _, task := range tasks {
			if b, _ := os.ReadFile(task); strings.Contains(string(b), "partner") || strings.Contains(string(b), "pipe") {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d is not waiting on a FIFO or a pipe", pid)
}

// SIGINT and SIGTERM end summary, export and diff at once while a read is
// blocked (a FIFO with no writer, a pipe that sends nothing more): exit 1,
// saying which input and how far it got, and no output file.
func TestInterruptBlockedRead(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	out := filepath.Join(dir, "refs.txt")
	cases := []struct {
		name   string
		sig    syscall.Signal
		pipe   bool // stdin is a pipe that sends one record, then waits
		args   []string
		say    string
		nofile bool
	}{
		{"summary fifo", syscall.SIGINT, false, []string{"summary", fifo}, "p: interrupted before its first record, while opening it", false},
		{"summary slow pipe", syscall.SIGTERM, true, []string{"summary", "-"}, "stdin: interrupted", false},
		{"export fifo", syscall.SIGINT, false, []string{"export", "-o", out, fifo}, "export: interrupted: nothing was written", true},
		{"diff fifo", syscall.SIGTERM, false, []string{"diff", sample, fifo}, "diff: interrupted: nothing was written", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdin io.Reader = strings.NewReader("")
			var w *os.File
			if tc.pipe {
				r, pw, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				w = pw
				defer w.Close()
				w.WriteString(`{"ref": "a", "code": "409", "message": "m"}` + "\n")
				stdin = r
			}
			cmd, _, errb := startMain(t, stdin, tc.args...)
			waitBlocked(t, cmd.Process.Pid)
			cmd.Process.Signal(tc.sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("%v did not end it within 10 s; stderr %q", tc.sig, errb.String())
			}
			if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(errb.String(), tc.say) {
				t.Errorf("exit %d, stderr %q; want 1 saying %q", code, errb.String(), tc.say)
			}
			if tc.nofile {
				if ents, _ := os.ReadDir(dir); len(ents) != 1 {
					t.Errorf("files left: %v", ents)
				}
			}
		})
	}
}

// openPty opens a pseudo-terminal: the master, and the slave for a child.
func openPty(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skip("no pty:", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skip("no pty:", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skip("no pty:", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skip("no pty:", err)
	}
	unix.IoctlSetWinsize(int(s.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 30, Col: 120})
	return m, s
}

// cooked says whether the terminal is in the shell's mode: lines, echo.
func cooked(t *testing.T, tty *os.File) bool {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return tio.Lflag&unix.ICANON != 0 && tio.Lflag&unix.ECHO != 0
}

// The terminal is always restored: SIGHUP, SIGQUIT and SIGTERM end the TUI
// with the terminal in the shell's mode, out of the alternate screen.
// (SIGTSTP and fg need a job-control shell: TestTUISuspendResume.)
func TestTUISignalsRestoreTerminal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			master, slave := openPty(t)
			defer master.Close()
			defer slave.Close()
			cmd := exec.Command(os.Args[0], sample)
			cmd.Env = append(os.Environ(), "ERRSCOPE_TEST_RUN_MAIN=1", "TERM=xterm-256color")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
			// A process group of its own in this session, as a shell's job:
			// stopped and continued as a whole, never orphaned.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			var screen bytes.Buffer
			var mu sync.Mutex
			go func() {
				b := make([]byte, 32<<10)
				for {
					n, err := master.Read(b)
					mu.Lock()
					screen.Write(b[:n])
					mu.Unlock()
					if err != nil {
						return
					}
				}
			}()
			seen := func(s string, from int) bool {
				for range 1000 {
					mu.Lock()
					ok := strings.Contains(screen.String()[min(from, screen.Len()):], s)
					mu.Unlock()
					if ok {
						return true
					}
					time.Sleep(10 * time.Millisecond)
				}
				return false
			}
			if !seen("ERROR TYPES", 0) {
				t.Fatalf("the TUI did not draw:\n%q", screen.String())
			}
			waitCatching(t, cmd.Process.Pid, sig)
			if cooked(t, slave) {
				t.Fatal("the TUI runs in cooked mode")
			}
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("%v did not end the TUI", sig)
			}
			if !cooked(t, slave) {
				t.Errorf("%v left the terminal raw", sig)
			}
			// The last bytes may still be on their way through the pty.
			left := func() bool {
				mu.Lock()
				defer mu.Unlock()
				out := screen.String()
				return strings.LastIndex(out, "\x1b[?1049l") < strings.LastIndex(out, "\x1b[?1049h")
			}
			for i := 0; i < 200 && left(); i++ {
				time.Sleep(10 * time.Millisecond)
			}
			if left() {
				t.Errorf("%v left the alternate screen on", sig)
			}
		})
	}
}

// A log whose code field holds an id: past 10,000 error types the codes
// fold into one "*" group, named in the JSON, with a warning naming --code.
func TestSummaryFoldsIDCodes(t *testing.T) {
	var b strings.Builder
	for i := range 12_000 {
		fmt.Fprintf(&b, "{\"ref\": \"r%d\", \"code\": \"id-%d\", \"message\": \"m\"}\n", i, i)
	}
	log := filepath.Join(t.TempDir(), "ids.log")
	if err := os.WriteFile(log, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd("summary", "--format", "json", log)
	var s struct {
		Records int
		Groups  []struct {
			Code, Title string
			Count       int
			Folded      int
		}
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	last := s.Groups[len(s.Groups)-1]
	for _, g := range s.Groups {
		if g.Code == "*" {
			last = g
		}
	}
	if code != 0 || s.Records != 12_000 || len(s.Groups) != 10_001 || last.Code != "*" || last.Folded != 2_000 ||
		last.Title != "2,000 other codes" || last.Count != 2_000 || !strings.Contains(stderr, "Name the field that holds the error code with --code") {
		t.Errorf("exit %d, %d records, %d groups, fold %+v\nstderr %s", code, s.Records, len(s.Groups), last, stderr)
	}
}

// export from a log at a URL (and with the batch file at a URL): every
// byte it writes to stderr and stdout is free of the credentials, and what
// it exports is the log's.
func TestExportURLMasked(t *testing.T) {
	_, sign := logServer(t)
	refs, _ := sampleRefs(t)
	code, out, stderr := runCmd("export", sign("/import.gz"))
	noCredentials(t, "stdout", out)
	noCredentials(t, "stderr", stderr)
	if code != 0 || out != strings.Join(refs, "\n")+"\n" {
		t.Errorf("refs: exit %d, stderr %q", code, stderr)
	}
	path := filepath.Join(t.TempDir(), "out.csv")
	code, _, stderr = runCmd("export", "--format", "csv", "-o", path, sign("/import.gz"))
	body, _ := os.ReadFile(path)
	noCredentials(t, "stdout", out)
	noCredentials(t, "stderr", stderr)
	noCredentials(t, "the csv", string(body))
	if code != 0 || !strings.Contains(string(body), "import.gz?AWSAccessKeyId=***") {
		t.Errorf("csv: exit %d, stderr %q, file %.300s", code, stderr, body)
	}
	code, _, stderr = runCmd("export", "-o", filepath.Join(t.TempDir(), "x"), sign("/cut.gz"))
	noCredentials(t, "stderr", stderr)
	if code != 1 || !strings.Contains(stderr, "connection was cut") {
		t.Errorf("cut: exit %d, stderr %q", code, stderr)
	}
}

// A re-send whose batch status says success is the best answer a diff can
// give: every record fixed, the after side whole, exit 0.
func TestDiffAfterSuccessStatus(t *testing.T) {
	after := filepath.Join(t.TempDir(), "status.json")
	os.WriteFile(after, []byte(`{"ref": "7c1e", "status": {"code": "success"}}`), 0o644)
	code, out, stderr := runCmd("diff", "--format", "json", sample, after)
	var d struct {
		Fixed, Still, Changed, New int
		After                      struct{ Errors []string }
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || code != 0 || d.Fixed == 0 || d.Still+d.Changed+d.New != 0 || len(d.After.Errors) != 0 {
		t.Errorf("exit %d, %+v (%v), stderr %q", code, d, err, stderr)
	}
	if !strings.Contains(stderr, "nothing failed") {
		t.Errorf("stderr does not say the batch succeeded: %q", stderr)
	}
	code, out, _ = runCmd("diff", sample, after)
	if code != 0 || strings.Contains(out, "not read whole") {
		t.Errorf("text: exit %d\n%s", code, out)
	}
}

// An export whose logs could none be read writes no file: an empty one would
// only stand in the way (exists, --force) once the path is put right.
func TestExportNoLogReadWritesNoFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.refs")
	code, _, stderr := runCmd("export", "-o", out, filepath.Join(dir, "typo.gz"))
	if _, err := os.Lstat(out); code != 1 || err == nil || !strings.Contains(stderr, "no such file") || strings.Contains(stderr, "wrote ") {
		t.Errorf("exit %d, file there: %v, stderr %q", code, err == nil, stderr)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	// A log read in part still gives what was read.
	code, _, stderr = runCmd("export", "-o", out, sample, filepath.Join(dir, "typo.gz"))
	if _, err := os.Lstat(out); code != 1 || err != nil || !strings.Contains(stderr, "wrote ") {
		t.Errorf("one log of two: exit %d, %v, stderr %q", code, err, stderr)
	}
}

// export --format csv gives every record the pattern summary gives it, the
// first records too (the log is read twice: patterns first); from standard
// input, read once, it says the patterns are as known while streaming.
func TestExportCSVPatternsAreSummarys(t *testing.T) {
	var b strings.Builder
	users := []string{"root", "news", "test", "cyrus", "guest", "admin"}
	for i := range 3000 {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, `{"ref":"g%d","code":"404","message":"Guest %d not found"}`+"\n", i, i)
		case 1:
			fmt.Fprintf(&b, `{"ref":"v%d","code":"400","message":"Validation error: attribute 'ext.a%d' expected %s but got string"}`+"\n", i, i%7, []string{"boolean", "integer"}[i/3%2])
		default:
			fmt.Fprintf(&b, `{"ref":"s%d","code":"599","message":"session closed for user %s"}`+"\n", i, users[i/3%len(users)])
		}
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "import.log")
	os.WriteFile(log, []byte(b.String()), 0o600)
	code, out, stderr := runCmd("summary", "--format", "json", log)
	var sum struct {
		Patterns []struct {
			Code, Title, Pattern string
			Count                int64
		}
	}
	if err := json.Unmarshal([]byte(out), &sum); code != 0 || err != nil {
		t.Fatalf("summary: exit %d, %v, stderr %q", code, err, stderr)
	}
	want := map[string]int64{}
	for _, p := range sum.Patterns {
		want[p.Code+" "+p.Title+" | "+p.Pattern] += p.Count
	}
	csvOut := filepath.Join(dir, "out.csv")
	code, _, stderr = runCmd("export", "--format", "csv", "-o", csvOut, log)
	body, _ := os.ReadFile(csvOut)
	if code != 0 || strings.Contains(stderr, "pattern") {
		t.Fatalf("export: exit %d, stderr %q", code, stderr)
	}
	rows := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")[1:]
	got := map[string]int64{}
	for _, r := range rows {
		f := strings.Split(r, ",") // no cell here holds a comma or a quote
		got[f[1]+" "+f[2]+" | "+f[4]]++
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("csv patterns\n%v\nsummary's\n%v", got, want)
	}
	for _, r := range rows[:3] {
		if f := strings.Split(r, ","); strings.Contains(f[4], "Guest 0") || strings.Contains(f[4], "ext.a1") || strings.Contains(f[4], "root") {
			t.Errorf("an early record has a narrower pattern than summary's: %s", r)
		}
	}
	cmd, stdout, errb := startMain(t, strings.NewReader(b.String()), "export", "--format", "csv", "-")
	if err := cmd.Wait(); err != nil || !strings.Contains(errb.String(), "pattern as known when it was written") ||
		!strings.Contains(stdout.String(), "g0,404,Resource not found,error,Guest 0 not found,") {
		t.Errorf("export from standard input: %v, stderr %q, stdout %.300s", err, errb, stdout)
	}
}

// TestTUISuspendResume: ctrl+z and kill -TSTP stop the TUI as a job of an
// interactive bash (in a tmux of the test's own, on its own socket): the
// shell says Stopped, out of the alternate screen, the terminal in the
// shell's mode; fg brings the screen back whole, and keys reach it at
// once (raw mode). Without a job-control shell a stopped child is
// continued at once, so a bare pty cannot show it.
func TestTUISuspendResume(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("no tmux")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	self, err := filepath.Abs(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	log, err := filepath.Abs(sample)
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "tmux") // a server of its own: no other session is touched
	tmux := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("tmux", append([]string{"-S", sock, "-f", "/dev/null"}, args...)...)
		cmd.Env = slices.DeleteFunc(os.Environ(), func(e string) bool { return strings.HasPrefix(e, "TMUX=") })
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	// bash without line editing reads in the terminal's cooked mode, so
	// the mode seen while it waits is the one the TUI left.
	tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "30",
		"env", "-i", "HOME="+os.Getenv("HOME"), "PATH="+os.Getenv("PATH"), "TERM=xterm-256color", "PS1=PROMPT$ ",
		"XDG_CONFIG_HOME="+os.Getenv("XDG_CONFIG_HOME"), bash, "--norc", "--noprofile", "--noediting", "-i")
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-session", "-t", "t").Run() })
	screen := func() string { return tmux("capture-pane", "-p", "-t", "t") }
	wait := func(what string, ok func(string) bool) string {
		t.Helper()
		var s string
		for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if s = screen(); ok(s) {
				return s
			}
		}
		t.Fatalf("waited 15 s for %s; the screen:\n%s", what, s)
		return s
	}
	has := func(sub string) func(string) bool { return func(s string) bool { return strings.Contains(s, sub) } }
	alt := func() bool {
		return strings.TrimSpace(tmux("display-message", "-p", "-t", "t", "#{alternate_on}")) == "1"
	}
	tty, err := os.OpenFile(strings.TrimSpace(tmux("display-message", "-p", "-t", "t", "#{pane_tty}")), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skip("the pane's tty:", err)
	}
	defer tty.Close()
	wait("the prompt", has("PROMPT$"))
	tmux("send-keys", "-t", "t", "ERRSCOPE_TEST_RUN_MAIN=1 '"+self+"' '"+log+"'", "Enter")
	wait("the TUI", has("ERROR TYPES"))

	// stop stops the TUI as the user would (ctrl+z, or kill -TSTP from
	// elsewhere) and resumes it with fg.
	stops := []struct {
		name string
		stop func()
	}{
		{"ctrl+z", func() { tmux("send-keys", "-t", "t", "C-z") }},
		{"kill -TSTP", func() {
			shell := strings.TrimSpace(tmux("display-message", "-p", "-t", "t", "#{pane_pid}"))
			kids, err := os.ReadFile("/proc/" + shell + "/task/" + shell + "/children")
			pid, err2 := strconv.Atoi(strings.TrimSpace(string(kids)))
			if err != nil || err2 != nil {
				t.Skip("no /proc children:", err, err2)
			}
			syscall.Kill(pid, syscall.SIGTSTP)
		}},
	}
	for _, s := range stops {
		if cooked(t, tty) || !alt() {
			t.Fatalf("%s: before it the TUI is not in raw mode on the alternate screen", s.name)
		}
		s.stop()
		got := wait("the shell to say Stopped", has("Stopped")) // the screen is cleared before each fg
		if alt() || strings.Contains(got, "ERROR TYPES") || !cooked(t, tty) {
			t.Errorf("%s: stopped, the terminal is not the shell's (alternate screen %v, cooked %v):\n%s", s.name, alt(), cooked(t, tty), got)
		}
		tmux("send-keys", "-t", "t", "clear; fg", "Enter")
		got = wait("the TUI back", func(sc string) bool {
			return strings.Contains(sc, "ERROR TYPES") && strings.Contains(sc, "? help")
		})
		if lines := strings.Split(strings.TrimRight(got, "\n"), "\n"); len(lines) != 30 || !strings.Contains(lines[0], "5,000 records") {
			t.Errorf("%s: fg did not draw the whole screen:\n%s", s.name, got)
		}
		// A key with no Enter reaches it: raw mode again.
		tmux("send-keys", "-t", "t", "?")
		wait("the help, after fg", has("esc or ? closes this help"))
		tmux("send-keys", "-t", "t", "?")
		wait("the help closed", has("ERROR TYPES"))
	}
	tmux("send-keys", "-t", "t", "q")
	wait("the prompt after q", func(sc string) bool { return !alt() && strings.Contains(sc, "PROMPT$") })
	tmux("send-keys", "-t", "t", "echo exit=$?", "Enter")
	wait("exit 0", has("exit=0"))
	if !cooked(t, tty) {
		t.Error("q left the terminal raw")
	}
}

// ERRSCOPE_CPUPROFILE writes a CPU profile of the command, whose exit
// status it keeps; a profile that cannot be written does not stop it.
func TestCPUProfileEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.out")
	t.Setenv("ERRSCOPE_CPUPROFILE", path)
	if rc := profiled(func() int { return 3 }); rc != 3 {
		t.Errorf("exit %d, want 3", rc)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("no profile written: %v", err)
	}
	t.Setenv("ERRSCOPE_CPUPROFILE", filepath.Join(t.TempDir(), "no", "such", "dir", "cpu.out"))
	if rc := profiled(func() int { return 4 }); rc != 4 {
		t.Errorf("exit %d, want 4", rc)
	}
}

// A log that can be read once (a FIFO, a process substitution) is read
// once: csv's patterns are those known while streaming, with the note, and
// every record is written (it wrote none: the first read took them all).
func TestExportCSVFromFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "log.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO here:", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		for i := range 50 {
			fmt.Fprintf(f, `{"ref":"g%d","code":"404","message":"Guest %d not found"}`+"\n", i, i)
		}
	}()
	out := filepath.Join(dir, "out.csv")
	code, _, stderr := runCmd("export", "--format", "csv", "-o", out, fifo)
	body, _ := os.ReadFile(out)
	if rows := strings.Count(string(body), "\n") - 1; code != 0 || rows != 50 || !strings.Contains(stderr, "pattern as known when it was written") {
		t.Errorf("export from a FIFO: exit %d, %d rows, stderr %q", code, rows, stderr)
	}
}
