package redislimit_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/redislimit"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

func TestAccountKey(t *testing.T) {
	for _, tc := range []struct{ account, want, err string }{
		{account: "acme", want: "tribehr:acme.mytribehr.com"},
		{account: "ACME", want: "tribehr:acme.mytribehr.com"},
		{account: "https://acme.mytribehr.com", want: "tribehr:acme.mytribehr.com"},
		{account: "https://Acme.MyTribeHR.com/", want: "tribehr:acme.mytribehr.com"},
		{account: "https://acme.mytribehr.com:443/", want: "tribehr:acme.mytribehr.com"},
		{account: "https://127.0.0.1:8443", want: "tribehr:127.0.0.1:8443"},
		{account: "https://proxy.example.com/tribehr/acme/", want: "tribehr:proxy.example.com/tribehr/acme"},
		{account: "", err: "account is empty"},
		{account: "not a subdomain", err: "neither a subdomain nor a base url"},
		{account: "https:///path", err: "needs a host"},
		{account: "https://user:secret@acme.mytribehr.com", err: "needs a host and no credentials"},
	} {
		t.Run(tc.account, func(t *testing.T) {
			got, err := redislimit.AccountKey(tc.account)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				assert.NotContains(t, err.Error(), "secret")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestNewChecksItsArguments(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialled: New makes no call
	defer rdb.Close()
	for _, tc := range []struct {
		name    string
		rdb     redis.UniversalClient
		account string
		limit   redislimit.Limit
		opts    []redislimit.Option
		err     string
	}{
		{"nil client", nil, "acme", redislimit.PerMinute(60, 1), nil, "redis client is nil"},
		{"no rate", rdb, "acme", redislimit.PerMinute(0, 1), nil, "needs a rate and a burst"},
		{"no burst", rdb, "acme", redislimit.PerMinute(60, 0), nil, "needs a rate and a burst"},
		{"no period", rdb, "acme", redislimit.Limit{Rate: 1, Burst: 1}, nil, "positive period"},
		{"no account", rdb, "", redislimit.PerMinute(60, 1), nil, "account is empty"},
		{"bad timeout", rdb, "acme", redislimit.PerMinute(60, 1), []redislimit.Option{redislimit.WithTimeout(0)}, "timeout and probe interval must be positive"},
		{"bad fallback", rdb, "acme", redislimit.PerMinute(60, 1), []redislimit.Option{redislimit.WithFallback(1, 0)}, "fallback needs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := redislimit.New(tc.rdb, tc.account, tc.limit, tc.opts...)
			assert.ErrorContains(t, err, tc.err)
		})
	}
	lim, err := redislimit.New(rdb, "", redislimit.PerSecond(5, 5), redislimit.WithKey("shared-budget"))
	require.NoError(t, err)
	assert.Equal(t, "shared-budget", lim.Key())
	lim, err = redislimit.New(rdb, "https://acme.mytribehr.com/", redislimit.PerSecond(5, 5))
	require.NoError(t, err)
	assert.Equal(t, "tribehr:acme.mytribehr.com", lim.Key())
	assert.True(t, lim.Shared(), "shared until Redis fails to answer")
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestSharedBudget: limiters with one key share one budget, whatever
// process they are in; another key has its own.
func TestSharedBudget(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	key := testKey(t, rdb)
	limit := redislimit.Limit{Rate: 1, Period: time.Hour, Burst: 3}
	a, err := redislimit.New(rdb, "", limit, redislimit.WithKey(key))
	require.NoError(t, err)
	b, err := redislimit.New(newRedis(t, redisAddr(t)), "", limit, redislimit.WithKey(key))
	require.NoError(t, err)
	other, err := redislimit.New(rdb, "", limit, redislimit.WithKey(testKey(t, rdb)))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i, l := range []*redislimit.Limiter{a, b, a} {
		require.NoError(t, l.Wait(ctx), "request %d of the burst", i)
	}
	for _, l := range []*redislimit.Limiter{a, b} {
		err := l.Wait(ctx)
		assert.ErrorIs(t, err, tribehr.ErrClientRateLimit, "the burst is spent for both")
		assert.ErrorContains(t, err, "redislimit: the shared budget's wait of")
		assert.ErrorContains(t, err, "would exceed the context deadline")
		assert.NoError(t, ctx.Err(), "refused at once")
	}
	require.NoError(t, other.Wait(ctx), "another key, another budget")
	assert.True(t, a.Shared())

	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	err = other.Wait(canceled)
	assert.ErrorIs(t, err, tribehr.ErrClientRateLimit)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestSharedHold: a hold one limiter is told of holds every limiter with
// the key, in Redis; a shorter hold never shortens a longer one.
func TestSharedHold(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	key := testKey(t, rdb)
	limit := redislimit.PerSecond(1000, 1000)
	a, err := redislimit.New(rdb, "", limit, redislimit.WithKey(key))
	require.NoError(t, err)
	b, err := redislimit.New(newRedis(t, redisAddr(t)), "", limit, redislimit.WithKey(key))
	require.NoError(t, err)
	ctx := context.Background()

	a.Observe(ctx, tribehr.RateSignal{StatusCode: 200, Rate: tribehr.RateLimit{Limit: 100}}) // no hold
	require.NoError(t, b.Wait(ctx))

	a.Observe(ctx, tribehr.RateSignal{StatusCode: 429, Hold: time.Hour})
	a.Observe(ctx, tribehr.RateSignal{StatusCode: 200, Hold: time.Second})
	ttl, err := rdb.PTTL(ctx, key+":hold").Result()
	require.NoError(t, err)
	assert.Greater(t, ttl, 59*time.Minute, "the longer hold stands")

	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	err = b.Wait(short)
	assert.ErrorIs(t, err, tribehr.ErrClientRateLimit)
	assert.ErrorContains(t, err, "the server's rate limit holds requests for")
	assert.NoError(t, short.Err(), "refused at once")

	// A short hold is waited out.
	require.NoError(t, rdb.Del(ctx, key+":hold").Err())
	c, err := redislimit.New(rdb, "", limit, redislimit.WithKey(key))
	require.NoError(t, err)
	a.Observe(ctx, tribehr.RateSignal{StatusCode: 200, Hold: 200 * time.Millisecond})
	ttl, err = rdb.PTTL(ctx, key+":hold").Result()
	require.NoError(t, err)
	assert.Positive(t, ttl)
	require.NoError(t, c.Wait(short), "waits for the hold, then passes")
	ttl, err = rdb.PTTL(ctx, key+":hold").Result()
	require.NoError(t, err)
	assert.LessOrEqual(t, ttl, time.Duration(0), "the hold was over when the wait ended")
}

// TestClientsShareTheServersHold: two Clients with limiters of their own,
// sharing only Redis. The server tells one that the account has no request
// left until its reset; the other does not send, and so never meets the
// 429.
func TestClientsShareTheServersHold(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	key := testKey(t, rdb)
	srv := tribehrtest.NewServer(t, tribehrtest.WithRateLimit(2, time.Minute))
	client := func() *tribehr.Client {
		lim, err := redislimit.New(newRedis(t, redisAddr(t)), srv.URL, redislimit.PerMinute(1000, 10), redislimit.WithKey(key))
		require.NoError(t, err)
		return srv.Client(t, tribehr.WithLimiter(lim))
	}
	a, b := client(), client()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var meta tribehr.Response
	_, err := a.Users.Get(ctx, 7)
	require.NoError(t, err)
	_, err = a.Users.Get(ctx, 7, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	require.Equal(t, 0, meta.Rate.Remaining, "the server's last request of the window")

	_, err = b.Users.Get(ctx, 7)
	require.Error(t, err)
	assert.ErrorIs(t, err, tribehr.ErrClientRateLimit)
	assert.ErrorIs(t, err, tribehr.ErrNotSent)
	assert.ErrorContains(t, err, "the server's rate limit holds requests for")
	for _, r := range srv.Requests() {
		assert.Equal(t, http.StatusOK, r.Status, "no request met a 429")
	}
	assert.Len(t, srv.Requests(), 2)
}

// TestRedisStoppedFallsBack: Redis stops: the limiter says so once, falls
// back to its local bucket, still honours the server's holds, and shares
// the budget again once Redis answers; a second outage is logged again.
func TestRedisStoppedFallsBack(t *testing.T) {
	px := newProxy(t, redisAddr(t))
	rdb := newRedis(t, px.addr)
	logs := &logRecorder{}
	lim, err := redislimit.New(rdb, "", redislimit.PerSecond(1000, 1000), redislimit.WithKey(testKey(t, newRedis(t, redisAddr(t)))),
		redislimit.WithLogger(slog.New(logs)), redislimit.WithProbeInterval(20*time.Millisecond))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, lim.Wait(ctx))
	require.True(t, lim.Shared())

	px.Stop()
	for range 20 {
		require.NoError(t, lim.Wait(ctx), "calls go on, on the local bucket")
	}
	assert.False(t, lim.Shared())
	assert.Equal(t, []string{"tribehr redislimit: redis unreachable; falling back to a local bucket until it answers"},
		logs.messages(slog.LevelWarn), "said once")

	px.Start(t)
	for lim.Wait(ctx) == nil && !lim.Shared() && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	require.True(t, lim.Shared(), "shared again once Redis answers")
	assert.Equal(t, []string{"tribehr redislimit: redis answers again; the budget is shared again"}, logs.messages(slog.LevelInfo))
	require.NoError(t, lim.Wait(ctx))

	px.Stop()
	lim.Observe(ctx, tribehr.RateSignal{StatusCode: 429, Hold: time.Hour}) // a hold while Redis is down holds this process
	assert.Len(t, logs.messages(slog.LevelWarn), 2, "a new outage, said once more")
	short, cancelShort := context.WithTimeout(ctx, 5*time.Second)
	defer cancelShort()
	err = lim.Wait(short)
	assert.ErrorIs(t, err, tribehr.ErrClientRateLimit)
	assert.ErrorContains(t, err, "the server's rate limit holds requests for")
}

// TestRedisBlackHoleNeverHangs: a Redis that accepts connections and never
// answers costs a Wait at most its timeout (then the fallback), and never
// more than the call's context, whatever the Redis client's own timeouts.
func TestRedisBlackHoleNeverHangs(t *testing.T) {
	px := newProxy(t, redisAddr(t))
	px.BlackHole()
	slow := redis.NewClient(&redis.Options{Addr: px.addr}) // go-redis's defaults: 5s dial, 3s read, contexts ignored
	t.Cleanup(func() { slow.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	lim, err := redislimit.New(slow, "acme", redislimit.PerSecond(1000, 1000), redislimit.WithTimeout(50*time.Millisecond), redislimit.WithLogger(quietLogger()))
	require.NoError(t, err)
	require.NoError(t, lim.Wait(ctx), "the fallback, after the timeout")
	assert.False(t, lim.Shared())
	assert.NoError(t, ctx.Err())

	// A timeout longer than the call's context: the context wins.
	patient, err := redislimit.New(slow, "acme", redislimit.PerSecond(1000, 1000), redislimit.WithTimeout(time.Hour), redislimit.WithLogger(quietLogger()))
	require.NoError(t, err)
	short, cancelShort := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancelShort()
	err = patient.Wait(short)
	assert.ErrorIs(t, err, tribehr.ErrClientRateLimit)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, patient.Shared(), "the call ended, not Redis: no fallback")
	assert.NoError(t, ctx.Err())
}

// TestFailFast: with WithFailFast, a Redis outage refuses calls, before
// they are sent, instead of falling back.
func TestFailFast(t *testing.T) {
	px := newProxy(t, redisAddr(t))
	logs := &logRecorder{}
	lim, err := redislimit.New(newRedis(t, px.addr), "", redislimit.PerSecond(1000, 1000), redislimit.WithFailFast(),
		redislimit.WithKey(testKey(t, newRedis(t, redisAddr(t)))), redislimit.WithLogger(slog.New(logs)))
	require.NoError(t, err)
	srv := tribehrtest.NewServer(t)
	client := srv.Client(t, tribehr.WithLimiter(lim))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = client.Users.Get(ctx, 7)
	require.NoError(t, err)

	px.Stop()
	for range 3 {
		_, err = client.Users.Get(ctx, 7)
		require.Error(t, err)
		assert.ErrorIs(t, err, redislimit.ErrUnavailable)
		assert.ErrorIs(t, err, tribehr.ErrClientRateLimit)
		assert.ErrorIs(t, err, tribehr.ErrNotSent)
	}
	assert.Len(t, srv.Requests(), 1, "nothing sent while Redis is down")
	assert.Equal(t, []string{"tribehr redislimit: redis unreachable; refusing requests until it answers"}, logs.messages(slog.LevelWarn))
}

// TestRedisStoppedMidRun: Clients of two replicas (limiters of their own,
// sharing Redis) keep calling while Redis stops: every call goes on, on the
// fallback, and each limiter says so once.
func TestRedisStoppedMidRun(t *testing.T) {
	px := newProxy(t, redisAddr(t))
	key := testKey(t, newRedis(t, redisAddr(t)))
	srv := tribehrtest.NewServer(t)
	var (
		clients []*tribehr.Client
		lims    []*redislimit.Limiter
		logs    []*logRecorder
	)
	for range 2 {
		rec := &logRecorder{}
		lim, err := redislimit.New(newRedis(t, px.addr), srv.URL, redislimit.PerSecond(100, 1), redislimit.WithKey(key),
			redislimit.WithLogger(slog.New(rec)), redislimit.WithProbeInterval(time.Hour))
		require.NoError(t, err)
		clients, lims, logs = append(clients, srv.Client(t, tribehr.WithLimiter(lim))), append(lims, lim), append(logs, rec)
	}

	const perGoroutine = 30
	var (
		wg       sync.WaitGroup
		calls    atomic.Int64
		failures = make(chan error, 4*perGoroutine)
	)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perGoroutine {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				_, err := clients[i%2].Users.Get(ctx, 7)
				cancel()
				if err != nil {
					failures <- err
				}
				if calls.Add(1) == 40 {
					px.Stop() // a third of the way through
				}
			}
		}()
	}
	wg.Wait()
	close(failures)
	for err := range failures {
		t.Errorf("a call failed: %v", err)
	}
	assert.Len(t, srv.Requests(), 4*perGoroutine, "every call was sent, once")
	for i, lim := range lims {
		assert.False(t, lim.Shared(), "replica %d is on its fallback", i)
		assert.Len(t, logs[i].messages(slog.LevelWarn), 1, "replica %d said so once", i)
	}
}

func TestWaitRefusesAnEndedContextWithoutRedis(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	lim, err := redislimit.New(rdb, "acme", redislimit.PerSecond(1, 1), redislimit.WithLogger(quietLogger()))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = lim.Wait(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, tribehr.ErrClientRateLimit)
	assert.False(t, errors.Is(err, redislimit.ErrUnavailable))
	assert.True(t, lim.Shared(), "Redis was not asked")
}
