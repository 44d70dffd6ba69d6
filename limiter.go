package tribehr

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// A Limiter decides when a Client may send a request to the account, so
// that the Client stays within the account's rate limit. WithRateLimit
// gives a Client a LocalLimiter, a token bucket for one process; WithLimiter
// takes any Limiter, such as the Redis-backed one of module
// github.com/tribehr/tribehr-go/redislimit, which every replica of a
// service shares.
//
// How a Client calls its Limiter:
//
//   - Wait, once before every attempt of every request to the account's
//     host: retries, the read-back of a 201 Created and create recovery's
//     lookups included. A download from another host (an avatar on S3)
//     calls neither Wait nor Observe.
//   - Observe, once after every attempt that Wait let through and that got
//     an answer, whatever its status, before the Client looks at the answer
//     (and so before it decides to retry). An attempt that got no answer (a
//     network failure) is not observed.
//
// Both are called from many goroutines at once and must be safe for
// concurrent use. A Limiter may be shared by several Clients of the same
// account.
type Limiter interface {
	// Wait blocks until the Client may send one request, and returns nil;
	// or it returns an error, and the request is not sent. It must honour
	// ctx: return at once when ctx has ended, and when the wait would
	// outlast ctx's deadline, refuse at once rather than wait for the
	// deadline. The Client returns the error as a *RequestError with
	// OutcomeNotSent that matches ErrClientRateLimit (and the error's own
	// sentinels, such as context.Canceled), so a Limiter need not wrap
	// ErrClientRateLimit itself.
	Wait(ctx context.Context) error
	// Observe tells the Limiter what the server said about its rate limit
	// in one answer. When RateSignal.Hold is above zero the server has
	// asked that nothing be sent for that long: the Limiter should hold
	// every later Wait (of every goroutine, and of every replica it speaks
	// for) until then. ctx is the request's; Observe returns no error and
	// must not block for long.
	Observe(ctx context.Context, s RateSignal)
}

// RateSignal is what a Client tells its Limiter about one answer.
type RateSignal struct {
	// StatusCode is the answer's HTTP status.
	StatusCode int
	// Rate is the answer's X-RateLimit-* state; its fields are zero where
	// the server sent none (so Remaining is 0 both when none remain and
	// when the header is missing: Hold tells the two apart).
	Rate RateLimit
	// Hold, when above zero, is how long from the answer's arrival the
	// server asked that no request be sent: a 429's Retry-After (or its
	// X-RateLimit-Reset), or, on any answer with X-RateLimit-Remaining: 0,
	// the time left until its X-RateLimit-Reset. It is capped at the
	// Client's RetryPolicy.MaxServerWait, the longest the Client waits on
	// a server's word.
	Hold time.Duration
}

// rateSignal reads the signal of resp, received at now; maxHold caps Hold.
func rateSignal(resp *http.Response, now time.Time, maxHold time.Duration) RateSignal {
	s := RateSignal{StatusCode: resp.StatusCode, Rate: parseRateLimit(resp.Header, now)}
	if resp.StatusCode == http.StatusTooManyRequests {
		if wait, ok := serverWait(resp, now); ok {
			s.Hold = wait
		}
	}
	if v, ok := resp.Header["X-Ratelimit-Remaining"]; ok && len(v) > 0 && strings.TrimSpace(v[0]) == "0" && !s.Rate.Reset.IsZero() {
		s.Hold = max(s.Hold, s.Rate.Reset.Sub(now))
	}
	s.Hold = min(max(s.Hold, 0), maxHold)
	return s
}

// LocalLimiter is the Limiter of one process: a token bucket
// (golang.org/x/time/rate) shared by every goroutine of the Clients that
// use it, guided by the server: when an answer says the account has no
// request left until a reset (X-RateLimit-Remaining: 0), or a 429 says when
// to come back (Retry-After), every Wait is held until then, instead of
// each goroutine discovering the 429 on its own. WithRateLimit gives a
// Client one of its own; make one to share with NewLocalLimiter (the zero
// value is not usable). It is safe for concurrent use.
//
// A LocalLimiter limits one process. Replicas of a service that share an
// account need a limiter they share, such as module
// github.com/tribehr/tribehr-go/redislimit's.
type LocalLimiter struct {
	bucket *rate.Limiter
	clock  clock

	mu        sync.Mutex
	holdUntil time.Time // on clock
}

// NewLocalLimiter returns a LocalLimiter allowing r requests a second with
// bursts of up to burst, as rate.NewLimiter does: rate.Inf leaves only the
// server's holds, and a burst of 0 lets nothing through (unless r is
// rate.Inf). For the API's "100 requests a minute, bursts of 200", pass
// rate.Every(time.Minute/100) and 200.
func NewLocalLimiter(r rate.Limit, burst int) *LocalLimiter {
	return &LocalLimiter{bucket: rate.NewLimiter(r, burst), clock: realClock{}}
}

// Wait waits for the server's hold, if any, and then takes a token from the
// bucket, waiting for it as rate.Limiter.Wait does: a wait that would
// outlast ctx's deadline is refused at once, and a wait cut short by ctx
// gives the token back. Its errors match ErrClientRateLimit.
func (l *LocalLimiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrClientRateLimit, err)
	}
	if err := l.waitHold(ctx); err != nil {
		return err
	}
	if err := l.takeToken(ctx); err != nil {
		return err
	}
	// A hold that began while this call waited for its token.
	return l.waitHold(ctx)
}

// Observe holds every Wait until the server's hold, when s has one, is
// over.
func (l *LocalLimiter) Observe(_ context.Context, s RateSignal) {
	if s.Hold <= 0 {
		return
	}
	until := l.clock.Now().Add(s.Hold)
	l.mu.Lock()
	defer l.mu.Unlock()
	if until.After(l.holdUntil) {
		l.holdUntil = until
	}
}

// waitHold waits until the server's hold is over (it may be extended while
// waiting), or refuses when that is after ctx's deadline.
func (l *LocalLimiter) waitHold(ctx context.Context) error {
	for {
		l.mu.Lock()
		d := l.holdUntil.Sub(l.clock.Now())
		l.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
			return fmt.Errorf("%w: the server's rate limit holds requests for %s more, past the context deadline",
				ErrClientRateLimit, d.Round(time.Millisecond))
		}
		if err := l.clock.Sleep(ctx, d); err != nil {
			return fmt.Errorf("%w: %w", ErrClientRateLimit, err)
		}
	}
}

// takeToken takes a token from the bucket, waiting for it.
func (l *LocalLimiter) takeToken(ctx context.Context) error {
	now := l.clock.Now()
	r := l.bucket.ReserveN(now, 1)
	if !r.OK() {
		return fmt.Errorf("%w: rate: Wait(n=1) exceeds limiter's burst %d", ErrClientRateLimit, l.bucket.Burst())
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		r.CancelAt(now)
		return fmt.Errorf("%w: rate: Wait(n=1) would exceed context deadline", ErrClientRateLimit)
	}
	if err := l.clock.Sleep(ctx, d); err != nil {
		r.CancelAt(l.clock.Now())
		return fmt.Errorf("%w: %w", ErrClientRateLimit, err)
	}
	return nil
}
