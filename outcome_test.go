package tribehr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmptySuccessBodies(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		status  int
		body    string
		service bool // through call, as a resource service does (an object is expected)
		wantErr bool
	}{
		{"GET 200 empty", http.MethodGet, 200, "", false, true},
		{"GET 200 null", http.MethodGet, 200, "null", false, true},
		{"GET 200 blank", http.MethodGet, 200, " \r\n", false, true},
		{"GET 200 null with blanks", http.MethodGet, 200, " null\n", false, true},
		{"GET 200 empty list", http.MethodGet, 200, "[]", false, false},
		{"GET 200 empty object", http.MethodGet, 200, "{}", false, false},
		{"Do: 204 is a success", http.MethodGet, 204, "", false, false},
		{"Do: DELETE 200 empty", http.MethodDelete, 200, "", false, false},
		{"Do: POST 201 without Location", http.MethodPost, 201, "", false, true},
		{"service: GET 204 where an object is expected", http.MethodGet, 204, "", true, true},
		{"service: PUT 200 null", http.MethodPut, 200, "null", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			c := newTestClient(t, srv.URL)
			var body any
			if tt.method == http.MethodPost || tt.method == http.MethodPut {
				body = url.Values{"id": {"1"}}
			}
			var v any = map[string]any{"untouched": true}
			var err error
			if tt.service {
				err = c.call(context.Background(), callConfig{}, tt.method, "events/1.json", nil, body, &v)
			} else {
				req, rerr := c.NewRequest(context.Background(), tt.method, "events/1.json", body)
				require.NoError(t, rerr)
				var meta *Response
				meta, err = c.Do(req, &v)
				require.NotNil(t, meta)
				assert.Equal(t, tt.status, meta.StatusCode)
			}
			assert.Equal(t, 1, rec.count(), "a complete answer is not retried")
			if !tt.wantErr {
				require.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, ErrEmptyResponse)
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, map[string]any{"untouched": true}, v, "nothing decoded")
			assert.Contains(t, err.Error(), fmt.Sprintf("tribehr: %s /events/1.json: outcome unknown: %d %s with ", tt.method, tt.status, http.StatusText(tt.status)))
		})
	}
}

func TestDeleteOf204IsSuccess(t *testing.T) {
	_, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	c := newTestClient(t, srv.URL)
	require.NoError(t, c.delete(context.Background(), callConfig{}, "events/252.json"))
}

func TestCreatedLocationIsReadBackOnTheAccountHostOnly(t *testing.T) {
	var otherSaw int
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { otherSaw++ }))
	defer other.Close()
	for _, tt := range []struct{ name, location string }{
		{"relative", "/events/254.json"},
		{"absolute on the account's host", ""},
		{"another host", other.URL + "/events/254.json?sig=x"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					loc := tt.location
					if loc == "" {
						loc = "http://" + r.Host + "/events/254.json"
					}
					w.Header().Set("Location", loc)
					w.WriteHeader(http.StatusCreated)
					return
				}
				io.WriteString(w, `{"id":254,"name":"New event"}`)
			})
			c := newTestClient(t, srv.URL)
			var out struct {
				ID   ID
				Name string
			}
			var meta Response
			err := c.call(context.Background(), newCallConfig([]CallOption{CaptureResponse(&meta), FormattedTextAs(TextFormatHTML)}),
				http.MethodPost, "events.json", nil, url.Values{"name": {"New event"}}, &out)
			assert.Equal(t, http.StatusCreated, meta.StatusCode)
			if tt.name == "another host" {
				reqErr := &RequestError{}
				require.ErrorAs(t, err, &reqErr)
				assert.Equal(t, OutcomeUnknown, reqErr.Outcome, "it was created, but cannot be returned")
				assert.Contains(t, err.Error(), "refusing to read the new object back from another host: "+other.URL+"/events/254.json")
				assert.NotContains(t, err.Error(), "sig=x")
				assert.Zero(t, otherSaw)
				assert.Equal(t, 1, rec.count())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, ID(254), out.ID)
			require.Equal(t, 2, rec.count())
			get := rec.requests[1]
			assert.Equal(t, http.MethodGet, get.Method)
			assert.Equal(t, "/events/254.json", get.URL.Path)
			assert.Equal(t, "html", get.URL.Query().Get("formattedTextAs"))
			assert.NotEmpty(t, get.Header.Get("Authorization"))
			assert.Equal(t, "2.2.0", get.Header.Get("X-API-Version"))
			assert.Empty(t, get.Header.Get("Content-Type"))
		})
	}
}

func TestOutcomeRules(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	read := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	nxdomain := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "acme-typo.mytribehr.com", IsNotFound: true}}
	redirect := func(status int) error {
		return &url.Error{Op: "Post", URL: "x", Err: &RedirectError{StatusCode: status, err: errOtherHostRedirect}}
	}
	resp := func(status int) *http.Response { return &http.Response{StatusCode: status, Header: http.Header{}} }
	tests := []struct {
		name      string
		resp      *http.Response
		err       error
		connected bool
		class     retryClass
		maybe     bool
	}{
		{"429", resp(429), nil, true, retryAll, false},
		{"503", resp(503), nil, true, retryAll, false},
		{"502", resp(502), nil, true, retryIdempotent, true},
		{"504", resp(504), nil, true, retryIdempotent, true},
		{"500", resp(500), nil, true, noRetry, false},
		{"dial refused", nil, dial, false, retryAll, false},
		{"dial error after a stale connection", nil, dial, true, retryAll, false},
		{"unknown host", nil, nxdomain, false, noRetry, false},
		{"own rate limit", nil, fmt.Errorf("%w: rate: Wait(n=1) would exceed context deadline", ErrClientRateLimit), false, noRetry, false},
		{"cancelled before a connection", nil, context.Canceled, false, noRetry, false},
		{"deadline while waiting for the answer", nil, context.DeadlineExceeded, true, noRetry, true},
		{"reset after sending", nil, read, true, retryIdempotent, true},
		{"body cut", nil, &cutBodyError{status: 200, err: io.ErrUnexpectedEOF}, true, retryIdempotent, true},
		{"body too large", nil, errBodyTooLarge, true, noRetry, true},
		{"redirect refused", nil, redirect(307), true, noRetry, false},
		{"303 refused", nil, redirect(303), true, noRetry, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.class, classify(tt.resp, tt.err, tt.connected), "retry class")
			assert.Equal(t, tt.maybe, mayHaveBeenProcessed(tt.resp, tt.err, tt.connected), "may have been processed")
		})
	}
}

func TestRequestErrorMessagesAndMatching(t *testing.T) {
	cause := errors.New("EOF")
	e := &RequestError{Method: "POST", Path: "/kudos.json", Attempts: 1, Outcome: OutcomeUnknown, Err: cause}
	assert.Equal(t, "tribehr: POST /kudos.json: outcome unknown: EOF", e.Error())
	assert.ErrorIs(t, e, ErrOutcomeUnknown)
	assert.NotErrorIs(t, e, ErrNotSent)
	assert.NotErrorIs(t, e, ErrUnknownHost)
	assert.ErrorIs(t, e, cause)

	e = &RequestError{Method: "GET", Path: "/users.json", Attempts: 4, Outcome: OutcomeNotSent, Host: "acme-typo.mytribehr.com", Err: cause,
		Recovery: errors.New("not asked")}
	assert.Equal(t, "tribehr: GET /users.json (after 4 attempts): not sent: unknown host acme-typo.mytribehr.com: EOF"+
		"; create recovery: not asked", e.Error())
	assert.ErrorIs(t, e, ErrNotSent)
	assert.ErrorIs(t, e, ErrUnknownHost)

	assert.Equal(t, "not sent", OutcomeNotSent.String())
	assert.Equal(t, "outcome unknown", OutcomeUnknown.String())
	assert.Equal(t, "Outcome(0)", Outcome(0).String())

	r := &RedirectError{StatusCode: 302, Target: "https://other.example/x", Reason: "another host", err: errOtherHostRedirect}
	assert.Equal(t, "refusing a 302 redirect to https://other.example/x (another host)", r.Error())
	assert.ErrorIs(t, r, errOtherHostRedirect)

	for status, want := range map[int]bool{502: true, 504: true, 500: false, 503: false, 429: false} {
		assert.Equal(t, want, errors.Is(&APIError{StatusCode: status}, ErrOutcomeUnknown), "%d", status)
	}
}
