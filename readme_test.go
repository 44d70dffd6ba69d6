package tribehr_test

// The Go blocks of README.md, compiled. Each region between
// "// readme:begin NAME" and "// readme:end" is, without its indentation,
// one block of the README, character for character; TestREADMEGoBlocks
// (readme_blocks_test.go) keeps the two equal. The regions inside
// functions run too, against the fake, so every block of the README is
// code that works, not only code that compiles.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/bbcode"
	"github.com/tribehr/tribehr-go/tribehrtest"
	"github.com/tribehr/tribehr-go/webhook"
	"gopkg.in/h2non/gock.v1"
)

// readme:begin your-code
// ApprovePending approves every pending leave request the client's user
// may approve, and returns how many it approved.
func ApprovePending(ctx context.Context, client *tribehr.Client) (int, error) {
	pending, err := client.LeaveRequests.List(ctx, &tribehr.LeaveRequestListOptions{
		Status:                         tribehr.LeaveFilterPending,
		FilterByHasPermissionToApprove: tribehr.Bool(true),
	})
	if err != nil {
		return 0, err
	}
	for i, lr := range pending {
		if _, err := client.LeaveRequests.Approve(ctx, lr.ID.Value()); err != nil {
			return i, fmt.Errorf("approve leave request %d: %w", lr.ID.Value(), err)
		}
	}
	return len(pending), nil
}

// readme:end

// readme:begin tribehrtest
func TestApprovePending(t *testing.T) {
	srv := tribehrtest.NewServer(t) // the demo company on loopback HTTPS, closed by t.Cleanup
	alice := srv.ClientAs(t, tribehrtest.ManagerUsername)
	emma := srv.ClientAs(t, tribehrtest.EmployeeUsername) // may approve nothing
	srv.DropNext(1, "PUT", "/leave_requests")             // approve the next one, then hang up: the SDK retries the PUT
	ctx := context.Background()

	if n, err := ApprovePending(ctx, emma); err != nil || n != 0 {
		t.Fatalf("as emma: approved %d, %v", n, err)
	}
	n, err := ApprovePending(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 { // emma's and willytrainer's requests; alice may not approve her own
		t.Errorf("approved %d leave requests, want 2", n)
	}
	for _, r := range srv.Requests() { // what the server saw
		t.Log(r.Method, r.Path, r.User, r.Status, r.Dropped)
	}
}

// readme:end

// readme:begin gock
func TestApprovePendingWithGock(t *testing.T) {
	defer gock.Off() // as gock's README teaches: mocks first, then the code under test
	gock.New("https://mycompany.mytribehr.com").
		Get("/leave_requests.json").
		MatchParam("status", "^pending$").
		MatchParam("filterByHasPermissionToApprove", "^true$").
		Reply(200).
		JSON([]map[string]any{{"id": 17, "status": "PENDING", "url": "/leave_requests/17.json"}})
	gock.New("https://mycompany.mytribehr.com").
		Put("/leave_requests/17.json").
		BodyString(`^id=17&status=APPROVED$`).
		Reply(200).
		JSON(map[string]any{"id": 17, "status": "APPROVED"})

	client, err := tribehr.NewClient("mycompany", tribehr.WithBasicAuth("alice", "test-api-key"),
		tribehr.WithRetryPolicy(tribehr.RetryPolicy{MaxAttempts: 1})) // an unmatched request fails at once
	if err != nil {
		t.Fatal(err)
	}
	n, err := ApprovePending(context.Background(), client)
	if err != nil || n != 1 {
		t.Fatalf("approved %d, %v", n, err)
	}
	if !gock.IsDone() {
		t.Errorf("mocks not called: %v", gock.Pending())
	}
}

// readme:end

// payrollRow is a row of the reader's own payroll table.
type payrollRow struct {
	Phone   string
	Manager string
}

func readmeReading(ctx context.Context, client *tribehr.Client, row *payrollRow) error {
	// readme:begin reading
	u, err := client.Users.Get(ctx, 7)
	if err != nil {
		return err
	}
	if phone, ok := u.AssignmentRecord.Value().Phone.Get(); ok { // skip what is absent; never write it as ""
		row.Phone = phone
	}
	row.Manager = u.GetAssignmentRecord().GetManager().GetDisplayName() // "" when any link is missing
	for _, f := range u.UnparsedFields() {                              // what the SDK could not read, and why
		log.Printf("user %d: %s (raw %s)", u.ID.Value(), f, f.Raw)
	}
	fmt.Println("api key:", u.APIKey.Value()) // a tribehr.Secret: [redacted] in fmt and slog; .Reveal() reads it
	// readme:end
	return nil
}

func readmeModels() tribehr.User {
	// readme:begin models
	want := tribehr.User{ID: tribehr.NewField[tribehr.ID](7), DisplayName: tribehr.NewField("Alice McDonald"),
		AssignmentRecord: tribehr.NewObject(tribehr.AssignmentRecord{Phone: tribehr.NullField[string]()})}
	// readme:end
	return want
}

func readmeErrors(ctx context.Context, client *tribehr.Client) {
	// readme:begin errors
	_, err := client.Events.Get(ctx, 999)
	switch {
	case errors.Is(err, tribehr.ErrNotFound): // by HTTP status
		fmt.Println("no such event")
	case errors.Is(err, tribehr.CodeAccess): // by the API's error code
		fmt.Println("not yours to see")
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Println("too slow")
	}
	var apiErr *tribehr.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Messages, apiErr.RetryAfter, apiErr.Attempts)
	}
	// readme:end
}

func readmeDownload(ctx context.Context, client *tribehr.Client) error {
	// readme:begin download
	k, err := client.Kudos.Get(ctx, 83)
	if err != nil {
		return err
	}
	if pic, ok := k.Picture.Get(); ok {
		var buf bytes.Buffer // or an *os.File
		info, err := client.Download(ctx, pic.URL.Value(), &buf, tribehr.MaxDownloadSize(5<<20))
		if err != nil { // a *tribehr.DownloadTooLargeError past 5 MiB, an *APIError for a non-2xx answer
			return err
		}
		fmt.Println(info.ContentType, info.Size, "bytes")
	}
	// readme:end
	return nil
}

// notifyApprover is the reader's own code.
func notifyApprover(ctx context.Context, lr *tribehr.LeaveRequest) error { return ctx.Err() }

func readmeWebhooks(client *tribehr.Client, mux *http.ServeMux) error {
	// readme:begin webhooks
	h, err := webhook.NewHandler(webhook.WithSecureKey(os.Getenv("TRIBEHR_WEBHOOK_KEY")),
		webhook.WithSystem(client.BaseURL().String())) // refuse other accounts
	if err != nil {
		return err
	}
	h.HandleFunc("LeaveRequest.Add", func(ctx context.Context, e *webhook.Event) error {
		lr, err := webhook.FetchLeaveRequest(ctx, client, e.Handle)
		if err != nil {
			return err
		}
		return notifyApprover(ctx, lr) // your code
	})
	mux.Handle("/tribehr", h) // and h.Shutdown(ctx) on the way out, to drain the queue
	// readme:end
	return nil
}

func readmeIterator(ctx context.Context, client *tribehr.Client) error {
	// readme:begin iterator
	var meta tribehr.Response
	for u, err := range client.Users.ListIter(ctx, tribehr.CaptureResponse(&meta)) {
		if err != nil {
			return err // yielded once; a *tribehr.ListError says how many users came before it
		}
		fmt.Println(u.DisplayName.Value())
	}
	fmt.Println("paging:", meta.Paging.TotalRecords, "users in", meta.Paging.TotalPages, "pages")
	// readme:end
	return nil
}

// cachedUser is the reader's own cache of a user.
type cachedUser struct {
	User *tribehr.User
	ETag string
}

func readmeConditional(ctx context.Context, client *tribehr.Client, cached *cachedUser) error {
	// readme:begin conditional
	var meta tribehr.Response
	u, err := client.Users.Get(ctx, 7, tribehr.IfNoneMatch(cached.ETag), tribehr.CaptureResponse(&meta))
	switch {
	case err != nil:
		return err
	case meta.NotModified: // the cached copy is current
	default: // u is new: keep it with its ETag
		cached.User, cached.ETag = u, meta.ETag
	}
	// readme:end
	return nil
}

func readmeOutcomes(ctx context.Context, client *tribehr.Client, params *tribehr.LeaveRequestCreate) {
	// readme:begin outcomes
	_, err := client.LeaveRequests.Create(ctx, params)
	switch {
	case errors.Is(err, tribehr.ErrUnknownHost): // a mistyped subdomain (also ErrNotSent)
		fmt.Println("check the subdomain")
	case errors.Is(err, tribehr.ErrNotSent): // certainly not processed: safe to send again
		fmt.Println("not sent")
	case errors.Is(err, tribehr.ErrOutcomeUnknown): // sent, answer lost: it may exist now
		fmt.Println("look before sending again, or use WithCreateRecovery")
	}
	var reqErr *tribehr.RequestError
	if errors.As(err, &reqErr) {
		fmt.Println(reqErr.Method, reqErr.Path, reqErr.Attempts, reqErr.Outcome, reqErr.Err)
	}
	// readme:end
}

func readmeWorkingDays(ctx context.Context, client *tribehr.Client) error {
	// readme:begin working-days
	lr, err := client.LeaveRequests.CreateCounted(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2026, time.December, 21), // both days included
		DateEnd:   tribehr.NewDate(2027, time.January, 1),
		User:      tribehr.Ptr[tribehr.ID](20),
		LeaveType: 1,
	}, &tribehr.WorkingDaysOptions{Week: tribehr.MondayToFriday(8 * time.Hour)}) // the default week
	if err != nil {
		return err
	}
	fmt.Println(lr.Days.Value(), "working days")
	// readme:end
	return nil
}

func readmeRichText(ctx context.Context, client *tribehr.Client, name, link, handWritten string, event *tribehr.Event) error {
	// readme:begin rich-text
	text, err := bbcode.Render(bbcode.Bold(bbcode.Text("Thanks")), bbcode.Text(", "+name+" [team lead]! "),
		bbcode.URL(link, bbcode.Text("release notes"))) // err names a javascript: link or an unsupported tag
	if err != nil {
		return err
	}
	k, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{6}, Text: text})
	if err != nil {
		return err
	}
	if err := bbcode.Validate(handWritten); err != nil { // unsupported, unbalanced, misplaced tags, bad arguments
		return err
	}
	chat := bbcode.PlainText(k.Text.Value())               // lists, quotes, links readable
	notes := bbcode.PlainTextFromHTML(event.Notes.Value()) // entities decoded, via golang.org/x/net/html
	fmt.Println(chat, notes)
	// readme:end
	return nil
}

// TestREADMESnippetsRun runs the README's snippets against the fake.
func TestREADMESnippetsRun(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	client := srv.Client(t)
	ctx := testCtx(t)

	var row payrollRow
	require.NoError(t, readmeReading(ctx, client, &row))
	assert.Equal(t, payrollRow{Phone: "1 800 123 4567", Manager: "George Black"}, row)

	want := readmeModels()
	assert.True(t, want.AssignmentRecord.Value().Phone.Null())

	readmeErrors(ctx, client)
	require.NoError(t, readmeDownload(ctx, client))

	require.NoError(t, readmeIterator(ctx, client))

	var cached cachedUser
	require.NoError(t, readmeConditional(ctx, client, &cached))
	require.NotNil(t, cached.User, "the first call has no cached copy")
	readmeOutcomes(ctx, client, &tribehr.LeaveRequestCreate{DateStart: tribehr.NewDate(2027, 3, 1),
		DateEnd: tribehr.NewDate(2027, 3, 2), Days: tribehr.Int(2), LeaveType: 1})
	require.NoError(t, readmeWorkingDays(ctx, client))
	event, err := client.Events.Get(ctx, 252)
	require.NoError(t, err)
	require.NoError(t, readmeRichText(ctx, client, "Abby", "https://example.com/notes", "[b]done[/b]", event))

	t.Setenv("TRIBEHR_WEBHOOK_KEY", "0123456789abcdef")
	mux := http.NewServeMux()
	require.NoError(t, readmeWebhooks(client, mux))
	_, pattern := mux.Handler(httptest.NewRequest(http.MethodPost, "/tribehr", nil))
	assert.Equal(t, "/tribehr", pattern)

	ctx, cancel := context.WithTimeout(ctx, time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	readmeErrors(ctx, client) // the deadline branch
}
