package source

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/errscope/errscope/model"
)

// FetchOptions say how a log at a URL is fetched.
type FetchOptions struct {
	// ConnectTimeout bounds connecting and the TLS handshake;
	// 0 is DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// ReadTimeout bounds any wait for the next bytes, the answer's headers
	// included; 0 is DefaultReadTimeout.
	ReadTimeout time.Duration
	// TLS, when set, is the TLS configuration (tests trust their own
	// server's certificate with it); nil uses the system's roots.
	TLS *tls.Config
}

// The defaults of FetchOptions.
const (
	DefaultConnectTimeout = 15 * time.Second
	DefaultReadTimeout    = 60 * time.Second
)

// MaxRedirects is how many redirects a fetch follows.
const MaxRedirects = 5

func (o FetchOptions) connect() time.Duration {
	if o.ConnectTimeout > 0 {
		return o.ConnectTimeout
	}
	return DefaultConnectTimeout
}

func (o FetchOptions) read() time.Duration {
	if o.ReadTimeout > 0 {
		return o.ReadTimeout
	}
	return DefaultReadTimeout
}

// IsURL says whether a log name is a URL (scheme://...), which Open fetches
// if its scheme is http or https and refuses otherwise.
func IsURL(name string) bool {
	i := strings.Index(name, "://")
	if i <= 0 {
		return false
	}
	for k := 0; k < i; k++ {
		c := name[k]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (k == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// errRedirects and errDowngrade are why a redirect was not followed.
var (
	errRedirects = fmt.Errorf("more than %d redirects", MaxRedirects)
	errDowngrade = errors.New("a redirect from https to http")
)

// fetch asks for the URL and gives the body of a 2xx answer and its length
// (-1 when the server does not say). Anything else is an error that says
// what happened and what to do, the URL's credentials masked.
func fetch(ctx context.Context, raw string, o FetchOptions) (io.ReadCloser, int64, error) {
	name := model.MaskURL(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: not a URL errscope can read (%s): check it was copied whole", name, model.MaskURLs(unwrapURLError(err).Error()))
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return nil, 0, fmt.Errorf("%s: errscope fetches only http and https URLs: download the log and open the file", name)
	}
	idle := o.read()
	dialer := &net.Dialer{Timeout: o.connect(), KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &idleConn{Conn: c, idle: idle}, nil
		},
		TLSClientConfig:     o.TLS,
		TLSHandshakeTimeout: o.connect(),
		// The body is read as the bytes the server sends: a gzip log
		// stays gzip (recognized by its magic bytes), and the progress
		// counts the bytes Content-Length announced.
		DisableCompression: true,
		MaxIdleConns:       1,
	}
	client := &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) > MaxRedirects {
			return errRedirects
		}
		if strings.EqualFold(via[len(via)-1].URL.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https") {
			return errDowngrade
		}
		return nil
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: not a URL errscope can read (%s): check it was copied whole", name, model.MaskURLs(err.Error()))
	}
	req.Header.Set("User-Agent", "errscope")
	resp, err := client.Do(req)
	if err != nil {
		tr.CloseIdleConnections()
		return nil, 0, explainFetch(name, o, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		tr.CloseIdleConnections()
		return nil, 0, statusError(name, u, resp.Request.URL, resp.StatusCode, body)
	}
	b := &httpBody{rc: resp.Body, size: resp.ContentLength, idle: idle, tr: tr}
	return b, resp.ContentLength, nil
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// explainFetch says why a request got no answer. Its own words never carry
// the URL; what net/http says is masked all the same.
func explainFetch(name string, o FetchOptions, err error) error {
	inner := unwrapURLError(err)
	why := model.MaskURLs(inner.Error())
	var dns *net.DNSError
	var op *net.OpError
	var ne net.Error
	switch {
	case errors.Is(inner, errRedirects):
		return fmt.Errorf("%s: more than %d redirects: the link leads in circles; fetch it again from the batch status", name, MaxRedirects)
	case errors.Is(inner, errDowngrade):
		return fmt.Errorf("%s: the server redirects from https to plain http, which would send the link's credentials unencrypted: errscope does not follow it; download the log and open the file if you trust the server", name)
	case errors.As(inner, &dns):
		return fmt.Errorf("%s: the host is not known (%s): check the URL and the network (or a proxy: HTTPS_PROXY)", name, why)
	case errors.As(inner, &op) && op.Op == "dial" && op.Timeout():
		return fmt.Errorf("%s: no connection within %s: check the network or proxy (HTTPS_PROXY), or wait longer with --connect-timeout", name, o.connect())
	case errors.As(inner, &op) && op.Op == "dial":
		return fmt.Errorf("%s: cannot connect (%s): check the host and port, and the network", name, why)
	case errors.As(inner, &ne) && ne.Timeout():
		return fmt.Errorf("%s: the server did not answer within %s: try again, or wait longer with --read-timeout", name, o.read())
	}
	return fmt.Errorf("%s: the request failed (%s): check the URL and the network, then try again", name, why)
}

// idleConn fails a read that waits longer than idle for its first byte: a
// stalled server ends the read instead of hanging it.
type idleConn struct {
	net.Conn
	idle time.Duration
}

func (c *idleConn) Read(p []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(time.Now().Add(c.idle)); err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

// httpBody is an answer's body. A read that fails before the end (the
// connection cut or stalled) is a *CutError: the records before are kept
// and the source is marked truncated.
type httpBody struct {
	rc   io.ReadCloser
	size int64 // Content-Length, or -1
	n    int64
	idle time.Duration
	tr   *http.Transport
}

func (b *httpBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.n += int64(n)
	if err != nil && err != io.EOF {
		return n, &CutError{Read: b.n, Size: b.size, Idle: b.idle, Err: err}
	}
	return n, err
}

func (b *httpBody) Close() error {
	err := b.rc.Close()
	b.tr.CloseIdleConnections()
	return err
}

// CutError is a fetched log whose connection ended before the log did.
type CutError struct {
	Read, Size int64         // bytes received, and announced (-1: not announced)
	Idle       time.Duration // the read timeout, when it was the cause
	Err        error
}

func (e *CutError) Error() string {
	of := ""
	if e.Size >= 0 {
		of = fmt.Sprintf(" of %d", e.Size)
	}
	var ne net.Error
	if errors.As(e.Err, &ne) && ne.Timeout() {
		return fmt.Sprintf("no data for %s after %d bytes%s: the transfer stalled (wait longer with --read-timeout)", e.Idle, e.Read, of)
	}
	return fmt.Sprintf("the connection was cut after %d bytes%s (%s)", e.Read, of, model.MaskURLs(e.Err.Error()))
}

// Is makes a cut connection a truncation, as a gzip cut short is.
func (e *CutError) Is(target error) bool { return target == io.ErrUnexpectedEOF }

func (e *CutError) Unwrap() error { return e.Err }
