package tribehr

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/h2non/gock.v1"
)

// The helpers prefixed ek build expected values for the events and kudos
// tests.

func ekLoc(id ID, name, u string) Location {
	return Location{ID: NewField(id), Name: NewField(name), URL: NewField(u)}
}

func ekEventType(id ID, name, u string) Object[EventType] {
	return NewObject(EventType{ID: NewField(id), Name: NewField(name), URL: NewField(u)})
}

func TestDecodeEventsUpcoming(t *testing.T) {
	got := decodeFixture[[]Event](t, "events_upcoming.json")
	want := []Event{
		{
			ID:        NewField[ID](20),
			Name:      NewField("Company Picnic"),
			StartDate: dtField(t, "2013-08-29T11:00:00+00:00"),
			EndDate:   dtField(t, "2013-08-29T14:30:00+00:00"),
			Notes:     NewField("<p>We'll have some BBQs on the lawn behind the building.</p>\r\n<p>Hope to see you there!</p>"),
			URL:       NewField("/events/20.json"),
			EventType: ekEventType(1, "Lunch", "/event_types/1.json"),
			// A single object in this sample: read as a list of one.
			Locations: NewField(OneOrMany[Location]{ekLoc(3, "London Office [Product and Development]", "/locations/view/3.json")}),
		},
		{
			ID:        NewField[ID](252),
			Name:      NewField("Product Launch"),
			StartDate: dtField(t, "2013-08-30T17:00:00+00:00"),
			EndDate:   dtField(t, "2013-08-30T22:00:00+00:00"),
			Notes:     NewField("<p>Spouses and significant others are welcome, too!</p>"),
			URL:       NewField("/events/252.json"),
			EventType: ekEventType(2, "Company Gathering", "/event_types/2.json"),
			Locations: NewField(OneOrMany[Location]{ekLoc(3, "London Office [Product and Development]", "/locations/view/3.json")}),
		},
	}
	assert.Equal(t, want, got)

	// Partial events: the full-only fields are absent, not empty.
	e := got[0]
	assert.True(t, e.IsOfficialHoliday.Absent())
	assert.True(t, e.Created.Absent())
	assert.True(t, e.Modified.Absent())
	start := e.StartDate.Value()
	assert.False(t, start.IsLocal(), "zoned")
	assert.Equal(t, time.Date(2013, 8, 29, 11, 0, 0, 0, time.UTC), start.Time().UTC())
	assert.Equal(t, "2013-08-29T14:30:00+00:00", e.EndDate.Value().String())
	assert.Len(t, e.Locations.Value(), 1)
}

func TestDecodeEventsHolidays(t *testing.T) {
	got := decodeFixture[[]Event](t, "events_holidays.json")
	// The sample's notes read "<\\/p>" in JSON: a doubly escaped slash in
	// the document, which decodes to a literal backslash. The SDK keeps
	// what the server sent.
	want := []Event{
		{
			ID:        NewField[ID](12),
			Name:      NewField("New Year's Day"),
			Notes:     NewField(`<p>Official Holiday, no work.<\/p>`),
			URL:       NewField("/events/view/12"),
			StartDate: dtField(t, "2013-01-01T00:00:00"),
			EndDate:   dtField(t, "2013-01-01T00:00:00"),
			EventType: ekEventType(5, "Official Holiday", "/event_types/view/5.json"),
			// The trailing space of the name is the server's.
			Locations: NewField(OneOrMany[Location]{ekLoc(2, "Corporate Office [Headquarters] ", "/locations/view/2.json")}),
		},
		{
			ID:        NewField[ID](33),
			Name:      NewField("Boxing Day"),
			Notes:     NewField(`<p>Official Holiday, no work.<\/p>`),
			URL:       NewField("/events/view/33"),
			StartDate: dtField(t, "2013-12-26T00:00:00"),
			EndDate:   dtField(t, "2013-12-26T00:00:00"),
			EventType: ekEventType(5, "Official Holiday", "/event_types/view/5.json"),
			Locations: NewField(OneOrMany[Location]{ekLoc(3, "London Office [Product and Development]", "/locations/view/3.json")}),
		},
	}
	assert.Equal(t, want, got)

	// Always-local: no zone, the same wall-clock time everywhere.
	start := got[1].StartDate.Value()
	assert.True(t, start.IsLocal())
	assert.Equal(t, "2013-12-26T00:00:00", start.String())
	tokyo := time.FixedZone("JST", 9*3600)
	assert.Equal(t, time.Date(2013, 12, 26, 0, 0, 0, 0, tokyo), start.In(tokyo))
	assert.Equal(t, NewDate(2013, 12, 26), start.Date())
	assert.True(t, got[0].IsOfficialHoliday.Absent(), "partial: absent, even for a holiday")
}

func TestDecodeEventGet(t *testing.T) {
	got := decodeFixture[Event](t, "events_get.json")
	want := Event{
		ID:                NewField[ID](252),
		Name:              NewField("Fun Family Event"),
		Notes:             NewField("<p>Spouses and significant others are welcome, too!</p>"),
		IsOfficialHoliday: NewField(false),
		Created:           dtField(t, "2013-01-28T11:41:07+00:00"),
		Modified:          dtField(t, "2013-01-28T11:41:07+00:00"),
		// The sample's url names another event (12), in the pre-2.2.0
		// format; the SDK keeps it as sent.
		URL:       NewField("/events/view/12"),
		StartDate: dtField(t, "2013-08-30T00:00:00"),
		EndDate:   dtField(t, "2013-08-30T00:00:00"),
		EventType: ekEventType(5, "Official Holiday", "/event_types/view/5.json"),
		Locations: NewField(OneOrMany[Location]{ekLoc(2, "Corporate Office [Headquarters] ", "/locations/view/2.json")}),
	}
	assert.Equal(t, want, got)
	assert.True(t, got.StartDate.Value().IsLocal())
	assert.False(t, got.Created.Value().IsLocal())
	hol, ok := got.IsOfficialHoliday.Get()
	assert.True(t, ok, "false is a value, not absent")
	assert.False(t, hol)
	ekAssertRoundTrip(t, "events_get.json", got)
}

func TestDecodeEventCreateAndUpdate(t *testing.T) {
	locs := NewField(OneOrMany[Location]{ekLoc(1, "Central Rental", "/locations/1.json"), ekLoc(7, "Headquarters", "/locations/7.json")})
	tests := []struct {
		fixture string
		want    Event
	}{
		{"events_create.json", Event{
			ID:                NewField[ID](254),
			Name:              NewField("New event"),
			StartDate:         dtField(t, "2013-08-30T17:00:00+00:00"),
			EndDate:           dtField(t, "2013-08-30T22:00:00+00:00"),
			Notes:             NewField("HTML description of new event"),
			IsOfficialHoliday: NewField(true),
			Created:           dtField(t, "2013-08-19T18:02:04+00:00"),
			Modified:          dtField(t, "2013-08-19T18:02:04+00:00"),
			URL:               NewField("/events/254.json"),
			EventType:         ekEventType(1, "Lunch", "/event_types/1.json"),
			Locations:         locs,
		}},
		{"events_update.json", Event{
			ID:                NewField[ID](254),
			Name:              NewField("New event (Updated Time!)"),
			StartDate:         dtField(t, "2013-08-30T18:00:00+00:00"),
			EndDate:           dtField(t, "2013-08-30T22:00:00+00:00"),
			Notes:             NewField("HTML description of new event"),
			IsOfficialHoliday: NewField(true),
			Created:           dtField(t, "2013-08-19T18:02:04+00:00"),
			Modified:          dtField(t, "2013-08-19T18:30:35+00:00"),
			URL:               NewField("/events/254.json"),
			EventType:         ekEventType(1, "Lunch", "/event_types/1.json"),
			Locations:         locs,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got := decodeFixture[Event](t, tt.fixture)
			assert.Equal(t, tt.want, got)
			assert.False(t, got.StartDate.Value().IsLocal())
			ekAssertRoundTrip(t, tt.fixture, got)
		})
	}
}

// ekAssertRoundTrip checks v marshals back to the fixture's JSON.
// ekAssertRoundTrip asserts v encodes back to the JSON of the fixture.
func ekAssertRoundTrip(t *testing.T, name string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, string(fixture(t, name)), string(b))
}
func TestDecodeEventAbsentNullAndExtra(t *testing.T) {
	var e Event
	require.NoError(t, json.Unmarshal([]byte(`{"id":"9","name":"X","notes":null,"locations":[],"colour":"red"}`), &e))
	assert.Equal(t, ID(9), e.ID.Value(), "an id sent as a string")
	assert.True(t, e.Notes.Null())
	assert.True(t, e.StartDate.Absent())
	got, ok := e.Locations.Get()
	assert.True(t, ok, "an empty list is a value")
	assert.Empty(t, got)
	assert.Equal(t, Extra{"colour": json.RawMessage(`"red"`)}, e.Extra)
}

func TestDecodeEventNotFoundSample(t *testing.T) {
	// The document's sample uses typographic quotes (“error”), which is not
	// JSON; testdata/events_not_found.json repairs them to plain quotes.
	defer gock.Off()
	c := gockClient(t)
	gock.New(acmeHost).Get("/events/1234567.json").Reply(404).
		SetHeader("Content-Type", "application/json").Body(bytes.NewReader(fixture(t, "events_not_found.json")))
	_, err := c.Events.Get(context.Background(), 1234567)
	errorCase{status: 404, code: CodeNotFound, messages: []string{"Invalid Event"}, sentinel: ErrNotFound}.
		check(t, err, http.MethodGet, "/events/1234567.json")
	assert.True(t, gock.IsDone())
}

func TestEventsUpcoming(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	var cap capture
	gock.New(acmeHost).Get("/events/upcoming.json").
		MatchHeader("X-API-Version", `^2\.2\.0$`).
		MatchHeader("Accept", "^application/json$").
		BasicAuth(testUser, testSecret).
		AddMatcher(cap.match).
		Reply(200).SetHeader("Content-Type", "application/json").Body(bytes.NewReader(fixture(t, "events_upcoming.json")))

	events, err := c.Events.Upcoming(context.Background())
	require.NoError(t, err)
	require.Len(t, events, 2)
	assert.Equal(t, "Company Picnic", events[0].Name.Value())
	assert.Empty(t, cap.req.URL.RawQuery)
	assert.Empty(t, cap.body)
	assert.True(t, gock.IsDone())
}

func TestEventsHolidays(t *testing.T) {
	tests := []struct {
		name      string
		opts      *HolidayListOptions
		wantQuery string
	}{
		{"all", nil, ""},
		{"zero options", &HolidayListOptions{}, ""},
		{"one year", &HolidayListOptions{Year: 2013}, "year=2013"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			var cap capture
			gock.New(acmeHost).Get("/events/holidays.json").AddMatcher(cap.match).
				Reply(200).Body(bytes.NewReader(fixture(t, "events_holidays.json")))
			events, err := c.Events.Holidays(context.Background(), tt.opts)
			require.NoError(t, err)
			require.Len(t, events, 2)
			assert.Equal(t, "Boxing Day", events[1].Name.Value())
			assert.Equal(t, tt.wantQuery, cap.req.URL.RawQuery)
			assert.True(t, gock.IsDone())
		})
	}
}

func TestEventsHolidaysInvalidYear(t *testing.T) {
	for _, year := range []int{-2013, 13, 999, 10000} {
		c, rec := countingClient(t)
		_, err := c.Events.Holidays(context.Background(), &HolidayListOptions{Year: year})
		assertNotSent(t, rec, err, "year")
	}
}

func TestEventsGet(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	gock.New(acmeHost).Get("/events/252.json").
		Reply(200).Body(bytes.NewReader(fixture(t, "events_get.json")))
	e, err := c.Events.Get(context.Background(), 252)
	require.NoError(t, err)
	assert.Equal(t, "Fun Family Event", e.Name.Value())
	assert.True(t, e.IsOfficialHoliday.Present())
	assert.True(t, gock.IsDone())
}

func TestEventsFull(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	gock.New(acmeHost).Get("/events/252.json").
		Reply(200).Body(bytes.NewReader(fixture(t, "events_get.json")))
	partial := decodeFixture[[]Event](t, "events_upcoming.json")[1]
	require.True(t, partial.Created.Absent())
	full, err := c.Events.Full(context.Background(), &partial)
	require.NoError(t, err)
	assert.True(t, full.Created.Present())
	assert.True(t, partial.Created.Absent(), "the partial event is not changed")
	assert.True(t, gock.IsDone())

}

// The document's create sample, with the wrapping spaces removed.
const eventCreateSample = `name=New%20event& start_date=2013-08-30T17%3A00%3A00%2B00%3A00&
end_date=2013-08-30T22%3A00%3A00%2B00%3A00& location[][id]=1& location[][id]=7&
notes=HTML%20description%20of%20new%20event& is_official_holiday=1& event_type[id]=1`

func sampleEventCreate() *EventCreate {
	return &EventCreate{
		Name:              "New event",
		StartDate:         NewDateTime(time.Date(2013, 8, 30, 17, 0, 0, 0, time.UTC)),
		EndDate:           NewDateTime(time.Date(2013, 8, 30, 22, 0, 0, 0, time.UTC)),
		Locations:         IDs{1, 7},
		Notes:             String("HTML description of new event"),
		IsOfficialHoliday: Bool(true),
		EventType:         Ptr[ID](1),
	}
}

func TestEventsCreate(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	var cap capture
	gock.New(acmeHost).Post("/events.json").
		MatchType("url").
		AddMatcher(cap.match).
		Reply(200).Body(bytes.NewReader(fixture(t, "events_create.json")))

	e, err := c.Events.Create(context.Background(), sampleEventCreate())
	require.NoError(t, err)
	assert.Equal(t, ID(254), e.ID.Value())
	assert.True(t, gock.IsDone())

	got, _, _ := cap.formParts(t)
	assert.Equal(t, sample(t, eventCreateSample), got)
	// The plus of the offset travels as %2B, so it does not arrive as a
	// space.
	assert.Contains(t, string(cap.body), "start_date=2013-08-30T17%3A00%3A00%2B00%3A00")
	assert.Contains(t, string(cap.body), "location%5B%5D%5Bid%5D=1&location%5B%5D%5Bid%5D=7")
}

func TestEventsCreateEncoding(t *testing.T) {
	const notes = "Ünïcødé & = + # [b]bold[/b] 100% <i>\nline two\r\n日本語 ☃"
	tests := []struct {
		name   string
		params *EventCreate
		want   url.Values
	}{
		{
			name: "minimal, always-local",
			params: &EventCreate{
				Name:      "Üb",
				StartDate: NewLocalDateTime(2013, 12, 26, 9, 0, 0),
				EndDate:   NewLocalDateTime(2013, 12, 26, 17, 30, 0),
			},
			want: url.Values{"name": {"Üb"}, "start_date": {"2013-12-26T09:00:00"}, "end_date": {"2013-12-26T17:30:00"}},
		},
		{
			name: "text arrives intact, not a holiday, other offset",
			params: &EventCreate{
				Name:              "Launch & party = fun + #1 [team]",
				Notes:             String(notes),
				StartDate:         NewDateTime(time.Date(2013, 8, 30, 17, 0, 0, 0, time.FixedZone("", -4*3600))),
				EndDate:           NewDateTime(time.Date(2013, 8, 30, 22, 0, 0, 0, time.FixedZone("", -4*3600))),
				IsOfficialHoliday: Bool(false),
				Locations:         IDs{3},
			},
			want: url.Values{
				"name":                {"Launch & party = fun + #1 [team]"},
				"notes":               {notes},
				"start_date":          {"2013-08-30T17:00:00-04:00"},
				"end_date":            {"2013-08-30T22:00:00-04:00"},
				"is_official_holiday": {"0"},
				"location[][id]":      {"3"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			var cap capture
			gock.New(acmeHost).Post("/events.json").AddMatcher(cap.match).Reply(200).JSON(map[string]any{"id": 1})
			_, err := c.Events.Create(context.Background(), tt.params)
			require.NoError(t, err)
			got, _, _ := cap.formParts(t)
			assert.Equal(t, tt.want, got)
			assert.True(t, gock.IsDone())
		})
	}
}

func TestEventsCreateValidation(t *testing.T) {
	start := NewDateTime(time.Date(2013, 8, 30, 17, 0, 0, 0, time.UTC))
	end := NewDateTime(time.Date(2013, 8, 30, 22, 0, 0, 0, time.UTC))
	tests := []struct {
		name   string
		params *EventCreate
		fields []string
	}{
		{"nil", nil, []string{""}},
		{"empty", &EventCreate{}, []string{"name", "start_date", "end_date"}},
		{"one-character name (runes, not bytes)", &EventCreate{Name: "日", StartDate: start, EndDate: end}, []string{"name"}},
		{"end before start", &EventCreate{Name: "ok", StartDate: end, EndDate: start}, []string{"end_date"}},
		{"end equal to start", &EventCreate{Name: "ok", StartDate: start, EndDate: start}, []string{"end_date"}},
		{"local end before local start", &EventCreate{Name: "ok", StartDate: NewLocalDateTime(2013, 1, 2, 0, 0, 0), EndDate: NewLocalDateTime(2013, 1, 1, 0, 0, 0)}, []string{"end_date"}},
		{"bad references", &EventCreate{Name: "ok", StartDate: start, EndDate: end, EventType: Ptr[ID](0), Locations: IDs{1, -7}}, []string{"event_type[id]", "location[][id]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := countingClient(t)
			_, err := c.Events.Create(context.Background(), tt.params)
			assertNotSent(t, rec, err, tt.fields...)
		})
	}
}

func TestEventsCreateMixedKindsLeftToServer(t *testing.T) {
	// A zoned start and an always-local end are not compared client-side.
	p := &EventCreate{Name: "ok", StartDate: NewDateTime(time.Date(2013, 8, 30, 17, 0, 0, 0, time.UTC)), EndDate: NewLocalDateTime(2013, 8, 30, 9, 0, 0)}
	assert.NoError(t, checked(p.check))
}

func TestEventsUpdate(t *testing.T) {
	tests := []struct {
		name   string
		id     ID
		params *EventUpdate
		sample string // the document's body, or the expected one
	}{
		{
			name:   "the document's PUT /events/{id}.json sample",
			id:     254,
			params: &EventUpdate{Name: String("New event (Updated Time!)"), StartDate: Ptr(NewDateTime(time.Date(2013, 8, 30, 18, 0, 0, 0, time.UTC)))},
			sample: `id=254& name=New%20event%20%28Updated%20Time%21%29& start_date=2013-08-30T18%3A00%3A00%2B00%3A00`,
		},
		{
			name:   "the document's Sending POST and PUT data sample",
			id:     252,
			params: &EventUpdate{Name: String("Updated Event"), EventType: Ptr[ID](1), Locations: IDs{1, 7}},
			sample: `id=252&name=Updated%20Event&event_type%5Bid%5D=1&location%5B%5D%5Bid%5D=1&location%5B%5D%5Bid%5D=7`,
		},
		{
			// The document writes this body unescaped
			// ("start_date=2013-09-01T15:30:00+00:00"), where the plus would
			// read as a space; the SDK sends %2B.
			name:   "the document's Differences between POST and PUT sample",
			id:     53,
			params: &EventUpdate{StartDate: Ptr(NewDateTime(time.Date(2013, 9, 1, 15, 30, 0, 0, time.UTC)))},
			sample: `id=53&start_date=2013-09-01T15%3A30%3A00%2B00%3A00`,
		},
		{
			name:   "clear notes and locations, not a holiday",
			id:     7,
			params: &EventUpdate{Notes: String(""), Locations: IDs{}, IsOfficialHoliday: Bool(false)},
			sample: `id=7&notes=&location%5B%5D%5Bid%5D=&is_official_holiday=0`,
		},
		{
			name:   "nothing to change: only the id",
			id:     7,
			params: &EventUpdate{},
			sample: `id=7`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			var cap capture
			gock.New(acmeHost).Put("/events/" + tt.id.String() + ".json").
				MatchType("url").AddMatcher(cap.match).
				Reply(200).Body(bytes.NewReader(fixture(t, "events_update.json")))
			e, err := c.Events.Update(context.Background(), tt.id, tt.params)
			require.NoError(t, err)
			assert.Equal(t, "New event (Updated Time!)", e.Name.Value())
			got, _, _ := cap.formParts(t)
			assert.Equal(t, sample(t, tt.sample), got)
			assert.Equal(t, tt.id.String(), got.Get("id"), "the body carries the URL's id")
			assert.True(t, gock.IsDone())
		})
	}
}

func TestEventsUpdateValidation(t *testing.T) {
	start := NewDateTime(time.Date(2013, 8, 30, 17, 0, 0, 0, time.UTC))
	end := NewDateTime(time.Date(2013, 8, 30, 22, 0, 0, 0, time.UTC))
	tests := []struct {
		name   string
		id     ID
		params *EventUpdate
		fields []string
	}{
		{"zero id", 0, &EventUpdate{}, []string{"id"}},
		{"nil params", 5, nil, []string{""}},
		{"short name", 5, &EventUpdate{Name: String("x")}, []string{"name"}},
		{"empty name", 5, &EventUpdate{Name: String("")}, []string{"name"}},
		{"end before start", 5, &EventUpdate{StartDate: &end, EndDate: &start}, []string{"end_date"}},
		{"empty dates", 5, &EventUpdate{StartDate: &DateTime{}, EndDate: &DateTime{}}, []string{"start_date", "end_date"}},
		{"all at once", -1, &EventUpdate{Name: String("x"), EventType: Ptr[ID](-2), Locations: IDs{0}}, []string{"id", "name", "event_type[id]", "location[][id]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := countingClient(t)
			_, err := c.Events.Update(context.Background(), tt.id, tt.params)
			assertNotSent(t, rec, err, tt.fields...)
		})
	}
	// Only one date: the server checks it against the stored other one.
	assert.NoError(t, checked(func(p *problems) { (&EventUpdate{StartDate: &end}).check(p, 5) }))
}

func TestEventsIDValidation(t *testing.T) {
	c, rec := countingClient(t)
	ctx := context.Background()
	_, err := c.Events.Get(ctx, 0)
	assertNotSent(t, rec, err, "id")
	err = c.Events.Delete(ctx, -3)
	assertNotSent(t, rec, err, "id")
	_, err = c.Events.Full(ctx, &Event{ID: NewField[ID](0)})
	assertNotSent(t, rec, err, "id")
}

func TestEventsDelete(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	gock.New(acmeHost).Delete("/events/252.json").
		Reply(200).Body(bytes.NewReader(fixture(t, "events_delete.json")))
	require.NoError(t, c.Events.Delete(context.Background(), 252))
	assert.True(t, gock.IsDone())
}

// TestEventsErrors runs every call of the service against the typical
// errors of the API.
func TestEventsErrors(t *testing.T) {
	start := NewDateTime(time.Date(2013, 8, 30, 17, 0, 0, 0, time.UTC))
	calls := []struct {
		name   string
		method string
		path   string
		call   func(c *Client) error
	}{
		{"Upcoming", http.MethodGet, "/events/upcoming.json", func(c *Client) error {
			_, err := c.Events.Upcoming(context.Background())
			return err
		}},
		{"Holidays", http.MethodGet, "/events/holidays.json", func(c *Client) error {
			_, err := c.Events.Holidays(context.Background(), &HolidayListOptions{Year: 2013})
			return err
		}},
		{"Get", http.MethodGet, "/events/9.json", func(c *Client) error {
			_, err := c.Events.Get(context.Background(), 9)
			return err
		}},
		{"Full", http.MethodGet, "/events/9.json", func(c *Client) error {
			_, err := c.Events.Full(context.Background(), &Event{ID: NewField[ID](9)})
			return err
		}},
		{"Create", http.MethodPost, "/events.json", func(c *Client) error {
			_, err := c.Events.Create(context.Background(), sampleEventCreate())
			return err
		}},
		{"Update", http.MethodPut, "/events/9.json", func(c *Client) error {
			_, err := c.Events.Update(context.Background(), 9, &EventUpdate{StartDate: &start})
			return err
		}},
		{"Delete", http.MethodDelete, "/events/9.json", func(c *Client) error {
			return c.Events.Delete(context.Background(), 9)
		}},
	}
	for _, call := range calls {
		for _, tc := range ekErrorCases {
			t.Run(call.name+"/"+tc.name, func(t *testing.T) {
				defer gock.Off()
				c := gockClient(t)
				gock.New(acmeHost).Path(call.path).
					AddMatcher(func(r *http.Request, _ *gock.Request) (bool, error) { return r.Method == call.method, nil }).
					Reply(tc.status).JSON(tc.body())
				tc.check(t, call.call(c), call.method, call.path)
				assert.True(t, gock.IsDone())
			})
		}
	}
}
