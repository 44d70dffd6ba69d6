package tribehr

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingTransport counts the attempts that leave the client, including
// those that never reach a server.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int32
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.next.RoundTrip(r)
}

// failure makes a test server fail in one way.
type failure struct {
	name   string
	status int  // an HTTP status to answer, or
	drop   bool // close the connection after reading the request
	dial   bool // nothing listens: the connection is refused
}

func (f failure) serve(w http.ResponseWriter) {
	if f.drop {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	w.WriteHeader(f.status)
	fmt.Fprintf(w, `{"error":{"code":"ERROR","messages":["failure %d"]}}`, f.status)
}

func TestRetryMatrix(t *testing.T) {
	failures := []failure{
		{name: "429", status: http.StatusTooManyRequests},
		{name: "503", status: http.StatusServiceUnavailable},
		{name: "502", status: http.StatusBadGateway},
		{name: "504", status: http.StatusGatewayTimeout},
		{name: "500", status: http.StatusInternalServerError},
		{name: "400", status: http.StatusBadRequest},
		{name: "dropped connection", drop: true},
		{name: "connection refused", dial: true},
	}
	// Attempts the server (or, for refused connections, the transport) sees
	// when every attempt fails, with MaxAttempts 4.
	want := map[string]map[string]int{
		"429":                {"GET": 4, "POST": 4, "PUT": 4, "DELETE": 4},
		"503":                {"GET": 4, "POST": 4, "PUT": 4, "DELETE": 4},
		"502":                {"GET": 4, "POST": 1, "PUT": 4, "DELETE": 4},
		"504":                {"GET": 4, "POST": 1, "PUT": 4, "DELETE": 4},
		"500":                {"GET": 1, "POST": 1, "PUT": 1, "DELETE": 1},
		"400":                {"GET": 1, "POST": 1, "PUT": 1, "DELETE": 1},
		"dropped connection": {"GET": 4, "POST": 1, "PUT": 4, "DELETE": 4},
		"connection refused": {"GET": 4, "POST": 4, "PUT": 4, "DELETE": 4},
	}
	for _, f := range failures {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
			t.Run(f.name+"/"+method, func(t *testing.T) {
				rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) { f.serve(w) })
				base := srv.URL
				if f.dial {
					base = closedAddress(t)
				}
				ct := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
				c := newTestClient(t, base, WithHTTPClient(&http.Client{Transport: ct}))
				var body any
				if method == http.MethodPost || method == http.MethodPut {
					body = url.Values{"name": {"x"}}
				}
				err := c.call(context.Background(), callConfig{}, method, "events/1.json", nil, body, nil)
				require.Error(t, err)

				wantN := want[f.name][method]
				assert.Equal(t, wantN, int(ct.n.Load()), "attempts sent")
				if !f.dial {
					assert.Equal(t, wantN, rec.count(), "attempts the server saw")
				}
				if f.status != 0 {
					var apiErr *APIError
					require.ErrorAs(t, err, &apiErr)
					assert.Equal(t, f.status, apiErr.StatusCode)
					assert.Equal(t, wantN, apiErr.Attempts)
					assert.Equal(t, CodeUnknown, apiErr.Code)
					assert.Equal(t, []string{fmt.Sprintf("failure %d", f.status)}, apiErr.Messages)
					assert.NotContains(t, err.Error(), "giving up")
				}
			})
		}
	}
}

// closedAddress returns a loopback URL nothing listens on.
func closedAddress(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr
}

func TestRetryThenSuccess(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n < 3 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`{"id":34}`))
	})
	c := newTestClient(t, srv.URL)
	var meta Response
	var out struct{ ID ID }
	require.NoError(t, c.call(context.Background(), newCallConfig([]CallOption{CaptureResponse(&meta)}), http.MethodPost, "leave_requests.json", nil, url.Values{"days": {"2"}}, &out))
	assert.Equal(t, ID(34), out.ID)
	assert.Equal(t, 3, rec.count())
	assert.Equal(t, 3, meta.Attempts)
	// Every attempt carried the same body.
	for _, b := range rec.bodies {
		assert.Equal(t, "days=2", b)
	}
}

func TestMultipartBodyIsResentIdentically(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{}`))
	})
	c := newTestClient(t, srv.URL)
	body := struct {
		Text    string `url:"text"`
		Picture *File  `url:"picture,omitempty"`
	}{Text: "well done", Picture: FileFromBytes("team.png", []byte("\x89PNG\r\n\x1a\nfake"))}
	require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodPost, "kudos.json", nil, body, nil))
	require.Equal(t, 2, rec.count())
	assert.Equal(t, rec.bodies[0], rec.bodies[1])
	assert.Equal(t, rec.requests[0].Header.Get("Content-Type"), rec.requests[1].Header.Get("Content-Type"))
	assert.Contains(t, rec.bodies[0], "\x89PNG")
}

func TestServerWait(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		status int
		header map[string]string
		want   time.Duration
		ok     bool
	}{
		{"retry-after seconds", 503, map[string]string{"Retry-After": "120"}, 120 * time.Second, true},
		{"retry-after zero", 503, map[string]string{"Retry-After": "0"}, 0, true},
		{"retry-after http date", 503, map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, 90 * time.Second, true},
		{"retry-after date in the past", 429, map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, 0, true},
		{"retry-after garbage", 503, map[string]string{"Retry-After": "soon"}, 0, false},
		{"rate limit reset unix time", 429, map[string]string{"X-RateLimit-Reset": fmt.Sprint(now.Add(30 * time.Second).Unix())}, 30 * time.Second, true},
		{"rate limit reset seconds", 429, map[string]string{"X-RateLimit-Reset": "15"}, 15 * time.Second, true},
		{"rate limit reset ignored on 503", 503, map[string]string{"X-RateLimit-Reset": "15"}, 0, false},
		{"retry-after wins", 429, map[string]string{"Retry-After": "5", "X-RateLimit-Reset": "15"}, 5 * time.Second, true},
		{"nothing", 429, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
			for k, v := range tt.header {
				resp.Header.Set(k, v)
			}
			got, ok := serverWait(resp, now)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestRetryAfterIsHonoured runs on the test clock and, once, on the real
// clock: the one retry test that waits for real.
func TestRetryAfterIsHonoured(t *testing.T) {
	clk := newTestClock(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC), true)
	for _, tc := range []struct {
		name  string
		clock clock
	}{{"test clock", clk}, {"real clock", realClock{}}} {
		t.Run(tc.name, func(t *testing.T) {
			var first time.Time
			var gap time.Duration // written by the handler before the client sees the answer
			rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					first = tc.clock.Now()
					w.Header().Set("Retry-After", "1")
					w.WriteHeader(http.StatusServiceUnavailable)
					return
				}
				gap = tc.clock.Now().Sub(first)
				w.Write([]byte(`[]`))
			})
			c := newTestClient(t, srv.URL, withClock(tc.clock))
			require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil))
			assert.Equal(t, 2, rec.count())
			// A lower bound only: waiting at least what the server asked is the
			// contract, and a slow machine can only make the gap longer.
			assert.GreaterOrEqual(t, gap, time.Second)
		})
	}
	assert.Equal(t, []time.Duration{time.Second}, clk.Slept(), "one wait, the one the server asked for")
}

func TestLongServerWaitReturnsAtOnce(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := newTestClient(t, srv.URL)
	err := c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, time.Hour, apiErr.RetryAfter)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Equal(t, 1, rec.count())
	assert.Contains(t, err.Error(), "retry after 1h0m0s")
}

func TestWaitLongerThanContextReturnsAtOnce(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := newTestClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := c.call(ctx, callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "the typed error, not a context error")
	assert.Equal(t, 2*time.Second, apiErr.RetryAfter)
	assert.Equal(t, 1, rec.count())
	assert.NoError(t, ctx.Err(), "returned before the context ended")
}

func TestTotalWaitBudget(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	p := fastRetry()
	p.MaxTotalWait = 1500 * time.Millisecond
	clk := newTestClock(time.Now(), true)
	c := newTestClient(t, srv.URL, WithRetryPolicy(p), withClock(clk))
	err := c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	require.ErrorIs(t, err, ErrServiceUnavailable)
	assert.Equal(t, 2, rec.count(), "one wait of 1s fits the budget, a second does not")
	assert.Equal(t, []time.Duration{time.Second}, clk.Slept())
}

func TestContextCancelledDuringWait(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	clk := newTestClock(time.Now(), false) // waits block until the test moves the clock
	c := newTestClient(t, srv.URL, withClock(clk))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Cancel while the client waits the 2 s the server asked for.
		clk.AwaitSleepers(context.Background(), 1)
		cancel()
	}()
	err := c.call(ctx, callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "GET /users.json")
	assert.Equal(t, 1, rec.count())
	assert.ErrorIs(t, err, ErrNotSent, "a 503 was not processed, and the retry never left")
	assert.Equal(t, []time.Duration{2 * time.Second}, clk.Slept())
}

func TestDeleteAfterAmbiguousFailureThen404IsSuccess(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			// The server deleted the item, but the answer was lost.
			failure{drop: true}.serve(w)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":{"code":"NOT_FOUND","messages":["Invalid Event"]}}`))
	})
	c := newTestClient(t, srv.URL)
	require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodDelete, "events/252.json", nil, nil, nil))
	assert.Equal(t, 2, rec.count())
}

func TestDeleteOf404WithoutRetryIsAnError(t *testing.T) {
	_, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":{"code":"NOT_FOUND","messages":["Invalid Event"]}}`))
	})
	c := newTestClient(t, srv.URL)
	err := c.call(context.Background(), callConfig{}, http.MethodDelete, "events/252.json", nil, nil, nil)
	assert.ErrorIs(t, err, CodeNotFound)
}

func TestPostNeverDuplicatedAfterDroppedConnection(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		failure{drop: true}.serve(w)
	})
	c := newTestClient(t, srv.URL)
	err := c.call(context.Background(), callConfig{}, http.MethodPost, "kudos.json", nil, url.Values{"text": {"hi"}}, nil)
	require.Error(t, err)
	var apiErr *APIError
	assert.False(t, errors.As(err, &apiErr), "no response arrived")
	assert.Equal(t, 1, rec.count(), "the kudos was created once")
}

func TestRetriesOff(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := newTestClient(t, srv.URL, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	err := c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	require.ErrorIs(t, err, ErrServiceUnavailable)
	assert.Equal(t, 1, rec.count())
}

func TestBackoffBounds(t *testing.T) {
	minW, maxW := 100*time.Millisecond, 800*time.Millisecond
	for attempt := 1; attempt <= 8; attempt++ {
		d := minW << (attempt - 1)
		if d > maxW {
			d = maxW
		}
		for i := 0; i < 50; i++ {
			got := backoff(minW, maxW, attempt)
			assert.GreaterOrEqual(t, got, d/2, "attempt %d", attempt)
			assert.LessOrEqual(t, got, d, "attempt %d", attempt)
		}
	}
}

func TestRetryPolicyDefaults(t *testing.T) {
	p := RetryPolicy{MaxWait: 100 * time.Millisecond}.withDefaults()
	assert.Equal(t, 100*time.Millisecond, p.MinWait, "min never above max")
	assert.Equal(t, DefaultRetryPolicy().MaxAttempts, p.MaxAttempts)
	p = RetryPolicy{MinWait: 20 * time.Second}.withDefaults()
	assert.Equal(t, 20*time.Second, p.MaxWait, "max never below min")
	_, err := NewClient("acme", WithRetryPolicy(RetryPolicy{MinWait: 2 * time.Second, MaxWait: time.Second}))
	assert.ErrorContains(t, err, "min wait is above max wait")
}
