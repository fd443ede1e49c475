package report

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// dirNames lists a folder, hidden files (temporary ones) included.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func md5File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

func gunzip(t *testing.T, path string) []byte {
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
	zr.Multistream(false) // each part is one whole gzip stream
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if err := zr.Reset(f); err != io.EOF {
		t.Fatalf("%s: more after the first gzip stream (%v)", path, err)
	}
	return b
}

func TestFileWritesAtomicallyWithMode0600(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.ndjson")
	var log bytes.Buffer
	f, err := Create(path, FileOptions{Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	recs := []string{"{\"a\":1}\r\n", "\xef\xbb\xbf{\"b\":2}\n", "{\"c\":\"\x1b[2J\"}"}
	for i, r := range recs {
		if err := f.Write([]byte(r)); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			// Before Commit only a temporary file exists, hidden.
			names := dirNames(t, dir)
			if len(names) != 1 || !strings.HasPrefix(names[0], ".out.ndjson.tmp-") {
				t.Fatalf("before commit: %q", names)
			}
		}
	}
	ws, err := f.Commit()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := strings.Join(recs, ""); string(got) != want {
		t.Fatalf("content %q, want %q", got, want)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("left behind: %q", names)
	}
	sum := md5File(t, path)
	want := fmt.Sprintf("wrote %s: 3 records, %d bytes, md5 %s\n", path, len(got), sum)
	if log.String() != want {
		t.Errorf("log %q, want %q", log.String(), want)
	}
	if len(ws) != 1 || ws[0].MD5 != sum || ws[0].Bytes != int64(len(got)) || ws[0].Records != 3 {
		t.Errorf("written %+v", ws)
	}
	f.Abort() // after Commit: nothing
	if _, err := os.Stat(path); err != nil {
		t.Error("Abort after Commit removed the file")
	}
}

func TestFileNeverOverwritesWithoutForce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "refs.txt")
	os.WriteFile(path, []byte("precious\n"), 0o644)
	if _, err := Create(path, FileOptions{}); !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("Create over a file: %v", err)
	}
	// A file that appears while the export runs is not replaced either.
	other := filepath.Join(dir, "late.txt")
	f, err := Create(other, FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new\n"))
	os.WriteFile(other, []byte("late\n"), 0o644)
	if _, err := f.Commit(); !errors.Is(err, ErrExists) {
		t.Fatalf("Commit over a late file: %v", err)
	}
	if b, _ := os.ReadFile(other); string(b) != "late\n" {
		t.Errorf("late file changed: %q", b)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious\n" {
		t.Errorf("file changed: %q", b)
	}
	if names := dirNames(t, dir); len(names) != 2 {
		t.Errorf("left behind: %q", names)
	}
	// With Force it is replaced, and the new file is 0600.
	f, err = Create(path, FileOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new\n"))
	if _, err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(b) != "new\n" || st.Mode().Perm() != 0o600 {
		t.Errorf("forced: %q %v", b, st.Mode().Perm())
	}
}

func TestFileAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "resend.gz"), FileOptions{PartSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 60; i++ { // several parts
		f.Write(randomLine(r, 300))
	}
	if len(dirNames(t, dir)) < 2 {
		t.Fatal("expected several temporary parts before the abort")
	}
	f.Abort()
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("left behind: %q", names)
	}
	if err := f.Write([]byte("x\n")); err == nil {
		t.Error("write after abort")
	}
}

// randomLine is a JSON-ish line of random letters: it compresses poorly.
func randomLine(r *rand.Rand, n int) []byte {
	b := []byte(`{"ref":"`)
	for i := 0; i < n; i++ {
		b = append(b, byte(' '+r.IntN(94)))
		if b[len(b)-1] == '"' || b[len(b)-1] == '\\' {
			b[len(b)-1] = 'q'
		}
	}
	return append(b, "\"}\n"...)
}

func TestFileGzipParts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit int64
		size  int // of a line
		n     int
	}{
		{"resend.gz", 64 << 10, 700, 300},     // incompressible: many parts
		{"resend.gz", 20 << 10, 19 << 10, 40}, // a line nearly the limit
		{"out.ndjson", 10 << 10, 333, 300},    // plain parts
		{"one.gz", 50_000_000, 100, 300},      // one file: its own name
	} {
		t.Run(fmt.Sprintf("%s/%d/%d", tc.name, tc.limit, tc.size), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.name)
			var log bytes.Buffer
			f, err := Create(path, FileOptions{PartSize: tc.limit, Log: &log})
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(3, uint64(tc.size)))
			var all bytes.Buffer
			for i := 0; i < tc.n; i++ {
				l := randomLine(r, r.IntN(tc.size)+1)
				all.Write(l)
				if err := f.Write(l); err != nil {
					t.Fatal(err)
				}
			}
			ws, err := f.Commit()
			if err != nil {
				t.Fatal(err)
			}
			if (len(ws) > 1) != (tc.limit < 1<<20) {
				t.Fatalf("%d parts", len(ws))
			}
			var back bytes.Buffer
			lines := regexp.MustCompile(`^wrote (\S+): (\d+) records, (\d+) bytes, md5 ([0-9a-f]{32})$`)
			logged := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
			for k, w := range ws {
				want := path
				if len(ws) > 1 {
					ext := filepath.Ext(tc.name)
					want = filepath.Join(dir, fmt.Sprintf("%s-%03d%s", strings.TrimSuffix(tc.name, ext), k+1, ext))
				}
				if w.Path != want {
					t.Errorf("part %d named %s, want %s", k, w.Path, want)
				}
				st, err := os.Stat(w.Path)
				if err != nil {
					t.Fatal(err)
				}
				if st.Size() > tc.limit || st.Size() != w.Bytes || st.Mode().Perm() != 0o600 {
					t.Errorf("%s: %d bytes (limit %d, said %d), mode %v", w.Path, st.Size(), tc.limit, w.Bytes, st.Mode().Perm())
				}
				if sum := md5File(t, w.Path); sum != w.MD5 {
					t.Errorf("%s: md5 %s, said %s", w.Path, sum, w.MD5)
				}
				m := lines.FindStringSubmatch(logged[k])
				if m == nil || m[1] != w.Path || m[2] != fmt.Sprint(w.Records) || m[3] != fmt.Sprint(w.Bytes) || m[4] != w.MD5 {
					t.Errorf("log line %q for %+v", logged[k], w)
				}
				var body []byte
				if strings.HasSuffix(w.Path, ".gz") {
					body = gunzip(t, w.Path)
				} else {
					body, _ = os.ReadFile(w.Path)
				}
				if len(body) == 0 || body[len(body)-1] != '\n' || int64(bytes.Count(body, []byte("\n"))) != w.Records {
					t.Errorf("%s: a line is split, or records miscounted (%d)", w.Path, w.Records)
				}
				back.Write(body)
			}
			if !bytes.Equal(back.Bytes(), all.Bytes()) {
				t.Error("the parts together are not the records written")
			}
			if len(ws) > 1 && len(dirNames(t, dir)) != len(ws) {
				t.Errorf("files: %q", dirNames(t, dir))
			}
		})
	}
}

func TestFileRecordLargerThanPart(t *testing.T) {
	dir := t.TempDir()
	f, _ := Create(filepath.Join(dir, "big.ndjson"), FileOptions{PartSize: 100})
	f.Write([]byte(strings.Repeat("x", 50) + "\n"))
	f.Write([]byte(strings.Repeat("y", 500) + "\n"))
	if _, err := f.Commit(); err == nil || !strings.Contains(err.Error(), "cannot be split") {
		t.Fatalf("err %v", err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("left behind: %q", names)
	}
}

func TestFileHeaderInEveryPart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	f, _ := Create(path, FileOptions{PartSize: 40, Header: []byte("ref,code\n")})
	for i := 0; i < 6; i++ {
		f.Write([]byte(fmt.Sprintf("r%d,409\n", i)))
	}
	ws, err := f.Commit()
	if err != nil {
		t.Fatal(err)
	}
	total := int64(0)
	for _, w := range ws {
		b, _ := os.ReadFile(w.Path)
		if !bytes.HasPrefix(b, []byte("ref,code\n")) {
			t.Errorf("%s: %q", w.Path, b)
		}
		total += w.Records
	}
	if total != 6 || len(ws) < 2 {
		t.Errorf("%d records in %d parts", total, len(ws))
	}
	// No record: a file with the header only.
	empty := filepath.Join(dir, "empty.csv")
	f, _ = Create(empty, FileOptions{Header: []byte("ref,code\n")})
	if ws, err := f.Commit(); err != nil || ws[0].Records != 0 {
		t.Fatal(ws, err)
	}
	if b, _ := os.ReadFile(empty); string(b) != "ref,code\n" {
		t.Errorf("empty: %q", b)
	}
}

func TestStreamPrintableOnlyForATerminal(t *testing.T) {
	rec := []byte("{\"m\":\"\x1b]52;c;AAAA\x07\"}\r\n")
	var raw, shown bytes.Buffer
	for _, c := range []struct {
		w *bytes.Buffer
		p bool
	}{{&raw, false}, {&shown, true}} {
		s := NewStream(c.w, c.p)
		s.Write(rec)
		s.Flush()
	}
	if !bytes.Equal(raw.Bytes(), rec) {
		t.Errorf("pipe: %q", raw.Bytes())
	}
	sc := bufio.NewScanner(&shown)
	sc.Scan()
	if got := sc.Text(); got != `{"m":"\x1b]52;c;AAAA\x07"}\r` {
		t.Errorf("terminal: %q", got)
	}
}

func TestFileRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("kept\n"), 0o600)
	link := filepath.Join(dir, "link")
	os.Symlink(target, link)
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	for _, p := range []string{"/dev/null", link, sub} {
		for _, force := range []bool{false, true} {
			if _, err := Create(p, FileOptions{Force: force}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("Create(%s, force %v): %v", p, force, err)
			}
		}
	}
	if st, err := os.Lstat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null: %v %v", st.Mode(), err)
	}
	if b, _ := os.ReadFile(target); string(b) != "kept\n" {
		t.Errorf("target %q", b)
	}
}
