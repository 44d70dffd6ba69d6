package redislimit

import (
	"log/slog"
	"time"

	"golang.org/x/time/rate"
)

// An Option configures a Limiter in New.
type Option func(*config)

type config struct {
	key      string
	timeout  time.Duration
	probe    time.Duration
	failFast bool
	logger   *slog.Logger
	fallback *fallback
}

type fallback struct {
	r     rate.Limit
	burst int
}

// WithKey keeps the budget under key instead of AccountKey(account): for
// several accounts that share one limit, or a key of your own scheme.
// Limiters share a budget exactly when their keys (and Redis) are the same.
func WithKey(key string) Option {
	return func(c *config) { c.key = key }
}

// WithTimeout bounds the Redis round trips of each Wait, and the write of
// each hold, to d (DefaultTimeout without it). Redis not answering within
// d counts as unreachable.
func WithTimeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

// WithProbeInterval sets how often a Limiter that found Redis unreachable
// pings it again in the background (DefaultProbeInterval without it).
func WithProbeInterval(d time.Duration) Option {
	return func(c *config) { c.probe = d }
}

// WithFallback sets the local bucket used while Redis is unreachable: r
// requests a second with bursts of up to burst. Without it the fallback
// has the shared limit itself, which suits one replica; with N replicas
// the account then sees up to N times its limit during an outage (the
// server's 429s and Retry-After still hold each replica), and a fallback of
// the limit divided by N avoids that.
func WithFallback(r rate.Limit, burst int) Option {
	return func(c *config) { c.fallback = &fallback{r: r, burst: burst} }
}

// WithFailFast makes Wait fail at once, with an error matching
// ErrUnavailable and tribehr.ErrClientRateLimit, while Redis is
// unreachable, instead of falling back to a local bucket: for services
// that must never exceed the shared limit, and would rather stop.
func WithFailFast() Option {
	return func(c *config) { c.failFast = true }
}

// WithLogger logs the Limiter's changes of state (Redis unreachable, once
// per outage, at warning level; Redis answering again, at info level) to l
// instead of slog.Default(). Nothing else is logged, and never a password.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}
