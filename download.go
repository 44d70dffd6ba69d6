package tribehr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultMaxDownloadSize is the most Download writes unless the call's
// MaxDownloadSize says otherwise: 32 MiB, well above any picture the web
// app accepts.
const DefaultMaxDownloadSize int64 = 32 << 20

// maxDownloadErrorBody caps how much of a failed download's body is read
// for its *APIError.
const maxDownloadErrorBody = 64 << 10

// MaxDownloadSize caps how many bytes Download writes: a larger file is a
// *DownloadTooLargeError. It applies to Download only; other calls ignore
// it. n must be positive.
func MaxDownloadSize(n int64) CallOption {
	return func(c *callConfig) { c.maxDownload, c.maxDownloadSet = n, true }
}

// ErrDownloadTooLarge is matched (errors.Is) by the *DownloadTooLargeError
// of a download larger than its cap.
var ErrDownloadTooLarge = errors.New("tribehr: download larger than its size cap")

// DownloadTooLargeError is the error of a download whose body is larger
// than its cap (DefaultMaxDownloadSize, or the call's MaxDownloadSize).
type DownloadTooLargeError struct {
	// URL is the downloaded URL without its query string, which may hold a
	// signature.
	URL string
	// Limit is the cap.
	Limit int64
	// Size is the Content-Length the server announced, or -1 when it did
	// not announce one and the body ran past Limit.
	Size int64
	// Written is how many bytes reached the writer: 0 when the announced
	// size was refused before reading, Limit when the body ran past it.
	Written int64
}

// Error says what was refused and how much was written.
func (e *DownloadTooLargeError) Error() string {
	if e.Size >= 0 {
		return fmt.Sprintf("tribehr: download of %s: the server announced %d bytes, above the cap of %d (see MaxDownloadSize); nothing was written", e.URL, e.Size, e.Limit)
	}
	return fmt.Sprintf("tribehr: download of %s: the body runs past the cap of %d bytes (see MaxDownloadSize); the first %d bytes were written", e.URL, e.Limit, e.Written)
}

// Is reports whether target is ErrDownloadTooLarge.
func (e *DownloadTooLargeError) Is(target error) bool { return target == ErrDownloadTooLarge }

// DownloadInfo describes a finished download.
type DownloadInfo struct {
	// ContentType is the Content-Type the server sent, such as
	// "image/jpeg"; "" when it sent none.
	ContentType string
	// Size is how many bytes were written.
	Size int64
	// StatusCode and Header are those of the response.
	StatusCode int
	Header     http.Header
	// Attempts is how many times the request was sent.
	Attempts int
	// Authenticated reports whether the request that answered carried the
	// Client's credentials: false for a URL on another host, or after a
	// redirect away from the account's host.
	Authenticated bool
}

// Download fetches the file at rawURL and streams its body into w: a
// kudos picture (Kudos.Picture), a user's avatar (User.Avatar) or a
// company value's icon (Value.Image), whose URLs the services have made
// absolute. A relative URL is taken as relative to the account's base URL.
//
//	pic, ok := k.Picture.Get()
//	if ok {
//		info, err := client.Download(ctx, pic.URL.Value(), f)
//		...
//	}
//
// Credentials go only to the account's host (scheme, host and port of the
// base URL); a URL elsewhere, such as the S3 URL of an avatar (API 2.1.0
// and later), is fetched without them and without the API's headers, and
// so is a redirect that leaves the account's host. The URL must be https,
// or http to a loopback address, and a redirect may not go from https to
// http. The Client's Limiter (WithRateLimit, WithLimiter) is asked for
// requests to the account's host only.
//
// The request is retried as a GET is (see RetryPolicy) until a response
// arrives; its body is then streamed, at most DefaultMaxDownloadSize bytes
// or what the call's MaxDownloadSize says: a larger file is a
// *DownloadTooLargeError (ErrDownloadTooLarge), refused before anything is
// written when the server announces its size. A failure while the body is
// read is not retried, since w already holds part of it: write to a
// temporary file and keep it only when Download returns no error. A
// non-2xx response is an *APIError whose Path is the URL without its query
// (a signed S3 URL's signature never reaches an error or a log).
func (c *Client) Download(ctx context.Context, rawURL string, w io.Writer, opts ...CallOption) (*DownloadInfo, error) {
	var u *url.URL
	cfg, err := validated("download", opts, func(p *problems) {
		if w == nil {
			p.add("w", "the writer is nil")
		}
		u = c.checkDownloadURL(p, rawURL)
	})
	if err != nil {
		return nil, err
	}
	limit := DefaultMaxDownloadSize
	if cfg.maxDownloadSet {
		limit = cfg.maxDownload
	}

	own := c.isAccountHost(u)
	shown := u.Path
	if !own {
		shown = (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("tribehr: download %s: %w", shown, err)
	}
	req.Header.Set("Accept", "*/*")
	req.Header.Set("User-Agent", c.userAgent)
	if own {
		req.Header.Set("X-Api-Version", c.apiVersion)
		if c.source != "" {
			req.Header.Set("X-Source", c.source)
		}
		if c.auth != nil {
			c.auth.apply(req.Header)
		}
	}

	st := &callState{method: http.MethodGet, path: shown}
	rreq, err := retryablehttp.FromRequest(req)
	if err != nil {
		return nil, c.requestError(st, err)
	}
	rc := c.retryingClient(st)
	rc.HTTPClient = c.downloadHTTPClient()
	resp, err := rc.Do(rreq)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, c.requestError(st, hideQuery(err, shown))
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		meta := &Response{Method: http.MethodGet, Path: shown, Attempts: st.attempts}
		meta.fill(resp, c.clock.Now())
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxDownloadErrorBody))
		if err != nil {
			st.maybeProcessed = true
			return nil, c.requestError(st, fmt.Errorf("read response: %w", hideQuery(err, shown)))
		}
		return nil, c.apiError(req, resp, meta, body, st)
	}
	info := &DownloadInfo{
		ContentType:   resp.Header.Get("Content-Type"),
		StatusCode:    resp.StatusCode,
		Header:        resp.Header,
		Attempts:      st.attempts,
		Authenticated: own && c.auth != nil && resp.Request != nil && resp.Request.Header.Get("Authorization") != "",
	}
	if resp.ContentLength > limit {
		return nil, &DownloadTooLargeError{URL: shown, Limit: limit, Size: resp.ContentLength}
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, limit))
	info.Size = n
	if err != nil {
		return info, fmt.Errorf("tribehr: download %s: %d bytes written, then: %w", shown, n, hideQuery(err, shown))
	}
	if n == limit {
		var one [1]byte
		if m, _ := io.ReadFull(resp.Body, one[:]); m > 0 {
			return info, &DownloadTooLargeError{URL: shown, Limit: limit, Size: -1, Written: n}
		}
	}
	return info, nil
}

// checkDownloadURL returns rawURL made absolute against the account's base
// URL, or nil after adding its problems to p.
func (c *Client) checkDownloadURL(p *problems, rawURL string) *url.URL {
	if strings.TrimSpace(rawURL) == "" {
		p.add("url", "is empty (is the image absent?)")
		return nil
	}
	u, err := url.Parse(rawURL)
	if err == nil && !u.IsAbs() && u.Host == "" {
		u, err = url.Parse(c.resolveURL(rawURL, ""))
	}
	switch {
	case err != nil:
		p.add("url", "does not parse: %v", errors.Unwrap(err))
	case u.Host == "":
		p.add("url", "has no host")
	case u.User != nil:
		p.add("url", "must not hold credentials")
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		p.add("url", "scheme %q: must be https (or http to a loopback address)", u.Scheme)
	}
	if len(p.list) > 0 {
		return nil
	}
	u.Fragment, u.RawFragment = "", ""
	return u
}

// isAccountHost reports whether u is on the account's host: the base URL's
// scheme, host name and port.
func (c *Client) isAccountHost(u *url.URL) bool {
	return u.Scheme == c.baseURL.Scheme && strings.EqualFold(u.Hostname(), c.baseURL.Hostname()) &&
		portOf(u) == portOf(c.baseURL)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "http" {
		return "80"
	}
	return "443"
}

// downloadHTTPClient returns the Client's http.Client with the redirect
// policy of downloads, and the rate limit applied to the account's host
// only.
func (c *Client) downloadHTTPClient() *http.Client {
	dl := *c.httpClient
	if at, ok := dl.Transport.(*attemptTransport); ok {
		if lt, ok := at.next.(*limitedTransport); ok {
			dl.Transport = &attemptTransport{next: &accountLimited{client: c, limited: lt}}
		}
	}
	dl.CheckRedirect = c.checkDownloadRedirect
	return &dl
}

// accountLimited takes a rate-limit token for requests to the account's
// host only: a download from S3 does not spend the API's budget.
type accountLimited struct {
	client  *Client
	limited *limitedTransport
}

func (t *accountLimited) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.client.isAccountHost(req.URL) {
		return t.limited.RoundTrip(req)
	}
	return t.limited.next.RoundTrip(req)
}

// checkDownloadRedirect follows at most 10 redirects, refuses a downgrade
// from https to http (but between loopback addresses, for tests), and
// keeps the credentials and the API's headers for the account's host.
func (c *Client) checkDownloadRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("tribehr: stopped after 10 redirects")
	}
	prev := via[len(via)-1].URL
	if req.URL.Scheme != "https" && !(req.URL.Scheme == "http" && isLoopback(req.URL.Hostname()) && prev.Scheme == "http") {
		status := 0
		if req.Response != nil {
			status = req.Response.StatusCode
		}
		return &RedirectError{StatusCode: status, Target: redirectTarget(req.URL), Reason: "https to plain http", err: errInsecureRedirect}
	}
	if !c.isAccountHost(req.URL) {
		for _, h := range []string{"Authorization", "X-Api-Version", "X-Source"} {
			req.Header.Del(h)
		}
	}
	return nil
}

// hideQuery replaces the URL of a *url.Error in err (net/http's errors
// name the whole URL) with shown, which has no query string.
func hideQuery(err error, shown string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = shown
	}
	return err
}
