package tribehrtest

import (
	"errors"
	"time"
)

// The three time kinds of the API.
const (
	dateLayout      = "2006-01-02"
	dateTimeLayout  = "2006-01-02T15:04:05-07:00" // renders UTC as +00:00, as the samples do
	localTimeLayout = "2006-01-02T15:04:05"       // always-local: no zone
)

// eventTime is an event's start or end: either a date/time with an offset
// or an always-local date/time (the same wall-clock time everywhere).
// Always-local times are held as UTC wall-clock values.
type eventTime struct {
	T     time.Time
	Local bool
}

func (e eventTime) String() string {
	if e.Local {
		return e.T.Format(localTimeLayout)
	}
	return e.T.UTC().Format(dateTimeLayout)
}

// parseEventTime accepts a date/time with an offset (2013-08-30T17:00:00+00:00
// or ...Z) or an always-local one without zone (2013-08-30T17:00:00).
//
// A space in place of the offset's "+" (2013-09-01T15:30:00 00:00) is read
// as "+": that is what an unescaped "+" in a form body decodes to, and the
// document itself writes its PUT example that way.
func parseEventTime(s string) (eventTime, error) {
	if len(s) == len("2006-01-02T15:04:05 07:00") && s[19] == ' ' {
		s = s[:19] + "+" + s[20:]
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return eventTime{T: t.UTC()}, nil
	}
	if t, err := time.Parse(localTimeLayout, s); err == nil {
		return eventTime{T: t, Local: true}, nil
	}
	return eventTime{}, errors.New("not a date/time")
}

// parseDate checks a calendar date (2013-11-15) and returns it unchanged.
func parseDate(s string) (string, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Format(dateLayout) != s {
		return "", errors.New("not a date")
	}
	return s, nil
}

// formatDateTime renders a stored timestamp the way the samples do.
func formatDateTime(t time.Time) string {
	return t.UTC().Format(dateTimeLayout)
}
