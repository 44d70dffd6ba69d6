package tribehrtest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// workdayFixtures has employees with other weeks than Monday to Friday and
// holidays of every shape, in 2030 and 2031.
func workdayFixtures() Fixtures {
	return Fixtures{
		Locations: []FixtureRef{{ID: 40, Name: "Berlin"}, {ID: 41, Name: "Dubai"}},
		Users: []FixtureUser{
			{ID: 400, Username: "kim", LocationID: 40, WorkHours: map[string]int{"monday": 10, "tuesday": 10, "wednesday": 10, "thursday": 10}},
			{ID: 401, Username: "omar", LocationID: 41, WorkHours: map[string]int{"sunday": 8, "monday": 8, "tuesday": 8, "wednesday": 8, "thursday": 6}},
			{ID: 402, Username: "nomad"},
		},
		Events: []FixtureEvent{
			{Name: "Berlin Day", StartDate: "2030-05-02T00:00:00", EndDate: "2030-05-02T00:00:00", OfficialHoliday: true, LocationIDs: []int{40}},
			{Name: "Winter Break", StartDate: "2030-12-30T00:00:00", EndDate: "2031-01-02T00:00:00", OfficialHoliday: true},
			{Name: "Saturday Holiday", StartDate: "2031-01-04T00:00:00", EndDate: "2031-01-04T00:00:00", OfficialHoliday: true},
			{Name: "Retreat", StartDate: "2030-06-03T00:00:00+00:00", EndDate: "2030-06-05T00:00:00+00:00", OfficialHoliday: true, LocationIDs: []int{41}},
			{Name: "Not a holiday", StartDate: "2030-05-06T00:00:00", EndDate: "2030-05-10T00:00:00", LocationIDs: []int{40}},
			{Name: "Nowhere Day", StartDate: "2030-05-07T00:00:00", EndDate: "2030-05-07T00:00:00", OfficialHoliday: true, Locations: []string{"Nowhere"}},
		},
	}
}

func postLeave(t *testing.T, srv *Server, userID int, start, end, length string) map[string]any {
	t.Helper()
	body := fmt.Sprintf("date_start=%s&date_end=%s&%s&user%%5Bid%%5D=%d&leave_type%%5Bid%%5D=1", start, end, length, userID)
	res := do(t, srv, http.MethodPost, "/leave_requests.json", body)
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	return res.obj(t)
}

func TestLeaveHoursFromWorkHourRecords(t *testing.T) {
	srv := NewServer(t, WithFixtureData(workdayFixtures()))
	for _, tc := range []struct {
		name       string
		user       int
		start, end string
		sent       string
		days       string
		hours      string
	}{
		{"the standard week, as before", 2, "2030-05-06", "2030-05-08", "days=3", "3", "24"},
		{"four ten-hour days", 400, "2030-05-13", "2030-05-17", "days=4", "4", "40"},
		{"a holiday at a location where nobody works is not skipped", 400, "2030-05-06", "2030-05-10", "hours=30", "3", "30"},
		{"a location's holiday is skipped", 400, "2030-04-29", "2030-05-03", "days=3", "3", "30"},
		{"hours to days on ten-hour days", 400, "2030-05-13", "2030-05-17", "hours=25", "3", "25"},
		{"a short Thursday", 401, "2030-05-05", "2030-05-09", "days=5", "5", "38"},
		{"Sunday to Thursday across a year end, holidays everywhere", 401, "2030-12-26", "2031-01-05", "days=3", "3", "22"},
		{"hours that end on the short day", 401, "2030-12-26", "2031-01-05", "hours=21", "3", "21"},
		{"a zoned holiday ending at midnight leaves that day", 401, "2030-06-02", "2030-06-06", "days=3", "3", "22"},
		{"days beyond the working days count 8 hours", 400, "2030-05-11", "2030-05-12", "days=2", "2", "16"},
		{"hours beyond the working days count 8 a day", 400, "2030-05-09", "2030-05-12", "hours=26", "3", "26"},
		{"an employee at the default location (7)", 402, "2030-05-06", "2030-05-08", "days=3", "3", "24"},
		{"zero days", 2, "2030-05-06", "2030-05-08", "days=0", "0", "0"},
		{"zero hours", 2, "2030-05-06", "2030-05-08", "hours=0", "0", "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := postLeave(t, srv, tc.user, tc.start, tc.end, tc.sent)
			assert.Equal(t, jsonNum(tc.days), l["days"])
			assert.Equal(t, jsonNum(tc.hours), l["hours"])
		})
	}
}

func TestHolidayDatesAtALocation(t *testing.T) {
	srv := NewServer(t, WithFixtureData(workdayFixtures()))
	dates := func(loc int) []string {
		var out []string
		for d := range srv.st.holidayDates(loc) {
			if strings.HasPrefix(d, "2030-") || strings.HasPrefix(d, "2031-") {
				out = append(out, d)
			}
		}
		return out
	}
	// (Nowhere Day, 2030-05-07, is at a location of its own; fixtures
	// cannot name a location that does not exist.)
	everywhere := []string{"2030-12-30", "2030-12-31", "2031-01-01", "2031-01-02", "2031-01-04"}
	assert.ElementsMatch(t, append([]string{"2030-05-02"}, everywhere...), dates(40))
	assert.ElementsMatch(t, append([]string{"2030-06-03", "2030-06-04"}, everywhere...), dates(41))
	assert.ElementsMatch(t, everywhere, dates(0))
}

func TestFixtureWorkHours(t *testing.T) {
	for _, tc := range []struct {
		hours map[string]int
		want  string
	}{
		{map[string]int{"funday": 8}, `"funday" is not a day of the week`},
		{map[string]int{"monday": 25}, "25 hours is not between 0 and 24"},
		{map[string]int{"monday": 0}, "no working day"},
	} {
		_, err := Start(WithFixtureData(Fixtures{Users: []FixtureUser{{Username: "x", WorkHours: tc.hours}}}))
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.want)
	}

	// A fixture leave request without hours gets the user's hours on its
	// working days, holidays of the same document included.
	srv := NewServer(t, WithFixtureData(Fixtures{
		Users:         []FixtureUser{{ID: 500, Username: "fri", WorkHours: map[string]int{"thursday": 8, "friday": 4}}},
		LeaveRequests: []FixtureLeaveRequest{{ID: 900, UserID: 500, LeaveTypeID: 1, DateStart: "2030-05-09", DateEnd: "2030-05-17", Days: 3}},
		Events:        []FixtureEvent{{Name: "Off", StartDate: "2030-05-10T00:00:00", EndDate: "2030-05-10T00:00:00", OfficialHoliday: true}},
	}))
	l := do(t, srv, http.MethodGet, "/leave_requests/900.json", "").obj(t)
	assert.Equal(t, jsonNum("20"), l["hours"], "Thursday 8, Thursday 8, Friday 4 (the first Friday is a holiday)")
}
