package tribehr

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// callState is what the retry hooks of one call share.
type callState struct {
	method string
	path   string

	attempts  int           // requests sent so far
	waited    time.Duration // sum of the waits so far
	nextWait  time.Duration // the wait checkRetry chose for the next attempt
	ambiguous bool          // an attempt may have reached the server and failed unseen
	started   time.Time     // when the current attempt started
}

// retryingClient returns a go-retryablehttp client configured for one call:
// the SDK's retry decisions, its backoff, no logger of the library's own,
// and the last response (not a "giving up" error) when attempts run out.
func (c *Client) retryingClient(st *callState) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   c.httpClient,
		Logger:       nil,
		RetryWaitMin: c.retry.MinWait,
		RetryWaitMax: c.retry.MaxWait,
		RetryMax:     c.retry.MaxAttempts - 1,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return c.checkRetry(ctx, st, resp, err)
		},
		Backoff: func(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
			return st.nextWait
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			return resp, err
		},
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) {
			st.attempts = attempt + 1
			st.started = time.Now()
		},
		ResponseLogHook: func(_ retryablehttp.Logger, resp *http.Response) {
			c.debug("tribehr response", "method", st.method, "path", st.path, "status", resp.StatusCode,
				"attempt", st.attempts, "duration", time.Since(st.started))
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

// classify sorts an attempt's outcome.
func classify(resp *http.Response, err error) retryClass {
	if err != nil {
		return classifyError(err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return retryAll
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return retryIdempotent
	}
	return noRetry
}

func classifyError(err error) retryClass {
	var (
		certErr     *tls.CertificateVerificationError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		opErr       *net.OpError
	)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, errInsecureRedirect), errors.Is(err, ErrClientRateLimit),
		errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &invalidErr):
		return noRetry
	case errors.As(err, &opErr) && opErr.Op == "dial":
		// The connection was never made, so nothing was sent.
		return retryAll
	case strings.Contains(err.Error(), "stopped after 10 redirects"):
		return noRetry
	}
	return retryIdempotent
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// checkRetry decides whether to send the request again and, if so, how
// long to wait first. A wait the server asks for that is longer than
// MaxServerWait, than what is left of MaxTotalWait, or than the context's
// remaining time ends the call at once with the last response.
func (c *Client) checkRetry(ctx context.Context, st *callState, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	class := classify(resp, err)
	if class == noRetry || (class == retryIdempotent && !idempotent(st.method)) {
		return false, nil
	}
	if st.attempts >= c.retry.MaxAttempts {
		if class == retryIdempotent {
			st.ambiguous = true
		}
		return false, nil
	}

	wait, fromServer := time.Duration(0), false
	if resp != nil {
		wait, fromServer = serverWait(resp, time.Now())
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
	if class == retryIdempotent {
		st.ambiguous = true
	}
	st.nextWait = wait
	st.waited += wait
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	c.debug("tribehr retrying", "method", st.method, "path", st.path, "status", status,
		"attempt", st.attempts, "wait", wait, "error", errString(err))
	return true, nil
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
func parseRateLimit(h http.Header) RateLimit {
	var r RateLimit
	r.Limit = headerInt(h, "X-Ratelimit-Limit")
	r.Remaining = headerInt(h, "X-Ratelimit-Remaining")
	if t, ok := parseReset(h.Get("X-Ratelimit-Reset"), time.Now()); ok {
		r.Reset = t
	}
	return r
}

// networkError wraps a failure that left no response to read.
func (st *callState) networkError(err error) error {
	if st.attempts > 1 {
		return fmt.Errorf("tribehr: %s %s (after %d attempts): %w", st.method, st.path, st.attempts, err)
	}
	return fmt.Errorf("tribehr: %s %s: %w", st.method, st.path, err)
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
