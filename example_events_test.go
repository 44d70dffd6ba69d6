package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tribehr/tribehr-go"
)

// Upcoming lists ongoing and future events. Their start and end come as
// zoned or always-local date/times; IsLocal tells which.
func ExampleEventsService_Upcoming() {
	client, done := exampleClient(map[string]string{"GET /events/upcoming.json": "events_upcoming.json"})
	defer done()

	events, err := client.Events.Upcoming(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range events {
		start := e.StartDate.Value()
		fmt.Printf("%s: %s (local: %t)\n", e.Name.Value(), start, start.IsLocal())
		for _, l := range e.Locations.Value() {
			fmt.Println("  at", l.Name.Value())
		}
		// A partial event has no is_official_holiday: absent, not false.
		fmt.Println("  holiday known:", e.IsOfficialHoliday.Present())
	}
	// Output:
	// Company Picnic: 2013-08-29T11:00:00+00:00 (local: false)
	//   at London Office [Product and Development]
	//   holiday known: false
	// Product Launch: 2013-08-30T17:00:00+00:00 (local: false)
	//   at London Office [Product and Development]
	//   holiday known: false
}

// Holidays are always-local: the same wall-clock day everywhere, so show
// them with In, never by converting an instant.
func ExampleEventsService_Holidays() {
	client, done := exampleClient(map[string]string{"GET /events/holidays.json": "events_holidays.json"})
	defer done()

	holidays, err := client.Events.Holidays(context.Background(), &tribehr.HolidayListOptions{Year: 2013})
	if err != nil {
		log.Fatal(err)
	}
	tokyo := time.FixedZone("JST", 9*3600)
	for _, h := range holidays {
		start := h.StartDate.Value()
		fmt.Println(h.Name.Value(), start.Date(), start.IsLocal(), start.In(tokyo).Format(time.DateTime))
	}
	// Output:
	// sent GET /events/holidays.json?year=2013
	// New Year's Day 2013-01-01 true 2013-01-01 00:00:00
	// Boxing Day 2013-12-26 true 2013-12-26 00:00:00
}

// Full turns a partial event from a list into the full event.
func ExampleEventsService_Full() {
	client, done := exampleClient(map[string]string{
		"GET /events/upcoming.json": "events_upcoming.json",
		"GET /events/252.json":      "events_get.json",
	})
	defer done()
	ctx := context.Background()

	events, err := client.Events.Upcoming(ctx)
	if err != nil {
		log.Fatal(err)
	}
	full, err := client.Events.Full(ctx, &events[1])
	if err != nil {
		log.Fatal(err)
	}
	holiday, _ := full.IsOfficialHoliday.Get()
	fmt.Println(full.Name.Value(), "holiday:", holiday, "created:", full.Created.Value())
	// Output: Fun Family Event holiday: false created: 2013-01-28T11:41:07+00:00
}

// Create sends the event's fields form-encoded; locations go as
// location[][id] and the offset's plus as %2B.
func ExampleEventsService_Create() {
	client, done := exampleClient(map[string]string{"POST /events.json": "events_create.json"})
	defer done()

	event, err := client.Events.Create(context.Background(), &tribehr.EventCreate{
		Name:              "New event",
		Notes:             tribehr.String("HTML description of new event"), // plain text
		StartDate:         tribehr.NewDateTime(time.Date(2013, 8, 30, 17, 0, 0, 0, time.UTC)),
		EndDate:           tribehr.NewDateTime(time.Date(2013, 8, 30, 22, 0, 0, 0, time.UTC)),
		IsOfficialHoliday: tribehr.Bool(true),
		EventType:         tribehr.Ptr[tribehr.ID](1),
		Locations:         tribehr.IDs{1, 7},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(event.ID.Value(), event.URL.Value(), len(event.Locations.Value()), "locations")
	// Output:
	// sent POST /events.json: end_date=2013-08-30T22%3A00%3A00%2B00%3A00&event_type%5Bid%5D=1&is_official_holiday=1&location%5B%5D%5Bid%5D=1&location%5B%5D%5Bid%5D=7&name=New+event&notes=HTML+description+of+new+event&start_date=2013-08-30T17%3A00%3A00%2B00%3A00
	// 254 /events/254.json 2 locations
}

// Update sends only the fields to change, and the id the API requires.
func ExampleEventsService_Update() {
	client, done := exampleClient(map[string]string{"PUT /events/254.json": "events_update.json"})
	defer done()

	event, err := client.Events.Update(context.Background(), 254, &tribehr.EventUpdate{
		Name:      tribehr.String("New event (Updated Time!)"),
		StartDate: tribehr.Ptr(tribehr.NewDateTime(time.Date(2013, 8, 30, 18, 0, 0, 0, time.UTC))),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(event.Name.Value(), event.StartDate.Value())
	// Output:
	// sent PUT /events/254.json: id=254&name=New+event+%28Updated+Time%21%29&start_date=2013-08-30T18%3A00%3A00%2B00%3A00
	// New event (Updated Time!) 2013-08-30T18:00:00+00:00
}

// Parameters are checked before anything is sent, and every problem is
// reported at once.
func ExampleEventsService_Create_validation() {
	client, done := exampleClient(nil)
	defer done()

	_, err := client.Events.Create(context.Background(), &tribehr.EventCreate{
		Name:      "X",
		StartDate: tribehr.NewLocalDateTime(2013, 8, 30, 17, 0, 0),
		EndDate:   tribehr.NewLocalDateTime(2013, 8, 30, 9, 0, 0),
	})
	var verr *tribehr.ValidationError
	if errors.As(err, &verr) {
		for _, p := range verr.Problems {
			fmt.Println(p.Field, "-", p.Message)
		}
	}
	// Output:
	// name - must be at least 2 characters long, got 1
	// end_date - must be after start_date (2013-08-30T17:00:00), got 2013-08-30T09:00:00
}

// Delete removes an event; deleting one that is gone is an error matching
// ErrNotFound.
func ExampleEventsService_Delete() {
	client, done := exampleClient(map[string]string{"DELETE /events/252.json": "events_delete.json"})
	defer done()
	ctx := context.Background()

	fmt.Println(client.Events.Delete(ctx, 252))
	err := client.Events.Delete(ctx, 253)
	fmt.Println(errors.Is(err, tribehr.ErrNotFound))
	// Output:
	// <nil>
	// true
}
