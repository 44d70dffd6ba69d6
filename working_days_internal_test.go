package tribehr

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDayNumber checks the day numbers from year 1 to 9999: counted from
// the epoch, on both sides of it; dateOfDay their inverse; consecutive for
// consecutive days (Date.AddDays); on the weekday of their date.
func TestDayNumber(t *testing.T) {
	require.Equal(t, 0, dayNumber(NewDate(1970, time.January, 1)))
	require.Equal(t, -1, dayNumber(NewDate(1969, time.December, 31)))
	require.Equal(t, 11017, dayNumber(NewDate(2000, time.March, 1)))
	check := func(tm time.Time) {
		d := DateOf(tm)
		n := dayNumber(d)
		require.Equal(t, int(tm.Unix()/86400), n, "%s", d)
		require.Equal(t, d, dateOfDay(n), "%d", n)
		require.Equal(t, n+1, dayNumber(d.AddDays(1)), "%s", d)
		require.Equal(t, tm.Weekday(), weekdayOf(n), "%s", d)
		require.Equal(t, d.Weekday(), weekdayOf(n), "%s", d)
	}
	for tm := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() < 10000; tm = tm.AddDate(0, 0, 97) {
		check(tm)
	}
	for tm := time.Date(1899, 12, 1, 0, 0, 0, 0, time.UTC); tm.Year() < 2101; tm = tm.AddDate(0, 0, 1) {
		check(tm)
	}
	check(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
}

// TestCountMatchesADayByDayCount compares the week-at-a-time count with a
// plain walk over the days, for random weeks, holidays and ranges.
func TestCountMatchesADayByDayCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 2013))
	base := dayNumber(NewDate(2023, time.December, 1))
	for range 300 {
		var week WorkWeek
		for wd := range week {
			if rng.IntN(3) > 0 {
				week[wd] = time.Duration(1+rng.IntN(10)) * time.Hour
			}
		}
		if week.IsZero() {
			week[time.Wednesday] = time.Hour
		}
		var hs []holiday
		for range rng.IntN(12) {
			first := base + rng.IntN(500)
			h := holiday{first: first, last: first + rng.IntN(4)}
			if rng.IntN(2) == 0 {
				h.locations = []ID{ID(1 + rng.IntN(3))}
			}
			hs = append(hs, h)
		}
		loc := ID(rng.IntN(4))
		cal := newWorkCalendar(week, hs, loc)
		s := base + rng.IntN(500)
		e := s + rng.IntN(60)

		var want WorkingTime
		for n := s; n <= e; n++ {
			off := false
			for _, h := range hs {
				off = off || h.appliesAt(loc) && n >= h.first && n <= h.last
			}
			wd := DateOf(time.Unix(int64(n)*86400, 0).UTC()).In(time.UTC).Weekday()
			switch {
			case week[wd] == 0:
			case off:
				want.Holidays = append(want.Holidays, dateOfDay(n))
			default:
				want.Days++
				want.Hours += week[wd]
			}
		}
		assert.Equal(t, want, cal.count(s, e), "week %v, holidays %v at %d, %s to %s", week, hs, loc, dateOfDay(s), dateOfDay(e))
	}
}
