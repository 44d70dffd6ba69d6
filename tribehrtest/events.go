package tribehrtest

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxUpcoming is the most events /events/upcoming.json returns.
const maxUpcoming = 50

func eventURL(id int) string { return fmt.Sprintf("/events/%d.json", id) }

// end returns the instant an event is over. An always-local event ending
// exactly at midnight (as the holiday samples do, start = end = 00:00) is
// an all-day event that lasts until the end of that day.
func (e *event) end() time.Time {
	if e.End.Local && e.End.T.Equal(e.End.T.Truncate(24*time.Hour)) {
		return e.End.T.Add(24 * time.Hour)
	}
	return e.End.T
}

// upcoming reports whether e is ongoing or in the future at now. Always-local
// times are compared as if they were UTC.
func (e *event) upcoming(now time.Time) bool {
	return e.end().After(now) || !e.Start.T.Before(now)
}

func (st *store) eventLocations(e *event, quirk bool) any {
	locs := []any{}
	for _, id := range e.LocationIDs {
		if l := st.locations[id]; l != nil {
			locs = append(locs, locationObject(l))
		}
	}
	if quirk && len(locs) == 1 {
		return locs[0]
	}
	return locs
}

func (st *store) partialEvent(e *event, quirk bool) object {
	o := object{
		{"id", e.ID},
		{"name", e.Name},
		{"start_date", e.Start.String()},
		{"end_date", e.End.String()},
		{"notes", e.Notes},
		{"url", eventURL(e.ID)},
	}
	if t := st.eventTypes[e.EventTypeID]; t != nil {
		o.set("event_type", eventTypeObject(t))
	} else {
		o.set("event_type", nil)
	}
	o.set("locations", st.eventLocations(e, quirk))
	return o
}

func (st *store) fullEvent(e *event) object {
	o := object{
		{"id", e.ID},
		{"name", e.Name},
		{"start_date", e.Start.String()},
		{"end_date", e.End.String()},
		{"notes", e.Notes},
		{"is_official_holiday", e.Holiday},
		{"created", formatDateTime(e.Created)},
		{"modified", formatDateTime(e.Modified)},
		{"url", eventURL(e.ID)},
	}
	if t := st.eventTypes[e.EventTypeID]; t != nil {
		o.set("event_type", eventTypeObject(t))
	} else {
		o.set("event_type", nil)
	}
	o.set("locations", st.eventLocations(e, false))
	return o
}

// sortedEvents returns the events matching keep, by start date (then id).
func (st *store) sortedEvents(keep func(*event) bool) []*event {
	var out []*event
	for _, e := range st.events {
		if keep(e) {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Start.T.Equal(out[j].Start.T) {
			return out[i].Start.T.Before(out[j].Start.T)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// listUpcomingEvents answers GET /events/upcoming.json and its alias
// /events.json: ongoing and future events by start date, at most 50.
func listUpcomingEvents(c *call) reply {
	st := c.st()
	evs := st.sortedEvents(func(e *event) bool { return e.upcoming(c.now) })
	if len(evs) > maxUpcoming {
		evs = evs[:maxUpcoming]
	}
	out := []any{}
	for _, e := range evs {
		out = append(out, st.partialEvent(e, c.srv.quirks))
	}
	return c.listReply(sliceSource(out))
}

// listHolidays answers GET /events/holidays.json[?year=YYYY]: official
// holidays by start date, those with at least one day in year if given.
func listHolidays(c *call) reply {
	st := c.st()
	year := 0
	if y := c.queryGet("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || len(y) != 4 {
			return invalid([]string{fmt.Sprintf("year: %q is not a 4-digit year", y)})
		}
		year = n
	}
	evs := st.sortedEvents(func(e *event) bool {
		if !e.Holiday {
			return false
		}
		if year == 0 {
			return true
		}
		last := e.end().Add(-time.Nanosecond)
		if last.Before(e.Start.T) {
			last = e.Start.T
		}
		return e.Start.T.Year() <= year && last.Year() >= year
	})
	out := []any{}
	for _, e := range evs {
		out = append(out, st.partialEvent(e, false))
	}
	return c.listReply(sliceSource(out))
}

// getEvent answers GET /events/{id}.json.
func getEvent(c *call) reply {
	e := c.st().events[c.id]
	if e == nil {
		return notFound("Event")
	}
	return jsonReply(http.StatusOK, c.st().fullEvent(e))
}

var eventFields = []string{"name", "notes", "start_date", "end_date", "is_official_holiday", "event_type[id]", "location[][id]"}

// applyEventForm validates the form against e (stored or new) and applies
// it; it returns the validation messages.
func (c *call) applyEventForm(e *event, creating bool) []string {
	st, f := c.st(), c.form
	var v validation
	allowed := eventFields
	if !creating {
		allowed = append([]string{"id"}, eventFields...)
	}
	v.checkUnknown(f, allowed...)
	if s, ok := f.get("name"); ok || creating {
		if utf8.RuneCountInString(strings.TrimSpace(s)) < 2 {
			v.addf("name: is required and must be at least two characters long")
		}
		e.Name = s
	}
	if s, ok := f.get("notes"); ok {
		e.Notes = s
	}
	bad := false
	for _, k := range []string{"start_date", "end_date"} {
		s, ok := f.get(k)
		switch {
		case !ok && creating:
			v.addf("%s: is required", k)
			bad = true
		case ok:
			t, err := parseEventTime(s)
			if err != nil {
				v.addf("%s: %q is not a date/time (2013-08-30T17:00:00+00:00 or 2013-08-30T17:00:00)", k, s)
				bad = true
			} else if k == "start_date" {
				e.Start = t
			} else {
				e.End = t
			}
		}
	}
	if !bad && !e.End.T.After(e.Start.T) {
		v.addf("end_date: must be later than start_date")
	}
	if b, ok := v.boolean(f, "is_official_holiday"); ok {
		e.Holiday = b
	}
	if id, ok := v.id(f, "event_type[id]"); ok {
		if st.eventTypes[id] == nil {
			v.addf("event_type[id]: no event type has id %d", id)
		} else {
			e.EventTypeID = id
		}
	} else if creating && !f.has("event_type[id]") {
		if ids := sortedIDs(st.eventTypes); len(ids) > 0 {
			e.EventTypeID = ids[0]
		}
	}
	if ids, ok := v.idList(f, "location[][id]"); ok {
		for _, id := range ids {
			if st.locations[id] == nil {
				v.addf("location[][id]: no location has id %d", id)
			}
		}
		e.LocationIDs = ids
	}
	return v.msgs
}

// Events are company-wide: everybody sees them, administrators manage them.
func canManageEvents(u *user) bool { return isAdmin(u) }

// createEvent answers POST /events.json.
func createEvent(c *call) reply {
	st := c.st()
	if !canManageEvents(c.me) {
		return accessDenied("You do not have permission to create events.")
	}
	e := &event{LocationIDs: []int{}}
	if msgs := c.applyEventForm(e, true); len(msgs) > 0 {
		return invalid(msgs)
	}
	e.ID = st.nextID("events")
	e.Created, e.Modified = c.now, c.now
	st.events[e.ID] = e
	c.fire("Event", "Add", e.ID)
	return jsonReply(http.StatusOK, st.fullEvent(e))
}

// updateEvent answers PUT /events/{id}.json; validation takes the stored
// values of the fields not sent into account.
func updateEvent(c *call) reply {
	st := c.st()
	e := st.events[c.id]
	if e == nil {
		return notFound("Event")
	}
	if !canManageEvents(c.me) {
		return accessDenied("You do not have permission to edit events.")
	}
	next := *e
	next.LocationIDs = append([]int(nil), e.LocationIDs...)
	if msgs := c.applyEventForm(&next, false); len(msgs) > 0 {
		return invalid(msgs)
	}
	next.Modified = c.now
	*e = next
	c.fire("Event", "Edit", e.ID)
	return jsonReply(http.StatusOK, st.fullEvent(e))
}

// deleteEvent answers DELETE /events/{id}.json.
func deleteEvent(c *call) reply {
	st := c.st()
	e := st.events[c.id]
	if e == nil {
		return notFound("Event")
	}
	if !canManageEvents(c.me) {
		return accessDenied("You do not have permission to delete events.")
	}
	delete(st.events, e.ID)
	c.fire("Event", "Delete", e.ID)
	return deleted()
}
