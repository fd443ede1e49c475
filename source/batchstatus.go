package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/errscope/errscope/model"
)

// BatchStatus is what errscope reads of a saved Sitecore CDP batch status,
// the answer of GET /v2/batches/<batchRef>:
//
//	{"ref": "...", "checksum": "...", "size": 1234,
//	 "status": {"code": "error", "log": "https://...presigned..."}}
type BatchStatus struct {
	Ref      string
	Code     string // uploading, processing, success, error, corrupted
	Log      string // the error log's URL (with code error)
	Checksum string // as given when the upload was allocated, if the status has it
	Size     string
}

type batchStatusJSON struct {
	Ref      json.RawMessage `json:"ref"`
	Checksum json.RawMessage `json:"checksum"`
	Size     json.RawMessage `json:"size"`
	Status   *struct {
		Code *string `json:"code"`
		Log  *string `json:"log"`
	} `json:"status"`
}

// statusMax is how much of a file is looked at for a batch status: one is
// a few hundred bytes.
const statusMax = 64 << 10

// ParseBatchStatus reads a batch status: one JSON object (and nothing after
// it) whose "status" is an object with a string "code". ok is false for
// anything else, a log among them.
func ParseBatchStatus(b []byte) (st BatchStatus, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var v batchStatusJSON
	if err := dec.Decode(&v); err != nil || v.Status == nil || v.Status.Code == nil || *v.Status.Code == "" {
		return BatchStatus{}, false
	}
	if rest := b[dec.InputOffset():]; len(bytes.TrimSpace(rest)) > 0 {
		return BatchStatus{}, false // more follows: a log of such objects, not a status
	}
	st.Code = *v.Status.Code
	if v.Status.Log != nil {
		st.Log = strings.TrimSpace(*v.Status.Log)
	}
	st.Ref, st.Checksum, st.Size = rawText(v.Ref), rawText(v.Checksum), rawText(v.Size)
	return st, true
}

// rawText gives a JSON string's text, or any other value as written.
func rawText(r json.RawMessage) string {
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s
	}
	if len(r) == 0 || string(r) == "null" {
		return ""
	}
	return string(r)
}

// peekBatchStatus looks at the start of an input, without consuming it,
// for a batch status: one JSON object with nothing after it. It reads no
// further than it needs to tell (a log's second line says it is not one).
func peekBatchStatus(br *bufio.Reader) (BatchStatus, bool) {
	_, err := br.Peek(1)
	for {
		head, _ := br.Peek(min(br.Buffered(), statusMax))
		t := bytes.TrimLeft(bytes.TrimPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("\xef\xbb\xbf")), " \t\r\n")
		switch {
		case len(t) > 0 && t[0] != '{':
			return BatchStatus{}, false
		case len(head) >= 4<<10 && !bytes.Contains(head, []byte(`"status"`)):
			return BatchStatus{}, false // 4 KiB in and no "status": a log
		case len(t) > 0:
			end, complete := firstValueEnd(t)
			if end < 0 {
				return BatchStatus{}, false // not JSON
			}
			if complete && len(bytes.TrimSpace(t[end:])) > 0 {
				return BatchStatus{}, false // more follows: a log
			}
			if complete && err != nil {
				return ParseBatchStatus(t) // the input ends after the object
			}
		}
		if err != nil || len(head) >= statusMax {
			return BatchStatus{}, false
		}
		_, err = br.Peek(br.Buffered() + 1)
		if err == bufio.ErrBufferFull {
			return BatchStatus{}, false
		}
	}
}

// firstValueEnd finds where the first JSON value in b ends: complete is
// false when b ends first; end is -1 when b is not JSON.
func firstValueEnd(b []byte) (end int, complete bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var raw json.RawMessage
	switch err := dec.Decode(&raw); {
	case err == nil:
		return int(dec.InputOffset()), true
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return 0, false
	}
	return -1, false
}

// StatusError is a batch status that names no log to read: it says what the
// status means and what to do.
type StatusError struct {
	Name   string // the status file or URL, credentials masked
	Status BatchStatus
}

// Success says the batch imported every record: nothing failed, so there
// is nothing to read and nothing wrong (exit 0).
func (e *StatusError) Success() bool { return e.Status.Code == "success" }

func (e *StatusError) Error() string {
	s := e.Status
	batch := "the batch"
	if s.Ref != "" {
		batch = "batch " + clip(s.Ref, 80)
	}
	switch s.Code {
	case "success":
		return fmt.Sprintf("%s: %s succeeded: every record was imported and nothing failed, so there is no error log", e.Name, batch)
	case "uploading", "processing":
		return fmt.Sprintf("%s: %s is still %s: it has not finished, so there is no error log yet; fetch the batch status again in a few minutes", e.Name, batch, s.Code)
	case "corrupted":
		given := ""
		if s.Checksum != "" || s.Size != "" {
			given = fmt.Sprintf(" (given: checksum %s, size %s)", orDash(clip(s.Checksum, 80)), orDash(clip(s.Size, 40)))
		}
		return fmt.Sprintf("%s: %s is corrupted: the checksum or size given when the upload was allocated%s does not match the uploaded file; the checksum is the lower-case hex MD5 of the gzip file (md5sum batch.json.gz) and the size its bytes (wc -c): allocate again with both and upload the same file", e.Name, batch, given)
	case "error":
		return fmt.Sprintf("%s: %s failed and names no error log: the file was probably zipped, not gzipped; compress it with gzip (gzip -k batch.json) and upload it again", e.Name, batch)
	}
	return fmt.Sprintf("%s: %s has the status %q, which errscope does not know: there is no error log to read", e.Name, batch, clip(s.Code, 40))
}

// followStatus opens the log a batch status names, or says why there is none.
func followStatus(name string, st BatchStatus, depth int, o FetchOptions, open func(string, FetchOptions, int) (*Input, error)) (*Input, error) {
	if st.Code != "error" || st.Log == "" {
		return nil, &StatusError{Name: name, Status: st}
	}
	if depth > 0 {
		return nil, fmt.Errorf("%s: a batch status whose log is another batch status: open the error log's URL itself", name)
	}
	if !IsURL(st.Log) {
		return nil, fmt.Errorf("%s: the batch status's log is not a URL (%s): fetch the batch status again", name, model.MaskURLs(clip(st.Log, 200)))
	}
	return open(st.Log, o, depth+1)
}
