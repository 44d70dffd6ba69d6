package main

// A small iCalendar (RFC 5545) writer for calendars of all-day events,
// enough for a leave calendar and with no dependency beyond the standard
// library and the SDK's Date. It writes what RFC 5545 asks of a content
// line: TEXT values escaped (section 3.3.11), lines folded at 75 octets
// without splitting a UTF-8 sequence and continued with one space, and
// every line ended with CRLF (section 3.1).

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tribehr/tribehr-go"
)

// maxLineOctets is the longest a physical line may be, in octets and not
// counting its CRLF (RFC 5545, section 3.1).
const maxLineOctets = 75

// Calendar is an iCalendar object of all-day events, published for
// subscribers to import (METHOD:PUBLISH).
type Calendar struct {
	// ProdID names the program that made the calendar, in the
	// "-//Company//Product//EN" form RFC 5545 suggests. Required.
	ProdID string
	// Name is the calendar's display name (X-WR-CALNAME); optional.
	Name string
	// Stamp is when the calendar was made: the DTSTAMP of every event,
	// written in UTC. Required.
	Stamp time.Time
	// Events are written in this order.
	Events []Event
}

// Event is an all-day event covering the calendar days First to Last,
// both included.
type Event struct {
	// UID identifies the event for good: a calendar that imports an event
	// with a UID it already has updates that event instead of adding a
	// copy. Required.
	UID string
	// First and Last are the first and last days of the event. They are
	// calendar days, written as DATE values with no time zone, so they
	// show as the same days everywhere.
	First, Last tribehr.Date
	// Summary is the event's title; Description its longer text, which
	// may hold several lines. Both are plain text.
	Summary, Description string
	// Categories are words to sort the event by, such as "Leave".
	Categories []string
	// Transparent says the event does not make anyone busy
	// (TRANSP:TRANSPARENT); otherwise it blocks the time (TRANSP:OPAQUE).
	Transparent bool
}

// WriteTo writes the calendar to w as an iCalendar stream and returns the
// number of bytes written. It checks the calendar first and writes nothing
// when it is invalid.
func (c *Calendar) WriteTo(w io.Writer) (int64, error) {
	if err := c.validate(); err != nil {
		return 0, err
	}
	lw := &lineWriter{w: w}
	lw.line("BEGIN:VCALENDAR")
	lw.line("VERSION:2.0")
	lw.prop("PRODID", c.ProdID)
	lw.line("CALSCALE:GREGORIAN")
	lw.line("METHOD:PUBLISH")
	if c.Name != "" {
		lw.prop("X-WR-CALNAME", c.Name)
	}
	stamp := c.Stamp.UTC().Format("20060102T150405Z")
	for _, e := range c.Events {
		lw.line("BEGIN:VEVENT")
		lw.prop("UID", e.UID)
		lw.line("DTSTAMP:" + stamp)
		lw.line("DTSTART;VALUE=DATE:" + formatDate(e.First))
		// DTEND of an all-day event is exclusive: the day after the last.
		lw.line("DTEND;VALUE=DATE:" + formatDate(e.Last.AddDays(1)))
		lw.prop("SUMMARY", e.Summary)
		if e.Description != "" {
			lw.prop("DESCRIPTION", e.Description)
		}
		if len(e.Categories) > 0 {
			cats := make([]string, len(e.Categories))
			for i, cat := range e.Categories {
				cats[i] = escapeText(cat)
			}
			// CATEGORIES is a list: the commas between values are not
			// escaped, those inside a value are.
			lw.line("CATEGORIES:" + strings.Join(cats, ","))
		}
		if e.Transparent {
			lw.line("TRANSP:TRANSPARENT")
		} else {
			lw.line("TRANSP:OPAQUE")
		}
		lw.line("END:VEVENT")
	}
	lw.line("END:VCALENDAR")
	return lw.n, lw.err
}

// validate reports the first thing that would make the calendar invalid.
func (c *Calendar) validate() error {
	if strings.TrimSpace(c.ProdID) == "" {
		return errors.New("calendar has no product id")
	}
	if c.Stamp.IsZero() {
		return errors.New("calendar has no time stamp")
	}
	for i, e := range c.Events {
		switch {
		case strings.TrimSpace(e.UID) == "":
			return fmt.Errorf("event %d (%q) has no uid", i, e.Summary)
		case !e.First.Valid() || !e.Last.Valid():
			return fmt.Errorf("event %s has an invalid date: %q to %q", e.UID, e.First, e.Last)
		case e.Last.Before(e.First):
			return fmt.Errorf("event %s ends (%s) before it starts (%s)", e.UID, e.Last, e.First)
		}
	}
	return nil
}

// formatDate writes d as an iCalendar DATE value, such as 20130902.
func formatDate(d tribehr.Date) string {
	return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day)
}

// escapeText returns s as an iCalendar TEXT value (RFC 5545, section
// 3.3.11): backslash, semicolon and comma are escaped with a backslash,
// and a line break (LF, CRLF or CR) becomes \n. Control characters other
// than tab, which TEXT may not hold, are dropped, and invalid UTF-8 becomes
// U+FFFD. Colons and double quotes need no escape in a value.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			// A control character: not allowed in TEXT.
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fold returns the content line s as physical lines of at most
// maxLineOctets octets, each ended with CRLF. A continuation line starts
// with one space, which counts towards its length and which unfolding
// removes. A line is only ever broken between two UTF-8 sequences, never
// inside one, so that every physical line is valid UTF-8 on its own.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/maxLineOctets*3 + 2)
	width := 0 // octets on the current physical line
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		if width+size > maxLineOctets {
			b.WriteString("\r\n ")
			width = 1
		}
		b.WriteString(s[:size])
		width += size
		s = s[size:]
	}
	b.WriteString("\r\n")
	return b.String()
}

// lineWriter writes content lines, folded, and keeps the first error and
// the count of bytes written, so that the writing code need not check
// every line.
type lineWriter struct {
	w   io.Writer
	n   int64
	err error
}

// line writes the content line s, which must already be escaped.
func (lw *lineWriter) line(s string) {
	if lw.err != nil {
		return
	}
	n, err := io.WriteString(lw.w, fold(s))
	lw.n += int64(n)
	lw.err = err
}

// prop writes the property name with the TEXT value v, escaped.
func (lw *lineWriter) prop(name, v string) {
	lw.line(name + ":" + escapeText(v))
}
