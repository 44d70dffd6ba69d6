package tribehr_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/tribehr/tribehr-go"
)

// BenchmarkCountWorkingDays counts a two-week leave and a whole year with
// WorkCalendar.Count against the loop an integration writes by hand: one
// time.Time per day in UTC, the weekday, and a set of holiday dates as
// strings. Both count the same days (checked before the loops).
func BenchmarkCountWorkingDays(b *testing.B) {
	var holidays []tribehr.Event
	set := map[string]bool{}
	for i := range 24 {
		d := tribehr.NewDate(2030, time.January, 1).AddDays(i * 15)
		holidays = append(holidays, decodeEvents(b, fmt.Sprintf(
			`[{"id": %d, "name": "H", "start_date": "%sT00:00:00", "end_date": "%sT00:00:00", "locations": []}]`, i+1, d, d))...)
		set[d.String()] = true
	}
	cal, err := tribehr.NewWorkCalendar(tribehr.MondayToFriday(8*time.Hour), holidays, 3)
	if err != nil {
		b.Fatal(err)
	}
	baseline := func(start, end time.Time) (days int) {
		for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !set[d.Format("2006-01-02")] {
				days++
			}
		}
		return days
	}
	for _, r := range []struct {
		name       string
		start, end tribehr.Date
	}{
		{"TwoWeeks", tribehr.NewDate(2030, time.March, 4), tribehr.NewDate(2030, time.March, 17)},
		{"Year", tribehr.NewDate(2030, time.January, 1), tribehr.NewDate(2030, time.December, 31)},
	} {
		want := baseline(r.start.In(time.UTC), r.end.In(time.UTC))
		if got, err := cal.Count(r.start, r.end); err != nil || got.Days != want {
			b.Fatalf("%s: SDK counts %d (%v), baseline %d", r.name, got.Days, err, want)
		}
		b.Run(r.name+"/SDK", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if t, err := cal.Count(r.start, r.end); err != nil || t.Days != want {
					b.Fatal(err, t)
				}
			}
		})
		b.Run(r.name+"/Baseline", func(b *testing.B) {
			start, end := r.start.In(time.UTC), r.end.In(time.UTC)
			b.ReportAllocs()
			for b.Loop() {
				if n := baseline(start, end); n != want {
					b.Fatal(n)
				}
			}
		})
	}
}
