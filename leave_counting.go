package tribehr

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// WorkingDaysOptions says how LeaveRequestsService.CountWorkingTime and
// CreateCounted count working days. The zero value (or nil) counts Monday
// to Friday, 8 hours a day, with the employee's location as the API
// reports it and the official holidays the API lists.
type WorkingDaysOptions struct {
	// Week is the employee's work week; the zero WorkWeek means
	// MondayToFriday(8 * time.Hour). The API does not expose an employee's
	// work-hour records, so a caller whose employees work other weeks says
	// so here. The server works out hours from days by its own records.
	Week WorkWeek
	// Location is the id of the employee's location (a pointer to 0: no
	// location, so that only holidays naming no location apply). When nil,
	// the location is read from the employee's assignment record with one
	// UsersService call; a location the caller may not see is an error,
	// never a guess.
	Location *ID
	// Holidays are the official holidays to skip, as
	// EventsService.Holidays returns them (see NewWorkCalendar for which
	// apply). When nil, they are fetched with EventsService.Holidays, one
	// call per calendar year of the range, and kept for the Client's
	// lifetime: later counts in the same year send nothing. A non-nil empty
	// slice means no holidays.
	Holidays []Event
}

// maxFetchedYears bounds how many years of holidays one count fetches: a
// longer range is almost surely a typing error in a year.
const maxFetchedYears = 5

// CountWorkingTime returns the working time of a leave from start to end,
// both included, for the employee with the given id (nil: the
// authenticated user), counted as counting says; see WorkCalendar.Count.
//
// Bad dates (an end before the start), a bad work week and holidays given
// that cannot be read are a *ValidationError before anything is sent. Then, unless counting gives
// them, it reads the employee's location (GET /users/{id}.json, or
// /users/me.json) and the holidays of each year of the range (GET
// /events/holidays.json?year=YYYY, once per year for the Client's
// lifetime). opts apply to those calls, but IfNoneMatch and MaxItems are
// refused: a count needs whole answers (a 304 leaves nothing to count), and
// the holidays it reads are kept for later counts.
func (s *LeaveRequestsService) CountWorkingTime(ctx context.Context, user *ID, start, end Date, counting *WorkingDaysOptions, opts ...CallOption) (WorkingTime, error) {
	c := countingOrDefault(counting)
	var given []holiday
	_, err := validated("count working days", opts, func(p *problems) {
		checkLeaveDate(p, "date_start", start)
		checkLeaveDate(p, "date_end", end)
		checkLeaveDates(p, start, end)
		checkRef(p, "user[id]", user)
		given = checkCounting(p, c, start, end, opts)
	})
	if err != nil {
		return WorkingTime{}, err
	}
	cal, err := s.calendar(ctx, user, start, end, c, given, opts)
	if err != nil {
		return WorkingTime{}, err
	}
	return cal.count(dayNumber(start), dayNumber(end)), nil
}

// CreateCounted files a leave request whose days it counts itself, as
// CountWorkingTime does for params.User (nil: the authenticated user) from
// params.DateStart to params.DateEnd, and sends them as days; the server
// works out the hours from the employee's work-hour records. It returns
// the leave request in full, as Create does.
//
// params.Days and params.Hours must be nil. The parameters are checked
// before anything is sent; a range without a working day (a weekend, a
// holiday) is a *ValidationError before the leave request is sent, since
// the API takes no leave of 0 days. opts apply to every call it makes, as
// for CountWorkingTime.
func (s *LeaveRequestsService) CreateCounted(ctx context.Context, params *LeaveRequestCreate, counting *WorkingDaysOptions, opts ...CallOption) (*LeaveRequest, error) {
	c := countingOrDefault(counting)
	const op = "leave request create"
	var given []holiday
	_, err := validated(op, opts, func(p *problems) {
		if params == nil {
			p.add("", "parameters are nil")
			return
		}
		if params.Days != nil || params.Hours != nil {
			p.add("days", "CreateCounted counts the days itself: leave Days and Hours nil")
		}
		// The other checks are Create's, with the length it will send.
		counted := *params
		counted.Days, counted.Hours = Int(1), nil
		counted.check(p)
		given = checkCounting(p, c, params.DateStart, params.DateEnd, opts)
	})
	if err != nil {
		return nil, err
	}
	cal, err := s.calendar(ctx, params.User, params.DateStart, params.DateEnd, c, given, opts)
	if err != nil {
		return nil, err
	}
	t := cal.count(dayNumber(params.DateStart), dayNumber(params.DateEnd))
	if t.Days == 0 {
		p := problems{op: op}
		p.add("days", "%s to %s holds no working day (only days off and holidays): there is no leave to request",
			params.DateStart, params.DateEnd)
		return nil, p.err()
	}
	counted := *params
	counted.Days = Int(t.Days)
	return s.Create(ctx, &counted, opts...)
}

func countingOrDefault(c *WorkingDaysOptions) WorkingDaysOptions {
	var out WorkingDaysOptions
	if c != nil {
		out = *c
	}
	if out.Week.IsZero() {
		out.Week = MondayToFriday(8 * time.Hour)
	}
	return out
}

// checkCounting reports a bad work week or location, holidays given that
// it cannot read, a range whose holidays would take too many calls to
// fetch, and the call options a count
// cannot take: a conditional read answered 304 would leave no employee and
// no holidays to count (and those holidays would be kept), and a cap would
// fail on any year with more holidays than it. It returns the holidays
// given, read.
func checkCounting(p *problems, c WorkingDaysOptions, start, end Date, opts []CallOption) []holiday {
	c.Week.check(p)
	if c.Location != nil && *c.Location < 0 {
		p.add("location", "must be 0 (none) or positive, got %d", *c.Location)
	}
	given := parseHolidays(p, c.Holidays)
	if c.Holidays == nil && start.Valid() && end.Valid() && end.Year-start.Year >= maxFetchedYears {
		p.add("date_end", "the range spans %d calendar years; fetching the holidays of more than %d is refused: pass WorkingDaysOptions.Holidays",
			end.Year-start.Year+1, maxFetchedYears)
	}
	cfg := newCallConfig(opts)
	if cfg.ifNoneMatch != "" {
		p.add("If-None-Match", "a count reads the employee and the holidays whole: it cannot be conditional")
	}
	if cfg.maxItemsSet {
		p.add("MaxItems", "a count reads every holiday of a year: it takes no cap")
	}
	return given
}

// calendar builds the WorkCalendar of the employee for the range, fetching
// what c does not give; given is c.Holidays, read.
func (s *LeaveRequestsService) calendar(ctx context.Context, user *ID, start, end Date, c WorkingDaysOptions, given []holiday, opts []CallOption) (*WorkCalendar, error) {
	var location ID
	if c.Location != nil {
		location = *c.Location
	} else {
		var err error
		if location, err = s.employeeLocation(ctx, user, opts); err != nil {
			return nil, err
		}
	}
	hs := given
	if c.Holidays == nil {
		for y := start.Year; y <= end.Year; y++ {
			year, err := s.client.holidays.get(ctx, y, func(ctx context.Context, y int) ([]holiday, error) {
				return s.fetchHolidays(ctx, y, opts)
			})
			if err != nil {
				return nil, err
			}
			hs = append(hs, year...)
		}
	}
	return newWorkCalendar(c.Week, hs, location), nil
}

// fetchHolidays reads the official holidays of one year.
func (s *LeaveRequestsService) fetchHolidays(ctx context.Context, year int, opts []CallOption) ([]holiday, error) {
	events, err := s.client.Events.Holidays(ctx, &HolidayListOptions{Year: year}, opts...)
	if err != nil {
		return nil, fmt.Errorf("tribehr: count working days: holidays of %d: %w", year, err)
	}
	p := problems{op: fmt.Sprintf("holidays of %d", year)}
	hs := parseHolidays(&p, events)
	if err := p.err(); err != nil {
		return nil, fmt.Errorf("tribehr: count working days: %w", err)
	}
	return hs, nil
}

// employeeLocation reads the id of the location of the employee (nil: the
// authenticated user) from their assignment record: 0 when they have none.
func (s *LeaveRequestsService) employeeLocation(ctx context.Context, user *ID, opts []CallOption) (ID, error) {
	var u *User
	var err error
	if user == nil {
		u, err = s.client.Users.Me(ctx, opts...)
	} else {
		u, err = s.client.Users.Get(ctx, *user, opts...)
	}
	if err != nil {
		return 0, fmt.Errorf("tribehr: count working days: read the employee's location: %w", err)
	}
	ar, none, err := embedded(u.AssignmentRecord, "assignment record is")
	if none || err != nil {
		return 0, err
	}
	loc, none, err := embedded(ar.Location, "location is")
	if none || err != nil {
		return 0, err
	}
	id, ok := loc.ID.Get()
	if !ok {
		p := problems{op: "count working days"}
		p.add("location", "the employee's location has no readable id: set WorkingDaysOptions.Location")
		return 0, p.err()
	}
	return id, nil
}

// embedded returns an object of the employee's record; none reports that
// the server sent it as null (the employee has none). An absent or
// unreadable one is a *ValidationError: where the employee works is then
// unknown, and guessing would count the wrong holidays.
func embedded[T any](o Object[T], what string) (v T, none bool, err error) {
	v, ok := o.Get()
	switch {
	case ok:
		return v, false, nil
	case o.Null():
		return v, true, nil
	}
	p := problems{op: "count working days"}
	p.add("location", "the employee's %s absent (not visible to the caller) or unreadable: set WorkingDaysOptions.Location", what)
	return v, false, p.err()
}

// holidayCache keeps the official holidays of each year a Client fetched,
// for the Client's lifetime. Concurrent counts in the same year share one
// call; a failed call is not kept, so the next count tries again.
type holidayCache struct {
	mu    sync.Mutex
	years map[int]*holidayYear
}

type holidayYear struct {
	done     chan struct{} // closed when holidays and err are set
	holidays []holiday
	err      error
}

// get returns the holidays of year, calling fetch unless another call has
// (or is) fetching them.
func (c *holidayCache) get(ctx context.Context, year int, fetch func(context.Context, int) ([]holiday, error)) ([]holiday, error) {
	for {
		c.mu.Lock()
		if c.years == nil {
			c.years = make(map[int]*holidayYear)
		}
		y, ok := c.years[year]
		if !ok {
			y = &holidayYear{done: make(chan struct{})}
			c.years[year] = y
			c.mu.Unlock()
			y.holidays, y.err = fetch(ctx, year)
			if y.err != nil {
				c.mu.Lock()
				delete(c.years, year)
				c.mu.Unlock()
			}
			close(y.done)
			return y.holidays, y.err
		}
		c.mu.Unlock()
		select {
		case <-y.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if y.err == nil {
			return y.holidays, nil
		}
		// The call that was fetching failed (its context may have ended,
		// not ours): fetch again.
	}
}
