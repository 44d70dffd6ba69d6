package webhook

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tribehr/tribehr-go"
)

// Object is the type of object a webhook event is about, as TribeHR names
// it in the first part of a handle ("LeaveRequest" in
// "LeaveRequest.Add.7") and in the object field of a delivery.
//
// The constants are the objects TribeHR documents. An Object outside that
// list is kept as it arrived (Documented reports false), so a delivery
// for an object added after this SDK was written still parses.
type Object string

// The objects of TribeHR's webhook event list.
const (
	ObjectUser             Object = "User"
	ObjectAssignmentRecord Object = "AssignmentRecord" // a user's position; each change also fires User.Edit
	ObjectEmployeeRecord   Object = "EmployeeRecord"   // a user's personal details; each change also fires User.Edit
	ObjectWorkHourRecord   Object = "WorkHourRecord"
	ObjectConfig           Object = "Config" // Edit only
	ObjectKudos            Object = "Kudos"
	ObjectNote             Object = "Note"
	ObjectApplication      Object = "Application"
	ObjectApplicationNote  Object = "ApplicationNote"
	ObjectEvent            Object = "Event"
	ObjectGoal             Object = "Goal"
	ObjectJobPosting       Object = "JobPosting"
	ObjectLeaveRequest     Object = "LeaveRequest" // also Review, Approve and Reject
	ObjectTimeEntry        Object = "TimeEntry"
	ObjectWebHook          Object = "WebHook"
)

// Objects lists every documented object, in the order of TribeHR's list.
func Objects() []Object {
	return []Object{ObjectUser, ObjectAssignmentRecord, ObjectEmployeeRecord, ObjectWorkHourRecord, ObjectConfig,
		ObjectKudos, ObjectNote, ObjectApplication, ObjectApplicationNote, ObjectEvent, ObjectGoal, ObjectJobPosting,
		ObjectLeaveRequest, ObjectTimeEntry, ObjectWebHook}
}

// Documented reports whether o is one of the objects TribeHR documents.
func (o Object) Documented() bool { return isKnownObject(o) }

// Actions returns the actions TribeHR documents for o: Add, Edit and
// Delete for most objects, Edit alone for Config, and Review, Approve and
// Reject besides for LeaveRequest. It returns nil for an undocumented
// object.
func (o Object) Actions() []Action {
	switch {
	case o == ObjectConfig:
		return []Action{ActionEdit}
	case o == ObjectLeaveRequest:
		return []Action{ActionAdd, ActionDelete, ActionEdit, ActionReview, ActionApprove, ActionReject}
	case o.Documented():
		return []Action{ActionAdd, ActionDelete, ActionEdit}
	}
	return nil
}

// Action is what happened to the object, the second part of a handle
// ("Add" in "LeaveRequest.Add.7"). As with Object, an undocumented action
// is kept as it arrived.
type Action string

// The actions of TribeHR's webhook event list.
const (
	ActionAdd    Action = "Add"
	ActionEdit   Action = "Edit"
	ActionDelete Action = "Delete"
	// ActionReview fires when a submitted leave request that is not yet
	// approved or rejected is changed through the review workflow, always
	// together with a LeaveRequest.Edit.
	ActionReview Action = "Review"
	// ActionApprove fires when a leave request newly becomes approved (when it
	// is added approved, or later), always together with a
	// LeaveRequest.Add or LeaveRequest.Edit. It does not fire again for an
	// update of a request that was approved already.
	ActionApprove Action = "Approve"
	// ActionReject fires when a leave request newly becomes rejected or
	// canceled, always together with a LeaveRequest.Add or
	// LeaveRequest.Edit.
	ActionReject Action = "Reject"
)

// Documented reports whether a is one of the actions TribeHR documents.
func (a Action) Documented() bool {
	switch a {
	case ActionAdd, ActionEdit, ActionDelete, ActionReview, ActionApprove, ActionReject:
		return true
	}
	return false
}

// Companion reports whether TribeHR sends an event with action a of
// object o only together with another event about the same change:
// LeaveRequest's Review (with an Edit), Approve and Reject (with an Add or
// an Edit). A callback that only needs to know that a leave request
// changed can ignore companions; one that needs to know how it changed can
// merge them with a Coalescer.
func (a Action) Companion(o Object) bool {
	return o == ObjectLeaveRequest && (a == ActionReview || a == ActionApprove || a == ActionReject)
}

func isKnownObject(o Object) bool {
	for _, k := range Objects() {
		if k == o {
			return true
		}
	}
	return false
}

// canonicalObject returns the documented spelling of s when s names a
// documented object in any case ("leaverequest"), else s unchanged.
func canonicalObject(s string) Object {
	for _, k := range Objects() {
		if strings.EqualFold(s, string(k)) {
			return k
		}
	}
	return Object(s)
}

// canonicalAction is canonicalObject for actions.
func canonicalAction(s string) Action {
	for _, k := range []Action{ActionAdd, ActionEdit, ActionDelete, ActionReview, ActionApprove, ActionReject} {
		if strings.EqualFold(s, string(k)) {
			return k
		}
	}
	return Action(s)
}

// Handle names webhook events the way TribeHR does, Object.Action.ID:
// "LeaveRequest.Add.7" is the addition of leave request 7. A delivery
// always carries a full handle; a subscription (and a Handler pattern)
// may stop after the object or the action: "LeaveRequest" matches every
// event of every leave request, "LeaveRequest.Add" every addition.
//
// In a Handle used as a pattern, an empty Action or a zero ID stands for
// any.
type Handle struct {
	Object Object
	Action Action
	ID     tribehr.ID
}

// ParseHandle parses a full or partial handle: "Note", "Note.Edit" or
// "Note.Edit.34". Object and action are letters and digits starting with a
// letter, matched without regard to case (documented names come back in
// their documented spelling); the id is a positive decimal integer.
func ParseHandle(s string) (Handle, error) {
	parts := strings.Split(s, ".")
	if s == "" || len(parts) > 3 {
		return Handle{}, fmt.Errorf("webhook: handle %s is not Object[.Action[.ID]]", quote(s))
	}
	var h Handle
	for i, p := range parts {
		switch i {
		case 0, 1:
			if !isName(p) {
				return Handle{}, fmt.Errorf("webhook: handle %s: %s is not a name", quote(s), quote(p))
			}
			if i == 0 {
				h.Object = canonicalObject(p)
			} else {
				h.Action = canonicalAction(p)
			}
		case 2:
			id, ok := parseID(p)
			if !ok || id <= 0 {
				return Handle{}, fmt.Errorf("webhook: handle %s: %s is not a positive id", quote(s), quote(p))
			}
			h.ID = id
		}
	}
	return h, nil
}

// String returns the handle as TribeHR writes it: "LeaveRequest.Add.7",
// or "LeaveRequest.Add" and "LeaveRequest" for a partial one.
func (h Handle) String() string {
	s := string(h.Object)
	if h.Action == "" {
		return s
	}
	s += "." + string(h.Action)
	if h.ID == 0 {
		return s
	}
	return s + "." + h.ID.String()
}

// Full reports whether h names an object, an action and an id, as the
// handle of a delivery does.
func (h Handle) Full() bool { return h.Object != "" && h.Action != "" && h.ID > 0 }

// Match reports whether the event handle e falls under h used as a
// pattern: same object, and same action and id where h has them. Names
// are compared without regard to case.
func (h Handle) Match(e Handle) bool {
	if !strings.EqualFold(string(h.Object), string(e.Object)) {
		return false
	}
	if h.Action != "" && !strings.EqualFold(string(h.Action), string(e.Action)) {
		return false
	}
	return h.ID == 0 || h.ID == e.ID
}

// isName reports whether s is an object or action name: an ASCII letter
// followed by ASCII letters and digits.
func isName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// parseID reads a decimal id: digits only (no sign, no spaces), at most
// what an int64 holds.
func parseID(s string) (tribehr.ID, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return tribehr.ID(n), true
}

// quote quotes s for an error message, cut to a few dozen bytes so that
// an error never carries a whole payload.
func quote(s string) string {
	const max = 40
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}
