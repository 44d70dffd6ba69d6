package tribehrtest

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// The fake's work-hour records and its count of working days. The API
// documents that the server works out hours from days (or days from hours)
// "using the employee's work hour records"; the fake keeps a record per
// employee (hours on each day of the week, Monday to Friday 8 hours unless
// a fixture says otherwise) and converts on the working days of the
// request: the days of the week the employee works, less the official
// holidays at their location.

// standardWeek is the work-hour record of the demo employees, indexed by
// time.Weekday: Monday to Friday, hoursPerDay each.
func standardWeek() [7]int {
	return [7]int{time.Monday: hoursPerDay, time.Tuesday: hoursPerDay, time.Wednesday: hoursPerDay,
		time.Thursday: hoursPerDay, time.Friday: hoursPerDay}
}

// parseWorkHours reads a fixture's work hours: lower-case English weekday
// names to whole hours (0 to 24); days left out are days off.
func parseWorkHours(m map[string]int) ([7]int, error) {
	var week [7]int
	for name, h := range m {
		day := -1
		for d := time.Sunday; d <= time.Saturday; d++ {
			if strings.EqualFold(name, d.String()) {
				day = int(d)
			}
		}
		switch {
		case day < 0:
			return week, fmt.Errorf("%q is not a day of the week", name)
		case h < 0 || h > 24:
			return week, fmt.Errorf("%s: %d hours is not between 0 and 24", name, h)
		}
		week[day] = h
	}
	if week == [7]int{} {
		return week, fmt.Errorf("no working day")
	}
	return week, nil
}

// holidayDates returns the official holidays at the location with the given
// id (0: none) as a set of calendar days, "2006-01-02". A holiday applies
// where it names no location, or names this one; locations that do not
// exist are not named, as the fake renders events without them.
func (st *store) holidayDates(locationID int) map[string]bool {
	days := map[string]bool{}
	for _, e := range st.events {
		if !e.Holiday || !st.holidayAppliesAt(e, locationID) {
			continue
		}
		first, last := e.calendarDays()
		for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
			days[d.Format(dateLayout)] = true
		}
	}
	return days
}

func (st *store) holidayAppliesAt(e *event, locationID int) bool {
	named := false
	for _, id := range e.LocationIDs {
		if st.locations[id] != nil {
			named = true
			if id == locationID {
				return true
			}
		}
	}
	return !named
}

// calendarDays returns the first and last calendar day an event covers, at
// midnight UTC: the days of its start and end as written, except that an
// end with an offset at exactly midnight (after the start) is over before
// that day begins. An always-local end at midnight is an all-day end.
func (e *event) calendarDays() (first, last time.Time) {
	day := func(t time.Time) time.Time {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	first, last = day(e.Start.T), day(e.End.T)
	if !e.End.Local && e.End.T.Equal(last) && last.After(first) {
		last = last.AddDate(0, 0, -1)
	}
	if last.Before(first) {
		last = first
	}
	return first, last
}

// workingDayHours returns the hours of each working day of u from start to
// end (dates, both included), in order.
func (st *store) workingDayHours(u *user, start, end string) []int {
	s, err1 := time.Parse(dateLayout, start)
	e, err2 := time.Parse(dateLayout, end)
	if err1 != nil || err2 != nil {
		return nil
	}
	loc := 0
	if st.locations[u.Assignment.LocationID] != nil {
		loc = u.Assignment.LocationID
	}
	holidays := st.holidayDates(loc)
	var hours []int
	for d := s; !d.After(e); d = d.AddDate(0, 0, 1) {
		if h := u.WorkHours[d.Weekday()]; h > 0 && !holidays[d.Format(dateLayout)] {
			hours = append(hours, h)
		}
	}
	return hours
}

// hoursOfDays returns the hours of the first n working days; days beyond
// the working days of the request count hoursPerDay each.
func hoursOfDays(days []int, n int) int {
	total := 0
	for i := range n {
		if i < len(days) {
			total += days[i]
		} else {
			total += hoursPerDay
		}
	}
	return total
}

// daysOfHours returns how many working days it takes to cover h hours (a
// part of a day counts as a day); hours beyond the working days of the
// request count hoursPerDay a day.
func daysOfHours(days []int, h int) int {
	if h == 0 {
		return 0
	}
	n := sort.Search(len(days), func(i int) bool { return hoursOfDays(days, i+1) >= h })
	if n < len(days) {
		return n + 1
	}
	left := h - hoursOfDays(days, len(days))
	return len(days) + (left+hoursPerDay-1)/hoursPerDay
}
