package tribehr_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/tribehr/tribehr-go"
)

// A leave request names its leave type by id: find it by name first.
func ExampleLeaveTypesService_List() {
	client, done := exampleClient(map[string]string{
		"GET /leave_types.json":     "leave_types_list.json",
		"POST /leave_requests.json": "leave_requests_create.json",
	})
	defer done()
	ctx := context.Background()

	types, err := client.LeaveTypes.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	var vacation tribehr.ID
	for _, lt := range types {
		fmt.Printf("%d %s (accrues: %s)\n", lt.ID.Value(), lt.Name.Value(), lt.Accrual.Value())
		if lt.Name.Value() == "Vacation" {
			vacation = lt.ID.Value()
		}
	}
	lr, err := client.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2013, time.November, 15),
		DateEnd:   tribehr.NewDate(2013, time.November, 18),
		Days:      tribehr.Int(2),
		LeaveType: vacation,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created leave request", lr.ID.Value())
	// Output:
	// 1 Vacation (accrues: MONTHLY)
	// 2 Sick (accrues: NONE)
	// 3 Training (accrues: NONE)
	// 4 Unpaid Leave (accrues: NONE)
	// sent POST /leave_requests.json: date_end=2013-11-18&date_start=2013-11-15&days=2&leave_type%5Bid%5D=1
	// created leave request 34
}

func ExampleLeaveTypesService_Get() {
	client, done := exampleClient(map[string]string{"GET /leave_types/1.json": "leave_types_get.json"})
	defer done()

	lt, err := client.LeaveTypes.Get(context.Background(), 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(lt.Name.Value(), lt.Accrual.Value() == tribehr.AccrualMonthly, lt.ActionPhrase.Value())
	if unpaid, ok := lt.Unpaid.Get(); ok { // absent on servers that send only the partial fields
		fmt.Println("unpaid:", unpaid)
	}
	// Output:
	// Vacation true Schedule Vacation
	// unpaid: false
}
