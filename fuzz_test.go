package tribehr

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Each wire type must never panic on any input, and whatever it accepts
// must survive a round trip: decode, encode, decode gives the same value.

func FuzzDate(f *testing.F) {
	for _, s := range []string{`"2013-09-30"`, `"1982-02-21"`, `null`, `"2013-02-30"`, `"x"`, `1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var d Date
		if json.Unmarshal([]byte(in), &d) != nil {
			return
		}
		roundTrip(t, d, func(a, b Date) bool { return a == b })
	})
}

func FuzzDateTime(f *testing.F) {
	for _, s := range []string{`"2013-09-30T14:39:21+00:00"`, `"2012-09-30T14:39:21"`, `"2013-09-30T14:39:21Z"`, `"2013-09-30T14:39:21.5-05:30"`, `null`, `"x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var d DateTime
		if json.Unmarshal([]byte(in), &d) != nil {
			return
		}
		roundTrip(t, d, func(a, b DateTime) bool { return a.Equal(b) && a.String() == b.String() })
	})
}

func FuzzID(f *testing.F) {
	for _, s := range []string{`1`, `"226"`, `-3`, `"x"`, `1.5`, `99999999999999999999`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var id ID
		if json.Unmarshal([]byte(in), &id) != nil {
			return
		}
		roundTrip(t, id, func(a, b ID) bool { return a == b })
	})
}

func FuzzDecimal(f *testing.F) {
	for _, s := range []string{`"65346.30"`, `"5.0"`, `0.1`, `"-1"`, `"1e5"`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var d Decimal
		if json.Unmarshal([]byte(in), &d) != nil {
			return
		}
		if !d.IsZero() && d.Rat() == nil {
			t.Fatalf("accepted %q but cannot read it as a number", d)
		}
		roundTrip(t, d, func(a, b Decimal) bool { return a == b })
	})
}

func FuzzOneOrMany(f *testing.F) {
	for _, s := range []string{`{"id":3}`, `[{"id":1},{"id":7}]`, `[]`, `null`, `"x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var l OneOrMany[Location]
		if json.Unmarshal([]byte(in), &l) != nil {
			return
		}
		roundTrip(t, l, func(a, b OneOrMany[Location]) bool { return len(a) == len(b) })
	})
}

// FuzzField: a Field never fails to decode, and what it decoded encodes
// back to JSON that decodes to the same state.
func FuzzField(f *testing.F) {
	for _, s := range []string{`"2013-09-30"`, `null`, `[]`, `{}`, `"junk"`, `12`, `[1,2]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !json.Valid([]byte(in)) {
			return
		}
		var fd Field[Date]
		if err := json.Unmarshal([]byte(in), &fd); err != nil {
			t.Fatalf("Field failed on valid JSON %q: %v", in, err)
		}
		if fd.Absent() {
			return
		}
		b, err := json.Marshal(fd)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var again Field[Date]
		if err := json.Unmarshal(b, &again); err != nil {
			t.Fatal(err)
		}
		if again.m.get() != fd.m.get() || again.Value() != fd.Value() {
			t.Fatalf("round trip of %q changed %v to %v", in, fd, again)
		}
	})
}

func FuzzErrorBody(f *testing.F) {
	for _, s := range []string{
		`{"error":{"code":"NOT_FOUND","messages":["Invalid Event"]}}`,
		`{"error":"validation_failed","message":"Name is required","details":{"field":"name","code":"required"}}`,
		`{"Message":"The request is invalid.","ModelState":{"a":["b"]}}`,
		`<html>`, ``, `{"error":{"messages":[1,{"a":2}]}}`, `{"details":[{"field":"x"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		e := &APIError{StatusCode: 400, Method: "GET", Path: "/x.json"}
		parseErrorBody(e, body)
		if len(e.Body) > maxBodySnippet+3 {
			t.Fatalf("snippet of %d bytes", len(e.Body))
		}
		_ = e.Error()
	})
}

func roundTrip[T any](t *testing.T, v T, equal func(a, b T) bool) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %v: %v", v, err)
	}
	var again T
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatalf("decode of own output %s: %v", b, err)
	}
	if !equal(v, again) {
		t.Fatalf("round trip changed %v to %v (via %s)", v, again, b)
	}
}

// A fuzz target per model decoder: arbitrary bytes never panic, and what a
// model decodes it encodes to JSON that decodes to an equal model and
// encodes to the same bytes again.

func FuzzUser(f *testing.F)              { fuzzModel[User](f, "users_get.json", "users_visibility.json") }
func FuzzAssignmentRecord(f *testing.F)  { fuzzModel[AssignmentRecord](f) }
func FuzzJob(f *testing.F)               { fuzzModel[Job](f) }
func FuzzDepartment(f *testing.F)        { fuzzModel[Department](f) }
func FuzzEmployeeClass(f *testing.F)     { fuzzModel[EmployeeClass](f) }
func FuzzPayInfo(f *testing.F)           { fuzzModel[PayInfo](f) }
func FuzzEmployeeRecord(f *testing.F)    { fuzzModel[EmployeeRecord](f) }
func FuzzCustomFieldRecord(f *testing.F) { fuzzModel[CustomFieldRecord](f) }
func FuzzCustomField(f *testing.F)       { fuzzModel[CustomField](f) }
func FuzzLeaveUsage(f *testing.F)        { fuzzModel[LeaveUsage](f) }
func FuzzLeaveType(f *testing.F)         { fuzzModel[LeaveType](f, "leave_types_get.json") }
func FuzzLeaveRequest(f *testing.F) {
	fuzzModel[LeaveRequest](f, "leave_requests_create.json", "leave_requests_update.json")
}
func FuzzEvent(f *testing.F)     { fuzzModel[Event](f, "events_get.json", "events_create.json") }
func FuzzEventType(f *testing.F) { fuzzModel[EventType](f) }
func FuzzKudos(f *testing.F)     { fuzzModel[Kudos](f, "kudos_get.json", "kudos_create.json") }
func FuzzValue(f *testing.F)     { fuzzModel[Value](f) }
func FuzzComment(f *testing.F)   { fuzzModel[Comment](f) }
func FuzzLocation(f *testing.F)  { fuzzModel[Location](f) }
func FuzzImage(f *testing.F)     { fuzzModel[Image](f) }

// modelSeeds are objects in every state, for every model's fuzz target.
var modelSeeds = []string{
	`{}`, `null`, `[]`, `{"id":"7","url":[],"name":null,"zz":{"a":[1,2,{"b":"\u00e9"}]}}`,
	`{"manager":{"id":6},"job":[],"location":"x","pay_info":{"rate":65346.30}}`,
	`{"days":"0.500000","hours":4,"status":-1,"user":{"id":"1","avatar":{"url":"/a"}}}`,
	`{"locations":{"id":3},"event_type":{"id":5},"start_date":"2013-01-01T00:00:00"}`,
	`{"recipients":[{"id":6},[]],"values":[{"image":{"url":"x.png"}}],"comments":[7]}`,
	"{\"api_key\":\"\xff\",\"x\":1e5}",
}

func fuzzModel[T interface {
	Equal(T) bool
	MarshalJSON() ([]byte, error)
}, P interface {
	*T
	UnmarshalJSON([]byte) error
}](f *testing.F, fixtures ...string) {
	for _, s := range modelSeeds {
		f.Add([]byte(s))
	}
	for _, name := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var first T
		if P(&first).UnmarshalJSON(in) != nil {
			return
		}
		b1, err := first.MarshalJSON()
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var second T
		if err := P(&second).UnmarshalJSON(b1); err != nil {
			t.Fatalf("decode of own output %s: %v", b1, err)
		}
		if !first.Equal(second) {
			t.Fatalf("round trip of %q changed the model (via %s)", in, b1)
		}
		b2, err := second.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b1, b2) {
			t.Fatalf("encoding is not stable: %s then %s", b1, b2)
		}
	})
}
