package tribehr

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/h2non/gock.v1"
)

// The fixtures testdata/leave_types_list.json and leave_types_get.json are
// the samples of the later API documentation's "Getting Leave Types".

func TestLeaveTypesList(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	var cap capture
	gock.New(acmeHost).Get("/leave_types.json").AddMatcher(cap.match).Reply(200).
		BodyString(string(fixture(t, "leave_types_list.json")))

	list, err := c.LeaveTypes.List(context.Background())
	require.NoError(t, err)
	want := []LeaveType{
		ulLeaveType(1, "Vacation", AccrualMonthly).Value(),
		ulLeaveType(2, "Sick", AccrualNone).Value(),
		ulLeaveType(3, "Training", AccrualNone).Value(),
		ulLeaveType(4, "Unpaid Leave", AccrualNone).Value(),
	}
	assert.Equal(t, want, list)
	for _, lt := range list {
		assert.True(t, lt.ActionPhrase.Absent(), "a list has the partial fields only")
		assert.True(t, lt.Unpaid.Absent())
	}
	ulAssertHeaders(t, cap.req)
	assert.Equal(t, http.MethodGet, cap.req.Method)
	assert.Empty(t, cap.req.URL.RawQuery)
	assert.True(t, gock.IsDone())
}

func TestLeaveTypesGet(t *testing.T) {
	t.Run("the documentation's sample", func(t *testing.T) {
		defer gock.Off()
		c := gockClient(t)
		var cap capture
		gock.New(acmeHost).Get("/leave_types/1.json").AddMatcher(cap.match).Reply(200).
			BodyString(string(fixture(t, "leave_types_get.json")))
		lt, err := c.LeaveTypes.Get(context.Background(), 1)
		require.NoError(t, err)
		assert.Equal(t, &LeaveType{
			ID:           NewField[ID](1),
			Name:         NewField("Vacation"),
			Accrual:      NewField(AccrualMonthly),
			ActionPhrase: NewField("Schedule Vacation"),
			Unpaid:       NewField(false),
			Created:      dtField(t, "2010-03-01T17:25:05+00:00"),
			Modified:     dtField(t, "2013-01-15T16:06:14+00:00"),
			URL:          NewField("/leave_types/1.json"),
		}, lt)
		assert.Empty(t, lt.UnparsedFields())
		ulAssertHeaders(t, cap.req)
		assert.True(t, gock.IsDone())
	})
	t.Run("a server that sends fewer fields", func(t *testing.T) {
		defer gock.Off()
		c := gockClient(t)
		gock.New(acmeHost).Get("/leave_types/2.json").Reply(200).
			JSON(map[string]any{"id": 2, "name": "Sick", "accrual": "NONE", "url": "/leave_types/2.json"})
		lt, err := c.LeaveTypes.Get(context.Background(), 2)
		require.NoError(t, err)
		assert.Equal(t, "Sick", lt.Name.Value())
		for name, absent := range map[string]bool{
			"action_phrase": lt.ActionPhrase.Absent(), "unpaid": lt.Unpaid.Absent(),
			"created": lt.Created.Absent(), "modified": lt.Modified.Absent(),
		} {
			assert.True(t, absent, "%s is absent, not empty or false", name)
		}
		_, known := lt.Unpaid.Get()
		assert.False(t, known, "an absent unpaid says nothing")
		assert.True(t, gock.IsDone())
	})
	t.Run("other shapes are kept", func(t *testing.T) {
		defer gock.Off()
		c := gockClient(t)
		gock.New(acmeHost).Get("/leave_types/5.json").Reply(200).
			BodyString(`{"id":"5","name":"Gym","accrual":"WEEKLY","unpaid":"yes","cap_days":"4.5"}`)
		lt, err := c.LeaveTypes.Get(context.Background(), 5)
		require.NoError(t, err)
		assert.Equal(t, ID(5), lt.ID.Value(), "an id sent as a string")
		assert.Equal(t, "WEEKLY", lt.Accrual.Value(), "an accrual the SDK does not list is kept as sent")
		assert.True(t, lt.Unpaid.Unparsed())
		assert.Equal(t, `"yes"`, string(lt.Unpaid.Raw()))
		assert.JSONEq(t, `"4.5"`, string(lt.Extra["cap_days"]))
		assert.True(t, gock.IsDone())
	})
	for _, ec := range ulErrorCases {
		t.Run(ec.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			gock.New(acmeHost).Get("/leave_types/7.json").Reply(ec.status).JSON(ec.body())
			lt, err := c.LeaveTypes.Get(context.Background(), 7)
			assert.Nil(t, lt)
			ec.check(t, err, http.MethodGet, "/leave_types/7.json")
			assert.True(t, gock.IsDone())
		})
	}
	t.Run("invalid id", func(t *testing.T) {
		c, rec := countingClient(t)
		for _, id := range []ID{0, -3} {
			_, err := c.LeaveTypes.Get(context.Background(), id)
			assertNotSent(t, rec, err, "id")
		}
	})
	t.Run("bad option", func(t *testing.T) {
		c, rec := countingClient(t)
		_, err := c.LeaveTypes.Get(context.Background(), 0, FormattedTextAs("rtf"))
		assertNotSent(t, rec, err, "id", "formattedTextAs")
		_, err = c.LeaveTypes.List(context.Background(), FormattedTextAs("rtf"))
		assertNotSent(t, rec, err, "formattedTextAs")
	})
}

func TestLeaveTypesFull(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	gock.New(acmeHost).Get("/leave_types/1.json").Reply(200).BodyString(string(fixture(t, "leave_types_get.json")))

	lr := decodeFixture[LeaveRequest](t, "leave_requests_create.json")
	full, err := c.LeaveTypes.Full(context.Background(), lr.LeaveType.Ptr())
	require.NoError(t, err)
	assert.Equal(t, "Schedule Vacation", full.ActionPhrase.Value())
	assert.True(t, lr.LeaveType.Value().ActionPhrase.Absent(), "the partial one is not changed")
	assert.True(t, gock.IsDone())

	rc, rec := countingClient(t)
	_, err = rc.LeaveTypes.Full(context.Background(), nil)
	assertNotSent(t, rec, err, "")
	_, err = rc.LeaveTypes.Full(context.Background(), &LeaveType{Name: NewField("Sick")})
	assertNotSent(t, rec, err, "id")
}
