package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"github.com/tribehr/tribehr-go"
)

func ExampleNewClient() {
	client, err := tribehr.NewClient("mycompany",
		tribehr.WithBasicAuth("alice", "570675830ab61a31ef57f70ca335f64374b56281"), // username or email, and API key
		tribehr.WithSource("Payroll Sync"),
		tribehr.WithRetryPolicy(tribehr.RetryPolicy{MaxAttempts: 5}),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.BaseURL())
	fmt.Println(client) // credentials never print
	// Output:
	// https://mycompany.mytribehr.com/
	// tribehr.Client{https://mycompany.mytribehr.com/, basic auth as alice, api 2.2.0}
}

// A caller who wants the response's metadata passes CaptureResponse to the
// call; the common call stays one line. Each call fills its own Response,
// so calls made in parallel never see each other's.
func ExampleCaptureResponse() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "100")
		w.Header().Set("X-RateLimit-Remaining", "99")
		w.Header().Set("ETag", `"abc"`)
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	client, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithBasicAuth("alice", "api-key"))
	if err != nil {
		log.Fatal(err)
	}

	var meta tribehr.Response
	if _, err := client.Users.List(context.Background(), tribehr.CaptureResponse(&meta)); err != nil {
		log.Fatal(err)
	}
	fmt.Println(meta.StatusCode, meta.Rate.Limit, meta.Rate.Remaining, meta.ETag, meta.Attempts)
	fmt.Println(meta.Method, meta.Path)
	// Output:
	// 200 100 99 "abc" 1
	// GET /users.json
}

// Errors are matched by the API's code or by HTTP status.
func ExampleAPIError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":{"code":"NOT_FOUND","messages":["Invalid Event"]}}`))
	}))
	defer srv.Close()
	client, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithBasicAuth("alice", "api-key"))
	if err != nil {
		log.Fatal(err)
	}

	req, _ := client.NewRequest(context.Background(), http.MethodGet, "events/1234567.json", nil)
	_, err = client.Do(req, nil)

	fmt.Println(errors.Is(err, tribehr.CodeNotFound), errors.Is(err, tribehr.ErrNotFound))
	var apiErr *tribehr.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Messages)
	}
	fmt.Println(err)
	// Output:
	// true true
	// 404 NOT_FOUND [Invalid Event]
	// tribehr: GET /events/1234567.json: 404 not found NOT_FOUND: Invalid Event
}

// A rate-limited server's answer carries how long to wait.
func ExampleAPIError_rateLimited() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "600") // longer than the policy lets the client sleep
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	client, _ := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithBasicAuth("alice", "api-key"),
		tribehr.WithRetryPolicy(tribehr.RetryPolicy{MaxServerWait: 30 * time.Second}))

	req, _ := client.NewRequest(context.Background(), http.MethodPost, "kudos.json", url.Values{"text": {"Thanks!"}})
	_, err := client.Do(req, nil)
	var apiErr *tribehr.APIError
	if errors.As(err, &apiErr) && errors.Is(err, tribehr.ErrRateLimited) {
		fmt.Println("retry after", apiErr.RetryAfter)
	}
	// Output: retry after 10m0s
}
