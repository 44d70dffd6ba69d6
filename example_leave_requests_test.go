package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tribehr/tribehr-go"
)

// List filters by status and by whether the caller may approve; the
// filters go in the query string.
func ExampleLeaveRequestsService_List() {
	client, done := exampleClient(map[string]string{"GET /leave_requests.json": "leave_requests_list.json"})
	defer done()

	list, err := client.LeaveRequests.List(context.Background(), &tribehr.LeaveRequestListOptions{
		Status:                         tribehr.LeaveFilterPending,
		FilterByHasPermissionToApprove: tribehr.Bool(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	// (This stand-in server answers every filter with the document's sample.)
	for _, lr := range list {
		fmt.Println(lr.ID.Value(), lr.Status.Value(), lr.DateStart.Value(), "to", lr.DateEnd.Value(),
			lr.User.Value().DisplayName.Value(), lr.LeaveType.Value().Name.Value())
	}
	// Output:
	// sent GET /leave_requests.json?filterByHasPermissionToApprove=true&status=pending
	// 17 APPROVED 2013-12-03 to 2013-12-04 Jennifer Stevens Vacation
	// 23 PENDING 2013-12-11 to 2013-12-24 Tanya Smith Vacation
}

// Create files a leave request. The caller counts its length, in days or
// in hours (one of them); the server works out the other.
func ExampleLeaveRequestsService_Create() {
	client, done := exampleClient(map[string]string{"POST /leave_requests.json": "leave_requests_create.json"})
	defer done()

	lr, err := client.LeaveRequests.Create(context.Background(), &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2013, time.November, 15),
		DateEnd:   tribehr.NewDate(2013, time.November, 18),
		Days:      tribehr.Int(2),
		User:      tribehr.Ptr[tribehr.ID](20),
		LeaveType: 1,
		Comments:  tribehr.String("I'm off to visit my family in Ottawa!"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(lr.ID.Value(), lr.Status.Value(), lr.Days.Value(), "days,", lr.Hours.Value(), "hours")
	// Output:
	// sent POST /leave_requests.json: comments=I%27m+off+to+visit+my+family+in+Ottawa%21&date_end=2013-11-18&date_start=2013-11-15&days=2&leave_type%5Bid%5D=1&user%5Bid%5D=20
	// 34 PENDING 2 days, 11 hours
}

// Parameters are checked before anything is sent, and every problem is
// reported at once.
func ExampleLeaveRequestsService_Create_validation() {
	client, done := exampleClient(nil)
	defer done()

	_, err := client.LeaveRequests.Create(context.Background(), &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2013, time.November, 18),
		DateEnd:   tribehr.NewDate(2013, time.November, 15),
		Days:      tribehr.Int(2),
		Hours:     tribehr.Int(16),
	})
	var verr *tribehr.ValidationError
	if errors.As(err, &verr) {
		for _, p := range verr.Problems {
			fmt.Println(p.Field+":", p.Message)
		}
	}
	// Output:
	// date_end: must not be before date_start (2013-11-18), got 2013-11-15
	// hours: give days or hours, not both (the server would ignore days)
	// leave_type[id]: is required (a positive id), got 0
}

// Approve is the document's example update: PUT id=1&status=APPROVED.
func ExampleLeaveRequestsService_Approve() {
	client, done := exampleClient(map[string]string{"PUT /leave_requests/1.json": "leave_requests_update.json"})
	defer done()

	lr, err := client.LeaveRequests.Approve(context.Background(), 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(lr.Status.Value(), lr.Modified.Value())
	// Output:
	// sent PUT /leave_requests/1.json: id=1&status=APPROVED
	// APPROVED 2013-10-18T18:48:33+00:00
}

// Update sends only the fields to change, and the id the API requires.
func ExampleLeaveRequestsService_Update() {
	client, done := exampleClient(map[string]string{"PUT /leave_requests/1.json": "leave_requests_update.json"})
	defer done()

	_, err := client.LeaveRequests.Update(context.Background(), 1, &tribehr.LeaveRequestUpdate{
		DateEnd:  tribehr.Ptr(tribehr.NewDate(2013, time.October, 28)),
		Hours:    tribehr.Int(16),
		Comments: tribehr.String("My cousin is getting married!"),
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// sent PUT /leave_requests/1.json: comments=My+cousin+is+getting+married%21&date_end=2013-10-28&hours=16&id=1
}

// Full fetches the full leave request behind a partial one from a list:
// a list leaves out days and hours, a full leave request has them.
func ExampleLeaveRequestsService_Full() {
	client, done := exampleClient(map[string]string{
		"GET /leave_requests.json": "leave_requests_list.json",
		// This stand-in answers with the document's only full sample.
		"GET /leave_requests/17.json": "leave_requests_update.json",
	})
	defer done()

	list, err := client.LeaveRequests.List(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listed: days", list[0].Days, "hours", list[0].Hours)
	lr, err := client.LeaveRequests.Full(context.Background(), &list[0])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("full: days", lr.Days, "hours", lr.Hours)
	// Output:
	// listed: days <absent> hours <absent>
	// full: days 2 hours 16
}

// Delete deletes a leave request; a missing one is an *APIError that
// matches ErrNotFound.
func ExampleLeaveRequestsService_Delete() {
	client, done := exampleClient(map[string]string{"DELETE /leave_requests/34.json": "leave_requests_delete.json"})
	defer done()

	err := client.LeaveRequests.Delete(context.Background(), 34)
	fmt.Println("deleted:", err == nil)

	err = client.LeaveRequests.Delete(context.Background(), 35)
	fmt.Println("not found:", errors.Is(err, tribehr.ErrNotFound))
	// Output:
	// deleted: true
	// not found: true
}
