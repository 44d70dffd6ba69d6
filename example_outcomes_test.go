package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// A call that got no answer says whether the server may have acted on it.
// Here the server takes a kudos and then drops the connection: the kudos
// may exist, so the SDK does not send it again, and says so.
func ExampleRequestError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close() // no answer
	}))
	defer srv.Close()
	client, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithBasicAuth("alice", "api-key"))
	if err != nil {
		log.Fatal(err)
	}

	_, err = client.Kudos.Create(context.Background(), &tribehr.KudosCreate{Recipients: tribehr.IDs{6}, Text: "Thanks!"})
	fmt.Println(errors.Is(err, tribehr.ErrOutcomeUnknown), errors.Is(err, tribehr.ErrNotSent))
	var reqErr *tribehr.RequestError
	if errors.As(err, &reqErr) {
		fmt.Println(reqErr.Method, reqErr.Path, reqErr.Attempts, reqErr.Outcome)
	}
	// Output:
	// true false
	// POST /kudos.json 1 outcome unknown
}

// A conditional GET: with the ETag of the copy it holds, the caller learns
// that it is still current without downloading it again.
func ExampleIfNoneMatch() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte(`{"id": 7, "username": "alice"}`))
	}))
	defer srv.Close()
	client, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithBasicAuth("alice", "api-key"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	var meta tribehr.Response
	cached, err := client.Users.Get(ctx, 7, tribehr.CaptureResponse(&meta))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cached.Username.Value(), meta.ETag)

	u, err := client.Users.Get(ctx, 7, tribehr.IfNoneMatch(meta.ETag), tribehr.CaptureResponse(&meta))
	if err != nil {
		log.Fatal(err)
	}
	if meta.NotModified {
		fmt.Println("not modified: keep", cached.Username.Value(), "; nothing returned:", u == nil)
	}
	// Output:
	// alice "v1"
	// not modified: keep alice ; nothing returned: true
}

// With create recovery, a create whose answer is lost is looked for before
// it is ever sent again. Here the fake processes the leave request and then
// resets the connection: the call still returns it, once.
func ExampleWithCreateRecovery() {
	srv, err := tribehrtest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.NewClient(tribehrtest.AdminUsername, tribehr.WithCreateRecovery(),
		tribehr.WithRetryPolicy(tribehr.RetryPolicy{MinWait: time.Millisecond})) // short waits, for the example
	if err != nil {
		log.Fatal(err)
	}
	srv.DropNext(1, http.MethodPost, "/leave_requests")

	var meta tribehr.Response
	lr, err := client.LeaveRequests.Create(context.Background(), &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2031, time.July, 7),
		DateEnd:   tribehr.NewDate(2031, time.July, 11),
		Days:      tribehr.Int(5),
		LeaveType: 1,
		Comments:  tribehr.String("Summer week"),
	}, tribehr.CaptureResponse(&meta))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(lr.Comments.Value(), lr.Days.Value(), "recovered:", meta.Recovered, "sent:", meta.Attempts)
	// Output: Summer week 5 recovered: true sent: 1
}
