package tribehr_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tribehr/tribehr-go"
)

// exampleClient starts a stand-in for a TribeHR account and returns a
// Client for it, and the function that stops it. The server answers each
// route ("GET /users/7.json", method and path without the query) with a
// fixture file from testdata; a route's value may start with a status,
// as in "404 users_not_found.json" (the default is 200). Any other
// request gets a body-less 404, as an unknown URL does on the real API.
//
// So that the examples show what goes over the wire, the server prints
// the query string of a request that has one ("sent GET
// /leave_requests.json?status=pending") and the form of a POST or PUT
// ("sent PUT /users/5.json: assignment_record%5Bphone%5D=...&id=5", keys
// sorted as url.Values.Encode sorts them), with the parts of a multipart
// body and the X-Source header of a write.
func exampleClient(routes map[string]string, opts ...tribehr.Option) (*tribehr.Client, func()) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route := r.Method + " " + r.URL.Path
		if r.URL.RawQuery != "" {
			fmt.Printf("sent %s?%s\n", route, r.URL.RawQuery)
		}
		if r.Method == http.MethodPost || r.Method == http.MethodPut {
			// Reads a url-encoded or a multipart body alike.
			err := r.ParseMultipartForm(1 << 20)
			fmt.Printf("sent %s: %s\n", route, r.PostForm.Encode())
			if err == nil {
				for field, files := range r.MultipartForm.File {
					for _, f := range files {
						fmt.Printf("sent file %s: %s, %s, %d bytes\n", field, f.Filename, f.Header.Get("Content-Type"), f.Size)
					}
				}
			}
			if src := r.Header.Get("X-Source"); src != "" {
				fmt.Println("sent X-Source:", src)
			}
		}
		answer, ok := routes[route]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		status := http.StatusOK
		if code, file, ok := strings.Cut(answer, " "); ok {
			n, err := strconv.Atoi(code)
			if err != nil {
				log.Fatalf("example route %q: bad status %q", route, code)
			}
			status, answer = n, file
		}
		b, err := os.ReadFile(filepath.Join("testdata", answer))
		if err != nil {
			log.Fatalf("example route %q: %v", route, err)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(b)
	}))
	opts = append([]tribehr.Option{
		tribehr.WithBaseURL(srv.URL),
		tribehr.WithBasicAuth("alice", "570675830ab61a31ef57f70ca335f64374b56281"),
	}, opts...)
	client, err := tribehr.NewClient("", opts...)
	if err != nil {
		log.Fatal(err)
	}
	return client, srv.Close
}
