package tribehr_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// The integration tests drive the SDK against the fake of package
// tribehrtest over real loopback HTTPS: the two are independent
// implementations of the API documents and check each other.

// quickRetry retries like the default policy but waits milliseconds, so
// fault tests stay fast. A server wait (Retry-After) of up to 3 s is slept
// through; a longer one is returned at once.
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
	return srv, srv.Client(t, tribehr.WithRetryPolicy(quickRetry()))
}

// clientAs returns a client for srv logged in as username, using quickRetry.
func clientAs(t *testing.T, srv *tribehrtest.Server, username string, opts ...tribehr.Option) *tribehr.Client {
	t.Helper()
	return srv.ClientAs(t, username, append([]tribehr.Option{tribehr.WithRetryPolicy(quickRetry())}, opts...)...)
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

// validationProblems asserts err is a client-side *ValidationError, not an
// API error, and returns its problems.
func validationProblems(t *testing.T, err error) []tribehr.FieldError {
	t.Helper()
	var verr *tribehr.ValidationError
	require.ErrorAs(t, err, &verr)
	var apiErr *tribehr.APIError
	require.False(t, errors.As(err, &apiErr), "a client-side problem is not an API error")
	return verr.Problems
}

// problemFields returns the fields of problems, in order.
func problemFields(problems []tribehr.FieldError) []string {
	fields := make([]string, 0, len(problems))
	for _, p := range problems {
		fields = append(fields, p.Field)
	}
	return fields
}

// validationFields asserts err is a client-side *ValidationError and
// returns the fields of its problems, in order.
func validationFields(t *testing.T, err error) []string {
	t.Helper()
	return problemFields(validationProblems(t, err))
}

// lastRequest returns the last request the fake logged.
func lastRequest(t *testing.T, srv *tribehrtest.Server) tribehrtest.Request {
	t.Helper()
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1]
}
