package tribehr

import (
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
	// The same, in whole seconds, as requests send them.
	zonedSecondsLayout = "2006-01-02T15:04:05-07:00"
	localSecondsLayout = "2006-01-02T15:04:05"
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
// date/time". A DateTime is 16 bytes: it keeps the instant (or the wall
// clock) and the offset, not a *time.Location.
type DateTime struct {
	// sec counts seconds from 0001-01-01T00:00:00 UTC to the instant
	// (zoned) or to the wall-clock time read as UTC (always-local), so
	// that the zero value is time.Time's zero.
	sec  int64
	nsec int32
	// off is the offset east of UTC in seconds, or localOffset.
	off int32
}

// localOffset marks an always-local DateTime.
const localOffset = -1 << 31

// secondsToUnix is the number of seconds from 0001-01-01 to 1970-01-01.
const secondsToUnix = 62135596800

// NewDateTime returns a zoned DateTime for the instant t, keeping t's
// offset (not its time zone's name or rules).
func NewDateTime(t time.Time) DateTime {
	_, off := t.Zone()
	return DateTime{sec: t.Unix() + secondsToUnix, nsec: int32(t.Nanosecond()), off: int32(off)}
}

// NewLocalDateTime returns an always-local DateTime showing the given
// wall-clock time.
func NewLocalDateTime(year int, month time.Month, day, hour, min, sec int) DateTime {
	return LocalDateTimeOf(time.Date(year, month, day, hour, min, sec, 0, time.UTC))
}

// LocalDateTimeOf returns an always-local DateTime with the wall-clock time
// t shows in its own location.
func LocalDateTimeOf(t time.Time) DateTime {
	_, off := t.Zone()
	return DateTime{sec: t.Unix() + int64(off) + secondsToUnix, nsec: int32(t.Nanosecond()), off: localOffset}
}

// ParseDateTime reads a zoned (2006-01-02T15:04:05-07:00, or Z) or
// always-local (2006-01-02T15:04:05) date/time.
func ParseDateTime(s string) (DateTime, error) {
	if d, ok := parseDateTimeBytes([]byte(s)); ok {
		return d, nil
	}
	return DateTime{}, fmt.Errorf("tribehr: invalid date/time %q: want YYYY-MM-DDThh:mm:ss with or without an offset", s)
}

// parseDateTimeBytes reads either kind of date/time; it accepts what
// time.Parse accepts with time.RFC3339Nano or localLayout.
func parseDateTimeBytes(b []byte) (DateTime, bool) {
	if d, ok, sure := parseDateTimeFast(b); sure {
		return d, ok
	}
	s := string(b)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return NewDateTime(t), true
	}
	if t, err := time.Parse(localLayout, s); err == nil && !strings.ContainsAny(s[min(len(s), 19):], "+-Zz") {
		return LocalDateTimeOf(t), true
	}
	return DateTime{}, false
}

// parseDateTimeFast reads the forms the API sends: YYYY-MM-DDThh:mm:ss,
// an optional fraction, and an optional Z or ±hh:mm. sure is false for
// anything else, which the slow path decides.
func parseDateTimeFast(b []byte) (d DateTime, ok, sure bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return DateTime{}, false, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, second := num(11, 2), num(14, 2), num(17, 2)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 {
		return DateTime{}, false, false
	}
	if day > daysIn(time.Month(month), year) {
		return DateTime{}, false, true
	}
	rest := b[19:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return DateTime{}, false, false
		}
		for i := 1; i < 10; i++ {
			nsec *= 10
			if i < n {
				nsec += int(rest[i] - '0')
			}
		}
		rest = rest[n:]
	}
	sec := int64(time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC).Unix()) + secondsToUnix
	switch {
	case len(rest) == 0:
		return DateTime{sec: sec, nsec: int32(nsec), off: localOffset}, true, true
	case len(rest) == 1 && rest[0] == 'Z':
		return DateTime{sec: sec, nsec: int32(nsec)}, true, true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, om := int(rest[1]-'0')*10+int(rest[2]-'0'), int(rest[4]-'0')*10+int(rest[5]-'0')
		for _, c := range [...]byte{rest[1], rest[2], rest[4], rest[5]} {
			if c < '0' || c > '9' {
				return DateTime{}, false, false
			}
		}
		if oh > 23 || om > 59 {
			return DateTime{}, false, false
		}
		off := oh*3600 + om*60
		if rest[0] == '-' {
			off = -off
		}
		return DateTime{sec: sec - int64(off), nsec: int32(nsec), off: int32(off)}, true, true
	}
	return DateTime{}, false, false
}

// daysIn returns the number of days of month in year.
func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsLocal reports whether d is an always-local date/time.
func (d DateTime) IsLocal() bool { return d.off == localOffset }

// IsZero reports whether d is the zero DateTime.
func (d DateTime) IsZero() bool { return d == DateTime{} }

// Time returns a zoned DateTime as the instant it names, in the offset it
// arrived with. For an always-local DateTime it returns the wall-clock time
// in UTC; use In to place it in a time zone.
func (d DateTime) Time() time.Time {
	t := time.Unix(d.sec-secondsToUnix, int64(d.nsec)).UTC()
	if d.off == 0 || d.IsLocal() {
		return t
	}
	return t.In(time.FixedZone("", int(d.off)))
}

// In returns d in loc. A zoned DateTime is the same instant seen from loc;
// an always-local one keeps its wall-clock time and is placed in loc.
func (d DateTime) In(loc *time.Location) time.Time {
	if d.IsLocal() {
		w := d.Time()
		y, mo, day := w.Date()
		h, mi, s := w.Clock()
		return time.Date(y, mo, day, h, mi, s, w.Nanosecond(), loc)
	}
	return d.Time().In(loc)
}

// Date returns the calendar day d shows: its wall-clock day, in the offset
// it arrived with.
func (d DateTime) Date() Date { return DateOf(d.Time()) }

// Equal reports whether d and e are of the same kind and show the same time;
// zoned values are equal when they name the same instant.
func (d DateTime) Equal(e DateTime) bool {
	if d.IsLocal() != e.IsLocal() {
		return false
	}
	return d.sec == e.sec && d.nsec == e.nsec
}

// String returns d in the API's format, or "" for the zero DateTime.
func (d DateTime) String() string { return string(d.appendText(nil, false)) }

// appendText appends d in the API's format, in whole seconds when seconds
// is true.
func (d DateTime) appendText(b []byte, seconds bool) []byte {
	switch {
	case d.IsZero():
		return b
	case d.IsLocal() && seconds:
		return d.Time().AppendFormat(b, localSecondsLayout)
	case d.IsLocal():
		return d.Time().AppendFormat(b, localLayout)
	case seconds:
		return d.Time().AppendFormat(b, zonedSecondsLayout)
	}
	return d.Time().AppendFormat(b, zonedLayout)
}

// MarshalText writes d in the API's format.
func (d DateTime) MarshalText() ([]byte, error) { return d.appendText(nil, false), nil }

// UnmarshalText reads either kind; empty text is the zero DateTime.
func (d *DateTime) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = DateTime{}
		return nil
	}
	v, ok := parseDateTimeBytes(b)
	if !ok {
		return fmt.Errorf("tribehr: invalid date/time %q: want YYYY-MM-DDThh:mm:ss with or without an offset", b)
	}
	*d = v
	return nil
}

// MarshalJSON writes d as a JSON string; the zero DateTime writes "".
func (d DateTime) MarshalJSON() ([]byte, error) {
	b := append([]byte{'"'}, d.appendText(nil, false)...)
	return append(b, '"'), nil
}

// UnmarshalJSON reads a JSON string of either kind; "" and null read as the
// zero DateTime.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = DateTime{}
		return nil
	}
	s, ok := unquote(b)
	if !ok {
		return fmt.Errorf("tribehr: date/time is not a string: %s", snippet(b))
	}
	return d.UnmarshalText(s)
}

// EncodeValues writes d as a form value, in whole seconds as the API's
// documents write them (a DateTime made from time.Now() drops its
// fraction): 2013-08-30T17:00:00+00:00 (the form encoding turns the plus
// into %2B, so it does not arrive as a space) or, always-local,
// 2013-08-30T17:00:00. The zero DateTime writes an empty value, which
// clears the field on a PUT.
func (d DateTime) EncodeValues(key string, v *url.Values) error {
	v.Set(key, string(d.appendText(nil, true)))
	return nil
}
