package tribehrtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// userByName returns the full user called username, as the administrator
// sees it.
func userByName(t *testing.T, srv *Server, username string) map[string]any {
	t.Helper()
	for _, u := range do(t, srv, "GET", "/users.json", "").arr(t) {
		m := u.(map[string]any)
		if m["username"] == username {
			return do(t, srv, "GET", m["url"].(string), "").obj(t)
		}
	}
	t.Fatalf("no user %q", username)
	return nil
}

func assignment(t *testing.T, u map[string]any) map[string]any {
	t.Helper()
	ar, ok := u["assignment_record"].(map[string]any)
	require.True(t, ok, "no assignment record in %v", u)
	return ar
}

func TestFixtureHireDates(t *testing.T) {
	clock := newClock("2031-06-15T10:00:00Z")
	srv := NewServer(t, WithClock(clock.Now), WithFixtureData(Fixtures{Users: []FixtureUser{
		{Username: "newhire", DateHired: "2031-03-02"},
		{Username: "veteran", DateHired: "1999-12-31", Created: time.Date(2005, 1, 2, 3, 4, 5, 0, time.UTC)},
		{Username: "today"},
		{Username: "imported", Created: time.Date(2020, 7, 8, 9, 0, 0, 0, time.UTC)},
	}}))
	for _, tt := range []struct{ user, hired, created string }{
		{"newhire", "2031-03-02", "2031-06-15T10:00:00+00:00"},
		{"veteran", "1999-12-31", "2005-01-02T03:04:05+00:00"},
		{"today", "2031-06-15", "2031-06-15T10:00:00+00:00"},    // hired the day they were created
		{"imported", "2020-07-08", "2020-07-08T09:00:00+00:00"}, // ditto
	} {
		u := userByName(t, srv, tt.user)
		ar := assignment(t, u)
		assert.Equal(t, tt.hired, ar["date_hired"], tt.user)
		assert.Equal(t, tt.created, u["created"], tt.user)
		assert.Equal(t, tt.created, ar["created"], "%s: the records are as old as the user", tt.user)
		assert.Equal(t, tt.created[:10], u["employee_record"].(map[string]any)["effective_date"], "%s: the record took effect when the user was made", tt.user)
	}
	// The seed is unchanged.
	assert.Equal(t, "2012-10-25", assignment(t, userByName(t, srv, ManagerUsername))["date_hired"])
}

func TestFixtureNamesReuseTheSeed(t *testing.T) {
	srv := NewServer(t, WithFixtureData(Fixtures{
		Locations:  []FixtureRef{{Name: "Silicon Valley"}, {Name: "Berlin"}},
		EventTypes: []FixtureRef{{Name: "Training"}},
		LeaveTypes: []FixtureLeaveType{{Name: "Sick", Unpaid: true, ActionPhrase: "Call in sick"}, {Name: "Parental Leave", Accrual: "annual"}},
		Values:     []FixtureValue{{Name: "Teamwork", Image: "teamwork/new.png"}},
		Users: []FixtureUser{
			{Username: "kim", JobTitle: "Software Engineer", Department: "Development", Location: "Silicon Valley"},
			{Username: "ola", JobTitle: "Data Scientist", Department: "Research", Location: "Lisbon"},
			{Username: "pat", JobTitle: "Data Scientist", Department: "Research", Location: "Lisbon"},
			{Username: "sam", LocationID: 3},
		},
		Events: []FixtureEvent{{Name: "Offsite", StartDate: "2030-05-01T09:00:00", EndDate: "2030-05-02T17:00:00",
			Locations: []string{"Berlin", "Headquarters", "Berlin"}, LocationIDs: []int{1}}},
	}))

	// Reference data named again is the seeded item, replaced in place.
	locs := do(t, srv, "GET", "/locations.json", "").arr(t)
	names := map[string][]string{}
	for _, l := range locs {
		m := l.(map[string]any)
		names[m["name"].(string)] = append(names[m["name"].(string)], m["id"].(json.Number).String())
	}
	assert.Equal(t, []string{"4"}, names["Silicon Valley"], "no duplicate of the seeded location")
	assert.Len(t, names["Berlin"], 1)
	assert.Len(t, names["Lisbon"], 1, "a new name named by two users is made once")
	assert.Len(t, locs, 5+2, "Berlin and Lisbon are new")
	assert.Len(t, do(t, srv, "GET", "/event_types.json", "").arr(t), 4)
	assert.Equal(t, []string{"1", "2", "3", "4"}, ids(t, do(t, srv, "GET", "/leave_types.json", "").arr(t)))
	sick := do(t, srv, "GET", "/leave_types/2.json", "").obj(t)
	assert.Equal(t, true, sick["unpaid"])
	assert.Equal(t, "Call in sick", sick["action_phrase"])
	parental := do(t, srv, "GET", "/leave_types/4.json", "").obj(t)
	assert.Equal(t, "ANNUAL", parental["accrual"], "accrual is read in any case")
	assert.Equal(t, "Request Parental Leave", parental["action_phrase"])
	assert.Equal(t, "teamwork/new.png", do(t, srv, "GET", "/values/11.json", "").obj(t)["image"].(map[string]any)["url"])

	// Users share the seeded job, department and location of a name.
	kim := assignment(t, userByName(t, srv, "kim"))
	assert.Equal(t, map[string]any{"id": jsonNum("37"), "title": "Software Engineer", "url": "/jobs/37.json"}, kim["job"])
	assert.Equal(t, map[string]any{"id": jsonNum("5"), "name": "Development", "url": "/departments/5.json"}, kim["department"])
	assert.Equal(t, jsonNum("4"), kim["location"].(map[string]any)["id"])
	ola, pat := assignment(t, userByName(t, srv, "ola")), assignment(t, userByName(t, srv, "pat"))
	assert.Equal(t, ola["job"], pat["job"], "a new job is shared by the users naming it")
	assert.Equal(t, ola["department"], pat["department"])
	assert.Equal(t, ola["location"], pat["location"])
	assert.Equal(t, "Lisbon", ola["location"].(map[string]any)["name"])
	assert.NotEqual(t, kim["job"], ola["job"])
	assert.Equal(t, jsonNum("39"), ola["job"].(map[string]any)["id"], "one more than the seed's highest job id (38)")
	assert.Equal(t, jsonNum("6"), ola["department"].(map[string]any)["id"], "one more than the seed's highest department id (5)")
	assert.Equal(t, jsonNum("3"), assignment(t, userByName(t, srv, "sam"))["location"].(map[string]any)["id"])

	// An event's named locations join its ids, once each.
	var offsite map[string]any
	for _, e := range do(t, srv, "GET", "/events/upcoming.json", "").arr(t) {
		if m := e.(map[string]any); m["name"] == "Offsite" {
			offsite = do(t, srv, "GET", m["url"].(string), "").obj(t)
		}
	}
	require.NotNil(t, offsite)
	berlin := names["Berlin"][0]
	assert.Equal(t, []string{"1", berlin, "7"}, ids(t, offsite["locations"].([]any)))
}

func TestFixtureErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    Fixtures
		want string
	}{
		{"bad hire date", Fixtures{Users: []FixtureUser{{Username: "x", DateHired: "03/02/2031"}}}, `user "x": date_hired "03/02/2031" is not a date`},
		{"location twice", Fixtures{Users: []FixtureUser{{Username: "x", LocationID: 1, Location: "Berlin"}}}, `user "x": give location_id or location, not both`},
		{"unknown accrual", Fixtures{LeaveTypes: []FixtureLeaveType{{Name: "Gym", Accrual: "WEEKLY"}}}, `leave type "Gym": accrual "WEEKLY" is not one of NONE, MONTHLY, BIWEEKLY, SEMIMONTHLY, ANNUAL`},
		{"event location id", Fixtures{Events: []FixtureEvent{{Name: "E", StartDate: "2030-05-01T09:00:00", EndDate: "2030-05-01T10:00:00", LocationIDs: []int{99}}}}, `event "E": no location with id 99`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Start(WithFixtureData(tt.f))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := Start(WithFixtures(strings.NewReader(`{"users":[{"username":"x","hired":"2030-01-01"}]}`)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown field "hired"`, "JSON fixtures refuse unknown fields")
}

func TestLeaveTypes(t *testing.T) {
	srv := NewServer(t)
	list := do(t, srv, "GET", "/leave_types.json", "").arr(t)
	require.Len(t, list, 3)
	assert.Equal(t, map[string]any{"id": jsonNum("1"), "name": "Vacation", "accrual": "BIWEEKLY", "url": "/leave_types/1.json"}, list[0],
		"the list has the partial fields, as in every sample")
	res := do(t, srv, "GET", "/leave_types/1.json", "")
	require.Equal(t, http.StatusOK, res.status)
	assert.JSONEq(t, `{"id": 1, "name": "Vacation", "accrual": "BIWEEKLY", "action_phrase": "Schedule Vacation", "unpaid": false,
		"created": "2010-03-01T17:25:05+00:00", "modified": "2013-01-15T16:06:14+00:00", "url": "/leave_types/1.json"}`, string(res.body))
	var keysInOrder []string
	dec := json.NewDecoder(strings.NewReader(string(res.body)))
	_, _ = dec.Token()
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		keysInOrder = append(keysInOrder, k.(string))
		var skip any
		require.NoError(t, dec.Decode(&skip))
	}
	assert.Equal(t, []string{"id", "name", "accrual", "action_phrase", "unpaid", "created", "modified", "url"}, keysInOrder,
		"the documentation's order")
	do(t, srv, "GET", "/leave_types/9.json", "").apiError(t, http.StatusNotFound, "NOT_FOUND")
	assert.Equal(t, http.StatusOK, do(t, srv, "GET", "/leave_types.json", "", asUser(EmployeeUsername)).status, "everyone may read them")
}
