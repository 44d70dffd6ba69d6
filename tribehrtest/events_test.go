package tribehrtest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The document writes this body with its brackets unescaped.
const eventPostSample = `name=New%20event&
start_date=2013-08-30T17%3A00%3A00%2B00%3A00&
end_date=2013-08-30T22%3A00%3A00%2B00%3A00&
location[][id]=1&
location[][id]=7&
notes=HTML%20description%20of%20new%20event&
is_official_holiday=1&
event_type[id]=1`

const eventPutSample = `id=254&
name=New%20event%20%28Updated%20Time%21%29&
start_date=2013-08-30T18%3A00%3A00%2B00%3A00`

func TestCreateAndUpdateEventSamples(t *testing.T) {
	clock := newClock("2013-08-19T18:02:04Z")
	srv := NewServer(t, WithClock(clock.Now))
	res := do(t, srv, "POST", "/events.json", docBody(eventPostSample))
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	assert.JSONEq(t, `{
		"id": 254, "name": "New event",
		"start_date": "2013-08-30T17:00:00+00:00", "end_date": "2013-08-30T22:00:00+00:00",
		"notes": "HTML description of new event", "is_official_holiday": true,
		"created": "2013-08-19T18:02:04+00:00", "modified": "2013-08-19T18:02:04+00:00",
		"url": "/events/254.json",
		"event_type": {"id": 1, "name": "Lunch", "url": "/event_types/1.json"},
		"locations": [
			{"id": 1, "name": "Central Rental", "url": "/locations/1.json"},
			{"id": 7, "name": "Headquarters", "url": "/locations/7.json"}
		]
	}`, string(res.body))

	clock.Advance(28*60e9 + 31e9) // 18:30:35
	res = do(t, srv, "PUT", "/events/254.json", docBody(eventPutSample))
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	e := res.obj(t)
	assert.Equal(t, "New event (Updated Time!)", e["name"])
	assert.Equal(t, "2013-08-30T18:00:00+00:00", e["start_date"])
	assert.Equal(t, "2013-08-30T22:00:00+00:00", e["end_date"])
	assert.Equal(t, "2013-08-19T18:02:04+00:00", e["created"])
	assert.Equal(t, "2013-08-19T18:30:35+00:00", e["modified"])
	assert.Len(t, e["locations"], 2, "omitted fields are left alone")

	t.Run("the document's location PUT", func(t *testing.T) {
		e := do(t, srv, "PUT", "/events/252.json", "id=252&name=Updated%20Event&event_type%5Bid%5D=1&location%5B%5D%5Bid%5D=1&location%5B%5D%5Bid%5D=7").obj(t)
		assert.Equal(t, "Updated Event", e["name"])
		assert.Equal(t, []string{"1", "7"}, ids(t, e["locations"].([]any)))
		e = do(t, srv, "PUT", "/events/252.json", "id=252&location%5B%5D%5Bid%5D=").obj(t)
		assert.Equal(t, []any{}, e["locations"], "an empty location[][id] clears")
	})
}

func TestEventValidation(t *testing.T) {
	srv := NewServer(t)
	t.Run("PUT is validated against stored values", func(t *testing.T) {
		// Event 20 runs 11:00 to 14:30; a start at 15:30 would end before it
		// starts. The body is the document's, "+" unescaped (so a space).
		msgs := do(t, srv, "PUT", "/events/20.json", "id=20&start_date=2013-08-29T15:30:00+00:00").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
		assert.Equal(t, []string{"end_date: must be later than start_date"}, msgs)
		assert.Equal(t, "2013-08-29T11:00:00+00:00", do(t, srv, "GET", "/events/20.json", "").obj(t)["start_date"], "nothing saved")
	})
	tests := []struct {
		name, body string
		msgs       int
	}{
		{"nothing", "notes=x", 3},
		{"one-character name", "name=A&start_date=2030-01-01T10:00:00&end_date=2030-01-01T11:00:00", 1},
		{"bad date/times", "name=Party&start_date=2030-01-01&end_date=tomorrow", 2},
		{"end equals start", "name=Party&start_date=2030-01-01T10:00:00&end_date=2030-01-01T10:00:00", 1},
		{"boolean not 0/1", "name=Party&start_date=2030-01-01T10:00:00&end_date=2030-01-01T11:00:00&is_official_holiday=true", 1},
		{"unknown references", "name=Party&start_date=2030-01-01T10:00:00&end_date=2030-01-01T11:00:00&event_type%5Bid%5D=99&location%5B%5D%5Bid%5D=1&location%5B%5D%5Bid%5D=99", 2},
		{"bad id", "name=Party&start_date=2030-01-01T10:00:00&end_date=2030-01-01T11:00:00&event_type%5Bid%5D=x", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := do(t, srv, "POST", "/events.json", tt.body).apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
			assert.Len(t, msgs, tt.msgs, "%q", msgs)
		})
	}
	t.Run("defaults", func(t *testing.T) {
		e := do(t, srv, "POST", "/events.json", "name=Party&start_date=2030-01-01T10:00:00&end_date=2030-01-01T11:00:00").obj(t)
		assert.Equal(t, "2030-01-01T10:00:00", e["start_date"], "always-local stays always-local")
		assert.Equal(t, false, e["is_official_holiday"])
		assert.Equal(t, "Lunch", e["event_type"].(map[string]any)["name"], "the first event type")
		assert.Equal(t, []any{}, e["locations"])
	})
	t.Run("only administrators manage events", func(t *testing.T) {
		body := "name=Party&start_date=2030-01-01T10:00:00&end_date=2030-01-01T11:00:00"
		do(t, srv, "POST", "/events.json", body, asUser("alice")).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
		do(t, srv, "PUT", "/events/20.json", "id=20&name=Mine", asUser("emma")).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
	})
}

func TestUpcomingEvents(t *testing.T) {
	clock := newClock("2013-08-29T12:00:00Z")
	srv := NewServer(t, WithClock(clock.Now))
	list := do(t, srv, "GET", "/events/upcoming.json", "").arr(t)
	got := ids(t, list)
	require.GreaterOrEqual(t, len(got), 3)
	require.Contains(t, got, "20", "the ongoing picnic")
	assert.Less(t, indexOf(got, "20"), indexOf(got, "252"), "then the launch")
	assert.NotContains(t, got, "12", "past holiday")
	assert.Contains(t, got, "33", "future holiday")
	assert.Equal(t, list, do(t, srv, "GET", "/events.json", "").arr(t), "alias")
	picnic := list[indexOf(got, "20")].(map[string]any)
	assert.ElementsMatch(t, []string{"id", "name", "start_date", "end_date", "notes", "url", "event_type", "locations"}, keys(picnic))
	assert.Equal(t, []any{map[string]any{"id": jsonNum("3"), "name": "London Office [Product and Development]", "url": "/locations/3.json"}}, picnic["locations"])

	t.Run("the sample's single-location quirk", func(t *testing.T) {
		q := NewServer(t, WithClock(clock.Now), WithSingleLocationQuirk())
		list := do(t, q, "GET", "/events/upcoming.json", "").arr(t)
		picnic := list[indexOf(ids(t, list), "20")].(map[string]any)
		assert.Equal(t, map[string]any{"id": jsonNum("3"), "name": "London Office [Product and Development]", "url": "/locations/3.json"}, picnic["locations"])
		assert.IsType(t, []any{}, do(t, q, "GET", "/events/20.json", "").obj(t)["locations"], "full objects keep the array")
	})
	t.Run("never empty at the real clock", func(t *testing.T) {
		assert.NotEmpty(t, do(t, NewServer(t), "GET", "/events/upcoming.json", "").arr(t))
	})
	t.Run("at most 50", func(t *testing.T) {
		var f Fixtures
		for i := range 60 {
			f.Events = append(f.Events, FixtureEvent{Name: fmt.Sprintf("Future %d", i),
				StartDate: fmt.Sprintf("2014-02-%02dT09:00:00+00:00", i%28+1), EndDate: "2014-03-01T10:00:00+00:00"})
		}
		big := NewServer(t, WithClock(clock.Now), WithFixtureData(f))
		list := do(t, big, "GET", "/events/upcoming.json", "").arr(t)
		assert.Len(t, list, 50)
		prev := ""
		for _, e := range list {
			start := e.(map[string]any)["start_date"].(string)
			assert.LessOrEqual(t, prev, start, "sorted by start")
			prev = start
		}
	})
}

func TestHolidays(t *testing.T) {
	clock := newClock("2030-06-15T12:00:00Z")
	fixtures := `{"events": [{"name": "Winter Break", "start_date": "2013-12-31T00:00:00", "end_date": "2014-01-02T00:00:00", "is_official_holiday": true, "event_type_id": 5}]}`
	srv := NewServer(t, WithClock(clock.Now), WithFixtures(strings.NewReader(fixtures)))
	list := do(t, srv, "GET", "/events/holidays.json?year=2013", "").arr(t)
	assert.Equal(t, []string{"12", "33", "254"}, ids(t, list))
	assert.Equal(t, "2013-01-01T00:00:00", list[0].(map[string]any)["start_date"])
	assert.Equal(t, []string{"254"}, ids(t, do(t, srv, "GET", "/events/holidays.json?year=2014", "").arr(t)), "a holiday spanning two years is in both")

	names := []string{}
	for _, e := range do(t, srv, "GET", "/events/holidays.json?year=2030", "").arr(t) {
		names = append(names, e.(map[string]any)["name"].(string))
	}
	assert.Equal(t, []string{"New Year's Day", "Canada Day", "Christmas Day", "Boxing Day"}, names)
	all := do(t, srv, "GET", "/events/holidays.json", "").arr(t)
	assert.Len(t, all, 3+8)
	do(t, srv, "GET", "/events/holidays.json?year=13", "").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
}

func TestGetEventFull(t *testing.T) {
	srv := NewServer(t)
	e := do(t, srv, "GET", "/events/12.json", "").obj(t)
	assert.ElementsMatch(t, []string{"id", "name", "notes", "is_official_holiday", "created", "modified", "url",
		"start_date", "end_date", "event_type", "locations"}, keys(e))
	assert.Equal(t, true, e["is_official_holiday"])
	assert.Equal(t, "/events/12.json", e["url"])
	assert.Equal(t, map[string]any{"id": jsonNum("5"), "name": "Official Holiday", "url": "/event_types/5.json"}, e["event_type"])
}
