package tribehr_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// ilvTricky is comment text that survives only a correct form encoding and
// JSON decoding: Unicode, form metacharacters, newlines, brackets and BBCode.
const ilvTricky = "Hochzeit in München 🎉 & Co: a=1+2, 50% off, #tag [b]bold[/b] [x]\nsecond line\r\n\ttab; \"quotes\" 'single' <b>not html</b> ?q=%20"

// ilvList lists leave requests with client and opts and returns their ids,
// checking that every item has the status the filter asks for.
func ilvList(t *testing.T, client *tribehr.Client, opts *tribehr.LeaveRequestListOptions) []tribehr.ID {
	t.Helper()
	list := listLeave(t, client, opts)
	want := tribehr.LeaveRequestStatus("")
	if opts != nil {
		switch opts.Status {
		case tribehr.LeaveFilterPending:
			want = tribehr.LeavePending
		case tribehr.LeaveFilterApproved:
			want = tribehr.LeaveApproved
		case tribehr.LeaveFilterRejected:
			want = tribehr.LeaveRejected
		}
	}
	for _, l := range list {
		status, ok := l.Status.Get()
		require.True(t, ok, "leave request %s has no status", l.ID)
		if want != "" {
			assert.Equal(t, want, status, "leave request %s under filter %+v", l.ID, *opts)
		} else {
			assert.Contains(t, []tribehr.LeaveRequestStatus{tribehr.LeavePending, tribehr.LeaveApproved, tribehr.LeaveRejected}, status)
		}
	}
	return collect(list, leaveID)
}

func TestIntegrationLeaveListFilters(t *testing.T) {
	srv, admin := newFake(t)
	alice := clientAs(t, srv, tribehrtest.ManagerUsername)
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)
	yes, no := tribehr.Bool(true), tribehr.Bool(false)

	all := []tribehr.ID{1, 17, 23, 30, 31, 32, 33}
	type opts = tribehr.LeaveRequestListOptions
	cases := []struct {
		name   string
		client *tribehr.Client
		opts   *opts
		want   []tribehr.ID
	}{
		// The administrator sees every request.
		{"admin default", admin, nil, all},
		{"admin zero", admin, &opts{}, all},
		{"admin all", admin, &opts{Status: tribehr.LeaveFilterAll}, all},
		{"admin pending", admin, &opts{Status: tribehr.LeaveFilterPending}, []tribehr.ID{1, 23, 31, 32}},
		{"admin approved", admin, &opts{Status: tribehr.LeaveFilterApproved}, []tribehr.ID{17, 33}},
		{"admin rejected", admin, &opts{Status: tribehr.LeaveFilterRejected}, []tribehr.ID{30}},
		{"admin approvable", admin, &opts{FilterByHasPermissionToApprove: yes}, all},
		{"admin not only approvable", admin, &opts{FilterByHasPermissionToApprove: no}, all},
		{"admin approvable pending", admin, &opts{Status: tribehr.LeaveFilterPending, FilterByHasPermissionToApprove: yes}, []tribehr.ID{1, 23, 31, 32}},
		// alice sees her own (32) and her reports' (emma 1, abbyring 30,
		// willytrainer 31); she may approve only her reports'.
		{"manager default", alice, nil, []tribehr.ID{1, 30, 31, 32}},
		{"manager all", alice, &opts{Status: tribehr.LeaveFilterAll}, []tribehr.ID{1, 30, 31, 32}},
		{"manager pending", alice, &opts{Status: tribehr.LeaveFilterPending}, []tribehr.ID{1, 31, 32}},
		{"manager approved", alice, &opts{Status: tribehr.LeaveFilterApproved}, []tribehr.ID{}},
		{"manager rejected", alice, &opts{Status: tribehr.LeaveFilterRejected}, []tribehr.ID{30}},
		{"manager approvable", alice, &opts{FilterByHasPermissionToApprove: yes}, []tribehr.ID{1, 30, 31}},
		{"manager not only approvable", alice, &opts{FilterByHasPermissionToApprove: no}, []tribehr.ID{1, 30, 31, 32}},
		{"manager approvable pending", alice, &opts{Status: tribehr.LeaveFilterPending, FilterByHasPermissionToApprove: yes}, []tribehr.ID{1, 31}},
		// emma sees only her own and may approve none.
		{"employee default", emma, nil, []tribehr.ID{1}},
		{"employee all", emma, &opts{Status: tribehr.LeaveFilterAll}, []tribehr.ID{1}},
		{"employee pending", emma, &opts{Status: tribehr.LeaveFilterPending}, []tribehr.ID{1}},
		{"employee approved", emma, &opts{Status: tribehr.LeaveFilterApproved}, []tribehr.ID{}},
		{"employee rejected", emma, &opts{Status: tribehr.LeaveFilterRejected}, []tribehr.ID{}},
		{"employee approvable", emma, &opts{FilterByHasPermissionToApprove: yes}, []tribehr.ID{}},
		{"employee not only approvable", emma, &opts{FilterByHasPermissionToApprove: no}, []tribehr.ID{1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv.ResetLog()
			assert.Equal(t, tc.want, ilvList(t, tc.client, tc.opts))
			// The filters travel as the document spells them.
			req := lastRequest(t, srv)
			assert.Equal(t, "/leave_requests.json", req.Path)
			if tc.opts != nil && tc.opts.Status != "" {
				assert.Equal(t, string(tc.opts.Status), req.Query.Get("status"))
			} else {
				assert.False(t, req.Query.Has("status"))
			}
			if tc.opts != nil && tc.opts.FilterByHasPermissionToApprove != nil {
				assert.Equal(t, fmt.Sprint(*tc.opts.FilterByHasPermissionToApprove), req.Query.Get("filterByHasPermissionToApprove"))
			} else {
				assert.False(t, req.Query.Has("filterByHasPermissionToApprove"))
			}
		})
	}
}

func TestIntegrationLeaveListItems(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)

	var meta tribehr.Response
	list, err := admin.LeaveRequests.List(ctx, nil, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.Equal(t, 1, meta.Attempts)
	require.Len(t, list, 7)

	first := list[0]
	assert.Equal(t, tribehr.ID(1), first.ID.Value())
	assert.Equal(t, tribehr.NewDate(2013, 10, 25), first.DateStart.Value())
	assert.Equal(t, tribehr.NewDate(2013, 10, 28), first.DateEnd.Value())
	assert.Equal(t, "My cousin is getting married!", first.Comments.Value())
	assert.Equal(t, tribehr.LeavePending, first.Status.Value())
	assert.Equal(t, "/leave_requests/1.json", first.URL.Value())
	// A partial leave request: no days, hours or timestamps.
	assert.True(t, first.Days.Absent())
	assert.True(t, first.Hours.Absent())
	assert.True(t, first.Created.Absent())
	u, ok := first.User.Get()
	require.True(t, ok)
	assert.Equal(t, tribehr.ID(2), u.ID.Value())
	assert.Equal(t, tribehrtest.EmployeeUsername, u.Username.Value())
	assert.Equal(t, "Emma Employee", u.DisplayName.Value())
	assert.Equal(t, srv.URL+"/users/view/2/picture", u.Avatar.Value().URL.Value(), "the list's user carries an absolute avatar")
	ar, ok := u.AssignmentRecord.Get()
	require.True(t, ok)
	assert.True(t, ar.Current.Value())
	assert.Equal(t, "/assignment_records/102.json", ar.URL.Value())
	assert.True(t, ar.PayInfo.Absent())
	lt, ok := first.LeaveType.Get()
	require.True(t, ok)
	assert.Equal(t, tribehr.ID(1), lt.ID.Value())
	assert.Equal(t, "Vacation", lt.Name.Value())
	assert.Equal(t, "BIWEEKLY", lt.Accrual.Value())

	sick := list[3]
	assert.Equal(t, tribehr.ID(30), sick.ID.Value())
	assert.Equal(t, tribehr.LeaveRejected, sick.Status.Value())
	assert.Equal(t, "Sick", sick.LeaveType.Value().Name.Value())
	assert.Equal(t, "abbyring", sick.User.Value().Username.Value())

	empty := list[6]
	assert.Equal(t, tribehr.ID(33), empty.ID.Value())
	c, ok := empty.Comments.Get()
	assert.True(t, ok, "empty comments are present")
	assert.Empty(t, c)
}

func TestIntegrationLeaveGetAndFull(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)

	got, err := admin.LeaveRequests.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(1), got.ID.Value())
	assert.Equal(t, tribehr.NewDate(2013, 10, 25), got.DateStart.Value())
	assert.Equal(t, tribehr.NewDate(2013, 10, 28), got.DateEnd.Value())
	assert.Equal(t, tribehr.MustDecimal("2"), got.Days.Value())
	assert.Equal(t, tribehr.MustDecimal("16"), got.Hours.Value())
	assert.Equal(t, tribehr.LeavePending, got.Status.Value())
	assert.Equal(t, "My cousin is getting married!", got.Comments.Value())
	assert.Equal(t, "2012-05-09T14:46:03+00:00", got.Created.Value().String())
	assert.Equal(t, "2012-05-09T14:46:03+00:00", got.Modified.Value().String())
	assert.Equal(t, "/leave_requests/1.json", got.URL.Value())
	assert.Equal(t, tribehr.ID(2), got.User.Value().ID.Value())
	assert.Equal(t, "Emma Employee", got.User.Value().DisplayName.Value())
	assert.Equal(t, "Vacation", got.LeaveType.Value().Name.Value())

	pto, err := admin.LeaveRequests.Get(ctx, 32)
	require.NoError(t, err)
	assert.Equal(t, tribehr.MustDecimal("3"), pto.Days.Value())
	assert.Equal(t, tribehr.MustDecimal("24"), pto.Hours.Value())
	assert.Equal(t, "PTO", pto.LeaveType.Value().Name.Value())
	assert.Equal(t, "SEMIMONTHLY", pto.LeaveType.Value().Accrual.Value())

	// Full turns every partial item of the list into the full one.
	list, err := admin.LeaveRequests.List(ctx, &tribehr.LeaveRequestListOptions{Status: tribehr.LeaveFilterApproved})
	require.NoError(t, err)
	require.Len(t, list, 2)
	before := list[0]
	srv.ResetLog()
	full, err := admin.LeaveRequests.Full(ctx, &list[0])
	require.NoError(t, err)
	assert.Equal(t, "/leave_requests/17.json", lastRequest(t, srv).Path)
	assert.Equal(t, before, list[0], "the partial one is not changed")
	assert.True(t, list[0].Days.Absent())
	assert.Equal(t, tribehr.ID(17), full.ID.Value())
	assert.Equal(t, tribehr.MustDecimal("2"), full.Days.Value())
	assert.Equal(t, tribehr.MustDecimal("16"), full.Hours.Value())
	assert.Equal(t, "Headed to the beach!", full.Comments.Value())
	assert.Equal(t, list[0].DateStart.Value(), full.DateStart.Value())
	assert.Equal(t, tribehr.LeaveApproved, full.Status.Value())
	direct, err := admin.LeaveRequests.Get(ctx, 17)
	require.NoError(t, err)
	assert.Equal(t, direct, full, "Full is Get")

	full33, err := admin.LeaveRequests.Full(ctx, &list[1])
	require.NoError(t, err)
	assert.Equal(t, tribehr.MustDecimal("5"), full33.Days.Value())
	assert.Equal(t, tribehr.MustDecimal("40"), full33.Hours.Value())

	// Nothing to fetch: an error, no request.
	srv.ResetLog()
	_, err = admin.LeaveRequests.Full(ctx, nil)
	assert.EqualError(t, err, "tribehr: invalid partial leave request: it is nil")
	assert.Equal(t, []string{""}, validationFields(t, err))
	_, err = admin.LeaveRequests.Full(ctx, &tribehr.LeaveRequest{Comments: tribehr.NewField("no id")})
	assert.EqualError(t, err, "tribehr: invalid partial leave request: id: missing (<absent>)")
	assert.Equal(t, []string{"id"}, validationFields(t, err))
	assert.Empty(t, srv.Requests(), "nothing was sent")

	// An employee may not read someone else's request.
	_, err = clientAs(t, srv, tribehrtest.EmployeeUsername).LeaveRequests.Get(ctx, 17)
	assertAPIError(t, err, http.StatusForbidden, tribehr.CodeAccess, tribehr.ErrForbidden)
}

func TestIntegrationLeaveCreateDaysAndHours(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)

	// In days: the server works out the hours (8 a day).
	var meta tribehr.Response
	byDays, err := emma.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2024, 3, 4),
		DateEnd:   tribehr.NewDate(2024, 3, 6),
		Days:      tribehr.Int(3),
		LeaveType: 1,
		Comments:  tribehr.String(ilvTricky),
	}, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.Equal(t, 1, meta.Attempts)
	reqs := srv.Requests()
	require.Len(t, reqs, 1, "sent once")
	post := reqs[0]
	assert.Equal(t, http.MethodPost, post.Method)
	assert.Equal(t, "/leave_requests.json", post.Path)
	assert.Equal(t, []string{"2024-03-04"}, post.Form["date_start"])
	assert.Equal(t, []string{"2024-03-06"}, post.Form["date_end"])
	assert.Equal(t, []string{"3"}, post.Form["days"])
	assert.Equal(t, []string{"1"}, post.Form["leave_type[id]"])
	assert.Equal(t, []string{ilvTricky}, post.Form["comments"])
	assert.NotContains(t, post.Form, "hours")

	id := byDays.ID.Value()
	assert.Positive(t, int64(id))
	assert.Equal(t, tribehr.MustDecimal("3"), byDays.Days.Value())
	assert.Equal(t, tribehr.MustDecimal("24"), byDays.Hours.Value())
	assert.Equal(t, tribehr.LeavePending, byDays.Status.Value(), "the default status")
	assert.Equal(t, tribehr.ID(2), byDays.User.Value().ID.Value(), "the default user is the caller")
	assert.Equal(t, "Vacation", byDays.LeaveType.Value().Name.Value())
	assert.Equal(t, ilvTricky, byDays.Comments.Value())
	assert.Equal(t, fmt.Sprintf("/leave_requests/%d.json", id), byDays.URL.Value())

	got, err := admin.LeaveRequests.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, tribehr.NewDate(2024, 3, 4), got.DateStart.Value())
	assert.Equal(t, tribehr.NewDate(2024, 3, 6), got.DateEnd.Value())
	assert.Equal(t, tribehr.MustDecimal("3"), got.Days.Value())
	assert.Equal(t, tribehr.MustDecimal("24"), got.Hours.Value())
	assert.Equal(t, ilvTricky, got.Comments.Value())
	assert.Equal(t, tribehr.LeavePending, got.Status.Value())

	// In hours: days = ceil(hours / 8).
	var hourIDs []tribehr.ID
	for _, tc := range []struct{ hours, days int }{{12, 2}, {8, 1}, {4, 1}, {17, 3}} {
		byHours := createLeave(t, emma, &tribehr.LeaveRequestCreate{
			DateStart: tribehr.NewDate(2024, 4, 1),
			DateEnd:   tribehr.NewDate(2024, 4, 3),
			Hours:     tribehr.Int(tc.hours),
			LeaveType: 2,
			Comments:  tribehr.String(fmt.Sprintf("%d h [i]sick[/i] & tired = +1 #%d\nÜbel", tc.hours, tc.days)),
		})
		hourIDs = append(hourIDs, byHours.ID.Value())
		assert.Equal(t, decimalOf(tc.hours), byHours.Hours.Value())
		assert.Equal(t, decimalOf(tc.days), byHours.Days.Value(), "%d hours", tc.hours)
		got, err := emma.LeaveRequests.Get(ctx, byHours.ID.Value())
		require.NoError(t, err)
		assert.Equal(t, decimalOf(tc.hours), got.Hours.Value())
		assert.Equal(t, decimalOf(tc.days), got.Days.Value())
		assert.Equal(t, "Sick", got.LeaveType.Value().Name.Value())
		assert.Equal(t, fmt.Sprintf("%d h [i]sick[/i] & tired = +1 #%d\nÜbel", tc.hours, tc.days), got.Comments.Value())
	}

	// A one-day leave starts and ends on the same day; a manager files it
	// for her report, already approved.
	oneDay := createLeave(t, clientAs(t, srv, tribehrtest.ManagerUsername), &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2024, 2, 29),
		DateEnd:   tribehr.NewDate(2024, 2, 29),
		Days:      tribehr.Int(1),
		Status:    tribehr.LeaveApproved,
		User:      tribehr.Ptr(tribehr.ID(2)),
		LeaveType: 3,
	})
	assert.Equal(t, tribehr.NewDate(2024, 2, 29), oneDay.DateStart.Value())
	assert.Equal(t, tribehr.LeaveApproved, oneDay.Status.Value())
	assert.Equal(t, tribehr.ID(2), oneDay.User.Value().ID.Value())
	assert.Equal(t, tribehr.MustDecimal("8"), oneDay.Hours.Value())
	c, ok := oneDay.Comments.Get()
	assert.True(t, ok)
	assert.Empty(t, c)

	// emma now sees her new requests after her seeded one, in creation order.
	want := append(append([]tribehr.ID{1, id}, hourIDs...), oneDay.ID.Value())
	require.Equal(t, want, ilvList(t, emma, nil))
}

func TestIntegrationLeaveApproveReject(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)
	alice := clientAs(t, srv, tribehrtest.ManagerUsername)

	create := func(comment string) tribehr.ID {
		l := createLeave(t, emma, &tribehr.LeaveRequestCreate{
			DateStart: tribehr.NewDate(2024, 7, 8), DateEnd: tribehr.NewDate(2024, 7, 12),
			Days: tribehr.Int(5), LeaveType: 1, Comments: tribehr.String(comment),
		})
		require.Equal(t, tribehr.LeavePending, l.Status.Value())
		return l.ID.Value()
	}
	toApprove, toReject := create("approve me"), create("reject me")

	// Her manager approves one ...
	srv.ResetLog()
	approved, err := alice.LeaveRequests.Approve(ctx, toApprove)
	require.NoError(t, err)
	assert.Equal(t, tribehr.LeaveApproved, approved.Status.Value())
	assert.Equal(t, "approve me", approved.Comments.Value(), "only the status changes")
	assert.Equal(t, tribehr.MustDecimal("5"), approved.Days.Value())
	put := lastRequest(t, srv)
	assert.Equal(t, http.MethodPut, put.Method)
	assert.Equal(t, fmt.Sprintf("/leave_requests/%d.json", toApprove), put.Path)
	assert.Equal(t, []string{toApprove.String()}, put.Form["id"])
	assert.Equal(t, []string{"APPROVED"}, put.Form["status"])
	assert.Len(t, put.Form, 2)

	// ... and rejects the other.
	rejected, err := alice.LeaveRequests.Reject(ctx, toReject)
	require.NoError(t, err)
	assert.Equal(t, tribehr.LeaveRejected, rejected.Status.Value())
	put = lastRequest(t, srv)
	assert.Equal(t, []string{"REJECTED"}, put.Form["status"])

	for id, want := range map[tribehr.ID]tribehr.LeaveRequestStatus{toApprove: tribehr.LeaveApproved, toReject: tribehr.LeaveRejected} {
		got, err := emma.LeaveRequests.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, want, got.Status.Value(), "leave request %s", id)
		assert.Equal(t, tribehr.NewDate(2024, 7, 8), got.DateStart.Value())
	}
	assert.Equal(t, []tribehr.ID{toApprove}, ilvList(t, emma, &tribehr.LeaveRequestListOptions{Status: tribehr.LeaveFilterApproved}))
	assert.Equal(t, []tribehr.ID{toReject}, ilvList(t, emma, &tribehr.LeaveRequestListOptions{Status: tribehr.LeaveFilterRejected}))
	assert.Contains(t, ilvList(t, admin, &tribehr.LeaveRequestListOptions{Status: tribehr.LeaveFilterApproved}), toApprove)

	// The administrator approves a seeded request of tsmith, whom alice
	// does not manage.
	_, err = alice.LeaveRequests.Approve(ctx, 23)
	assertAPIError(t, err, http.StatusForbidden, tribehr.CodeAccess, tribehr.ErrForbidden, "alice does not manage tsmith")
	done, err := admin.LeaveRequests.Approve(ctx, 23)
	require.NoError(t, err)
	assert.Equal(t, tribehr.LeaveApproved, done.Status.Value())
	got, err := admin.LeaveRequests.Get(ctx, 23)
	require.NoError(t, err)
	assert.Equal(t, tribehr.LeaveApproved, got.Status.Value())
	assert.Equal(t, "Off to see the family", got.Comments.Value())
	assert.Equal(t, tribehr.MustDecimal("10"), got.Days.Value())
}

func TestIntegrationLeaveEmployeeMayNotApproveOwn(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)
	alice := clientAs(t, srv, tribehrtest.ManagerUsername)

	for name, call := range map[string]func() error{
		"emma approves her own": func() error { _, err := emma.LeaveRequests.Approve(ctx, 1); return err },
		"emma rejects her own":  func() error { _, err := emma.LeaveRequests.Reject(ctx, 1); return err },
		"alice approves her own": func() error {
			_, err := alice.LeaveRequests.Approve(ctx, 32)
			return err
		},
		"emma creates an approved request": func() error {
			_, err := emma.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
				DateStart: tribehr.NewDate(2024, 8, 1), DateEnd: tribehr.NewDate(2024, 8, 2),
				Days: tribehr.Int(2), LeaveType: 1, Status: tribehr.LeaveApproved,
			})
			return err
		},
		"emma files leave for alice": func() error {
			_, err := emma.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
				DateStart: tribehr.NewDate(2024, 8, 1), DateEnd: tribehr.NewDate(2024, 8, 2),
				Days: tribehr.Int(2), LeaveType: 1, User: tribehr.Ptr(tribehr.ID(7)),
			})
			return err
		},
		"emma edits someone else's": func() error {
			_, err := emma.LeaveRequests.Update(ctx, 31, &tribehr.LeaveRequestUpdate{Comments: tribehr.String("mine now")})
			return err
		},
		"emma deletes someone else's": func() error { return emma.LeaveRequests.Delete(ctx, 17) },
	} {
		srv.ResetLog()
		err := call()
		apiErr := assertAPIError(t, err, http.StatusForbidden, tribehr.CodeAccess, tribehr.ErrForbidden, name)
		assert.False(t, errors.Is(err, tribehr.CodeRights), name)
		assert.NotEmpty(t, apiErr.Messages, name)
		assert.Equal(t, 1, apiErr.Attempts, name)
		reqs := srv.Requests()
		require.Len(t, reqs, 1, name)
		assert.Equal(t, http.StatusForbidden, reqs[0].Status, name)
	}

	// Nothing changed.
	for id, want := range map[tribehr.ID]tribehr.LeaveRequestStatus{1: tribehr.LeavePending, 32: tribehr.LeavePending, 31: tribehr.LeavePending, 17: tribehr.LeaveApproved} {
		got, err := admin.LeaveRequests.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, want, got.Status.Value(), "leave request %s", id)
	}
	got, err := admin.LeaveRequests.Get(ctx, 31)
	require.NoError(t, err)
	assert.Equal(t, "Holidays with the kids", got.Comments.Value())
	assert.Len(t, ilvList(t, admin, nil), 7, "nothing was created or deleted")
	assert.Equal(t, []tribehr.ID{1}, ilvList(t, emma, nil))
}

func TestIntegrationLeaveUpdate(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)

	id := createLeave(t, emma, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2024, 5, 6), DateEnd: tribehr.NewDate(2024, 5, 10),
		Days: tribehr.Int(5), LeaveType: 1, Comments: tribehr.String("first draft"),
	}).ID.Value()

	// New dates, a new length and a new note.
	const note = "Umzug nach Zürich 🚚 & [u]new[/u] flat: rooms=3+1 #42\nline two"
	srv.ResetLog()
	updated, err := emma.LeaveRequests.Update(ctx, id, &tribehr.LeaveRequestUpdate{
		DateStart: tribehr.Ptr(tribehr.NewDate(2024, 5, 13)),
		DateEnd:   tribehr.Ptr(tribehr.NewDate(2024, 5, 14)),
		Days:      tribehr.Int(2),
		Comments:  tribehr.String(note),
	})
	require.NoError(t, err)
	put := lastRequest(t, srv)
	assert.Equal(t, http.MethodPut, put.Method)
	assert.Equal(t, []string{id.String()}, put.Form["id"])
	assert.Equal(t, []string{"2024-05-13"}, put.Form["date_start"])
	assert.Equal(t, []string{"2024-05-14"}, put.Form["date_end"])
	assert.Equal(t, []string{"2"}, put.Form["days"])
	assert.Equal(t, []string{note}, put.Form["comments"])
	assert.NotContains(t, put.Form, "status")
	assert.NotContains(t, put.Form, "leave_type[id]")
	assert.Equal(t, note, updated.Comments.Value())

	got, err := admin.LeaveRequests.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, tribehr.NewDate(2024, 5, 13), got.DateStart.Value())
	assert.Equal(t, tribehr.NewDate(2024, 5, 14), got.DateEnd.Value())
	assert.Equal(t, tribehr.MustDecimal("2"), got.Days.Value())
	assert.Equal(t, tribehr.MustDecimal("16"), got.Hours.Value())
	assert.Equal(t, note, got.Comments.Value())
	assert.Equal(t, tribehr.LeavePending, got.Status.Value())
	assert.Equal(t, "Vacation", got.LeaveType.Value().Name.Value())

	// Only the end date, in hours, and another leave type: the rest stays.
	_, err = emma.LeaveRequests.Update(ctx, id, &tribehr.LeaveRequestUpdate{
		DateEnd:   tribehr.Ptr(tribehr.NewDate(2024, 5, 15)),
		Hours:     tribehr.Int(20),
		LeaveType: tribehr.Ptr(tribehr.ID(3)),
	})
	require.NoError(t, err)
	got, err = emma.LeaveRequests.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, tribehr.NewDate(2024, 5, 13), got.DateStart.Value(), "unchanged")
	assert.Equal(t, tribehr.NewDate(2024, 5, 15), got.DateEnd.Value())
	assert.Equal(t, tribehr.MustDecimal("20"), got.Hours.Value())
	assert.Equal(t, tribehr.MustDecimal("3"), got.Days.Value())
	assert.Equal(t, "PTO", got.LeaveType.Value().Name.Value())
	assert.Equal(t, note, got.Comments.Value(), "unchanged")

	// A pointer to "" clears the note.
	cleared, err := emma.LeaveRequests.Update(ctx, id, &tribehr.LeaveRequestUpdate{Comments: tribehr.String("")})
	require.NoError(t, err)
	assert.Equal(t, []string{""}, lastRequest(t, srv).Form["comments"])
	c, ok := cleared.Comments.Get()
	assert.True(t, ok)
	assert.Empty(t, c)
	got, err = emma.LeaveRequests.Get(ctx, id)
	require.NoError(t, err)
	c, ok = got.Comments.Get()
	assert.True(t, ok, "cleared, not absent")
	assert.Empty(t, c)
	assert.Equal(t, tribehr.NewDate(2024, 5, 15), got.DateEnd.Value(), "unchanged")

	// A manager edits her report's request too.
	byManager, err := clientAs(t, srv, tribehrtest.ManagerUsername).LeaveRequests.Update(ctx, id,
		&tribehr.LeaveRequestUpdate{Comments: tribehr.String("checked by alice")})
	require.NoError(t, err)
	assert.Equal(t, "checked by alice", byManager.Comments.Value())
	assert.Equal(t, tribehr.LeavePending, byManager.Status.Value())
}

func TestIntegrationLeaveDelete(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)

	id := createLeave(t, emma, leaveParams("to be deleted")).ID.Value()

	srv.ResetLog()
	require.NoError(t, emma.LeaveRequests.Delete(ctx, id), "the owner deletes her own")
	del := lastRequest(t, srv)
	assert.Equal(t, http.MethodDelete, del.Method)
	assert.Equal(t, fmt.Sprintf("/leave_requests/%d.json", id), del.Path)
	assert.Equal(t, http.StatusOK, del.Status)

	_, err := admin.LeaveRequests.Get(ctx, id)
	apiErr := assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
	assert.Equal(t, []string{"Invalid Leave Request"}, apiErr.Messages)
	assert.NotContains(t, ilvList(t, admin, nil), id)

	// Deleting again: it is gone.
	err = emma.LeaveRequests.Delete(ctx, id)
	assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
	_, err = admin.LeaveRequests.Update(ctx, id, &tribehr.LeaveRequestUpdate{Comments: tribehr.String("x")})
	assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)

	// The administrator deletes a seeded one.
	require.NoError(t, admin.LeaveRequests.Delete(ctx, 33))
	_, err = admin.LeaveRequests.Get(ctx, 33)
	assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
	assert.Equal(t, []tribehr.ID{1, 17, 23, 30, 31, 32}, ilvList(t, admin, nil))
}

func TestIntegrationLeaveClientValidationSendsNothing(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	// Every problem at once.
	_, err := client.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2024, 3, 10),
		DateEnd:   tribehr.NewDate(2024, 3, 1),
		Days:      tribehr.Int(2),
		Hours:     tribehr.Int(16),
		Status:    "MAYBE",
		User:      tribehr.Ptr(tribehr.ID(-4)),
	})
	assert.Equal(t, []string{"date_end", "hours", "status", "user[id]", "leave_type[id]"}, validationFields(t, err))
	msg := err.Error()
	for _, want := range []string{"date_end", "before date_start", "not both", "MAYBE", "user[id]", "leave_type[id]"} {
		assert.Contains(t, msg, want)
	}

	// Missing dates and length, impossible dates, non-positive lengths.
	_, err = client.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{LeaveType: 1})
	assert.Equal(t, []string{"date_start", "date_end", "days"}, validationFields(t, err))
	_, err = client.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2023, 2, 29), DateEnd: tribehr.NewDate(2023, 13, 1),
		Days: tribehr.Int(0), LeaveType: 1,
	})
	assert.Equal(t, []string{"date_start", "date_end", "days"}, validationFields(t, err))
	_, err = client.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2024, 3, 1), DateEnd: tribehr.NewDate(2024, 3, 1),
		Hours: tribehr.Int(-8), LeaveType: 1,
	})
	assert.Equal(t, []string{"hours"}, validationFields(t, err))
	_, err = client.LeaveRequests.Create(ctx, nil)
	assert.Equal(t, []string{""}, validationFields(t, err))

	// Updates.
	_, err = client.LeaveRequests.Update(ctx, 0, &tribehr.LeaveRequestUpdate{
		DateStart: tribehr.Ptr(tribehr.NewDate(2024, 3, 10)),
		DateEnd:   tribehr.Ptr(tribehr.NewDate(2024, 3, 9)),
		Days:      tribehr.Int(1),
		Hours:     tribehr.Int(8),
		Status:    tribehr.Ptr(tribehr.LeaveRequestStatus("DONE")),
		LeaveType: tribehr.Ptr(tribehr.ID(0)),
	})
	assert.Equal(t, []string{"id", "date_end", "hours", "status", "leave_type[id]"}, validationFields(t, err))
	_, err = client.LeaveRequests.Update(ctx, 1, &tribehr.LeaveRequestUpdate{DateStart: tribehr.Ptr(tribehr.Date{})})
	assert.Equal(t, []string{"date_start"}, validationFields(t, err), "an update may not clear a date")
	_, err = client.LeaveRequests.Update(ctx, 1, nil)
	assert.Equal(t, []string{""}, validationFields(t, err))
	_, err = client.LeaveRequests.Approve(ctx, 0)
	assert.Equal(t, []string{"id"}, validationFields(t, err))
	_, err = client.LeaveRequests.Reject(ctx, -1)
	assert.Equal(t, []string{"id"}, validationFields(t, err))

	// Get, Delete and List.
	_, err = client.LeaveRequests.Get(ctx, 0)
	assert.Equal(t, []string{"id"}, validationFields(t, err))
	err = client.LeaveRequests.Delete(ctx, -2)
	assert.Equal(t, []string{"id"}, validationFields(t, err))
	_, err = client.LeaveRequests.List(ctx, &tribehr.LeaveRequestListOptions{Status: "PENDING"})
	assert.Equal(t, []string{"status"}, validationFields(t, err), "the filters are lower case")

	assert.Empty(t, srv.Requests(), "nothing was sent")
}

func TestIntegrationLeaveServerValidation(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)

	cases := []struct {
		name   string
		params *tribehr.LeaveRequestCreate
		want   []string
	}{
		{"unknown leave type", &tribehr.LeaveRequestCreate{
			DateStart: tribehr.NewDate(2024, 6, 3), DateEnd: tribehr.NewDate(2024, 6, 3),
			Days: tribehr.Int(1), LeaveType: 99,
		}, []string{"leave_type[id]: no leave type has id 99"}},
		{"unknown user and leave type", &tribehr.LeaveRequestCreate{
			DateStart: tribehr.NewDate(2024, 6, 3), DateEnd: tribehr.NewDate(2024, 6, 3),
			Days: tribehr.Int(1), LeaveType: 42, User: tribehr.Ptr(tribehr.ID(99999)),
		}, []string{"user[id]: no active user has id 99999", "leave_type[id]: no leave type has id 42"}},
		{"terminated user", &tribehr.LeaveRequestCreate{
			DateStart: tribehr.NewDate(2024, 6, 3), DateEnd: tribehr.NewDate(2024, 6, 3),
			Hours: tribehr.Int(8), LeaveType: 1, User: tribehr.Ptr(tribehr.ID(30)),
		}, []string{"user[id]: no active user has id 30"}},
	}
	for _, tc := range cases {
		srv.ResetLog()
		var meta tribehr.Response
		_, err := admin.LeaveRequests.Create(ctx, tc.params, tribehr.CaptureResponse(&meta))
		apiErr := assertAPIError(t, err, http.StatusBadRequest, tribehr.CodeValidation, tribehr.ErrBadRequest, tc.name)
		assert.Equal(t, tc.want, apiErr.Messages, tc.name)
		assert.Equal(t, http.MethodPost, apiErr.Method, tc.name)
		assert.Equal(t, "/leave_requests.json", apiErr.Path, tc.name)
		assert.Equal(t, 1, apiErr.Attempts, "a 400 is not retried: %s", tc.name)
		assert.Equal(t, http.StatusBadRequest, meta.StatusCode, tc.name)
		assert.Equal(t, 1, meta.Attempts, tc.name)
		for _, m := range tc.want {
			assert.Contains(t, err.Error(), m, tc.name)
		}
		reqs := srv.Requests()
		require.Len(t, reqs, 1, tc.name)
		assert.Equal(t, http.StatusBadRequest, reqs[0].Status, tc.name)
	}
	assert.Len(t, ilvList(t, admin, nil), 7, "nothing was created")

	// An update checked against the stored dates: a new start after the
	// stored end (2013-10-28) passes the SDK but not the server.
	_, err := admin.LeaveRequests.Update(ctx, 1, &tribehr.LeaveRequestUpdate{
		DateStart: tribehr.Ptr(tribehr.NewDate(2013, 11, 1)),
	})
	apiErr := assertAPIError(t, err, http.StatusBadRequest, tribehr.CodeValidation, tribehr.ErrBadRequest)
	assert.Equal(t, []string{"date_end: must not be before date_start"}, apiErr.Messages)
	got, err := admin.LeaveRequests.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, tribehr.NewDate(2013, 10, 25), got.DateStart.Value(), "unchanged")

	_, err = admin.LeaveRequests.Update(ctx, 1, &tribehr.LeaveRequestUpdate{LeaveType: tribehr.Ptr(tribehr.ID(77))})
	apiErr = assertAPIError(t, err, http.StatusBadRequest, tribehr.CodeValidation, tribehr.ErrBadRequest)
	assert.Equal(t, []string{"leave_type[id]: no leave type has id 77"}, apiErr.Messages)
}
