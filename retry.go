package tribehr

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// callState is what the retry hooks and the attempt transport of one
// request share.
type callState struct {
	method string
	path   string

	attempts       int           // requests sent (or tried) so far
	waited         time.Duration // sum of the waits so far
	maybeProcessed bool          // an attempt may have been processed, its answer lost
	started        time.Time     // when the current attempt started
	connected      atomic.Bool   // the current attempt got a connection (see attemptTransport)
	// stream leaves the answer's body to the caller, unread: a streamed
	// call (an iterator) reads it as it goes.
	stream bool
}

// callStateKey is the context key under which Do hands the callState to the
// attempt transport.
type callStateKey struct{}

// retryingClient returns a go-retryablehttp client configured for one call:
// the SDK's retry decisions, no backoff of the library's own (checkRetry
// waits, on the Client's clock, before it says "retry"), no logger of the
// library's own, and the last response (not a "giving up" error) when
// attempts run out.
func (c *Client) retryingClient(st *callState) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   c.httpClient,
		Logger:       nil,
		RetryWaitMin: 0,
		RetryWaitMax: 0,
		RetryMax:     c.retry.MaxAttempts - 1,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return c.checkRetry(ctx, st, resp, err)
		},
		Backoff: func(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
			return 0
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			return resp, err
		},
		RequestLogHook: func(_ retryablehttp.Logger, _ *http.Request, attempt int) {
			st.attempts = attempt + 1
			st.started = time.Now()
			st.connected.Store(false)
		},
	}
}

// retryClass says which methods a failure may be retried for.
type retryClass int

const (
	noRetry         retryClass = iota
	retryAll                   // the server did not act: every method
	retryIdempotent            // the server may have acted: GET, PUT, DELETE
)

// classify sorts an attempt's outcome; connected says whether the attempt
// got a connection.
func classify(resp *http.Response, err error, connected bool) retryClass {
	if err != nil {
		return classifyError(err, connected)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return retryAll
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return retryIdempotent
	}
	return noRetry
}

func classifyError(err error, connected bool) retryClass {
	var (
		certErr     *tls.CertificateVerificationError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		redirectErr *RedirectError
	)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, ErrClientRateLimit), errors.As(err, &redirectErr), errors.Is(err, errBodyTooLarge),
		errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &invalidErr),
		unknownHost(err) != "":
		return noRetry
	case strings.Contains(err.Error(), "stopped after 10 redirects"):
		return noRetry
	case !connected, isDialError(err):
		// Nothing was sent.
		return retryAll
	}
	return retryIdempotent
}

// mayHaveBeenProcessed reports whether the server may have acted on an
// attempt that ended with resp or err: it got the request and no complete
// answer came back. See RequestError for the rules.
func mayHaveBeenProcessed(resp *http.Response, err error, connected bool) bool {
	if err == nil {
		return resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout
	}
	var redirectErr *RedirectError
	switch {
	case errors.As(err, &redirectErr):
		return redirectErr.StatusCode == http.StatusSeeOther
	case errors.Is(err, ErrClientRateLimit):
		return false
	case !connected, isDialError(err):
		// net/http resends a request on a new connection only when nothing
		// was written on the old one, so a dial error means nothing was
		// sent.
		return false
	}
	return true
}

// isDialError reports whether err is a failure to open a connection.
func isDialError(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// unknownHost returns the host name a DNS lookup found not to exist, or "".
func unknownHost(err error) string {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return dnsErr.Name
	}
	return ""
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// checkRetry is called after every attempt, the last included. It logs the
// attempt, notes whether the server may have acted on it, and decides
// whether to send the request again; if so, it waits first, on the
// Client's clock, honouring ctx. A wait the server asks for that is longer
// than MaxServerWait, than what is left of MaxTotalWait, or than the
// context's remaining time ends the call at once with the last response.
func (c *Client) checkRetry(ctx context.Context, st *callState, resp *http.Response, err error) (bool, error) {
	connected := st.connected.Load()
	c.logAttempt(st, resp, err)
	if mayHaveBeenProcessed(resp, err, connected) {
		st.maybeProcessed = true
	}
	class := classify(resp, err, connected)
	if class == noRetry || (class == retryIdempotent && !idempotent(st.method)) {
		return false, nil
	}
	if st.attempts >= c.retry.MaxAttempts {
		return false, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}

	now := c.clock.Now()
	wait, fromServer := time.Duration(0), false
	if resp != nil {
		wait, fromServer = serverWait(resp, now)
	}
	if fromServer {
		if wait > c.retry.MaxServerWait {
			c.debug("tribehr retry not attempted: server wait above cap", "method", st.method, "path", st.path, "wait", wait)
			return false, nil
		}
		wait = max(wait, c.retry.MinWait/4)
	} else {
		wait = backoff(c.retry.MinWait, c.retry.MaxWait, st.attempts)
	}
	if st.waited+wait > c.retry.MaxTotalWait {
		c.debug("tribehr retry not attempted: total wait budget spent", "method", st.method, "path", st.path, "wait", wait)
		return false, nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		c.debug("tribehr retry not attempted: context ends first", "method", st.method, "path", st.path, "wait", wait)
		return false, nil
	}
	c.debug("tribehr retrying", "method", st.method, "path", st.path, "status", statusOf(resp),
		"attempt", st.attempts, "wait", wait, "error", errString(err))
	if err := c.clock.Sleep(ctx, wait); err != nil {
		return false, err
	}
	st.waited += wait
	return true, nil
}

// logAttempt logs one attempt of a call and how it ended.
func (c *Client) logAttempt(st *callState, resp *http.Response, err error) {
	if c.logger == nil {
		return
	}
	args := []any{"method", st.method, "path", st.path, "attempt", st.attempts, "duration", time.Since(st.started)}
	if resp != nil {
		args = append(args, "status", resp.StatusCode)
	}
	if err != nil {
		args = append(args, "error", err.Error())
	}
	c.logger.Debug("tribehr attempt", args...)
}

// backoff is exponential backoff with jitter: the n-th retry waits a random
// time in [d/2, d], where d = min * 2^(n-1), capped at max.
func backoff(minWait, maxWait time.Duration, attempt int) time.Duration {
	d := minWait
	for i := 1; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// serverWait reads how long the server asked the client to wait:
// Retry-After as seconds or as an HTTP date, or on a 429 X-RateLimit-Reset
// (a unix time, or seconds when too small to be one).
func serverWait(resp *http.Response, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(resp.Header.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
			return time.Duration(min(secs, 1<<31)) * time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		if reset, ok := parseReset(resp.Header.Get("X-Ratelimit-Reset"), now); ok {
			return max(reset.Sub(now), 0), true
		}
	}
	return 0, false
}

// parseReset reads X-RateLimit-Reset: a unix time, or a number of seconds
// from now when it is too small to be a unix time.
func parseReset(v string, now time.Time) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	if n < 1_000_000_000 {
		return now.Add(time.Duration(n) * time.Second), true
	}
	return time.Unix(n, 0), true
}

// parseRateLimit reads the X-RateLimit-* headers.
func parseRateLimit(h http.Header, now time.Time) RateLimit {
	var r RateLimit
	r.Limit = headerInt(h, "X-Ratelimit-Limit")
	r.Remaining = headerInt(h, "X-Ratelimit-Remaining")
	if t, ok := parseReset(h.Get("X-Ratelimit-Reset"), now); ok {
		r.Reset = t
	}
	return r
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

func (c *Client) debug(msg string, args ...any) {
	if c.logger != nil {
		c.logger.Debug(msg, args...)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
