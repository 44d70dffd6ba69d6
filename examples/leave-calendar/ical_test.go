package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
)

// unfold undoes fold (RFC 5545, section 3.1): a CRLF followed by one space
// or tab joins two physical lines.
func unfold(s string) string {
	return strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(s)
}

// checkLines asserts what RFC 5545 asks of every physical line of s: it
// ends with CRLF, holds no other CR or LF, is at most 75 octets long and is
// valid UTF-8 on its own.
func checkLines(t *testing.T, s string) {
	t.Helper()
	require.True(t, strings.HasSuffix(s, "\r\n"), "the stream ends with CRLF")
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		assert.NotContains(t, l, "\r", "line %d has a bare CR", i+1)
		assert.NotContains(t, l, "\n", "line %d has a bare LF", i+1)
		assert.LessOrEqual(t, len(l), maxLineOctets, "line %d is %d octets: %q", i+1, len(l), l)
		assert.True(t, utf8.ValidString(l), "line %d splits a UTF-8 sequence: %q", i+1, l)
	}
}

func TestEscapeText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Alice McDonald", "Alice McDonald"},
		{"empty", "", ""},
		{"backslash", `C:\Users`, `C:\\Users`},
		{"semicolon", "a;b", `a\;b`},
		{"comma", "Smith, Alice", `Smith\, Alice`},
		{"LF", "one\ntwo", `one\ntwo`},
		{"CRLF is one break", "one\r\ntwo", `one\ntwo`},
		{"lone CR", "one\rtwo", `one\ntwo`},
		{"already escaped text is escaped again", `a\;b`, `a\\\;b`},
		{"colon and quotes stay", `Note: "quoted"`, `Note: "quoted"`},
		{"tab stays", "a\tb", "a\tb"},
		{"other controls go", "a\x00b\x07c\x1bd\x7fe", "abcde"},
		{"multi-byte runes stay", "Zoë — 休暇 🏖", "Zoë — 休暇 🏖"},
		{"invalid UTF-8 becomes U+FFFD", "a\xffb", "a\uFFFDb"},
		{"all at once", "a\\b;c,d\ne", `a\\b\;c\,d\ne`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, escapeText(tc.in))
		})
	}
}

func TestFold(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	for _, tc := range []struct {
		name string
		in   string
		want string // "" to check only the invariants
	}{
		{"short", "VERSION:2.0", "VERSION:2.0\r\n"},
		{"empty", "", "\r\n"},
		{"ASCII of exactly 75 octets stays whole", a(75), a(75) + "\r\n"},
		{"ASCII of 76 octets folds once", a(76), a(75) + "\r\n a\r\n"},
		{"continuation lines hold 74 octets after the space", a(75 + 74 + 1), a(75) + "\r\n " + a(74) + "\r\n a\r\n"},
		{"2-octet rune that would straddle 75 moves down", a(74) + "é", a(74) + "\r\n é\r\n"},
		{"2-octet rune ending exactly at 75 stays", a(73) + "é", a(73) + "é\r\n"},
		{"3-octet rune that would straddle 75 moves down", a(73) + "€x", a(73) + "\r\n €x\r\n"},
		{"3-octet rune ending exactly at 75 stays", a(72) + "€", a(72) + "€\r\n"},
		{"4-octet rune that would straddle 75 moves down", a(72) + "🏖", a(72) + "\r\n 🏖\r\n"},
		{"4-octet rune ending exactly at 75 stays", a(71) + "🏖", a(71) + "🏖\r\n"},
		{"2-octet rune ending exactly at 75 on a continuation line stays", a(75) + a(72) + "é", a(75) + "\r\n " + a(72) + "é\r\n"},
		{"2-octet rune straddling 75 on a continuation line moves down", a(75) + a(73) + "é", a(75) + "\r\n " + a(73) + "\r\n é\r\n"},
		{"long CJK text", "SUMMARY:" + strings.Repeat("休暇", 60), ""},
		{"long mixed text", "DESCRIPTION:" + strings.Repeat("Zoë’s 🏖 vacation\\, ", 20), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fold(tc.in)
			if tc.want != "" {
				assert.Equal(t, tc.want, got)
			}
			checkLines(t, got)
			for _, l := range strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n")[1:] {
				assert.True(t, strings.HasPrefix(l, " "), "a continuation line starts with a space: %q", l)
			}
			assert.Equal(t, tc.in+"\r\n", unfold(got), "unfolding restores the line")
		})
	}
}

// TestFoldKeepsLeadingSpacesOfTheText folds text whose own characters are
// spaces just where a line breaks: unfolding removes only the one space
// fold added.
func TestFoldKeepsLeadingSpacesOfTheText(t *testing.T) {
	in := strings.Repeat("a", 75) + "   b"
	got := fold(in)
	assert.Equal(t, strings.Repeat("a", 75)+"\r\n    b\r\n", got)
	assert.Equal(t, in+"\r\n", unfold(got))
}

// TestDTENDIsTheDayAfterTheLastDay checks the exclusive end of all-day
// events across month, leap-day and year ends.
func TestDTENDIsTheDayAfterTheLastDay(t *testing.T) {
	for _, tc := range []struct {
		name        string
		first, last tribehr.Date
		start, end  string
	}{
		{"one day", tribehr.NewDate(2013, 11, 4), tribehr.NewDate(2013, 11, 4), "20131104", "20131105"},
		{"a week", tribehr.NewDate(2013, 9, 2), tribehr.NewDate(2013, 9, 6), "20130902", "20130907"},
		{"to the end of a month", tribehr.NewDate(2013, 4, 29), tribehr.NewDate(2013, 4, 30), "20130429", "20130501"},
		{"to a leap day", tribehr.NewDate(2024, 2, 28), tribehr.NewDate(2024, 2, 29), "20240228", "20240301"},
		{"to the end of a year", tribehr.NewDate(2012, 12, 28), tribehr.NewDate(2012, 12, 31), "20121228", "20130101"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal := &Calendar{ProdID: "-//test//EN", Stamp: time.Unix(0, 0), Events: []Event{{UID: "x", First: tc.first, Last: tc.last, Summary: "s"}}}
			var buf bytes.Buffer
			_, err := cal.WriteTo(&buf)
			require.NoError(t, err)
			assert.Contains(t, buf.String(), "\r\nDTSTART;VALUE=DATE:"+tc.start+"\r\nDTEND;VALUE=DATE:"+tc.end+"\r\n")
		})
	}
}

// goldenCalendar is a calendar with one event of each kind and text that
// needs escaping and folding.
func goldenCalendar() *Calendar {
	return &Calendar{
		ProdID: "-//tribehr-go//leave-calendar test//EN",
		Name:   "Team leave 2013 (acme.mytribehr.com)",
		// Not UTC, to check that DTSTAMP is converted: 09:30 in UTC.
		Stamp: time.Date(2013, 10, 15, 5, 30, 0, 0, time.FixedZone("EDT", -4*3600)),
		Events: []Event{
			{
				UID:         "leave-17@acme.mytribehr.com",
				First:       tribehr.NewDate(2013, 12, 3),
				Last:        tribehr.NewDate(2013, 12, 4),
				Summary:     "Zoë O'Brien; Jr. — Vacation, \"beach\" (2 days)",
				Description: "Back on Monday; ask Bob, or Zoë, for cover.\nPlan in C:\\trips — budget: " + strings.Repeat("€", 33) + " 休暇 🏖 done",
				Categories:  []string{"Leave", "Vacation, paid"},
			},
			{
				UID:         "event-33@acme.mytribehr.com",
				First:       tribehr.NewDate(2013, 12, 26),
				Last:        tribehr.NewDate(2013, 12, 26),
				Summary:     "Boxing Day",
				Categories:  []string{"Holiday"},
				Transparent: true,
			},
		},
	}
}

const golden = "BEGIN:VCALENDAR\r\n" +
	"VERSION:2.0\r\n" +
	"PRODID:-//tribehr-go//leave-calendar test//EN\r\n" +
	"CALSCALE:GREGORIAN\r\n" +
	"METHOD:PUBLISH\r\n" +
	"X-WR-CALNAME:Team leave 2013 (acme.mytribehr.com)\r\n" +
	"BEGIN:VEVENT\r\n" +
	"UID:leave-17@acme.mytribehr.com\r\n" +
	"DTSTAMP:20131015T093000Z\r\n" +
	"DTSTART;VALUE=DATE:20131203\r\n" +
	"DTEND;VALUE=DATE:20131205\r\n" +
	"SUMMARY:Zoë O'Brien\\; Jr. — Vacation\\, \"beach\" (2 days)\r\n" +
	// 75 octets, then 74 octets with a 3-octet € that does not fit next.
	"DESCRIPTION:Back on Monday\\; ask Bob\\, or Zoë\\, for cover.\\nPlan in C:\\\\tr\r\n" +
	" ips — budget: €€€€€€€€€€€€€€€€€€€\r\n" +
	" €€€€€€€€€€€€€€ 休暇 🏖 done\r\n" +
	"CATEGORIES:Leave,Vacation\\, paid\r\n" +
	"TRANSP:OPAQUE\r\n" +
	"END:VEVENT\r\n" +
	"BEGIN:VEVENT\r\n" +
	"UID:event-33@acme.mytribehr.com\r\n" +
	"DTSTAMP:20131015T093000Z\r\n" +
	"DTSTART;VALUE=DATE:20131226\r\n" +
	"DTEND;VALUE=DATE:20131227\r\n" +
	"SUMMARY:Boxing Day\r\n" +
	"CATEGORIES:Holiday\r\n" +
	"TRANSP:TRANSPARENT\r\n" +
	"END:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

// TestWriteToGolden compares the whole output for a fixed clock with the
// expected text, twice, to show that it is deterministic.
func TestWriteToGolden(t *testing.T) {
	for range 2 {
		var buf bytes.Buffer
		n, err := goldenCalendar().WriteTo(&buf)
		require.NoError(t, err)
		assert.Equal(t, golden, buf.String())
		assert.Equal(t, int64(buf.Len()), n)
		checkLines(t, buf.String())
	}
}

// TestWriteToGoldenFoldsMultiByteRunes makes a DESCRIPTION fold inside a
// run of multi-byte runes, and checks the line lengths and the round trip.
func TestWriteToGoldenFoldsMultiByteRunes(t *testing.T) {
	cal := goldenCalendar()
	text := strings.Repeat("€", 100) + "\n" + strings.Repeat("ö", 100)
	cal.Events[0].Description = text
	var buf bytes.Buffer
	_, err := cal.WriteTo(&buf)
	require.NoError(t, err)
	checkLines(t, buf.String())
	assert.Contains(t, unfold(buf.String()), "\r\nDESCRIPTION:"+strings.ReplaceAll(text, "\n", `\n`)+"\r\n")
}

func TestWriteToEmptyCalendar(t *testing.T) {
	var buf bytes.Buffer
	_, err := (&Calendar{ProdID: "-//test//EN", Stamp: time.Unix(0, 0)}).WriteTo(&buf)
	require.NoError(t, err)
	assert.Equal(t, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n", buf.String())
}

func TestWriteToRefusesInvalidCalendars(t *testing.T) {
	day := tribehr.NewDate(2013, 9, 2)
	ok := Event{UID: "u", First: day, Last: day}
	for _, tc := range []struct {
		name string
		edit func(c *Calendar)
		want string
	}{
		{"no product id", func(c *Calendar) { c.ProdID = " " }, "no product id"},
		{"no stamp", func(c *Calendar) { c.Stamp = time.Time{} }, "no time stamp"},
		{"no uid", func(c *Calendar) { c.Events[0].UID = "" }, "has no uid"},
		{"no first day", func(c *Calendar) { c.Events[0].First = tribehr.Date{} }, "invalid date"},
		{"an impossible day", func(c *Calendar) { c.Events[0].Last = tribehr.NewDate(2013, 2, 30) }, "invalid date"},
		{"ends before it starts", func(c *Calendar) { c.Events[0].Last = day.AddDays(-1) }, "ends (2013-09-01) before it starts (2013-09-02)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal := &Calendar{ProdID: "-//test//EN", Stamp: time.Unix(0, 0), Events: []Event{ok}}
			tc.edit(cal)
			var buf bytes.Buffer
			n, err := cal.WriteTo(&buf)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Zero(t, n)
			assert.Zero(t, buf.Len(), "nothing is written")
		})
	}
}

// failingWriter fails after accepting limit bytes.
type failingWriter struct{ limit int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		n := w.limit
		w.limit = 0
		return n, errors.New("disk full")
	}
	w.limit -= len(p)
	return len(p), nil
}

func TestWriteToReportsWriteErrors(t *testing.T) {
	n, err := goldenCalendar().WriteTo(&failingWriter{limit: 100})
	require.EqualError(t, err, "disk full")
	assert.Equal(t, int64(100), n)
}
