package tribehr_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// iwdFixtures add to the demo company two employees with other weeks, at
// locations of their own, and holidays of every shape around the fake's
// clock year (2030) and the next, on top of the demo holidays of those
// years (New Year's Day, Canada Day, Christmas and Boxing Day at the
// headquarters and London).
func iwdFixtures() tribehrtest.Fixtures {
	return tribehrtest.Fixtures{
		Locations: []tribehrtest.FixtureRef{{ID: 40, Name: "Berlin"}, {ID: 41, Name: "Dubai"}},
		Users: []tribehrtest.FixtureUser{
			{ID: 400, Username: "kim", LocationID: 40, WorkHours: map[string]int{"monday": 10, "tuesday": 10, "wednesday": 10, "thursday": 10}},
			{ID: 401, Username: "omar", LocationID: 41, WorkHours: map[string]int{"sunday": 8, "monday": 8, "tuesday": 8, "wednesday": 8, "thursday": 6}},
		},
		Events: []tribehrtest.FixtureEvent{
			{Name: "Berlin Day", StartDate: "2030-05-02T00:00:00", EndDate: "2030-05-02T00:00:00", OfficialHoliday: true, LocationIDs: []int{40}},
			{Name: "Winter Break", StartDate: "2030-12-30T00:00:00", EndDate: "2031-01-03T00:00:00", OfficialHoliday: true},
			{Name: "Saturday Holiday", StartDate: "2030-09-07T00:00:00", EndDate: "2030-09-07T00:00:00", OfficialHoliday: true},
			{Name: "Retreat", StartDate: "2030-06-03T00:00:00+00:00", EndDate: "2030-06-05T00:00:00+00:00", OfficialHoliday: true, LocationIDs: []int{41, 3}},
			{Name: "Eid", StartDate: "2031-03-20T00:00:00", EndDate: "2031-03-23T00:00:00", OfficialHoliday: true, LocationIDs: []int{41}},
			{Name: "Spring Break", StartDate: "2031-04-14T00:00:00", EndDate: "2031-04-18T00:00:00", OfficialHoliday: true, LocationIDs: []int{40, 7}},
			{Name: "Offsite (not a holiday)", StartDate: "2030-10-07T09:00:00", EndDate: "2030-10-09T17:00:00", LocationIDs: []int{}},
			{Name: "Harvest Day", StartDate: "2030-10-14T09:00:00", EndDate: "2030-10-14T17:00:00", OfficialHoliday: true, LocationIDs: []int{1, 40}},
		},
	}
}

// TestIntegrationWorkingDaysAgreeWithTheFake counts the working days of
// many leave requests with the SDK and files them: the fake, counting on
// its own from its work-hour records, holidays and locations, works out
// the same hours from the days, and the same days from the hours.
func TestIntegrationWorkingDaysAgreeWithTheFake(t *testing.T) {
	srv, admin := newFake(t, tribehrtest.WithClock(ievClock().Now), tribehrtest.WithFixtureData(iwdFixtures()))
	ctx := testCtx(t)
	std := tribehr.MondayToFriday(8 * time.Hour)
	employees := []struct {
		id   tribehr.ID
		week tribehr.WorkWeek
	}{
		{2, std},  // emma, headquarters (7)
		{6, std},  // abbyring, London (3)
		{53, std}, // mwong, Central Rental (1)
		{400, tribehr.WorkWeek{time.Monday: 10 * time.Hour, time.Tuesday: 10 * time.Hour, time.Wednesday: 10 * time.Hour, time.Thursday: 10 * time.Hour}},
		{401, tribehr.WorkWeek{time.Sunday: 8 * time.Hour, time.Monday: 8 * time.Hour, time.Tuesday: 8 * time.Hour, time.Wednesday: 8 * time.Hour, time.Thursday: 6 * time.Hour}},
	}
	rng := rand.New(rand.NewPCG(2030, 13))
	first := tribehr.NewDate(2030, time.January, 1)
	// Half of the ranges start shortly before a holiday.
	var nearHolidays []tribehr.Date
	for _, s := range []string{"2030-01-01", "2030-05-02", "2030-06-03", "2030-07-01", "2030-09-07", "2030-10-14",
		"2030-12-24", "2030-12-30", "2031-03-20", "2031-04-14", "2031-07-01", "2031-12-25"} {
		d, err := tribehr.ParseDate(s)
		require.NoError(t, err)
		nearHolidays = append(nearHolidays, d)
	}
	var ranges, empty, withHolidays, acrossYears int
	for _, emp := range employees {
		counting := &tribehr.WorkingDaysOptions{Week: emp.week}
		for range 60 {
			start := first.AddDays(rng.IntN(720))
			if rng.IntN(2) == 0 {
				start = nearHolidays[rng.IntN(len(nearHolidays))].AddDays(-rng.IntN(7))
			}
			end := start.AddDays(rng.IntN([]int{3, 12, 45}[rng.IntN(3)]))
			ranges++
			want, err := admin.LeaveRequests.CountWorkingTime(ctx, tribehr.Ptr(emp.id), start, end, counting)
			require.NoError(t, err)
			if len(want.Holidays) > 0 {
				withHolidays++
			}
			if start.Year != end.Year {
				acrossYears++
			}
			params := &tribehr.LeaveRequestCreate{DateStart: start, DateEnd: end, User: tribehr.Ptr(emp.id), LeaveType: 1}
			if want.Days == 0 {
				empty++
				before := len(srv.Requests())
				_, err := admin.LeaveRequests.CreateCounted(ctx, params, counting)
				assert.Equal(t, []string{"days"}, validationFields(t, err), "user %d, %s to %s", emp.id, start, end)
				for _, r := range srv.Requests()[before:] {
					assert.NotEqual(t, "POST", r.Method, "nothing is filed for %s to %s", start, end)
				}
				continue
			}
			byDays, err := admin.LeaveRequests.CreateCounted(ctx, params, counting)
			require.NoError(t, err)
			assert.Equal(t, whole(want.Days), must(t, byDays.Days).Normalized(), "user %d, %s to %s: days", emp.id, start, end)
			assert.Equal(t, whole(int(want.Hours/time.Hour)), must(t, byDays.Hours).Normalized(), "user %d, %s to %s: the fake's hours of %d days", emp.id, start, end, want.Days)

			byHours := *params
			byHours.Hours = tribehr.Int(int(want.Hours / time.Hour))
			got, err := admin.LeaveRequests.Create(ctx, &byHours)
			require.NoError(t, err)
			assert.Equal(t, whole(want.Days), must(t, got.Days).Normalized(), "user %d, %s to %s: the fake's days of %s", emp.id, start, end, want.Hours)
		}
	}
	t.Logf("%d ranges: %d without a working day, %d with holidays taken off, %d across a year end", ranges, empty, withHolidays, acrossYears)
	assert.Positive(t, empty, "some ranges hold no working day")
	assert.Greater(t, withHolidays, ranges/10, "holidays took days off many ranges")
	assert.Positive(t, acrossYears, "some ranges cross a year end")

	years := map[string]int{}
	for _, r := range srv.Requests() {
		if r.Path == "/events/holidays.json" {
			years[r.Query.Get("year")]++
		}
	}
	assert.NotEmpty(t, years)
	for y, n := range years {
		assert.Equal(t, 1, n, "the holidays of %s are fetched once", y)
	}
}

// whole is n as a Decimal, as leave requests carry their days and hours.
func whole(n int) tribehr.Decimal { return tribehr.MustDecimal(strconv.Itoa(n)).Normalized() }
