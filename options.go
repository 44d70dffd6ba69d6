package tribehr

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// An Option configures a Client in NewClient.
type Option func(*config) error

// config is what the options set; NewClient checks it as a whole.
type config struct {
	baseURL    string
	auth       authenticator
	httpClient *http.Client
	source     string
	uaSuffix   string
	apiVersion string
	retry      RetryPolicy
	limiter    Limiter
	ownLimiter bool // the limiter is WithRateLimit's, so it waits on the Client's clock
	logger     *slog.Logger
	clock      clock
	recovery   bool
	rootCAs    *x509.CertPool // see WithCAFile
}

// WithBasicAuth authenticates every request with HTTP Basic auth, as the
// TribeHR API expects. The identifier is the user's username or email; the
// secret is the user's API key (preferred) or password. The identifier may
// not contain a colon.
func WithBasicAuth(identifier, secret string) Option {
	return func(c *config) error {
		switch {
		case identifier == "":
			return errors.New("tribehr: basic auth identifier is empty")
		case strings.Contains(identifier, ":"):
			return errors.New("tribehr: basic auth identifier contains ':'")
		case secret == "":
			return errors.New("tribehr: basic auth secret is empty")
		case strings.ContainsAny(identifier+secret, "\r\n"):
			return errors.New("tribehr: basic auth credentials contain a line break")
		}
		c.auth = newBasicAuth(identifier, secret)
		return nil
	}
}

// WithBearerToken authenticates every request with "Authorization: Bearer
// <token>", as neighbouring HR APIs and some proxies expect.
func WithBearerToken(token string) Option {
	return func(c *config) error {
		if token == "" {
			return errors.New("tribehr: bearer token is empty")
		}
		if strings.ContainsAny(token, "\r\n ") {
			return errors.New("tribehr: bearer token contains white space")
		}
		c.auth = &bearerAuth{header: "Bearer " + token}
		return nil
	}
}

// WithBaseURL sends requests to rawURL instead of
// https://<subdomain>.mytribehr.com: a proxy, or a test server such as the
// one in package tribehrtest. The URL must be https, except that plain http
// is allowed to a loopback address (127.0.0.0/8, ::1, localhost) for tests.
func WithBaseURL(rawURL string) Option {
	return func(c *config) error {
		c.baseURL = rawURL
		return nil
	}
}

// WithHTTPClient sends requests with hc instead of a new pooled client. The
// Client never changes hc: it uses a copy of hc's Timeout and Jar with its
// own redirect policy and, when the Client has a Limiter, a rate-limited
// transport around hc's. It reads hc.Transport at each request, as
// net/http does, so a Transport swapped in after NewClient (such as by
// gock.InterceptClient(hc)) is used; a nil Transport is
// http.DefaultTransport.
//
// Without WithHTTPClient the Client sends with a pooled transport of its
// own, unless the program has replaced http.DefaultTransport, as HTTP
// mocking libraries do (gock.New): then through the replacement.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("tribehr: http client is nil")
		}
		c.httpClient = hc
		return nil
	}
}

// WithSource sends "X-Source: app" on every request. TribeHR records it as
// the source of kudos and comments at their creation; it must name the
// application and stay the same for all its users.
func WithSource(app string) Option {
	return func(c *config) error {
		if strings.ContainsAny(app, "\r\n") {
			return errors.New("tribehr: source contains a line break")
		}
		c.source = app
		return nil
	}
}

// WithUserAgent appends suffix (such as "payroll-sync/1.2") to the SDK's
// User-Agent.
func WithUserAgent(suffix string) Option {
	return func(c *config) error {
		if strings.ContainsAny(suffix, "\r\n") {
			return errors.New("tribehr: user agent contains a line break")
		}
		c.uaSuffix = suffix
		return nil
	}
}

// WithAPIVersion sends version in the X-API-Version header instead of
// DefaultAPIVersion. It must be a 2.x.y version: without a v2 version the
// server answers as API v1.
func WithAPIVersion(version string) Option {
	return func(c *config) error {
		var major, minor, patch int
		if n, err := fmt.Sscanf(version, "%d.%d.%d", &major, &minor, &patch); err != nil || n != 3 ||
			major != 2 || fmt.Sprintf("%d.%d.%d", major, minor, patch) != version {
			return fmt.Errorf("tribehr: api version %q is not a 2.x.y version", version)
		}
		c.apiVersion = version
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy(). Zero fields of p take the
// default's values; MaxAttempts of 1 turns retries off.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if p.MaxAttempts < 0 || p.MinWait < 0 || p.MaxWait < 0 || p.MaxTotalWait < 0 {
			return errors.New("tribehr: retry policy has a negative value")
		}
		if p.MinWait > 0 && p.MaxWait > 0 && p.MinWait > p.MaxWait {
			return errors.New("tribehr: retry policy min wait is above max wait")
		}
		c.retry = p.withDefaults()
		return nil
	}
}

// WithRateLimit limits the Client to r requests a second with bursts of up
// to burst, shared by every goroutine using the Client: it gives the Client
// a LocalLimiter of its own (see Limiter for when it is asked). Each
// attempt, retries included, takes a token. Waiting honours the call's
// context: a call whose wait would outlast its deadline fails at once,
// before sending, with an error matching ErrClientRateLimit. The limiter is
// guided by the server, too: after an answer with X-RateLimit-Remaining: 0,
// or a 429 with Retry-After, every call waits until the server's reset.
// For the API's "100 requests a minute, bursts of 200", pass
// rate.Every(time.Minute/100) and 200.
//
// WithRateLimit limits one process; replicas sharing an account need
// WithLimiter with a shared Limiter. The last of WithRateLimit and
// WithLimiter wins.
func WithRateLimit(r rate.Limit, burst int) Option {
	return func(c *config) error {
		if r <= 0 || burst < 1 {
			return errors.New("tribehr: rate limit needs a positive rate and a burst of at least 1")
		}
		c.limiter, c.ownLimiter = NewLocalLimiter(r, burst), true
		return nil
	}
}

// WithLimiter makes the Client ask l before every attempt of every request
// to the account, and tell l what the server says about its rate limit
// after each answer (see Limiter for the details). l may be shared by
// several Clients of the same account: a LocalLimiter by Clients of one
// process, or a limiter shared through a store by every replica of a
// service, such as the Redis-backed one of module
// github.com/tribehr/tribehr-go/redislimit:
//
//	lim, err := redislimit.New(rdb, "https://acme.mytribehr.com", redislimit.PerMinute(100, 10))
//	...
//	client, err := tribehr.NewClient("acme", tribehr.WithLimiter(lim), ...)
//
// The last of WithRateLimit and WithLimiter wins.
func WithLimiter(l Limiter) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("tribehr: limiter is nil")
		}
		c.limiter, c.ownLimiter = l, false
		return nil
	}
}

// WithLogger logs to l, at debug level, every attempt of every call (the
// last one included: method, path, attempt number, status or network
// error, duration), each retry with its wait, and each call's final outcome
// (ok, not modified, api error, not sent, outcome unknown; with status,
// attempts and duration), and create recovery's findings. Credentials and
// bodies are never logged. Without it the Client logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithCAFile trusts the certificate authorities in the PEM file at path,
// besides the system's, for the Client's HTTPS connections: what a program
// needs to reach the standalone fake of cmd/tribehr-fake (it prints its
// certificate's path) or a server behind a proxy with a private CA:
//
//	client, err := tribehr.NewClient("", tribehr.WithBaseURL(os.Getenv("TRIBEHR_BASE_URL")),
//		tribehr.WithCAFile(os.Getenv("TRIBEHR_CA_FILE")), tribehr.WithBasicAuth(user, key))
//
// The file is read by NewClient. An empty path adds nothing, so that a
// program can pass a variable that is set only for the fake, as above. A
// Client with a CA file always sends with its own transport, never through
// a replaced http.DefaultTransport (which would not trust the file). It
// cannot be combined with WithHTTPClient, whose transport the Client does
// not change: set RootCAs in that client's TLS configuration instead.
func WithCAFile(path string) Option {
	return func(c *config) error {
		if path == "" {
			return nil
		}
		pem, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("tribehr: ca file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("tribehr: ca file %s holds no PEM certificate", path)
		}
		c.rootCAs = pool
		return nil
	}
}

// WithCreateRecovery makes creates (LeaveRequests.Create, Kudos.Create,
// Events.Create) exactly-once where the API allows it to be known. The API
// has no idempotency keys, so a create whose outcome is unknown (its
// request was sent and the answer was lost: a reset, a cut body, a 502 or
// 504, an empty answer) may or may not have made its object. With recovery
// on, the SDK then looks for the object among those created since the call
// began:
//
//   - a leave request with the same user (the caller's, unless given),
//     dates, leave type and comments, in the list of leave requests;
//   - a kudos with the same poster (the caller), recipients and text, among
//     the 50 most recent;
//   - an event with the same name and start, among the upcoming events (or
//     the holidays, for an official holiday).
//
// Found: the call returns it, read back in full, with Response.Recovered
// set. Certainly absent: the create is sent once more (at most
// RetryPolicy.MaxAttempts sends in all; when none is left, the call fails
// with OutcomeNotSent, since it is now known that nothing was made).
// Neither (the lookup failed, or the object would not be visible to it: a
// past event, a kudos beyond the 50 most recent, fields the caller may not
// see): the call returns the outcome-unknown *RequestError, with Recovery
// saying why. Concurrent recoveries of one Client share their list
// requests, never one sent before they asked.
//
// What recovery cannot guarantee: two identical creates made on purpose at
// the same moment (within about two seconds, the precision of the server's
// timestamps) cannot be told apart, so one call may return the other's
// object and the object it made itself be reported as found; and a create
// the server is still working on when the lookup runs (a gateway timeout,
// 504, while the server goes on) may be missed and sent again. Recovery
// costs requests only when an outcome is unknown: a list, the object, and
// once per Client the authenticated user. The call option CreateRecovery
// turns it on or off for one call.
func WithCreateRecovery() Option {
	return func(c *config) error {
		c.recovery = true
		return nil
	}
}

// withClock makes the Client wait on clk instead of the real clock: tests
// use it so that backoff, Retry-After and rate-limit waits take no time.
func withClock(clk clock) Option {
	return func(c *config) error {
		if clk == nil {
			return errors.New("tribehr: clock is nil")
		}
		c.clock = clk
		return nil
	}
}

// RetryPolicy says how a Client retries. Whatever the policy, a request is
// retried only when that cannot duplicate a write:
//
//   - 429 and 503 responses, and attempts that never got a connection
//     (refused, unreachable, a DNS server failing): every method (the
//     server did not act).
//   - other network errors (a reset, a timeout of one attempt, a body cut
//     mid-way or shorter than its Content-Length), 502 and 504: GET, PUT and
//     DELETE only. A POST is never retried after an ambiguous failure.
//   - 500 and every other status, a host name that does not exist, a TLS
//     certificate failure, a refused redirect, the Client's own rate limit
//     and the end of the call's context: never.
//
// The waits between attempts honour the context: a call whose context ends
// while it waits returns at once.
type RetryPolicy struct {
	// MaxAttempts is how many times a request may be sent in all,
	// including the first; 1 turns retries off.
	MaxAttempts int
	// MinWait and MaxWait bound the exponential backoff (with jitter)
	// between attempts when the server does not say how long to wait.
	MinWait time.Duration
	MaxWait time.Duration
	// MaxServerWait caps a wait the server asks for with Retry-After or
	// X-RateLimit-Reset. A longer request is not slept through: the call
	// returns the *APIError at once, with RetryAfter set.
	MaxServerWait time.Duration
	// MaxTotalWait caps the sum of all waits of one call.
	MaxTotalWait time.Duration
}

// DefaultRetryPolicy returns the policy of a Client made without
// WithRetryPolicy: 4 attempts, backoff from 500ms to 8s, server-requested
// waits of up to 1 minute, at most 2 minutes of waiting in all.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:   4,
		MinWait:       500 * time.Millisecond,
		MaxWait:       8 * time.Second,
		MaxServerWait: time.Minute,
		MaxTotalWait:  2 * time.Minute,
	}
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxAttempts == 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.MinWait == 0 {
		p.MinWait = d.MinWait
		if p.MaxWait > 0 && p.MaxWait < p.MinWait {
			p.MinWait = p.MaxWait
		}
	}
	if p.MaxWait == 0 {
		p.MaxWait = max(d.MaxWait, p.MinWait)
	}
	if p.MaxServerWait == 0 {
		p.MaxServerWait = d.MaxServerWait
	}
	if p.MaxTotalWait == 0 {
		p.MaxTotalWait = d.MaxTotalWait
	}
	return p
}
