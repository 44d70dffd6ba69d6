package tribehr_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
)

// wdHolidays are official holidays as the holidays list sends them, made up
// around two year ends: located and everywhere, a leap day, a multi-day
// holiday overlapping a one-day one, one across a year end, one on a
// Saturday, a zoned one ending at midnight, and an event that is not a
// holiday.
const wdHolidays = `[
 {"id": 1, "name": "Christmas Day", "start_date": "2023-12-25T00:00:00", "end_date": "2023-12-25T00:00:00", "locations": [{"id": 2}, {"id": 3}]},
 {"id": 2, "name": "Boxing Day", "start_date": "2023-12-26T00:00:00", "end_date": "2023-12-26T00:00:00", "locations": [{"id": 3}]},
 {"id": 3, "name": "New Year's Day", "start_date": "2024-01-01T00:00:00", "end_date": "2024-01-01T00:00:00", "locations": []},
 {"id": 4, "name": "Leap Day Off", "start_date": "2024-02-29T00:00:00", "end_date": "2024-02-29T00:00:00", "locations": [{"id": 3}]},
 {"id": 5, "name": "Independence Day", "start_date": "2024-07-04T00:00:00", "end_date": "2024-07-04T00:00:00", "locations": {"id": 1}},
 {"id": 6, "name": "Company Retreat", "start_date": "2024-11-11T00:00:00+00:00", "end_date": "2024-11-13T00:00:00+00:00", "locations": null},
 {"id": 7, "name": "Winter Break", "start_date": "2024-12-24T00:00:00", "end_date": "2024-12-27T00:00:00", "locations": [{"id": 3}]},
 {"id": 8, "name": "Christmas Day", "start_date": "2024-12-25T00:00:00", "end_date": "2024-12-25T00:00:00", "locations": [{"id": 3}]},
 {"id": 9, "name": "New Year", "start_date": "2024-12-31T00:00:00", "end_date": "2025-01-02T00:00:00", "locations": []},
 {"id": 10, "name": "Saturday Holiday", "start_date": "2025-01-04T00:00:00", "end_date": "2025-01-04T00:00:00", "locations": []},
 {"id": 11, "name": "Fun Family Event", "is_official_holiday": false, "start_date": "2024-03-05T00:00:00", "end_date": "2024-03-05T00:00:00", "locations": []},
 {"id": 12, "name": "Founders' Day", "is_official_holiday": true, "start_date": "2024-05-15T09:00:00", "end_date": "2024-05-15T17:00:00", "locations": [{"id": 3}]}
]`

func decodeEvents(t testing.TB, s string) []tribehr.Event {
	t.Helper()
	var events []tribehr.Event
	require.NoError(t, json.Unmarshal([]byte(s), &events))
	return events
}

func wdCalendar(t testing.TB, week tribehr.WorkWeek, location tribehr.ID) *tribehr.WorkCalendar {
	t.Helper()
	cal, err := tribehr.NewWorkCalendar(week, decodeEvents(t, wdHolidays), location)
	require.NoError(t, err)
	return cal
}

func d(y int, m time.Month, day int) tribehr.Date { return tribehr.NewDate(y, m, day) }

func TestWorkCalendarCount(t *testing.T) {
	std := tribehr.MondayToFriday(8 * time.Hour)
	sunToThu := tribehr.WorkWeek{time.Sunday: 8 * time.Hour, time.Monday: 8 * time.Hour, time.Tuesday: 8 * time.Hour,
		time.Wednesday: 8 * time.Hour, time.Thursday: 8 * time.Hour}
	fourTens := tribehr.WorkWeek{time.Monday: 10 * time.Hour, time.Tuesday: 10 * time.Hour,
		time.Wednesday: 10 * time.Hour, time.Thursday: 10 * time.Hour}
	shortFriday := tribehr.MondayToFriday(8 * time.Hour)
	shortFriday[time.Friday] = 4*time.Hour + 30*time.Minute

	for _, tc := range []struct {
		name       string
		week       tribehr.WorkWeek
		location   tribehr.ID
		start, end tribehr.Date
		days       int
		hours      time.Duration
		holidays   []tribehr.Date
	}{
		{"one working day", std, 3, d(2024, 3, 5), d(2024, 3, 5), 1, 8 * time.Hour, nil},
		{"a non-holiday event counts", std, 3, d(2024, 3, 4), d(2024, 3, 8), 5, 40 * time.Hour, nil},
		{"one day that is a holiday", std, 3, d(2024, 2, 29), d(2024, 2, 29), 0, 0, []tribehr.Date{d(2024, 2, 29)}},
		{"a weekend", std, 3, d(2024, 3, 9), d(2024, 3, 10), 0, 0, nil},
		{"one Saturday", std, 3, d(2024, 3, 9), d(2024, 3, 9), 0, 0, nil},
		{"Friday to Monday, as the document's sample", std, 3, d(2013, 11, 15), d(2013, 11, 18), 2, 16 * time.Hour, nil},
		{"across a year end", std, 3, d(2023, 12, 22), d(2024, 1, 2), 5, 40 * time.Hour,
			[]tribehr.Date{d(2023, 12, 25), d(2023, 12, 26), d(2024, 1, 1)}},
		{"leap week where the leap day is off", std, 3, d(2024, 2, 26), d(2024, 3, 1), 4, 32 * time.Hour, []tribehr.Date{d(2024, 2, 29)}},
		{"leap week elsewhere", std, 1, d(2024, 2, 26), d(2024, 3, 1), 5, 40 * time.Hour, nil},
		{"leap day of a common year's range", std, 3, d(2023, 2, 27), d(2023, 3, 1), 3, 24 * time.Hour, nil},
		{"multi-day holidays overlapping, across a year end", std, 3, d(2024, 12, 23), d(2025, 1, 3), 3, 24 * time.Hour,
			[]tribehr.Date{d(2024, 12, 24), d(2024, 12, 25), d(2024, 12, 26), d(2024, 12, 27), d(2024, 12, 31), d(2025, 1, 1), d(2025, 1, 2)}},
		{"the same range where only the everywhere holidays apply", std, 1, d(2024, 12, 23), d(2025, 1, 3), 7, 56 * time.Hour,
			[]tribehr.Date{d(2024, 12, 31), d(2025, 1, 1), d(2025, 1, 2)}},
		{"a holiday on a Saturday is not taken off twice", std, 3, d(2025, 1, 3), d(2025, 1, 6), 2, 16 * time.Hour, nil},
		{"a zoned holiday ending at midnight leaves that day", std, 3, d(2024, 11, 11), d(2024, 11, 15), 3, 24 * time.Hour,
			[]tribehr.Date{d(2024, 11, 11), d(2024, 11, 12)}},
		{"a holiday with times is the whole day", std, 3, d(2024, 5, 15), d(2024, 5, 15), 0, 0, []tribehr.Date{d(2024, 5, 15)}},
		{"a single-object locations list", std, 1, d(2024, 7, 1), d(2024, 7, 5), 4, 32 * time.Hour, []tribehr.Date{d(2024, 7, 4)}},
		{"a holiday of another location", std, 3, d(2024, 7, 1), d(2024, 7, 5), 5, 40 * time.Hour, nil},
		{"no location: only holidays naming none", std, 0, d(2023, 12, 25), d(2024, 1, 1), 5, 40 * time.Hour, []tribehr.Date{d(2024, 1, 1)}},
		{"a whole leap year", std, 1, d(2024, 1, 1), d(2024, 12, 31), 262 - 5, (262 - 5) * 8 * time.Hour,
			[]tribehr.Date{d(2024, 1, 1), d(2024, 7, 4), d(2024, 11, 11), d(2024, 11, 12), d(2024, 12, 31)}},
		{"Sunday to Thursday: Friday and Saturday off", sunToThu, 1, d(2024, 3, 8), d(2024, 3, 9), 0, 0, nil},
		{"Sunday to Thursday: a Sunday", sunToThu, 1, d(2024, 3, 10), d(2024, 3, 10), 1, 8 * time.Hour, nil},
		{"Sunday to Thursday: across a year end", sunToThu, 1, d(2024, 12, 27), d(2025, 1, 5), 3, 24 * time.Hour,
			[]tribehr.Date{d(2024, 12, 31), d(2025, 1, 1), d(2025, 1, 2)}},
		{"four ten-hour days", fourTens, 1, d(2024, 3, 4), d(2024, 3, 10), 4, 40 * time.Hour, nil},
		{"a short Friday", shortFriday, 1, d(2024, 3, 4), d(2024, 3, 8), 5, 36*time.Hour + 30*time.Minute, nil},
		{"a short Friday that is a holiday", shortFriday, 3, d(2024, 12, 23), d(2024, 12, 27), 1, 8 * time.Hour,
			[]tribehr.Date{d(2024, 12, 24), d(2024, 12, 25), d(2024, 12, 26), d(2024, 12, 27)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := wdCalendar(t, tc.week, tc.location).Count(tc.start, tc.end)
			require.NoError(t, err)
			assert.Equal(t, tc.days, got.Days, "days")
			assert.Equal(t, tc.hours, got.Hours, "hours")
			assert.Equal(t, tc.holidays, got.Holidays, "holidays")
		})
	}
}

func TestWorkCalendarCountRefusesBadRanges(t *testing.T) {
	cal := wdCalendar(t, tribehr.MondayToFriday(8*time.Hour), 3)
	for _, tc := range []struct {
		name       string
		start, end tribehr.Date
		fields     []string
	}{
		{"reversed", d(2024, 3, 5), d(2024, 3, 4), []string{"date_end"}},
		{"reversed across a year end", d(2025, 1, 1), d(2024, 12, 31), []string{"date_end"}},
		{"not a day", d(2023, 2, 29), d(2023, 3, 1), []string{"date_start"}},
		{"zero dates", tribehr.Date{}, tribehr.Date{}, []string{"date_start", "date_end"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cal.Count(tc.start, tc.end)
			var verr *tribehr.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "count working days", verr.Op)
			assert.Equal(t, tc.fields, collect(verr.Problems, func(p tribehr.FieldError) string { return p.Field }))
			assert.Zero(t, got)
		})
	}
}

func TestWorkCalendarDays(t *testing.T) {
	cal := wdCalendar(t, tribehr.MondayToFriday(8*time.Hour), 3)
	assert.True(t, cal.IsHoliday(d(2025, 1, 4)), "a holiday on a Saturday is a holiday")
	assert.False(t, cal.IsWorkingDay(d(2025, 1, 4)))
	assert.True(t, cal.IsHoliday(d(2024, 12, 26)))
	assert.False(t, cal.IsWorkingDay(d(2024, 12, 26)))
	assert.True(t, cal.IsWorkingDay(d(2024, 12, 23)))
	assert.False(t, cal.IsHoliday(d(2024, 7, 4)), "another location's")
	assert.False(t, cal.IsHoliday(d(2024, 3, 5)), "not an official holiday")
	assert.False(t, cal.IsHoliday(d(2024, 11, 13)), "after a zoned midnight end")
	assert.Equal(t, tribehr.MondayToFriday(8*time.Hour), cal.Week())
	assert.True(t, cal.Week().Works(time.Friday))
	assert.False(t, cal.Week().Works(time.Saturday))
	assert.False(t, cal.Week().Works(time.Weekday(9)), "not a day of the week")
}

func TestNewWorkCalendarRefusesWhatItCannotCount(t *testing.T) {
	std := tribehr.MondayToFriday(8 * time.Hour)
	for _, tc := range []struct {
		name     string
		week     tribehr.WorkWeek
		holidays string
		fields   []string
		says     string
	}{
		{"a week without a working day", tribehr.WorkWeek{}, `[]`, []string{"work_week"}, "no working day"},
		{"a day longer than a day", tribehr.WorkWeek{time.Monday: 25 * time.Hour}, `[]`, []string{"work_week"}, "Monday lasts 25h0m0s"},
		{"a negative day", tribehr.WorkWeek{time.Monday: 8 * time.Hour, time.Sunday: -time.Hour}, `[]`, []string{"work_week"}, "Sunday"},
		{"absent locations", std, `[{"id": 1, "name": "X", "start_date": "2024-01-01T00:00:00", "end_date": "2024-01-01T00:00:00"}]`,
			[]string{"holidays[0]"}, "locations are absent"},
		{"unreadable locations", std, `[{"id": 1, "name": "X", "start_date": "2024-01-01T00:00:00", "end_date": "2024-01-01T00:00:00", "locations": "everywhere"}]`,
			[]string{"holidays[0]"}, "locations are unreadable"},
		{"a location without id", std, `[{"id": 1, "name": "X", "start_date": "2024-01-01T00:00:00", "end_date": "2024-01-01T00:00:00", "locations": [{"name": "HQ"}]}]`,
			[]string{"holidays[0]"}, "location 0 has no readable id"},
		{"no start", std, `[{"id": 1, "name": "X", "end_date": "2024-01-01T00:00:00", "locations": []}]`,
			[]string{"holidays[0]"}, "start_date and end_date"},
		{"an unreadable end", std, `[{"id": 1, "name": "X", "start_date": "2024-01-01T00:00:00", "end_date": "tomorrow", "locations": []}]`,
			[]string{"holidays[0]"}, "start_date and end_date"},
		{"an unreadable holiday flag", std, `[{"id": 1, "name": "X", "is_official_holiday": "yes", "start_date": "2024-01-01T00:00:00", "end_date": "2024-01-01T00:00:00", "locations": []}]`,
			[]string{"holidays[0]"}, "is_official_holiday"},
		{"a holiday of years", std, `[{"id": 1, "name": "X", "start_date": "2024-01-01T00:00:00", "end_date": "2026-01-01T00:00:00", "locations": []}]`,
			[]string{"holidays[0]"}, "lasts 732 days"},
		{"every problem at once", tribehr.WorkWeek{}, `[{"name": "A", "locations": []}, {"name": "B", "start_date": "2024-01-01T00:00:00", "end_date": "2024-01-01T00:00:00"}]`,
			[]string{"work_week", "holidays[0]", "holidays[1]"}, `event "B"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal, err := tribehr.NewWorkCalendar(tc.week, decodeEvents(t, tc.holidays), 3)
			assert.Nil(t, cal)
			var verr *tribehr.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "work calendar", verr.Op)
			assert.Equal(t, tc.fields, collect(verr.Problems, func(p tribehr.FieldError) string { return p.Field }))
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestNewWorkCalendarNullHolidayFlagIsNotAHoliday(t *testing.T) {
	cal, err := tribehr.NewWorkCalendar(tribehr.MondayToFriday(8*time.Hour), decodeEvents(t,
		`[{"id": 1, "name": "X", "is_official_holiday": null, "start_date": "2024-01-01T00:00:00", "end_date": "2024-01-01T00:00:00", "locations": []}]`), 3)
	require.NoError(t, err)
	assert.False(t, cal.IsHoliday(d(2024, 1, 1)))
	none, err := tribehr.NewWorkCalendar(tribehr.MondayToFriday(8*time.Hour), nil, 3)
	require.NoError(t, err, "no holidays at all")
	assert.False(t, none.IsHoliday(d(2024, 1, 1)))
	got, err := none.Count(d(2024, 1, 1), d(2024, 1, 7))
	require.NoError(t, err)
	assert.Equal(t, tribehr.WorkingTime{Days: 5, Hours: 40 * time.Hour}, got, "a week without holidays")
}
