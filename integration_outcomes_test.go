package tribehr_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// The tests of this file drive every way a call can end against the fake,
// with faults injected by tribehrtest, and check what the caller is told
// and what the server saw.

// ioutRequestError asserts err is a *RequestError with the given outcome
// (and the matching sentinel, not the other) and returns it.
func ioutRequestError(t *testing.T, err error, outcome tribehr.Outcome) *tribehr.RequestError {
	t.Helper()
	require.Error(t, err)
	var reqErr *tribehr.RequestError
	require.ErrorAs(t, err, &reqErr, "%v", err)
	assert.Equal(t, outcome, reqErr.Outcome, "%v", err)
	switch outcome {
	case tribehr.OutcomeNotSent:
		assert.ErrorIs(t, err, tribehr.ErrNotSent)
		assert.NotErrorIs(t, err, tribehr.ErrOutcomeUnknown)
		assert.Contains(t, err.Error(), ": not sent: ")
	case tribehr.OutcomeUnknown:
		assert.ErrorIs(t, err, tribehr.ErrOutcomeUnknown)
		assert.NotErrorIs(t, err, tribehr.ErrNotSent)
		assert.Contains(t, err.Error(), ": outcome unknown: ")
	}
	return reqErr
}

// ioutFreshConns returns a client as admin whose every request opens a new
// connection: net/http then never resends a GET itself after a reset of a
// reused connection, so the server sees exactly the SDK's attempts.
func ioutFreshConns(t *testing.T, srv *tribehrtest.Server, opts ...tribehr.Option) *tribehr.Client {
	t.Helper()
	tr := srv.HTTPClient().Transport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	return clientAs(t, srv, tribehrtest.AdminUsername, append([]tribehr.Option{tribehr.WithHTTPClient(&http.Client{Transport: tr})}, opts...)...)
}

// ioutStatuses returns "METHOD path status fault" of each logged request.
func ioutStatuses(srv *tribehrtest.Server) []string {
	return collect(srv.Requests(), func(r tribehrtest.Request) string {
		s := fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status)
		if r.Fault != 0 {
			s += " " + r.Fault.String()
		}
		return s
	})
}

func TestIntegrationEmptyAndNullBodiesAreErrors(t *testing.T) {
	for _, fault := range []tribehrtest.Fault{tribehrtest.FaultEmptyBody, tribehrtest.FaultNullBody} {
		t.Run(fault.String(), func(t *testing.T) {
			srv, client := newFake(t)
			ctx := testCtx(t)

			srv.FaultNext(1, http.MethodGet, "/users/7.json", fault)
			var meta tribehr.Response
			u, err := client.Users.Get(ctx, 7, tribehr.CaptureResponse(&meta))
			assert.Nil(t, u, "no zero user stands in for the data")
			reqErr := ioutRequestError(t, err, tribehr.OutcomeUnknown)
			assert.ErrorIs(t, err, tribehr.ErrEmptyResponse)
			assert.Equal(t, http.MethodGet, reqErr.Method)
			assert.Equal(t, "/users/7.json", reqErr.Path)
			assert.Equal(t, 1, reqErr.Attempts, "a complete answer is not retried")
			assert.Equal(t, http.StatusOK, meta.StatusCode)
			if fault == tribehrtest.FaultNullBody {
				assert.Contains(t, err.Error(), "200 OK with the body null")
			} else {
				assert.Contains(t, err.Error(), "200 OK with an empty body")
			}

			// A list: an error, not "everyone left the company".
			srv.FaultNext(1, http.MethodGet, "/users.json", fault)
			users, err := client.Users.List(ctx)
			assert.Nil(t, users)
			ioutRequestError(t, err, tribehr.OutcomeUnknown)
			assert.ErrorIs(t, err, tribehr.ErrEmptyResponse)

			// A create whose answer is empty may have created the object:
			// it has, here.
			const comment = "Created, answered with nothing"
			srv.FaultNext(1, http.MethodPost, "/leave_requests", fault)
			lr, err := client.LeaveRequests.Create(ctx, leaveParams(comment))
			assert.Nil(t, lr)
			ioutRequestError(t, err, tribehr.OutcomeUnknown)
			assert.ErrorIs(t, err, tribehr.ErrEmptyResponse)
			assert.Equal(t, 1, count(ifltAllLeave(t, client), ifltComment(comment)))

			// A DELETE's empty answer is a success.
			id := createLeave(t, client, leaveParams("deleted, answered with nothing")).ID.Value()
			srv.FaultNext(1, http.MethodDelete, "/leave_requests/", fault)
			require.NoError(t, client.LeaveRequests.Delete(ctx, id))
			_, err = client.LeaveRequests.Get(ctx, id)
			assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)

			// The server saw each request once.
			assert.Equal(t, []string{
				"GET /users/7.json 200 " + fault.String(),
				"GET /users.json 200 " + fault.String(),
				"POST /leave_requests.json 200 " + fault.String(),
			}, ioutStatuses(srv)[:3])
		})
	}
}

func TestIntegrationCreatedWithLocationIsReadBack(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	t.Run("leave request", func(t *testing.T) {
		srv.ResetLog()
		srv.FaultNext(1, http.MethodPost, "/leave_requests", tribehrtest.FaultCreated)
		var meta tribehr.Response
		lr, err := client.LeaveRequests.Create(ctx, leaveParams("answered 201 with a Location"), tribehr.CaptureResponse(&meta))
		require.NoError(t, err)
		id := must(t, lr.ID)
		assert.Equal(t, "answered 201 with a Location", lr.Comments.Value())
		assert.Equal(t, tribehr.MustDecimal("2"), lr.Days.Value(), "the full object, read back")
		assert.Equal(t, http.StatusCreated, meta.StatusCode, "the Response describes the create")
		assert.Equal(t, fmt.Sprintf("/leave_requests/%d.json", id), meta.Location)
		assert.Equal(t, 1, meta.Attempts)
		assert.Equal(t, []string{
			"POST /leave_requests.json 201 201 created",
			fmt.Sprintf("GET /leave_requests/%d.json 200", id),
		}, ioutStatuses(srv))
	})

	t.Run("kudos in html", func(t *testing.T) {
		srv.ResetLog()
		srv.FaultNext(1, http.MethodPost, "/kudos", tribehrtest.FaultCreated)
		k, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: "[b]Read back[/b]"},
			tribehr.FormattedTextAs(tribehr.TextFormatHTML))
		require.NoError(t, err)
		assert.Equal(t, "<b>Read back</b>", k.Text.Value(), "read back in the call's text format")
		reqs := srv.Requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, "html", reqs[1].Query.Get("formattedTextAs"))
		assert.Equal(t, fmt.Sprintf("/kudos/%d.json", must(t, k.ID)), reqs[1].Path)
	})
}

func TestIntegrationCutBodiesAreRetriedForIdempotentCalls(t *testing.T) {
	for _, fault := range []tribehrtest.Fault{tribehrtest.FaultCutBody, tribehrtest.FaultTruncatedBody, tribehrtest.FaultReset} {
		t.Run(fault.String(), func(t *testing.T) {
			srv := tribehrtest.NewServer(t)
			client := ioutFreshConns(t, srv)
			ctx := testCtx(t)

			srv.FaultNext(1, http.MethodGet, "/users/7.json", fault)
			var meta tribehr.Response
			u, err := client.Users.Get(ctx, 7, tribehr.CaptureResponse(&meta))
			require.NoError(t, err)
			assert.Equal(t, tribehrtest.ManagerUsername, u.Username.Value())
			assert.Equal(t, 2, meta.Attempts)
			assert.Equal(t, []string{"GET /users/7.json 200 " + fault.String(), "GET /users/7.json 200"}, ioutStatuses(srv))

			srv.ResetLog()
			srv.FaultNext(1, http.MethodPut, "/events/20.json", fault)
			e, err := client.Events.Update(ctx, 20, &tribehr.EventUpdate{Name: tribehr.String("Picnic, cut")}, tribehr.CaptureResponse(&meta))
			require.NoError(t, err)
			assert.Equal(t, "Picnic, cut", e.Name.Value())
			assert.Equal(t, 2, meta.Attempts)
			assert.Equal(t, []string{"PUT /events/20.json 200 " + fault.String(), "PUT /events/20.json 200"}, ioutStatuses(srv))

			srv.ResetLog()
			srv.FaultNext(1, http.MethodDelete, "/events/252.json", fault)
			require.NoError(t, client.Events.Delete(ctx, 252, tribehr.CaptureResponse(&meta)), "deleted by the first attempt")
			assert.Equal(t, 2, meta.Attempts)
			assert.Equal(t, []string{"DELETE /events/252.json 200 " + fault.String(), "DELETE /events/252.json 404"}, ioutStatuses(srv))

			// A POST is never sent again: its outcome is unknown.
			srv.ResetLog()
			text := "Cut kudos " + fault.String()
			srv.FaultNext(1, http.MethodPost, "/kudos", fault)
			k, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: text}, tribehr.CaptureResponse(&meta))
			assert.Nil(t, k)
			reqErr := ioutRequestError(t, err, tribehr.OutcomeUnknown)
			assert.Equal(t, http.MethodPost, reqErr.Method)
			assert.Equal(t, "/kudos.json", reqErr.Path)
			assert.Equal(t, 1, reqErr.Attempts)
			assert.Equal(t, 1, meta.Attempts)
			assert.Equal(t, []string{"POST /kudos.json 200 " + fault.String()}, ioutStatuses(srv))
			assert.Equal(t, 1, count(ifltKudos(t, client), ifltText(text)), "created once, by the only send")
		})
	}
}

func TestIntegrationNotSentVersusOutcomeUnknown(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	t.Run("processed then reset: outcome unknown", func(t *testing.T) {
		srv.ResetLog()
		srv.DropNext(1, http.MethodPost, "/leave_requests")
		_, err := client.LeaveRequests.Create(ctx, leaveParams("processed, then reset"))
		reqErr := ioutRequestError(t, err, tribehr.OutcomeUnknown)
		assert.Equal(t, http.MethodPost, reqErr.Method)
		assert.Equal(t, "/leave_requests.json", reqErr.Path)
		assert.Equal(t, 1, reqErr.Attempts)
		assert.True(t, lastRequest(t, srv).Processed)
	})

	t.Run("connection refused: not sent, and retried for a POST", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		refused := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithBaseURL("https://"+addr))
		_, err = refused.LeaveRequests.Create(ctx, leaveParams("never sent"))
		reqErr := ioutRequestError(t, err, tribehr.OutcomeNotSent)
		assert.Equal(t, quickRetry().MaxAttempts, reqErr.Attempts, "nothing was sent, so every attempt was safe")
		assert.Contains(t, err.Error(), "connection refused")
	})

	t.Run("the client's own rate limit: not sent", func(t *testing.T) {
		srv.ResetLog()
		limited := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithRateLimit(rate.Every(time.Hour), 1))
		_, err := limited.Users.Me(ctx)
		require.NoError(t, err)
		short, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		_, err = limited.LeaveRequests.Create(short, leaveParams("refused by the limiter"))
		ioutRequestError(t, err, tribehr.OutcomeNotSent)
		assert.ErrorIs(t, err, tribehr.ErrClientRateLimit)
		assert.Len(t, srv.Requests(), 1, "only the first call reached the server")
	})

	t.Run("cancelled before sending: not sent", func(t *testing.T) {
		srv.ResetLog()
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		_, err := client.Kudos.Create(cancelled, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: "never"})
		ioutRequestError(t, err, tribehr.OutcomeNotSent)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Empty(t, srv.Requests())
	})

	t.Run("deadline while the server works: outcome unknown", func(t *testing.T) {
		srv.ResetLog()
		srv.SetLatency(time.Hour)
		defer srv.SetLatency(0)
		short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		_, err := client.Kudos.Create(short, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: "too slow"})
		ioutRequestError(t, err, tribehr.OutcomeUnknown)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})

	t.Run("gateway errors: outcome unknown, 503: neither", func(t *testing.T) {
		srv.FailNext(1, http.StatusBadGateway)
		_, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: "behind a gateway"})
		assertAPIError(t, err, http.StatusBadGateway, tribehr.CodeUnknown, tribehr.ErrBadGateway)
		assert.ErrorIs(t, err, tribehr.ErrOutcomeUnknown, "the server behind the gateway may have acted")
		assert.NotErrorIs(t, err, tribehr.ErrNotSent)

		srv.SetMaintenance(true, 0)
		defer srv.SetMaintenance(false, 0)
		_, err = client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: "in maintenance"})
		apiErr := assertAPIError(t, err, http.StatusServiceUnavailable, tribehr.CodeMaintenance, tribehr.ErrServiceUnavailable)
		assert.Equal(t, quickRetry().MaxAttempts, apiErr.Attempts)
		assert.NotErrorIs(t, err, tribehr.ErrOutcomeUnknown, "a complete answer: the server did not act")
		assert.NotErrorIs(t, err, tribehr.ErrNotSent)
	})
}

// ioutDNS is an in-process DNS server that answers every query with one
// response code, reached through a *net.Resolver: Go's own resolver then
// produces the error a real lookup would. It counts the queries.
type ioutDNS struct {
	rcode   byte // 3: NXDOMAIN, 2: SERVFAIL
	queries atomic.Int32
}

func (d *ioutDNS) resolver() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		client, server := net.Pipe()
		go d.serve(server)
		return client, nil
	}}
}

// serve answers DNS over a stream connection (each message after its
// 2-byte length, as over TCP): the query's id and question, no answers.
func (d *ioutDNS) serve(conn net.Conn) {
	defer conn.Close()
	for {
		var n [2]byte
		if _, err := io.ReadFull(conn, n[:]); err != nil {
			return
		}
		q := make([]byte, binary.BigEndian.Uint16(n[:]))
		if _, err := io.ReadFull(conn, q); err != nil || len(q) < 12 {
			return
		}
		d.queries.Add(1)
		end := 12
		for end < len(q) && q[end] != 0 { // the question's name, label by label
			end += int(q[end]) + 1
		}
		end += 5 // the root label, type and class
		if end > len(q) {
			return
		}
		resp := append([]byte(nil), q[:end]...)
		resp[2] = 0x80 | q[2]&0x79 // a response, with the query's opcode and RD
		resp[3] = 0x80 | d.rcode   // recursion available, the code
		binary.BigEndian.PutUint16(resp[4:], 1)
		clear(resp[6:12])
		out := binary.BigEndian.AppendUint16(nil, uint16(len(resp)))
		if _, err := conn.Write(append(out, resp...)); err != nil {
			return
		}
	}
}

func TestIntegrationUnknownHostIsNotRetried(t *testing.T) {
	run := func(t *testing.T, rcode byte) (dials int, err error) {
		dns := &ioutDNS{rcode: rcode}
		var dialCount atomic.Int32
		dialer := &net.Dialer{Resolver: dns.resolver()}
		hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dialCount.Add(1)
			return dialer.DialContext(ctx, network, addr)
		}}}
		client, err := tribehr.NewClient("acme-typo", tribehr.WithBasicAuth("alice", "not-a-real-key"), tribehr.WithHTTPClient(hc),
			tribehr.WithRetryPolicy(quickRetry()), instantClock())
		require.NoError(t, err)
		_, err = client.Users.Me(testCtx(t))
		assert.Positive(t, dns.queries.Load(), "the lookup reached the DNS server")
		return int(dialCount.Load()), err
	}

	t.Run("NXDOMAIN", func(t *testing.T) {
		dials, err := run(t, 3)
		reqErr := ioutRequestError(t, err, tribehr.OutcomeNotSent)
		assert.ErrorIs(t, err, tribehr.ErrUnknownHost)
		assert.Equal(t, "acme-typo.mytribehr.com", reqErr.Host)
		assert.Equal(t, 1, reqErr.Attempts, "a host that does not exist is not retried")
		assert.Equal(t, 1, dials)
		assert.Contains(t, err.Error(), "tribehr: GET /users/me.json: not sent: unknown host acme-typo.mytribehr.com: ")
		var dnsErr *net.DNSError
		require.ErrorAs(t, err, &dnsErr)
		assert.True(t, dnsErr.IsNotFound)
	})
	t.Run("SERVFAIL is retried", func(t *testing.T) {
		dials, err := run(t, 2)
		reqErr := ioutRequestError(t, err, tribehr.OutcomeNotSent)
		assert.NotErrorIs(t, err, tribehr.ErrUnknownHost, "a failing DNS server may answer next time")
		assert.Empty(t, reqErr.Host)
		assert.Equal(t, quickRetry().MaxAttempts, reqErr.Attempts)
		assert.Equal(t, quickRetry().MaxAttempts, dials)
	})
}

func TestIntegrationRedirects(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	t.Run("same host over https is followed, the body resent", func(t *testing.T) {
		srv.ResetLog()
		srv.RedirectNext(1, http.MethodPost, "/leave_requests", http.StatusTemporaryRedirect, "/leave_requests.json")
		lr, err := client.LeaveRequests.Create(ctx, leaveParams("redirected on the same host"))
		require.NoError(t, err)
		assert.Equal(t, "redirected on the same host", lr.Comments.Value())
		reqs := srv.Requests()
		assert.Equal(t, []string{"POST /leave_requests.json 307 redirect", "POST /leave_requests.json 200"}, ioutStatuses(srv))
		require.Len(t, reqs, 2)
		assert.Equal(t, "REDACTED", reqs[1].Header.Get("Authorization"), "credentials kept on the same host")
		assert.Equal(t, "redirected on the same host", reqs[1].Form.Get("comments"), "the body went to the same host")

		srv.ResetLog()
		srv.RedirectNext(1, http.MethodGet, "/users/old.json", http.StatusMovedPermanently, srv.URL+"/users/7.json")
		var u tribehr.User
		req, err := client.NewRequest(ctx, http.MethodGet, "users/old.json", nil)
		require.NoError(t, err)
		_, err = client.Do(req, &u)
		require.NoError(t, err)
		assert.Equal(t, tribehrtest.ManagerUsername, u.Username.Value())
	})

	// other counts what a second server receives: it must receive nothing.
	var otherSaw atomic.Int32
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherSaw.Add(1)
		w.Write([]byte(`{"id": 1}`))
	}))
	defer other.Close()
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherSaw.Add(1)
		w.Write([]byte(`{"id": 1}`))
	}))
	defer plain.Close()

	tests := []struct {
		name, target, reason string
		status               int
		outcome              tribehr.Outcome
	}{
		{"another host", other.URL + "/leave_requests.json?token=s3cr3t", "another host", http.StatusTemporaryRedirect, tribehr.OutcomeNotSent},
		{"another port", "https://127.0.0.1:1/leave_requests.json", "another host", http.StatusPermanentRedirect, tribehr.OutcomeNotSent},
		{"https to http", plain.URL + "/leave_requests.json", "https to plain http", http.StatusFound, tribehr.OutcomeNotSent},
		{"303 to another host", other.URL + "/leave_requests/9.json", "another host", http.StatusSeeOther, tribehr.OutcomeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			srv.ResetLog()
			comment := "redirected to " + tt.name
			srv.RedirectNext(1, http.MethodPost, "/leave_requests", tt.status, tt.target)
			_, err := client.LeaveRequests.Create(ctx, leaveParams(comment))
			reqErr := ioutRequestError(t, err, tt.outcome)
			assert.Equal(t, 1, reqErr.Attempts)
			var redirErr *tribehr.RedirectError
			require.ErrorAs(t, err, &redirErr)
			assert.Equal(t, tt.status, redirErr.StatusCode)
			assert.Equal(t, strings.Split(tt.target, "?")[0], redirErr.Target, "the target, without its query")
			assert.Equal(t, tt.reason, redirErr.Reason)
			assert.Contains(t, err.Error(), fmt.Sprintf("refusing a %d redirect to %s", tt.status, redirErr.Target))
			assert.NotContains(t, err.Error(), "s3cr3t")
			assert.Zero(t, otherSaw.Load(), "the other server got nothing: no body, no credentials")
			assert.Equal(t, []string{fmt.Sprintf("POST /leave_requests.json %d redirect", tt.status)}, ioutStatuses(srv))
			assert.Zero(t, count(ifltAllLeave(t, client), ifltComment(comment)))
		})
	}
}

// ioutLogLine is one record of the JSON debug log.
type ioutLogLine struct {
	Msg      string `json:"msg"`
	Method   string `json:"method"`
	Path     string `json:"path"`
	Attempt  int    `json:"attempt"`
	Attempts int    `json:"attempts"`
	Status   int    `json:"status"`
	Error    string `json:"error"`
	Outcome  string `json:"outcome"`
}

func TestIntegrationLogEveryAttemptAndTheOutcome(t *testing.T) {
	var mu sync.Mutex
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&ioutLockedWriter{mu: &mu, w: &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := tribehrtest.NewServer(t)
	client := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithLogger(logger))
	ctx := testCtx(t)
	lines := func() []ioutLogLine {
		mu.Lock()
		defer mu.Unlock()
		var out []ioutLogLine
		for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
			var line ioutLogLine
			require.NoError(t, json.Unmarshal(l, &line), "%s", l)
			out = append(out, line)
		}
		buf.Reset()
		return out
	}
	msgs := func(ls []ioutLogLine) []string {
		return collect(ls, func(l ioutLogLine) string { return l.Msg })
	}

	srv.FailNext(1, http.StatusServiceUnavailable)
	_, err := client.Users.Get(ctx, 7)
	require.NoError(t, err)
	got := lines()
	assert.Equal(t, []string{"tribehr attempt", "tribehr retrying", "tribehr attempt", "tribehr call"}, msgs(got))
	assert.Equal(t, 503, got[0].Status)
	assert.Equal(t, 1, got[0].Attempt)
	assert.Equal(t, 200, got[2].Status)
	assert.Equal(t, 2, got[2].Attempt)
	assert.Equal(t, ioutLogLine{Msg: "tribehr call", Method: "GET", Path: "/users/7.json", Attempts: 2, Status: 200, Outcome: "ok"}, got[3])

	// The last attempt fails on the network: it is logged, and so is the
	// call's outcome.
	srv.DropNext(1, http.MethodPost, "/kudos")
	_, err = client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: "logged"})
	require.Error(t, err)
	got = lines()
	require.Equal(t, []string{"tribehr attempt", "tribehr call"}, msgs(got))
	assert.Equal(t, "POST", got[0].Method)
	assert.Equal(t, 1, got[0].Attempt)
	assert.NotEmpty(t, got[0].Error, "the network error of the last attempt")
	assert.Zero(t, got[0].Status)
	assert.Equal(t, "outcome unknown", got[1].Outcome)
	assert.Equal(t, 1, got[1].Attempts)
	assert.Equal(t, got[1].Error, err.Error())

	_, err = client.Events.Get(ctx, 999999)
	require.Error(t, err)
	got = lines()
	require.Len(t, got, 2)
	assert.Equal(t, "api error", got[1].Outcome)
	assert.Equal(t, 404, got[1].Status)
	assertNoSecret(t, tribehrtest.AdminAPIKey, buf.String())
}

// ioutLockedWriter serialises writes of concurrent loggers.
type ioutLockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *ioutLockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestIntegrationCaptureResponseIsPerCall(t *testing.T) {
	srv, client := newFake(t)
	srv.SetRateLimit(1000, time.Hour)
	// One context shared by a fan-out of calls, as from one request
	// handler: each call fills its own Response, and -race sees no race.
	ctx := testCtx(t)
	ids := []tribehr.ID{1, 2, 3, 5, 6, 7, 16, 17, 20, 23}
	metas := make([]tribehr.Response, 40)
	errs := make([]error, len(metas))
	var wg sync.WaitGroup
	for i := range metas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = client.Users.Get(ctx, ids[i%len(ids)], tribehr.CaptureResponse(&metas[i]))
		}()
	}
	wg.Wait()
	remaining := map[int]bool{}
	for i, meta := range metas {
		require.NoError(t, errs[i])
		assert.Equal(t, http.MethodGet, meta.Method)
		assert.Equal(t, fmt.Sprintf("/users/%d.json", ids[i%len(ids)]), meta.Path, "call %d", i)
		assert.Equal(t, http.StatusOK, meta.StatusCode)
		assert.Equal(t, 1, meta.Attempts)
		remaining[meta.Rate.Remaining] = true
	}
	assert.Len(t, remaining, len(metas), "each Response holds its own answer's headers")

	// A call that got no answer still says what it was.
	srv.DropNext(1, http.MethodPost, "/kudos")
	var meta tribehr.Response
	_, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: "no answer"}, tribehr.CaptureResponse(&meta))
	require.Error(t, err)
	assert.Equal(t, tribehr.Response{Method: http.MethodPost, Path: "/kudos.json", Attempts: 1}, meta)

	// A nil destination is refused before anything is sent.
	srv.ResetLog()
	_, err = client.Users.List(ctx, tribehr.CaptureResponse(nil))
	assert.Equal(t, []string{"CaptureResponse"}, validationFields(t, err))
	assert.Empty(t, srv.Requests())
}

func TestIntegrationConditionalRequests(t *testing.T) {
	srv, client := newFake(t, tribehrtest.WithETags())
	ctx := testCtx(t)

	var meta tribehr.Response
	u, err := client.Users.Get(ctx, 7, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	etag := meta.ETag
	require.NotEmpty(t, etag)
	assert.Equal(t, tribehrtest.ManagerUsername, u.Username.Value())

	// Unchanged: nothing decoded, nil returned, NotModified reported.
	u, err = client.Users.Get(ctx, 7, tribehr.IfNoneMatch(etag), tribehr.CaptureResponse(&meta))
	require.NoError(t, err, "not modified is a result, not an error")
	assert.Nil(t, u, "no zero user stands in for the one the caller holds")
	assert.True(t, meta.NotModified)
	assert.Equal(t, http.StatusNotModified, meta.StatusCode)
	assert.Equal(t, etag, meta.ETag)
	last := lastRequest(t, srv)
	assert.Equal(t, etag, last.Header.Get("If-None-Match"))
	assert.Equal(t, http.StatusNotModified, last.Status)

	// A list too.
	users, err := client.Users.List(ctx, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	require.NotEmpty(t, users)
	listTag := meta.ETag
	users, err = client.Users.List(ctx, tribehr.IfNoneMatch(listTag), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Nil(t, users)
	assert.True(t, meta.NotModified)

	// Changed: the new version and its tag.
	_, err = client.Users.Update(ctx, 7, &tribehr.UserUpdate{BlogURL: tribehr.String("https://example.com/alice")})
	require.NoError(t, err)
	u, err = client.Users.Get(ctx, 7, tribehr.IfNoneMatch(etag), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	require.NotNil(t, u)
	assert.Equal(t, "https://example.com/alice", u.BlogURL.Value())
	assert.False(t, meta.NotModified)
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.NotEqual(t, etag, meta.ETag)

	// No tag yet: an unconditional call.
	_, err = client.Users.Get(ctx, 7, tribehr.IfNoneMatch(""), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Empty(t, lastRequest(t, srv).Header.Get("If-None-Match"))

	// Refused before sending: without CaptureResponse (a 304 would go
	// unseen), and on anything but a GET.
	srv.ResetLog()
	_, err = client.Users.Get(ctx, 7, tribehr.IfNoneMatch(etag))
	assert.Equal(t, []string{"If-None-Match"}, validationFields(t, err))
	_, err = client.LeaveRequests.Create(ctx, leaveParams("conditional create"), tribehr.IfNoneMatch(etag), tribehr.CaptureResponse(&meta))
	assert.Equal(t, []string{"If-None-Match"}, validationFields(t, err))
	assert.Empty(t, srv.Requests())
}

func TestIntegrationNotModifiedWithoutConditionIsAnError(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	client, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithBasicAuth("alice", "key"), tribehr.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	u, err := client.Users.Get(testCtx(t), 7)
	assert.Nil(t, u)
	apiErr := apiError(t, err)
	assert.Equal(t, http.StatusNotModified, apiErr.StatusCode, "a 304 the call did not ask for")
	assert.False(t, errors.Is(err, tribehr.ErrOutcomeUnknown))
}
