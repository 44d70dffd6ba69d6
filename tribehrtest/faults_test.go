package tribehrtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRateLimit(t *testing.T) {
	clock := newClock("2030-01-01T10:00:00Z")
	srv := NewServer(t, WithClock(clock.Now), WithRateLimit(2, time.Minute))
	reset := strconv.FormatInt(clock.Now().Add(time.Minute).Unix(), 10)

	for i, remaining := range []string{"1", "0"} {
		res := do(t, srv, "GET", "/users/me.json", "")
		require.Equal(t, http.StatusOK, res.status, "request %d", i)
		assert.Equal(t, "2", res.header.Get("X-RateLimit-Limit"))
		assert.Equal(t, remaining, res.header.Get("X-RateLimit-Remaining"))
		assert.Equal(t, reset, res.header.Get("X-RateLimit-Reset"))
	}
	clock.Advance(15 * time.Second)
	res := do(t, srv, "POST", "/kudos.json", "text=too%20many")
	res.apiError(t, http.StatusTooManyRequests, "ERROR")
	assert.Equal(t, "45", res.header.Get("Retry-After"))
	assert.Equal(t, "0", res.header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, reset, res.header.Get("X-RateLimit-Reset"))
	assert.False(t, srv.Requests()[2].Processed)
	assert.Len(t, do(t, srv, "GET", "/kudos.json", "").header.Get("Retry-After"), 2, "still limited")

	clock.Advance(45 * time.Second)
	res = do(t, srv, "GET", "/users/me.json", "")
	assert.Equal(t, http.StatusOK, res.status, "a new window")
	assert.Equal(t, "1", res.header.Get("X-RateLimit-Remaining"))

	srv.SetRateLimit(0, 0)
	res = do(t, srv, "GET", "/users/me.json", "")
	assert.Empty(t, res.header.Get("X-RateLimit-Limit"), "no limit, no headers")
}

func TestMaintenance(t *testing.T) {
	srv := NewServer(t, WithMaintenance(30*time.Second))
	res := do(t, srv, "GET", "/users.json", "", noAuth())
	assert.Equal(t, []string{"TribeHR is undergoing maintenance and will be back up and running later."},
		res.apiError(t, http.StatusServiceUnavailable, "MAINTENANCE"))
	assert.Equal(t, "30", res.header.Get("Retry-After"))
	srv.SetMaintenance(false, 0)
	assert.Equal(t, http.StatusOK, do(t, srv, "GET", "/users.json", "").status)
	srv.SetMaintenance(true, 0)
	res = do(t, srv, "GET", "/users.json", "")
	res.apiError(t, http.StatusServiceUnavailable, "MAINTENANCE")
	assert.Empty(t, res.header.Get("Retry-After"))
}

func TestLatency(t *testing.T) {
	srv := NewServer(t)
	srv.SetLatency(200 * time.Millisecond)
	start := time.Now()
	assert.Equal(t, http.StatusOK, do(t, srv, "GET", "/users/me.json", "").status)
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)

	srv.SetLatency(time.Hour)
	srv.ResetLog()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	res, err := send(ctx, srv, "POST", "/kudos.json", "text=never%20saved")
	require.Error(t, err, "answered %d %s", res.status, res.body)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	assert.Less(t, time.Since(start), 10*time.Second)

	srv.SetLatency(0)
	require.Eventually(t, func() bool { return len(srv.Requests()) == 1 }, 5*time.Second, 10*time.Millisecond,
		"the server gives up on the request when its context ends")
	assert.False(t, srv.Requests()[0].Processed)
	for _, k := range do(t, srv, "GET", "/kudos.json", "").arr(t) {
		assert.NotEqual(t, "never saved", k.(map[string]any)["text"])
	}
}

func TestFailNext(t *testing.T) {
	srv := NewServer(t, WithFailNext(1, http.StatusBadGateway))
	do(t, srv, "GET", "/users.json", "").apiError(t, http.StatusBadGateway, "ERROR")

	srv.FailNext(2, http.StatusGatewayTimeout)
	body := "name=Retry%20me&start_date=2030-01-01T10:00:00&end_date=2030-01-01T11:00:00"
	for range 2 {
		do(t, srv, "POST", "/events.json", body).apiError(t, http.StatusGatewayTimeout, "ERROR")
	}
	e := do(t, srv, "POST", "/events.json", body).obj(t)
	assert.Equal(t, jsonNum("254"), e["id"], "failed requests were not processed")

	srv.FailNext(1, http.StatusTooManyRequests)
	res := do(t, srv, "GET", "/users.json", "")
	assert.Equal(t, http.StatusTooManyRequests, res.status)
	assert.Empty(t, res.body, "below 500, an injected failure has no body")

	for _, r := range srv.Requests()[:3] {
		assert.False(t, r.Processed)
	}
	assert.True(t, srv.Requests()[3].Processed)
}

func TestDropNextAfterProcessing(t *testing.T) {
	srv := NewServer(t)
	srv.DropNext(1, "POST", "/kudos")
	_, err := send(context.Background(), srv, "POST", "/kudos.json", "recipients%5B%5D%5Bid%5D=6&text=Lost%20answer")
	require.Error(t, err, "the connection is closed without a response")

	list := do(t, srv, "GET", "/kudos.json", "").arr(t)
	assert.Equal(t, "Lost answer", list[0].(map[string]any)["text"], "the kudos was created all the same")
	assert.Equal(t, jsonNum("88"), list[0].(map[string]any)["id"])

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.True(t, reqs[0].Processed)
	assert.True(t, reqs[0].Dropped)
	assert.Equal(t, http.StatusOK, reqs[0].Status)

	t.Run("only matching requests", func(t *testing.T) {
		srv.DropNext(1, "PUT", "/events/")
		assert.Equal(t, http.StatusOK, do(t, srv, "GET", "/events/20.json", "").status)
		assert.Equal(t, http.StatusOK, do(t, srv, "POST", "/kudos.json", "text=kept").status)
		_, err := send(context.Background(), srv, "PUT", "/events/20.json", "id=20&name=Dropped%20but%20saved")
		require.Error(t, err)
		assert.Equal(t, "Dropped but saved", do(t, srv, "GET", "/events/20.json", "").obj(t)["name"])
	})
	t.Run("ClearFaults", func(t *testing.T) {
		srv.DropNext(5, "", "")
		srv.ClearFaults()
		assert.Equal(t, http.StatusOK, do(t, srv, "GET", "/users.json", "").status)
	})
}

func TestRequestLog(t *testing.T) {
	srv := NewServer(t)
	do(t, srv, "GET", "/users.json", "", noAuth())
	do(t, srv, "POST", "/events.json?x=1", docBody(eventPostSample), as(EmployeeEmail, EmployeeAPIKey))
	reqs := srv.Requests()
	require.Len(t, reqs, 2)

	assert.Equal(t, "GET", reqs[0].Method)
	assert.Equal(t, http.StatusUnauthorized, reqs[0].Status)
	assert.Equal(t, "", reqs[0].User)
	assert.False(t, reqs[0].Processed)

	r := reqs[1]
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/events.json", r.Path)
	assert.Equal(t, "1", r.Query.Get("x"))
	assert.Equal(t, "REDACTED", r.Header.Get("Authorization"))
	assert.Equal(t, "2.0.0", r.Header.Get("X-API-Version"))
	assert.Equal(t, []string{"1", "7"}, r.Form["location[][id]"])
	assert.Equal(t, "New event", r.Form.Get("name"))
	assert.Equal(t, docBody(eventPostSample), string(r.RawBody))
	assert.Equal(t, "emma", r.User)
	assert.Equal(t, http.StatusForbidden, r.Status)
	assert.True(t, r.Processed)

	srv.ResetLog()
	assert.Empty(t, srv.Requests())
}

func TestConcurrentCreates(t *testing.T) {
	srv := NewServer(t, WithRateLimit(1000, time.Minute))
	const n = 40
	var wg sync.WaitGroup
	idsSeen := make(chan string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := send(context.Background(), srv, "POST", "/kudos.json", fmt.Sprintf("text=k%d", i))
			if err != nil || res.status != http.StatusOK {
				t.Errorf("create %d: %v %d", i, err, res.status)
				return
			}
			idsSeen <- strings.Split(strings.Split(string(res.body), `"id":`)[1], ",")[0]
		}()
	}
	wg.Wait()
	close(idsSeen)
	unique := map[string]bool{}
	for id := range idsSeen {
		unique[id] = true
	}
	assert.Len(t, unique, n, "every create got its own id")
	assert.Len(t, srv.Requests(), n)
}

func TestFixtures(t *testing.T) {
	doc := `{
	  "locations": [{"id": 40, "name": "Berlin"}],
	  "users": [{"username": "kim", "first_name": "Kim", "last_name": "Lee", "group": "Managers", "manager_id": 7, "location_id": 40, "api_key": "0123456789abcdef0123456789abcdef01234567"},
	            {"id": 900, "username": "lee", "password": "s3cret", "manager_id": 54}],
	  "leave_requests": [{"user_id": 900, "leave_type_id": 1, "date_start": "2030-05-01", "date_end": "2030-05-02", "days": 2}],
	  "events": [{"name": "Hackathon", "start_date": "2030-05-01T09:00:00", "end_date": "2030-05-02T17:00:00", "location_ids": [40]}]
	}`
	srv := NewServer(t, WithFixtures(strings.NewReader(doc)))
	ident, key := srv.Credentials("kim")
	assert.Equal(t, "kim", ident)
	kim := do(t, srv, "GET", "/users/me.json", "", as(ident, key)).obj(t)
	assert.Equal(t, jsonNum("54"), kim["id"])
	assert.Equal(t, "Berlin", kim["assignment_record"].(map[string]any)["location"].(map[string]any)["name"])
	lee := do(t, srv, "GET", "/leave_requests.json", "", as("lee", "s3cret")).arr(t)
	assert.Len(t, lee, 1)
	assert.Len(t, do(t, srv, "GET", "/leave_requests.json?filterByHasPermissionToApprove=true", "", as(ident, key)).arr(t), 1, "kim manages lee")

	empty := NewServer(t, WithoutDemoData(), WithFixtureData(Fixtures{Users: []FixtureUser{{Username: "solo"}}}))
	assert.Len(t, do(t, empty, "GET", "/users.json", "", asUser("solo")).arr(t), 1)

	for name, bad := range map[string]string{
		"not JSON":       "{",
		"unknown field":  `{"people": []}`,
		"bad reference":  `{"users": [{"username": "x", "manager_id": 9999}]}`,
		"bad group":      `{"users": [{"username": "x", "group": "Owners"}]}`,
		"bad event time": `{"events": [{"name": "x", "start_date": "soon", "end_date": "later"}]}`,
	} {
		_, err := Start(WithFixtures(strings.NewReader(bad)))
		assert.Error(t, err, name)
	}
}

func TestClock(t *testing.T) {
	start := time.Date(2030, time.January, 2, 3, 4, 5, 0, time.UTC)
	c := NewClock(start)
	assert.Equal(t, start, c.Now())
	assert.Equal(t, start, c.Now(), "it does not move by itself")
	c.Advance(90 * time.Second)
	assert.Equal(t, start.Add(90*time.Second), c.Now())
	c.Advance(-time.Hour)
	assert.Equal(t, start.Add(90*time.Second-time.Hour), c.Now())
}

func TestFaultNextSpoilsTheAnswerAfterProcessing(t *testing.T) {
	const body = "recipients%5B%5D%5Bid%5D=6&text=Spoiled%20answer%20"
	tests := []struct {
		fault Fault
		check func(t *testing.T, res result, err error)
	}{
		{FaultEmptyBody, func(t *testing.T, res result, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, res.status)
			assert.Empty(t, res.body)
			assert.Equal(t, "0", res.header.Get("Content-Length"))
		}},
		{FaultNullBody, func(t *testing.T, res result, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, res.status)
			assert.Equal(t, "null", string(res.body))
		}},
		{FaultCutBody, func(t *testing.T, res result, err error) {
			require.Error(t, err, "the body is cut by a reset")
			assert.Equal(t, http.StatusOK, res.status, "the status and headers arrived")
			assert.Less(t, len(res.body), mustAtoi(t, res.header.Get("Content-Length")))
		}},
		{FaultTruncatedBody, func(t *testing.T, res result, err error) {
			require.ErrorIs(t, err, io.ErrUnexpectedEOF, "the body ends before its Content-Length")
			assert.Equal(t, http.StatusOK, res.status)
			assert.Equal(t, mustAtoi(t, res.header.Get("Content-Length"))/2, len(res.body))
		}},
		{FaultReset, func(t *testing.T, res result, err error) {
			require.Error(t, err, "no response at all")
			assert.Zero(t, res.status)
		}},
		{FaultCreated, func(t *testing.T, res result, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, res.status)
			assert.Empty(t, res.body)
			assert.Regexp(t, `^/kudos/\d+\.json$`, res.header.Get("Location"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			srv := NewServer(t)
			text := "Spoiled answer " + tt.fault.String()
			srv.FaultNext(1, "POST", "/kudos", tt.fault)
			res, err := send(context.Background(), srv, "POST", "/kudos.json", body+strings.ReplaceAll(tt.fault.String(), " ", "%20"))
			tt.check(t, res, err)

			list := do(t, srv, "GET", "/kudos.json", "").arr(t)
			assert.Equal(t, text, list[0].(map[string]any)["text"], "the kudos was created all the same")
			if tt.fault == FaultCreated {
				id := list[0].(map[string]any)["id"].(json.Number).String()
				assert.Equal(t, "/kudos/"+id+".json", res.header.Get("Location"))
				assert.Equal(t, text, do(t, srv, "GET", res.header.Get("Location"), "").obj(t)["text"], "Location names the new kudos")
			}
			reqs := srv.Requests()
			require.GreaterOrEqual(t, len(reqs), 2)
			assert.True(t, reqs[0].Processed)
			assert.Equal(t, tt.fault, reqs[0].Fault)
			assert.Equal(t, tt.fault == FaultReset, reqs[0].Dropped)
			for _, r := range reqs[1:] {
				assert.Zero(t, r.Fault, "one request met the fault")
			}
		})
	}
}

func TestFaultNextSparesUnprocessedRequestsAndErrors(t *testing.T) {
	srv := NewServer(t)
	srv.FaultNext(1, "GET", "/users/", FaultEmptyBody)
	// Refused before its handler: the rule is not spent.
	assert.Equal(t, http.StatusUnauthorized, do(t, srv, "GET", "/users/7.json", "", noAuth()).status)
	// Processed, but an error: sent as it is, and the rule is spent.
	do(t, srv, "GET", "/users/999.json", "").apiError(t, http.StatusNotFound, "NOT_FOUND")
	assert.Equal(t, "alice", do(t, srv, "GET", "/users/7.json", "").obj(t)["username"])
	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, []Fault{0, FaultEmptyBody, 0}, []Fault{reqs[0].Fault, reqs[1].Fault, reqs[2].Fault})
}

func TestRedirectNext(t *testing.T) {
	srv := NewServer(t)
	srv.RedirectNext(1, "POST", "/leave_requests", http.StatusTemporaryRedirect, "https://other.example/leave_requests.json")
	hc := srv.HTTPClient()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req, err := http.NewRequest("POST", srv.URL+"/leave_requests.json", strings.NewReader("comments=x"))
	require.NoError(t, err)
	req.SetBasicAuth(AdminUsername, DemoPassword)
	resp, err := hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
	assert.Equal(t, "https://other.example/leave_requests.json", resp.Header.Get("Location"))
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.False(t, reqs[0].Processed, "a redirect is answered before processing")
	assert.Equal(t, FaultRedirect, reqs[0].Fault)
	assert.Equal(t, http.StatusTemporaryRedirect, reqs[0].Status)
}

func TestFaultMixIsDeterministic(t *testing.T) {
	mix := &FaultMix{Seed: 42, Rates: map[Fault]float64{FaultTooManyRequests: 0.15, FaultUnavailable: 0.10, FaultReset: 0.15}}
	const n = 400
	paths := make([]string, n)
	for i := range paths {
		paths[i] = fmt.Sprintf("/users/%d.json", i+1)
	}
	// The fault of each request, sent in the given order (each path twice,
	// so the second of two identical requests is drawn too).
	run := func(order []int) map[string][2]Fault {
		srv := NewServer(t, WithPlainHTTP()) // a connection a request: no TLS handshakes to wait for
		require.NoError(t, srv.SetFaultMix(mix))
		hc := freshConns(srv)
		for _, i := range order {
			for range 2 {
				sendVia(context.Background(), hc, srv, "GET", paths[i], "")
			}
		}
		got := map[string][2]Fault{}
		seen := map[string]int{}
		for _, r := range srv.Requests() {
			f := got[r.Path]
			f[seen[r.Path]] = r.Fault
			got[r.Path] = f
			seen[r.Path]++
		}
		return got
	}
	forward, backward := make([]int, n), make([]int, n)
	for i := range n {
		forward[i], backward[i] = i, n-1-i
	}
	a, b := run(forward), run(backward)
	assert.Equal(t, a, b, "the same faults whatever the order of arrival")

	counts := map[Fault]int{}
	for _, f := range a {
		counts[f[0]]++
		counts[f[1]]++
	}
	// 800 draws: each share within a few points of its rate.
	assert.InDelta(t, 0.15*2*n, counts[FaultTooManyRequests], 40)
	assert.InDelta(t, 0.10*2*n, counts[FaultUnavailable], 40)
	assert.InDelta(t, 0.15*2*n, counts[FaultReset], 40)
	assert.InDelta(t, 0.60*2*n, counts[0], 50)

	srv := NewServer(t)
	for _, bad := range []*FaultMix{
		{Rates: map[Fault]float64{FaultReset: 0.7, FaultUnavailable: 0.7}},
		{Rates: map[Fault]float64{FaultReset: -0.1}},
		{Rates: map[Fault]float64{FaultRedirect: 0.1}},
	} {
		assert.Error(t, srv.SetFaultMix(bad), "%v", bad.Rates)
	}
	require.NoError(t, srv.SetFaultMix(nil))
}

func TestFaultMixAnswers(t *testing.T) {
	srv := NewServer(t)
	require.NoError(t, srv.SetFaultMix(&FaultMix{Seed: 1, Rates: map[Fault]float64{FaultTooManyRequests: 1}}))
	res := do(t, srv, "POST", "/kudos.json", "recipients%5B%5D%5Bid%5D=6&text=never")
	res.apiError(t, http.StatusTooManyRequests, "ERROR")
	assert.Equal(t, "0", res.header.Get("Retry-After"))
	require.NoError(t, srv.SetFaultMix(&FaultMix{Seed: 1, Rates: map[Fault]float64{FaultUnavailable: 1}}))
	res = do(t, srv, "GET", "/users.json", "")
	res.apiError(t, http.StatusServiceUnavailable, "ERROR")
	assert.Empty(t, res.header.Get("Retry-After"))
	srv.ClearFaults()
	for _, k := range do(t, srv, "GET", "/kudos.json", "").arr(t) {
		assert.NotEqual(t, "never", k.(map[string]any)["text"], "a 429 is not processed")
	}
	for _, r := range srv.Requests()[:2] {
		assert.False(t, r.Processed)
	}
}

func TestETags(t *testing.T) {
	srv := NewServer(t)
	assert.Empty(t, do(t, srv, "GET", "/users/7.json", "").header.Get("ETag"), "off by default")

	srv.SetETags(true)
	first := do(t, srv, "GET", "/users/7.json", "")
	tag := first.header.Get("ETag")
	require.Regexp(t, `^"[0-9a-f]{16}"$`, tag)
	assert.Equal(t, tag, do(t, srv, "GET", "/users/7.json", "").header.Get("ETag"), "the same body, the same tag")

	res := do(t, srv, "GET", "/users/7.json", "", header("If-None-Match", tag))
	assert.Equal(t, http.StatusNotModified, res.status)
	assert.Empty(t, res.body)
	assert.Equal(t, tag, res.header.Get("ETag"))
	assert.Equal(t, http.StatusNotModified, do(t, srv, "GET", "/users/7.json", "", header("If-None-Match", `"x", W/`+tag)).status)

	do(t, srv, "PUT", "/users/7.json", "id=7&blog_url=https%3A%2F%2Fexample.com%2Fnew")
	res = do(t, srv, "GET", "/users/7.json", "", header("If-None-Match", tag))
	assert.Equal(t, http.StatusOK, res.status, "changed since")
	assert.NotEqual(t, tag, res.header.Get("ETag"))
	assert.Equal(t, http.StatusNotModified, srv.Requests()[3].Status, "the log has the 304")
}

func TestDateHeaderFollowsTheClock(t *testing.T) {
	clock := newClock("2013-08-19T18:02:04Z")
	srv := NewServer(t, WithClock(clock.Now))
	assert.Equal(t, "Mon, 19 Aug 2013 18:02:04 GMT", do(t, srv, "GET", "/users/me.json", "").header.Get("Date"))
	clock.Advance(time.Minute)
	assert.Equal(t, "Mon, 19 Aug 2013 18:03:04 GMT", do(t, srv, "GET", "/nothing.json", "").header.Get("Date"))
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

func TestRateLimitAligned(t *testing.T) {
	clock := newClock("2030-01-01T10:00:03.5Z")
	srv := NewServer(t, WithClock(clock.Now), WithRateLimitAligned(2, 4*time.Second))
	// The window began at 10:00:00 (a multiple of 4s since the epoch), not
	// with the first request, and resets at 10:00:04 exactly.
	reset := strconv.FormatInt(time.Date(2030, 1, 1, 10, 0, 4, 0, time.UTC).Unix(), 10)
	for i, remaining := range []string{"1", "0"} {
		res := do(t, srv, "GET", "/users/me.json", "")
		require.Equal(t, http.StatusOK, res.status, "request %d", i)
		assert.Equal(t, remaining, res.header.Get("X-RateLimit-Remaining"))
		assert.Equal(t, reset, res.header.Get("X-RateLimit-Reset"))
	}
	res := do(t, srv, "GET", "/users/me.json", "")
	res.apiError(t, http.StatusTooManyRequests, "ERROR")
	assert.Equal(t, "1", res.header.Get("Retry-After"), "half a second, in whole seconds")

	clock.Advance(500 * time.Millisecond)
	res = do(t, srv, "GET", "/users/me.json", "")
	assert.Equal(t, http.StatusOK, res.status, "a new window at 10:00:04")
	assert.Equal(t, "1", res.header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, strconv.FormatInt(clock.Now().Add(4*time.Second).Unix(), 10), res.header.Get("X-RateLimit-Reset"))

	// SetRateLimit goes back to windows that start with a request: at
	// 10:00:05.5, resetting at 10:00:09.5, sent rounded up.
	clock.Advance(1500 * time.Millisecond)
	srv.SetRateLimit(2, 4*time.Second)
	res = do(t, srv, "GET", "/users/me.json", "")
	assert.Equal(t, strconv.FormatInt(time.Date(2030, 1, 1, 10, 0, 10, 0, time.UTC).Unix(), 10), res.header.Get("X-RateLimit-Reset"))
}
