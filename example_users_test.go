package tribehr_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"strings"

	"github.com/tribehr/tribehr-go"
)

// List returns the active users as partial objects: what a list does not
// carry is absent.
func ExampleUsersService_List() {
	client, done := exampleClient(map[string]string{"GET /users.json": "users_list.json"})
	defer done()

	users, err := client.Users.List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		er := u.EmployeeRecord.Value()
		fmt.Println(u.ID.Value(), u.Username.Value(), er.FirstName.Value(), er.LastName.Value(), u.URL.Value())
	}
	fmt.Println("assignment record:", users[0].AssignmentRecord)
	// Output:
	// 6 george George Black /users/6.json
	// 7 alice Alice McDonald /users/7.json
	// assignment record: <absent>
}

// Get returns the full user: assignment and employee records, custom
// fields, leave usages. Dates stay calendar days and money stays exact.
func ExampleUsersService_Get() {
	client, done := exampleClient(map[string]string{"GET /users/7.json": "users_get.json"})
	defer done()

	u, err := client.Users.Get(context.Background(), 7)
	if err != nil {
		log.Fatal(err)
	}
	ar := u.AssignmentRecord.Value()
	pay := ar.PayInfo.Value()
	fmt.Println(u.DisplayName.Value(), "-", ar.Job.Value().Title.Value(), "in", ar.Department.Value().Name.Value())
	fmt.Println("manager:", ar.Manager.Value().DisplayName.Value())
	fmt.Println("hired:", ar.DateHired.Value(), "born:", u.EmployeeRecord.Value().Birthdate.Value())
	fmt.Println("pay:", pay.Rate.Value(), pay.Currency.Value(), pay.Label.Value())
	for _, cf := range u.CustomFieldRecords.Value() {
		fmt.Printf("%s: %s\n", cf.CustomField.Value().Name.Value(), cf.Content.Value())
	}
	for _, lu := range u.LeaveUsages.Value() {
		fmt.Println(lu.LeaveType.Value().Name.Value(), "used", lu.DaysUsed.Value(), "remaining", lu.DaysRemaining)
	}
	// Relative avatar URLs are made absolute; the server's address differs
	// on every run, so only the path is printed here.
	root := strings.TrimSuffix(client.BaseURL().String(), "/")
	fmt.Println(strings.TrimPrefix(u.Avatar.Value().URL.Value(), root))
	// Output:
	// Alice McDonald - Software Engineer in Development
	// manager: George Black
	// hired: 2012-10-25 born: 1982-02-21
	// pay: 65346.30 USD Annual Salary
	// Company Car: Lamborghini
	// Favorite operating system: OS/2
	// PTO used 5.0 remaining 5.0
	// Sick used 1.0 remaining <absent>
	// /users/view/7/picture
}

// Full turns a partial user, from a list or embedded in another object,
// into the full one.
func ExampleUsersService_Full() {
	client, done := exampleClient(map[string]string{
		"GET /users.json":   "users_list.json",
		"GET /users/7.json": "users_get.json",
	})
	defer done()

	users, err := client.Users.List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	alice, err := client.Users.Full(context.Background(), &users[1])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(users[1].Group, alice.Group)
	// Output: <absent> Managers
}

// MeWithAPIKey turns a password into an API key: authenticate once with
// the password, keep the key, forget the password.
func ExampleUsersService_MeWithAPIKey() {
	client, done := exampleClient(map[string]string{"GET /users/me.json": "users_get.json"},
		tribehr.WithBasicAuth("alice@mycompany.com", "the user's password"))
	defer done()

	me, err := client.Users.MeWithAPIKey(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	key := me.APIKey.Value() // a Secret: it prints as [redacted]
	fmt.Println(me.Username.Value(), "has an API key:", !key.IsZero(), key)

	// The Client the application keeps authenticates with the key.
	keyed, err := tribehr.NewClient("mycompany", tribehr.WithBasicAuth(me.Username.Value(), key.Reveal()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(keyed)
	// Output:
	// sent GET /users/me.json?requireApiKey=true
	// alice has an API key: true [redacted]
	// tribehr.Client{https://mycompany.mytribehr.com/, basic auth as alice, api 2.2.0}
}

// Update sends only the fields to change; assignment record fields go as
// assignment_record[phone], and the body carries the user's id.
func ExampleUsersService_Update() {
	client, done := exampleClient(map[string]string{"PUT /users/7.json": "users_get.json"})
	defer done()

	_, err := client.Users.Update(context.Background(), 7, &tribehr.UserUpdate{
		TwitterUsername:  tribehr.String("@tribehr"),
		BlogURL:          tribehr.String("http://developers.tribehr.com"),
		AssignmentRecord: &tribehr.AssignmentRecordUpdate{Phone: tribehr.String("519-555-1234")},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// sent PUT /users/7.json: assignment_record%5Bphone%5D=519-555-1234&blog_url=http%3A%2F%2Fdevelopers.tribehr.com&id=7&twitter_username=%40tribehr
}

// contact is a record of another system that a sync keeps up to date
// from TribeHR.
type contact struct {
	Name, Twitter, Blog, LinkedIn, Group string
}

// A field the caller may not see is absent; a field that is present but
// null or "" really is empty. A sync must copy only present fields: were
// it to copy an absent field as "", it would wipe data it was not allowed
// to see.
func ExampleUser_visibility() {
	// An employee (not an administrator) reads a colleague.
	client, done := exampleClient(map[string]string{"GET /users/7.json": "users_visibility.json"})
	defer done()
	u, err := client.Users.Get(context.Background(), 7)
	if err != nil {
		log.Fatal(err)
	}

	fmt.Println("twitter_username:", u.TwitterUsername, "null:", u.TwitterUsername.Null())
	fmt.Printf("blog_url: %q present: %v\n", u.BlogURL.Value(), u.BlogURL.Present())
	fmt.Println("linkedin_url:", u.LinkedInURL, "absent:", u.LinkedInURL.Absent())
	fmt.Println("group:", u.Group)

	// The other system's copy, written earlier by an administrator's sync.
	c := contact{Name: "Alice McDonald", Twitter: "alicemcdonald82", Blog: "http://alice.blogger.com/",
		LinkedIn: "http://ca.linkedin.com/in/alicemcdonald82/", Group: "Managers"}

	// Copy present fields only; null and "" clear, absent leaves alone.
	copyText := func(dst *string, f tribehr.Field[string]) {
		if f.Present() {
			*dst = f.Value() // "" for null
		}
	}
	copyText(&c.Name, u.DisplayName)
	copyText(&c.Twitter, u.TwitterUsername)
	copyText(&c.Blog, u.BlogURL)
	copyText(&c.LinkedIn, u.LinkedInURL)
	copyText(&c.Group, u.Group)
	fmt.Printf("%+v\n", c)
	// Output:
	// twitter_username: <null> null: true
	// blog_url: "" present: true
	// linkedin_url: <absent> absent: true
	// group: <absent>
	// {Name:Alice McDonald Twitter: Blog: LinkedIn:http://ca.linkedin.com/in/alicemcdonald82/ Group:Managers}
}

// ListIter walks the users as they arrive, one at a time, however many
// there are; an error is yielded once and ends the loop.
func ExampleUsersService_ListIter() {
	client, done := exampleClient(map[string]string{"GET /users.json": "users_list.json"})
	defer done()

	for u, err := range client.Users.ListIter(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.ID.Value(), u.DisplayName.Value())
	}
	// Output:
	// 6 George Black
	// 7 Alice McDonald
}

// The getters read through embedded objects without copies and never
// panic: a missing link (absent, null, [] or unparsed) yields the zero
// value. The fields keep the difference.
func ExampleUser_GetAssignmentRecord() {
	var u tribehr.User
	if err := json.Unmarshal([]byte(`{"id":7,"assignment_record":{"manager":null,"job":[]}}`), &u); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("manager %q, job title %q\n", u.GetAssignmentRecord().GetManager().GetDisplayName(),
		u.GetAssignmentRecord().GetJob().GetTitle())
	ar := u.AssignmentRecord.Value()
	fmt.Println("manager null:", ar.Manager.Null(), "job present:", ar.Job.Present(), "location absent:", ar.Location.Absent())
	// Output:
	// manager "", job title ""
	// manager null: true job present: true location absent: true
}

// UnparsedFields lists what arrived in a form the SDK could not read,
// nested fields included, with the raw JSON: the rest of the object
// decoded.
func ExampleUser_UnparsedFields() {
	var u tribehr.User
	err := json.Unmarshal([]byte(`{"id":7,"display_name":"Alice","badge_count":"many","assignment_record":{"date_hired":"25/10/2012"}}`), &u)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.DisplayName.Value())
	for _, f := range u.UnparsedFields() {
		fmt.Printf("%s = %s\n", f.Path, f.Raw)
	}
	// Output:
	// Alice
	// assignment_record.date_hired = "25/10/2012"
	// badge_count = "many"
}

// A Secret prints and logs redacted; Reveal reads it on purpose.
func ExampleSecret() {
	var u tribehr.User
	if err := json.Unmarshal([]byte(`{"id":7,"username":"alice","api_key":"570675830ab61a31"}`), &u); err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.APIKey, u.GetAPIKey())
	fmt.Printf("%+v\n", u.APIKey)
	fmt.Println(len(u.APIKey.Value().Reveal()), "characters")
	// Output:
	// [redacted] [redacted]
	// [redacted]
	// 16 characters
}
