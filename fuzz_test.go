package tribehr

import (
	"encoding/json"
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
