package source

import (
	"bytes"
	"context"
	"errors"

	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/errscope/errscope/model"
)

// hostile is testdata/hostile/NAME, made with the real tools (bzip2, xz,
// zstd, lz4, zip, tar, gzip, iconv, tr; the 7z file is its signature header).
func hostile(name string) string { return filepath.Join("..", "testdata", "hostile", name) }

// readFile opens and reads a log as load does, into a store.
func readFile(t *testing.T, path string) (Result, *model.Store) {
	t.Helper()
	st := model.NewStore(testCatalog)
	res := load(context.Background(), []string{path}, st, nil, Mapping{}, FetchOptions{}, Hooks{})
	return res[0], st
}

// Files that are not logs are named, with what to do; logs with a quirk in
// their container are read whole.
func TestNotALog(t *testing.T) {
	cases := []struct {
		file string
		want []string // in the error, in order; none: no error
	}{
		{"import.jsonl.bz2", []string{"import.jsonl.bz2: not a log: it is bzip2-compressed", "bunzip2 -k ../testdata/hostile/import.jsonl.bz2"}},
		{"import.jsonl.xz", []string{"it is xz-compressed", "unxz -k"}},
		{"import.jsonl.zst", []string{"it is zstd-compressed", "unzstd"}},
		{"import.jsonl.lz4", []string{"it is lz4-compressed", "unlz4"}},
		{"import.zip", []string{"it is a zip archive", "unzip -p", "import.zip NAME | errscope summary -"}},
		{"import.7z", []string{"it is a 7z archive", "7z e -so"}},
		{"import.tar", []string{"it is a tar archive", "tar -xOf"}},
		{"import.tar.gz", []string{"it is a gzipped tar archive", "tar -xzOf"}},
		{"import.utf16", []string{"it is UTF-16 text", "iconv -f UTF-16 -t UTF-8"}},
		{"import.utf16le", []string{"it is UTF-16 text", "iconv -f UTF-16"}},
		{"import.cr", []string{"carriage return only", `tr '\r' '\n'`}},
		{"import.jsonl", nil},
		{"empty", nil},
		{"empty.gz", nil},
		{"zeros.gz", nil},
		{"trailing.gz", nil},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			res, st := readFile(t, hostile(tc.file))
			if tc.want == nil {
				if res.Err != nil {
					t.Fatalf("error %v", res.Err)
				}
				n := st.Snapshot().Records()
				if strings.HasPrefix(tc.file, "empty") != (n == 0) || (n != 0 && n != 3) {
					t.Errorf("%d records", n)
				}
				return
			}
			var nl *NotLogError
			if !errors.As(res.Err, &nl) {
				t.Fatalf("error %v, want a NotLogError", res.Err)
			}
			msg := res.Err.Error()
			at := 0
			for _, w := range tc.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error %q does not say %q (after byte %d)", msg, w, at)
				}
				at += i + len(w)
			}
		})
	}
}

// Bytes after the gzip data are trailing data: the records are kept and a
// warning says so; trailing zeros are ignored silently.
func TestGzipTrailingData(t *testing.T) {
	res, st := readFile(t, hostile("trailing.gz"))
	if res.Err != nil || res.Truncated || st.Snapshot().Records() != 3 ||
		!strings.Contains(res.Warning, "the gzip data ends at byte 180, and the bytes after it are not gzip: trailing data, ignored") {
		t.Errorf("trailing garbage: %+v, %d records", res, st.Snapshot().Records())
	}
	res, _ = readFile(t, hostile("zeros.gz"))
	if res.Err != nil || res.Warning != "" {
		t.Errorf("trailing zeros: %+v", res)
	}
}

// Random bytes are not a log: exit 1 by an error, not a summary of bad lines.
func TestRandomBytesNotALog(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 64<<10)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	res, st := readFile(t, writeFile(t, "random.bin", b))
	if res.Err == nil || !strings.Contains(res.Err.Error(), "random.bin: not a log: none of its") ||
		st.Snapshot().BadLines() == 0 {
		t.Errorf("random bytes: %+v, %d bad lines", res, st.Snapshot().BadLines())
	}
	res, _ = readFile(t, writeFile(t, "one.log", []byte("hello\n")))
	if res.Err == nil || !strings.Contains(res.Err.Error(), "one.log: not a log: its one line is not a record of a Sitecore CDP error log") {
		t.Errorf("one bad line: %v", res.Err)
	}
}

// A file whose first MiB holds no line end is not a log, said within
// seconds whatever follows: /dev/zero, and a gzip bomb of zeros.
func TestNoLineEndInFirstMiB(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	chunk := make([]byte, 1<<20)
	for range 64 { // 64 MiB of zeros in 64 KiB
		zw.Write(chunk)
	}
	zw.Close()
	for _, path := range []string{"/dev/zero", writeFile(t, "bomb.gz", bytes.Repeat(gz.Bytes(), 16))} {
		if _, err := os.Stat(path); err != nil {
			t.Skip(err)
		}
		start := time.Now()
		var res Result
		grew := allocated(func() { res, _ = readFile(t, path) })
		if res.Err == nil || !strings.Contains(res.Err.Error(), "not a log: its first MiB holds no line end and no JSON") ||
			strings.Contains(res.Err.Error(), "gunzip") {
			t.Errorf("%s: %v", path, res.Err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: said after %v", path, d)
		}
		if grew > 16<<20 {
			t.Errorf("%s: allocated %d MiB, want under 16", path, grew>>20)
		}
	}
}
