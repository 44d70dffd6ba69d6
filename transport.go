package tribehr

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/go-cleanhttp"
	"golang.org/x/time/rate"
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
// (see transport_live.go); with the SDK's redirect policy and, when a rate
// limit is set, a rate-limited transport. With rootCAs (WithCAFile) the
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
	if c.limiter != nil {
		out.Transport = &limitedTransport{next: out.Transport, limiter: c.limiter}
	}
	out.CheckRedirect = checkRedirect
	return &out
}

// errInsecureRedirect is returned for a redirect from https to plain http.
var errInsecureRedirect = errors.New("tribehr: refusing a redirect from https to plain http")

// checkRedirect follows at most 10 redirects, refuses a downgrade to plain
// http (except between loopback addresses, for tests), and drops the
// Authorization header when the redirect leaves the original host, so
// credentials never reach another server.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("tribehr: stopped after 10 redirects")
	}
	first := via[0].URL
	if req.URL.Scheme != "https" && !(req.URL.Scheme == "http" && isLoopback(req.URL.Hostname()) && first.Scheme == "http") {
		return errInsecureRedirect
	}
	if req.URL.Host != first.Host {
		req.Header.Del("Authorization")
	}
	return nil
}

// limitedTransport takes a token from a rate limiter, shared by all
// goroutines of a Client, before each attempt.
type limitedTransport struct {
	next    http.RoundTripper
	limiter *rate.Limiter
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.limiter.Wait(req.Context()); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("%w: %w", ErrClientRateLimit, err)
	}
	return t.next.RoundTrip(req)
}
