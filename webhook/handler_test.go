package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncLog is a concurrency-safe log buffer.
type syncLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newHandler returns a Handler logging to the returned buffer.
func newHandler(t *testing.T, opts ...Option) (*Handler, *syncLog) {
	t.Helper()
	logs := &syncLog{}
	opts = append([]Option{WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))}, opts...)
	h, err := NewHandler(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { h.Shutdown(context.Background()) })
	return h, logs
}

// delivery returns the plain form of an event with the handle hook.
func delivery(hook string) string {
	h, err := ParseHandle(hook)
	if err != nil {
		panic(err)
	}
	e := &Event{Handle: h, Hook: hook, Actor: Actor{ID: 2, Name: "emma"}, System: "https://acme.mytribehr.com/",
		Text: hook + " by emma at https://acme.mytribehr.com/"}
	return e.Encode()
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerRoutesByWholeHandleOrPrefix(t *testing.T) {
	h, _ := newHandler(t, WithSynchronous())
	var got []string
	var mu sync.Mutex
	route := func(name string) Func {
		return func(_ context.Context, e *Event) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, name+" <- "+e.Hook)
			return nil
		}
	}
	h.HandleFunc("Note", route("Note"))
	h.HandleFunc("Note.Edit", route("Note.Edit"))
	h.HandleFunc("Note.Edit.34", route("Note.Edit.34"))
	h.HandleFunc("leaverequest.approve", route("leaverequest.approve"))
	h.HandleFunc("", route("fallback"))

	for _, hook := range []string{"Note.Edit.34", "Note.Edit.35", "Note.Add.34", "Note.Delete.1", "LeaveRequest.Approve.7", "LeaveRequest.Add.7", "Kudos.Add.1"} {
		w := serve(h, post("/", formType, delivery(hook)))
		assert.Equal(t, http.StatusNoContent, w.Code, hook)
	}
	assert.Equal(t, []string{
		"Note.Edit.34 <- Note.Edit.34",
		"Note.Edit <- Note.Edit.35",
		"Note <- Note.Add.34",
		"Note <- Note.Delete.1",
		"leaverequest.approve <- LeaveRequest.Approve.7",
		"fallback <- LeaveRequest.Add.7",
		"fallback <- Kudos.Add.1",
	}, got)
}

func TestHandlerWithoutARouteAnswers204(t *testing.T) {
	h, logs := newHandler(t)
	h.HandleFunc("Note", func(context.Context, *Event) error { t.Error("called"); return nil })
	w := serve(h, post("/", formType, delivery("Kudos.Add.1")))
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Contains(t, logs.String(), "no callback")
}

func TestHandlerFuncRegistrationMistakesPanic(t *testing.T) {
	h, _ := newHandler(t)
	ok := func(context.Context, *Event) error { return nil }
	h.HandleFunc("Note", ok)
	h.HandleFunc("", ok)
	assert.Panics(t, func() { h.HandleFunc("note", ok) }, "same pattern in another case")
	assert.Panics(t, func() { h.HandleFunc("", ok) })
	assert.Panics(t, func() { h.HandleFunc("Note.Edit.x", ok) })
	assert.Panics(t, func() { h.HandleFunc("Kudos", nil) })
}

func TestNewHandlerOptionErrors(t *testing.T) {
	var noContext context.Context // a caller's nil, refused
	_, err := NewHandler(WithSecureKey(""), WithSecureKey(), WithWorkers(0), WithQueueSize(-1), WithMaxBodyBytes(0),
		WithSystem("mycompany"), WithLogger(nil), WithBaseContext(noContext))
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidKey)
	for _, want := range []string{"WithSecureKey without a key", "WithWorkers(0)", "WithQueueSize(-1)", "WithMaxBodyBytes(0)",
		`WithSystem("mycompany")`, "WithLogger(nil)", "WithBaseContext(nil)"} {
		assert.Contains(t, err.Error(), want)
	}
	h, err := NewHandler(nil)
	require.NoError(t, err, "nil options are skipped")
	require.NoError(t, h.Shutdown(context.Background()))
}

func TestHandlerAsyncAnswersAtOnceAndDrainsOnShutdown(t *testing.T) {
	h, _ := newHandler(t, WithWorkers(2))
	gate := make(chan struct{})
	started := make(chan string, 10)
	var running, maxRunning, done atomic.Int32
	h.HandleFunc("Note", func(ctx context.Context, e *Event) error {
		n := running.Add(1)
		for {
			m := maxRunning.Load()
			if n <= m || maxRunning.CompareAndSwap(m, n) {
				break
			}
		}
		started <- e.Hook
		<-gate
		running.Add(-1)
		done.Add(1)
		return nil
	})
	for i := 1; i <= 5; i++ {
		w := serve(h, post("/", formType, delivery(fmt.Sprintf("Note.Add.%d", i))))
		assert.Equal(t, http.StatusAccepted, w.Code, "answered while the callbacks wait")
	}
	<-started
	<-started // both workers busy
	close(gate)
	require.NoError(t, h.Shutdown(context.Background()))
	assert.EqualValues(t, 5, done.Load(), "Shutdown waited for every queued event")
	assert.LessOrEqual(t, maxRunning.Load(), int32(2), "no more callbacks at once than workers")

	w := serve(h, post("/", formType, delivery("Note.Add.9")))
	assert.Equal(t, http.StatusServiceUnavailable, w.Code, "refused after Shutdown")
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	require.NoError(t, h.Shutdown(context.Background()), "a second Shutdown is harmless")
}

func TestHandlerQueueFullAnswers503(t *testing.T) {
	h, logs := newHandler(t, WithWorkers(1), WithQueueSize(1))
	gate := make(chan struct{})
	started := make(chan struct{}, 3)
	h.HandleFunc("", func(context.Context, *Event) error { started <- struct{}{}; <-gate; return nil })

	assert.Equal(t, http.StatusAccepted, serve(h, post("/", formType, delivery("Note.Add.1"))).Code)
	<-started // the worker holds the first; the queue is empty
	assert.Equal(t, http.StatusAccepted, serve(h, post("/", formType, delivery("Note.Add.2"))).Code)
	w := serve(h, post("/", formType, delivery("Note.Add.3")))
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.Equal(t, "1", w.Header().Get("Retry-After"))
	assert.Contains(t, logs.String(), "queue full")
	assert.Contains(t, logs.String(), "Note.Add.3")
	close(gate)
	require.NoError(t, h.Shutdown(context.Background()))
}

func TestHandlerShutdownDeadline(t *testing.T) {
	var reported []string
	var mu sync.Mutex
	h, _ := newHandler(t, WithWorkers(1), WithErrorHandler(func(_ context.Context, e *Event, err error) {
		mu.Lock()
		defer mu.Unlock()
		reported = append(reported, e.Hook+": "+err.Error())
	}))
	started := make(chan struct{})
	h.HandleFunc("", func(ctx context.Context, e *Event) error {
		if e.ID == 1 {
			close(started)
			<-ctx.Done() // a slow callback that honours its context
			return ctx.Err()
		}
		t.Error("an event queued behind the deadline ran")
		return nil
	})
	serve(h, post("/", formType, delivery("Note.Add.1")))
	<-started
	serve(h, post("/", formType, delivery("Note.Add.2")))

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the deadline has passed
	assert.ErrorIs(t, h.Shutdown(ctx), context.Canceled)
	require.NoError(t, h.Shutdown(context.Background()), "a second Shutdown waits for the workers")
	assert.ElementsMatch(t, []string{
		"Note.Add.1: context canceled",
		"Note.Add.2: webhook: event dropped at shutdown: context canceled",
	}, reported)
}

func TestHandlerReportsAsyncFailuresAndPanics(t *testing.T) {
	errs := make(chan error, 2)
	h, logs := newHandler(t, WithErrorHandler(func(_ context.Context, _ *Event, err error) { errs <- err }))
	h.HandleFunc("Note.Add", func(context.Context, *Event) error { return errors.New("mail server down") })
	h.HandleFunc("Note.Edit", func(context.Context, *Event) error { panic("boom") })
	assert.Equal(t, http.StatusAccepted, serve(h, post("/", formType, delivery("Note.Add.1"))).Code)
	assert.Equal(t, http.StatusAccepted, serve(h, post("/", formType, delivery("Note.Edit.1"))).Code)
	require.NoError(t, h.Shutdown(context.Background()))
	close(errs)
	var msgs []string
	for err := range errs {
		msgs = append(msgs, err.Error())
	}
	assert.ElementsMatch(t, []string{"mail server down", "webhook: callback for Note.Edit.1 panicked: boom"}, msgs)
	assert.Contains(t, logs.String(), "callback failed")
}

func TestHandlerSynchronous(t *testing.T) {
	h, logs := newHandler(t, WithSynchronous())
	type ctxKey struct{}
	h.HandleFunc("Note.Add", func(ctx context.Context, e *Event) error {
		if ctx.Value(ctxKey{}) != "request" {
			return errors.New("not the request's context")
		}
		return nil
	})
	h.HandleFunc("Note.Edit", func(context.Context, *Event) error { return errors.New("no") })
	h.HandleFunc("Note.Delete", func(context.Context, *Event) error { panic("boom") })

	r := post("/", formType, delivery("Note.Add.1"))
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, "request"))
	assert.Equal(t, http.StatusNoContent, serve(h, r).Code)
	assert.Equal(t, http.StatusInternalServerError, serve(h, post("/", formType, delivery("Note.Edit.1"))).Code)
	assert.Equal(t, http.StatusInternalServerError, serve(h, post("/", formType, delivery("Note.Delete.1"))).Code)
	assert.Contains(t, logs.String(), "panicked: boom")
	require.NoError(t, h.Shutdown(context.Background()))
	assert.Equal(t, http.StatusServiceUnavailable, serve(h, post("/", formType, delivery("Note.Add.1"))).Code)
}

func TestHandlerMethodAndSize(t *testing.T) {
	h, _ := newHandler(t, WithMaxBodyBytes(64))
	h.HandleFunc("", func(context.Context, *Event) error { return nil })
	w := serve(h, httptest.NewRequest(http.MethodPut, "/", strings.NewReader(delivery("Note.Add.1"))))
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
	assert.Equal(t, "GET, POST", w.Header().Get("Allow"))

	w = serve(h, post("/", formType, delivery("Note.Add.1")))
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	r := post("/", formType, delivery("Note.Add.1"))
	r.ContentLength = -1
	assert.Equal(t, http.StatusRequestEntityTooLarge, serve(h, r).Code, "without a Content-Length too")

	w = serve(h, httptest.NewRequest(http.MethodGet, "/?"+delivery("Note.Add.1"), nil))
	assert.Equal(t, http.StatusAccepted, w.Code, "GET parameters, with an empty body, fit")
}

// TestHandlerBadDeliveriesLookAlike checks that every bad delivery gets
// the same answer (no padding oracle), and that the log says why without
// the key or the payload.
func TestHandlerBadDeliveriesLookAlike(t *testing.T) {
	const key = "s3cr3t-k3y-1234"
	h, logs := newHandler(t, WithSecureKey(key), WithSystem("https://acme.mytribehr.com/"))
	var calls atomic.Int32
	h.HandleFunc("", func(context.Context, *Event) error { calls.Add(1); return nil })
	k := mustKey(t, key)
	good := Encrypt(k, []byte(delivery("LeaveRequest.Add.7")))
	otherSystem := strings.ReplaceAll(delivery("LeaveRequest.Add.7"), "acme", "evil")

	bad := map[string]string{
		"bad base64":      "%%%%",
		"not blocks":      url.QueryEscape(good[:10]),
		"wrong key":       Encrypt(mustKey(t, "another key"), []byte(delivery("LeaveRequest.Add.7"))),
		"bad padding":     base64Cut(t, good, 16),
		"missing field":   Encrypt(k, []byte("hook=LeaveRequest.Add.7&user_name=emma")),
		"malformed field": Encrypt(k, []byte(strings.Replace(delivery("LeaveRequest.Add.7"), "object_id=7", "object_id=x", 1))),
		"not encrypted":   delivery("LeaveRequest.Add.7"),
		"wrong system":    Encrypt(k, []byte(otherSystem)),
		"empty":           "",
	}
	var first *httptest.ResponseRecorder
	for name, body := range bad {
		w := serve(h, post("/", formType, body))
		assert.Equal(t, http.StatusBadRequest, w.Code, name)
		if first == nil {
			first = w
		}
		assert.Equal(t, first.Body.String(), w.Body.String(), "%s: the same body for every bad delivery", name)
		assert.Equal(t, first.Header(), w.Header(), name)
	}
	out := logs.String()
	assert.Zero(t, calls.Load(), "no bad delivery reached a callback")
	for _, want := range []string{"not base64", "not a whole number", "does not decrypt", "padding", "missing field", "malformed field object_id", "not encrypted", "another account", "empty delivery", "body_sha256="} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, key)
	assert.NotContains(t, out, good[:24], "no ciphertext in the log")
	assert.NotContains(t, out, "user_name=emma", "no payload in the log")
	assert.Equal(t, http.StatusAccepted, serve(h, post("/", formType, good)).Code, "and the good one passes")
	require.NoError(t, h.Shutdown(context.Background()))
	assert.EqualValues(t, 1, calls.Load())
}
