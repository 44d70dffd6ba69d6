package tribehrtest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Fixtures is the fake's own fixture format, loaded with WithFixtures (as
// JSON) or WithFixtureData (as a Go value) on top of the seed. Items are
// loaded in the order of the fields below, so a leave request may refer to
// a user of the same document. An item whose id is 0 gets the next free
// id; an item whose id exists replaces it.
//
// Reference data is found by name: a leave type, event type, location or
// value without an id whose name is taken (by the seed or an earlier
// fixture) replaces that item and keeps its id, and a user's job title,
// department and location name, and an event's location names, reuse the
// job, department or location of that name (the seeded "Development" is
// department 5 for every user naming it). A name nobody has yet makes a new
// one with a new id, which later users naming it share. Example:
//
//	{
//	  "locations": [{"id": 40, "name": "Berlin"}],
//	  "users": [{"username": "kim", "first_name": "Kim", "last_name": "Lee",
//	             "group": "Employees", "manager_id": 7, "location_id": 40,
//	             "date_hired": "2030-03-02", "department": "Development"},
//	            {"username": "ola", "job_title": "Software Engineer",
//	             "location": "Silicon Valley"}],
//	  "events": [{"name": "Hackathon", "start_date": "2030-05-01T09:00:00",
//	              "end_date": "2030-05-02T17:00:00", "locations": ["Berlin"]}]
//	}
type Fixtures struct {
	LeaveTypes    []FixtureLeaveType    `json:"leave_types,omitempty"`
	EventTypes    []FixtureRef          `json:"event_types,omitempty"`
	Locations     []FixtureRef          `json:"locations,omitempty"`
	Values        []FixtureValue        `json:"values,omitempty"`
	Users         []FixtureUser         `json:"users,omitempty"`
	LeaveRequests []FixtureLeaveRequest `json:"leave_requests,omitempty"`
	Events        []FixtureEvent        `json:"events,omitempty"`
	Kudos         []FixtureKudos        `json:"kudos,omitempty"`
}

// FixtureRef is an event type or a location.
type FixtureRef struct {
	ID   int    `json:"id,omitempty"`
	Name string `json:"name"`
}

// FixtureLeaveType is a leave type. Accrual is NONE (the default),
// MONTHLY, BIWEEKLY, SEMIMONTHLY or ANNUAL; ActionPhrase defaults to
// "Request " and the name; Created to the server clock.
type FixtureLeaveType struct {
	ID           int       `json:"id,omitempty"`
	Name         string    `json:"name"`
	Accrual      string    `json:"accrual,omitempty"`
	ActionPhrase string    `json:"action_phrase,omitempty"`
	Unpaid       bool      `json:"unpaid,omitempty"`
	Created      time.Time `json:"created,omitzero"`
}

// FixtureValue is a company value that kudos can carry.
type FixtureValue struct {
	ID    int    `json:"id,omitempty"`
	Name  string `json:"name"`
	Image string `json:"image,omitempty"`
}

// FixtureUser is a user. Password defaults to DemoPassword, Group to
// "Employees", Email to username@example.com; APIKey "" means none yet.
// Created defaults to the server clock, DateHired (YYYY-MM-DD) to the day
// the user was created. JobTitle, Department and Location are names, found
// as Fixtures says; LocationID names a location by id instead.
type FixtureUser struct {
	ID         int       `json:"id,omitempty"`
	Username   string    `json:"username"`
	Email      string    `json:"email,omitempty"`
	Password   string    `json:"password,omitempty"`
	APIKey     string    `json:"api_key,omitempty"`
	FirstName  string    `json:"first_name,omitempty"`
	LastName   string    `json:"last_name,omitempty"`
	Group      string    `json:"group,omitempty"`
	ManagerID  int       `json:"manager_id,omitempty"`
	Terminated bool      `json:"terminated,omitempty"`
	Phone      string    `json:"phone,omitempty"`
	JobTitle   string    `json:"job_title,omitempty"`
	Department string    `json:"department,omitempty"`
	Location   string    `json:"location,omitempty"`
	LocationID int       `json:"location_id,omitempty"`
	PayRate    string    `json:"pay_rate,omitempty"` // a decimal string such as "65346.30"
	DateHired  string    `json:"date_hired,omitempty"`
	Created    time.Time `json:"created,omitzero"`
	// WorkHours is the user's work-hour record: whole hours by lower-case
	// weekday name, such as {"monday": 10, "tuesday": 10}; days left out
	// are days off. Empty means Monday to Friday, 8 hours a day. The
	// server works out a leave request's hours from its days (and days
	// from hours) on the working days of the request: these days of the
	// week, less the official holidays at the user's location.
	WorkHours map[string]int `json:"work_hours,omitempty"`
}

// FixtureLeaveRequest is a leave request; dates are YYYY-MM-DD, Status
// defaults to PENDING, Hours to the user's hours on Days working days of
// the request (Days*8 for a Monday-to-Friday user without holidays).
type FixtureLeaveRequest struct {
	ID          int    `json:"id,omitempty"`
	UserID      int    `json:"user_id"`
	LeaveTypeID int    `json:"leave_type_id"`
	DateStart   string `json:"date_start"`
	DateEnd     string `json:"date_end"`
	Days        int    `json:"days,omitempty"`
	Hours       int    `json:"hours,omitempty"`
	Status      string `json:"status,omitempty"`
	Comments    string `json:"comments,omitempty"`
}

// FixtureEvent is an event. StartDate and EndDate are date/times with an
// offset, or always-local without one. Its locations are LocationIDs and
// the locations named in Locations, found as Fixtures says.
type FixtureEvent struct {
	ID              int      `json:"id,omitempty"`
	Name            string   `json:"name"`
	Notes           string   `json:"notes,omitempty"`
	StartDate       string   `json:"start_date"`
	EndDate         string   `json:"end_date"`
	OfficialHoliday bool     `json:"is_official_holiday,omitempty"`
	EventTypeID     int      `json:"event_type_id,omitempty"`
	LocationIDs     []int    `json:"location_ids,omitempty"`
	Locations       []string `json:"locations,omitempty"`
}

// FixtureKudos is a kudos. Source defaults to "web", Created to the
// server clock.
type FixtureKudos struct {
	ID           int       `json:"id,omitempty"`
	PosterID     int       `json:"poster_id"`
	RecipientIDs []int     `json:"recipient_ids"`
	ValueIDs     []int     `json:"value_ids,omitempty"`
	Text         string    `json:"text,omitempty"`
	Source       string    `json:"source,omitempty"`
	Created      time.Time `json:"created,omitzero"`
}

func pickID(st *store, resource string, id int) int {
	if id == 0 {
		return st.nextID(resource)
	}
	st.sawID(resource, id)
	return id
}

// pickRefID is pickID for reference data: an item without an id takes the
// id of the item of the same name (named, 0 for none) before a new one.
func pickRefID(st *store, resource string, id, named int) int {
	if id == 0 && named != 0 {
		return named
	}
	return pickID(st, resource, id)
}

// namedID returns the id of the item of m called name, 0 for none; the
// lowest id when several share it.
func namedID[T any](m map[int]*T, name string, nameOf func(*T) string) int {
	for _, id := range sortedIDs(m) {
		if nameOf(m[id]) == name {
			return id
		}
	}
	return 0
}

func locationName(l *location) string { return l.Name }

// locationNamed returns the id of the location called name, adding one
// when there is none.
func (st *store) locationNamed(name string) int {
	if id := namedID(st.locations, name, locationName); id != 0 {
		return id
	}
	id := st.nextID("locations")
	st.locations[id] = &location{ID: id, Name: name}
	return id
}

// job returns the job titled title that a user already holds, or a new one.
// Jobs and departments live only inside assignment records, so their ids
// are found there.
func (st *store) job(title string) idName {
	return st.assignmentRef(title, func(a *assignmentRecord) *idName { return &a.Job })
}

// department returns the department called name that a user already
// belongs to, or a new one.
func (st *store) department(name string) idName {
	return st.assignmentRef(name, func(a *assignmentRecord) *idName { return &a.Department })
}

func (st *store) assignmentRef(name string, ref func(*assignmentRecord) *idName) idName {
	maxID := 0
	for _, id := range sortedIDs(st.users) {
		r := ref(&st.users[id].Assignment)
		if r.Name == name {
			return *r
		}
		maxID = max(maxID, r.ID)
	}
	return idName{maxID + 1, name}
}

func (s *Server) loadFixtures(f *Fixtures, now time.Time) error {
	st := s.st
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("fixtures: "+format, args...)) }
	for _, l := range f.LeaveTypes {
		acc := strings.ToUpper(l.Accrual)
		if acc == "" {
			acc = "NONE"
		}
		if !slices.Contains(accruals, acc) {
			bad("leave type %q: accrual %q is not one of %s", l.Name, l.Accrual, strings.Join(accruals, ", "))
			continue
		}
		phrase := l.ActionPhrase
		if phrase == "" {
			phrase = "Request " + l.Name
		}
		created := now.UTC().Truncate(time.Second)
		if !l.Created.IsZero() {
			created = l.Created.UTC()
		}
		id := pickRefID(st, "leave_types", l.ID, namedID(st.leaveTypes, l.Name, func(t *leaveType) string { return t.Name }))
		st.leaveTypes[id] = &leaveType{ID: id, Name: l.Name, Accrual: acc, ActionPhrase: phrase, Unpaid: l.Unpaid,
			Created: created, Modified: created}
	}
	for _, t := range f.EventTypes {
		id := pickRefID(st, "event_types", t.ID, namedID(st.eventTypes, t.Name, func(t *eventType) string { return t.Name }))
		st.eventTypes[id] = &eventType{ID: id, Name: t.Name}
	}
	for _, l := range f.Locations {
		id := pickRefID(st, "locations", l.ID, namedID(st.locations, l.Name, locationName))
		st.locations[id] = &location{ID: id, Name: l.Name}
	}
	for _, v := range f.Values {
		id := pickRefID(st, "values", v.ID, namedID(st.values, v.Name, func(v *value) string { return v.Name }))
		st.values[id] = &value{ID: id, Name: v.Name, Image: v.Image}
	}
	for _, fu := range f.Users {
		if fu.Username == "" {
			bad("a user has no username")
			continue
		}
		group := fu.Group
		if group == "" {
			group = GroupEmployees
		}
		if group != GroupEmployees && group != GroupManagers && group != GroupAdministrators {
			bad("user %q: group %q is not Employees, Managers or Administrators", fu.Username, group)
		}
		id := pickID(st, "users", fu.ID)
		email := fu.Email
		if email == "" {
			email = fu.Username + "@example.com"
		}
		u := demoUser(id, fu.Username, email, fu.FirstName, fu.LastName, group, fu.ManagerID, 2000+id, 0)
		u.Created = now.UTC().Truncate(time.Second)
		if !fu.Created.IsZero() {
			u.Created = fu.Created.UTC()
		}
		u.Modified = u.Created
		u.Assignment.Created, u.Assignment.Modified = u.Created, u.Created
		u.Employee.Created, u.Employee.Modified = u.Created, u.Created
		u.Assignment.DateHired = u.Created.Format(dateLayout)
		u.Employee.EffectiveDate = u.Assignment.DateHired
		if fu.DateHired != "" {
			if _, err := parseDate(fu.DateHired); err != nil {
				bad("user %q: date_hired %q is not a date (YYYY-MM-DD)", fu.Username, fu.DateHired)
			}
			u.Assignment.DateHired = fu.DateHired
		}
		if fu.Password != "" {
			u.Password = fu.Password
		}
		u.APIKey, u.Terminated = fu.APIKey, fu.Terminated
		u.Assignment.Phone = fu.Phone
		if fu.JobTitle != "" {
			u.Assignment.Job = st.job(fu.JobTitle)
		}
		if fu.Department != "" {
			u.Assignment.Department = st.department(fu.Department)
		}
		switch {
		case fu.LocationID != 0 && fu.Location != "":
			bad("user %q: give location_id or location, not both", fu.Username)
		case fu.LocationID != 0:
			u.Assignment.LocationID = fu.LocationID
		case fu.Location != "":
			u.Assignment.LocationID = st.locationNamed(fu.Location)
		}
		if fu.PayRate != "" {
			u.Assignment.Pay.Rate = fu.PayRate
		}
		if len(fu.WorkHours) > 0 {
			week, err := parseWorkHours(fu.WorkHours)
			if err != nil {
				bad("user %q: work_hours: %v", fu.Username, err)
			}
			u.WorkHours = week
		}
		st.users[id] = u
	}
	for _, fu := range f.Users {
		if fu.ManagerID != 0 && st.users[fu.ManagerID] == nil {
			bad("user %q: no manager with id %d", fu.Username, fu.ManagerID)
		}
		if fu.LocationID != 0 && st.locations[fu.LocationID] == nil {
			bad("user %q: no location with id %d", fu.Username, fu.LocationID)
		}
	}
	var needHours []*leaveRequest // counted once the holidays are loaded
	for _, fl := range f.LeaveRequests {
		l := &leaveRequest{UserID: fl.UserID, LeaveTypeID: fl.LeaveTypeID, DateStart: fl.DateStart, DateEnd: fl.DateEnd,
			Days: fl.Days, Hours: fl.Hours, Status: strings.ToUpper(fl.Status), Comments: fl.Comments,
			Created: now.UTC().Truncate(time.Second)}
		l.Modified = l.Created
		if l.Status == "" {
			l.Status = statusPending
		}
		if st.users[l.UserID] == nil || st.leaveTypes[l.LeaveTypeID] == nil {
			bad("leave request %d: unknown user %d or leave type %d", fl.ID, fl.UserID, fl.LeaveTypeID)
			continue
		}
		if l.Hours == 0 {
			needHours = append(needHours, l)
		}
		if _, err := parseDate(l.DateStart); err != nil {
			bad("leave request %d: date_start %q is not a date", fl.ID, l.DateStart)
		}
		if _, err := parseDate(l.DateEnd); err != nil {
			bad("leave request %d: date_end %q is not a date", fl.ID, l.DateEnd)
		}
		l.ID = pickID(st, "leave_requests", fl.ID)
		st.leaveRequests[l.ID] = l
	}
	for _, fe := range f.Events {
		start, err1 := parseEventTime(fe.StartDate)
		end, err2 := parseEventTime(fe.EndDate)
		if err := errors.Join(err1, err2); err != nil {
			bad("event %q: %v", fe.Name, err)
			continue
		}
		e := &event{Name: fe.Name, Notes: fe.Notes, Start: start, End: end, Holiday: fe.OfficialHoliday,
			EventTypeID: fe.EventTypeID, LocationIDs: append([]int{}, fe.LocationIDs...),
			Created: now.UTC().Truncate(time.Second)}
		for _, name := range fe.Locations {
			if id := st.locationNamed(name); !slices.Contains(e.LocationIDs, id) {
				e.LocationIDs = append(e.LocationIDs, id)
			}
		}
		for _, id := range e.LocationIDs {
			if st.locations[id] == nil {
				bad("event %q: no location with id %d", fe.Name, id)
			}
		}
		e.Modified = e.Created
		if e.EventTypeID == 0 {
			if ids := sortedIDs(st.eventTypes); len(ids) > 0 {
				e.EventTypeID = ids[0]
			}
		}
		e.ID = pickID(st, "events", fe.ID)
		st.events[e.ID] = e
	}
	for _, l := range needHours {
		l.Hours = hoursOfDays(st.workingDayHours(st.users[l.UserID], l.DateStart, l.DateEnd), l.Days)
	}
	for _, fk := range f.Kudos {
		if st.users[fk.PosterID] == nil {
			bad("kudos %d: unknown poster %d", fk.ID, fk.PosterID)
			continue
		}
		k := &kudos{PosterID: fk.PosterID, RecipientIDs: append([]int{}, fk.RecipientIDs...),
			ValueIDs: append([]int{}, fk.ValueIDs...), Text: fk.Text, Source: fk.Source, Created: fk.Created.UTC()}
		if k.Source == "" {
			k.Source = defaultSource
		}
		if fk.Created.IsZero() {
			k.Created = now.UTC().Truncate(time.Second)
		}
		k.Modified = k.Created
		k.ID = pickID(st, "kudos", fk.ID)
		st.kudos[k.ID] = k
	}
	return errors.Join(errs...)
}
