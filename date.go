package tribehr

import (
	"fmt"
	"net/url"
	"time"
)

// Date is a calendar day such as 2013-09-30, as the API sends the first and
// last days of leave or a hire date. It is not an instant: it is never
// converted through a time zone, so it cannot shift to the day before or
// after. The zero Date is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the Date of the given day. It does not normalise: an
// invalid day is kept and reported by Valid.
func NewDate(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads a date in the API's format, 2006-01-02.
func ParseDate(s string) (Date, error) {
	d, ok := parseDateBytes([]byte(s))
	if !ok {
		return Date{}, fmt.Errorf("tribehr: invalid date %q: want YYYY-MM-DD", s)
	}
	return d, nil
}

// parseDateBytes reads YYYY-MM-DD, a real calendar day.
func parseDateBytes(b []byte) (Date, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return Date{}, false
	}
	v := [3]int{}
	for i, r := range [3][2]int{{0, 4}, {5, 7}, {8, 10}} {
		for _, c := range b[r[0]:r[1]] {
			if c < '0' || c > '9' {
				return Date{}, false
			}
			v[i] = v[i]*10 + int(c-'0')
		}
	}
	m := time.Month(v[1])
	if m < time.January || m > time.December || v[2] < 1 || v[2] > daysIn(m, v[0]) {
		return Date{}, false
	}
	return Date{Year: v[0], Month: m, Day: v[2]}, true
}

// String returns the date as 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	b := [10]byte{
		byte('0' + d.Year/1000), byte('0' + d.Year/100%10), byte('0' + d.Year/10%10), byte('0' + d.Year%10), '-',
		byte('0' + d.Month/10), byte('0' + d.Month%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10),
	}
	return string(b[:])
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d names a real calendar day.
func (d Date) Valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 || d.Year < 1 || d.Year > 9999 {
		return false
	}
	return DateOf(d.In(time.UTC)) == d
}

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.In(time.UTC).AddDate(0, 0, n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.In(time.UTC).Weekday() }

// Compare returns -1, 0 or +1 as d is before, the same as, or after e.
func (d Date) Compare(e Date) int { return d.In(time.UTC).Compare(e.In(time.UTC)) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// MarshalText writes the date as 2006-01-02.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date written as 2006-01-02; empty text is the zero
// Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes the date as a JSON string; the zero Date writes "",
// as the API sends an empty date.
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }

// UnmarshalJSON reads a JSON string in the format 2006-01-02; "" and null
// read as the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	s, ok := unquote(b)
	if !ok {
		return fmt.Errorf("tribehr: date is not a string: %s", snippet(b))
	}
	return d.UnmarshalText(s)
}

// EncodeValues writes the date as a form value. The zero Date writes an
// empty value, which clears the field on a PUT.
func (d Date) EncodeValues(key string, v *url.Values) error {
	v.Set(key, d.String())
	return nil
}
