package tribehr

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
)

// authenticator sets a request's Authorization header. Its String never
// shows the secret, and the implementations are pointers so that fmt prints
// an address, not the fields, when it walks a struct holding one.
type authenticator interface {
	apply(h http.Header)
	String() string
}

type basicAuth struct {
	identifier string
	header     string // "Basic " and the encoded credentials, made once
}

func newBasicAuth(identifier, secret string) *basicAuth {
	return &basicAuth{identifier: identifier, header: "Basic " + base64.StdEncoding.EncodeToString([]byte(identifier+":"+secret))}
}

func (a *basicAuth) apply(h http.Header) { h.Set("Authorization", a.header) }
func (a *basicAuth) String() string      { return "basic auth as " + a.identifier }
func (a *basicAuth) GoString() string    { return a.String() }

type bearerAuth struct{ header string }

func (a *bearerAuth) apply(h http.Header) { h.Set("Authorization", a.header) }
func (a *bearerAuth) String() string      { return "bearer token" }
func (a *bearerAuth) GoString() string    { return a.String() }

// buildHTTPClient returns the http.Client a Client sends with: a copy of
// the caller's (its Timeout and Jar) sending through the caller's
// Transport as it is at each request, or a new one with a pooled transport
// (see transport_live.go); with the SDK's redirect policy and, when the
// Client has a Limiter, a rate-limited transport. With rootCAs (WithCAFile) the
// pooled transport trusts them and is always used: a replaced
// http.DefaultTransport would not.
func (c *Client) buildHTTPClient(hc *http.Client, rootCAs *x509.CertPool) *http.Client {
	var out http.Client
	if hc != nil {
		out = *hc
		out.Transport = clientTransport{hc}
	} else {
		pooled := cleanhttp.DefaultPooledTransport()
		if rootCAs != nil {
			pooled.TLSClientConfig = &tls.Config{RootCAs: rootCAs, MinVersion: tls.VersionTLS12}
			out.Transport = pooled
		} else {
			out.Transport = &defaultTransport{pooled: pooled}
		}
	}
	next := out.Transport
	if c.limiter != nil {
		next = &limitedTransport{next: next, limiter: c.limiter, clock: c.clock, maxHold: c.retry.MaxServerWait}
	}
	out.Transport = &attemptTransport{next: next}
	out.CheckRedirect = checkRedirect
	return &out
}

// Why a redirect is refused; a *RedirectError unwraps to one of them.
var (
	errInsecureRedirect  = errors.New("tribehr: refusing a redirect from https to plain http")
	errOtherHostRedirect = errors.New("tribehr: refusing a redirect to another host")
)

// checkRedirect follows at most 10 redirects, each to the host the request
// was first sent to (same host name and port) and never from https down to
// plain http, so that neither credentials nor a request body (a 307 resends
// a leave request's comments) reach another server. (A Client speaks plain
// http only to a loopback base URL, for tests, so an http redirect stays on
// that host too.) Everything else is refused with a *RedirectError naming
// the target.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("tribehr: stopped after 10 redirects")
	}
	first, next := via[0].URL, req.URL
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	refuse := func(reason string, err error) error {
		return &RedirectError{StatusCode: status, Target: redirectTarget(next), Reason: reason, err: err}
	}
	switch {
	case first.Scheme == "https" && next.Scheme != "https":
		return refuse("https to plain http", errInsecureRedirect)
	case next.Scheme != first.Scheme || !sameHost(first, next):
		return refuse("another host", errOtherHostRedirect)
	}
	return nil
}

// sameHost reports whether a and b name the same host and port (a missing
// port is the scheme's default).
func sameHost(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if u.Scheme == "http" {
			return "80"
		}
		return "443"
	}
	return strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

// redirectTarget is a redirect's target without its query and fragment.
func redirectTarget(u *url.URL) string {
	t := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return t.String()
}

// attemptTransport is the outermost transport of a Client's http.Client.
// For each attempt of a call it notes whether the request got a connection,
// and so may have been written to it (a failure before that is "not sent",
// after it "outcome unknown"),
// and, for a call that reads its answer whole (every call but the streamed
// ones: iterators and downloads), it reads the response body before
// handing the response on: a body cut by the network is then a failed
// attempt, which the retry policy sees and retries like any other
// ambiguous network failure, rather than an error found after the call.
type attemptTransport struct {
	next http.RoundTripper
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st, ok := req.Context().Value(callStateKey{}).(*callState)
	if ok {
		trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { st.connected.Store(true) }}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil || !ok || st.stream {
		return resp, err
	}
	body, err := readSized(resp.Body, resp.ContentLength, maxResponseBody+1)
	resp.Body.Close()
	switch {
	case err != nil:
		return nil, &cutBodyError{status: resp.StatusCode, err: err}
	case len(body) > maxResponseBody:
		return nil, errBodyTooLarge
	}
	resp.Body = &readBody{Reader: bytes.NewReader(body), data: body}
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// readBody is an answer's body read whole by the attempt transport; the
// Client takes its bytes as they are instead of reading them again.
type readBody struct {
	*bytes.Reader
	data []byte
}

func (*readBody) Close() error { return nil }

// bodyBytes returns the whole body of an answer.
func bodyBytes(r io.Reader) ([]byte, error) {
	if rb, ok := r.(*readBody); ok {
		return rb.data, nil
	}
	return io.ReadAll(r)
}

// readSized reads r up to limit bytes, in one allocation when the length is
// announced.
func readSized(r io.Reader, announced, limit int64) ([]byte, error) {
	if announced < 0 || announced >= limit {
		return io.ReadAll(io.LimitReader(r, limit))
	}
	buf := make([]byte, 0, announced+1) // +1: io.ReadAll-like, sees the EOF without growing
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) >= limit {
			return buf[:limit], nil
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// cutBodyError is a response whose body broke off.
type cutBodyError struct {
	status int
	err    error
}

func (e *cutBodyError) Error() string {
	return fmt.Sprintf("response body of %d %s cut off: %v", e.status, http.StatusText(e.status), e.err)
}

func (e *cutBodyError) Unwrap() error { return e.err }

// errBodyTooLarge is a response body above maxResponseBody.
var errBodyTooLarge = fmt.Errorf("response body larger than %d MiB", maxResponseBody>>20)

// limitedTransport asks the Client's Limiter before each attempt and tells
// it what the server said about its rate limit after each answer (see
// Limiter).
type limitedTransport struct {
	next    http.RoundTripper
	limiter Limiter
	clock   clock
	maxHold time.Duration // RetryPolicy.MaxServerWait
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.wait(req.Context()); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err == nil {
		t.limiter.Observe(req.Context(), rateSignal(resp, t.clock.Now(), t.maxHold))
	}
	return resp, err
}

// wait is the Limiter's Wait, its refusals matching ErrClientRateLimit.
func (t *limitedTransport) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrClientRateLimit, err)
	}
	err := t.limiter.Wait(ctx)
	if err != nil && !errors.Is(err, ErrClientRateLimit) {
		err = fmt.Errorf("%w: %w", ErrClientRateLimit, err)
	}
	return err
}
