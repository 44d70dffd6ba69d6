package webhook_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
	"github.com/tribehr/tribehr-go/webhook"
)

// These tests run the whole loop over HTTP: a write through the SDK to
// the tribehrtest fake, the fake's delivery to a webhook.Handler served
// on loopback, the callback, and the fetch helpers back to the fake.

// inbox collects the events a callback receives.
type inbox struct {
	mu     sync.Mutex
	events []*webhook.Event
}

func (in *inbox) add(_ context.Context, e *webhook.Event) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.events = append(in.events, e)
	return nil
}

func (in *inbox) hooks() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []string
	for _, e := range in.events {
		out = append(out, e.Hook)
	}
	return out
}

// receiver serves h on loopback and returns its URL.
func receiver(t *testing.T, h *webhook.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL + "/tribehr/webhook"
}

func quietLogger() webhook.Option {
	return webhook.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// settle waits for the fake's deliveries, then for the handler's
// callbacks.
func settle(t *testing.T, srv *tribehrtest.Server, h *webhook.Handler) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitDeliveries(ctx))
	require.NoError(t, h.Shutdown(ctx))
}

func newLeave(t *testing.T, c *tribehr.Client, status tribehr.LeaveRequestStatus) *tribehr.LeaveRequest {
	t.Helper()
	days := 2
	lr, err := c.LeaveRequests.Create(context.Background(), &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2030, time.March, 4),
		DateEnd:   tribehr.NewDate(2030, time.March, 5),
		Days:      &days,
		LeaveType: 1,
		Status:    status,
	})
	require.NoError(t, err)
	return lr
}

// TestEncryptedDeliveriesEndToEnd sends an encrypted LeaveRequest.Add in
// every placement the fake offers, by POST and GET, to a handler holding
// the key and checking the account.
func TestEncryptedDeliveriesEndToEnd(t *testing.T) {
	const key = "le4ve-n0tify" // shorter than 16: zero-padded on both sides
	for _, tc := range []struct {
		name      string
		placement tribehrtest.CiphertextPlacement
		method    string
	}{
		{"whole body", tribehrtest.CiphertextInBody, ""},
		{"field", tribehrtest.CiphertextInField, ""},
		{"unescaped field", tribehrtest.CiphertextInFieldUnescaped, ""},
		{"query", tribehrtest.CiphertextInQuery, ""},
		{"GET whole query", tribehrtest.CiphertextInBody, http.MethodGet},
		{"GET field", tribehrtest.CiphertextInField, http.MethodGet},
		{"GET unescaped field", tribehrtest.CiphertextInFieldUnescaped, http.MethodGet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := tribehrtest.NewServer(t)
			emma := srv.ClientAs(t, tribehrtest.EmployeeUsername)
			h, err := webhook.NewHandler(webhook.WithSecureKey(key), webhook.WithSystem(emma.BaseURL().String()), quietLogger())
			require.NoError(t, err)
			var in inbox
			h.HandleFunc("LeaveRequest.Add", in.add)
			id, err := srv.AddWebhook(tribehrtest.Webhook{Event: "LeaveRequest.Add", URL: receiver(t, h), SecureKey: key,
				Ciphertext: tc.placement, Method: tc.method})
			require.NoError(t, err)

			lr := newLeave(t, emma, "")
			settle(t, srv, h)

			require.Len(t, in.events, 1)
			e := in.events[0]
			assert.True(t, e.Encrypted)
			assert.Equal(t, webhook.Handle{Object: webhook.ObjectLeaveRequest, Action: webhook.ActionAdd, ID: lr.ID.Value()}, e.Handle)
			assert.Equal(t, webhook.Actor{ID: 2, Name: tribehrtest.EmployeeUsername}, e.Actor)
			assert.Equal(t, srv.URL+"/", e.System)
			assert.Equal(t, e.Hook+" by emma at "+srv.URL+"/", e.Text)

			d := srv.Deliveries()
			require.Len(t, d, 1)
			assert.Equal(t, id, d[0].Webhook)
			assert.True(t, d[0].Encrypted)
			assert.Equal(t, http.StatusAccepted, d[0].Status, "answered before the callback ran")
		})
	}
}

func TestPlainDeliveriesAndBadKeysEndToEnd(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	admin := srv.Client(t)
	plain, err := webhook.NewHandler(webhook.WithSynchronous(), quietLogger())
	require.NoError(t, err)
	var in inbox
	plain.HandleFunc("", in.add)
	keyed, err := webhook.NewHandler(webhook.WithSecureKey("right"), quietLogger())
	require.NoError(t, err)
	keyed.HandleFunc("", func(context.Context, *webhook.Event) error { t.Error("a wrong delivery passed"); return nil })

	plainURL, keyedURL := receiver(t, plain), receiver(t, keyed)
	for _, w := range []tribehrtest.Webhook{
		{Event: "Event", URL: plainURL},                         // POST
		{Event: "Event.Add", URL: plainURL, Method: "GET"},      // GET parameters
		{Event: "Event", URL: keyedURL, SecureKey: "wrong"},     // wrong key
		{Event: "Event", URL: keyedURL},                         // plain to a keyed receiver
		{Event: "Event", URL: plainURL, SecureKey: "surprise!"}, // encrypted to a plain receiver
	} {
		_, err := srv.AddWebhook(w)
		require.NoError(t, err)
	}
	ev, err := admin.Events.Create(context.Background(), &tribehr.EventCreate{
		Name:      "Webhook demo",
		StartDate: tribehr.NewLocalDateTime(2030, time.June, 1, 9, 0, 0),
		EndDate:   tribehr.NewLocalDateTime(2030, time.June, 1, 17, 0, 0),
	})
	require.NoError(t, err)
	require.NoError(t, admin.Events.Delete(context.Background(), ev.ID.Value()))
	settle(t, srv, plain)
	require.NoError(t, keyed.Shutdown(context.Background()))

	add, del := "Event.Add."+ev.ID.Value().String(), "Event.Delete."+ev.ID.Value().String()
	assert.ElementsMatch(t, []string{add, add, del}, in.hooks(), "POST and GET deliveries")
	statuses := map[int][]int{}
	for _, d := range srv.Deliveries() {
		statuses[d.Webhook] = append(statuses[d.Webhook], d.Status)
	}
	assert.Equal(t, map[int][]int{
		1: {http.StatusNoContent, http.StatusNoContent},
		2: {http.StatusNoContent},
		3: {http.StatusBadRequest, http.StatusBadRequest},
		4: {http.StatusBadRequest, http.StatusBadRequest},
		5: {http.StatusBadRequest, http.StatusBadRequest},
	}, statuses)
}

// TestCompanionEventsEndToEnd checks that the fake sends Approve, Reject
// and Review beside Add and Edit, and that a Coalescer turns each change
// into one Change.
func TestCompanionEventsEndToEnd(t *testing.T) {
	ctx := context.Background()
	srv := tribehrtest.NewServer(t)
	admin, alice, emma := srv.Client(t), srv.ClientAs(t, tribehrtest.ManagerUsername), srv.ClientAs(t, tribehrtest.EmployeeUsername)
	h, err := webhook.NewHandler(webhook.WithWorkers(1), quietLogger())
	require.NoError(t, err)
	var mu sync.Mutex
	var got []string
	co := webhook.NewCoalescer(func(_ context.Context, c *webhook.Change) error {
		mu.Lock()
		defer mu.Unlock()
		s := c.ID.String()
		for _, a := range c.Actions() {
			s += " " + string(a)
		}
		got = append(got, s)
		return nil
	})
	co.Window = time.Hour // changes pass on when complete, or at Flush
	h.HandleFunc("LeaveRequest", co.Add)
	_, err = srv.AddWebhook(tribehrtest.Webhook{Event: "LeaveRequest", URL: receiver(t, h)})
	require.NoError(t, err)

	approved := newLeave(t, admin, tribehr.LeaveApproved) // Add + Approve
	pending := newLeave(t, emma, "")                      // Add
	// alice reviews emma's pending request, changing it, and approves it.
	comments := "moved by a day"
	start, end := tribehr.NewDate(2030, time.March, 5), tribehr.NewDate(2030, time.March, 6)
	status := tribehr.LeaveApproved
	_, err = alice.LeaveRequests.Update(ctx, pending.ID.Value(), &tribehr.LeaveRequestUpdate{
		DateStart: &start, DateEnd: &end, Comments: &comments, Status: &status}) // Edit + Review + Approve
	require.NoError(t, err)
	_, err = admin.LeaveRequests.Approve(ctx, approved.ID.Value()) // already approved: Edit only
	require.NoError(t, err)
	rejected := newLeave(t, emma, "")
	_, err = alice.LeaveRequests.Reject(ctx, rejected.ID.Value()) // Edit + Reject, no Review
	require.NoError(t, err)
	require.NoError(t, emma.LeaveRequests.Delete(ctx, rejected.ID.Value()))

	settle(t, srv, h)
	require.NoError(t, co.Flush(ctx))

	var hooks []string
	for _, d := range srv.Deliveries() {
		hooks = append(hooks, d.Hook)
	}
	a, p, r := approved.ID.Value().String(), pending.ID.Value().String(), rejected.ID.Value().String()
	assert.Equal(t, []string{
		"LeaveRequest.Add." + a, "LeaveRequest.Approve." + a,
		"LeaveRequest.Add." + p,
		"LeaveRequest.Edit." + p, "LeaveRequest.Review." + p, "LeaveRequest.Approve." + p,
		"LeaveRequest.Edit." + a,
		"LeaveRequest.Add." + r,
		"LeaveRequest.Edit." + r, "LeaveRequest.Reject." + r,
		"LeaveRequest.Delete." + r,
	}, hooks, "the fake's deliveries, in order")

	// One worker handles the events in delivery order, so the merge is
	// certain. The window is long: a pending Add merges with the review
	// and approval that follow it (several quick changes make one Change).
	assert.Equal(t, []string{
		a + " Add Approve",
		p + " Add Edit Review Approve",
		r + " Add Edit Reject",
		r + " Delete",
		a + " Edit", // approving it again: no Approve, it was approved already; held until Flush
	}, got)
}

// TestUserEditFollowsARecordEdit: a PUT that changes the assignment record
// fires AssignmentRecord.Edit and then User.Edit; routing User only gives
// one callback per user change.
func TestUserEditFollowsARecordEdit(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	alice := srv.ClientAs(t, tribehrtest.ManagerUsername)
	h, err := webhook.NewHandler(webhook.WithSynchronous(), quietLogger())
	require.NoError(t, err)
	var users, records inbox
	h.HandleFunc("User", users.add)
	h.HandleFunc("AssignmentRecord", records.add)
	url := receiver(t, h)
	for _, ev := range []string{"User", "AssignmentRecord"} {
		_, err := srv.AddWebhook(tribehrtest.Webhook{Event: ev, URL: url})
		require.NoError(t, err)
	}
	me, err := alice.Users.Me(context.Background())
	require.NoError(t, err)
	phone := "1 800 555 0100"
	_, err = alice.Users.Update(context.Background(), me.ID.Value(), &tribehr.UserUpdate{AssignmentRecord: &tribehr.AssignmentRecordUpdate{Phone: &phone}})
	require.NoError(t, err)
	settle(t, srv, h)

	ar := me.AssignmentRecord.Value().ID.Value()
	assert.Equal(t, []string{"AssignmentRecord.Edit." + ar.String()}, records.hooks())
	assert.Equal(t, []string{"User.Edit." + me.ID.Value().String()}, users.hooks())
	var order []string
	for _, d := range srv.Deliveries() {
		order = append(order, d.Hook)
	}
	assert.Equal(t, []string{"AssignmentRecord.Edit." + ar.String(), "User.Edit." + me.ID.Value().String()}, order, "the record first, then its user")

	// The record itself is not fetchable; its user is.
	_, err = webhook.Fetch(context.Background(), alice, records.events[0].Handle)
	assert.ErrorIs(t, err, webhook.ErrNotFetchable)
	u, err := webhook.FetchUser(context.Background(), alice, users.events[0].Handle)
	require.NoError(t, err)
	assert.Equal(t, phone, u.AssignmentRecord.Value().Phone.Value())
}

func TestFetchEndToEnd(t *testing.T) {
	ctx := context.Background()
	srv := tribehrtest.NewServer(t)
	admin, emma := srv.Client(t), srv.ClientAs(t, tribehrtest.EmployeeUsername)
	h, err := webhook.NewHandler(webhook.WithSynchronous(), quietLogger())
	require.NoError(t, err)
	var in inbox
	h.HandleFunc("", in.add)
	url := receiver(t, h)
	for _, ev := range []string{"LeaveRequest.Add", "Kudos.Add", "Event.Add", "User.Edit"} {
		_, err := srv.AddWebhook(tribehrtest.Webhook{Event: ev, URL: url})
		require.NoError(t, err)
	}
	lr := newLeave(t, emma, "")
	text := "thanks"
	k, err := admin.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: text})
	require.NoError(t, err)
	ev, err := admin.Events.Create(ctx, &tribehr.EventCreate{Name: "Offsite",
		StartDate: tribehr.NewLocalDateTime(2030, time.June, 1, 9, 0, 0), EndDate: tribehr.NewLocalDateTime(2030, time.June, 1, 17, 0, 0)})
	require.NoError(t, err)
	blog := "https://emma.example.com/"
	_, err = emma.Users.Update(ctx, 2, &tribehr.UserUpdate{BlogURL: &blog})
	require.NoError(t, err)
	settle(t, srv, h)
	require.Len(t, in.events, 4)

	byObject := map[webhook.Object]*webhook.Event{}
	for _, e := range in.events {
		byObject[e.Object] = e
	}
	gotLR, err := webhook.FetchLeaveRequest(ctx, admin, byObject[webhook.ObjectLeaveRequest].Handle)
	require.NoError(t, err)
	assert.Equal(t, lr.ID.Value(), gotLR.ID.Value())
	assert.Equal(t, tribehr.ID(2), gotLR.User.Value().ID.Value(), "the leave is emma's")

	for obj, want := range map[webhook.Object]tribehr.ID{
		webhook.ObjectLeaveRequest: lr.ID.Value(), webhook.ObjectKudos: k.ID.Value(),
		webhook.ObjectEvent: ev.ID.Value(), webhook.ObjectUser: 2,
	} {
		got, err := webhook.Fetch(ctx, admin, byObject[obj].Handle)
		require.NoError(t, err, obj)
		switch v := got.(type) {
		case *tribehr.LeaveRequest:
			assert.Equal(t, webhook.ObjectLeaveRequest, obj)
			assert.Equal(t, want, v.ID.Value())
		case *tribehr.Kudos:
			assert.Equal(t, webhook.ObjectKudos, obj)
			assert.Equal(t, want, v.ID.Value())
		case *tribehr.Event:
			assert.Equal(t, webhook.ObjectEvent, obj)
			assert.Equal(t, want, v.ID.Value())
		case *tribehr.User:
			assert.Equal(t, webhook.ObjectUser, obj)
			assert.Equal(t, blog, v.BlogURL.Value())
		default:
			t.Errorf("%s: fetched a %T", obj, got)
		}
	}

	// Errors: API errors come back wrapped; the others before any request.
	before := len(srv.Requests())
	for _, tc := range []struct {
		h    webhook.Handle
		want error
	}{
		{webhook.Handle{Object: webhook.ObjectLeaveRequest, Action: webhook.ActionDelete, ID: lr.ID.Value()}, webhook.ErrDeleted},
		{webhook.Handle{Object: webhook.ObjectNote, Action: webhook.ActionEdit, ID: 34}, webhook.ErrNotFetchable},
		{webhook.Handle{Object: webhook.ObjectEmployeeRecord, Action: webhook.ActionAdd, ID: 3}, webhook.ErrNotFetchable},
	} {
		_, err := webhook.Fetch(ctx, admin, tc.h)
		assert.ErrorIs(t, err, tc.want, tc.h.String())
	}
	_, err = webhook.FetchUser(ctx, admin, byObject[webhook.ObjectKudos].Handle)
	assert.ErrorIs(t, err, webhook.ErrWrongObject)
	_, err = webhook.FetchKudos(ctx, nil, byObject[webhook.ObjectKudos].Handle)
	assert.Error(t, err)
	_, err = webhook.FetchEvent(ctx, admin, webhook.Handle{Object: webhook.ObjectEvent, Action: webhook.ActionEdit})
	var invalid *tribehr.ValidationError
	assert.ErrorAs(t, err, &invalid, "no id: the service's own check")
	obj, err := webhook.Fetch(ctx, admin, webhook.Handle{Object: webhook.ObjectUser, Action: webhook.ActionEdit})
	assert.ErrorAs(t, err, &invalid, "no id, through Fetch")
	assert.True(t, obj == nil, "a nil object, not a nil *tribehr.User: %#v", obj)
	assert.Len(t, srv.Requests(), before, "none of these sent a request")

	_, err = webhook.FetchLeaveRequest(ctx, admin, webhook.Handle{Object: webhook.ObjectLeaveRequest, Action: webhook.ActionEdit, ID: 9999})
	assert.ErrorIs(t, err, tribehr.ErrNotFound)
	var apiErr *tribehr.APIError
	assert.True(t, errors.As(err, &apiErr))
	assert.Contains(t, err.Error(), "LeaveRequest.Edit.9999")
	obj, err = webhook.Fetch(ctx, admin, webhook.Handle{Object: webhook.ObjectLeaveRequest, Action: webhook.ActionEdit, ID: 9999})
	assert.ErrorIs(t, err, tribehr.ErrNotFound)
	assert.True(t, obj == nil, "a nil object, not a nil *tribehr.LeaveRequest: %#v", obj)
}
