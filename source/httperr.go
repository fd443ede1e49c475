package source

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// s3Error is the XML body of an S3 error answer.
type s3Error struct {
	XMLName xml.Name `xml:"Error"`
	Code    string   `xml:"Code"`
	Message string   `xml:"Message"`
	Expires string   `xml:"Expires"`
}

// statusError says what an answer other than 2xx means and what to do. S3's
// XML error body is read: an expired link says when it expired.
func statusError(name string, asked, final *url.URL, code int, body []byte) error {
	status := fmt.Sprintf("HTTP %d %s", code, http.StatusText(code))
	var s3 s3Error
	if bytes.Contains(body, []byte("<Error")) && xml.Unmarshal(body, &s3) == nil && s3.Code != "" {
		msg := clip(s3.Message, 300)
		if s3.Code == "AccessDenied" && strings.Contains(s3.Message, "Request has expired") {
			when := "its expiry time"
			if t, ok := expiry(final, s3.Expires); ok {
				when = t.UTC().Format("2006-01-02 15:04:05 UTC")
			} else if t, ok := expiry(asked, s3.Expires); ok {
				when = t.UTC().Format("2006-01-02 15:04:05 UTC")
			}
			return fmt.Errorf("%s: the link expired at %s (%s, S3 AccessDenied: %s): fetch the batch status again (GET /v2/batches/<batchRef>) for a fresh link to the error log", name, when, status, msg)
		}
		return fmt.Errorf("%s: %s, S3 %s (%q): %s", name, status, clip(s3.Code, 80), msg, advice(code))
	}
	return fmt.Errorf("%s: %s: %s", name, status, advice(code))
}

// advice is what to do about an HTTP status.
func advice(code int) string {
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return "access denied: check the link was copied whole (with all of its query string), or fetch the batch status again for a fresh link"
	case code == http.StatusNotFound || code == http.StatusGone:
		return "nothing at this URL: check it was copied whole, or fetch the batch status again for a fresh link"
	case code == http.StatusTooManyRequests:
		return "the server asks to slow down: try again in a minute"
	case code >= 500:
		return "the server failed: try again in a few minutes"
	case code >= 300 && code < 400:
		return "a redirect errscope cannot follow (no Location): open the URL in a browser to see where it leads"
	}
	return "errscope reads only a successful (2xx) answer: check the URL"
}

// expiry is when a presigned URL stops working: Expires (Unix seconds,
// signature v2), or X-Amz-Date plus X-Amz-Expires (v4), else what S3's
// error body says.
func expiry(u *url.URL, fromBody string) (time.Time, bool) {
	if u != nil {
		q := u.Query()
		if s := q.Get("Expires"); s != "" {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return time.Unix(n, 0), true
			}
		}
		if d, e := q.Get("X-Amz-Date"), q.Get("X-Amz-Expires"); d != "" && e != "" {
			t, err1 := time.Parse("20060102T150405Z", d)
			n, err2 := strconv.ParseInt(e, 10, 64)
			if err1 == nil && err2 == nil {
				return t.Add(time.Duration(n) * time.Second), true
			}
		}
	}
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(fromBody)); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// clip shortens untrusted text for a message.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
