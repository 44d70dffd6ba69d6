package tribehrtest

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// faults holds the failure modes a test can switch on.
type faults struct {
	mu sync.Mutex

	limit       int
	window      time.Duration
	windowStart time.Time
	used        int

	down       bool
	retryAfter time.Duration

	latency time.Duration

	failN      int
	failStatus int

	drops []dropRule
}

type dropRule struct {
	method, prefix string
	n              int
}

func newFaults(c config) *faults {
	return &faults{
		limit: c.rateLimit, window: c.rateWindow,
		down: c.maintenance, retryAfter: c.retryAfter,
		latency: c.latency,
		failN:   c.failN, failStatus: c.failStatus,
	}
}

// SetRateLimit allows n requests per window (a fixed window starting with
// the first request, measured on the server clock); n <= 0 removes the
// limit. While a limit is set every response carries X-RateLimit-Limit,
// X-RateLimit-Remaining and X-RateLimit-Reset (unix seconds); a request
// over the limit gets 429 with Retry-After (seconds) and an ERROR body,
// and is not processed.
func (s *Server) SetRateLimit(n int, window time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.limit, s.faults.window = n, window
	s.faults.windowStart, s.faults.used = time.Time{}, 0
}

// SetMaintenance switches maintenance mode. While on, every request gets
// 503 with a MAINTENANCE error body and, when retryAfter > 0, a
// Retry-After header in seconds.
func (s *Server) SetMaintenance(on bool, retryAfter time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.down, s.faults.retryAfter = on, retryAfter
}

// SetLatency delays every request by d before it is processed. A request
// whose context ends during the delay is abandoned unprocessed.
func (s *Server) SetLatency(d time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.latency = d
}

// FailNext answers the next n requests with status (such as 500, 502 or
// 504) before processing them; a 5xx carries an ERROR body. n <= 0 cancels.
func (s *Server) FailNext(n, status int) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.failN, s.faults.failStatus = n, status
}

// DropNext makes the next n requests with the given method (and, when
// pathPrefix is not "", a path starting with it) be processed normally —
// their changes are made — and then closes the connection without sending
// the response. It proves that a client does not repeat a create whose
// answer it lost. Rules accumulate; a request matches the oldest live rule.
func (s *Server) DropNext(n int, method, pathPrefix string) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if n > 0 {
		s.faults.drops = append(s.faults.drops, dropRule{method: strings.ToUpper(method), prefix: pathPrefix, n: n})
	}
}

// ClearFaults switches every fault off: rate limit, maintenance, latency,
// pending failures and drops.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	f := s.faults
	f.limit, f.window, f.windowStart, f.used = 0, 0, time.Time{}, 0
	f.down, f.retryAfter = false, 0
	f.latency = 0
	f.failN, f.failStatus = 0, 0
	f.drops = nil
}

func (f *faults) wait(ctx context.Context, closing <-chan struct{}) error {
	f.mu.Lock()
	d := f.latency
	f.mu.Unlock()
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
	case <-closing:
		return errors.New("server closing")
	}
}

func (f *faults) takeFailure() (reply, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failN <= 0 {
		return reply{}, false
	}
	f.failN--
	status := f.failStatus
	if status >= 500 {
		return errReply(status, "ERROR", "Injected failure ("+strconv.Itoa(status)+" "+http.StatusText(status)+")."), true
	}
	return noBody(status), true
}

func (f *faults) maintenance() (reply, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.down {
		return reply{}, false
	}
	rep := errReply(http.StatusServiceUnavailable, "MAINTENANCE", "TribeHR is undergoing maintenance and will be back up and running later.")
	if f.retryAfter > 0 {
		rep.header = http.Header{"Retry-After": {strconv.Itoa(ceilSeconds(f.retryAfter))}}
	}
	return rep, true
}

// rateLimit counts the request; it returns the X-RateLimit-* headers to send
// (nil without a limit) and whether the request is over the limit.
func (f *faults) rateLimit(now time.Time) (http.Header, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.limit <= 0 || f.window <= 0 {
		return nil, false
	}
	if f.windowStart.IsZero() || !now.Before(f.windowStart.Add(f.window)) {
		f.windowStart, f.used = now, 0
	}
	reset := f.windowStart.Add(f.window)
	h := http.Header{
		"X-Ratelimit-Limit": {strconv.Itoa(f.limit)},
		"X-Ratelimit-Reset": {strconv.FormatInt(ceilUnix(reset), 10)},
	}
	if f.used >= f.limit {
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("Retry-After", strconv.Itoa(ceilSeconds(reset.Sub(now))))
		return h, true
	}
	f.used++
	h.Set("X-RateLimit-Remaining", strconv.Itoa(f.limit-f.used))
	return h, false
}

func (f *faults) takeDrop(r *http.Request) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.drops {
		d := &f.drops[i]
		if d.n > 0 && (d.method == "" || d.method == r.Method) && strings.HasPrefix(r.URL.Path, d.prefix) {
			d.n--
			if d.n == 0 {
				f.drops = append(f.drops[:i], f.drops[i+1:]...)
			}
			return true
		}
	}
	return false
}

// ceilSeconds rounds a wait up to whole seconds, at least 1.
func ceilSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	if s < 1 {
		s = 1
	}
	return s
}

func ceilUnix(t time.Time) int64 {
	if t.Nanosecond() > 0 {
		return t.Unix() + 1
	}
	return t.Unix()
}
