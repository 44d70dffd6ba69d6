package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"golang.org/x/time/rate"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// Two Clients of one account, in one process, share a LocalLimiter. When
// the server says the account has no request left until its reset, the
// other Client waits for the reset instead of meeting a 429; a call whose
// deadline comes first is refused at once, unsent. (Replicas in several
// processes share a limiter through Redis instead: module
// github.com/tribehr/tribehr-go/redislimit.)
func ExampleWithLimiter() {
	srv, err := tribehrtest.Start(tribehrtest.WithRateLimit(2, time.Minute)) // 2 requests a minute
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	lim := tribehr.NewLocalLimiter(rate.Every(time.Second), 5)
	payroll, err := srv.NewClient(tribehrtest.AdminUsername, tribehr.WithLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}
	calendar, err := srv.NewClient(tribehrtest.AdminUsername, tribehr.WithLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	var meta tribehr.Response
	for range 2 {
		if _, err := payroll.Users.Get(ctx, 7, tribehr.CaptureResponse(&meta)); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("remaining:", meta.Rate.Remaining)

	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err = calendar.Users.Get(short, 7)
	fmt.Println(errors.Is(err, tribehr.ErrClientRateLimit), errors.Is(err, tribehr.ErrNotSent))
	fmt.Println("requests the server saw:", len(srv.Requests()))
	// Output:
	// remaining: 0
	// true true
	// requests the server saw: 2
}
