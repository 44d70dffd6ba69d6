// Command hello is the README's quickstart: it greets the user it logs in
// as, asks for three days of leave and withdraws the request again.
//
//	TRIBEHR_SUBDOMAIN=mycompany TRIBEHR_USERNAME=alice TRIBEHR_API_KEY=... go run ./examples/hello
//
// With the export lines of `go run ./cmd/tribehr-fake` instead, it talks
// to the standalone fake.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/tribehr/tribehr-go"
)

func main() {
	client, err := tribehr.NewClient(os.Getenv("TRIBEHR_SUBDOMAIN"), // "mycompany": https://mycompany.mytribehr.com
		tribehr.WithBasicAuth(os.Getenv("TRIBEHR_USERNAME"), os.Getenv("TRIBEHR_API_KEY")),
		tribehr.WithBaseURL(os.Getenv("TRIBEHR_BASE_URL")), // another server instead, such as the standalone fake,
		tribehr.WithCAFile(os.Getenv("TRIBEHR_CA_FILE")))   // and the CA file to trust for it (both optional)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	me, err := client.Users.Me(ctx) // the full object of the authenticated user
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Hello,", me.DisplayName.Value())
	if phone, ok := me.AssignmentRecord.Value().Phone.Get(); ok {
		fmt.Println("phone:", phone) // absent when you may not see it, which is not empty
	}

	types, err := client.LeaveTypes.List(ctx) // a leave request names its leave type by id
	if err != nil {
		log.Fatal(err)
	}
	if len(types) == 0 {
		log.Fatal("the account defines no leave types")
	}
	lr, err := client.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2030, time.December, 23),
		DateEnd:   tribehr.NewDate(2030, time.December, 25),
		Days:      tribehr.Int(3),
		LeaveType: types[0].ID.Value(),
	})
	var apiErr *tribehr.APIError
	switch {
	case errors.As(err, &apiErr) && errors.Is(err, tribehr.CodeValidation):
		fmt.Println("refused:", apiErr.Messages) // the server's reasons
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println("leave request", lr.ID.Value(), lr.Status.Value(), "of", lr.LeaveType.Value().Name.Value())
		if err := client.LeaveRequests.Delete(ctx, lr.ID.Value()); err != nil {
			log.Fatal(err)
		}
		fmt.Println("withdrawn again")
	}
}
