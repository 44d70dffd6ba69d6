package tribehr_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"github.com/tribehr/tribehr-go/tribehrtest"
)

// Download fetches the pictures the models point at: a kudos picture, an
// avatar, a value's icon. Credentials go to the account's host only; an S3
// URL is fetched without them.
func ExampleClient_Download() {
	srv, err := tribehrtest.Start() // a stand-in for the account
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.NewClient(tribehrtest.AdminUsername)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	k, err := client.Kudos.Get(ctx, 83)
	if err != nil {
		log.Fatal(err)
	}
	pic, ok := k.Picture.Get()
	if !ok {
		log.Fatal("kudos 83 has no picture")
	}
	var buf bytes.Buffer // an *os.File in a real program
	info, err := client.Download(ctx, pic.URL.Value(), &buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d bytes of %s, with credentials: %t\n", info.Size, info.ContentType, info.Authenticated)
	// Output: 43 bytes of image/gif, with credentials: true
}
