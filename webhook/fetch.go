package webhook

import (
	"context"
	"errors"
	"fmt"

	"github.com/tribehr/tribehr-go"
)

// The errors of the fetch helpers, returned before any request is sent.
var (
	// ErrNotFetchable: the SDK has no call that reads this kind of object.
	// The API reads users, leave requests, events and kudos; an
	// AssignmentRecord or EmployeeRecord comes inside its user, whose
	// User.Edit TribeHR sends along with the record's event.
	ErrNotFetchable = errors.New("webhook: the API has no call that reads this object")
	// ErrDeleted: the event is a deletion, so there is nothing to fetch.
	// (A deleted user is terminated; Users.Get may still read it.)
	ErrDeleted = errors.New("webhook: the object was deleted")
	// ErrWrongObject: a typed fetch (FetchLeaveRequest, ...) was given the
	// handle of another kind of object.
	ErrWrongObject = errors.New("webhook: the event is about another kind of object")
)

// Fetch reads the object the handle h names through client, with the
// client's credentials, retries and errors: a *tribehr.User for User, a
// *tribehr.LeaveRequest for LeaveRequest, a *tribehr.Event for Event and a
// *tribehr.Kudos for Kudos. Pass an Event's Handle, or a Change's:
//
//	obj, err := webhook.Fetch(ctx, client, e.Handle)
//	switch v := obj.(type) {
//	case *tribehr.LeaveRequest: ...
//	}
//
// A deletion is ErrDeleted, other objects are ErrNotFetchable and a
// handle without a positive id is a *tribehr.ValidationError, all without
// a request. An API error (such as tribehr.ErrNotFound, or
// tribehr.CodeAccess when the client's user may not see the object)
// comes back wrapped. With an error, the object is nil (not a nil
// pointer in an interface). opts are passed to the call, as to any
// service method.
func Fetch(ctx context.Context, client *tribehr.Client, h Handle, opts ...tribehr.CallOption) (any, error) {
	switch h.Object {
	case ObjectUser:
		return object(FetchUser(ctx, client, h, opts...))
	case ObjectLeaveRequest:
		return object(FetchLeaveRequest(ctx, client, h, opts...))
	case ObjectEvent:
		return object(FetchEvent(ctx, client, h, opts...))
	case ObjectKudos:
		return object(FetchKudos(ctx, client, h, opts...))
	}
	if err := checkFetch(client, h, h.Object); err != nil {
		return nil, err
	}
	hint := ""
	if h.Object == ObjectAssignmentRecord || h.Object == ObjectEmployeeRecord {
		hint = " (it comes inside its user: fetch the User.Edit TribeHR sends with it)"
	}
	return nil, fmt.Errorf("%w: %s%s", ErrNotFetchable, h, hint)
}

// FetchUser reads the full user a User event names.
func FetchUser(ctx context.Context, client *tribehr.Client, h Handle, opts ...tribehr.CallOption) (*tribehr.User, error) {
	return fetch(client, h, ObjectUser, func() (*tribehr.User, error) { return client.Users.Get(ctx, h.ID, opts...) })
}

// FetchLeaveRequest reads the full leave request a LeaveRequest event
// names.
func FetchLeaveRequest(ctx context.Context, client *tribehr.Client, h Handle, opts ...tribehr.CallOption) (*tribehr.LeaveRequest, error) {
	return fetch(client, h, ObjectLeaveRequest, func() (*tribehr.LeaveRequest, error) { return client.LeaveRequests.Get(ctx, h.ID, opts...) })
}

// FetchEvent reads the full company event an Event event names.
func FetchEvent(ctx context.Context, client *tribehr.Client, h Handle, opts ...tribehr.CallOption) (*tribehr.Event, error) {
	return fetch(client, h, ObjectEvent, func() (*tribehr.Event, error) { return client.Events.Get(ctx, h.ID, opts...) })
}

// FetchKudos reads the full kudos a Kudos event names; its text comes as
// BBCode unless opts hold tribehr.FormattedTextAs(tribehr.TextFormatHTML).
func FetchKudos(ctx context.Context, client *tribehr.Client, h Handle, opts ...tribehr.CallOption) (*tribehr.Kudos, error) {
	return fetch(client, h, ObjectKudos, func() (*tribehr.Kudos, error) { return client.Kudos.Get(ctx, h.ID, opts...) })
}

// object returns v as an any, or a nil any with the error.
func object[T any](v *T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// fetch checks that h names an object of kind want that can be read, then
// reads it with get, the service's Get. The service checks the id: a
// handle without a positive one is its *tribehr.ValidationError, and
// nothing is sent.
func fetch[T any](client *tribehr.Client, h Handle, want Object, get func() (*T, error)) (*T, error) {
	if err := checkFetch(client, h, want); err != nil {
		return nil, err
	}
	v, err := get()
	if err != nil {
		return nil, fmt.Errorf("webhook: fetch %s: %w", h, err)
	}
	return v, nil
}

func checkFetch(client *tribehr.Client, h Handle, want Object) error {
	switch {
	case client == nil:
		return errors.New("webhook: fetch with a nil *tribehr.Client")
	case h.Object != want:
		return fmt.Errorf("%w: %s is not a %s", ErrWrongObject, h, want)
	case h.Action == ActionDelete:
		return fmt.Errorf("%w: %s", ErrDeleted, h)
	}
	return nil
}
