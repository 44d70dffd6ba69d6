package tribehr_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// ievClock returns a server clock fixed in mid-year, so that the events the
// fake places around its clock, and its holidays of "this year", do not
// depend on when the tests run (a run across New Year, say).
func ievClock() *tribehrtest.Clock {
	return tribehrtest.NewClock(time.Date(2030, time.June, 12, 10, 30, 0, 0, time.UTC))
}

// ievEventIDs returns the ids of events, in order; it fails the test when
// an event has no id.
func ievEventIDs(t *testing.T, events []tribehr.Event) []tribehr.ID {
	t.Helper()
	return collect(events, func(e tribehr.Event) tribehr.ID { return must(t, e.ID) })
}

// ievName returns an event's name, for collect.
func ievName(e tribehr.Event) string { return e.Name.Value() }

// ievEnd returns the instant an event is over, with the fake's documented
// rule: an always-local end exactly at midnight lasts that whole day.
// Always-local times are read as UTC, as the fake compares them.
func ievEnd(t *testing.T, e tribehr.Event) time.Time {
	t.Helper()
	end, ok := e.EndDate.Get()
	require.True(t, ok, "event %s has no end_date", e.ID)
	et := end.Time()
	if end.IsLocal() && et.Equal(et.Truncate(24*time.Hour)) {
		et = et.Add(24 * time.Hour)
	}
	return et
}

// ievStart returns an event's start as an instant (always-local as UTC).
func ievStart(t *testing.T, e tribehr.Event) time.Time {
	t.Helper()
	start, ok := e.StartDate.Get()
	require.True(t, ok, "event %s has no start_date", e.ID)
	return start.Time()
}

func TestIntegrationEventsUpcoming(t *testing.T) {
	clock := ievClock()
	srv, client := newFake(t, tribehrtest.WithClock(clock.Now))
	ctx := testCtx(t)

	events, err := client.Events.Upcoming(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, events)
	assert.LessOrEqual(t, len(events), 50)

	for i, e := range events {
		assert.True(t, ievEnd(t, e).After(clock.Now()), "event %s (%s) has ended: %s",
			e.ID, e.Name, e.EndDate)
		if i > 0 {
			assert.False(t, ievStart(t, e).Before(ievStart(t, events[i-1])),
				"not sorted by start date at %d: %s after %s", i, e.StartDate, events[i-1].StartDate)
		}
		// Partial events: no is_official_holiday, no created.
		assert.True(t, e.IsOfficialHoliday.Absent(), "event %s", e.ID)
		assert.True(t, e.Created.Absent(), "event %s", e.ID)
		assert.Equal(t, fmt.Sprintf("/events/%d.json", e.ID.Value()), e.URL.Value())
	}
	// The fake's events around the clock: the ongoing training and the
	// future ones are listed, the past review and the 2013 samples not.
	names := collect(events, ievName)
	assert.Contains(t, names, "Security Training", "ongoing event missing")
	assert.Contains(t, names, "Team Lunch", "future event missing")
	assert.Contains(t, names, "Quarterly All-Hands", "future event missing")
	assert.NotContains(t, names, "Sprint Review", "ended event listed")
	assert.NotContains(t, names, "Company Picnic", "2013 event listed")

	// The same request went to /events/upcoming.json.
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodGet, reqs[0].Method)
	assert.Equal(t, "/events/upcoming.json", reqs[0].Path)
}

func TestIntegrationEventsUpcomingAtMostFifty(t *testing.T) {
	clock := ievClock()
	now := clock.Now()
	var fx tribehrtest.Fixtures
	for i := range 60 {
		start := now.Add(time.Duration(i+2) * 24 * time.Hour).Truncate(time.Hour)
		fx.Events = append(fx.Events, tribehrtest.FixtureEvent{
			Name:      fmt.Sprintf("Fixture Event %02d", i),
			StartDate: start.Format(time.RFC3339),
			EndDate:   start.Add(time.Hour).Format(time.RFC3339),
		})
	}
	past := now.Add(-72 * time.Hour).Truncate(time.Hour)
	fx.Events = append(fx.Events, tribehrtest.FixtureEvent{
		Name: "Fixture Past Event", StartDate: past.Format(time.RFC3339), EndDate: past.Add(time.Hour).Format(time.RFC3339),
	})
	_, client := newFake(t, tribehrtest.WithFixtureData(fx), tribehrtest.WithClock(clock.Now))

	events, err := client.Events.Upcoming(testCtx(t))
	require.NoError(t, err)
	require.Len(t, events, 50, "more than 50 upcoming events exist: the 50 soonest are listed")

	for _, e := range events {
		assert.True(t, ievEnd(t, e).After(now), "event %s has ended", e.Name)
	}
	listed := collect(events, ievName)
	assert.NotContains(t, listed, "Fixture Past Event")
	assert.Contains(t, listed, "Fixture Event 00", "the soonest fixture event is listed")
	assert.NotContains(t, listed, "Fixture Event 59", "the latest fixture event is cut off")
	// Every fixture event left out starts no earlier than the last one listed.
	last := ievStart(t, events[len(events)-1])
	for _, f := range fx.Events[:60] {
		if slices.Contains(listed, f.Name) {
			continue
		}
		start, err := time.Parse(time.RFC3339, f.StartDate)
		require.NoError(t, err)
		assert.False(t, start.Before(last), "%s (%s) left out but starts before the last listed (%s)", f.Name, start, last)
	}
}

func TestIntegrationEventsHolidays(t *testing.T) {
	clock := ievClock()
	_, client := newFake(t, tribehrtest.WithClock(clock.Now))
	ctx := testCtx(t)
	year := clock.Now().Year()

	all, err := client.Events.Holidays(ctx, nil)
	require.NoError(t, err)
	// The 2013 samples, then four holidays in this year and four in the next.
	require.Len(t, all, 10)
	ids := ievEventIDs(t, all)
	assert.Equal(t, []tribehr.ID{12, 33}, ids[:2], "the 2013 sample holidays come first")
	for i := 1; i < len(all); i++ {
		assert.False(t, ievStart(t, all[i]).Before(ievStart(t, all[i-1])), "not sorted at %d", i)
	}

	for _, y := range []int{year, year + 1} {
		hs, err := client.Events.Holidays(ctx, &tribehr.HolidayListOptions{Year: y})
		require.NoError(t, err)
		for _, h := range hs {
			start := h.StartDate.Value()
			assert.True(t, start.IsLocal(), "holiday %s is always-local", h.Name)
			assert.Equal(t, y, start.Date().Year, "holiday %s", h.Name)
			assert.Equal(t, y, h.EndDate.Value().Date().Year, "holiday %s", h.Name)
			assert.True(t, h.IsOfficialHoliday.Absent(), "a partial event has no is_official_holiday")
			full, err := client.Events.Full(ctx, &h)
			require.NoError(t, err)
			assert.Equal(t, h.ID.Value(), full.ID.Value())
			holiday, ok := full.IsOfficialHoliday.Get()
			assert.True(t, ok && holiday, "holiday %s: is_official_holiday %s", h.Name, full.IsOfficialHoliday)
		}
		assert.Equal(t, []string{"New Year's Day", "Canada Day", "Christmas Day", "Boxing Day"}, collect(hs, ievName), "year %d", y)
	}

	h2013, err := client.Events.Holidays(ctx, &tribehr.HolidayListOptions{Year: 2013})
	require.NoError(t, err)
	assert.Equal(t, []tribehr.ID{12, 33}, ievEventIDs(t, h2013))

	h1999, err := client.Events.Holidays(ctx, &tribehr.HolidayListOptions{Year: 1999})
	require.NoError(t, err)
	assert.Empty(t, h1999)
}

func TestIntegrationEventsGetSample(t *testing.T) {
	_, client := newFake(t)
	ctx := testCtx(t)

	e, err := client.Events.Get(ctx, 20)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(20), e.ID.Value())
	assert.Equal(t, "Company Picnic", e.Name.Value())
	assert.Equal(t, "<p>We'll have some BBQs on the lawn behind the building.</p>\r\n<p>Hope to see you there!</p>", e.Notes.Value())
	assert.Equal(t, "2013-08-29T11:00:00+00:00", e.StartDate.Value().String())
	assert.Equal(t, "2013-08-29T14:30:00+00:00", e.EndDate.Value().String())
	assert.False(t, e.StartDate.Value().IsLocal())
	holiday, ok := e.IsOfficialHoliday.Get()
	assert.True(t, ok, "a full event carries is_official_holiday")
	assert.False(t, holiday)
	assert.True(t, e.Created.Present())
	assert.True(t, e.Modified.Present())
	assert.Equal(t, "/events/20.json", e.URL.Value())
	et := e.EventType.Value()
	assert.Equal(t, tribehr.ID(1), et.ID.Value())
	assert.Equal(t, "Lunch", et.Name.Value())
	assert.Equal(t, []tribehr.ID{3}, collect(must(t, e.Locations), locationID))
	assert.Equal(t, "London Office [Product and Development]", e.Locations.Value()[0].Name.Value())

	ny, err := client.Events.Get(ctx, 12)
	require.NoError(t, err)
	assert.Equal(t, "New Year's Day", ny.Name.Value())
	assert.True(t, ny.StartDate.Value().IsLocal())
	assert.Equal(t, "2013-01-01T00:00:00", ny.StartDate.Value().String())
	assert.Equal(t, tribehr.NewDate(2013, time.January, 1), ny.StartDate.Value().Date())
	assert.True(t, ny.IsOfficialHoliday.Value())
	assert.Equal(t, "Official Holiday", ny.EventType.Value().Name.Value())
	assert.Equal(t, []tribehr.ID{2}, collect(must(t, ny.Locations), locationID))
}

func TestIntegrationEventsFull(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	events, err := client.Events.Upcoming(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, events)
	partial := events[0]
	require.True(t, partial.IsOfficialHoliday.Absent())
	require.True(t, partial.Created.Absent())

	full, err := client.Events.Full(ctx, &partial)
	require.NoError(t, err)
	assert.Equal(t, partial.ID.Value(), full.ID.Value())
	assert.Equal(t, partial.Name.Value(), full.Name.Value())
	assert.True(t, partial.StartDate.Value().Equal(full.StartDate.Value()))
	assert.True(t, partial.EndDate.Value().Equal(full.EndDate.Value()))
	assert.Equal(t, partial.EventType.Value().ID.Value(), full.EventType.Value().ID.Value())
	assert.Equal(t, collect(must(t, partial.Locations), locationID), collect(must(t, full.Locations), locationID))
	assert.True(t, full.IsOfficialHoliday.Present(), "the full event has is_official_holiday")
	assert.True(t, full.Created.Present(), "the full event has created")
	assert.True(t, partial.IsOfficialHoliday.Absent(), "Full does not change the partial event")

	// Nothing to fetch: an error, no request.
	srv.ResetLog()
	_, err = client.Events.Full(ctx, nil)
	assert.EqualError(t, err, "tribehr: invalid partial event: it is nil")
	assert.Equal(t, []string{""}, validationFields(t, err))
	_, err = client.Events.Full(ctx, &tribehr.Event{})
	assert.EqualError(t, err, "tribehr: invalid partial event: id: missing (<absent>)")
	assert.Equal(t, []string{"id"}, validationFields(t, err))
	assert.Empty(t, srv.Requests(), "nothing was sent")
}

func TestIntegrationEventsCreateUpdateDelete(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	toronto := time.FixedZone("EST", -5*3600)
	start := time.Date(2031, time.March, 14, 9, 30, 0, 0, toronto)
	end := start.Add(26 * time.Hour)
	notes := "Bring your own mug & snacks.\nParking: level 2 (50% off)."
	created, err := client.Events.Create(ctx, &tribehr.EventCreate{
		Name:              "Integration Launch Party",
		Notes:             tribehr.String(notes),
		StartDate:         tribehr.NewDateTime(start),
		EndDate:           tribehr.NewDateTime(end),
		IsOfficialHoliday: tribehr.Bool(true),
		EventType:         tribehr.Ptr(tribehr.ID(3)),
		Locations:         tribehr.IDs{1, 3, 7},
	})
	require.NoError(t, err)
	id, ok := created.ID.Get()
	require.True(t, ok)
	assert.Positive(t, int64(id))
	assert.Equal(t, "Integration Launch Party", created.Name.Value())
	assert.Equal(t, []tribehr.ID{1, 3, 7}, collect(must(t, created.Locations), locationID))

	// The form as the server parsed it.
	post := lastRequest(t, srv)
	assert.Equal(t, http.MethodPost, post.Method)
	assert.Equal(t, "/events.json", post.Path)
	assert.Equal(t, []string{"1", "3", "7"}, post.Form["location[][id]"])
	assert.Equal(t, []string{"1"}, post.Form["is_official_holiday"])
	assert.Equal(t, []string{"3"}, post.Form["event_type[id]"])
	assert.Equal(t, []string{"2031-03-14T09:30:00-05:00"}, post.Form["start_date"])

	got, err := client.Events.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, id, got.ID.Value())
	assert.Equal(t, "Integration Launch Party", got.Name.Value())
	assert.Equal(t, notes, got.Notes.Value())
	assert.True(t, got.StartDate.Value().Equal(tribehr.NewDateTime(start)), "start %s", got.StartDate)
	assert.True(t, got.EndDate.Value().Equal(tribehr.NewDateTime(end)), "end %s", got.EndDate)
	assert.True(t, got.StartDate.Value().Time().Equal(start))
	assert.False(t, got.StartDate.Value().IsLocal())
	assert.True(t, got.IsOfficialHoliday.Value())
	assert.Equal(t, tribehr.ID(3), got.EventType.Value().ID.Value())
	assert.Equal(t, "Training", got.EventType.Value().Name.Value())
	assert.Equal(t, []tribehr.ID{1, 3, 7}, collect(must(t, got.Locations), locationID))
	assert.Equal(t, []string{"Central Rental", "London Office [Product and Development]", "Headquarters"},
		collect(got.Locations.Value(), func(l tribehr.Location) string { return l.Name.Value() }))
	assert.Equal(t, fmt.Sprintf("/events/%d.json", id), got.URL.Value())

	// The official holiday shows in the holidays of its year.
	hs, err := client.Events.Holidays(ctx, &tribehr.HolidayListOptions{Year: 2031})
	require.NoError(t, err)
	assert.Contains(t, ievEventIDs(t, hs), id)

	// Update: a new name, the locations cleared, the rest left as it is.
	srv.ResetLog()
	updated, err := client.Events.Update(ctx, id, &tribehr.EventUpdate{
		Name:      tribehr.String("Integration Launch Party (renamed)"),
		Locations: tribehr.IDs{},
	})
	require.NoError(t, err)
	assert.Equal(t, "Integration Launch Party (renamed)", updated.Name.Value())
	assert.Empty(t, collect(must(t, updated.Locations), locationID))
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodPut, reqs[0].Method)
	assert.Equal(t, fmt.Sprintf("/events/%d.json", id), reqs[0].Path)
	assert.Equal(t, []string{""}, reqs[0].Form["location[][id]"], "IDs{} is sent as an empty location[][id]")
	assert.Equal(t, []string{id.String()}, reqs[0].Form["id"])

	got, err = client.Events.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Integration Launch Party (renamed)", got.Name.Value())
	locs, ok := got.Locations.Get()
	assert.True(t, ok, "locations present (as an empty list): %s", got.Locations)
	assert.Empty(t, locs)
	assert.Equal(t, notes, got.Notes.Value(), "notes left as they were")
	assert.True(t, got.IsOfficialHoliday.Value(), "holiday flag left as it was")
	assert.Equal(t, tribehr.ID(3), got.EventType.Value().ID.Value())
	assert.True(t, got.StartDate.Value().Equal(tribehr.NewDateTime(start)))

	// Delete, then the event is gone.
	require.NoError(t, client.Events.Delete(ctx, id))
	_, err = client.Events.Get(ctx, id)
	apiErr := assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
	assert.Equal(t, []string{"Invalid Event"}, apiErr.Messages)

	// Deleting it again is an error: nothing was ambiguous.
	err = client.Events.Delete(ctx, id)
	assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
}

func TestIntegrationEventsCreateAlwaysLocal(t *testing.T) {
	_, client := newFake(t)
	ctx := testCtx(t)

	created, err := client.Events.Create(ctx, &tribehr.EventCreate{
		Name:      "Local Offsite",
		StartDate: tribehr.NewLocalDateTime(2031, time.June, 1, 9, 0, 0),
		EndDate:   tribehr.NewLocalDateTime(2031, time.June, 2, 17, 0, 0),
	})
	require.NoError(t, err)
	got, err := client.Events.Get(ctx, created.ID.Value())
	require.NoError(t, err)
	assert.True(t, got.StartDate.Value().IsLocal())
	assert.True(t, got.EndDate.Value().IsLocal())
	assert.Equal(t, "2031-06-01T09:00:00", got.StartDate.Value().String())
	assert.Equal(t, "2031-06-02T17:00:00", got.EndDate.Value().String())
	assert.False(t, got.IsOfficialHoliday.Value(), "the server's default")
	assert.Equal(t, tribehr.ID(1), got.EventType.Value().ID.Value(), "the first event type by default")
	locs, ok := got.Locations.Get()
	assert.True(t, ok)
	assert.Empty(t, locs)
}

func TestIntegrationEventsEmployeeMayNotCreate(t *testing.T) {
	// A fixed clock, so the upcoming events are the same before and after.
	srv, _ := newFake(t, tribehrtest.WithClock(ievClock().Now))
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)
	ctx := testCtx(t)
	before, err := emma.Events.Upcoming(ctx)
	require.NoError(t, err)
	srv.ResetLog()

	// An event that would be upcoming, were it created.
	_, err = emma.Events.Create(ctx, &tribehr.EventCreate{
		Name:      "Emma's Party",
		StartDate: tribehr.NewDateTime(time.Date(2031, 5, 1, 18, 0, 0, 0, time.UTC)),
		EndDate:   tribehr.NewDateTime(time.Date(2031, 5, 1, 23, 0, 0, 0, time.UTC)),
	})
	// A user's missing permission is ACCESS_ERROR; RIGHTS_ERROR is for an
	// account whose package lacks the feature.
	apiErr := assertAPIError(t, err, http.StatusForbidden, tribehr.CodeAccess, tribehr.ErrForbidden)
	assert.False(t, errors.Is(err, tribehr.CodeRights))
	assert.NotEmpty(t, apiErr.Messages)
	assert.Equal(t, 1, apiErr.Attempts, "a 403 is not retried")
	assert.Equal(t, http.MethodPost, apiErr.Method)
	assert.Equal(t, "/events.json", apiErr.Path)

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, tribehrtest.EmployeeUsername, reqs[0].User)
	assert.Equal(t, http.StatusForbidden, reqs[0].Status)

	// Nothing was created: the upcoming events are as they were.
	after, err := emma.Events.Upcoming(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	assert.NotContains(t, collect(after, ievName), "Emma's Party")
}

func TestIntegrationEventsClientValidationSendsNothing(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)
	start := tribehr.NewDateTime(time.Date(2031, 5, 1, 18, 0, 0, 0, time.UTC))
	end := tribehr.NewDateTime(time.Date(2031, 5, 1, 23, 0, 0, 0, time.UTC))

	_, err := client.Events.Create(ctx, &tribehr.EventCreate{Name: "X", StartDate: start, EndDate: end})
	assert.Equal(t, []string{"name"}, validationFields(t, err))

	_, err = client.Events.Create(ctx, &tribehr.EventCreate{Name: "Backwards", StartDate: end, EndDate: start})
	assert.Equal(t, []string{"end_date"}, validationFields(t, err))

	_, err = client.Events.Create(ctx, &tribehr.EventCreate{Name: "Timeless"})
	assert.Equal(t, []string{"start_date", "end_date"}, validationFields(t, err))

	// Every problem is listed; an end equal to the start is not after it.
	_, err = client.Events.Create(ctx, &tribehr.EventCreate{Name: "Z", StartDate: end, EndDate: end})
	assert.Equal(t, []string{"name", "end_date"}, validationFields(t, err))

	_, err = client.Events.Update(ctx, 20, &tribehr.EventUpdate{Name: tribehr.String("Q")})
	assert.Equal(t, []string{"name"}, validationFields(t, err))

	assert.Empty(t, srv.Requests(), "nothing was sent")

	// The event the update named is unchanged.
	e, err := client.Events.Get(ctx, 20)
	require.NoError(t, err)
	assert.Equal(t, "Company Picnic", e.Name.Value())
}
