package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// The integration tests drive the SDK against the fake of package
// tribehrtest over real loopback HTTPS: the two are independent
// implementations of the API documents and check each other.

// quickRetry retries like the default policy but waits milliseconds, so
// fault tests stay fast. A server wait (Retry-After) of up to 3 s is waited
// through; a longer one is returned at once. The clients of newFake and
// clientAs wait on a test clock (instantClock), so no wait takes real time.
func quickRetry() tribehr.RetryPolicy {
	return tribehr.RetryPolicy{
		MaxAttempts:   4,
		MinWait:       time.Millisecond,
		MaxWait:       5 * time.Millisecond,
		MaxServerWait: 3 * time.Second,
		MaxTotalWait:  10 * time.Second,
	}
}

// newFake starts a demo-company fake for t and returns it with a client
// logged in as its administrator, using quickRetry.
func newFake(t *testing.T, opts ...tribehrtest.Option) (*tribehrtest.Server, *tribehr.Client) {
	t.Helper()
	srv := tribehrtest.NewServer(t, opts...)
	return srv, clientAs(t, srv, tribehrtest.AdminUsername)
}

// clientAs returns a client for srv logged in as username, using quickRetry
// and an instantClock. opts come last, so they may override the
// credentials, the policy or the clock.
func clientAs(t *testing.T, srv *tribehrtest.Server, username string, opts ...tribehr.Option) *tribehr.Client {
	t.Helper()
	return srv.ClientAs(t, username, append([]tribehr.Option{tribehr.WithRetryPolicy(quickRetry()), instantClock()}, opts...)...)
}

// instantClock makes a client's waits (backoff, Retry-After, its own rate
// limit) return at once, on a test clock of its own.
func instantClock() tribehr.Option {
	return tribehr.WithTestClock(tribehr.NewTestClock(time.Now(), true))
}

// testCtx returns a context that ends with the test, bounded so a hung
// server fails the test instead of the whole run.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// apiError asserts err is an *APIError and returns it.
func apiError(t *testing.T, err error) *tribehr.APIError {
	t.Helper()
	require.Error(t, err)
	var apiErr *tribehr.APIError
	require.ErrorAs(t, err, &apiErr, "%v", err)
	return apiErr
}

// assertAPIError asserts err is an *APIError with the given status and code
// ("" for none) that matches code and the status sentinel with errors.Is,
// and returns it. msgAndArgs label the assertions, as in testify.
func assertAPIError(t *testing.T, err error, status int, code tribehr.ErrorCode, sentinel error, msgAndArgs ...any) *tribehr.APIError {
	t.Helper()
	apiErr := apiError(t, err)
	assert.Equal(t, status, apiErr.StatusCode, msgAndArgs...)
	assert.Equal(t, code, apiErr.Code, msgAndArgs...)
	if code != "" {
		assert.ErrorIs(t, err, code, msgAndArgs...)
	}
	assert.ErrorIs(t, err, sentinel, msgAndArgs...)
	return apiErr
}

// validationFields asserts err is a client-side *ValidationError, not an
// API error, and returns the fields of its problems, in order.
func validationFields(t *testing.T, err error) []string {
	t.Helper()
	var verr *tribehr.ValidationError
	require.ErrorAs(t, err, &verr)
	var apiErr *tribehr.APIError
	require.False(t, errors.As(err, &apiErr), "a client-side problem is not an API error")
	return collect(verr.Problems, func(p tribehr.FieldError) string { return p.Field })
}

// assertNoSecret asserts that no rendering of vals (%v, %+v, %#v and, for
// an error, Error()) contains secret.
func assertNoSecret(t *testing.T, secret string, vals ...any) {
	t.Helper()
	for i, v := range vals {
		forms := []string{fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v)}
		if err, ok := v.(error); ok {
			forms = append(forms, err.Error())
		}
		for _, s := range forms {
			assert.NotContains(t, s, secret, "value %d (%T)", i, v)
		}
	}
}

// lastRequest returns the last request the fake logged.
func lastRequest(t *testing.T, srv *tribehrtest.Server) tribehrtest.Request {
	t.Helper()
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1]
}

// collect returns f of each item, in order.
func collect[T, V any](items []T, f func(T) V) []V {
	out := make([]V, 0, len(items))
	for _, item := range items {
		out = append(out, f(item))
	}
	return out
}

// count returns how many items satisfy pred.
func count[T any](items []T, pred func(T) bool) int {
	n := 0
	for _, item := range items {
		if pred(item) {
			n++
		}
	}
	return n
}

// must returns the value f holds; it fails the test when f is absent, null
// or unparsed.
func must[T any](t *testing.T, f tribehr.Field[T]) T {
	t.Helper()
	v, ok := f.Get()
	require.True(t, ok, "%T field holds no value: %s", v, f)
	return v
}

// mustObject is must for an embedded object.
func mustObject[T any](t *testing.T, o tribehr.Object[T]) T {
	t.Helper()
	v, ok := o.Get()
	require.True(t, ok, "%T object holds no value: %s", v, o)
	return v
}

// The ids of items, for collect.
func userID(u tribehr.User) tribehr.ID          { return u.ID.Value() }
func leaveID(l tribehr.LeaveRequest) tribehr.ID { return l.ID.Value() }
func kudosID(k tribehr.Kudos) tribehr.ID        { return k.ID.Value() }
func valueID(v tribehr.Value) tribehr.ID        { return v.ID.Value() }
func locationID(l tribehr.Location) tribehr.ID  { return l.ID.Value() }

// tinyGIF is a valid 1×1 GIF, small enough for a kudos picture; it is also
// the picture the fake seeds for kudos 83.
var tinyGIF = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// leaveParams returns the parameters of a two-day leave request for the
// caller, told apart by its comment.
func leaveParams(comment string) *tribehr.LeaveRequestCreate {
	return &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2031, time.March, 3),
		DateEnd:   tribehr.NewDate(2031, time.March, 4),
		Days:      tribehr.Int(2),
		LeaveType: 1,
		Comments:  tribehr.String(comment),
	}
}

// createLeave files a leave request with client and returns it; it fails
// the test when the request is refused.
func createLeave(t *testing.T, client *tribehr.Client, params *tribehr.LeaveRequestCreate) *tribehr.LeaveRequest {
	t.Helper()
	l, err := client.LeaveRequests.Create(testCtx(t), params)
	require.NoError(t, err)
	return l
}

// listLeave lists the leave requests client sees with opts.
func listLeave(t *testing.T, client *tribehr.Client, opts *tribehr.LeaveRequestListOptions) []tribehr.LeaveRequest {
	t.Helper()
	list, err := client.LeaveRequests.List(testCtx(t), opts)
	require.NoError(t, err)
	return list
}

// decimalOf returns n as the exact decimal a leave request's days and
// hours read as.
func decimalOf(n int) tribehr.Decimal { return tribehr.MustDecimal(strconv.Itoa(n)) }
