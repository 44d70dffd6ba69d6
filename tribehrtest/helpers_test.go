package tribehrtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// docBody turns a request body as the API document prints it (wrapped
// after each "&") into the bytes a client sends.
func docBody(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "&\n", "&"), "& ", "&")
}

// reqOpt adjusts a test request.
type reqOpt func(*http.Request)

func as(identifier, secret string) reqOpt {
	return func(r *http.Request) { r.SetBasicAuth(identifier, secret) }
}

func asUser(username string) reqOpt { return as(username, DemoPassword) }

func noAuth() reqOpt { return func(r *http.Request) { r.Header.Del("Authorization") } }

func header(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }

func noHeader(k string) reqOpt { return func(r *http.Request) { r.Header.Del(k) } }

type result struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body, keeping numbers as json.Number so a test can tell
// 7 from "7".
func (r result) json(t *testing.T) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v), "body: %s", r.body)
	return v
}

func (r result) obj(t *testing.T) map[string]any {
	t.Helper()
	m, ok := r.json(t).(map[string]any)
	require.True(t, ok, "body is not an object: %s", r.body)
	return m
}

func (r result) arr(t *testing.T) []any {
	t.Helper()
	a, ok := r.json(t).([]any)
	require.True(t, ok, "body is not an array: %s", r.body)
	return a
}

// apiError checks an error body and returns its messages.
func (r result) apiError(t *testing.T, status int, code string) []string {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.body)
	var e struct {
		Error struct {
			Code     string   `json:"code"`
			Messages []string `json:"messages"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal(r.body, &e), "body: %s", r.body)
	require.Equal(t, code, e.Error.Code, "body: %s", r.body)
	require.NotNil(t, e.Error.Messages)
	return e.Error.Messages
}

// do sends a real HTTP request to srv, as admin with X-API-Version 2.0.0
// and a form Content-Type when there is a body, unless opts say otherwise.
func do(t *testing.T, srv *Server, method, path, body string, opts ...reqOpt) result {
	t.Helper()
	return callCtx(context.Background(), t, srv, method, path, body, opts...)
}

func callCtx(ctx context.Context, t *testing.T, srv *Server, method, path, body string, opts ...reqOpt) result {
	t.Helper()
	res, err := send(ctx, srv, method, path, body, opts...)
	require.NoError(t, err)
	return res
}

func send(ctx context.Context, srv *Server, method, path, body string, opts ...reqOpt) (result, error) {
	return sendVia(ctx, srv.HTTPClient(), srv, method, path, body, opts...)
}

// freshConns returns a client for srv that opens a new connection for
// every request, so net/http never silently resends a GET whose reused
// connection the server reset: the server then sees exactly what the test
// sent.
func freshConns(srv *Server) *http.Client {
	tr := srv.HTTPClient().Transport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	return &http.Client{Transport: tr}
}

// sendVia is send with the given client.
func sendVia(ctx context.Context, hc *http.Client, srv *Server, method, path, body string, opts ...reqOpt) (result, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, srv.URL+path, rd)
	if err != nil {
		return result{}, err
	}
	req.SetBasicAuth(AdminUsername, DemoPassword)
	req.Header.Set("X-API-Version", "2.0.0")
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, o := range opts {
		o(req)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return result{status: resp.StatusCode, header: resp.Header, body: b}, err
}

// keys returns the keys of a JSON object.
func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func ids(t *testing.T, items []any) []string {
	t.Helper()
	out := []string{}
	for _, it := range items {
		out = append(out, it.(map[string]any)["id"].(json.Number).String())
	}
	return out
}

// newClock returns a Clock set to the RFC 3339 time s.
func newClock(s string) *Clock {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return NewClock(t)
}

func jsonNum(s string) json.Number { return json.Number(s) }
