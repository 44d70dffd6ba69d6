// Command leave-calendar exports a team leave calendar: the approved leave
// requests and the official holidays of one year, as an iCalendar (RFC
// 5545) file that Google Calendar, Outlook or Apple Calendar can import or
// subscribe to.
//
//	go run ./examples/leave-calendar                       # this year, to standard output
//	go run ./examples/leave-calendar -year 2013 -o team.ics
//
// Every leave request and holiday becomes one all-day event with a stable
// UID (leave-<id>@<host>, event-<id>@<host>), so importing a newer export
// updates the events instead of adding copies. Leave that starts in the
// year before or ends in the year after is included when any of its days
// fall in the year.
//
// With TRIBEHR_SUBDOMAIN (or TRIBEHR_BASE_URL and TRIBEHR_CA_FILE, as the
// standalone fake of cmd/tribehr-fake prints them), TRIBEHR_USERNAME and
// TRIBEHR_API_KEY set, or the matching flags (-subdomain, -base-url,
// -ca-file, -user, -api-key-file), it reads that server; the calendar holds
// the leave that user may see (all of it for an administrator, their
// reports' for a manager). Without them it starts the embedded fake server
// (package tribehrtest), as its administrator or the -user named, whose
// demo leave is in 2013 and whose holidays are this year's and next
// year's. A one-line note on standard error says where it connected
// and how many events it wrote.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"os/signal"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/examples/internal/exampleenv"
	"github.com/tribehr/tribehr-go/internal/cli"
)

// prodID names this program in the calendar's PRODID.
const prodID = "-//tribehr-go//leave-calendar " + tribehr.Version + "//EN"

// main runs the program on the command line and the real clock, and exits
// with 1 after an error, 2 after a bad command line.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr, now: time.Now, connect: connect})
	stop()
	if code := cli.ExitCode(os.Stderr, "leave-calendar", err); code != 0 {
		os.Exit(code)
	}
}

// connect connects to TribeHR as exampleenv decides: the server the
// TRIBEHR_* variables or the flags name, or the embedded fake server.
func connect(where *exampleenv.Settings) (client *tribehr.Client, desc string, closeFn func(), err error) {
	return where.Connect(tribehr.WithSource("tribehr-go leave-calendar"))
}

// env is what run takes from outside the program, so that a test can
// give its own: the output streams, the clock and the connection.
type env struct {
	stdout, stderr io.Writer
	// now gives the default year and the calendar's time stamp.
	now func() time.Time
	// connect returns a client for the settings of the command line, a
	// description of where it is connected
	// fit to print, and a function to call when done.
	connect func(where *exampleenv.Settings) (client *tribehr.Client, desc string, closeFn func(), err error)
}

// run parses the command line args, fetches the year's approved leave and
// holidays and writes them as a calendar to the -o file or e.stdout.
func run(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("leave-calendar", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	outPath := fs.String("o", "-", "write the calendar to `file` (- for standard output)")
	year := fs.Int("year", e.now().Year(), "the `year` to export")
	where := exampleenv.AddFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: leave-calendar [-o file] [-year year] [-user name] [-subdomain acme | -base-url URL [-ca-file ca.pem]] [-api-key-file file]")
		fs.PrintDefaults()
	}
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *year < 1000 || *year > 9999 {
		return cli.BadUsage(fs, fmt.Sprintf("-year %d is not a four-digit year", *year))
	}

	client, desc, closeFn, err := e.connect(where)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer closeFn()
	host := client.BaseURL().Hostname()

	leave, err := leaveEvents(ctx, client, *year, host, e.stderr)
	if err != nil {
		return err
	}
	holidays, err := holidayEvents(ctx, client, *year, host, e.stderr)
	if err != nil {
		return err
	}
	events := append(leave, holidays...)
	sort.SliceStable(events, func(i, j int) bool {
		if c := events[i].First.Compare(events[j].First); c != 0 {
			return c < 0
		}
		return events[i].UID < events[j].UID
	})
	cal := &Calendar{
		ProdID: prodID,
		Name:   fmt.Sprintf("Team leave %d (%s)", *year, host),
		Stamp:  e.now(),
		Events: events,
	}

	// The whole calendar is made before anything is written, so a failed
	// API call never leaves an emptied or half-written file behind.
	var buf bytes.Buffer
	if _, err := cal.WriteTo(&buf); err != nil {
		return fmt.Errorf("make the calendar: %w", err)
	}
	dest := "standard output"
	if *outPath == "-" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("write the calendar: %w", err)
		}
	} else {
		if err := os.WriteFile(*outPath, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write the calendar: %w", err)
		}
		dest = *outPath
	}
	fmt.Fprintf(e.stderr, "leave-calendar: wrote %d events of %d (%d leave, %d holidays) to %s, from %s\n",
		len(events), *year, len(leave), len(holidays), dest, desc)
	return nil
}

// leaveEvents fetches the approved leave requests and returns as events
// those with at least one day in year. The API has no date filter, so
// the year is applied here. A request without usable dates is skipped with
// a warning on warn.
func leaveEvents(ctx context.Context, client *tribehr.Client, year int, host string, warn io.Writer) ([]Event, error) {
	requests, err := client.LeaveRequests.List(ctx, &tribehr.LeaveRequestListOptions{Status: tribehr.LeaveFilterApproved})
	if err != nil {
		return nil, fmt.Errorf("list approved leave: %w", err)
	}
	var events []Event
	for _, lr := range requests {
		// The server filters by status already; checking again keeps a
		// pending request off the calendar should a server ignore the
		// filter.
		if lr.Status.Value() != tribehr.LeaveApproved {
			continue
		}
		e, ok := leaveEvent(lr, host)
		if !ok {
			fmt.Fprintf(warn, "leave-calendar: skipped leave request %d: its dates (%q to %q) are not usable\n",
				lr.ID.Value(), lr.DateStart.Value(), lr.DateEnd.Value())
			continue
		}
		if e.Last.Year >= year && e.First.Year <= year {
			events = append(events, e)
		}
	}
	return events, nil
}

// leaveEvent returns the event of the leave request lr; ok is false when
// its dates are missing or out of order.
func leaveEvent(lr tribehr.LeaveRequest, host string) (e Event, ok bool) {
	first, last := lr.DateStart.Value(), lr.DateEnd.Value()
	if !first.Valid() || !last.Valid() || last.Before(first) {
		return Event{}, false
	}
	name := personName(lr.User.Value())
	kind := strings.TrimSpace(lr.LeaveType.Value().Name.Value())
	if kind == "" {
		kind = "Leave"
	}
	// Lists leave out days and hours, and the API counts working days
	// itself without saying how: the count is shown only when it was
	// sent, never guessed from the dates.
	summary := name + " — " + kind
	if days, ok := lr.Days.Get(); ok {
		summary += " (" + plural(days, "day") + ")"
	}
	when := "on " + first.String()
	if last != first {
		when = "from " + first.String() + " to " + last.String()
	}
	// The request's comments are the employee's note to their manager
	// (often the reason for sick leave): they stay off a calendar the
	// whole team reads.
	return Event{
		UID:         fmt.Sprintf("leave-%d@%s", lr.ID.Value(), host),
		First:       first,
		Last:        last,
		Summary:     summary,
		Description: fmt.Sprintf("%s is away (%s) %s.", name, kind, when),
		Categories:  []string{"Leave", kind},
		// Leave blocks the time of the person away: whoever imports it
		// into their own calendar shows as busy.
		Transparent: false,
	}, true
}

// holidayEvents fetches the official holidays with at least one day in
// year and returns them as events. A holiday without usable dates is
// skipped with a warning on warn.
func holidayEvents(ctx context.Context, client *tribehr.Client, year int, host string, warn io.Writer) ([]Event, error) {
	holidays, err := client.Events.Holidays(ctx, &tribehr.HolidayListOptions{Year: year})
	if err != nil {
		return nil, fmt.Errorf("list the holidays of %d: %w", year, err)
	}
	var events []Event
	for _, h := range holidays {
		e, ok := holidayEvent(h, host)
		if !ok {
			fmt.Fprintf(warn, "leave-calendar: skipped holiday %d: its dates (%q to %q) are not usable\n",
				h.ID.Value(), h.StartDate.Value(), h.EndDate.Value())
			continue
		}
		events = append(events, e)
	}
	return events, nil
}

// holidayEvent returns the all-day event of the holiday h; ok is false
// when its dates are missing or out of order.
func holidayEvent(h tribehr.Event, host string) (e Event, ok bool) {
	first, last, ok := eventDays(h.StartDate.Value(), h.EndDate.Value())
	if !ok {
		return Event{}, false
	}
	name := strings.TrimSpace(h.Name.Value())
	if name == "" {
		name = "Holiday"
	}
	var desc []string
	if notes := htmlToText(h.Notes.Value()); notes != "" {
		desc = append(desc, notes)
	}
	var where []string
	for _, loc := range h.Locations.Value() {
		if n := strings.TrimSpace(loc.Name.Value()); n != "" {
			where = append(where, n)
		}
	}
	if len(where) > 0 {
		desc = append(desc, "Observed at: "+strings.Join(where, "; "))
	}
	return Event{
		UID:         fmt.Sprintf("event-%d@%s", h.ID.Value(), host),
		First:       first,
		Last:        last,
		Summary:     name,
		Description: strings.Join(desc, "\n"),
		Categories:  []string{"Holiday"},
		// A holiday is information, as in the public holiday calendars:
		// it may apply to some offices only, so it does not make the
		// reader busy.
		Transparent: true,
	}, true
}

// eventDays returns the calendar days an event covers, first and last
// both included, from its start and end date/times, each read on its own
// wall clock (DateTime.Date): an always-local time is the same day
// everywhere, a zoned one the day of the offset it arrived with.
//
// The end needs care when it is exactly midnight. The API's holidays are
// always-local with start = end = 00:00 of the holiday, and the fake's
// documents say that "an always-local event that ends exactly at midnight
// lasts that whole day": so an always-local midnight end includes its own
// day. A zoned end at midnight is an instant, the moment the previous day
// ends: it includes its day only when the event also starts that day
// (a zero-length event), otherwise the last day is the day before. Any
// other end includes its day. ok is false when the start is missing or the
// end comes before the start.
func eventDays(start, end tribehr.DateTime) (first, last tribehr.Date, ok bool) {
	if start.IsZero() {
		return tribehr.Date{}, tribehr.Date{}, false
	}
	first = start.Date()
	if end.IsZero() {
		return first, first, true
	}
	last = end.Date()
	if t := end.Time(); !end.IsLocal() && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 && last.After(first) {
		last = last.AddDays(-1)
	}
	if last.Before(first) {
		return tribehr.Date{}, tribehr.Date{}, false
	}
	return first, last, true
}

// personName returns the name to show for a user: the display name, else
// the first and last names, else the username.
func personName(u tribehr.User) string {
	if n := strings.TrimSpace(u.DisplayName.Value()); n != "" {
		return n
	}
	rec := u.EmployeeRecord.Value()
	if n := strings.TrimSpace(rec.FirstName.Value() + " " + rec.LastName.Value()); n != "" {
		return n
	}
	if n := strings.TrimSpace(u.Username.Value()); n != "" {
		return n
	}
	return fmt.Sprintf("user %d", u.ID.Value())
}

// plural returns "1 day", "2 days" and so on.
func plural(n tribehr.Decimal, unit string) string {
	s := n.Normalized().String()
	if s == "1" {
		return "1 " + unit
	}
	return s + " " + unit + "s"
}

var (
	htmlBreak = regexp.MustCompile(`(?i)<br\s*/?>|</p>|</li>|</div>`)
	htmlTag   = regexp.MustCompile(`<[^>]*>`)
)

// htmlToText turns the HTML of event notes into plain lines: breaks and
// paragraph ends become line breaks, other tags go, entities are decoded,
// and blank lines are dropped. It is enough for the short notes events
// carry, not a general HTML renderer.
func htmlToText(s string) string {
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = html.UnescapeString(htmlTag.ReplaceAllString(s, ""))
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}
