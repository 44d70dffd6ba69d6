package tribehr

import (
	"context"
	"time"
)

// clock is where a Client reads the time for its waits and waits: the
// backoff between attempts, a server's Retry-After, and its own rate limit
// (WithRateLimit's LocalLimiter; a Limiter given with WithLimiter keeps its
// own time). Tests replace it, so that a retry test waits no real
// time; every other measure (attempt durations in the log, the time a
// create recovery has been at it, context deadlines) is wall-clock time.
type clock interface {
	// Now returns the current time.
	Now() time.Time
	// Sleep waits d, or until ctx ends, whichever comes first; it returns
	// ctx's error in the second case. A d <= 0 returns at once (with ctx's
	// error, if it has ended).
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock is the clock of a Client: time.Now and a timer.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
