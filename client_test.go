package tribehr

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
	"gopkg.in/h2non/gock.v1"
)

func TestNewClientValidatesInput(t *testing.T) {
	tests := []struct {
		name      string
		subdomain string
		opts      []Option
		wantErr   string
		wantBase  string
	}{
		{name: "subdomain", subdomain: "mycompany", opts: []Option{WithBasicAuth("a", "b")}, wantBase: "https://mycompany.mytribehr.com/"},
		{name: "subdomain upper case folds", subdomain: "MyCompany", wantBase: "https://mycompany.mytribehr.com/"},
		{name: "hyphen inside", subdomain: "my-company", wantBase: "https://my-company.mytribehr.com/"},
		{name: "empty subdomain", subdomain: "", wantErr: "subdomain is empty"},
		{name: "dots", subdomain: "evil.com/x", wantErr: "not a DNS label"},
		{name: "leading hyphen", subdomain: "-abc", wantErr: "not a DNS label"},
		{name: "trailing hyphen", subdomain: "abc-", wantErr: "not a DNS label"},
		{name: "too long", subdomain: strings.Repeat("a", 64), wantErr: "not a DNS label"},
		{name: "63 is fine", subdomain: strings.Repeat("a", 63), wantBase: "https://" + strings.Repeat("a", 63) + ".mytribehr.com/"},
		{name: "identifier with colon", subdomain: "acme", opts: []Option{WithBasicAuth("a:b", "c")}, wantErr: "contains ':'"},
		{name: "empty identifier", subdomain: "acme", opts: []Option{WithBasicAuth("", "c")}, wantErr: "identifier is empty"},
		{name: "empty secret", subdomain: "acme", opts: []Option{WithBasicAuth("a", "")}, wantErr: "secret is empty"},
		{name: "empty bearer", subdomain: "acme", opts: []Option{WithBearerToken("")}, wantErr: "bearer token is empty"},
		{name: "base url https", opts: []Option{WithBaseURL("https://proxy.example.com/tribehr")}, wantBase: "https://proxy.example.com/tribehr/"},
		{name: "base url http loopback", opts: []Option{WithBaseURL("http://127.0.0.1:8080")}, wantBase: "http://127.0.0.1:8080/"},
		{name: "base url http localhost", opts: []Option{WithBaseURL("http://localhost:8080/")}, wantBase: "http://localhost:8080/"},
		{name: "base url http ipv6 loopback", opts: []Option{WithBaseURL("http://[::1]:8080/")}, wantBase: "http://[::1]:8080/"},
		{name: "base url plain http refused", opts: []Option{WithBaseURL("http://proxy.example.com/")}, wantErr: "plain http"},
		{name: "base url with credentials refused", opts: []Option{WithBaseURL("https://u:p@proxy.example.com/")}, wantErr: "must not hold credentials"},
		{name: "base url ftp refused", opts: []Option{WithBaseURL("ftp://proxy.example.com/")}, wantErr: "scheme must be https"},
		{name: "base url no host", opts: []Option{WithBaseURL("https:///x")}, wantErr: "has no host"},
		{name: "api version", subdomain: "acme", opts: []Option{WithAPIVersion("2.0.0")}, wantBase: "https://acme.mytribehr.com/"},
		{name: "api version v1 refused", subdomain: "acme", opts: []Option{WithAPIVersion("1.0.0")}, wantErr: "not a 2.x.y version"},
		{name: "api version garbage refused", subdomain: "acme", opts: []Option{WithAPIVersion("2.0")}, wantErr: "not a 2.x.y version"},
		{name: "nil http client", subdomain: "acme", opts: []Option{WithHTTPClient(nil)}, wantErr: "http client is nil"},
		{name: "bad rate limit", subdomain: "acme", opts: []Option{WithRateLimit(0, 1)}, wantErr: "positive rate"},
		{name: "negative retry", subdomain: "acme", opts: []Option{WithRetryPolicy(RetryPolicy{MaxAttempts: -1})}, wantErr: "negative"},
		{name: "source with newline", subdomain: "acme", opts: []Option{WithSource("a\nb")}, wantErr: "line break"},
		{name: "every problem reported", subdomain: "acme", opts: []Option{WithBasicAuth("a:b", "c"), WithAPIVersion("x")}, wantErr: "contains ':'\ntribehr: api version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.subdomain, tt.opts...)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Nil(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantBase, c.BaseURL().String())
			assert.NotNil(t, c.Users)
			assert.NotNil(t, c.LeaveRequests)
			assert.NotNil(t, c.Events)
			assert.NotNil(t, c.Kudos)
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	defer gock.Off()
	hc := &http.Client{}
	gock.InterceptClient(hc)
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testUser+":"+testSecret))

	gock.New("https://acme.mytribehr.com").
		Get("/users.json").
		MatchHeader("Authorization", "^"+wantAuth+"$").
		MatchHeader("X-API-Version", `^2\.2\.0$`).
		MatchHeader("Accept", "^application/json$").
		MatchHeader("User-Agent", `^tribehr-go/`+Version+` payroll-sync/1\.2$`).
		MatchHeader("X-Source", "^Awesome Kudos-Posting App$").
		Reply(200).JSON([]any{})
	gock.New("https://acme.mytribehr.com").
		Post("/leave_requests.json").
		MatchHeader("Content-Type", "^application/x-www-form-urlencoded$").
		MatchHeader("Authorization", "^"+wantAuth+"$").
		MatchHeader("X-API-Version", `^2\.2\.0$`).
		Reply(200).JSON(map[string]any{"id": 34})

	c, err := NewClient("acme", WithBasicAuth(testUser, testSecret), WithHTTPClient(hc),
		WithSource("Awesome Kudos-Posting App"), WithUserAgent("payroll-sync/1.2"))
	require.NoError(t, err)

	ctx := context.Background()
	req, err := c.NewRequest(ctx, http.MethodGet, "/users.json", nil)
	require.NoError(t, err)
	assert.Empty(t, req.Header.Get("Content-Type"), "a request without a body has no Content-Type")
	var users []map[string]any
	_, err = c.Do(req, &users)
	require.NoError(t, err)

	req, err = c.NewRequest(ctx, http.MethodPost, "leave_requests.json", url.Values{"comments": {"x"}})
	require.NoError(t, err)
	var out map[string]any
	_, err = c.Do(req, &out)
	require.NoError(t, err)
	assert.EqualValues(t, 34, out["id"])
	assert.True(t, gock.IsDone())
}

func TestBearerTokenAndAPIVersion(t *testing.T) {
	defer gock.Off()
	hc := &http.Client{}
	gock.InterceptClient(hc)
	gock.New("https://acme.mytribehr.com").Get("/events/upcoming.json").
		MatchHeader("Authorization", "^Bearer tok-123$").
		MatchHeader("X-API-Version", `^2\.0\.0$`).
		Reply(200).JSON([]any{})
	c, err := NewClient("acme", WithBearerToken("tok-123"), WithAPIVersion("2.0.0"), WithHTTPClient(hc))
	require.NoError(t, err)
	require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodGet, "events/upcoming.json", nil, nil, nil))
	assert.True(t, gock.IsDone())
}

func TestNewRequestPaths(t *testing.T) {
	c, err := NewClient("", WithBaseURL("https://proxy.example.com/tribehr/"))
	require.NoError(t, err)
	for _, p := range []string{"users/7.json", "/users/7.json"} {
		req, err := c.NewRequest(context.Background(), http.MethodGet, p, nil)
		require.NoError(t, err)
		assert.Equal(t, "https://proxy.example.com/tribehr/users/7.json", req.URL.String())
	}
	_, err = c.NewRequest(context.Background(), http.MethodGet, "https://evil.example.com/users.json", nil)
	assert.ErrorContains(t, err, "must be relative")
	req, err := c.NewRequest(context.Background(), http.MethodGet, "//evil.example.com/users.json", nil)
	require.NoError(t, err)
	assert.Equal(t, "proxy.example.com", req.URL.Host, "a path never changes the host")

	p, err := addQuery("users/me.json?requireApiKey=true", url.Values{"formattedTextAs": {"html"}})
	require.NoError(t, err)
	assert.Equal(t, "users/me.json?requireApiKey=true&formattedTextAs=html", p)
	p, err = addQuery("kudos.json", struct {
		Format string `url:"formattedTextAs,omitempty"`
	}{})
	require.NoError(t, err)
	assert.Equal(t, "kudos.json", p)
}

func TestClientNeverPrintsSecrets(t *testing.T) {
	for _, opt := range []Option{WithBasicAuth(testUser, testSecret), WithBearerToken(testSecret)} {
		c, err := NewClient("acme", opt)
		require.NoError(t, err)
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, c)
			assert.NotContains(t, out, testSecret, verb)
			assert.NotContains(t, out, base64.StdEncoding.EncodeToString([]byte(testUser+":"+testSecret)), verb)
		}
		assert.NotContains(t, fmt.Sprintf("%+v", *c), testSecret, "a copied Client value")
	}
}

func TestCaptureResponse(t *testing.T) {
	_, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-RateLimit-Limit", "100")
		h.Set("X-RateLimit-Remaining", "42")
		h.Set("X-RateLimit-Reset", "1900000000")
		h.Set("ETag", `"v1"`)
		h.Set("Location", "/events/254.json")
		h.Set("Link", `</events.json?pageNumber=2&pageSize=20>; rel="next", </events.json?pageNumber=1&pageSize=20>; rel="self"`)
		h.Set("X-Paging-PageNumber", "1")
		h.Set("X-Paging-PageSize", "20")
		h.Set("X-Paging-TotalPages", "5")
		h.Set("X-Paging-TotalRecords", "96")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"id":254}`))
	})
	c := newTestClient(t, srv.URL)
	var meta Response
	var out struct{ ID ID }
	err := c.call(context.Background(), newCallConfig([]CallOption{CaptureResponse(&meta)}), http.MethodPost, "events.json", nil, url.Values{"name": {"x"}}, &out)
	require.NoError(t, err)
	assert.Equal(t, ID(254), out.ID)
	assert.Equal(t, http.StatusCreated, meta.StatusCode)
	assert.Equal(t, RateLimit{Limit: 100, Remaining: 42, Reset: meta.Rate.Reset}, meta.Rate)
	assert.Equal(t, int64(1900000000), meta.Rate.Reset.Unix())
	assert.Equal(t, `"v1"`, meta.ETag)
	assert.Equal(t, "/events/254.json", meta.Location)
	assert.Equal(t, Paging{Next: "/events.json?pageNumber=2&pageSize=20", Self: "/events.json?pageNumber=1&pageSize=20",
		PageNumber: 1, PageSize: 20, TotalPages: 5, TotalRecords: 96}, meta.Paging)
	assert.True(t, meta.Paging.HasNext())
	assert.Equal(t, 1, meta.Attempts)
	assert.Equal(t, http.MethodPost, meta.Method, "it says which call it describes")
	assert.Equal(t, "/events.json", meta.Path)
}

func TestRedirects(t *testing.T) {
	var sawAuth []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawAuth = append(sawAuth, r.Header.Get("Authorization"))
		w.Write([]byte(`[]`))
	}))
	defer other.Close()

	t.Run("another host gets no credentials: it is not followed at all", func(t *testing.T) {
		sawAuth = nil
		// 127.0.0.1 and localhost are different hosts to the redirect policy.
		target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1) + "/users.json"
		rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target+"?signature=s3cr3t", http.StatusFound)
		})
		c := newTestClient(t, srv.URL)
		err := c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
		var redirErr *RedirectError
		require.ErrorAs(t, err, &redirErr)
		assert.Equal(t, http.StatusFound, redirErr.StatusCode)
		assert.Equal(t, target, redirErr.Target, "the target, without its query")
		assert.Equal(t, "another host", redirErr.Reason)
		assert.ErrorIs(t, err, errOtherHostRedirect)
		assert.ErrorIs(t, err, ErrNotSent)
		assert.Contains(t, err.Error(), "refusing a 302 redirect to "+target)
		assert.NotContains(t, err.Error(), "s3cr3t")
		assert.Empty(t, sawAuth, "the other host is never reached, so it gets no credentials")
		assert.Equal(t, 1, rec.count(), "a refused redirect is not retried")
	})
	t.Run("same host keeps credentials", func(t *testing.T) {
		sawAuth = nil
		_, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/old.json" {
				http.Redirect(w, r, "/users.json", http.StatusMovedPermanently)
				return
			}
			sawAuth = append(sawAuth, r.Header.Get("Authorization"))
			w.Write([]byte(`[]`))
		})
		c := newTestClient(t, srv.URL)
		require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodGet, "old.json", nil, nil, nil))
		require.Len(t, sawAuth, 1)
		assert.NotEmpty(t, sawAuth[0])
	})
	t.Run("https to http is refused", func(t *testing.T) {
		sawAuth = nil
		tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/users.json", http.StatusFound)
		}))
		defer tlsSrv.Close()
		c, err := NewClient("", WithBaseURL(tlsSrv.URL), WithBasicAuth(testUser, testSecret), WithHTTPClient(tlsSrv.Client()))
		require.NoError(t, err)
		err = c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
		require.ErrorIs(t, err, errInsecureRedirect)
		assert.Empty(t, sawAuth, "the plain http server must not be reached")
		assert.NotContains(t, err.Error(), testSecret)
	})
}

func TestCallerHTTPClientIsNotModified(t *testing.T) {
	hc := &http.Client{}
	_, err := NewClient("acme", WithHTTPClient(hc), WithRateLimit(10, 1))
	require.NoError(t, err)
	assert.Nil(t, hc.CheckRedirect)
	assert.Nil(t, hc.Transport)
}

func TestRateLimitIsSharedAndHonoursContext(t *testing.T) {
	rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) { w.Write([]byte(`[]`)) })
	// One token, refilled once an hour: the second call must wait, and its
	// context ends first.
	c := newTestClient(t, srv.URL, WithRateLimit(rate.Limit(1.0/3600), 1))
	require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, nil))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.call(ctx, callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, rec.count(), "the limited request was not sent")

	// A deadline the wait would outlast: refused at once, before sending,
	// as the client's own limit, not as the deadline.
	ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = c.call(ctx, callConfig{}, http.MethodGet, "users.json", nil, nil, nil)
	assert.ErrorIs(t, err, ErrClientRateLimit)
	assert.NotErrorIs(t, err, context.DeadlineExceeded)
	assert.NoError(t, ctx.Err(), "refused without waiting for the deadline")
	assert.Equal(t, 1, rec.count(), "the limited request was not sent")
}

func TestDebugLogHasNoSecrets(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`[]`))
	})
	c := newTestClient(t, srv.URL, WithLogger(logger))
	require.NoError(t, c.call(context.Background(), callConfig{}, http.MethodGet, "users/me.json?requireApiKey=true", nil, nil, nil))
	out := buf.String()
	assert.Contains(t, out, "tribehr retrying")
	assert.Contains(t, out, "status=503")
	assert.NotContains(t, out, testSecret)
	assert.NotContains(t, out, base64.StdEncoding.EncodeToString([]byte(testUser+":"+testSecret)))
}

func TestDecodeErrorIsReported(t *testing.T) {
	_, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) { w.Write([]byte(`<html>login</html>`)) })
	c := newTestClient(t, srv.URL)
	var v []any
	err := c.call(context.Background(), callConfig{}, http.MethodGet, "users.json", nil, nil, &v)
	assert.ErrorContains(t, err, "GET /users.json: outcome unknown: decode response: ")
	assert.ErrorIs(t, err, ErrOutcomeUnknown, "an unreadable success: the server may have acted")
}
