package tribehr

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// The API leaves counting the working days of a leave request to its
// consumers. This file counts them on calendar dates alone: a Date becomes
// a day number through midnight UTC, never a time.Time in some other time
// zone, so no range can shift by a day.

// WorkWeek is an employee's working week: how long they work on each day of
// the week, indexed by time.Weekday. A day with no time is not a working
// day, so any days can make up the week (Sunday to Thursday, four long days,
// a short Friday):
//
//	week := tribehr.WorkWeek{
//		time.Monday: 10 * time.Hour, time.Tuesday: 10 * time.Hour,
//		time.Wednesday: 10 * time.Hour, time.Thursday: 10 * time.Hour,
//	}
//
// A day may last at most 24 hours. MondayToFriday builds the usual week.
type WorkWeek [7]time.Duration

// MondayToFriday returns the work week of Monday to Friday, perDay each day.
func MondayToFriday(perDay time.Duration) WorkWeek {
	var w WorkWeek
	for d := time.Monday; d <= time.Friday; d++ {
		w[d] = perDay
	}
	return w
}

// Works reports whether d is a working day of the week.
func (w WorkWeek) Works(d time.Weekday) bool {
	return d >= time.Sunday && d <= time.Saturday && w[d] > 0
}

// IsZero reports whether w has no working day at all.
func (w WorkWeek) IsZero() bool { return w == WorkWeek{} }

// check reports days of negative length or longer than a day, and a week
// without a working day.
func (w WorkWeek) check(p *problems) {
	for d, t := range w {
		if t < 0 || t > 24*time.Hour {
			p.add("work_week", "%s lasts %s; a working day lasts from 0 to 24 hours", time.Weekday(d), t)
		}
	}
	if w.IsZero() {
		p.add("work_week", "has no working day")
	}
}

// WorkingTime is the working time of a range of days.
type WorkingTime struct {
	// Days is the number of working days: the days of the work week in the
	// range, less the official holidays among them.
	Days int
	// Hours is the working time of those days, by the work week.
	Hours time.Duration
	// Holidays are the working days of the range that were not counted
	// because they are official holidays, in order. A holiday on a day the
	// employee does not work anyway is not listed: it was never counted.
	Holidays []Date
}

// WorkCalendar counts working days for one employee: their work week, and
// the official holidays that apply at their location. Build it with
// NewWorkCalendar; it is immutable and safe for concurrent use.
type WorkCalendar struct {
	week        WorkWeek
	daysPerWeek int
	timePerWeek time.Duration
	holidays    []int // day numbers of the holidays at the location, sorted, unique
}

// maxHolidayDays is the longest official holiday a WorkCalendar accepts, in
// days; a longer one is a data error, not a holiday.
const maxHolidayDays = 366

// NewWorkCalendar returns the calendar of an employee who works week at the
// location with the given id (0 for an employee without a location).
//
// holidays are the official holidays, as EventsService.Holidays returns
// them: an event applies when its IsOfficialHoliday is true or absent (the
// holidays list does not send it) and when it names no location or names
// this one. It covers the calendar days from its StartDate to its EndDate
// as the server wrote them, both included (the API's one-day holidays start
// and end at the same midnight); only a zoned EndDate at exactly midnight,
// after the start, ends the event before that day. Holidays may overlap and
// repeat: a day is a holiday or not, and is never subtracted twice.
//
// A *ValidationError reports a week without a working day or with a day
// longer than 24 hours, and a holiday whose dates or locations are absent or
// unreadable, since the calendar could not tell when or where it applies.
func NewWorkCalendar(week WorkWeek, holidays []Event, location ID) (*WorkCalendar, error) {
	p := problems{op: "work calendar"}
	week.check(&p)
	hs := parseHolidays(&p, holidays)
	if err := p.err(); err != nil {
		return nil, err
	}
	return newWorkCalendar(week, hs, location), nil
}

func newWorkCalendar(week WorkWeek, hs []holiday, location ID) *WorkCalendar {
	c := &WorkCalendar{week: week}
	for _, t := range week {
		if t > 0 {
			c.daysPerWeek++
			c.timePerWeek += t
		}
	}
	for _, h := range hs {
		if h.appliesAt(location) {
			for n := h.first; n <= h.last; n++ {
				c.holidays = append(c.holidays, n)
			}
		}
	}
	slices.Sort(c.holidays)
	c.holidays = slices.Compact(c.holidays)
	return c
}

// Week returns the calendar's work week.
func (c *WorkCalendar) Week() WorkWeek { return c.week }

// IsHoliday reports whether d is an official holiday at the calendar's
// location, whether or not the employee works that day of the week.
func (c *WorkCalendar) IsHoliday(d Date) bool {
	_, found := slices.BinarySearch(c.holidays, dayNumber(d))
	return found
}

// IsWorkingDay reports whether the employee works on d: a day of their
// work week that is not an official holiday.
func (c *WorkCalendar) IsWorkingDay(d Date) bool {
	return c.week.Works(weekdayOf(dayNumber(d))) && !c.IsHoliday(d)
}

// Count returns the working time from start to end, both included, as a
// leave request's DateStart and DateEnd count: a one-day leave starts and
// ends on the same day. A range that holds no working day counts 0 days.
// An invalid date, or an end before the start, is a *ValidationError.
func (c *WorkCalendar) Count(start, end Date) (WorkingTime, error) {
	p := problems{op: "count working days"}
	checkLeaveDate(&p, "date_start", start)
	checkLeaveDate(&p, "date_end", end)
	checkLeaveDates(&p, start, end)
	if err := p.err(); err != nil {
		return WorkingTime{}, err
	}
	return c.count(dayNumber(start), dayNumber(end)), nil
}

// count counts the days from s to e (day numbers, s <= e): whole weeks at
// once, the rest day by day, then takes the holidays off.
func (c *WorkCalendar) count(s, e int) WorkingTime {
	n := e - s + 1
	weeks, rest := n/7, n%7
	t := WorkingTime{Days: weeks * c.daysPerWeek, Hours: time.Duration(weeks) * c.timePerWeek}
	first := weekdayOf(s)
	for i := range rest {
		if d := c.week[(int(first)+i)%7]; d > 0 {
			t.Days++
			t.Hours += d
		}
	}
	for i := sort.SearchInts(c.holidays, s); i < len(c.holidays) && c.holidays[i] <= e; i++ {
		h := c.holidays[i]
		if d := c.week[weekdayOf(h)]; d > 0 {
			t.Days--
			t.Hours -= d
			t.Holidays = append(t.Holidays, dateOfDay(h))
		}
	}
	return t
}

// holiday is an official holiday as a range of day numbers, with the
// locations it applies at (none: everywhere).
type holiday struct {
	first, last int
	locations   []ID
}

func (h holiday) appliesAt(location ID) bool {
	return len(h.locations) == 0 || slices.Contains(h.locations, location)
}

// parseHolidays reads the days and locations of the official holidays among
// events, adding a problem for each one it cannot read.
func parseHolidays(p *problems, events []Event) []holiday {
	var out []holiday
	for i := range events {
		e := &events[i]
		field := fmt.Sprintf("holidays[%d]", i)
		official, ok := e.IsOfficialHoliday.Get()
		switch {
		case e.IsOfficialHoliday.Absent(), ok && official:
		case e.IsOfficialHoliday.Null(), ok: // not set, or false: not a holiday
			continue
		default:
			p.add(field, "%s: is_official_holiday is not a boolean", eventName(e))
			continue
		}
		h, ok := holidayDays(p, field, e)
		if !ok {
			continue
		}
		locs, ok := holidayLocations(p, field, e)
		if !ok {
			continue
		}
		h.locations = locs
		out = append(out, h)
	}
	return out
}

// holidayDays reads the day numbers an event covers.
func holidayDays(p *problems, field string, e *Event) (holiday, bool) {
	start, okStart := e.StartDate.Get()
	end, okEnd := e.EndDate.Get()
	if !okStart || !okEnd || start.IsZero() || end.IsZero() {
		p.add(field, "%s: start_date and end_date must both be readable date/times", eventName(e))
		return holiday{}, false
	}
	h := holiday{first: dayNumber(DateOf(start.Time())), last: dayNumber(DateOf(end.Time()))}
	if et := end.Time(); !end.IsLocal() && h.last > h.first && et.Equal(DateOf(et).In(et.Location())) {
		h.last-- // a zoned end at midnight ends the event before that day
	}
	if h.last < h.first {
		h.last = h.first
	}
	if n := h.last - h.first + 1; n > maxHolidayDays {
		p.add(field, "%s lasts %d days; an official holiday lasts at most %d", eventName(e), n, maxHolidayDays)
		return holiday{}, false
	}
	return h, true
}

// holidayLocations reads the ids of the locations an event names; a null
// or empty list means everywhere.
func holidayLocations(p *problems, field string, e *Event) ([]ID, bool) {
	list, ok := e.Locations.Get()
	switch {
	case e.Locations.Absent():
		p.add(field, "%s: locations are absent, so where it applies is unknown", eventName(e))
		return nil, false
	case !ok && !e.Locations.Null():
		p.add(field, "%s: locations are unreadable, so where it applies is unknown", eventName(e))
		return nil, false
	}
	var ids []ID
	for j, l := range list {
		id, ok := l.ID.Get()
		if !ok {
			p.add(field, "%s: location %d has no readable id", eventName(e), j)
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

func eventName(e *Event) string {
	if id, ok := e.ID.Get(); ok {
		return fmt.Sprintf("event %d (%q)", id, e.Name.Value())
	}
	return fmt.Sprintf("event %q", e.Name.Value())
}

// secondsPerDay is the length of a day in UTC, which has no leap seconds
// in Unix time.
const secondsPerDay = 24 * 60 * 60

// dayNumber returns the number of days from 1970-01-01 to d (negative
// before it), from midnight UTC at the start of d, as Date's own
// arithmetic goes through UTC; a midnight is a whole number of days from
// the epoch, so the division is exact on either side of it.
func dayNumber(d Date) int { return int(d.In(time.UTC).Unix() / secondsPerDay) }

// dayStart is midnight UTC at the start of day number n.
func dayStart(n int) time.Time { return time.Unix(int64(n)*secondsPerDay, 0).UTC() }

// dateOfDay is the inverse of dayNumber.
func dateOfDay(n int) Date { return DateOf(dayStart(n)) }

// weekdayOf returns the day of the week of a day number.
func weekdayOf(n int) time.Weekday { return dayStart(n).Weekday() }
