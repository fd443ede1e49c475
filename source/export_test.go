package source

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/model/report"
)

// exportJob runs `export` as main wires it, to out.
func exportJob(t *testing.T, ctx context.Context, logs []string, query, format, input, mode string, out report.Records) (report.ExportResult, error) {
	t.Helper()
	return exportJobOnce(t, ctx, logs, query, format, input, mode, out, true)
}

// exportJobOnce is exportJob with the logs readable twice or only once (as
// standard input is).
func exportJobOnce(t *testing.T, ctx context.Context, logs []string, query, format, input, mode string, out report.Records, rereadable bool) (report.ExportResult, error) {
	t.Helper()
	q, err := model.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	opts := StreamOptions{Catalog: testCatalog, Logs: logs}
	job := report.ExportJob{
		Query: q, Catalog: testCatalog, Format: format, Input: input, SetMode: mode, Out: out, Rereadable: rereadable,
		Read: func(ctx context.Context, tee model.Sink, keep bool) model.Progress {
			o := opts
			o.Tee, o.Count = tee, !keep
			return NewStream(o).Run(ctx)
		},
		ScanBatch: ScanBatch, SetModeFn: SetMode,
	}
	for _, l := range logs {
		job.Sources = append(job.Sources, displayName(l))
	}
	return job.Run(ctx)
}

func exportBytes(t *testing.T, logs []string, query, format, input, mode string) ([]byte, report.ExportResult) {
	t.Helper()
	var buf bytes.Buffer
	s := report.NewStream(&buf, false)
	res, err := exportJob(t, context.Background(), logs, query, format, input, mode, s)
	if err != nil {
		t.Fatal(err)
	}
	s.Flush()
	return buf.Bytes(), res
}

const big = 3 << 20 // a 3 MiB line

// awkwardLog is a Sitecore log with a BOM, a CRLF line, a 3 MiB line, a bad
// line, null refs and no final newline; lines[i] is line i+1 as written.
func awkwardLog() (data string, lines []string) {
	lines = []string{
		"\xef\xbb\xbf" + `{"ref":"0b2c0d4e-1111-4222-8333-944455566677","code":"409","message":"Resource conflict"}` + "\r\n",
		`{"ref":"3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", "code": 400, "message":"Validation error: undefined attribute '` + strings.Repeat("a", big) + `'"}` + "\n",
		"\n",
		`{"ref":"null","code":"400","message":"Failed to parse import line"}` + "\n",
		"{\"ref\":\"not-in-batch\",\"code\":\"409\",\"message\":\"Resource conflict \\u001b[2J\"}\n",
		"broken {\n",
		`{"ref":"last-one","code":"409","message":"Resource conflict"}`,
	}
	return strings.Join(lines, ""), lines
}

func TestExportNDJSONIsTheLogsOwnBytes(t *testing.T) {
	dir := t.TempDir()
	data, lines := awkwardLog()
	log := filepath.Join(dir, "import.log")
	os.WriteFile(log, []byte(data), 0o600)
	for _, tc := range []struct {
		query string
		want  []int // line numbers
	}{
		{"", []int{1, 2, 4, 5, 7}},
		{"type:all", []int{1, 2, 4, 5, 6, 7}},
		{"code:409", []int{1, 5, 7}},
		{"conflict", []int{1, 5, 7}}, // a word: read twice
		{"type:bad", []int{6}},
	} {
		got, res := exportBytes(t, []string{log}, tc.query, "ndjson", "", "")
		var want bytes.Buffer
		for _, n := range tc.want {
			want.WriteString(lines[n-1])
		}
		if n := len(tc.want); tc.want[n-1] == 7 {
			want.WriteString("\n") // one record a line: the last ends as the others
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%q: %d bytes, want %d: %.200q", tc.query, len(got), want.Len(), got)
		}
		if res.Selected != int64(len(tc.want)) {
			t.Errorf("%q: selected %d", tc.query, res.Selected)
		}
	}
	// refs: the decoded refs, in log order.
	got, res := exportBytes(t, []string{log}, "", "refs", "", "")
	if string(got) != "0b2c0d4e-1111-4222-8333-944455566677\n3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f\nnull\nnot-in-batch\nlast-one\n" || res.Null != 1 {
		t.Errorf("refs %q (null %d)", got, res.Null)
	}
}

// awkwardInput is the batch file of awkwardLog, with lines of its own.
func awkwardInput() (data string, lines []string) {
	lines = []string{
		"\xef\xbb\xbf" + `{"ref":"0b2c0d4e-1111-4222-8333-944455566677","schema":"guest","mode":"create","value":{"email":"a@example.com"}}` + "\r\n",
		`{"ref":"other","schema":"guest","mode":"upsert","value":{}}` + "\n",
		"{\n", `  "ref": "9f2c0d4e-1111-4222-8333-944455566677"` + "\n", "}\n",
		`{ "value" : {"big":"` + strings.Repeat("x", big) + `"}, "mode" :"insert" ,"ref":"3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f","schema":"guest"}` + "\n",
		`{"ref":"last-one","schema":"guest","value":{"mode":"nested, not top-level"}}`,
	}
	return strings.Join(lines, ""), lines
}

func TestExportInputJoinsTheBatchFile(t *testing.T) {
	dir := t.TempDir()
	data, _ := awkwardLog()
	log := filepath.Join(dir, "import.log")
	os.WriteFile(log, []byte(data), 0o600)
	in, inLines := awkwardInput()
	for _, name := range []string{"batch.jsonl", "batch.gz"} {
		path := filepath.Join(dir, name)
		b := []byte(in)
		if strings.HasSuffix(name, ".gz") {
			b = gzipMember(t, in)
		}
		os.WriteFile(path, b, 0o600)
		got, res := exportBytes(t, []string{log}, "", "input", path, "")
		want := inLines[0] + inLines[5] + inLines[6]
		if string(got) != want {
			t.Errorf("%s: %.300q\nwant %.300q", name, got, want)
		}
		if res.Found != 3 || res.Missing != 1 || res.Null != 1 || res.Written != 3 || res.Batch.Bad != 3 || res.Examples[0] != "not-in-batch" {
			t.Errorf("%s: %+v", name, res)
		}
		note := report.JoinNote(res.Selected, res.Null, res.Found, res.Missing, res.Examples, res.Batch)
		for _, w := range []string{"of 4 selected refs, 3 found", "1 not in the batch file (e.g. not-in-batch)", "1 record has ref null", "3 lines of the batch file are not one-line JSON objects with a ref (lines 3, 4, 5: not one JSON object on one line (a pretty-printed record?"} {
			if !strings.Contains(note, w) {
				t.Errorf("note %q lacks %q", note, w)
			}
		}
		// --set-mode: the top-level mode only, every other byte as it was.
		got, res = exportBytes(t, []string{log}, "", "input", path, "upsert")
		want = strings.Replace(inLines[0], `"mode":"create"`, `"mode":"upsert"`, 1) +
			strings.Replace(inLines[5], `"mode" :"insert"`, `"mode" :"upsert"`, 1) +
			strings.Replace(inLines[6], `{"ref"`, `{"mode":"upsert","ref"`, 1)
		if string(got) != want {
			t.Errorf("%s --set-mode: %.300q\nwant %.300q", name, got, want)
		}
		if res.NoMode != 1 {
			t.Errorf("no mode: %d", res.NoMode)
		}
	}
}

func TestSetModeChangesOneField(t *testing.T) {
	for _, line := range []string{
		`{"ref":"a","schema":"guest","mode":"create","value":{"mode":"x","list":[1,2,{"mode":"y"}]}}` + "\n",
		"{ \"mode\" : \"insert\" , \"ref\" : \"b\" }\r\n",
		`{"ref":"c","mode":"a","mode":"b"}`,
		`{"m\u006fde":"escaped key","ref":"d"}` + "\n",
		`{}` + "\n",
	} {
		out, _ := SetMode(nil, []byte(line), "merge")
		var before, after map[string]any
		if err := json.Unmarshal([]byte(line), &before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &after); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		if after["mode"] != "merge" {
			t.Errorf("%q: mode %v", out, after["mode"])
		}
		delete(before, "mode")
		delete(after, "mode")
		b1, _ := json.Marshal(before)
		b2, _ := json.Marshal(after)
		if !bytes.Equal(b1, b2) {
			t.Errorf("%q -> %q: other fields changed", line, out)
		}
		if strings.HasSuffix(line, "\r\n") != bytes.HasSuffix(out, []byte("\r\n")) || strings.HasSuffix(line, "\n") != bytes.HasSuffix(out, []byte("\n")) {
			t.Errorf("%q -> %q: line end changed", line, out)
		}
	}
}

func TestExportCSVReadsBack(t *testing.T) {
	dir := t.TempDir()
	hostile := []string{"=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tlead", "\rret", `say "hi", then`, "multi\nline", "\x1b]52;c;QUJD\x07"}
	var b strings.Builder
	for _, h := range hostile {
		ref, _ := json.Marshal(h)
		msg, _ := json.Marshal("Resource conflict " + h)
		b.WriteString(`{"ref":` + string(ref) + `,"code":"409","message":` + string(msg) + "}\n")
	}
	log := filepath.Join(dir, "=evil.log")
	os.WriteFile(log, []byte(b.String()), 0o600)
	var buf bytes.Buffer
	buf.WriteString(report.CSVHeader)
	s := report.NewStream(&buf, false)
	if _, err := exportJob(t, context.Background(), []string{log}, "", "csv", "", "", s); err != nil {
		t.Fatal(err)
	}
	s.Flush()
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",")+"\n" != report.CSVHeader || len(rows) != len(hostile)+1 {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	for i, h := range hostile {
		r := rows[i+1]
		if want := report.CSVCell(model.Printable(h)); r[0] != want {
			t.Errorf("ref %q read back as %q, want %q", h, r[0], want)
		}
		for _, cell := range r {
			if cell != "" && strings.ContainsAny(cell[:1], "=+-@\t\r") {
				t.Errorf("cell %q starts a formula", cell)
			}
			if model.Printable(cell) != cell {
				t.Errorf("cell %q is not printable", cell)
			}
		}
		if r[1] != "409" || r[2] != "Resource conflict" || r[3] != "error" || r[5] != model.Printable("Resource conflict "+h) || r[6] != log || r[7] != itoa(i+1) {
			t.Errorf("row %q", r)
		}
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestExportProtegrityItemsAsLines(t *testing.T) {
	dir := t.TempDir()
	doc := "[{\"protect\": {\"bulk\": {\"id\": 7, \"returntype\": \"error\", \"data\": [\n" +
		"  {\"id\": 1, \"returncode\": \"/rest-v1/returncodes/id/6\", \"returntype\": \"success\", \"content\": \"abcdefghijklmnopqrstuvwxyz0123456789\"},\n" +
		"  {\n    \"id\": 2,\n    \"returncode\": \"/rest-v1/returncodes/id/22\",\n    \"returntype\": \"error\",\n    \"message\": \"Data is too short\",\n    \"content\": \"a b  c\"\n  }\n]}}},\n" +
		"{\"unprotect\": {\"bulk\": {\"id\": \"b-2\", \"data\": [{\"id\": 1, \"returncode\": \"/rest-v1/returncodes/id/9\", \"returntype\": \"error\"}]}}}]"
	log := filepath.Join(dir, "resp.json")
	os.WriteFile(log, []byte(doc), 0o600)
	got, _ := exportBytes(t, []string{log}, "type:all", "ndjson", "", "")
	want := `{"document":1,"bulk_id":7,"operation":"protect","line":2,"item":{"id":1,"returncode":"/rest-v1/returncodes/id/6","returntype":"success","content":"abcdefghijklmnopqrstuvwxyz0123456789"}}` + "\n" +
		`{"document":1,"bulk_id":7,"operation":"protect","line":3,"item":{"id":2,"returncode":"/rest-v1/returncodes/id/22","returntype":"error","message":"Data is too short","content":"a b  c"}}` + "\n" +
		`{"document":2,"bulk_id":"b-2","operation":"unprotect","line":11,"item":{"id":1,"returncode":"/rest-v1/returncodes/id/9","returntype":"error"}}` + "\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// cancelAfter is a Records that interrupts the export after n records.
type cancelAfter struct {
	report.Records
	n      int
	cancel func()
}

func (c *cancelAfter) Write(rec []byte) error {
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return c.Records.Write(rec)
}

func TestExportInterruptedLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	g := newLineFor(3)
	var line []byte
	for i := 0; i < 50000; i++ {
		line = g.append(line[:0])
		b.Write(line)
	}
	log := filepath.Join(dir, "import.log")
	os.WriteFile(log, b.Bytes(), 0o600)
	out := filepath.Join(dir, "out", "refs.gz")
	os.Mkdir(filepath.Dir(out), 0o700)
	f, err := report.Create(out, report.FileOptions{PartSize: 20000, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err = exportJob(t, ctx, []string{log}, "", "refs", "", "", &cancelAfter{Records: f, n: 5000, cancel: cancel})
	if err == nil {
		t.Fatal("an interrupted export ran to its end")
	}
	if es, _ := os.ReadDir(filepath.Dir(out)); len(es) == 0 {
		t.Fatal("expected temporary parts before the abort")
	}
	f.Abort() // what main does on any error
	if es, _ := os.ReadDir(filepath.Dir(out)); len(es) != 0 {
		t.Errorf("left behind: %v", es)
	}
}

func TestSummaryJoin(t *testing.T) {
	dir := t.TempDir()
	data, _ := awkwardLog()
	log := filepath.Join(dir, "import.log")
	os.WriteFile(log, []byte(data), 0o600)
	in, _ := awkwardInput()
	bpath := filepath.Join(dir, "batch.gz")
	os.WriteFile(bpath, gzipMember(t, in), 0o600)
	x, err := IndexBatch(context.Background(), bpath)
	if err != nil {
		t.Fatal(err)
	}
	final := NewStream(StreamOptions{Catalog: testCatalog, Logs: []string{log}}).Run(context.Background())
	snap := final.Snap
	idx, _ := snap.Compile(&model.Query{}).Scan(context.Background(), snap, 0, snap.Len(), nil)
	j := report.JoinBatch(snap, idx, x)
	if j.Refs != 4 || j.Found != 3 || j.Missing != 1 || j.Null != 1 || j.BadLines != 3 || j.MissingExamples[0] != "not-in-batch" ||
		len(j.BadLineNumbers) != 3 || j.BadLineNumbers[0] != 3 || j.Lines != 7 || j.Records != 4 {
		t.Errorf("%+v", j)
	}
	var b bytes.Buffer
	report.Text(&b, report.Summary{Batch: j}, testCatalog)
	if !strings.Contains(b.String(), "of 4 selected refs, 3 found, 1 not in the batch file (e.g. not-in-batch); 1 record has ref null") {
		t.Errorf("text: %s", b.String())
	}
}

// BenchmarkExportVsSummary reads the same 1M-record log (gzipped, as
// downloaded) for summary (counts), for export --format refs (every record
// selected, its ref written) and for export --format csv, from a file (read
// twice: the patterns first) and as from standard input (read once):
//
//	go test ./source -run '^$' -bench ExportVsSummary -benchtime 3x -count 5
func BenchmarkExportVsSummary(b *testing.B) {
	var log bytes.Buffer
	g := newLineFor(1)
	var line []byte
	for range 1_000_000 {
		line = g.append(line[:0])
		log.Write(line)
	}
	path := filepath.Join(b.TempDir(), "1m.gz")
	os.WriteFile(path, gzipMember(b, log.String()), 0o600)
	b.Run("summary", func(b *testing.B) {
		for range b.N {
			p := NewStream(StreamOptions{Catalog: testCatalog, Logs: []string{path}, Count: true}).Run(context.Background())
			if p.Snap.Records() != 1_000_000 {
				b.Fatal(p.Snap.Records())
			}
		}
	})
	export := func(format string, rereadable bool) func(b *testing.B) {
		return func(b *testing.B) {
			q := &model.Query{}
			for range b.N {
				s := report.NewStream(io.Discard, false)
				job := report.ExportJob{Query: q, Catalog: testCatalog, Format: format, Out: s, Sources: []string{path}, Rereadable: rereadable,
					Read: func(ctx context.Context, tee model.Sink, keep bool) model.Progress {
						return NewStream(StreamOptions{Catalog: testCatalog, Logs: []string{path}, Tee: tee, Count: !keep}).Run(ctx)
					}}
				res, err := job.Run(context.Background())
				if err != nil || res.Selected != 1_000_000 {
					b.Fatal(err, res.Selected)
				}
				s.Flush()
			}
		}
	}
	b.Run("export-refs", export("refs", false))
	// csv from a file reads it twice, its patterns first; from standard
	// input once, mining while it writes.
	b.Run("export-csv", export("csv", true))
	b.Run("export-csv-stdin", export("csv", false))
}
