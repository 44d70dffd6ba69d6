package webhook

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/tribehr/tribehr-go"
)

// DefaultWindow is how long a Coalescer waits for the companions of an
// event unless told otherwise.
const DefaultWindow = 2 * time.Second

// Change is one change of one object, merged from the events TribeHR sent
// about it: a leave request approved as it is edited arrives as
// LeaveRequest.Edit.7 and LeaveRequest.Approve.7, and is one Change with
// both actions. Several quick changes of one object inside the window are
// one Change too: fetch the object for its current state.
type Change struct {
	Object Object
	ID     tribehr.ID
	// System is the account, as the events' system field named it.
	System string
	// Events are every event merged, in arrival order (a delivery sent
	// twice appears twice).
	Events []*Event
}

// Actions returns the distinct actions of the events, in arrival order.
func (c *Change) Actions() []Action {
	var out []Action
	for _, e := range c.Events {
		if !slices.Contains(out, e.Action) {
			out = append(out, e.Action)
		}
	}
	return out
}

// Has reports whether one of the merged events had action a.
func (c *Change) Has(a Action) bool {
	for _, e := range c.Events {
		if e.Action == a {
			return true
		}
	}
	return false
}

// Primary returns the last of Add, Edit and Delete among the actions
// (Delete when the object was added and then deleted), or "" when only
// companions (Approve, Reject, Review) arrived.
func (c *Change) Primary() Action {
	var p Action
	for _, e := range c.Events {
		switch e.Action {
		case ActionAdd, ActionEdit, ActionDelete:
			p = e.Action
		}
	}
	return p
}

// Handle returns the object, the primary action (or, without one, the
// last action) and the id: what Fetch needs.
func (c *Change) Handle() Handle {
	a := c.Primary()
	if a == "" && len(c.Events) > 0 {
		a = c.Events[len(c.Events)-1].Action
	}
	return Handle{Object: c.Object, Action: a, ID: c.ID}
}

// Coalescer turns webhook events into Changes, so that a callback runs
// once per change rather than once per delivery. TribeHR sends
// LeaveRequest.Approve and LeaveRequest.Reject together with a
// LeaveRequest.Add or LeaveRequest.Edit, and LeaveRequest.Review with a
// LeaveRequest.Edit, as separate deliveries in no promised order. The
// Coalescer holds the first event of an object for a window and merges
// what arrives for the same object (and account) meanwhile, then calls
// its function once.
//
// A Change is passed on before the window ends when no documented
// companion can still come: at once for every object but LeaveRequest,
// and for a leave request once an Add has its Approve or Reject, an Edit
// its Approve or Reject and its Review, or on a Delete.
//
// The change to an AssignmentRecord or EmployeeRecord that TribeHR follows
// with a User.Edit of the record's owner carries another object and id,
// which the delivery does not link to the record; to act once per user
// change, route User events only (TribeHR's own advice).
//
// Use its Add method as a Handler callback:
//
//	co := webhook.NewCoalescer(onChange)
//	h.HandleFunc("LeaveRequest", co.Add)
//	...
//	h.Shutdown(ctx)
//	co.Flush(ctx) // pass on what is still held
//
// A Coalescer is safe for concurrent use.
type Coalescer struct {
	// Window is how long the first event of a change waits for its
	// companions; 0 means DefaultWindow. Set it before the first Add.
	Window time.Duration
	// Logger receives the errors of changes passed on when a window ends,
	// which have no caller to return them to; nil means slog.Default().
	Logger *slog.Logger
	// OnError, when set, is also called with those errors.
	OnError func(ctx context.Context, c *Change, err error)

	fn      func(ctx context.Context, c *Change) error
	mu      sync.Mutex
	pending map[changeKey]*heldChange
	timers  sync.WaitGroup // armed timers and running timer callbacks
}

type changeKey struct {
	system string
	object Object
	id     tribehr.ID
}

type heldChange struct {
	change *Change
	ctx    context.Context
	timer  *time.Timer
}

// NewCoalescer returns a Coalescer that calls fn once per change.
func NewCoalescer(fn func(ctx context.Context, c *Change) error) *Coalescer {
	if fn == nil {
		panic("webhook: NewCoalescer(nil)")
	}
	return &Coalescer{fn: fn, pending: map[changeKey]*heldChange{}}
}

// Add takes one event. When the event completes a change, Add calls the
// function with ctx and returns its error; otherwise it holds the event
// and returns nil, and the change is passed on when the window ends, with
// ctx's values but not its cancellation (the request behind ctx may be
// long gone by then).
func (co *Coalescer) Add(ctx context.Context, e *Event) error {
	if e == nil {
		return errors.New("webhook: Coalescer.Add(nil)")
	}
	key := changeKey{system: normalizeSystem(e.System), object: e.Object, id: e.ID}
	co.mu.Lock()
	held := co.pending[key]
	if held == nil {
		held = &heldChange{change: &Change{Object: e.Object, ID: e.ID, System: e.System}, ctx: context.WithoutCancel(ctx)}
	}
	c := held.change
	c.Events = append(c.Events, e)
	if complete(c) {
		if held.timer != nil && held.timer.Stop() {
			co.timers.Done()
		}
		delete(co.pending, key)
		co.mu.Unlock()
		return co.fn(ctx, c)
	}
	if held.timer == nil {
		window := co.Window
		if window <= 0 {
			window = DefaultWindow
		}
		co.pending[key] = held
		co.timers.Add(1)
		held.timer = time.AfterFunc(window, func() { co.expire(key, held) })
	}
	co.mu.Unlock()
	return nil
}

// expire passes on a held change whose window ended.
func (co *Coalescer) expire(key changeKey, held *heldChange) {
	defer co.timers.Done()
	co.mu.Lock()
	if co.pending[key] != held {
		co.mu.Unlock()
		return
	}
	delete(co.pending, key)
	co.mu.Unlock()
	co.emit(held)
}

func (co *Coalescer) emit(held *heldChange) error {
	err := co.fn(held.ctx, held.change)
	if err != nil {
		logger := co.Logger
		if logger == nil {
			logger = slog.Default()
		}
		logger.LogAttrs(held.ctx, slog.LevelError, "webhook: change callback failed",
			slog.String("change", held.change.Handle().String()), slog.String("err", err.Error()))
		if co.OnError != nil {
			co.OnError(held.ctx, held.change, err)
		}
	}
	return err
}

// Flush passes on every held change now, without waiting for its window,
// then waits for the changes being passed on by ended windows. It returns
// the errors of the changes it passed on itself, joined. Call it at
// shutdown, after the Handler's Shutdown; ctx bounds the wait.
func (co *Coalescer) Flush(ctx context.Context) error {
	co.mu.Lock()
	var held []*heldChange
	for key, h := range co.pending {
		if h.timer.Stop() {
			co.timers.Done()
		}
		delete(co.pending, key)
		held = append(held, h)
	}
	co.mu.Unlock()
	var errs []error
	for _, h := range held {
		if err := co.emit(h); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", h.change.Handle(), err))
		}
	}
	done := make(chan struct{})
	go func() { co.timers.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		errs = append(errs, ctx.Err())
	}
	return errors.Join(errs...)
}

// complete reports whether no documented companion can still join c.
func complete(c *Change) bool {
	if c.Object != ObjectLeaveRequest {
		return true
	}
	decided := c.Has(ActionApprove) || c.Has(ActionReject)
	switch {
	case c.Has(ActionDelete):
		return true
	case c.Has(ActionAdd):
		return decided
	case c.Has(ActionEdit):
		return decided && c.Has(ActionReview)
	}
	return false
}
