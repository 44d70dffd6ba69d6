package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/tribehr/tribehr-go"
	"gopkg.in/h2non/gock.v1"
)

// Code that uses the SDK is tested with gock as gock's README teaches:
// declare the mocks, then run the code. The Client needs no set-up of its
// own; it could as well be made before the mocks.
func Example_gock() {
	defer gock.Off()
	gock.New("https://mycompany.mytribehr.com").
		Get("/users/me.json").
		MatchHeader("X-API-Version", `^2\.2\.0$`).
		BasicAuth("alice", "test-api-key").
		Reply(200).
		JSON(map[string]any{"id": 7, "username": "alice", "display_name": "Alice McDonald"})

	client, err := tribehr.NewClient("mycompany", tribehr.WithBasicAuth("alice", "test-api-key"),
		tribehr.WithRetryPolicy(tribehr.RetryPolicy{MaxAttempts: 1})) // an unmatched request fails at once
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Users.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.DisplayName.Value(), gock.IsDone())

	_, err = client.Users.Get(context.Background(), 8) // no mock: never sent
	fmt.Println(errors.Is(err, gock.ErrCannotMatch))
	// Output:
	// Alice McDonald true
	// true
}
