package tribehrtest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"testing"

	"github.com/tribehr/tribehr-go/tribehrtest"
)

// A test starts a fake, gets a ready client and checks what the server saw.
func Example() {
	srv, err := tribehrtest.Start(tribehrtest.WithSingleLocationQuirk())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.NewClient(tribehrtest.EmployeeUsername)
	if err != nil {
		log.Fatal(err)
	}

	ev, err := client.Events.Get(context.Background(), 20)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ev.Name.Value())
	r := srv.Requests()[0]
	fmt.Println(r.Method, r.Path, r.User, r.Status)
	// Output:
	// Company Picnic
	// GET /events/20.json emma 200
}

// Without the SDK: plain net/http against srv.URL.
func ExampleServer_HTTPClient() {
	srv, err := tribehrtest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/events/1234567.json", nil)
	req.SetBasicAuth(tribehrtest.AdminUsername, tribehrtest.AdminAPIKey)
	req.Header.Set("X-API-Version", "2.0.0")
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
	// Output: 404 Not Found
}

// DropNext loses a response after the server made the change: a client
// must not create the kudos twice.
func ExampleServer_DropNext() {
	srv, err := tribehrtest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.DropNext(1, http.MethodPost, "/kudos")
	// ... call the code under test, then count the POSTs in srv.Requests().
	fmt.Println(len(srv.Requests()))
	// Output: 0
}

func TestClientAgainstFake(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	ctx := context.Background()
	admin := srv.Client(t)
	holidays, err := admin.Events.Upcoming(ctx)
	if err != nil || len(holidays) == 0 {
		t.Fatalf("upcoming: %v, %d events", err, len(holidays))
	}
	tsmith := srv.ClientAs(t, "tsmith") // no API key: password
	if _, err := tsmith.Events.Get(ctx, 252); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.NewClient("nobody"); err == nil {
		t.Fatal("an unknown user has no client")
	}
}
