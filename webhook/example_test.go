package webhook_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
	"github.com/tribehr/tribehr-go/webhook"
)

// A receiver of encrypted deliveries, tested end to end against the
// tribehrtest fake: an employee's leave request reaches the callback,
// which fetches it through the API.
func ExampleHandler() {
	srv, err := tribehrtest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	admin, _ := srv.NewClient(tribehrtest.AdminUsername)
	emma, _ := srv.NewClient(tribehrtest.EmployeeUsername)

	h, err := webhook.NewHandler(webhook.WithSecureKey("s3cret"), webhook.WithSystem(admin.BaseURL().String()))
	if err != nil {
		log.Fatal(err)
	}
	h.HandleFunc("LeaveRequest.Add", func(ctx context.Context, e *webhook.Event) error {
		lr, err := webhook.FetchLeaveRequest(ctx, admin, e.Handle)
		if err != nil {
			return err
		}
		fmt.Printf("%s asked for %s days from %s (encrypted: %v)\n",
			e.Actor.Name, lr.Days.Value(), lr.DateStart.Value(), e.Encrypted)
		return nil
	})
	receiver := httptest.NewServer(h)
	defer receiver.Close()
	if _, err := srv.AddWebhook(tribehrtest.Webhook{Event: "LeaveRequest.Add", URL: receiver.URL, SecureKey: "s3cret"}); err != nil {
		log.Fatal(err)
	}

	days := 3
	ctx := context.Background()
	if _, err := emma.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2030, time.July, 1), DateEnd: tribehr.NewDate(2030, time.July, 3),
		Days: &days, LeaveType: 1,
	}); err != nil {
		log.Fatal(err)
	}
	srv.WaitDeliveries(ctx) // the fake has delivered
	h.Shutdown(ctx)         // the callback has run
	// Output: emma asked for 3 days from 2030-07-01 (encrypted: true)
}

// Parsing a delivery without the Handler.
func ExampleParser() {
	p := webhook.Parser{System: "https://anexample.mytribehr.com/"}
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(
		"user_id=3&user_name=dhall&system=https%3A%2F%2Fanexample.mytribehr.com%2F&object_id=34&object=Note"+
			"&hook=Note.Edit.34&text=Note.Edit.34+by+dhall+at+https%3A%2F%2Fanexample.mytribehr.com%2F"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	e, err := p.Parse(r)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Object, e.Action, e.ID, "by", e.Actor.Name)
	fmt.Println(e.Text)
	// Output:
	// Note Edit 34 by dhall
	// Note.Edit.34 by dhall at https://anexample.mytribehr.com/
}

// Decrypting the example of TribeHR's post on secured webhooks.
func ExampleDecrypt() {
	key, _ := webhook.NewSecureKey("1234567890123456")
	payload, err := webhook.Decrypt(key, "3jP7YzjldS1cBbcTriOnjCyz6PRlKx5hS0mJzSaq4QFQ9hJo6Q5HYA5Plk6L4VQ5BqQ3"+
		"mTNx/lQPAef3YBEgTCgSr2MP4K4v8sTUjnUa0WP9467PbUkcSWJb2flKKscbLJpfNCVNb0unhlXWAXsifUwGPIo8VKfFhMNhX9Vn7kgR"+
		"X0Ww2l6U7/vgPavM+DDixoXFq/oFYNJWbUu4gtJhZiRRQy16yZik0MbTeiM/q0wH+ai7UDoWvJCOmartGQD2wyWchui3dl1ccMudoylhvg==")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(payload))
	// Output: user_id=25&user_name=username+25&system=https%3A%2F%2Fperformance.mytribehr.dev%2F&object_id=25&object=User&hook=User.Edit.25&text=User.Edit.25+by+username+25+at+https%3A%2F%2Fperformance.mytribehr.dev%2F
}

// One callback per change: a leave request added approved arrives as
// LeaveRequest.Add and LeaveRequest.Approve, in either order, and is one
// Change, passed on as soon as both are in.
func ExampleCoalescer() {
	co := webhook.NewCoalescer(func(ctx context.Context, c *webhook.Change) error {
		fmt.Println(c.Object, c.ID, c.Actions(), "approved:", c.Has(webhook.ActionApprove))
		return nil
	})
	ctx := context.Background()
	for _, hook := range []string{"LeaveRequest.Approve.7", "LeaveRequest.Add.7"} {
		h, _ := webhook.ParseHandle(hook)
		co.Add(ctx, &webhook.Event{Handle: h, Hook: hook})
	}
	co.Flush(ctx)
	// Output: LeaveRequest 7 [Approve Add] approved: true
}
