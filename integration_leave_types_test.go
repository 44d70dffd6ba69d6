package tribehr_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

func TestLeaveTypesAgainstTheFake(t *testing.T) {
	srv, admin := newFake(t, tribehrtest.WithFixtureData(tribehrtest.Fixtures{LeaveTypes: []tribehrtest.FixtureLeaveType{
		{Name: "Unpaid Leave", Unpaid: true, ActionPhrase: "Take Unpaid Leave", Created: time.Date(2014, 2, 3, 4, 5, 6, 0, time.UTC)},
	}}))
	ctx := testCtx(t)

	list, err := admin.LeaveTypes.List(ctx)
	require.NoError(t, err)
	names := map[string]tribehr.LeaveType{}
	for _, lt := range list {
		names[lt.Name.Value()] = lt
		assert.True(t, lt.ActionPhrase.Absent(), "partial in a list")
		assert.Empty(t, lt.UnparsedFields())
	}
	require.Contains(t, names, "Unpaid Leave")
	assert.Equal(t, tribehr.AccrualBiweekly, names["Vacation"].Accrual.Value())

	partial := names["Unpaid Leave"]
	unpaid, err := admin.LeaveTypes.Full(ctx, &partial)
	require.NoError(t, err)
	assert.True(t, unpaid.Unpaid.Value())
	assert.Equal(t, "Take Unpaid Leave", unpaid.ActionPhrase.Value())
	assert.Equal(t, tribehr.AccrualNone, unpaid.Accrual.Value())
	assert.Equal(t, time.Date(2014, 2, 3, 4, 5, 6, 0, time.UTC), unpaid.Created.Value().Time().UTC())
	assert.Empty(t, unpaid.UnparsedFields())

	// The newcomer's path: find the leave type by name, then file leave of it.
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)
	types, err := emma.LeaveTypes.List(ctx)
	require.NoError(t, err, "every user may read the leave types")
	var vacation tribehr.ID
	for _, lt := range types {
		if lt.Name.Value() == "Vacation" {
			vacation = lt.ID.Value()
		}
	}
	require.NotZero(t, vacation)
	lr, err := emma.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2031, time.March, 3), DateEnd: tribehr.NewDate(2031, time.March, 4),
		Days: tribehr.Int(2), LeaveType: vacation,
	})
	require.NoError(t, err)
	full, err := emma.LeaveTypes.Full(ctx, lr.LeaveType.Ptr())
	require.NoError(t, err)
	assert.Equal(t, "Schedule Vacation", full.ActionPhrase.Value())
	assert.False(t, full.Unpaid.Value())
	assert.True(t, full.Unpaid.Present())

	_, err = admin.LeaveTypes.Get(ctx, 99)
	assertAPIError(t, err, 404, tribehr.CodeNotFound, tribehr.ErrNotFound)
}

// TestIntegrationEveryGetNotModified asks every service's Get again with
// the ETag of its first answer: each returns nil and no error, with
// NotModified reported, as IfNoneMatch promises (LeaveTypes.Get once
// returned a zero leave type instead).
func TestIntegrationEveryGetNotModified(t *testing.T) {
	_, client := newFake(t, tribehrtest.WithETags())
	ctx := testCtx(t)
	gets := []struct {
		name string
		get  func(opts ...tribehr.CallOption) (any, bool, error) // the object, whether it is nil
	}{
		{"Users.Get", func(opts ...tribehr.CallOption) (any, bool, error) {
			v, err := client.Users.Get(ctx, 7, opts...)
			return v, v == nil, err
		}},
		{"Users.Me", func(opts ...tribehr.CallOption) (any, bool, error) {
			v, err := client.Users.Me(ctx, opts...)
			return v, v == nil, err
		}},
		{"LeaveRequests.Get", func(opts ...tribehr.CallOption) (any, bool, error) {
			v, err := client.LeaveRequests.Get(ctx, 1, opts...)
			return v, v == nil, err
		}},
		{"Events.Get", func(opts ...tribehr.CallOption) (any, bool, error) {
			v, err := client.Events.Get(ctx, 20, opts...)
			return v, v == nil, err
		}},
		{"Kudos.Get", func(opts ...tribehr.CallOption) (any, bool, error) {
			v, err := client.Kudos.Get(ctx, 83, opts...)
			return v, v == nil, err
		}},
		{"LeaveTypes.Get", func(opts ...tribehr.CallOption) (any, bool, error) {
			v, err := client.LeaveTypes.Get(ctx, 1, opts...)
			return v, v == nil, err
		}},
	}
	for _, g := range gets {
		t.Run(g.name, func(t *testing.T) {
			var meta tribehr.Response
			_, isNil, err := g.get(tribehr.CaptureResponse(&meta))
			require.NoError(t, err)
			require.False(t, isNil)
			require.NotEmpty(t, meta.ETag)
			etag := meta.ETag

			v, isNil, err := g.get(tribehr.IfNoneMatch(etag), tribehr.CaptureResponse(&meta))
			require.NoError(t, err, "not modified is a result, not an error")
			assert.True(t, isNil, "no zero object stands in for the one the caller holds: %+v", v)
			assert.True(t, meta.NotModified)
			assert.Equal(t, http.StatusNotModified, meta.StatusCode)
			assert.Equal(t, etag, meta.ETag)
		})
	}
}
