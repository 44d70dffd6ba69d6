package tribehr

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

const (
	// zonedLayout is the API's date/time with an offset; it always writes
	// the offset as ±hh:mm, never Z.
	zonedLayout = "2006-01-02T15:04:05.999999999-07:00"
	// localLayout is the API's always-local date/time: no zone.
	localLayout = "2006-01-02T15:04:05.999999999"
)

// DateTime is a date/time of the API, in one of two kinds:
//
//   - zoned, such as 2013-08-30T17:00:00+00:00: an instant. It keeps the
//     offset it arrived with and is written back with it.
//   - always-local, such as 2012-09-30T14:39:21: a wall-clock time that is
//     the same everywhere, whatever the reader's time zone (company events
//     use it). IsLocal reports this kind.
//
// Event start and end dates arrive in either kind. The zero DateTime is "no
// date/time".
type DateTime struct {
	t     time.Time
	local bool
}

// NewDateTime returns a zoned DateTime for the instant t, keeping t's
// offset.
func NewDateTime(t time.Time) DateTime { return DateTime{t: t} }

// NewLocalDateTime returns an always-local DateTime showing the given
// wall-clock time.
func NewLocalDateTime(year int, month time.Month, day, hour, min, sec int) DateTime {
	return DateTime{t: time.Date(year, month, day, hour, min, sec, 0, time.UTC), local: true}
}

// LocalDateTimeOf returns an always-local DateTime with the wall-clock time
// t shows in its own location.
func LocalDateTimeOf(t time.Time) DateTime {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return DateTime{t: time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC), local: true}
}

// ParseDateTime reads a zoned (2006-01-02T15:04:05-07:00, or Z) or
// always-local (2006-01-02T15:04:05) date/time.
func ParseDateTime(s string) (DateTime, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return DateTime{t: t}, nil
	}
	if t, err := time.Parse(localLayout, s); err == nil && !strings.ContainsAny(s[min(len(s), 19):], "+-Zz") {
		return DateTime{t: t, local: true}, nil
	}
	return DateTime{}, fmt.Errorf("tribehr: invalid date/time %q: want YYYY-MM-DDThh:mm:ss with or without an offset", s)
}

// IsLocal reports whether d is an always-local date/time.
func (d DateTime) IsLocal() bool { return d.local }

// IsZero reports whether d is the zero DateTime.
func (d DateTime) IsZero() bool { return d.t.IsZero() && !d.local }

// Time returns a zoned DateTime as the instant it names, in the offset it
// arrived with. For an always-local DateTime it returns the wall-clock time
// in UTC; use In to place it in a time zone.
func (d DateTime) Time() time.Time { return d.t }

// In returns d in loc. A zoned DateTime is the same instant seen from loc;
// an always-local one keeps its wall-clock time and is placed in loc.
func (d DateTime) In(loc *time.Location) time.Time {
	if d.local {
		y, mo, day := d.t.Date()
		h, mi, s := d.t.Clock()
		return time.Date(y, mo, day, h, mi, s, d.t.Nanosecond(), loc)
	}
	return d.t.In(loc)
}

// Date returns the calendar day d shows: its wall-clock day, in the offset
// it arrived with.
func (d DateTime) Date() Date { return DateOf(d.t) }

// Equal reports whether d and e are of the same kind and show the same time;
// zoned values are equal when they name the same instant.
func (d DateTime) Equal(e DateTime) bool {
	if d.local != e.local {
		return false
	}
	return d.t.Equal(e.t)
}

// String returns d in the API's format, or "" for the zero DateTime.
func (d DateTime) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.local:
		return d.t.Format(localLayout)
	}
	return d.t.Format(zonedLayout)
}

// MarshalText writes d in the API's format.
func (d DateTime) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads either kind; empty text is the zero DateTime.
func (d *DateTime) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = DateTime{}
		return nil
	}
	v, err := ParseDateTime(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes d as a JSON string; the zero DateTime writes "".
func (d DateTime) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a JSON string of either kind; "" and null read as the
// zero DateTime.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = DateTime{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("tribehr: date/time is not a string: %w", err)
	}
	return d.UnmarshalText([]byte(s))
}

// EncodeValues writes d as a form value: 2013-08-30T17:00:00+00:00 (the
// form encoding turns the plus into %2B, so it does not arrive as a space)
// or, always-local, 2013-08-30T17:00:00. The zero DateTime writes an empty
// value, which clears the field on a PUT.
func (d DateTime) EncodeValues(key string, v *url.Values) error {
	v.Set(key, d.String())
	return nil
}
