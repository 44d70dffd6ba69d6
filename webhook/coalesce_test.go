package webhook

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
)

func event(t testing.TB, hook string) *Event {
	t.Helper()
	h, err := ParseHandle(hook)
	require.NoError(t, err)
	return &Event{Handle: h, Hook: hook, System: "https://acme.mytribehr.com/", Actor: Actor{ID: 1, Name: "admin"}}
}

// changes collects what a Coalescer passes on.
type changes struct {
	mu  sync.Mutex
	got []*Change
	ch  chan *Change
}

func newChanges() *changes { return &changes{ch: make(chan *Change, 100)} }

func (c *changes) fn(_ context.Context, ch *Change) error {
	c.mu.Lock()
	c.got = append(c.got, ch)
	c.mu.Unlock()
	c.ch <- ch
	return nil
}

func (c *changes) list() []*Change {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*Change(nil), c.got...)
}

func TestCoalescerPassesOnCompleteChangesAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name  string
		hooks []string
		want  []Action
		id    tribehr.ID
	}{
		{"add then approve", []string{"LeaveRequest.Add.7", "LeaveRequest.Approve.7"}, []Action{ActionAdd, ActionApprove}, 7},
		{"approve then add", []string{"LeaveRequest.Approve.7", "LeaveRequest.Add.7"}, []Action{ActionApprove, ActionAdd}, 7},
		{"add then reject", []string{"LeaveRequest.Add.7", "LeaveRequest.Reject.7"}, []Action{ActionAdd, ActionReject}, 7},
		{"edit, review, approve", []string{"LeaveRequest.Edit.7", "LeaveRequest.Review.7", "LeaveRequest.Approve.7"}, []Action{ActionEdit, ActionReview, ActionApprove}, 7},
		{"delete", []string{"LeaveRequest.Delete.7"}, []Action{ActionDelete}, 7},
		{"another object", []string{"Note.Edit.7"}, []Action{ActionEdit}, 7},
		{"a user", []string{"User.Edit.2"}, []Action{ActionEdit}, 2},
	} {
		got := newChanges()
		co := NewCoalescer(got.fn)
		co.Window = time.Hour // never reached: these complete
		for _, h := range tc.hooks {
			require.NoError(t, co.Add(context.Background(), event(t, h)), tc.name)
		}
		require.Len(t, got.list(), 1, tc.name)
		c := got.list()[0]
		assert.Equal(t, tc.want, c.Actions(), tc.name)
		assert.Len(t, c.Events, len(tc.hooks), tc.name)
		assert.Equal(t, tc.id, c.ID, tc.name)
		require.NoError(t, co.Flush(context.Background()))
		assert.Len(t, got.list(), 1, "%s: nothing was left held", tc.name)
	}
}

func TestCoalescerHoldsUntilFlush(t *testing.T) {
	got := newChanges()
	co := NewCoalescer(got.fn)
	co.Window = time.Hour
	ctx := context.Background()
	// An edit that approves may still get a Review; a plain add may still
	// get an Approve; a lone Approve waits for its Add or Edit.
	require.NoError(t, co.Add(ctx, event(t, "LeaveRequest.Edit.7")))
	require.NoError(t, co.Add(ctx, event(t, "LeaveRequest.Approve.7")))
	require.NoError(t, co.Add(ctx, event(t, "LeaveRequest.Add.8")))
	require.NoError(t, co.Add(ctx, event(t, "LeaveRequest.Reject.9")))
	e := event(t, "LeaveRequest.Edit.7")
	e.System = "https://other.mytribehr.com/"
	require.NoError(t, co.Add(ctx, e)) // another account: another change
	assert.Empty(t, got.list())

	require.NoError(t, co.Flush(ctx))
	byKey := map[string][]Action{}
	for _, c := range got.list() {
		byKey[c.System+" "+c.ID.String()] = c.Actions()
	}
	assert.Equal(t, map[string][]Action{
		"https://acme.mytribehr.com/ 7":  {ActionEdit, ActionApprove},
		"https://acme.mytribehr.com/ 8":  {ActionAdd},
		"https://acme.mytribehr.com/ 9":  {ActionReject},
		"https://other.mytribehr.com/ 7": {ActionEdit},
	}, byKey)
}

func TestCoalescerWindowEnds(t *testing.T) {
	type key struct{}
	var gotCtx context.Context
	done := make(chan *Change, 1)
	co := NewCoalescer(func(ctx context.Context, c *Change) error { gotCtx = ctx; done <- c; return nil })
	co.Window = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, "v"))
	require.NoError(t, co.Add(ctx, event(t, "LeaveRequest.Add.7")))
	cancel() // the request is over before the window ends
	c := <-done
	assert.Equal(t, []Action{ActionAdd}, c.Actions())
	assert.Equal(t, "v", gotCtx.Value(key{}), "the event's context values are kept")
	assert.NoError(t, gotCtx.Err(), "but not its cancellation")
	require.NoError(t, co.Flush(context.Background()))
}

func TestCoalescerMergesDuplicates(t *testing.T) {
	got := newChanges()
	co := NewCoalescer(got.fn)
	co.Window = time.Hour
	ctx := context.Background()
	require.NoError(t, co.Add(ctx, event(t, "LeaveRequest.Add.7")))
	require.NoError(t, co.Add(ctx, event(t, "LeaveRequest.Add.7"))) // two webhooks, or a resend
	require.NoError(t, co.Add(ctx, event(t, "leaverequest.approve.7")))
	require.Len(t, got.list(), 1)
	c := got.list()[0]
	assert.Equal(t, []Action{ActionAdd, ActionApprove}, c.Actions())
	assert.Len(t, c.Events, 3)
}

func TestCoalescerErrors(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	var reported []error
	co := NewCoalescer(func(context.Context, *Change) error { return boom })
	co.Window = time.Hour
	co.OnError = func(_ context.Context, _ *Change, err error) { reported = append(reported, err) }
	assert.ErrorIs(t, co.Add(ctx, event(t, "Note.Add.1")), boom, "a complete change returns the error to the caller")
	require.NoError(t, co.Add(ctx, event(t, "LeaveRequest.Add.1")))
	err := co.Flush(ctx)
	assert.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "LeaveRequest.Add.1")
	assert.Equal(t, []error{boom}, reported, "held changes' errors go to OnError")
	assert.Error(t, co.Add(ctx, nil))
	assert.Panics(t, func() { NewCoalescer(nil) })
}

func TestChangeHelpers(t *testing.T) {
	c := &Change{Object: ObjectLeaveRequest, ID: 7}
	for _, h := range []string{"LeaveRequest.Add.7", "LeaveRequest.Approve.7", "LeaveRequest.Approve.7", "LeaveRequest.Delete.7"} {
		c.Events = append(c.Events, event(t, h))
	}
	assert.Equal(t, []Action{ActionAdd, ActionApprove, ActionDelete}, c.Actions(), "distinct, in arrival order")
	assert.True(t, c.Has(ActionApprove))
	assert.False(t, c.Has(ActionReject))
	assert.Equal(t, ActionDelete, c.Primary(), "the last of Add, Edit, Delete")
	assert.Equal(t, Handle{Object: ObjectLeaveRequest, Action: ActionDelete, ID: 7}, c.Handle())

	lone := &Change{Object: ObjectLeaveRequest, ID: 7, Events: []*Event{event(t, "LeaveRequest.Approve.7")}}
	assert.Equal(t, Action(""), lone.Primary())
	assert.Equal(t, "LeaveRequest.Approve.7", lone.Handle().String())
}
