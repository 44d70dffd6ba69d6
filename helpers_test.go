package tribehr

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Test credentials: fake values, never real ones.
const (
	testUser   = "alice"
	testSecret = "test-api-key-0123456789abcdef"
)

// fastRetry keeps retry tests quick.
func fastRetry() RetryPolicy {
	return RetryPolicy{MaxAttempts: 4, MinWait: time.Millisecond, MaxWait: 4 * time.Millisecond, MaxServerWait: 3 * time.Second, MaxTotalWait: 10 * time.Second}
}

// newTestClient returns a Client for srv with fast retries, waiting on a
// test clock of its own in auto mode (no wait takes real time); opts come
// last, so withClock can give it another.
func newTestClient(t *testing.T, baseURL string, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{WithBaseURL(baseURL), WithBasicAuth(testUser, testSecret), WithRetryPolicy(fastRetry()),
		withClock(newTestClock(time.Now(), true))}, opts...)
	c, err := NewClient("", all...)
	require.NoError(t, err)
	return c
}

// recorder is an httptest handler that answers from a script and records
// what it received.
type recorder struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	respond  func(n int, w http.ResponseWriter, r *http.Request) // n counts from 1
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body := readAll(r)
	rec.mu.Lock()
	rec.requests = append(rec.requests, r)
	rec.bodies = append(rec.bodies, body)
	n := len(rec.requests)
	rec.mu.Unlock()
	rec.respond(n, w, r)
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.requests)
}

func newRecorder(t *testing.T, respond func(n int, w http.ResponseWriter, r *http.Request)) (*recorder, *httptest.Server) {
	rec := &recorder{respond: respond}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv
}

func readAll(r *http.Request) string {
	if r.Body == nil {
		return ""
	}
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

// checked runs a parameters check as a service method does, with no call
// options, and returns its *ValidationError or nil.
func checked(check func(p *problems)) error {
	_, err := validated("test", nil, check)
	return err
}
