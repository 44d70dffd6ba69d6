package tribehr

import "net/http"

// The round trippers below make a Client send through what the program
// says at the time of each request, not what it said at NewClient, as
// net/http itself does: HTTP mocking libraries (gock, httpmock) intercept
// by replacing http.DefaultTransport or an http.Client's Transport, and
// tests do that before or after they make the Client.

// stdTransport is http.DefaultTransport as the program started with it.
var stdTransport, _ = http.DefaultTransport.(*http.Transport)

// defaultTransport sends the requests of a Client made without
// WithHTTPClient: with the SDK's own pooled transport, unless the program
// has replaced http.DefaultTransport (gock.New does, and gock.Off puts the
// original back), in which case with the replacement.
type defaultTransport struct {
	pooled http.RoundTripper
}

func (t *defaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt := http.DefaultTransport; replaced(rt) {
		return rt.RoundTrip(req)
	}
	return t.pooled.RoundTrip(req)
}

// replaced reports whether rt is not the original http.DefaultTransport.
func replaced(rt http.RoundTripper) bool {
	t, ok := rt.(*http.Transport)
	return !ok || t != stdTransport
}

// clientTransport sends the requests of a Client made with
// WithHTTPClient(hc) through hc's Transport as it is at each request (so
// gock.InterceptClient(hc) works after NewClient too), or through
// http.DefaultTransport, as it is then, when hc has none.
type clientTransport struct {
	hc *http.Client
}

func (t clientTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt := t.hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	return rt.RoundTrip(req)
}
