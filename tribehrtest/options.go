package tribehrtest

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Option configures a Server at start.
type Option func(*config)

type config struct {
	err error

	clock               func() time.Time
	demo                bool
	users               int
	fixtures            []*Fixtures
	singleLocationQuirk bool
	s3Avatars           bool

	addr       string
	plainHTTP  bool
	clientOpts []any // tribehr.Option values, kept opaque outside client.go

	rateLimit   int
	rateWindow  time.Duration
	rateAligned bool
	maintenance bool
	retryAfter  time.Duration
	latency     time.Duration
	failN       int
	failStatus  int
	etags       bool

	pagination    Pagination
	pageSize      int
	streamedUsers int
}

// WithClock sets the server clock, used for "upcoming" events, the default
// holiday year, created/modified timestamps and the rate-limit window.
// The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithUsers adds n generated active employees (user1, user2, … with the
// password DemoPassword and no API key) to the seed, spread over the demo
// managers, for tests of large collections.
func WithUsers(n int) Option {
	return func(c *config) { c.users = n }
}

// WithoutDemoData starts from an empty company: no users, no reference
// data. Combine it with WithFixtures, which must then supply at least one
// user to authenticate as.
func WithoutDemoData() Option {
	return func(c *config) { c.demo = false }
}

// WithFixtures loads JSON fixtures (the format of Fixtures) on top of the
// seed. An unreadable or invalid document makes NewServer fail the test and
// Start return an error.
func WithFixtures(r io.Reader) Option {
	return func(c *config) {
		var f Fixtures
		dec := json.NewDecoder(r)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			c.err = fmt.Errorf("reading fixtures: %w", err)
			return
		}
		c.fixtures = append(c.fixtures, &f)
	}
}

// WithFixtureData loads fixtures given as a Go value on top of the seed.
func WithFixtureData(f Fixtures) Option {
	return func(c *config) { c.fixtures = append(c.fixtures, &f) }
}

// WithSingleLocationQuirk reproduces the upcoming-events sample of the API
// document, where an event's "locations" is a single object rather than an
// array: in /events/upcoming.json and /events.json an event with exactly one
// location renders it as a bare object. Without this option "locations" is
// always an array.
func WithSingleLocationQuirk() Option {
	return func(c *config) { c.singleLocationQuirk = true }
}

// WithS3Avatars serves every user's avatar as API 2.1.0 and later may: an
// absolute, presigned URL on a separate S3 stand-in (Server.S3URL: another
// loopback port, the same certificate, so Server.HTTPClient trusts it).
// Like S3, it refuses a request that carries an Authorization header, so a
// client that sends the account's credentials to it fails (400
// InvalidArgument); its requests are in Requests, with their Host.
func WithS3Avatars() Option {
	return func(c *config) { c.s3Avatars = true }
}

// WithAddr listens on addr (a loopback host:port) instead of a random
// loopback port.
func WithAddr(addr string) Option {
	return func(c *config) { c.addr = addr }
}

// WithPlainHTTP serves plain HTTP instead of HTTPS. The real API is HTTPS
// only; this exists for tools such as curl in cmd/tribehr-fake.
func WithPlainHTTP() Option {
	return func(c *config) { c.plainHTTP = true }
}

// WithRateLimit allows n requests per window; see Server.SetRateLimit.
func WithRateLimit(n int, window time.Duration) Option {
	return func(c *config) { c.rateLimit, c.rateWindow, c.rateAligned = n, window, false }
}

// WithRateLimitAligned allows n requests per window, the windows aligned on
// the server clock; see Server.SetRateLimitAligned.
func WithRateLimitAligned(n int, window time.Duration) Option {
	return func(c *config) { c.rateLimit, c.rateWindow, c.rateAligned = n, window, true }
}

// WithMaintenance starts the server in maintenance mode; see
// Server.SetMaintenance.
func WithMaintenance(retryAfter time.Duration) Option {
	return func(c *config) { c.maintenance, c.retryAfter = true, retryAfter }
}

// WithLatency delays every request by d; see Server.SetLatency.
func WithLatency(d time.Duration) Option {
	return func(c *config) { c.latency = d }
}

// WithFailNext fails the first n requests with status; see Server.FailNext.
func WithFailNext(n, status int) Option {
	return func(c *config) { c.failN, c.failStatus = n, status }
}

// WithETags starts the server with entity tags on; see Server.SetETags.
func WithETags() Option {
	return func(c *config) { c.etags = true }
}
