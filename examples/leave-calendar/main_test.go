package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/examples/internal/exampleenv"
	"github.com/tribehr/tribehr-go/internal/cli"
	"github.com/tribehr/tribehr-go/internal/fakecmd"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// clock is the time of the tests against the fake: in 2013, the year of
// the demo company's leave requests.
var clock = time.Date(2013, 10, 15, 12, 0, 0, 0, time.UTC)

// extraLeave are approved leave requests at the edges of 2013, loaded on
// top of the demo company's.
var extraLeave = []tribehrtest.FixtureLeaveRequest{
	{ID: 100, UserID: 7, LeaveTypeID: 3, DateStart: "2012-12-28", DateEnd: "2013-01-02", Days: 3, Status: "APPROVED"}, // from the year before
	{ID: 101, UserID: 2, LeaveTypeID: 1, DateStart: "2013-12-30", DateEnd: "2014-01-03", Days: 4, Status: "APPROVED"}, // into the year after
	{ID: 102, UserID: 6, LeaveTypeID: 2, DateStart: "2014-02-03", DateEnd: "2014-02-03", Days: 1, Status: "APPROVED"}, // the year after only
}

// newServer starts a fake whose clock is clock, with extraLeave.
func newServer(t *testing.T) *tribehrtest.Server {
	return tribehrtest.NewServer(t,
		tribehrtest.WithClock(func() time.Time { return clock }),
		tribehrtest.WithFixtureData(tribehrtest.Fixtures{LeaveRequests: extraLeave}))
}

// testEnv returns an env that connects to srv as its administrator, at
// clock, and the buffers of its standard output and error.
func testEnv(t *testing.T, srv *tribehrtest.Server) (env, *bytes.Buffer, *bytes.Buffer) {
	var stdout, stderr bytes.Buffer
	client := srv.Client(t)
	return env{
		stdout: &stdout,
		stderr: &stderr,
		now:    func() time.Time { return clock },
		connect: func(*exampleenv.Settings) (*tribehr.Client, string, func(), error) {
			return client, "the test server", func() {}, nil
		},
	}, &stdout, &stderr
}

// vevent is an event read back from a calendar: its properties by name
// (with parameters, such as "DTSTART;VALUE=DATE"), TEXT values unescaped.
type vevent map[string]string

// unescapeText undoes escapeText's escapes.
func unescapeText(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n", `\N`, "\n").Replace(s)
}

// parseCalendar reads a calendar as a subscriber would, checking on the
// way that it is well formed: CRLF lines of at most 75 octets, a
// VCALENDAR with the properties a published calendar needs, and events
// with a UID, a DTSTAMP in UTC, DATE values and an exclusive DTEND after
// the DTSTART. It returns the calendar's properties and its events.
func parseCalendar(t *testing.T, s string) (map[string]string, []vevent) {
	t.Helper()
	checkLines(t, s)
	lines := strings.Split(strings.TrimSuffix(unfold(s), "\r\n"), "\r\n")
	require.GreaterOrEqual(t, len(lines), 2)
	require.Equal(t, "BEGIN:VCALENDAR", lines[0])
	require.Equal(t, "END:VCALENDAR", lines[len(lines)-1])
	props := map[string]string{}
	var events []vevent
	var cur vevent
	for _, l := range lines[1 : len(lines)-1] {
		name, value, ok := strings.Cut(l, ":")
		require.True(t, ok, "a content line has a colon: %q", l)
		switch {
		case l == "BEGIN:VEVENT":
			require.Nil(t, cur, "VEVENTs do not nest")
			cur = vevent{}
		case l == "END:VEVENT":
			require.NotNil(t, cur, "END:VEVENT closes a VEVENT")
			events = append(events, cur)
			cur = nil
		case cur != nil:
			require.NotContains(t, cur, name, "a property appears once in an event")
			if name == "SUMMARY" || name == "DESCRIPTION" {
				value = unescapeText(value)
			}
			cur[name] = value
		default:
			props[name] = value
		}
	}
	require.Nil(t, cur, "every VEVENT is closed")
	assert.Equal(t, "2.0", props["VERSION"])
	assert.Equal(t, prodID, props["PRODID"])
	assert.Equal(t, "GREGORIAN", props["CALSCALE"])
	assert.Equal(t, "PUBLISH", props["METHOD"])
	date := regexp.MustCompile(`^\d{8}$`)
	for _, e := range events {
		assert.NotEmpty(t, e["UID"])
		assert.NotEmpty(t, e["SUMMARY"], e["UID"])
		assert.Regexp(t, `^\d{8}T\d{6}Z$`, e["DTSTAMP"], e["UID"])
		assert.Regexp(t, date, e["DTSTART;VALUE=DATE"], e["UID"])
		assert.Regexp(t, date, e["DTEND;VALUE=DATE"], e["UID"])
		assert.Greater(t, e["DTEND;VALUE=DATE"], e["DTSTART;VALUE=DATE"], e["UID"])
		assert.Contains(t, []string{"OPAQUE", "TRANSPARENT"}, e["TRANSP"], e["UID"])
	}
	return props, events
}

// byUID returns the events by UID, and fails the test if two share one.
func byUID(t *testing.T, events []vevent) map[string]vevent {
	t.Helper()
	m := map[string]vevent{}
	for _, e := range events {
		require.NotContains(t, m, e["UID"], "UIDs are unique")
		m[e["UID"]] = e
	}
	return m
}

// TestRunExportsApprovedLeaveAndHolidays exports the clock's year from the
// fake: the approved leave overlapping the year and the year's holidays,
// and no pending or rejected leave.
func TestRunExportsApprovedLeaveAndHolidays(t *testing.T) {
	srv := newServer(t)
	e, stdout, stderr := testEnv(t, srv)
	require.NoError(t, run(context.Background(), nil, e))

	props, events := parseCalendar(t, stdout.String())
	assert.Equal(t, "Team leave 2013 (127.0.0.1)", props["X-WR-CALNAME"])
	got := byUID(t, events)

	// Leave: the demo company's approved requests of 2013 (17 and 33) and
	// those of extraLeave that overlap 2013; none of the others.
	var leaveUIDs []string
	for uid := range got {
		if strings.HasPrefix(uid, "leave-") {
			leaveUIDs = append(leaveUIDs, uid)
		}
	}
	assert.ElementsMatch(t, []string{"leave-17@127.0.0.1", "leave-33@127.0.0.1", "leave-100@127.0.0.1", "leave-101@127.0.0.1"}, leaveUIDs)
	all, err := srv.Client(t).LeaveRequests.List(context.Background(), nil)
	require.NoError(t, err)
	var notApproved int
	for _, lr := range all {
		if lr.Status.Value() != tribehr.LeaveApproved {
			notApproved++
			assert.NotContains(t, got, fmt.Sprintf("leave-%d@127.0.0.1", lr.ID.Value()), "%s leave is left out", lr.Status.Value())
		}
	}
	assert.Equal(t, 5, notApproved, "the demo company has pending and rejected leave to leave out")

	assert.Equal(t, vevent{
		"UID":                "leave-33@127.0.0.1",
		"DTSTAMP":            "20131015T120000Z",
		"DTSTART;VALUE=DATE": "20130902",
		"DTEND;VALUE=DATE":   "20130907",
		"SUMMARY":            "Salley Fitzgibbon — Vacation",
		"DESCRIPTION":        "Salley Fitzgibbon is away (Vacation) from 2013-09-02 to 2013-09-06.",
		"CATEGORIES":         "Leave,Vacation",
		"TRANSP":             "OPAQUE",
	}, got["leave-33@127.0.0.1"])
	assert.Equal(t, "Jennifer Stevens — Vacation", got["leave-17@127.0.0.1"]["SUMMARY"])
	assert.Equal(t, "20121228", got["leave-100@127.0.0.1"]["DTSTART;VALUE=DATE"])
	assert.Equal(t, "20130103", got["leave-100@127.0.0.1"]["DTEND;VALUE=DATE"])
	assert.Equal(t, "Alice McDonald — PTO", got["leave-100@127.0.0.1"]["SUMMARY"])
	assert.Equal(t, "20140104", got["leave-101@127.0.0.1"]["DTEND;VALUE=DATE"])

	// Holidays: exactly those the API lists for 2013, each a whole day of
	// 2013, among them the seeded ones of the clock's year.
	holidays, err := srv.Client(t).Events.Holidays(context.Background(), &tribehr.HolidayListOptions{Year: 2013})
	require.NoError(t, err)
	require.NotEmpty(t, holidays)
	var names []string
	for _, h := range holidays {
		uid := fmt.Sprintf("event-%d@127.0.0.1", h.ID.Value())
		require.Contains(t, got, uid)
		ev := got[uid]
		assert.Equal(t, h.Name.Value(), ev["SUMMARY"])
		assert.Equal(t, "Holiday", ev["CATEGORIES"])
		assert.Equal(t, "TRANSPARENT", ev["TRANSP"])
		day := h.StartDate.Value().Date()
		assert.Equal(t, formatDate(day), ev["DTSTART;VALUE=DATE"], uid)
		assert.Equal(t, formatDate(day.AddDays(1)), ev["DTEND;VALUE=DATE"], "%s lasts one whole day", uid)
		assert.True(t, strings.HasPrefix(ev["DTSTART;VALUE=DATE"], "2013"), uid)
		names = append(names, h.Name.Value())
	}
	assert.Subset(t, names, []string{"New Year's Day", "Canada Day", "Christmas Day", "Boxing Day"})
	canada := got[fmt.Sprintf("event-%d@127.0.0.1", holidays[slices.Index(names, "Canada Day")].ID.Value())]
	assert.Equal(t, "20130701", canada["DTSTART;VALUE=DATE"])
	assert.Equal(t, "20130702", canada["DTEND;VALUE=DATE"])
	assert.Equal(t, "Official Holiday, no work.\nObserved at: Corporate Office [Headquarters]", canada["DESCRIPTION"])
	assert.Len(t, events, 4+len(holidays), "nothing else is on the calendar")

	// Events are in date order.
	assert.True(t, sort.SliceIsSorted(events, func(i, j int) bool {
		return events[i]["DTSTART;VALUE=DATE"] < events[j]["DTSTART;VALUE=DATE"]
	}))

	// The server did the filtering it was asked for.
	var sawLeave, sawHolidays bool
	for _, r := range srv.Requests() {
		switch r.Path {
		case "/leave_requests.json":
			if r.User == tribehrtest.AdminUsername && r.Query.Get("status") == "approved" {
				sawLeave = true
			}
		case "/events/holidays.json":
			if r.Query.Get("year") == "2013" {
				sawHolidays = true
			}
		}
	}
	assert.True(t, sawLeave, "leave was listed with status=approved")
	assert.True(t, sawHolidays, "holidays were listed with year=2013")

	assert.Equal(t, fmt.Sprintf("leave-calendar: wrote %d events of 2013 (4 leave, %d holidays) to standard output, from the test server\n",
		len(events), len(holidays)), stderr.String())
}

// TestRunEmptyYear exports a year without leave or holidays: a valid
// calendar with no events.
func TestRunEmptyYear(t *testing.T) {
	srv := newServer(t)
	e, stdout, stderr := testEnv(t, srv)
	require.NoError(t, run(context.Background(), []string{"-year", "2030"}, e))
	props, events := parseCalendar(t, stdout.String())
	assert.Empty(t, events)
	assert.Equal(t, "Team leave 2030 (127.0.0.1)", props["X-WR-CALNAME"])
	assert.Equal(t, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"+prodID+"\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"+
		"X-WR-CALNAME:Team leave 2030 (127.0.0.1)\r\nEND:VCALENDAR\r\n", stdout.String())
	assert.Equal(t, "leave-calendar: wrote 0 events of 2030 (0 leave, 0 holidays) to standard output, from the test server\n", stderr.String())
}

// TestRunWritesTheFile writes to -o: the file holds what standard output
// would, replaces what the file held before, and standard output stays
// empty.
func TestRunWritesTheFile(t *testing.T) {
	srv := newServer(t)
	e, stdout, _ := testEnv(t, srv)
	require.NoError(t, run(context.Background(), []string{"-year", "2013"}, e))
	want := stdout.String()

	path := filepath.Join(t.TempDir(), "team.ics")
	require.NoError(t, os.WriteFile(path, bytes.Repeat([]byte("old content\n"), 10000), 0o600))
	e, stdout, stderr := testEnv(t, srv)
	require.NoError(t, run(context.Background(), []string{"-o", path, "-year", "2013"}, e))
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), " to "+path+", from the test server\n")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, string(b), "the same clock gives the same calendar")
	_, events := parseCalendar(t, string(b))
	assert.Contains(t, byUID(t, events), "leave-17@127.0.0.1")
}

// TestRunOnTheEmbeddedFake runs the program as `go run` does with no
// credentials set: this year's holidays of the embedded fake.
func TestRunOnTheEmbeddedFake(t *testing.T) {
	for _, v := range exampleenv.Vars {
		t.Setenv(v, "")
	}
	var stdout, stderr bytes.Buffer
	now := time.Now()
	require.NoError(t, run(context.Background(), nil, env{stdout: &stdout, stderr: &stderr, now: func() time.Time { return now }, connect: connect}))
	props, events := parseCalendar(t, stdout.String())
	assert.Equal(t, fmt.Sprintf("Team leave %d (127.0.0.1)", now.Year()), props["X-WR-CALNAME"])
	var got []string
	for _, e := range events {
		assert.True(t, strings.HasPrefix(e["DTSTART;VALUE=DATE"], fmt.Sprint(now.Year())), e["UID"])
		got = append(got, e["SUMMARY"])
	}
	assert.Subset(t, got, []string{"New Year's Day", "Canada Day", "Christmas Day", "Boxing Day"})
	assert.Regexp(t, `^leave-calendar: wrote \d+ events of \d{4} \(\d+ leave, \d+ holidays\) to standard output, `+
		`from the embedded fake server at https://127\.0\.0\.1:\d+ as admin \(no TRIBEHR_\* credentials set\)\n$`, stderr.String())
}

// TestRunRejectsBadCommandLines says what is wrong with the command line
// and connects to nothing.
func TestRunRejectsBadCommandLines(t *testing.T) {
	for _, args := range [][]string{
		{"-year", "99"},
		{"-year", "12345"},
		{"-year", "next"},
		{"-x"},
		{"-o", "a.ics", "extra"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			e := env{stdout: &stdout, stderr: &stderr, now: func() time.Time { return clock },
				connect: func(*exampleenv.Settings) (*tribehr.Client, string, func(), error) {
					t.Error("connected despite a bad command line")
					return nil, "", nil, errors.New("no")
				}}
			err := run(context.Background(), args, e)
			require.ErrorIs(t, err, cli.ErrUsage)
			assert.Contains(t, stderr.String(), "usage: leave-calendar [-o file] [-year year]")
			assert.Empty(t, stdout.String())
		})
	}
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-h"}, env{stdout: &bytes.Buffer{}, stderr: &stderr, now: time.Now})
	require.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, stderr.String(), "-year year")
}

// TestRunReportsAPIErrors returns the API's error, wrapped, and writes no
// file when a call fails.
func TestRunReportsAPIErrors(t *testing.T) {
	srv := newServer(t)
	e, stdout, _ := testEnv(t, srv)
	srv.FailNext(1, 500)
	path := filepath.Join(t.TempDir(), "team.ics")
	err := run(context.Background(), []string{"-o", path}, e)
	require.ErrorIs(t, err, tribehr.ErrInternalServer)
	var apiErr *tribehr.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, strings.HasPrefix(err.Error(), "list approved leave: "), err.Error())
	assert.Empty(t, stdout.String())
	assert.NoFileExists(t, path)
}

// TestEventDays reads the calendar days of events, with the midnight ends
// of always-local and zoned date/times.
func TestEventDays(t *testing.T) {
	dt := func(s string) tribehr.DateTime {
		d, err := tribehr.ParseDateTime(s)
		require.NoError(t, err)
		return d
	}
	d := func(s string) tribehr.Date {
		v, err := tribehr.ParseDate(s)
		require.NoError(t, err)
		return v
	}
	for _, tc := range []struct {
		name, start, end string
		first, last      string // "" when not ok
	}{
		{"holiday sample: local start = end = midnight is that whole day", "2013-01-01T00:00:00", "2013-01-01T00:00:00", "2013-01-01", "2013-01-01"},
		{"local midnight end on a later day includes that day", "2030-05-01T00:00:00", "2030-05-03T00:00:00", "2030-05-01", "2030-05-03"},
		{"local times within days", "2030-05-01T09:00:00", "2030-05-02T17:00:00", "2030-05-01", "2030-05-02"},
		{"zoned midnight end on a later day is exclusive", "2030-05-01T00:00:00+00:00", "2030-05-03T00:00:00+00:00", "2030-05-01", "2030-05-02"},
		{"zoned midnight end on the same day keeps that day", "2030-05-01T00:00:00+00:00", "2030-05-01T00:00:00+00:00", "2030-05-01", "2030-05-01"},
		{"zoned times are read in their own offset", "2030-07-01T00:00:00-04:00", "2030-07-01T23:59:00-04:00", "2030-07-01", "2030-07-01"},
		{"zoned end in another offset", "2030-07-01T09:00:00+02:00", "2030-07-02T00:30:00+00:00", "2030-07-01", "2030-07-02"},
		{"no end: one day", "2030-05-01T09:00:00", "", "2030-05-01", "2030-05-01"},
		{"no start", "", "2030-05-01T09:00:00", "", ""},
		{"end before start", "2030-05-02T09:00:00", "2030-05-01T09:00:00", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var start, end tribehr.DateTime
			if tc.start != "" {
				start = dt(tc.start)
			}
			if tc.end != "" {
				end = dt(tc.end)
			}
			first, last, ok := eventDays(start, end)
			if tc.first == "" {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, d(tc.first), first)
			assert.Equal(t, d(tc.last), last)
		})
	}
}

// TestLeaveEvent builds leave events from objects as the API may send
// them: with days (a full request), and with a user known only by parts.
func TestLeaveEvent(t *testing.T) {
	lr := tribehr.LeaveRequest{
		ID:        tribehr.NewField(tribehr.ID(34)),
		DateStart: tribehr.NewField(tribehr.NewDate(2013, 11, 4)),
		DateEnd:   tribehr.NewField(tribehr.NewDate(2013, 11, 5)),
		Days:      tribehr.NewField(tribehr.MustDecimal("2")),
		Status:    tribehr.NewField(tribehr.LeaveApproved),
		User:      tribehr.NewObject(tribehr.User{DisplayName: tribehr.NewField("Alice Smith")}),
		LeaveType: tribehr.NewObject(tribehr.LeaveType{Name: tribehr.NewField("Vacation")}),
		Comments:  tribehr.NewField("private: not for the calendar"),
	}
	e, ok := leaveEvent(lr, "acme.mytribehr.com")
	require.True(t, ok)
	assert.Equal(t, Event{
		UID:         "leave-34@acme.mytribehr.com",
		First:       tribehr.NewDate(2013, 11, 4),
		Last:        tribehr.NewDate(2013, 11, 5),
		Summary:     "Alice Smith — Vacation (2 days)",
		Description: "Alice Smith is away (Vacation) from 2013-11-04 to 2013-11-05.",
		Categories:  []string{"Leave", "Vacation"},
	}, e)

	lr.DateEnd = lr.DateStart
	lr.Days = tribehr.NewField(tribehr.MustDecimal("1"))
	lr.User = tribehr.NewObject(tribehr.User{EmployeeRecord: tribehr.NewObject(tribehr.EmployeeRecord{
		FirstName: tribehr.NewField("Bo"), LastName: tribehr.NewField("Lee")})})
	lr.LeaveType = tribehr.LeaveRequest{}.LeaveType
	e, ok = leaveEvent(lr, "h")
	require.True(t, ok)
	assert.Equal(t, "Bo Lee — Leave (1 day)", e.Summary)
	assert.Equal(t, "Bo Lee is away (Leave) on 2013-11-04.", e.Description)

	lr.User = tribehr.NewObject(tribehr.User{Username: tribehr.NewField("blee")})
	lr.Days = tribehr.LeaveRequest{}.Days
	e, _ = leaveEvent(lr, "h")
	assert.Equal(t, "blee — Leave", e.Summary, "no count when the server sent none")

	lr.DateEnd = tribehr.NewField(tribehr.NewDate(2013, 11, 3))
	_, ok = leaveEvent(lr, "h")
	assert.False(t, ok, "an end before the start is refused")
}

func TestHTMLToText(t *testing.T) {
	for in, want := range map[string]string{
		"<p>Official Holiday, no work.</p>":                        "Official Holiday, no work.",
		"<p>We'll have BBQs.</p>\r\n<p>Hope to see you there!</p>": "We'll have BBQs.\nHope to see you there!",
		"Fish &amp; chips<br/>on the <b>lawn</b>":                  "Fish & chips\non the lawn",
		"Mandatory for everyone.":                                  "Mandatory for everyone.",
		"":                                                         "",
		"<p>  </p>":                                                "",
	} {
		assert.Equal(t, want, htmlToText(in), in)
	}
}

// TestRunAgainstTheStandaloneFake runs the program as a user does after
// pasting the export lines of `go run ./cmd/tribehr-fake`, as the
// administrator and, by flag, as the manager alice, who sees her reports'
// leave only.
func TestRunAgainstTheStandaloneFake(t *testing.T) {
	fake := fakecmd.StartForTest(t)
	fake.Setenv(t) // every TRIBEHR_* variable, as pasting its lines sets them
	uids := func(args ...string) []string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		require.NoError(t, run(context.Background(), append([]string{"-year", "2013"}, args...),
			env{stdout: &stdout, stderr: &stderr, now: time.Now, connect: connect}))
		assert.Regexp(t, `from 127\.0\.0\.1:\d+ as \w+\n$`, stderr.String())
		_, events := parseCalendar(t, stdout.String())
		var out []string
		for _, e := range events {
			if strings.HasPrefix(e["UID"], "leave-") {
				out = append(out, strings.TrimSuffix(e["UID"], "@127.0.0.1"))
			}
		}
		return out
	}
	assert.Equal(t, []string{"leave-33", "leave-17"}, uids(), "the administrator sees all approved leave")

	t.Setenv(exampleenv.EnvAPIKey, tribehrtest.ManagerAPIKey)
	assert.Empty(t, uids("-user", tribehrtest.ManagerUsername), "alice's reports have no approved leave in 2013")
}
