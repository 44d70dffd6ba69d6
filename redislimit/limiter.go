package redislimit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/tribehr/tribehr-go"
)

// Limit is a rate: Rate requests per Period, with bursts of up to Burst (see
// github.com/go-redis/redis_rate).
type Limit = redis_rate.Limit

// PerMinute returns a limit of rate requests a minute with bursts of up to
// burst, as the HR APIs document theirs ("100 requests a minute, bursts of
// 200"). A burst at or below the rate suits servers that count requests
// per fixed window: a full burst at the end of one window and another at
// the start of the next can meet a 429.
func PerMinute(rate, burst int) Limit { return Limit{Rate: rate, Burst: burst, Period: time.Minute} }

// PerSecond returns a limit of rate requests a second with bursts of up to
// burst.
func PerSecond(rate, burst int) Limit { return Limit{Rate: rate, Burst: burst, Period: time.Second} }

// ErrUnavailable is matched (errors.Is) by the error of a Wait refused
// because Redis is unreachable and the Limiter fails fast (WithFailFast).
var ErrUnavailable = errors.New("redislimit: redis unreachable")

// Defaults of the options.
const (
	// DefaultTimeout bounds each Wait's and Observe's Redis round trips.
	DefaultTimeout = 500 * time.Millisecond
	// DefaultProbeInterval is how often a Limiter on its fallback tries
	// Redis again.
	DefaultProbeInterval = time.Second
)

// Limiter is a tribehr.Limiter whose budget and server-guided holds are
// shared through Redis by every Limiter with the same key. Make it with
// New and give it to every replica's Client with tribehr.WithLimiter. It is
// safe for concurrent use, and may be shared by several Clients of the
// account.
type Limiter struct {
	rdb      redis.UniversalClient
	gcra     *redis_rate.Limiter
	key      string // the budget's key (redis_rate prefixes it with "rate:")
	holdKey  string
	limit    Limit
	timeout  time.Duration
	probe    time.Duration
	failFast bool
	logger   *slog.Logger
	local    *tribehr.LocalLimiter // the fallback, told of every hold

	holdUntil atomic.Int64 // unix nanoseconds: the latest hold this process knows of

	mu        sync.Mutex
	down      bool // Redis is unreachable: on the fallback (or failing fast)
	nextProbe time.Time
	probing   bool
}

// New returns a Limiter of limit for the account, shared through rdb.
// account is the account's subdomain ("acme") or base URL
// ("https://acme.mytribehr.com", as given to tribehr.WithBaseURL); the
// Redis key is AccountKey(account), unless WithKey names one (account may
// then be ""). New makes no Redis call.
//
// Give rdb short timeouts, so that an unreachable Redis is noticed soon:
// DialTimeout, ReadTimeout and WriteTimeout of a few hundred milliseconds,
// and ContextTimeoutEnabled. The Limiter bounds its own waits by the call's
// context and WithTimeout whatever rdb's settings.
func New(rdb redis.UniversalClient, account string, limit Limit, opts ...Option) (*Limiter, error) {
	cfg := config{timeout: DefaultTimeout, probe: DefaultProbeInterval}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	var errs []error
	if rdb == nil {
		errs = append(errs, errors.New("redislimit: redis client is nil"))
	}
	if limit.Rate < 1 || limit.Burst < 1 || limit.Period <= 0 {
		errs = append(errs, fmt.Errorf("redislimit: limit %v needs a rate and a burst of at least 1 and a positive period", limit))
	}
	if cfg.timeout <= 0 || cfg.probe <= 0 {
		errs = append(errs, errors.New("redislimit: timeout and probe interval must be positive"))
	}
	if cfg.fallback != nil && (cfg.fallback.r <= 0 || cfg.fallback.burst < 1) {
		errs = append(errs, errors.New("redislimit: fallback needs a positive rate and a burst of at least 1"))
	}
	key := cfg.key
	if key == "" {
		k, err := AccountKey(account)
		if err != nil {
			errs = append(errs, err)
		}
		key = k
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	fallback := rate.Limit(float64(limit.Rate) / limit.Period.Seconds())
	burst := limit.Burst
	if cfg.fallback != nil {
		fallback, burst = cfg.fallback.r, cfg.fallback.burst
	}
	logger := cfg.logger
	if logger == nil {
		logger = slog.Default()
	}
	return &Limiter{
		rdb:      rdb,
		gcra:     redis_rate.NewLimiter(rdb),
		key:      key,
		holdKey:  key + ":hold",
		limit:    limit,
		timeout:  cfg.timeout,
		probe:    cfg.probe,
		failFast: cfg.failFast,
		logger:   logger,
		local:    tribehr.NewLocalLimiter(fallback, burst),
	}, nil
}

// Key returns the Redis key of the Limiter's budget (redis_rate stores it
// under "rate:" and the key); its holds are under the key and ":hold".
func (l *Limiter) Key() string { return l.key }

// Shared reports whether the Limiter shares its budget through Redis now:
// false from the moment Redis was found unreachable until it answers again
// (meanwhile the Limiter is on its fallback bucket, or fails fast).
func (l *Limiter) Shared() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return !l.down
}

// Wait blocks until the account's shared budget allows one request and no
// hold is in force, or refuses: at once when the wait would outlast ctx's
// deadline, and when ctx ends. Its errors match tribehr.ErrClientRateLimit.
// When Redis is unreachable it waits on the fallback bucket instead, or
// fails fast (WithFailFast).
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%w: %w", tribehr.ErrClientRateLimit, err)
		}
		if d := time.Until(time.Unix(0, l.holdUntil.Load())); d > 0 {
			if err := sleep(ctx, d, "the server's rate limit holds requests for %s more, past the context deadline"); err != nil {
				return err
			}
			continue
		}
		if !l.Shared() {
			l.maybeProbe()
			if l.failFast {
				return fmt.Errorf("%w: %w", tribehr.ErrClientRateLimit, ErrUnavailable)
			}
			return l.local.Wait(ctx)
		}
		wait, held, err := l.ask(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return fmt.Errorf("%w: %w", tribehr.ErrClientRateLimit, ctx.Err())
		case err != nil:
			l.markDown(err)
			if l.failFast {
				return fmt.Errorf("%w: %w: %w", tribehr.ErrClientRateLimit, ErrUnavailable, err)
			}
			continue // on the fallback
		case held:
			l.extendHold(time.Now().Add(wait))
			continue
		case wait <= 0:
			return nil
		}
		if err := sleep(ctx, wait, "redislimit: the shared budget's wait of %s would exceed the context deadline"); err != nil {
			return err
		}
	}
}

// ask asks Redis for one request: held reports a hold of wait in force;
// otherwise a wait of 0 means allowed (the budget is spent), and above 0
// when the budget will allow one.
func (l *Limiter) ask(ctx context.Context) (wait time.Duration, held bool, err error) {
	type answer struct {
		wait time.Duration
		held bool
	}
	a, err := bounded(ctx, l.timeout, func(ctx context.Context) (answer, error) {
		ttl, err := l.rdb.PTTL(ctx, l.holdKey).Result()
		if err != nil {
			return answer{}, err
		}
		if ttl > 0 {
			return answer{wait: ttl, held: true}, nil
		}
		res, err := l.gcra.Allow(ctx, l.key, l.limit)
		if err != nil {
			return answer{}, err
		}
		if res.Allowed > 0 {
			return answer{}, nil
		}
		return answer{wait: max(res.RetryAfter, time.Millisecond)}, nil
	})
	return a.wait, a.held, err
}

// holdScript extends a hold to ARGV[1] milliseconds from now, never
// shortening a longer one.
var holdScript = redis.NewScript(`
local ttl = redis.call("PTTL", KEYS[1])
if ttl < tonumber(ARGV[1]) then
  redis.call("SET", KEYS[1], "1", "PX", ARGV[1])
end
return ttl
`)

// Observe holds every Wait of every Limiter sharing the key (and of this
// one's fallback) until the server's hold, when s has one, is over. The
// hold is written to Redis within WithTimeout, even when ctx has just
// ended; Redis unreachable, it holds this process only.
func (l *Limiter) Observe(ctx context.Context, s tribehr.RateSignal) {
	l.local.Observe(ctx, s)
	if s.Hold <= 0 {
		return
	}
	l.extendHold(time.Now().Add(s.Hold))
	if !l.Shared() {
		return
	}
	ms := max((s.Hold+time.Millisecond-1)/time.Millisecond, 1)
	_, err := bounded(context.WithoutCancel(ctx), l.timeout, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, holdScript.Run(ctx, l.rdb, []string{l.holdKey}, int64(ms)).Err()
	})
	if err != nil {
		l.markDown(err)
	}
}

// extendHold makes this process hold until t, unless it holds longer.
func (l *Limiter) extendHold(t time.Time) {
	n := t.UnixNano()
	for {
		old := l.holdUntil.Load()
		if old >= n || l.holdUntil.CompareAndSwap(old, n) {
			return
		}
	}
}

// markDown notes that Redis did not answer, logging it when it is news.
func (l *Limiter) markDown(err error) {
	l.mu.Lock()
	was := l.down
	l.down = true
	l.nextProbe = time.Now().Add(l.probe)
	l.mu.Unlock()
	if was {
		return
	}
	then := "falling back to a local bucket until it answers"
	if l.failFast {
		then = "refusing requests until it answers"
	}
	l.logger.Warn("tribehr redislimit: redis unreachable; "+then, "key", l.key, "error", err.Error())
}

// maybeProbe pings Redis in the background when the probe interval has
// passed, and shares the budget again when it answers.
func (l *Limiter) maybeProbe() {
	l.mu.Lock()
	if !l.down || l.probing || time.Now().Before(l.nextProbe) {
		l.mu.Unlock()
		return
	}
	l.probing = true
	l.mu.Unlock()
	go func() {
		_, err := bounded(context.Background(), l.timeout, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, l.rdb.Ping(ctx).Err()
		})
		l.mu.Lock()
		l.probing = false
		if err != nil {
			l.nextProbe = time.Now().Add(l.probe)
			l.mu.Unlock()
			return
		}
		l.down = false
		l.mu.Unlock()
		l.logger.Info("tribehr redislimit: redis answers again; the budget is shared again", "key", l.key)
	}()
}

// bounded runs f with a context ending with ctx or after timeout, and
// returns when f does or when that context ends, whichever is first: a
// Redis client whose own timeouts are long (or that ignores contexts)
// cannot make a caller wait longer. f goes on in the background, then, and
// its answer is dropped.
func bounded[T any](ctx context.Context, timeout time.Duration, f func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f(ctx)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("no answer from redis within %s: %w", timeout, ctx.Err())
	}
}

// sleep waits d, refusing at once when that would outlast ctx's deadline
// (with the message refusal, formatted with d) and when ctx ends.
func sleep(ctx context.Context, d time.Duration, refusal string) error {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return fmt.Errorf("%w: "+refusal, tribehr.ErrClientRateLimit, d.Round(time.Millisecond))
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", tribehr.ErrClientRateLimit, ctx.Err())
	}
}
