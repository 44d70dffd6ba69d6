package tribehrtest

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Fault is one way for the server to misbehave on one request: FaultNext
// applies one to the next matching requests, SetFaultMix to a seeded share
// of all requests, and Request.Fault records which one a request met.
//
// The faults that answer before processing (FaultTooManyRequests,
// FaultUnavailable, FaultRedirect) leave the store untouched; the others
// let the handler run first, so its change is made, and then spoil the
// answer.
type Fault int

// The faults.
const (
	// FaultReset processes the request, then resets the TCP connection
	// without sending any response: the client cannot tell whether its
	// request was acted on. DropNext is FaultNext with FaultReset.
	FaultReset Fault = iota + 1
	// FaultEmptyBody processes the request, then answers a success with
	// 200 and an empty body (Content-Length: 0). An error reply is sent as
	// it is.
	FaultEmptyBody
	// FaultNullBody processes the request, then answers a success with 200
	// and the JSON body null. An error reply is sent as it is.
	FaultNullBody
	// FaultCutBody processes the request, sends the status line, the
	// headers (with the whole body's Content-Length) and half the body,
	// then resets the connection.
	FaultCutBody
	// FaultTruncatedBody processes the request, sends the status line, the
	// headers announcing the whole body's Content-Length and half the body,
	// then closes the connection cleanly: the body ends early.
	FaultTruncatedBody
	// FaultCreated answers a successful create (a POST answered 200 with an
	// object) the way the neighbouring HR APIs do: 201 Created, a Location
	// header naming the new item (/leave_requests/35.json) and no body.
	// Other replies are sent as they are.
	FaultCreated
	// FaultTooManyRequests answers 429 with Retry-After: 0 and an ERROR
	// body, before processing.
	FaultTooManyRequests
	// FaultUnavailable answers 503 with an ERROR body and no Retry-After,
	// before processing.
	FaultUnavailable
	// FaultRedirect answers with a redirect before processing; see
	// RedirectNext. SetFaultMix does not draw it.
	FaultRedirect
)

var faultNames = map[Fault]string{
	FaultReset: "reset", FaultEmptyBody: "empty body", FaultNullBody: "null body",
	FaultCutBody: "cut body", FaultTruncatedBody: "truncated body", FaultCreated: "201 created",
	FaultTooManyRequests: "429", FaultUnavailable: "503", FaultRedirect: "redirect",
}

// String names the fault, such as "reset" or "429"; "" for no fault.
func (f Fault) String() string {
	if f == 0 {
		return ""
	}
	if n, ok := faultNames[f]; ok {
		return n
	}
	return "Fault(" + strconv.Itoa(int(f)) + ")"
}

// beforeProcessing reports whether f answers instead of the handler.
func (f Fault) beforeProcessing() bool {
	return f == FaultTooManyRequests || f == FaultUnavailable || f == FaultRedirect
}

// faults holds the failure modes a test can switch on.
type faults struct {
	mu sync.Mutex

	limit       int
	window      time.Duration
	aligned     bool // windows start at multiples of window since the Unix epoch
	windowStart time.Time
	used        int

	down       bool
	retryAfter time.Duration

	latency time.Duration

	failN      int
	failStatus int

	rules []faultRule

	mix  *FaultMix
	seen map[string]int // requests seen per key, for the mix's draw

	etags bool
}

// faultRule is one FaultNext or RedirectNext.
type faultRule struct {
	method, prefix string
	n              int
	fault          Fault
	status         int    // FaultRedirect
	target         string // FaultRedirect
}

func (r *faultRule) matches(req *http.Request) bool {
	return r.n > 0 && (r.method == "" || r.method == req.Method) && strings.HasPrefix(req.URL.Path, r.prefix)
}

func newFaults(c config) *faults {
	return &faults{
		limit: c.rateLimit, window: c.rateWindow, aligned: c.rateAligned,
		down: c.maintenance, retryAfter: c.retryAfter,
		latency: c.latency,
		failN:   c.failN, failStatus: c.failStatus,
		etags: c.etags,
	}
}

// SetRateLimit allows n requests per window (a fixed window starting with
// the first request, measured on the server clock); n <= 0 removes the
// limit. While a limit is set every response carries X-RateLimit-Limit,
// X-RateLimit-Remaining and X-RateLimit-Reset (unix seconds); a request
// over the limit gets 429 with Retry-After (seconds) and an ERROR body,
// and is not processed.
func (s *Server) SetRateLimit(n int, window time.Duration) {
	s.setRateLimit(n, window, false)
}

// SetRateLimitAligned is SetRateLimit with windows aligned on the server
// clock, as servers that count requests per calendar minute have them:
// each window starts at a whole multiple of window since the Unix epoch,
// not with the first request. With a window of whole seconds, the
// X-RateLimit-Reset header (unix seconds) is then exact, so a client that
// waits for the reset waits no longer than it must: what a test of a
// client's rate limiter in real time, over a short window, needs.
func (s *Server) SetRateLimitAligned(n int, window time.Duration) {
	s.setRateLimit(n, window, true)
}

func (s *Server) setRateLimit(n int, window time.Duration, aligned bool) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.limit, s.faults.window, s.faults.aligned = n, window, aligned
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
// their changes are made — and then resets the connection without sending
// the response. It proves that a client does not repeat a create whose
// answer it lost. It is FaultNext(n, method, pathPrefix, FaultReset).
func (s *Server) DropNext(n int, method, pathPrefix string) {
	s.FaultNext(n, method, pathPrefix, FaultReset)
}

// FaultNext applies f to the next n requests with the given method ("" for
// any) and, when pathPrefix is not "", a path starting with it. A fault
// that spoils the answer of a processed request (FaultReset, the body
// faults, FaultCreated) is used up only by requests that reach their
// handler, so a request refused earlier (a 401, a rate limit) does not
// spend it. Rules accumulate; a request meets the oldest live rule. For
// FaultRedirect use RedirectNext.
func (s *Server) FaultNext(n int, method, pathPrefix string, f Fault) {
	if n <= 0 || f == 0 || f == FaultRedirect {
		return
	}
	s.faults.addRule(faultRule{method: strings.ToUpper(method), prefix: pathPrefix, n: n, fault: f})
}

// RedirectNext answers the next n requests with the given method ("" for
// any) and path prefix with a redirect: status (301, 302, 303, 307 or 308)
// and a Location header holding target, an absolute URL ("https://other.example/x")
// or a path on this server ("/users/7.json"). The request is not
// processed. It tests what a client does with redirects to the same host,
// to another host, or from https to plain http.
func (s *Server) RedirectNext(n int, method, pathPrefix string, status int, target string) {
	if n <= 0 {
		return
	}
	s.faults.addRule(faultRule{method: strings.ToUpper(method), prefix: pathPrefix, n: n,
		fault: FaultRedirect, status: status, target: target})
}

func (f *faults) addRule(r faultRule) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = append(f.rules, r)
}

// FaultMix makes a share of all requests meet a fault (see SetFaultMix).
type FaultMix struct {
	// Seed chooses the draw; the same seed gives the same faults.
	Seed uint64
	// Rates maps each fault to the share of requests it hits, from 0 to 1;
	// the shares add up to at most 1. FaultRedirect cannot be drawn.
	Rates map[Fault]float64
}

// SetFaultMix makes every request meet at most one fault, drawn from mix:
// for example {FaultTooManyRequests: 0.15, FaultUnavailable: 0.10,
// FaultReset: 0.15} answers 15% of requests 429 (Retry-After: 0) and 10%
// 503 without processing them, and processes 15% and then resets the
// connection.
//
// The draw is deterministic: the fault a request meets depends only on the
// seed, the request (method, path, query and body) and how many identical
// requests the server saw before it, never on the order in which different
// requests arrive. A client that sends distinct requests from many
// goroutines sees the same faults on every run, and the n-th retry of a
// request always meets the same fault. A nil mix, or a mix without rates,
// switches the draw off. Rules set with FaultNext and RedirectNext take
// precedence over the mix.
func (s *Server) SetFaultMix(mix *FaultMix) error {
	var cp *FaultMix
	if mix != nil && len(mix.Rates) > 0 {
		total := 0.0
		for f, r := range mix.Rates {
			if f < FaultReset || f >= FaultRedirect {
				return fmt.Errorf("tribehrtest: fault mix: %v cannot be drawn", f)
			}
			if !(r >= 0 && r <= 1) {
				return fmt.Errorf("tribehrtest: fault mix: rate of %v is %v, not between 0 and 1", f, r)
			}
			total += r
		}
		if total > 1+1e-9 {
			return fmt.Errorf("tribehrtest: fault mix: rates add up to %v, above 1", total)
		}
		cp = &FaultMix{Seed: mix.Seed, Rates: make(map[Fault]float64, len(mix.Rates))}
		for f, r := range mix.Rates {
			cp.Rates[f] = r
		}
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.mix, s.faults.seen = cp, map[string]int{}
	return nil
}

// SetETags switches entity tags on or off (off by default: the TribeHR
// document does not describe them, the neighbouring APIs do). While on,
// every 200 answer to a GET carries an ETag (a hash of its body), and a GET
// whose If-None-Match names the current tag (or is "*") gets 304 Not
// Modified with the ETag and no body.
func (s *Server) SetETags(on bool) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.etags = on
}

// ClearFaults switches every fault off: rate limit, maintenance, latency,
// pending failures, FaultNext, DropNext and RedirectNext rules and the
// fault mix. Entity tags stay as they are.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	f := s.faults
	f.limit, f.window, f.aligned, f.windowStart, f.used = 0, 0, false, time.Time{}, 0
	f.down, f.retryAfter = false, 0
	f.latency = 0
	f.failN, f.failStatus = 0, 0
	f.rules = nil
	f.mix, f.seen = nil, nil
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
		if f.aligned {
			f.windowStart = time.Unix(0, now.UnixNano()-now.UnixNano()%int64(f.window))
		}
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

// injected is the fault a request meets.
type injected struct {
	fault  Fault
	status int    // FaultRedirect
	target string // FaultRedirect
}

// arrival picks the fault a request meets as it arrives: a rule that
// answers before processing, or a draw from the mix. Rules that spoil the
// answer of a processed request are taken later, by afterProcessing.
func (f *faults) arrival(r *http.Request, body []byte) injected {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.rules {
		rule := &f.rules[i]
		if rule.fault.beforeProcessing() && rule.matches(r) {
			in := injected{fault: rule.fault, status: rule.status, target: rule.target}
			f.spend(i)
			return in
		}
	}
	if f.mix == nil {
		return injected{}
	}
	key := r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery + "\n" + string(body)
	n := f.seen[key]
	f.seen[key] = n + 1
	return injected{fault: f.mix.draw(key, n)}
}

// afterProcessing takes the oldest live rule that spoils the answer of a
// processed request matching r.
func (f *faults) afterProcessing(r *http.Request) Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.rules {
		rule := &f.rules[i]
		if !rule.fault.beforeProcessing() && rule.matches(r) {
			fault := rule.fault
			f.spend(i)
			return fault
		}
	}
	return 0
}

func (f *faults) spend(i int) {
	f.rules[i].n--
	if f.rules[i].n == 0 {
		f.rules = slices.Delete(f.rules, i, i+1)
	}
}

func (f *faults) etagsOn() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.etags
}

// draw returns the fault of the n-th request (from 0) with the given key:
// a hash of seed, key and n, placed on the rates laid end to end in the
// order of the Fault constants.
func (m *FaultMix) draw(key string, n int) Fault {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], m.Seed)
	h.Write(b[:])
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
	h.Write([]byte(key))
	u := float64(mix64(h.Sum64())>>11) / (1 << 53)
	acc := 0.0
	for f := FaultReset; f < FaultRedirect; f++ {
		acc += m.Rates[f]
		if u < acc {
			return f
		}
	}
	return 0
}

// mix64 is the splitmix64 finaliser: it spreads the bits of a hash.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
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
