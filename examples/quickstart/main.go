// Command quickstart is a tour of the TribeHR Go SDK: it lists users, reads
// one in full, creates (with its working days counted) and approves a
// leave request, lists upcoming events and this year's holidays, and sends
// a kudos written with package bbcode.
//
//	go run ./examples/quickstart [-user name] [-subdomain acme | -base-url URL [-ca-file ca.pem]] [-api-key-file file]
//
// With TRIBEHR_SUBDOMAIN (or TRIBEHR_BASE_URL, and TRIBEHR_CA_FILE for the
// standalone fake of cmd/tribehr-fake, which prints these lines to paste),
// TRIBEHR_USERNAME and TRIBEHR_API_KEY set, or the flags, it talks to that
// server, and removes the leave request and the kudos it made before it
// ends. Without them it starts the embedded fake server (package
// tribehrtest), as its administrator or the -user named, and says so: no
// account or set-up is needed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/bbcode"
	"github.com/tribehr/tribehr-go/examples/internal/exampleenv"
	"github.com/tribehr/tribehr-go/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if code := cli.ExitCode(os.Stderr, "quickstart", err); code != 0 {
		os.Exit(code)
	}
}

// run parses the command line args (flag errors go to errOut) and runs
// the tour, printing to out.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(errOut)
	where := exampleenv.AddFlags(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	client, desc, closeFn, err := where.Connect(tribehr.WithSource("tribehr-go quickstart"))
	if err != nil {
		return err
	}
	defer closeFn()
	fmt.Fprintln(out, "Talking to", desc)

	// Users: List returns partial users; Me and Get return full ones.
	users, err := client.Users.List(ctx)
	if err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	fmt.Fprintf(out, "\n%d active users, the first few:\n", len(users))
	for _, u := range users[:min(5, len(users))] {
		fmt.Fprintf(out, "  #%d %s <%s>\n", u.ID.Value(), u.DisplayName.Or("(no name)"), u.Email.Or("email hidden"))
	}

	me, err := client.Users.Me(ctx)
	if err != nil {
		return fmt.Errorf("read the authenticated user: %w", err)
	}
	printUser(out, me)

	// Leave: a request of the authenticated user for Monday to Wednesday, a
	// month from now, of the first leave type they have a balance for. The
	// API leaves counting its working days to us: CreateCounted counts them
	// (Monday to Friday, less the official holidays at the user's location)
	// and sends them.
	usages := me.LeaveUsages.Value()
	if len(usages) == 0 {
		return errors.New("the authenticated user has no leave types to request")
	}
	leaveType := usages[0].LeaveType.Value()
	start := tribehr.DateOf(nextMonday(time.Now().AddDate(0, 1, 0)))
	lr, err := client.LeaveRequests.CreateCounted(ctx, &tribehr.LeaveRequestCreate{
		DateStart: start,
		DateEnd:   start.AddDays(2),
		LeaveType: leaveType.ID.Value(),
		Comments:  tribehr.String("Sent by the tribehr-go quickstart"),
	}, nil)
	if err != nil {
		return fmt.Errorf("create a leave request: %w", err)
	}
	fmt.Fprintf(out, "\nCreated leave request #%d: %s, %s to %s (%s days), %s\n",
		lr.ID.Value(), lr.LeaveType.Value().Name.Value(), lr.DateStart.Value(), lr.DateEnd.Value(),
		lr.Days.Value(), lr.Status.Value())
	// Only a manager of the employee or an administrator may approve.
	approved, err := client.LeaveRequests.Approve(ctx, lr.ID.Value())
	switch {
	case errors.Is(err, tribehr.CodeAccess):
		fmt.Fprintln(out, "Could not approve it: only a manager of yours or an administrator may (ACCESS_ERROR)")
	case err != nil:
		return fmt.Errorf("approve leave request %d: %w", lr.ID.Value(), err)
	default:
		fmt.Fprintf(out, "Approved it: status %s\n", approved.Status.Value())
	}

	pending, err := client.LeaveRequests.List(ctx, &tribehr.LeaveRequestListOptions{Status: tribehr.LeaveFilterPending})
	if err != nil {
		return fmt.Errorf("list pending leave: %w", err)
	}
	fmt.Fprintf(out, "%d leave requests are pending\n", len(pending))

	// Events: Upcoming lists ongoing and future events (at most 50).
	upcoming, err := client.Events.Upcoming(ctx)
	if err != nil {
		return fmt.Errorf("list upcoming events: %w", err)
	}
	fmt.Fprintf(out, "\n%d upcoming events:\n", len(upcoming))
	for _, e := range upcoming[:min(5, len(upcoming))] {
		fmt.Fprintf(out, "  %s  %s\n", when(e.StartDate.Value()), e.Name.Value())
	}

	year := time.Now().Year()
	holidays, err := client.Events.Holidays(ctx, &tribehr.HolidayListOptions{Year: year})
	if err != nil {
		return fmt.Errorf("list the holidays of %d: %w", year, err)
	}
	fmt.Fprintf(out, "\n%d holidays in %d:\n", len(holidays), year)
	for _, h := range holidays {
		// Event notes arrive as HTML; print them as plain text.
		fmt.Fprintf(out, "  %s  %s", h.StartDate.Value().Date(), h.Name.Value())
		if notes := bbcode.PlainTextFromHTML(h.Notes.Value()); notes != "" {
			fmt.Fprintf(out, ": %s", notes)
		}
		fmt.Fprintln(out)
	}

	// Kudos: to the first other user, in BBCode; read back as HTML.
	var to *tribehr.User
	for i := range users {
		if users[i].ID.Value() != me.ID.Value() {
			to = &users[i]
			break
		}
	}
	if to == nil {
		return errors.New("no other user to send kudos to")
	}
	text, err := bbcode.Render(bbcode.Bold(bbcode.Text("Thank you")), bbcode.Text(" for trying the Go SDK!"))
	if err != nil {
		return fmt.Errorf("write the kudos text: %w", err)
	}
	kudos, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{
		Recipients: tribehr.IDs{to.ID.Value()},
		Text:       text,
	}, tribehr.FormattedTextAs(tribehr.TextFormatHTML))
	if err != nil {
		return fmt.Errorf("send kudos: %w", err)
	}
	fmt.Fprintf(out, "\nSent kudos #%d to %s: %s (source %q)\n",
		kudos.ID.Value(), to.DisplayName.Value(), kudos.Text.Value(), kudos.Source.Or(""))
	fmt.Fprintf(out, "  as plain text: %s\n", bbcode.PlainTextFromHTML(kudos.Text.Value()))

	// Clean up what the tour made, so a real account is left as it was.
	if err := client.Kudos.Delete(ctx, kudos.ID.Value()); err != nil {
		return fmt.Errorf("delete kudos %d: %w", kudos.ID.Value(), err)
	}
	if err := client.LeaveRequests.Delete(ctx, lr.ID.Value()); err != nil {
		return fmt.Errorf("delete leave request %d: %w", lr.ID.Value(), err)
	}
	fmt.Fprintf(out, "\nCleaned up: deleted kudos #%d and leave request #%d\n", kudos.ID.Value(), lr.ID.Value())
	return nil
}

// printUser prints the full user u. A field the caller may not see is
// absent, which is not the same as empty: say so rather than print "".
func printUser(out io.Writer, u *tribehr.User) {
	fmt.Fprintf(out, "\nYou are %s (%s), group %s\n", u.DisplayName.Value(), u.Username.Value(), u.Group.Or("not visible"))
	ar, ok := u.AssignmentRecord.Get()
	if !ok {
		fmt.Fprintln(out, "  assignment record: not visible")
		return
	}
	fmt.Fprintf(out, "  job: %s, department: %s, location: %s\n",
		ar.Job.Value().Title.Or("-"), ar.Department.Value().Name.Or("-"), ar.Location.Value().Name.Or("-"))
	if m, ok := ar.Manager.Get(); ok {
		fmt.Fprintf(out, "  manager: %s\n", m.DisplayName.Or(m.Username.Value()))
	}
	for _, lu := range u.LeaveUsages.Value() {
		left := "no allowance"
		if d, ok := lu.DaysRemaining.Get(); ok {
			left = d.String() + " days left"
		}
		fmt.Fprintf(out, "  %s: %s days used, %s\n", lu.LeaveType.Value().Name.Value(), lu.DaysUsed.Value(), left)
	}
}

// when formats an event's start: a calendar date and time for a zoned
// date/time, the wall-clock time for an always-local one.
func when(d tribehr.DateTime) string {
	if d.IsLocal() {
		return d.Time().Format("2006-01-02 15:04") + " (local)"
	}
	return d.Time().Format("2006-01-02 15:04 MST")
}

// nextMonday returns the first Monday on or after t.
func nextMonday(t time.Time) time.Time {
	for t.Weekday() != time.Monday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}
