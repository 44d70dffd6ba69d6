package webhook

import (
	"log/slog"
	"net/url"
	"sort"
	"strings"

	"github.com/tribehr/tribehr-go"
)

// The form fields of a delivery, as TribeHR's WebHook Event Notification
// page lists them.
const (
	fieldUserID   = "user_id"   // the id of the user who acted
	fieldUserName = "user_name" // the name of the user who acted
	fieldSystem   = "system"    // the address of the TribeHR account
	fieldObjectID = "object_id" // the id of the object changed
	fieldObject   = "object"    // the type of the object changed
	fieldHook     = "hook"      // the full handle, Object.Action.ID
	fieldText     = "text"      // a summary: "Note.Edit.34 by dhall at https://…/"
)

var documentedFields = []string{fieldUserID, fieldUserName, fieldSystem, fieldObjectID, fieldObject, fieldHook, fieldText}

// Event is one webhook delivery: something happened to an object in a
// TribeHR account. The embedded Handle says what (Object, Action, ID:
// LeaveRequest, Add, 7); the other fields say who and where.
type Event struct {
	Handle
	// Hook is the hook field as it arrived ("LeaveRequest.Add.7").
	Hook string
	// Actor is the user who made the change.
	Actor Actor
	// System is the address of the TribeHR account the event happened in,
	// as sent ("https://mycompany.mytribehr.com/"); "" when not sent.
	System string
	// Text is TribeHR's summary of the event, as sent:
	// "LeaveRequest.Add.7 by alice at https://mycompany.mytribehr.com/".
	Text string
	// Encrypted reports whether the delivery came encrypted with the
	// webhook's secure key.
	Encrypted bool
	// Extra holds the fields of the delivery that TribeHR does not
	// document, as they arrived; nil when there are none.
	Extra url.Values
}

// Actor is the user who triggered an event.
type Actor struct {
	// ID is the user's id (user_id); a Users.Get with it returns the user.
	ID tribehr.ID
	// Name is the user's name as TribeHR sent it (user_name).
	Name string
}

// String returns a one-line summary without the text: "LeaveRequest.Add.7
// by alice (user 2)".
func (e *Event) String() string {
	if e == nil {
		return "<nil>"
	}
	s := e.Handle.String() + " by "
	if e.Actor.Name != "" {
		s += e.Actor.Name + " "
	}
	return s + "(user " + e.Actor.ID.String() + ")"
}

// LogValue logs the event as a group of its handle and actor id, without
// names or text.
func (e *Event) LogValue() slog.Value {
	if e == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(slog.String("hook", e.Handle.String()), slog.Int64("actor", int64(e.Actor.ID)))
}

// ParseValues reads a delivery's decoded form fields into an Event. The
// fields hook, object, object_id and user_id are required: hook must be
// a full Object.Action.ID handle whose object and id agree with object
// and object_id, and the ids must be decimal integers (object_id
// positive). user_name, system and text may be missing. A field sent more
// than once must repeat the same value. Other fields go to Event.Extra.
// The errors are *FieldError values wrapping ErrMissingField or
// ErrMalformedField.
func ParseValues(v url.Values) (*Event, error) {
	get := func(k string) (string, bool, error) {
		vals, ok := v[k]
		if !ok || len(vals) == 0 {
			return "", false, nil
		}
		for _, other := range vals[1:] {
			if other != vals[0] {
				return "", true, malformed(k, vals[0], "sent more than once with different values")
			}
		}
		return vals[0], true, nil
	}
	required := func(k string) (string, error) {
		s, ok, err := get(k)
		if err != nil {
			return "", err
		}
		if !ok || strings.TrimSpace(s) == "" {
			return "", missing(k)
		}
		return s, nil
	}

	hook, err := required(fieldHook)
	if err != nil {
		return nil, err
	}
	h, perr := ParseHandle(strings.TrimSpace(hook))
	if perr != nil || !h.Full() {
		return nil, malformed(fieldHook, hook, "not a full Object.Action.ID handle")
	}
	obj, err := required(fieldObject)
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(strings.TrimSpace(obj), string(h.Object)) {
		return nil, malformed(fieldObject, obj, "does not match the hook's object "+string(h.Object))
	}
	oid, err := required(fieldObjectID)
	if err != nil {
		return nil, err
	}
	id, ok := parseID(strings.TrimSpace(oid))
	if !ok || id <= 0 {
		return nil, malformed(fieldObjectID, oid, "not a positive integer")
	}
	if id != h.ID {
		return nil, malformed(fieldObjectID, oid, "does not match the hook's id "+h.ID.String())
	}
	uid, err := required(fieldUserID)
	if err != nil {
		return nil, err
	}
	actor, ok := parseID(strings.TrimSpace(uid))
	if !ok {
		return nil, malformed(fieldUserID, uid, "not a non-negative integer")
	}
	e := &Event{Handle: h, Hook: hook, Actor: Actor{ID: actor}}
	for _, f := range []struct {
		name string
		dst  *string
	}{{fieldUserName, &e.Actor.Name}, {fieldSystem, &e.System}, {fieldText, &e.Text}} {
		s, _, err := get(f.name)
		if err != nil {
			return nil, err
		}
		*f.dst = s
	}
	for k, vals := range v {
		if isDocumented(k) {
			continue
		}
		if e.Extra == nil {
			e.Extra = url.Values{}
		}
		e.Extra[k] = append([]string(nil), vals...)
	}
	return e, nil
}

// Values returns the event as the form fields of a delivery, the
// documented ones and then Extra: what ParseValues reads back into an
// equal Event, but for Encrypted, which the fields do not carry.
func (e *Event) Values() url.Values {
	v := url.Values{}
	for k, vals := range e.Extra {
		v[k] = append([]string(nil), vals...)
	}
	v.Set(fieldUserID, e.Actor.ID.String())
	v.Set(fieldUserName, e.Actor.Name)
	v.Set(fieldSystem, e.System)
	v.Set(fieldObjectID, e.ID.String())
	v.Set(fieldObject, string(e.Object))
	hook := e.Hook
	if hook == "" {
		hook = e.Handle.String()
	}
	v.Set(fieldHook, hook)
	v.Set(fieldText, e.Text)
	return v
}

// Encode returns the event as a form-encoded payload with the fields in
// TribeHR's order (user_id, user_name, system, object_id, object, hook,
// text), followed by Extra in key order.
func (e *Event) Encode() string {
	v := e.Values()
	var b strings.Builder
	write := func(k string) {
		for _, val := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(val))
		}
	}
	for _, k := range documentedFields {
		write(k)
	}
	extra := make([]string, 0, len(e.Extra))
	for k := range e.Extra {
		if !isDocumented(k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		write(k)
	}
	return b.String()
}

func isDocumented(k string) bool {
	for _, f := range documentedFields {
		if k == f {
			return true
		}
	}
	return false
}
