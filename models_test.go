package tribehr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of the generated models as a whole: every state of every kind of
// field, nil-safe reads, go-cmp, redaction, the shapes real servers send,
// unknown members at every level, the unparsed report.

// kindCase is one kind of field, with a JSON value it reads, the value it
// reads as, and a JSON value of the wrong kind.
type kindCase struct {
	kind  string
	json  string // a value of the field's kind
	want  any    // what Get returns for it
	wrong string // a value the field cannot hold
	field func(*kindModel) fieldView
}

// fieldView is what every Field and Object answers.
type fieldView interface {
	Absent() bool
	Present() bool
	Null() bool
	Unparsed() bool
	Err() error
	Raw() json.RawMessage
	String() string
}

// kindModel is a model holding one field of every kind; the models of
// the package between them hold the same kinds.
type kindModel struct {
	user  User
	leave LeaveRequest
	event Event
}

func kindCases() []kindCase {
	return []kindCase{
		{"string", `"Alice"`, "Alice", `12`, func(m *kindModel) fieldView { return m.user.DisplayName }},
		{"secret", `"k3y"`, NewSecret("k3y"), `{"k":1}`, func(m *kindModel) fieldView { return m.user.APIKey }},
		{"bool", `true`, true, `"yes"`, func(m *kindModel) fieldView { return m.event.IsOfficialHoliday }},
		{"int", `3`, 3, `3.5`, func(m *kindModel) fieldView { return m.user.BadgeCount }},
		{"id from a number", `7`, ID(7), `"seven"`, func(m *kindModel) fieldView { return m.user.ID }},
		{"id from a string", `"226"`, ID(226), `true`, func(m *kindModel) fieldView { return m.user.ID }},
		{"date", `"2013-09-30"`, NewDate(2013, 9, 30), `"2013-02-30"`, func(m *kindModel) fieldView { return m.leave.DateStart }},
		{"date/time", `"2013-08-30T17:00:00+02:00"`, mustDT("2013-08-30T17:00:00+02:00"), `"17:00"`, func(m *kindModel) fieldView { return m.leave.Created }},
		{"decimal", `"4.000000"`, MustDecimal("4.000000"), `"four"`, func(m *kindModel) fieldView { return m.leave.Days }},
		{"status", `"approved"`, LeaveApproved, `"maybe"`, func(m *kindModel) fieldView { return m.leave.Status }},
		{"object", `{"id":5,"name":"Vacation"}`, LeaveType{ID: NewField[ID](5), Name: NewField("Vacation")}, `"Vacation"`, func(m *kindModel) fieldView { return m.leave.LeaveType }},
		{"list", `[{"id":1}]`, OneOrMany[Location]{{ID: NewField[ID](1)}}, `"HQ"`, func(m *kindModel) fieldView { return m.event.Locations }},
	}
}

func mustDT(s string) DateTime {
	d, err := ParseDateTime(s)
	if err != nil {
		panic(err)
	}
	return d
}

// decode decodes {member: value} (an empty object when value is "") into
// each model of a kindModel.
func (c kindCase) decode(t *testing.T, member, value string) *kindModel {
	t.Helper()
	var m kindModel
	doc := `{` + member + `}`
	if value != "" {
		doc = `{"` + member + `":` + value + `}`
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &m.user))
	require.NoError(t, json.Unmarshal([]byte(doc), &m.leave))
	require.NoError(t, json.Unmarshal([]byte(doc), &m.event))
	return &m
}

var kindMembers = map[string]string{
	"string": "display_name", "secret": "api_key", "bool": "is_official_holiday", "int": "badge_count",
	"id from a number": "id", "id from a string": "id", "date": "date_start", "date/time": "created",
	"decimal": "days", "status": "status", "object": "leave_type", "list": "locations",
}

func TestEveryStateOfEveryKind(t *testing.T) {
	for _, c := range kindCases() {
		t.Run(c.kind, func(t *testing.T) {
			member := kindMembers[c.kind]

			absent := c.field(c.decode(t, "", ""))
			assert.True(t, absent.Absent())
			assert.False(t, absent.Present())
			assert.Nil(t, absent.Raw())
			assert.Equal(t, "<absent>", absent.String())

			null := c.field(c.decode(t, member, "null"))
			assert.True(t, null.Null())
			assert.True(t, null.Present())
			assert.Equal(t, "null", string(null.Raw()))

			value := c.field(c.decode(t, member, c.json))
			assert.True(t, value.Present())
			assert.False(t, value.Null() || value.Unparsed())
			assert.Equal(t, c.want, reflect.ValueOf(value).MethodByName("Value").Call(nil)[0].Interface())
			assert.NoError(t, value.Err())

			wrong := c.field(c.decode(t, member, c.wrong))
			assert.True(t, wrong.Unparsed(), "%s reads as unparsed", c.wrong)
			assert.True(t, wrong.Present())
			assert.Equal(t, c.wrong, string(wrong.Raw()), "kept as it arrived")
			assert.Error(t, wrong.Err())
			assert.Zero(t, reflect.ValueOf(wrong).MethodByName("Value").Call(nil)[0].Interface(), "no value stands in")
		})
	}
}

// A model marshals back to the JSON it came from, in every state.
func TestEveryStateRoundTrips(t *testing.T) {
	in := `{"id":"226","display_name":null,"api_key":{"k":1},"badge_count":3.5,"avatar":[],"employee_record":{"first_name":"A","zz":[1, 2]},"custom_field_records":[{"id":1},7],"zz_top":{"a":null}}`
	var u User
	require.NoError(t, json.Unmarshal([]byte(in), &u))
	out, err := json.Marshal(u)
	require.NoError(t, err)
	// "226" comes back as the number it is, [] as the empty object it
	// stands for; everything else as it arrived.
	assert.JSONEq(t, strings.NewReplacer(`"226"`, `226`, `"avatar":[]`, `"avatar":{}`).Replace(in), string(out))

	var again User
	require.NoError(t, json.Unmarshal(out, &again))
	assert.True(t, u.Equal(again))
	out2, err := json.Marshal(again)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(out2), "stable")
}

// Every chain of reads through the models yields the zero value when a
// link is absent, null, unparsed or [], and never panics.
func TestChainsNeverPanic(t *testing.T) {
	for _, doc := range []string{
		`{}`,
		`{"assignment_record":null}`,
		`{"assignment_record":"x"}`,
		`{"assignment_record":[]}`,
		`{"assignment_record":{"manager":null}}`,
		`{"assignment_record":{"manager":[]}}`,
		`{"assignment_record":{"manager":"george"}}`,
		`{"assignment_record":{"manager":{"avatar":null}}}`,
	} {
		var u User
		require.NoError(t, json.Unmarshal([]byte(doc), &u), doc)
		assert.NotPanics(t, func() {
			assert.Equal(t, "", u.AssignmentRecord.Value().Manager.Value().DisplayName.Value(), doc)
			assert.Equal(t, "", u.AssignmentRecord.Value().Manager.Value().Avatar.Value().URL.Value(), doc)
			assert.Equal(t, "", u.GetAssignmentRecord().GetManager().GetDisplayName(), doc)
			assert.Equal(t, "", u.GetAssignmentRecord().GetManager().GetAvatar().GetURL(), doc)
			assert.Equal(t, ID(0), u.GetAssignmentRecord().GetManager().GetAssignmentRecord().GetLocation().GetID(), doc)
		}, doc)
	}
	// Through every model and every embedded object: a nil model's getters
	// return zero values, and Value of an absent object is the zero object.
	for _, model := range allModels() {
		rt := reflect.TypeOf(model)
		nilPtr := reflect.Zero(reflect.PointerTo(rt))
		for i := range rt.NumField() {
			f := rt.Field(i)
			if f.Name == "Extra" {
				continue
			}
			getter := nilPtr.MethodByName("Get" + f.Name)
			require.True(t, getter.IsValid(), "%s has no Get%s", rt.Name(), f.Name)
			assert.NotPanics(t, func() {
				got := getter.Call(nil)[0]
				assert.True(t, got.IsZero(), "(*%s)(nil).Get%s() = %v", rt.Name(), f.Name, got)
			})
			if strings.HasPrefix(f.Type.Name(), "Object[") {
				zero := reflect.Zero(f.Type)
				v := zero.MethodByName("Value").Call(nil)[0]
				assert.True(t, v.IsZero(), "%s.%s.Value() of an absent object", rt.Name(), f.Name)
				assert.True(t, zero.MethodByName("Ptr").Call(nil)[0].IsNil())
			}
		}
	}
}

// allModels returns a zero value of every model.
func allModels() []any {
	return []any{
		User{}, AssignmentRecord{}, Job{}, Department{}, EmployeeClass{}, PayInfo{}, EmployeeRecord{},
		CustomFieldRecord{}, CustomField{}, LeaveUsage{}, LeaveType{}, LeaveRequest{}, Event{}, EventType{},
		Kudos{}, Value{}, Comment{}, Location{}, Image{},
	}
}

// TestAllModelsListed keeps allModels complete: every model the generator
// knows is in it.
func TestAllModelsListed(t *testing.T) {
	var names []string
	for _, m := range allModels() {
		names = append(names, reflect.TypeOf(m).Name())
	}
	for _, src := range []string{"users_gen.go", "leave_requests_gen.go", "events_gen.go", "kudos_gen.go", "references_gen.go"} {
		data := fixtureFile(t, src)
		for _, line := range strings.Split(string(data), "\n") {
			if name, ok := strings.CutPrefix(line, "func decode"); ok {
				name, _, _ = strings.Cut(name, "(")
				assert.Contains(t, names, name)
			}
		}
	}
}

func fixtureFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	return data
}

func TestModelsWorkWithGoCmp(t *testing.T) {
	a := decodeFixture[User](t, "users_get.json")
	b := decodeFixture[User](t, "users_get.json")
	assert.True(t, cmp.Equal(a, b))
	assert.Empty(t, cmp.Diff(&a, &b))

	b.AssignmentRecord.Ptr().Manager.Ptr().DisplayName = NewField("George White")
	assert.False(t, cmp.Equal(a, b))
	diff := cmp.Diff(a, b)
	assert.Contains(t, diff, "George White", "the diff shows the change")
	assert.NotContains(t, diff, "570675830ab61a31ef57f70ca335f64374b56281", "and never the API key")

	// Lists, a user built by hand, and states that differ.
	list := decodeFixture[[]Kudos](t, "kudos_list.json")
	assert.True(t, cmp.Equal(list, decodeFixture[[]Kudos](t, "kudos_list.json")))
	built := User{ID: NewField[ID](6), DisplayName: NewField("George Black")}
	assert.True(t, cmp.Equal(built, User{ID: NewField[ID](6), DisplayName: NewField("George Black")}))
	assert.False(t, cmp.Equal(User{Group: NullField[string]()}, User{}), "null is not absent")
	assert.False(t, cmp.Equal(User{Extra: Extra{"x": json.RawMessage(`1`)}}, User{}), "unknown members count")
}

func TestSecretsAreRedacted(t *testing.T) {
	const key = "570675830ab61a31ef57f70ca335f64374b56281"
	u := decodeFixture[User](t, "users_get.json")
	require.Equal(t, key, u.APIKey.Value().Reveal(), "an explicit read")
	require.Equal(t, key, u.GetAPIKey().Reveal())

	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for name, v := range map[string]any{"user": u, "*user": &u, "field": u.APIKey, "secret": u.APIKey.Value()} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, key, "%s of the %s", verb, name)
			assert.NotContains(t, out, fmt.Sprintf("%x", key), "%s of the %s", verb, name)
		}
	}
	assert.Contains(t, fmt.Sprintf("%v", u), "[redacted]")

	for name, h := range map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(h(&buf)).Info("synced", "user", u, "pointer", &u, "kudos", Kudos{Poster: NewObject(u), Recipients: NewField([]User{u})})
		assert.NotContains(t, buf.String(), key, name)
		assert.Contains(t, buf.String(), "[redacted]", name)
		assert.Contains(t, buf.String(), "alice@mycompany.com", "%s: the rest is logged", name)
	}

	// An unreadable key: its error and report say so without showing it.
	var odd User
	require.NoError(t, json.Unmarshal([]byte(`{"api_key":{"v":"`+key+`"}}`), &odd))
	require.True(t, odd.APIKey.Unparsed())
	assert.NotContains(t, odd.APIKey.Err().Error(), key)
	assert.NotContains(t, fmt.Sprintf("%v %#v %v", odd, odd, odd.UnparsedFields()), key)

	// encoding/json keeps it: a caller storing users stores their keys.
	b, err := json.Marshal(u)
	require.NoError(t, err)
	assert.Contains(t, string(b), key)
}

// The shapes public integrations recorded from real servers.
func TestRealWorldShapes(t *testing.T) {
	t.Run("days and hours as decimal strings", func(t *testing.T) {
		for in, want := range map[string]string{`"4.000000"`: "4", `"0.500000"`: "0.5", `"32.00000"`: "32", `2`: "2", `1.5`: "1.5"} {
			var lr LeaveRequest
			require.NoError(t, json.Unmarshal([]byte(`{"days":`+in+`,"hours":`+in+`}`), &lr))
			days, ok := lr.Days.Get()
			require.True(t, ok, in)
			assert.Equal(t, want, days.Normalized().String(), in)
			assert.True(t, MustDecimal(want).Equal(lr.Hours.Value()), in)
			b, err := json.Marshal(lr)
			require.NoError(t, err)
			assert.JSONEq(t, `{"days":`+in+`,"hours":`+in+`}`, string(b), "written back as it came")
		}
	})
	t.Run("status words in any case and numbers", func(t *testing.T) {
		tests := map[string]LeaveRequestStatus{
			`"APPROVED"`: LeaveApproved, `"approved"`: LeaveApproved, `"Pending"`: LeavePending, `"rejected"`: LeaveRejected,
			`"1"`: LeaveApproved, `"0"`: LeavePending, `"-1"`: LeaveRejected, `1`: LeaveApproved, `0`: LeavePending, `-1`: LeaveRejected,
		}
		for in, want := range tests {
			var lr LeaveRequest
			require.NoError(t, json.Unmarshal([]byte(`{"status":`+in+`,"status_text":"whatever"}`), &lr))
			assert.Equal(t, want, lr.Status.Value(), in)
			assert.Equal(t, "whatever", lr.StatusText.Value())
		}
		for _, in := range []string{`"2"`, `2`, `"approve"`, `""`, `true`, `1.0`} {
			var lr LeaveRequest
			require.NoError(t, json.Unmarshal([]byte(`{"status":`+in+`}`), &lr))
			assert.True(t, lr.Status.Unparsed(), in)
			assert.Equal(t, in, string(lr.Status.Raw()), "the raw is kept")
		}
	})
	t.Run("[] where an object belongs is present and empty", func(t *testing.T) {
		var u User
		require.NoError(t, json.Unmarshal([]byte(`{"assignment_record":{"manager":[],"job":[ ],"pay_info":[]},"avatar":[]}`), &u))
		ar, ok := u.AssignmentRecord.Get()
		require.True(t, ok)
		for name, o := range map[string]interface {
			Present() bool
			Absent() bool
			Null() bool
		}{"manager": ar.Manager, "job": ar.Job, "pay_info": ar.PayInfo, "avatar": u.Avatar} {
			assert.True(t, o.Present(), name)
			assert.False(t, o.Null(), name)
		}
		m, ok := ar.Manager.Get()
		assert.True(t, ok, "a sync sees the field, and clears it")
		assert.Equal(t, User{}, m)
		assert.True(t, ar.Department.Absent(), "what was not sent stays absent")
	})
}

// Unknown members are kept at every level of every model and written back.
func TestUnknownMembersAtEveryLevel(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		decode  func([]byte) (any, error)
	}{
		{"users_get.json", decodeAs[User]},
		{"users_list.json", decodeAs[[]User]},
		{"leave_requests_list.json", decodeAs[[]LeaveRequest]},
		{"leave_requests_create.json", decodeAs[LeaveRequest]},
		{"events_get.json", decodeAs[Event]},
		{"events_upcoming.json", decodeAs[[]Event]},
		{"kudos_get.json", decodeAs[Kudos]},
		{"kudos_list.json", decodeAs[[]Kudos]},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			var doc any
			require.NoError(t, json.Unmarshal(fixtureFile(t, "testdata/"+tc.fixture), &doc))
			objects := addMember(doc, "zz_future", map[string]any{"nested": []any{1.0, "two", nil}})
			require.GreaterOrEqual(t, objects, 3)
			in, err := json.Marshal(doc)
			require.NoError(t, err)

			// An event writes its locations back as a list, also when the
			// server sent one object (the upcoming sample).
			wrapLocations(doc)
			numberIDs(doc)
			want, err := json.Marshal(doc)
			require.NoError(t, err)

			v, err := tc.decode(in)
			require.NoError(t, err)
			out, err := json.Marshal(v)
			require.NoError(t, err)
			assert.JSONEq(t, string(want), string(out))
			assert.Equal(t, objects, strings.Count(string(out), `"zz_future"`), "one in every object")
		})
	}
}

func decodeAs[T any](b []byte) (any, error) {
	var v T
	err := json.Unmarshal(b, &v)
	return v, err
}

// addMember adds name: value to every object in doc and returns how many
// there are.
func addMember(doc any, name string, value any) int {
	n := 0
	switch v := doc.(type) {
	case map[string]any:
		for _, child := range v {
			n += addMember(child, name, value)
		}
		v[name] = value
		n++
	case []any:
		for _, child := range v {
			n += addMember(child, name, value)
		}
	}
	return n
}

// numberIDs turns the ids sent as numeric strings into numbers, as an ID
// writes itself.
func numberIDs(doc any) {
	switch v := doc.(type) {
	case map[string]any:
		for k, child := range v {
			if s, ok := child.(string); ok && k == "id" {
				v[k] = json.Number(s)
			}
			numberIDs(child)
		}
	case []any:
		for _, child := range v {
			numberIDs(child)
		}
	}
}

// wrapLocations turns every "locations" object in doc into a list of one.
func wrapLocations(doc any) {
	switch v := doc.(type) {
	case map[string]any:
		for k, child := range v {
			if m, ok := child.(map[string]any); ok && k == "locations" {
				v[k] = []any{m}
			}
			wrapLocations(child)
		}
	case []any:
		for _, child := range v {
			wrapLocations(child)
		}
	}
}

func TestUnparsedReport(t *testing.T) {
	in := `{"id":7,"badge_count":"many","created":"yesterday",
		"assignment_record":{"ext":"x888","manager":{"id":"six","avatar":"pic.png"},"job":{"id":37}},
		"custom_field_records":[{"id":"226"},{"id":true,"custom_field":{"id":[1]}}],
		"leave_usages":"none"}`
	var u User
	require.NoError(t, json.Unmarshal([]byte(in), &u))
	var paths []string
	for _, f := range u.UnparsedFields() {
		paths = append(paths, f.Path)
		assert.Error(t, f.Err)
		assert.NotEmpty(t, f.Raw)
	}
	assert.Equal(t, []string{
		"created",
		"assignment_record.ext",
		"assignment_record.manager.id",
		"assignment_record.manager.avatar",
		"custom_field_records[1].id",
		"custom_field_records[1].custom_field.id",
		"leave_usages",
		"badge_count",
	}, paths)
	first := u.UnparsedFields()[0]
	assert.Equal(t, `"yesterday"`, string(first.Raw))
	assert.Equal(t, `created: tribehr: cannot read "yesterday" as a date/time`, first.String())

	clean := decodeFixture[User](t, "users_get.json")
	assert.Empty(t, clean.UnparsedFields())
	assert.Empty(t, (*User)(nil).UnparsedFields())
}

func TestModelsBuiltByHand(t *testing.T) {
	// One readable expression, as a user's test writes it.
	lr := LeaveRequest{
		ID:        NewField[ID](34),
		DateStart: NewField(NewDate(2013, 11, 15)),
		Days:      NewField(MustDecimal("2")),
		Status:    NewField(LeavePending),
		User:      NewObject(User{ID: NewField[ID](20), Username: NewField("salleyfitzgibbon")}),
		LeaveType: NullObject[LeaveType](),
	}
	b, err := json.Marshal(lr)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":34,"date_start":"2013-11-15","days":"2","status":"PENDING","user":{"id":20,"username":"salleyfitzgibbon"},"leave_type":null}`, string(b))
	var back LeaveRequest
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, cmp.Equal(lr, back))
	assert.Equal(t, "salleyfitzgibbon", back.GetUser().GetUsername())
}
