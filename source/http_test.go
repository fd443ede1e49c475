package source

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/model"
)

// The secret parts of the presigned-looking URLs the tests fetch: no output
// may contain them.
const (
	testKeyID = "AKIAIOSFODNN7EXAMPLE"
	testSig   = "vjbyPxybdZaNmGa%2ByT272YEAiv4%3D"
)

// presign gives a presigned-looking (signature v2) URL of path on srv.
func presign(base, path string, expires int64) string {
	return fmt.Sprintf("%s%s?AWSAccessKeyId=%s&Expires=%d&Signature=%s", base, path, testKeyID, expires, testSig)
}

// noSecret fails if text shows any of the URL's credentials.
func noSecret(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range []string{testKeyID, testSig, "vjbyPxybdZaNmGa"} {
		if strings.Contains(text, s) {
			t.Errorf("%s shows a credential (%s): %s", what, s, text)
		}
	}
}

// fetchAndRead opens url with o and reads it whole.
func fetchAndRead(t *testing.T, url string, o FetchOptions) (*Input, Result, []got, error) {
	t.Helper()
	in, err := OpenWith(url, o)
	if err != nil {
		noSecret(t, "the error", err.Error())
		return nil, Result{}, nil, err
	}
	defer in.Close()
	noSecret(t, "the name", in.Name)
	st := model.NewStore(model.DefaultCatalog())
	var c collect
	res := Read(context.Background(), in, st.AddSource(in.Name), tee{st, &c}, Mapping{}, nil)
	if res.Err != nil {
		noSecret(t, "the read error", res.Err.Error())
	}
	noSecret(t, "the result's name", res.Name)
	return in, res, c.recs, nil
}

func logText(seed uint64, n int) ([]string, string) {
	lines := sitecoreLines(seed, n)
	return lines, strings.Join(lines, "\n") + "\n"
}

func TestFetchWithContentLength(t *testing.T) {
	lines, text := logText(21, 2000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Signature") == "" {
			t.Errorf("the request lost its query: %s", r.URL)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(text)))
		w.Write([]byte(text))
	}))
	defer srv.Close()
	in, res, recs, err := fetchAndRead(t, presign(srv.URL, "/import", 1764000000), FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Err != nil || res.Truncated || res.Format != model.Sitecore.ID || in.Compressed {
		t.Errorf("Result %+v; want a plain sitecore log read whole", res)
	}
	if in.Size != int64(len(text)) || in.BytesRead() != int64(len(text)) {
		t.Errorf("Size %d, BytesRead %d; want both %d (progress from Content-Length)", in.Size, in.BytesRead(), len(text))
	}
	if want := srv.URL + "/import?AWSAccessKeyId=***&Expires=1764000000&Signature=***"; in.Name != want {
		t.Errorf("Name %q, want %q", in.Name, want)
	}
	checkLines(t, recs, lines)
}

func TestFetchChunkedGzip(t *testing.T) {
	lines, text := logText(22, 3000)
	gz := gzipMember(t, text)
	first := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length: chunked, in pieces, the first flushed before
		// the rest is sent.
		w.Write(gz[:len(gz)/3])
		w.(http.Flusher).Flush()
		<-first
		w.Write(gz[len(gz)/3:])
	}))
	defer srv.Close()
	in, err := OpenWith(srv.URL+"/import.gz", FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if !in.Compressed || in.Size != 0 {
		t.Errorf("Compressed %v, Size %d; want gzip by its magic bytes, size unknown", in.Compressed, in.Size)
	}
	st := model.NewStore(model.DefaultCatalog())
	var c collect
	var once bool
	sink := sinkFunc(func(r *model.Rec) {
		c.Add(r)
		if !once {
			once = true // a first record arrived before the rest was sent
			close(first)
		}
	})
	res := Read(context.Background(), in, st.AddSource(in.Name), sink, Mapping{}, nil)
	if !once {
		close(first)
	}
	if res.Err != nil || res.Truncated || !res.Compressed {
		t.Errorf("Result %+v", res)
	}
	checkLines(t, c.recs, lines)
}

func TestFetchRedirects(t *testing.T) {
	lines, text := logText(23, 100)
	final := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/hop/%d?Signature=%s", n-1, testSig), http.StatusFound)
			return
		}
		w.Write([]byte(text))
	}))
	defer final.Close()
	for _, hops := range []int{1, MaxRedirects} {
		_, res, recs, err := fetchAndRead(t, fmt.Sprintf("%s/hop/%d", final.URL, hops), FetchOptions{})
		if err != nil || res.Err != nil {
			t.Fatalf("%d redirects: %v %v", hops, err, res.Err)
		}
		checkLines(t, recs, lines)
	}
	_, _, _, err := fetchAndRead(t, fmt.Sprintf("%s/hop/%d?Signature=%s", final.URL, MaxRedirects+1, testSig), FetchOptions{})
	if err == nil || !strings.Contains(err.Error(), "more than 5 redirects") || !strings.Contains(err.Error(), "Signature=***") {
		t.Errorf("%d redirects: %v; want more than 5 redirects, the URL masked", MaxRedirects+1, err)
	}
}

func TestFetchRefusesHTTPSToHTTP(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the plain-http server was asked for %s", r.URL.Path)
	}))
	defer plain.Close()
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/log" {
			w.Write([]byte(`{"ref":"r1","code":"409","message":"Resource conflict"}` + "\n"))
			return
		}
		http.Redirect(w, r, plain.URL+"/import.gz?"+r.URL.RawQuery, http.StatusFound)
	}))
	defer secure.Close()
	o := FetchOptions{TLS: secure.Client().Transport.(*http.Transport).TLSClientConfig}
	_, _, _, err := fetchAndRead(t, presign(secure.URL, "/import.gz", 1), o)
	if err == nil || !strings.Contains(err.Error(), "from https to plain http") {
		t.Errorf("https → http: %v; want it refused", err)
	}
	// The same server over https is read (the TLS options are used).
	if _, res, recs, err := fetchAndRead(t, secure.URL+"/log", o); err != nil || res.Err != nil || len(recs) != 1 {
		t.Errorf("https: %v %v %d records", err, res.Err, len(recs))
	}
	// Without trusting the test certificate: an error, not a hang.
	_, _, _, err = fetchAndRead(t, secure.URL+"/log", FetchOptions{TLS: &tls.Config{}})
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted certificate: %v", err)
	}
}

const s3Expired = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires><Expires>2026-11-24T09:00:00Z</Expires><ServerTime>2026-11-24T10:12:40Z</ServerTime><RequestId>ABC</RequestId><HostId>xyz</HostId></Error>`

const s3BadSig = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>` + testKeyID + `</AWSAccessKeyId><StringToSign>GET x</StringToSign><SignatureProvided>` + testSig + `</SignatureProvided></Error>`

func TestFetchHTTPErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/expired", "/expired-v4":
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(s3Expired))
		case "/badsig":
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(s3BadSig))
		case "/500":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "/404":
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	v2 := time.Unix(1764000000, 0).UTC().Format("2006-01-02 15:04:05 UTC")
	tests := []struct {
		url  string
		want []string
	}{
		{presign(srv.URL, "/expired", 1764000000), []string{"the link expired at " + v2, "HTTP 403 Forbidden", "Request has expired", "fetch the batch status again"}},
		{srv.URL + "/expired-v4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + testKeyID + "%2F20261124&X-Amz-Date=20261124T080000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=" + testSig,
			[]string{"the link expired at 2026-11-24 09:00:00 UTC", "fetch the batch status again"}},
		{presign(srv.URL, "/badsig", 1), []string{"HTTP 403 Forbidden", "S3 SignatureDoesNotMatch", "The request signature we calculated does not match", "copied whole"}},
		{presign(srv.URL, "/500", 1), []string{"HTTP 500 Internal Server Error", "try again in a few minutes"}},
		{presign(srv.URL, "/404", 1), []string{"HTTP 404 Not Found", "copied whole"}},
	}
	for _, tt := range tests {
		_, _, _, err := fetchAndRead(t, tt.url, FetchOptions{})
		if err == nil {
			t.Errorf("%s: no error", tt.url)
			continue
		}
		if !strings.HasPrefix(err.Error(), model.MaskURL(tt.url)+": ") {
			t.Errorf("error does not begin with the masked URL: %v", err)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s:\n%v\nwant it to say %q", tt.url, err, w)
			}
		}
	}
}

// cutServer sends part of a log, flushed, then breaks the connection.
func cutServer(t *testing.T, body string, cut int, withLength bool) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if withLength {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.Write([]byte(body[:cut]))
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the connection is closed mid-body
	}))
}

func TestFetchCutMidBody(t *testing.T) {
	lines, text := logText(24, 1000)
	cut := len(strings.Join(lines[:600], "\n")) + 1 // just after line 600
	for _, withLength := range []bool{true, false} {
		srv := cutServer(t, text, cut, withLength)
		in, res, recs, err := fetchAndRead(t, presign(srv.URL, "/import", 1), FetchOptions{})
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !res.Truncated || res.Err == nil || !strings.Contains(res.Err.Error(), "connection was cut after") ||
			!strings.Contains(res.Err.Error(), "records before are kept") {
			t.Errorf("Content-Length %v: Result %+v; want truncated, saying the connection was cut", withLength, res)
		}
		if withLength && !strings.Contains(res.Err.Error(), fmt.Sprintf("of %d", len(text))) {
			t.Errorf("the error does not say how much was announced: %v", res.Err)
		}
		if in.BytesRead() != int64(cut) {
			t.Errorf("BytesRead %d, want %d", in.BytesRead(), cut)
		}
		checkLines(t, recs, lines[:600])
	}
}

func TestFetchCutGzip(t *testing.T) {
	lines, text := logText(25, 5000)
	gz := gzipMember(t, text)
	srv := cutServer(t, string(gz), len(gz)/2, true)
	defer srv.Close()
	_, res, recs, err := fetchAndRead(t, srv.URL+"/import.gz", FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated || res.Err == nil || !strings.Contains(res.Err.Error(), "connection was cut") {
		t.Errorf("Result %+v; want truncated", res)
	}
	if len(recs) < 1000 || len(recs) >= len(lines) {
		t.Fatalf("%d records of %d; want those before the cut", len(recs), len(lines))
	}
	for i, r := range recs[:len(recs)-1] { // the last may be the line the cut fell in
		if r.Raw != lines[i] {
			t.Fatalf("record %d = %q, want %q", i, r.Raw, lines[i])
		}
	}
}

func TestFetchIdleTimeout(t *testing.T) {
	lines, text := logText(26, 300)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/silent" {
			<-release // no answer at all
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(text)+100))
		w.Write([]byte(text))
		w.(http.Flusher).Flush()
		<-release // then nothing more
	}))
	defer srv.Close()
	defer close(release)
	o := FetchOptions{ReadTimeout: 300 * time.Millisecond}
	start := time.Now()
	_, res, recs, err := fetchAndRead(t, presign(srv.URL, "/slow", 1), o)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated || res.Err == nil || !strings.Contains(res.Err.Error(), "no data for 300ms") || !strings.Contains(res.Err.Error(), "--read-timeout") {
		t.Errorf("Result %+v; want truncated after the idle timeout", res)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s", d)
	}
	checkLines(t, recs, lines)
	_, _, _, err = fetchAndRead(t, presign(srv.URL, "/silent", 1), o)
	if err == nil || !strings.Contains(err.Error(), "did not answer within 300ms") {
		t.Errorf("a server that never answers: %v", err)
	}
}

func TestFetchConnectRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := presign(srv.URL, "/import.gz", 1)
	srv.Close() // nothing listens there now
	_, _, _, err := fetchAndRead(t, url, FetchOptions{ConnectTimeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "cannot connect") {
		t.Errorf("closed port: %v", err)
	}
}

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://h/x": true, "HTTP://h": true, "s3://b/k": true, "ftp://h": true,
		"import.gz": false, "./a://b": false, "://x": false, "C:\\logs\\a.gz": false, "1http://x": false,
	} {
		if IsURL(s) != want {
			t.Errorf("IsURL(%q) = %v", s, !want)
		}
	}
}

// Load names a URL masked, whether it could be read or not.
func TestLoadMasksURLs(t *testing.T) {
	_, text := logText(27, 50)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(text))
	}))
	defer srv.Close()
	st := model.NewStore(model.DefaultCatalog())
	res := load(context.Background(), []string{presign(srv.URL, "/import", 1), presign(srv.URL, "/gone", 1)}, st, nil, Mapping{}, FetchOptions{}, Hooks{})
	for i, r := range res {
		noSecret(t, "result name", r.Name)
		noSecret(t, "source name", st.Snapshot().Sources()[i])
		if r.Err != nil {
			noSecret(t, "result error", r.Err.Error())
		}
	}
	if res[0].Err != nil || res[1].Err == nil || st.Snapshot().Records() != 50 {
		t.Errorf("results %+v, %d records", res, st.Snapshot().Records())
	}
}

// A batch file at a URL is indexed as it streams, and a record is read back
// by fetching it again with the URL as given (its name is masked).
func TestBatchAtURL(t *testing.T) {
	var lines []string
	for i := range 300 {
		lines = append(lines, fmt.Sprintf(`{"ref":"%s","schema":"guest","mode":"upsert","value":{"n":%d}}`, uuidN(i), i))
	}
	gz := gzipMember(t, strings.Join(lines, "\n")+"\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Signature") != testSig2 {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		w.Write(gz)
	}))
	defer srv.Close()
	url := srv.URL + "/batch.json.gz?Signature=" + testSig2
	x, err := IndexBatch(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	noSecret(t, "stats name", x.Stats().Name)
	if strings.Contains(x.Stats().Name, testSig2) || x.Stats().Records != 300 {
		t.Fatalf("stats %+v", x.Stats())
	}
	rec, ok, err := x.Record(uuidN(250))
	if err != nil || !ok || string(rec.Value) != `{"n":250}` {
		t.Errorf("Record: %+v %v %v", rec, ok, err)
	}
}

const testSig2 = "c2VjcmV0LXNpZw"

func uuidN(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012x", i) }
