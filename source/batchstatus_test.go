package source

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

func statusJSON(code, log string) string {
	s := `{"ref": "5f2a1c9e-3b7d-4e8f-a1b2-c3d4e5f60718", "checksum": "9e107d9d372bb6826bd81d3542a419d6", "size": 4096, "status": {"code": "` + code + `"`
	if log != "" {
		s += `, "log": "` + log + `"`
	}
	return s + "}}\n"
}

func TestBatchStatusStates(t *testing.T) {
	tests := []struct {
		code    string
		success bool
		want    []string
	}{
		{"success", true, []string{"succeeded", "nothing failed", "no error log"}},
		{"uploading", false, []string{"still uploading", "not finished", "again in a few minutes"}},
		{"processing", false, []string{"still processing", "not finished"}},
		{"corrupted", false, []string{"is corrupted", "checksum or size given when the upload was allocated", "lower-case hex MD5 of the gzip file", "checksum 9e107d9d372bb6826bd81d3542a419d6, size 4096"}},
		{"error", false, []string{"names no error log", "probably zipped, not gzipped", "gzip"}},
		{"paused", false, []string{`"paused"`, "does not know"}},
	}
	for _, tt := range tests {
		path := writeFile(t, "status.json", []byte(statusJSON(tt.code, "")))
		_, err := Open(path)
		se, ok := err.(*StatusError)
		if !ok {
			t.Errorf("%s: Open = %v; want a *StatusError", tt.code, err)
			continue
		}
		if se.Success() != tt.success {
			t.Errorf("%s: Success() = %v", tt.code, se.Success())
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, path+": batch 5f2a1c9e-3b7d-4e8f-a1b2-c3d4e5f60718 ") {
			t.Errorf("%s: %q does not name the file and the batch", tt.code, msg)
		}
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q\nwant it to say %q", tt.code, msg, w)
			}
		}
		if err := Check(path); fmt.Sprint(err) != msg {
			t.Errorf("Check = %v, want the same as Open", err)
		}
	}
}

// A status with code error is followed to its log, from a file and from a
// URL, pretty-printed or not; the log's name is its masked URL.
func TestBatchStatusFollowed(t *testing.T) {
	lines, text := logText(31, 400)
	gz := gzipMember(t, text)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/import.gz":
			w.Write(gz)
		case "/v2/batches/5f2a":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(statusJSON("error", presign(srv.URL, "/import.gz", 1764000000))))
		case "/loop":
			w.Write([]byte(statusJSON("error", srv.URL+"/loop")))
		}
	}))
	defer srv.Close()
	logURL := presign(srv.URL, "/import.gz", 1764000000)
	pretty := "\xef\xbb\xbf{\n  \"ref\": \"5f2a\",\n  \"status\": {\n    \"code\": \"error\",\n    \"log\": \"" + logURL + "\"\n  },\n  \"createdAt\": \"2026-11-24T08:00:00.000Z\"\n}\n"
	for _, name := range []string{
		writeFile(t, "status.json", []byte(statusJSON("error", logURL))),
		writeFile(t, "pretty.json", []byte(pretty)),
		srv.URL + "/v2/batches/5f2a",
	} {
		in, res, recs, err := fetchAndRead(t, name, FetchOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if in.Name != model.MaskURL(logURL) || !in.Compressed || res.Err != nil {
			t.Errorf("%s: Name %q compressed %v err %v; want the log's masked URL, read whole", name, in.Name, in.Compressed, res.Err)
		}
		checkLines(t, recs, lines)
	}
	_, _, _, err := fetchAndRead(t, srv.URL+"/loop", FetchOptions{})
	if err == nil || !strings.Contains(err.Error(), "another batch status") {
		t.Errorf("a status naming a status: %v", err)
	}
}

// Logs are not taken for a batch status, however they begin.
func TestBatchStatusNotALog(t *testing.T) {
	for name, text := range map[string]string{
		"two statuses":  statusJSON("success", "") + statusJSON("success", ""),
		"jsonl":         `{"ref":"a","status":{"code":"error"},"message":"m"}` + "\n" + `{"ref":"b","status":{"code":"error"},"message":"m"}` + "\n",
		"sitecore":      `{"ref":"a","code":"409","message":"Resource conflict"}` + "\n",
		"status string": `{"ref":"a","status":"error"}`,
		"no code":       `{"ref":"a","status":{"log":"https://h/x"}}`,
		"array":         `[` + strings.TrimSpace(statusJSON("success", "")) + `]`,
		"protegrity":    `{"bulk":{"id":1,"returntype":"error","data":[{"id":1,"returncode":"/rest-v1/returncodes/id/22","returntype":"error","message":"Data too short"}]}}`,
		"empty":         "",
	} {
		in, err := Open(writeFile(t, "log", []byte(text)))
		if err != nil {
			t.Errorf("%s: %v; want it opened as a log", name, err)
			continue
		}
		in.Close()
	}
}

func FuzzParseBatchStatus(f *testing.F) {
	f.Add([]byte(statusJSON("error", "https://h/x?Signature=s")))
	f.Add([]byte(statusJSON("success", "")))
	f.Add([]byte(`{"status":{"code":"","log":1}}`))
	f.Add([]byte(`{"ref":1,"status":{"code":"x"}} {}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		st, ok := ParseBatchStatus(b)
		if !ok {
			if st != (BatchStatus{}) {
				t.Fatalf("not a status but %+v", st)
			}
			return
		}
		if st.Code == "" {
			t.Fatalf("a status without a code: %q", b)
		}
		// A status is one JSON object and nothing more.
		end, complete := firstValueEnd(b)
		if !complete || strings.TrimSpace(string(b[end:])) != "" || !strings.HasPrefix(strings.TrimSpace(string(b)), "{") {
			t.Fatalf("taken for a status: %q", b)
		}
		// Its explanation is one line that names the input.
		msg := (&StatusError{Name: "f", Status: st}).Error()
		if !strings.HasPrefix(msg, "f: ") {
			t.Fatalf("message %q", msg)
		}
	})
}
