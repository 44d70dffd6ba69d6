package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// ifltHookTransport calls onResponse with every response it passes on, so a
// test can change the fake between two attempts of one SDK call.
type ifltHookTransport struct {
	next       http.RoundTripper
	onResponse func(*http.Response)
}

func (h *ifltHookTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := h.next.RoundTrip(req)
	if err == nil {
		h.onResponse(resp)
	}
	return resp, err
}

// ifltHookedClient returns an administrator client (quickRetry) whose
// transport calls onResponse after each response.
func ifltHookedClient(t *testing.T, srv *tribehrtest.Server, onResponse func(*http.Response)) *tribehr.Client {
	t.Helper()
	hc := &http.Client{Transport: &ifltHookTransport{next: srv.HTTPClient().Transport, onResponse: onResponse}}
	return clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithHTTPClient(hc))
}

// ifltStatus returns the method, path and status of a logged request.
func ifltStatus(r tribehrtest.Request) string {
	return fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status)
}

// ifltAllLeave lists every leave request the client sees.
func ifltAllLeave(t *testing.T, client *tribehr.Client) []tribehr.LeaveRequest {
	t.Helper()
	return listLeave(t, client, &tribehr.LeaveRequestListOptions{Status: tribehr.LeaveFilterAll})
}

// ifltComment matches the leave requests with the given comment.
func ifltComment(comment string) func(tribehr.LeaveRequest) bool {
	return func(l tribehr.LeaveRequest) bool { return l.Comments.Value() == comment }
}

// ifltKudos lists the kudos the client sees.
func ifltKudos(t *testing.T, client *tribehr.Client) []tribehr.Kudos {
	t.Helper()
	list, err := client.Kudos.List(testCtx(t), nil)
	require.NoError(t, err)
	return list
}

// ifltText matches the kudos with the given text.
func ifltText(text string) func(tribehr.Kudos) bool {
	return func(k tribehr.Kudos) bool { return k.Text.Value() == text }
}

func TestIntegrationFaultsNotFound(t *testing.T) {
	_, client := newFake(t)
	ctx := testCtx(t)

	var meta tribehr.Response
	_, err := client.Events.Get(ctx, 999999, tribehr.CaptureResponse(&meta))
	apiErr := assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
	assert.Equal(t, []string{"Invalid Event"}, apiErr.Messages)
	assert.Equal(t, http.MethodGet, apiErr.Method)
	assert.Equal(t, "/events/999999.json", apiErr.Path)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Empty(t, apiErr.Body, "a JSON error body is parsed, not kept as a snippet")
	assert.Zero(t, apiErr.RetryAfter)
	assert.False(t, apiErr.Temporary())
	assert.False(t, errors.Is(err, tribehr.CodeInvalidID))
	require.NotNil(t, apiErr.Response)
	assert.Equal(t, http.StatusNotFound, apiErr.Response.StatusCode)
	assert.Equal(t, http.StatusNotFound, meta.StatusCode, "CaptureResponse sees API errors too")
	assert.Equal(t, 1, meta.Attempts)
	assert.Contains(t, err.Error(), "404")
	assert.Contains(t, err.Error(), "NOT_FOUND")
	assert.Contains(t, err.Error(), "Invalid Event")

	_, err = client.LeaveRequests.Get(ctx, 999999)
	apiErr = assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
	assert.Equal(t, []string{"Invalid Leave Request"}, apiErr.Messages)

	// An unknown URL: 404 without a body, no code.
	req, err := client.NewRequest(ctx, http.MethodGet, "no_such_resource.json", nil)
	require.NoError(t, err)
	resp, err := client.Do(req, nil)
	apiErr = assertAPIError(t, err, http.StatusNotFound, "", tribehr.ErrNotFound)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Empty(t, apiErr.Messages)
	assert.False(t, errors.Is(err, tribehr.CodeNotFound))
}

func TestIntegrationFaultsUnauthorizedHidesSecret(t *testing.T) {
	srv, _ := newFake(t)
	const secret = "wr0ng-s3cret-7f3a9c1d"
	client := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithBasicAuth(tribehrtest.AdminUsername, secret))

	_, err := client.Users.Me(testCtx(t))
	apiErr := assertAPIError(t, err, http.StatusUnauthorized, "", tribehr.ErrUnauthorized) // a 401 has no body, so no code
	assert.Equal(t, 1, apiErr.Attempts, "a 401 is not retried")
	require.NotNil(t, apiErr.Response)
	assert.Contains(t, apiErr.Response.Header.Get("WWW-Authenticate"), "Basic")

	// "wr0ng" is a fragment of the secret: neither it nor the whole shows.
	assertNoSecret(t, "wr0ng", err, *apiErr, client, client.String())
	assert.Contains(t, err.Error(), "401")

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.StatusUnauthorized, reqs[0].Status)
	assert.Empty(t, reqs[0].User)
	assert.False(t, reqs[0].Processed)
}

func TestIntegrationFaultsRateLimitRetriedAfterRetryAfter(t *testing.T) {
	clock := tribehrtest.NewClock(time.Now().UTC().Truncate(time.Second))
	srv := tribehrtest.NewServer(t, tribehrtest.WithClock(clock.Now))
	const window = time.Second
	var limited int
	client := ifltHookedClient(t, srv, func(resp *http.Response) {
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
			assert.Equal(t, "1", resp.Header.Get("Retry-After"))
			clock.Advance(window) // the window is over by the time the SDK retries
		}
	})
	ctx := testCtx(t)
	srv.SetRateLimit(2, window)

	for range 2 {
		_, err := client.Users.Me(ctx)
		require.NoError(t, err)
	}
	// The third request of the window gets 429; the SDK waits and retries.
	var meta tribehr.Response
	got, err := client.Users.Get(ctx, 7, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(7), got.ID.Value())
	assert.Equal(t, 1, limited)
	assert.Equal(t, 2, meta.Attempts)
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.Equal(t, 2, meta.Rate.Limit)
	assert.Equal(t, 1, meta.Rate.Remaining, "the first request of a new window")

	reqs := srv.Requests()
	assert.Equal(t, []string{
		"GET /users/me.json 200",
		"GET /users/me.json 200",
		"GET /users/7.json 429",
		"GET /users/7.json 200",
	}, collect(reqs, ifltStatus))
	require.Len(t, reqs, 4)
	assert.False(t, reqs[2].Processed)

	// A POST over the limit is retried too (the server did not act), and
	// the kudos is created once.
	_, err = client.Users.Me(ctx) // the second request of this window
	require.NoError(t, err)
	srv.ResetLog()
	const text = "Rate-limited kudos"
	meta = tribehr.Response{}
	created, err := client.Kudos.Create(ctx,
		&tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: text}, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, text, created.Text.Value())
	assert.Equal(t, 2, meta.Attempts)
	assert.Equal(t, 2, limited)
	assert.Equal(t, []string{"POST /kudos.json 429", "POST /kudos.json 200"}, collect(srv.Requests(), ifltStatus))
	srv.SetRateLimit(0, 0)
	assert.Equal(t, 1, count(ifltKudos(t, client), ifltText(text)))
}

func TestIntegrationFaultsRateLimitLongWaitReturnsAtOnce(t *testing.T) {
	clock := tribehrtest.NewClock(time.Now().UTC().Truncate(time.Second))
	srv, client := newFake(t, tribehrtest.WithClock(clock.Now))
	ctx := testCtx(t)
	srv.SetRateLimit(1, time.Minute)

	_, err := client.Users.Me(ctx)
	require.NoError(t, err)
	clock.Advance(5 * time.Second)

	var meta tribehr.Response
	_, err = client.Users.Me(ctx, tribehr.CaptureResponse(&meta))
	// The fake's 429 body has code ERROR.
	apiErr := assertAPIError(t, err, http.StatusTooManyRequests, tribehr.CodeUnknown, tribehr.ErrRateLimited)
	assert.Equal(t, 55*time.Second, apiErr.RetryAfter, "Retry-After: what is left of the window")
	assert.Equal(t, 1, apiErr.Attempts, "a wait above MaxServerWait is not slept through")
	assert.True(t, apiErr.Temporary())
	assert.Equal(t, 1, meta.Attempts)
	assert.Equal(t, 1, meta.Rate.Limit)
	assert.Equal(t, 0, meta.Rate.Remaining)
	assert.Equal(t, clock.Now().Add(55*time.Second).Unix(), meta.Rate.Reset.Unix())
	assert.Contains(t, err.Error(), "retry after 55s")

	assert.Equal(t, []string{"GET /users/me.json 200", "GET /users/me.json 429"}, collect(srv.Requests(), ifltStatus))
}

func TestIntegrationFaultsMaintenanceRetried(t *testing.T) {
	srv, _ := newFake(t)
	var seen503 int
	client := ifltHookedClient(t, srv, func(resp *http.Response) {
		if resp.StatusCode == http.StatusServiceUnavailable {
			seen503++
			assert.Equal(t, "1", resp.Header.Get("Retry-After"))
			srv.SetMaintenance(false, 0) // back before the SDK retries
		}
	})
	srv.SetMaintenance(true, time.Second)

	var meta tribehr.Response
	users, err := client.Users.List(testCtx(t), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.NotEmpty(t, users)
	assert.Equal(t, 1, seen503)
	assert.Equal(t, 2, meta.Attempts)
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.Equal(t, []string{"GET /users.json 503", "GET /users.json 200"}, collect(srv.Requests(), ifltStatus))
}

func TestIntegrationFaultsMaintenanceGivesUp(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	// A Retry-After above MaxServerWait: returned at once.
	srv.SetMaintenance(true, 10*time.Minute)
	_, err := client.Users.Me(ctx)
	apiErr := assertAPIError(t, err, http.StatusServiceUnavailable, tribehr.CodeMaintenance, tribehr.ErrServiceUnavailable)
	assert.Equal(t, 10*time.Minute, apiErr.RetryAfter)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.True(t, apiErr.Temporary())
	require.NotEmpty(t, apiErr.Messages)
	assert.Contains(t, apiErr.Messages[0], "maintenance")
	assert.Len(t, srv.Requests(), 1)

	// No Retry-After: retried with the policy's backoff until the
	// attempts run out.
	srv.SetMaintenance(true, 0)
	srv.ResetLog()
	_, err = client.Users.Me(ctx)
	apiErr = assertAPIError(t, err, http.StatusServiceUnavailable, tribehr.CodeMaintenance, tribehr.ErrServiceUnavailable)
	assert.Equal(t, quickRetry().MaxAttempts, apiErr.Attempts)
	assert.Zero(t, apiErr.RetryAfter)
	assert.Len(t, srv.Requests(), quickRetry().MaxAttempts)
	assert.Contains(t, err.Error(), fmt.Sprintf("after %d attempts", quickRetry().MaxAttempts))
}

func TestIntegrationFaultsDroppedPostNotDuplicated(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	t.Run("leave request", func(t *testing.T) {
		const comment = "Dropped answer, created once"
		before := ifltAllLeave(t, client)
		srv.DropNext(1, http.MethodPost, "/leave_requests")
		srv.ResetLog()

		_, err := client.LeaveRequests.Create(ctx, leaveParams(comment))
		require.Error(t, err)
		var apiErr *tribehr.APIError
		assert.False(t, errors.As(err, &apiErr), "no response arrived: %v", err)
		assert.Contains(t, err.Error(), "POST /leave_requests.json")

		reqs := srv.Requests()
		require.Len(t, reqs, 1, "the POST is never resent: %v", collect(reqs, ifltStatus))
		assert.Equal(t, http.MethodPost, reqs[0].Method)
		assert.True(t, reqs[0].Processed)
		assert.True(t, reqs[0].Dropped)

		after := ifltAllLeave(t, client)
		assert.Len(t, after, len(before)+1)
		assert.Equal(t, 1, count(after, ifltComment(comment)))
	})

	t.Run("kudos", func(t *testing.T) {
		const text = "Dropped kudos, created once"
		before := ifltKudos(t, client)
		srv.DropNext(1, http.MethodPost, "/kudos")
		srv.ResetLog()

		_, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{
			Recipients: tribehr.IDs{2}, Text: text,
			Picture: tribehr.FileFromBytes("once.gif", tinyGIF),
		}, nil)
		require.Error(t, err)
		var apiErr *tribehr.APIError
		assert.False(t, errors.As(err, &apiErr), "no response arrived: %v", err)

		reqs := srv.Requests()
		require.Len(t, reqs, 1, "the POST is never resent: %v", collect(reqs, ifltStatus))
		assert.True(t, reqs[0].Processed)
		assert.True(t, reqs[0].Dropped)

		after := ifltKudos(t, client)
		assert.Equal(t, 1, count(after, ifltText(text)))
		assert.Len(t, after, len(before)+1)
	})
}

func TestIntegrationFaultsDroppedDeleteIsSuccess(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	t.Run("event", func(t *testing.T) {
		srv.DropNext(1, http.MethodDelete, "/events/")
		srv.ResetLog()
		var meta tribehr.Response
		require.NoError(t, client.Events.Delete(ctx, 252, tribehr.CaptureResponse(&meta)))
		assert.Equal(t, 2, meta.Attempts)
		reqs := srv.Requests()
		assert.Equal(t, []string{"DELETE /events/252.json 200", "DELETE /events/252.json 404"}, collect(reqs, ifltStatus))
		require.Len(t, reqs, 2)
		assert.True(t, reqs[0].Dropped)
		assert.False(t, reqs[1].Dropped)

		_, err := client.Events.Get(ctx, 252)
		assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
	})

	t.Run("leave request", func(t *testing.T) {
		id := createLeave(t, client, leaveParams("to be deleted")).ID.Value()
		srv.DropNext(1, http.MethodDelete, "/leave_requests/")
		srv.ResetLog()
		var meta tribehr.Response
		require.NoError(t, client.LeaveRequests.Delete(ctx, id, tribehr.CaptureResponse(&meta)))
		assert.Equal(t, 2, meta.Attempts)
		reqs := srv.Requests()
		path := fmt.Sprintf("/leave_requests/%d.json", id)
		assert.Equal(t, []string{"DELETE " + path + " 200", "DELETE " + path + " 404"}, collect(reqs, ifltStatus))
		require.Len(t, reqs, 2)
		assert.True(t, reqs[0].Dropped)
		assert.False(t, reqs[1].Dropped)

		_, err := client.LeaveRequests.Get(ctx, id)
		assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
		assert.Zero(t, count(ifltAllLeave(t, client), ifltComment("to be deleted")))
	})
}

func TestIntegrationFaultsDroppedPutRetried(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	srv.DropNext(1, http.MethodPut, "/events/")
	var meta tribehr.Response
	updated, err := client.Events.Update(ctx, 20,
		&tribehr.EventUpdate{Name: tribehr.String("Company Picnic (moved)")}, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, "Company Picnic (moved)", updated.Name.Value())
	assert.Equal(t, 2, meta.Attempts)

	reqs := srv.Requests()
	assert.Equal(t, []string{"PUT /events/20.json 200", "PUT /events/20.json 200"}, collect(reqs, ifltStatus))
	require.Len(t, reqs, 2)
	assert.True(t, reqs[0].Dropped)
	assert.False(t, reqs[1].Dropped)
	assert.Equal(t, reqs[0].Form, reqs[1].Form, "the same update resent")

	got, err := client.Events.Get(ctx, 20)
	require.NoError(t, err)
	assert.Equal(t, "Company Picnic (moved)", got.Name.Value())
	assert.Equal(t, tribehr.ID(1), got.EventType.Value().ID.Value(), "the rest of the event unchanged")
	assert.Equal(t, "2013-08-29T11:00:00+00:00", got.StartDate.Value().String())
}

func TestIntegrationFaultsBadGatewayGetRetried(t *testing.T) {
	srv, client := newFake(t)
	srv.FailNext(1, http.StatusBadGateway)

	var meta tribehr.Response
	u, err := client.Users.Get(testCtx(t), 7, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.ManagerUsername, u.Username.Value())
	assert.Equal(t, 2, meta.Attempts)
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.Equal(t, []string{"GET /users/7.json 502", "GET /users/7.json 200"}, collect(srv.Requests(), ifltStatus))
}

func TestIntegrationFaultsInternalErrorNotRetried(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)
	srv.FailNext(1, http.StatusInternalServerError)

	var meta tribehr.Response
	_, err := client.Users.Get(ctx, 7, tribehr.CaptureResponse(&meta))
	apiErr := assertAPIError(t, err, http.StatusInternalServerError, tribehr.CodeUnknown, tribehr.ErrInternalServer)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.False(t, apiErr.Temporary())
	assert.Equal(t, 1, meta.Attempts)
	assert.Equal(t, http.StatusInternalServerError, meta.StatusCode)
	assert.Equal(t, []string{"GET /users/7.json 500"}, collect(srv.Requests(), ifltStatus))

	// Only one failure was injected.
	_, err = client.Users.Get(ctx, 7)
	require.NoError(t, err)
}

func TestIntegrationFaultsBadGatewayPostNotRetried(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	t.Run("kudos", func(t *testing.T) {
		const text = "Behind a bad gateway"
		before := ifltKudos(t, client)
		srv.FailNext(1, http.StatusBadGateway)
		srv.ResetLog()
		_, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: text}, nil)
		apiErr := assertAPIError(t, err, http.StatusBadGateway, tribehr.CodeUnknown, tribehr.ErrBadGateway)
		assert.Equal(t, 1, apiErr.Attempts)
		reqs := srv.Requests()
		assert.Equal(t, []string{"POST /kudos.json 502"}, collect(reqs, ifltStatus))
		require.Len(t, reqs, 1)
		assert.False(t, reqs[0].Processed)
		after := ifltKudos(t, client)
		assert.Zero(t, count(after, ifltText(text)))
		assert.Len(t, after, len(before))
	})

	t.Run("leave request", func(t *testing.T) {
		const comment = "Behind a bad gateway"
		before := ifltAllLeave(t, client)
		srv.FailNext(1, http.StatusBadGateway)
		srv.ResetLog()
		_, err := client.LeaveRequests.Create(ctx, leaveParams(comment))
		apiErr := assertAPIError(t, err, http.StatusBadGateway, tribehr.CodeUnknown, tribehr.ErrBadGateway)
		assert.Equal(t, 1, apiErr.Attempts)
		assert.Equal(t, []string{"POST /leave_requests.json 502"}, collect(srv.Requests(), ifltStatus))
		after := ifltAllLeave(t, client)
		assert.Len(t, after, len(before))
		assert.Zero(t, count(after, ifltComment(comment)))
	})
}

func TestIntegrationFaultsLatencyDeadline(t *testing.T) {
	srv, client := newFake(t)
	srv.SetLatency(200 * time.Millisecond)

	ctx, cancel := context.WithTimeout(testCtx(t), 50*time.Millisecond)
	defer cancel()
	_, err := client.Users.Me(ctx)
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	var apiErr *tribehr.APIError
	assert.False(t, errors.As(err, &apiErr), "no response arrived")

	// With time enough, the same call succeeds through the latency.
	me, err := client.Users.Me(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.AdminUsername, me.Username.Value())
}

func TestIntegrationFaultsClientRateLimitConcurrent(t *testing.T) {
	const workers = 20

	// A generous limit: every call of many goroutines gets through, once.
	t.Run("all pass", func(t *testing.T) {
		srv, _ := newFake(t)
		client := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithRateLimit(rate.Limit(200), 5))
		ctx := testCtx(t)

		ids := []tribehr.ID{1, 2, 3, 5, 6, 7, 16, 17, 20, 23}
		var wg sync.WaitGroup
		got := make([]tribehr.ID, workers)
		errs := make([]error, workers)
		for i := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u, err := client.Users.Get(ctx, ids[i%len(ids)])
				errs[i] = err
				if err == nil {
					got[i] = u.ID.Value()
				}
			}()
		}
		wg.Wait()
		for i := range workers {
			require.NoError(t, errs[i], "worker %d", i)
			assert.Equal(t, ids[i%len(ids)], got[i], "worker %d", i)
		}
		reqs := srv.Requests()
		assert.Len(t, reqs, workers, "one request each, none retried")
		for _, r := range reqs {
			assert.Equal(t, http.StatusOK, r.Status, "%s %s", r.Method, r.Path)
		}
	})

	// A burst of 5 and then one token an hour: the limiter hands out the
	// 5 tokens, and refuses the other callers at once, since their wait
	// would outlast the context's deadline. No timing is involved.
	t.Run("burst spent", func(t *testing.T) {
		srv, _ := newFake(t)
		client := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithRateLimit(rate.Every(time.Hour), 5))
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()

		var wg sync.WaitGroup
		errs := make([]error, workers)
		for i := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = client.Users.Get(ctx, 7)
			}()
		}
		wg.Wait()
		refused := fmt.Sprintf("tribehr: GET /users/7.json: not sent: Get %q: tribehr: client rate limit: rate: Wait(n=1) would exceed context deadline",
			srv.URL+"/users/7.json")
		passed := 0
		for i, err := range errs {
			if err == nil {
				passed++
				continue
			}
			assert.EqualError(t, err, refused, "worker %d", i)
			assert.ErrorIs(t, err, tribehr.ErrClientRateLimit, "worker %d", i)
			var apiErr *tribehr.APIError
			assert.False(t, errors.As(err, &apiErr), "worker %d: refused by the client, not the server", i)
			assert.False(t, errors.Is(err, context.DeadlineExceeded), "worker %d: refused before the deadline", i)
		}
		assert.Equal(t, 5, passed, "the burst")
		require.NoError(t, ctx.Err(), "the deadline has not passed")
		assert.Equal(t, slices.Repeat([]string{"GET /users/7.json 200"}, 5), collect(srv.Requests(), ifltStatus),
			"only the burst reached the server")
	})
}

func TestIntegrationFaultsConcurrentCreates(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)
	leaveBefore := len(ifltAllLeave(t, client))
	srv.ResetLog()

	const workers = 10
	var wg sync.WaitGroup
	kudosIDs := make([]tribehr.ID, workers)
	leaveIDs := make([]tribehr.ID, workers)
	errs := make([]error, 2*workers)
	for i := range workers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			k, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{
				Recipients: tribehr.IDs{2}, Text: fmt.Sprintf("concurrent kudos %d", i),
			}, nil)
			errs[i] = err
			if err == nil {
				kudosIDs[i] = k.ID.Value()
			}
		}()
		go func() {
			defer wg.Done()
			l, err := client.LeaveRequests.Create(ctx, leaveParams(fmt.Sprintf("concurrent leave %d", i)))
			errs[workers+i] = err
			if err == nil {
				leaveIDs[i] = l.ID.Value()
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "worker %d", i)
	}

	for _, ids := range [][]tribehr.ID{kudosIDs, leaveIDs} {
		seen := map[tribehr.ID]bool{}
		for _, id := range ids {
			assert.Positive(t, int64(id))
			assert.False(t, seen[id], "id %d given twice", id)
			seen[id] = true
		}
	}

	// Only the creates were sent, each once and each accepted.
	reqs := srv.Requests()
	assert.Len(t, reqs, 2*workers)
	for _, want := range []string{"POST /kudos.json 200", "POST /leave_requests.json 200"} {
		assert.Equal(t, workers, count(reqs, func(r tribehrtest.Request) bool { return ifltStatus(r) == want }), want)
	}

	// Each one readable, and listed once.
	list := ifltKudos(t, client)
	for i := range workers {
		k, err := client.Kudos.Get(ctx, kudosIDs[i], nil)
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("concurrent kudos %d", i), k.Text.Value())
		assert.Equal(t, 1, count(list, ifltText(fmt.Sprintf("concurrent kudos %d", i))))
	}
	leave := ifltAllLeave(t, client)
	assert.Len(t, leave, leaveBefore+workers)
	for i := range workers {
		assert.Equal(t, 1, count(leave, ifltComment(fmt.Sprintf("concurrent leave %d", i))))
		l, err := client.LeaveRequests.Get(ctx, leaveIDs[i])
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("concurrent leave %d", i), l.Comments.Value())
		assert.True(t, strings.HasPrefix(l.URL.Value(), "/leave_requests/"))
	}
}
