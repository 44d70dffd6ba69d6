package tribehr_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/tribehr/tribehr-go"
)

// A WorkCalendar counts the working days of a leave on calendar dates: the
// employee's work week, less the official holidays at their location. Here
// the holidays are the ones EventsService.Holidays returned, for an
// employee of the London office (location 3).
func ExampleWorkCalendar_Count() {
	var holidays []tribehr.Event
	err := json.Unmarshal([]byte(`[
		{"id": 33, "name": "Boxing Day", "start_date": "2013-12-26T00:00:00", "end_date": "2013-12-26T00:00:00", "locations": [{"id": 3}]},
		{"id": 41, "name": "Winter Break", "start_date": "2013-12-31T00:00:00", "end_date": "2014-01-01T00:00:00", "locations": []},
		{"id": 42, "name": "Christmas (Berlin)", "start_date": "2013-12-25T00:00:00", "end_date": "2013-12-25T00:00:00", "locations": [{"id": 40}]}
	]`), &holidays)
	if err != nil {
		log.Fatal(err)
	}
	cal, err := tribehr.NewWorkCalendar(tribehr.MondayToFriday(8*time.Hour), holidays, 3)
	if err != nil {
		log.Fatal(err)
	}
	t, err := cal.Count(tribehr.NewDate(2013, time.December, 23), tribehr.NewDate(2014, time.January, 3))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Days, "days,", t.Hours, "of work; holidays off:", t.Holidays)

	// A reversed range is refused.
	_, err = cal.Count(tribehr.NewDate(2014, time.January, 3), tribehr.NewDate(2013, time.December, 23))
	fmt.Println(err)
	// Output:
	// 7 days, 56h0m0s of work; holidays off: [2013-12-26 2013-12-31 2014-01-01]
	// tribehr: invalid count working days: date_end: must not be before date_start (2014-01-03), got 2013-12-23
}

// A WorkWeek need not be Monday to Friday: here four ten-hour days.
func ExampleWorkWeek() {
	week := tribehr.WorkWeek{
		time.Monday: 10 * time.Hour, time.Tuesday: 10 * time.Hour,
		time.Wednesday: 10 * time.Hour, time.Thursday: 10 * time.Hour,
	}
	cal, err := tribehr.NewWorkCalendar(week, nil, 0)
	if err != nil {
		log.Fatal(err)
	}
	t, _ := cal.Count(tribehr.NewDate(2024, time.March, 4), tribehr.NewDate(2024, time.March, 10))
	fmt.Println(t.Days, t.Hours, week.Works(time.Friday))
	// Output:
	// 4 40h0m0s false
}

// CreateCounted counts the days of a leave request and sends them. Here the
// employee's location is given; without it, it is read from the employee's
// assignment record. The holidays of 2013 are fetched once and kept for the
// Client's lifetime.
func ExampleLeaveRequestsService_CreateCounted() {
	client, done := exampleClient(map[string]string{
		"GET /events/holidays.json": "events_holidays.json", // New Year's Day at 2, Boxing Day at 3
		"POST /leave_requests.json": "leave_requests_create.json",
	})
	defer done()

	lr, err := client.LeaveRequests.CreateCounted(context.Background(), &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2013, time.December, 23),
		DateEnd:   tribehr.NewDate(2013, time.December, 27),
		User:      tribehr.Ptr[tribehr.ID](20),
		LeaveType: 1,
	}, &tribehr.WorkingDaysOptions{Location: tribehr.Ptr[tribehr.ID](3)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created", lr.ID.Value())
	// Output:
	// sent GET /events/holidays.json?year=2013
	// sent POST /leave_requests.json: date_end=2013-12-27&date_start=2013-12-23&days=4&leave_type%5Bid%5D=1&user%5Bid%5D=20
	// created 34
}
