package tribehr

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

func TestRateSignal(t *testing.T) {
	now := time.Unix(1_900_000_000, 0)
	unix := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	for _, tc := range []struct {
		name   string
		status int
		header map[string]string
		want   time.Duration
	}{
		{"429 with Retry-After seconds", 429, map[string]string{"Retry-After": "7"}, 7 * time.Second},
		{"429 with Retry-After date", 429, map[string]string{"Retry-After": now.Add(9 * time.Second).UTC().Format(http.TimeFormat)}, 9 * time.Second},
		{"429 with X-RateLimit-Reset only", 429, map[string]string{"X-RateLimit-Reset": unix(20 * time.Second)}, 20 * time.Second},
		{"429 with both: the longer", 429, map[string]string{"Retry-After": "3", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": unix(5 * time.Second)}, 5 * time.Second},
		{"429 without a wait", 429, nil, 0},
		{"429 with Retry-After 0", 429, map[string]string{"Retry-After": "0"}, 0},
		{"200 with none left until the reset", 200, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": unix(30 * time.Second)}, 30 * time.Second},
		{"404 with none left until the reset", 404, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "12"}, 12 * time.Second},
		{"200 with some left", 200, map[string]string{"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": unix(30 * time.Second)}, 0},
		{"200 with a reset but no Remaining", 200, map[string]string{"X-RateLimit-Reset": unix(30 * time.Second)}, 0},
		{"200 with none left and no reset", 200, map[string]string{"X-RateLimit-Remaining": "0"}, 0},
		{"200 with none left and a reset past", 200, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": unix(-time.Minute)}, 0},
		{"200 with Retry-After: not a rate limit", 200, map[string]string{"Retry-After": "30"}, 0},
		{"503 with Retry-After: maintenance, not a rate limit", 503, map[string]string{"Retry-After": "30"}, 0},
		{"capped at the longest server wait", 429, map[string]string{"Retry-After": "3600"}, time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tc.status, Header: http.Header{}}
			for k, v := range tc.header {
				resp.Header.Set(k, v)
			}
			s := rateSignal(resp, now, time.Minute)
			assert.Equal(t, tc.want, s.Hold)
			assert.Equal(t, tc.status, s.StatusCode)
			assert.Equal(t, parseRateLimit(resp.Header, now), s.Rate)
		})
	}
}

// recordingLimiter is a Limiter that lets everything through (or refuses
// with err) and records how it was called.
type recordingLimiter struct {
	mu       sync.Mutex
	waits    int
	observed []RateSignal
	err      error
}

func (l *recordingLimiter) Wait(context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits++
	return l.err
}

func (l *recordingLimiter) Observe(_ context.Context, s RateSignal) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.observed = append(l.observed, s)
}

func (l *recordingLimiter) calls() (int, []int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var statuses []int
	for _, s := range l.observed {
		statuses = append(statuses, s.StatusCode)
	}
	return l.waits, statuses
}

func TestLimiterIsAskedOncePerAttempt(t *testing.T) {
	_, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			w.Header().Set("X-RateLimit-Limit", "100")
			w.Header().Set("X-RateLimit-Remaining", "97")
			w.Write([]byte(`[]`))
		}
	})
	lim := &recordingLimiter{}
	c := newTestClient(t, srv.URL, WithLimiter(lim))
	require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil))
	waits, statuses := lim.calls()
	assert.Equal(t, 3, waits, "one Wait per attempt, retries included")
	assert.Equal(t, []int{503, 429, 200}, statuses, "one Observe per answer")
	assert.Equal(t, time.Second, lim.observed[1].Hold, "the 429's Retry-After")
	assert.Equal(t, RateLimit{Limit: 100, Remaining: 97}, lim.observed[2].Rate)
}

func TestLimiterRefusalIsNotSent(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) { w.Write([]byte(`[]`)) })
	errShared := errors.New("shared budget unreachable")
	lim := &recordingLimiter{err: errShared}
	c := newTestClient(t, srv.URL, WithLimiter(lim))
	err := c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrClientRateLimit, "a refusal matches ErrClientRateLimit, wrapped by the Client")
	assert.ErrorIs(t, err, errShared, "and the limiter's own error")
	assert.ErrorIs(t, err, ErrNotSent)
	assert.Zero(t, rec.count(), "nothing was sent")
	waits, _ := lim.calls()
	assert.Equal(t, 1, waits, "a refusal is not retried")

	// A canceled context is refused before the Limiter is asked.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = c.call(ctx, callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	assert.ErrorIs(t, err, ErrClientRateLimit)
	assert.ErrorIs(t, err, context.Canceled)
	waits, _ = lim.calls()
	assert.Equal(t, 1, waits)
}

func TestWithLimiterOptions(t *testing.T) {
	_, err := NewClient("acme", WithLimiter(nil))
	assert.ErrorContains(t, err, "limiter is nil")

	// The last of WithRateLimit and WithLimiter wins.
	lim := &recordingLimiter{}
	c, err := NewClient("acme", WithRateLimit(1, 1), WithLimiter(lim))
	require.NoError(t, err)
	assert.Same(t, lim, c.limiter)
	c, err = NewClient("acme", WithLimiter(lim), WithRateLimit(1, 1))
	require.NoError(t, err)
	assert.IsType(t, &LocalLimiter{}, c.limiter)

	// WithRateLimit's limiter waits on the Client's clock; a LocalLimiter
	// given with WithLimiter, perhaps shared, keeps the real one.
	clk := newTestClock(time.Now(), true)
	c, err = NewClient("acme", WithRateLimit(1, 1), withClock(clk))
	require.NoError(t, err)
	assert.Same(t, clk, c.limiter.(*LocalLimiter).clock)
	shared := NewLocalLimiter(1, 1)
	_, err = NewClient("acme", WithLimiter(shared), withClock(clk))
	require.NoError(t, err)
	assert.Equal(t, realClock{}, shared.clock)
}

// TestServerGuidedHoldAcrossClients: one Client is told that none of the
// account's requests remain until a reset; another Client sharing its
// LocalLimiter waits for the reset instead of being answered 429.
func TestServerGuidedHoldAcrossClients(t *testing.T) {
	clk := newTestClock(time.Unix(1_900_000_000, 0), false)
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "2")
		if n == 1 {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(clk.Now().Add(30*time.Second).Unix(), 10))
		} else {
			w.Header().Set("X-RateLimit-Remaining", "1")
		}
		w.Write([]byte(`[]`))
	})
	lim := NewLocalLimiter(rate.Inf, 1)
	lim.clock = clk
	policy := WithRetryPolicy(RetryPolicy{MaxServerWait: time.Minute})
	a := newTestClient(t, srv.URL, WithLimiter(lim), withClock(clk), policy)
	b := newTestClient(t, srv.URL, WithLimiter(lim), withClock(clk), policy)
	ctx := context.Background()
	require.NoError(t, a.call(ctx, callConfig{}, http.MethodGet, "users.json", nil, nil, nil))

	done := make(chan error, 1)
	go func() { done <- b.call(ctx, callConfig{}, http.MethodGet, "users.json", nil, nil, nil) }()
	require.NoError(t, clk.AwaitSleepers(testContext(t), 1))
	assert.Equal(t, []time.Duration{30 * time.Second}, clk.Slept(), "held until the reset")
	assert.Equal(t, 1, rec.count(), "nothing sent while held")

	// A call whose deadline comes before the reset is refused at once.
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	err := a.call(short, callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	assert.ErrorIs(t, err, ErrClientRateLimit)
	assert.ErrorIs(t, err, ErrNotSent)
	assert.ErrorContains(t, err, "the server's rate limit holds requests for 30s more, past the context deadline")
	assert.NoError(t, short.Err(), "refused without waiting for the deadline")

	clk.Advance(30 * time.Second)
	require.NoError(t, <-done)
	assert.Equal(t, 2, rec.count())
}

// TestServerGuidedHoldDoesNotDoubleTheRetryWait: a 429 with Retry-After
// holds the limiter and makes the retry policy wait; the two waits end
// together, so the call waits what the server asked, once.
func TestServerGuidedHoldDoesNotDoubleTheRetryWait(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header map[string]string
	}{
		{"Retry-After", map[string]string{"Retry-After": "2"}},
		{"X-RateLimit-Reset", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					for k, v := range tc.header {
						w.Header().Set(k, v)
					}
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				w.Write([]byte(`[]`))
			})
			clk := newTestClock(time.Unix(1_900_000_000, 0), true)
			c := newTestClient(t, srv.URL, WithRateLimit(rate.Limit(1000), 10), withClock(clk))
			require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil))
			assert.Equal(t, []time.Duration{2 * time.Second}, clk.Slept(), "one wait, the server's")
			assert.Equal(t, 2, rec.count())

			require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil))
			assert.Len(t, clk.Slept(), 1, "the hold is over")
		})
	}
}

// TestServerGuidedHoldWithoutRetries: with retries off, the 429'd call
// returns its *APIError at once, and the next call waits for the server's
// Retry-After instead of meeting another 429.
func TestServerGuidedHoldWithoutRetries(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`[]`))
	})
	clk := newTestClock(time.Unix(1_900_000_000, 0), true)
	c := newTestClient(t, srv.URL, WithRateLimit(rate.Limit(1000), 10), withClock(clk), WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	err := c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Empty(t, clk.Slept())
	require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil))
	assert.Equal(t, []time.Duration{5 * time.Second}, clk.Slept(), "held for the server's Retry-After")
	assert.Equal(t, 2, rec.count())
}

func TestLocalLimiterHoldOutlastingCancel(t *testing.T) {
	clk := newTestClock(time.Unix(1_900_000_000, 0), false)
	lim := NewLocalLimiter(rate.Inf, 1)
	lim.clock = clk
	lim.Observe(context.Background(), RateSignal{StatusCode: 429, Hold: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lim.Wait(ctx) }()
	require.NoError(t, clk.AwaitSleepers(testContext(t), 1))
	cancel()
	err := <-done
	assert.ErrorIs(t, err, ErrClientRateLimit)
	assert.ErrorIs(t, err, context.Canceled)

	// A shorter hold observed later does not shorten the longer one.
	lim.Observe(context.Background(), RateSignal{StatusCode: 200, Hold: time.Second})
	go func() { done <- lim.Wait(context.Background()) }()
	require.NoError(t, clk.AwaitSleepers(testContext(t), 1))
	assert.Equal(t, time.Minute, clk.Slept()[1])
	clk.Advance(time.Minute)
	require.NoError(t, <-done)
}

func TestDownloadFromAnotherHostSkipsTheLimiter(t *testing.T) {
	s := newDLServers(t, serveBytes(picture(5), "image/gif"), serveBytes(picture(5), "image/gif"))
	lim := &recordingLimiter{}
	c := s.client(t, WithLimiter(lim))
	_, err := c.Download(context.Background(), dlS3+"/b.gif", &bytes.Buffer{})
	require.NoError(t, err)
	waits, statuses := lim.calls()
	assert.Zero(t, waits, "another host is not the account's")
	assert.Empty(t, statuses)
	_, err = c.Download(context.Background(), "/attachments/view/a.gif", &bytes.Buffer{})
	require.NoError(t, err)
	waits, statuses = lim.calls()
	assert.Equal(t, 1, waits)
	assert.Equal(t, []int{200}, statuses)
}

// testContext is a context that ends with the test (or after a minute).
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}
