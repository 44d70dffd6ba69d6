package tribehr_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// The tests of this file check create recovery (WithCreateRecovery)
// against the fake: a create whose answer is lost is found, or sent once
// more when it certainly was not made, and never duplicated.

// irecClient returns a client as username with create recovery on.
func irecClient(t *testing.T, srv *tribehrtest.Server, username string, opts ...tribehr.Option) *tribehr.Client {
	t.Helper()
	return clientAs(t, srv, username, append([]tribehr.Option{tribehr.WithCreateRecovery()}, opts...)...)
}

// irecPaths returns "METHOD path[?query]" of each logged request.
func irecPaths(srv *tribehrtest.Server) []string {
	return collect(srv.Requests(), func(r tribehrtest.Request) string {
		s := r.Method + " " + r.Path
		if len(r.Query) > 0 {
			s += "?" + r.Query.Encode()
		}
		return s
	})
}

func TestIntegrationRecoveryFindsALostLeaveRequest(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	client := irecClient(t, srv, tribehrtest.AdminUsername)
	ctx := testCtx(t)
	const comment = "Lost answer, found again"
	before := len(ifltAllLeave(t, client))

	srv.ResetLog()
	srv.DropNext(1, http.MethodPost, "/leave_requests")
	var meta tribehr.Response
	lr, err := client.LeaveRequests.Create(ctx, leaveParams(comment), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.True(t, meta.Recovered)
	assert.Equal(t, 1, meta.Attempts, "sent once")
	assert.Zero(t, meta.StatusCode, "no answer to the create arrived")
	assert.Equal(t, comment, lr.Comments.Value())
	id := must(t, lr.ID)
	assert.Equal(t, []string{
		"POST /leave_requests.json",
		"GET /users/me.json",
		"GET /leave_requests.json?status=all",
		fmt.Sprintf("GET /leave_requests/%d.json", id),
	}, irecPaths(srv))

	// What the create would have returned: the full leave request.
	got, err := client.LeaveRequests.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, got, lr)
	after := ifltAllLeave(t, client)
	assert.Len(t, after, before+1)
	assert.Equal(t, 1, count(after, ifltComment(comment)))

	// The authenticated user is looked up once per Client.
	srv.ResetLog()
	srv.DropNext(1, http.MethodPost, "/leave_requests")
	_, err = client.LeaveRequests.Create(ctx, leaveParams(comment+", again"), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.True(t, meta.Recovered)
	assert.NotContains(t, irecPaths(srv), "GET /users/me.json")
}

func TestIntegrationRecoverySendsOnceMoreWhatWasCertainlyNotMade(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	client := irecClient(t, srv, tribehrtest.AdminUsername)
	ctx := testCtx(t)
	const comment = "Behind a gateway, then lost"

	// A 502 (not processed by the fake) says the outcome is unknown: the
	// lookup finds nothing, so the create goes once more, and that answer
	// is lost too (processed, then reset): found on the second lookup.
	srv.FailNext(1, http.StatusBadGateway)
	srv.DropNext(1, http.MethodPost, "/leave_requests")
	var meta tribehr.Response
	lr, err := client.LeaveRequests.Create(ctx, leaveParams(comment), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.True(t, meta.Recovered)
	assert.Equal(t, 2, meta.Attempts)
	assert.Equal(t, comment, lr.Comments.Value())
	posts := count(srv.Requests(), func(r tribehrtest.Request) bool { return r.Method == http.MethodPost })
	assert.Equal(t, 2, posts)
	assert.Equal(t, 1, count(ifltAllLeave(t, client), ifltComment(comment)), "made once")

	// Sent once more and answered: not a recovery.
	srv.FailNext(1, http.StatusGatewayTimeout)
	lr, err = client.LeaveRequests.Create(ctx, leaveParams(comment+" (504)"), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.False(t, meta.Recovered)
	assert.Equal(t, 2, meta.Attempts)
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.Equal(t, 1, count(ifltAllLeave(t, client), ifltComment(comment+" (504)")))
	assert.Equal(t, comment+" (504)", lr.Comments.Value())
}

func TestIntegrationRecoveryIgnoresAnOlderTwin(t *testing.T) {
	clock := tribehrtest.NewClock(time.Now().UTC().Truncate(time.Second))
	srv := tribehrtest.NewServer(t, tribehrtest.WithClock(clock.Now))
	client := irecClient(t, srv, tribehrtest.AdminUsername)
	const comment = "The same request, an hour apart"
	older := createLeave(t, client, leaveParams(comment))
	clock.Advance(time.Hour)

	srv.DropNext(1, http.MethodPost, "/leave_requests")
	var meta tribehr.Response
	lr, err := client.LeaveRequests.Create(testCtx(t), leaveParams(comment), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.True(t, meta.Recovered)
	assert.NotEqual(t, must(t, older.ID), must(t, lr.ID), "the one this call made, not the older twin")
	assert.Equal(t, clock.Now().Format(time.RFC3339), must(t, lr.Created).Time().Format(time.RFC3339))
	assert.Equal(t, 2, count(ifltAllLeave(t, client), ifltComment(comment)))
}

func TestIntegrationRecoveryAsAnEmployee(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	emma := irecClient(t, srv, tribehrtest.EmployeeUsername)
	const comment = "Emma's lost request"
	srv.DropNext(1, http.MethodPost, "/leave_requests")
	var meta tribehr.Response
	lr, err := emma.LeaveRequests.Create(testCtx(t), leaveParams(comment), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.True(t, meta.Recovered)
	assert.Equal(t, tribehr.ID(2), lr.User.Value().ID.Value(), "the caller, found through /users/me.json")
	assert.Equal(t, 1, count(ifltAllLeave(t, emma), ifltComment(comment)))
}

func TestIntegrationRecoveryFindsALostKudos(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	client := irecClient(t, srv, tribehrtest.AdminUsername)
	const text = "[b]Lost[/b] and found"
	before := len(ifltKudos(t, client))

	srv.ResetLog()
	srv.DropNext(1, http.MethodPost, "/kudos")
	var meta tribehr.Response
	k, err := client.Kudos.Create(testCtx(t), &tribehr.KudosCreate{
		Recipients: tribehr.IDs{6, 2}, Text: text, Values: tribehr.IDs{11},
		Picture: tribehr.FileFromBytes("found.gif", tinyGIF),
	}, tribehr.FormattedTextAs(tribehr.TextFormatHTML), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.True(t, meta.Recovered)
	assert.Equal(t, "<b>Lost</b> and found", k.Text.Value(), "read back as the create would have answered")
	assert.Equal(t, []tribehr.ID{11}, collect(must(t, k.Values), valueID), "the full kudos")
	assert.True(t, strings.HasPrefix(mustObject(t, k.Picture).URL.Value(), srv.URL+"/attachments/view/"), "image URLs resolved")
	id := must(t, k.ID)
	assert.Equal(t, []string{
		"POST /kudos.json?formattedTextAs=html",
		"GET /users/me.json",
		"GET /kudos.json",
		fmt.Sprintf("GET /kudos/%d.json?formattedTextAs=html", id),
	}, irecPaths(srv))
	after := ifltKudos(t, client)
	assert.Len(t, after, before+1)
	assert.Equal(t, 1, count(after, ifltText(text)))
}

// irecErrorHook calls onError when a request fails without a response, so
// a test can change the fake between a lost answer and the lookup.
type irecErrorHook struct {
	next    http.RoundTripper
	onError func(*http.Request)
}

func (h *irecErrorHook) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := h.next.RoundTrip(req)
	if err != nil {
		h.onError(req)
	}
	return resp, err
}

func TestIntegrationRecoveryCannotTellPastTheFiftyMostRecentKudos(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	other := srv.Client(t)
	hook := &irecErrorHook{next: srv.HTTPClient().Transport, onError: func(*http.Request) {
		// Fifty other kudos are sent before the lookup: the lost one is no
		// longer among the 50 most recent.
		for i := range 50 {
			_, err := other.Kudos.Create(testCtx(t), &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: fmt.Sprintf("other %d", i)})
			require.NoError(t, err)
		}
	}}
	client := irecClient(t, srv, tribehrtest.AdminUsername, tribehr.WithHTTPClient(&http.Client{Transport: hook}))
	srv.DropNext(1, http.MethodPost, "/kudos")
	const text = "Pushed out of the list"
	_, err := client.Kudos.Create(testCtx(t), &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: text})
	reqErr := ioutRequestError(t, err, tribehr.OutcomeUnknown)
	require.Error(t, reqErr.Recovery)
	assert.Contains(t, reqErr.Recovery.Error(), "more than 50 kudos were created since the call began")
	assert.Contains(t, err.Error(), "; create recovery: could not tell whether it was made: more than 50 kudos")
	posts := count(srv.Requests(), func(r tribehrtest.Request) bool {
		return r.Method == http.MethodPost && r.Form.Get("text") == text
	})
	assert.Equal(t, 1, posts, "not sent again, since recovery could not tell")
}

func TestIntegrationRecoveryFindsALostEvent(t *testing.T) {
	clock := tribehrtest.NewClock(time.Date(2031, time.March, 1, 12, 0, 0, 0, time.UTC))
	srv := tribehrtest.NewServer(t, tribehrtest.WithClock(clock.Now))
	client := irecClient(t, srv, tribehrtest.AdminUsername)
	ctx := testCtx(t)
	event := func(name string, start time.Time, holiday bool) *tribehr.EventCreate {
		return &tribehr.EventCreate{
			Name: name, StartDate: tribehr.NewDateTime(start), EndDate: tribehr.NewDateTime(start.Add(2 * time.Hour)),
			IsOfficialHoliday: tribehr.Bool(holiday), EventType: tribehr.Ptr(tribehr.ID(1)),
		}
	}
	count := func(name string) int {
		n := 0
		for _, r := range srv.Requests() {
			if r.Method == http.MethodPost && r.Form.Get("name") == name {
				n++
			}
		}
		return n
	}

	t.Run("upcoming", func(t *testing.T) {
		srv.DropNext(1, http.MethodPost, "/events")
		var meta tribehr.Response
		e, err := client.Events.Create(ctx, event("Lost launch party", clock.Now().Add(10*24*time.Hour), false), tribehr.CaptureResponse(&meta))
		require.NoError(t, err)
		assert.True(t, meta.Recovered)
		assert.Equal(t, "Lost launch party", e.Name.Value())
		assert.True(t, e.IsOfficialHoliday.Present(), "the full event")
		assert.Equal(t, 1, count("Lost launch party"))
	})
	t.Run("holiday", func(t *testing.T) {
		srv.DropNext(1, http.MethodPost, "/events")
		var meta tribehr.Response
		e, err := client.Events.Create(ctx, event("Lost holiday", clock.Now().Add(-30*24*time.Hour), true), tribehr.CaptureResponse(&meta))
		require.NoError(t, err, "holidays are listed past or future")
		assert.True(t, meta.Recovered)
		assert.True(t, e.IsOfficialHoliday.Value())
		assert.Contains(t, srv.Requests()[len(srv.Requests())-2].Path, "/events/holidays.json")
	})
	t.Run("over already: cannot tell", func(t *testing.T) {
		srv.DropNext(1, http.MethodPost, "/events")
		_, err := client.Events.Create(ctx, event("Lost look-back", clock.Now().Add(-10*24*time.Hour), false))
		reqErr := ioutRequestError(t, err, tribehr.OutcomeUnknown)
		require.Error(t, reqErr.Recovery)
		assert.Contains(t, reqErr.Recovery.Error(), "the upcoming events need not list it")
		assert.Equal(t, 1, count("Lost look-back"), "never sent again when recovery cannot tell")
	})
}

func TestIntegrationRecoveryWithRetriesOff(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	client := irecClient(t, srv, tribehrtest.AdminUsername, tribehr.WithRetryPolicy(tribehr.RetryPolicy{MaxAttempts: 1}))
	ctx := testCtx(t)

	// Looking is not sending: a lost answer is still found.
	srv.DropNext(1, http.MethodPost, "/leave_requests")
	var meta tribehr.Response
	_, err := client.LeaveRequests.Create(ctx, leaveParams("found with retries off"), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.True(t, meta.Recovered)

	// Certainly not made, and no second send allowed: not sent, now known.
	srv.FailNext(1, http.StatusBadGateway)
	_, err = client.LeaveRequests.Create(ctx, leaveParams("not made, retries off"))
	reqErr := ioutRequestError(t, err, tribehr.OutcomeNotSent)
	assertAPIError(t, err, http.StatusBadGateway, tribehr.CodeUnknown, tribehr.ErrBadGateway)
	require.Error(t, reqErr.Recovery)
	assert.Contains(t, err.Error(), "; create recovery: certainly not made, and the retry policy allows no more sends than 1")
	assert.Zero(t, count(ifltAllLeave(t, client), ifltComment("not made, retries off")))
}

func TestIntegrationRecoveryPerCall(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	plain := clientAs(t, srv, tribehrtest.AdminUsername)
	recovering := irecClient(t, srv, tribehrtest.AdminUsername)
	ctx := testCtx(t)

	srv.DropNext(1, http.MethodPost, "/leave_requests")
	var meta tribehr.Response
	_, err := plain.LeaveRequests.Create(ctx, leaveParams("on for this call"), tribehr.CreateRecovery(true), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.True(t, meta.Recovered)

	srv.DropNext(1, http.MethodPost, "/leave_requests")
	_, err = recovering.LeaveRequests.Create(ctx, leaveParams("off for this call"), tribehr.CreateRecovery(false), tribehr.CaptureResponse(&meta))
	reqErr := ioutRequestError(t, err, tribehr.OutcomeUnknown)
	assert.Nil(t, reqErr.Recovery, "recovery did not run")
	assert.False(t, meta.Recovered)
	assert.Equal(t, 1, count(ifltAllLeave(t, plain), ifltComment("off for this call")))
}

func TestIntegrationRecoveryLookupFails(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	client := irecClient(t, srv, tribehrtest.AdminUsername)
	// The lookup of the authenticated user is redirected away: refused,
	// so recovery cannot tell, and the create is not sent again.
	srv.RedirectNext(1, http.MethodGet, "/users/me.json", http.StatusFound, "https://elsewhere.example/users/me.json")
	srv.DropNext(1, http.MethodPost, "/leave_requests")
	_, err := client.LeaveRequests.Create(testCtx(t), leaveParams("lookup refused"))
	reqErr := ioutRequestError(t, err, tribehr.OutcomeUnknown)
	require.Error(t, reqErr.Recovery)
	assert.Contains(t, reqErr.Recovery.Error(), "reading the authenticated user")
	var redirErr *tribehr.RedirectError
	assert.False(t, errors.As(err, &redirErr), "the lookup's error is not the create's")
	assert.Equal(t, 1, count(srv.Requests(), func(r tribehrtest.Request) bool { return r.Method == http.MethodPost }))
}
