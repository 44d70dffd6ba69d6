package tribehr_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"golang.org/x/time/rate"
	"gopkg.in/h2non/gock.v1"
)

// Users mock the SDK with gock in whatever order gock's README teaches:
// these tests are written as a user's tests are, in the external package.
// None runs in parallel: gock's interception is global.

const gockAccount = "https://mycompany.mytribehr.com"

// gockMe mocks GET /users/me.json on the account.
func gockMe() {
	gock.New(gockAccount).
		Get("/users/me.json").
		MatchHeader("X-API-Version", `^2\.2\.0$`).
		BasicAuth("alice", "test-key").
		Reply(200).
		JSON(map[string]any{"id": 7, "username": "alice"})
}

// noRetry makes an unmatched request fail at once.
var noRetry = tribehr.WithRetryPolicy(tribehr.RetryPolicy{MaxAttempts: 1})

func newGockClient(t *testing.T, opts ...tribehr.Option) *tribehr.Client {
	t.Helper()
	c, err := tribehr.NewClient("mycompany", append([]tribehr.Option{tribehr.WithBasicAuth("alice", "test-key"), noRetry}, opts...)...)
	require.NoError(t, err)
	return c
}

func assertMe(t *testing.T, c *tribehr.Client) {
	t.Helper()
	me, err := c.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "alice", me.Username.Value())
	assert.True(t, gock.IsDone(), "the mock was used")
}

func TestGockMocksFirstThenClient(t *testing.T) {
	defer gock.Off()
	gockMe() // gock's README: declare the mocks first
	assertMe(t, newGockClient(t))
}

func TestGockClientFirstThenMocks(t *testing.T) {
	defer gock.Off()
	c := newGockClient(t)
	gockMe()
	assertMe(t, c)
}

func TestGockWithRateLimitedClient(t *testing.T) {
	defer gock.Off()
	c := newGockClient(t, tribehr.WithRateLimit(rate.Limit(100), 10))
	gockMe()
	assertMe(t, c)
}

func TestGockInterceptClient(t *testing.T) {
	t.Run("after NewClient", func(t *testing.T) {
		defer gock.Off()
		hc := &http.Client{Transport: &http.Transport{}}
		c := newGockClient(t, tribehr.WithHTTPClient(hc))
		gock.InterceptClient(hc)
		defer gock.RestoreClient(hc)
		gockMe()
		assertMe(t, c)
	})
	t.Run("before NewClient", func(t *testing.T) {
		defer gock.Off()
		hc := &http.Client{Transport: &http.Transport{}}
		gock.InterceptClient(hc)
		defer gock.RestoreClient(hc)
		gockMe()
		assertMe(t, newGockClient(t, tribehr.WithHTTPClient(hc)))
	})
	t.Run("a client without a transport, with gock.New only", func(t *testing.T) {
		defer gock.Off()
		c := newGockClient(t, tribehr.WithHTTPClient(&http.Client{}))
		gockMe()
		assertMe(t, c)
	})
}

// TestGockUnmatchedFailsLoudly: with gock on, a request no mock matches
// fails with gock's error and never reaches the network; after gock.Off
// the same Client reaches the network again.
func TestGockUnmatchedFailsLoudly(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"id": 7, "username": "alice"}`))
	}))
	defer srv.Close()
	c := newGockClient(t, tribehr.WithBaseURL(srv.URL))

	gock.New("https://elsewhere.example.com").Get("/x").Reply(200)
	_, err := c.Users.Me(context.Background())
	require.ErrorIs(t, err, gock.ErrCannotMatch)
	assert.Contains(t, err.Error(), "GET /users/me.json")
	assert.Zero(t, hits.Load(), "an unmatched request is not sent")
	assert.True(t, gock.HasUnmatchedRequest())
	gock.OffAll()

	me, err := c.Users.Me(context.Background())
	require.NoError(t, err, "gock is off: the network again")
	assert.Equal(t, "alice", me.Username.Value())
	assert.EqualValues(t, 1, hits.Load())
}

// TestGockRestoreClient: after gock.RestoreClient(hc) the Client sends
// through hc's own transport again.
func TestGockRestoreClient(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	defer gock.Off()
	hc := &http.Client{Transport: &http.Transport{}}
	c := newGockClient(t, tribehr.WithBaseURL(srv.URL), tribehr.WithHTTPClient(hc))
	gock.InterceptClient(hc)
	gock.New(srv.URL).Get("/users.json").Reply(200).JSON([]any{map[string]any{"id": 1}})
	users, err := c.Users.List(context.Background())
	require.NoError(t, err)
	assert.Len(t, users, 1, "mocked")
	assert.Zero(t, hits.Load())

	gock.RestoreClient(hc)
	users, err = c.Users.List(context.Background())
	require.NoError(t, err)
	assert.Empty(t, users, "the server's answer")
	assert.EqualValues(t, 1, hits.Load())
}
