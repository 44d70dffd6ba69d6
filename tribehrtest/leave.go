package tribehrtest

import (
	"fmt"
	"net/http"
	"strings"
)

// hoursPerDay is the length of a working day in the demo employees'
// work-hour records (see workdays.go), and of a day of leave beyond the
// working days of its request.
const hoursPerDay = 8

func leaveURL(id int) string { return fmt.Sprintf("/leave_requests/%d.json", id) }

// seesLeave reports whether viewer may see leave requests of u: their own,
// those of the users they manage, or any for an administrator.
func (st *store) seesLeave(viewer, u *user) bool {
	return viewer.ID == u.ID || isAdmin(viewer) || st.manages(viewer, u)
}

func (st *store) partialLeave(l *leaveRequest) object {
	o := object{
		{"id", l.ID},
		{"date_start", l.DateStart},
		{"date_end", l.DateEnd},
		{"comments", l.Comments},
		{"status", l.Status},
		{"url", leaveURL(l.ID)},
	}
	if u := st.users[l.UserID]; u != nil {
		o.set("user", st.leaveListUser(u))
	}
	if t := st.leaveTypes[l.LeaveTypeID]; t != nil {
		o.set("leave_type", leaveTypeObject(t))
	}
	return o
}

func (st *store) fullLeave(l *leaveRequest) object {
	o := object{
		{"id", l.ID},
		{"comments", l.Comments},
		{"date_start", l.DateStart},
		{"date_end", l.DateEnd},
		{"days", l.Days},
		{"hours", l.Hours},
		{"status", l.Status},
		{"created", formatDateTime(l.Created)},
		{"modified", formatDateTime(l.Modified)},
		{"url", leaveURL(l.ID)},
	}
	if u := st.users[l.UserID]; u != nil {
		o.set("user", st.partialUser(u))
	}
	if t := st.leaveTypes[l.LeaveTypeID]; t != nil {
		o.set("leave_type", leaveTypeObject(t))
	}
	return o
}

// listLeaveRequests answers GET /leave_requests.json[?status=…][&filterByHasPermissionToApprove=…].
func listLeaveRequests(c *call) reply {
	return leaveList(c, c.queryGet("status"))
}

// leaveRequestsWithStatus answers the aliases /leave_requests/{status}.json.
func leaveRequestsWithStatus(status string) handler {
	return func(c *call) reply { return leaveList(c, status) }
}

func leaveList(c *call, status string) reply {
	st := c.st()
	var v validation
	want := strings.ToUpper(status)
	switch want {
	case "", "ALL":
		want = ""
	case statusPending, statusApproved, statusRejected:
	default:
		v.addf("status: %q is not one of pending, approved, rejected, all", status)
	}
	onlyApprovable := false
	switch f := strings.ToLower(c.queryGet("filterByHasPermissionToApprove")); f {
	case "", "false":
	case "true":
		onlyApprovable = true
	default:
		v.addf("filterByHasPermissionToApprove: %q is not true or false", c.queryGet("filterByHasPermissionToApprove"))
	}
	if v.failed() {
		return invalid(v.msgs)
	}
	out := []any{}
	for _, id := range sortedIDs(st.leaveRequests) {
		l := st.leaveRequests[id]
		owner := st.users[l.UserID]
		if owner == nil || !st.seesLeave(c.me, owner) {
			continue
		}
		if want != "" && l.Status != want {
			continue
		}
		if onlyApprovable && !st.canApprove(c.me, owner) {
			continue
		}
		out = append(out, st.partialLeave(l))
	}
	return c.listReply(sliceSource(out))
}

// getLeaveRequest answers GET /leave_requests/{id}.json.
func getLeaveRequest(c *call) reply {
	st := c.st()
	l := st.leaveRequests[c.id]
	if l == nil {
		return notFound("Leave Request")
	}
	if owner := st.users[l.UserID]; owner == nil || !st.seesLeave(c.me, owner) {
		return accessDenied("You do not have permission to view this leave request.")
	}
	return jsonReply(http.StatusOK, st.fullLeave(l))
}

var leaveFields = []string{"date_start", "date_end", "days", "hours", "status", "user[id]", "leave_type[id]", "comments"}

// applyLeaveForm validates the form against l (the stored request, or a
// new one) and applies it to l. It returns the validation messages.
func (c *call) applyLeaveForm(l *leaveRequest, creating bool) []string {
	st, f := c.st(), c.form
	var v validation
	allowed := leaveFields
	if !creating {
		allowed = append([]string{"id"}, leaveFields...)
	}
	v.checkUnknown(f, allowed...)
	for _, k := range []string{"date_start", "date_end"} {
		s, ok := f.get(k)
		switch {
		case !ok && creating:
			v.addf("%s: is required", k)
		case ok:
			if _, err := parseDate(s); err != nil {
				v.addf("%s: %q is not a date (YYYY-MM-DD)", k, s)
			} else if k == "date_start" {
				l.DateStart = s
			} else {
				l.DateEnd = s
			}
		}
	}
	if l.DateStart != "" && l.DateEnd != "" && l.DateEnd < l.DateStart {
		v.addf("date_end: must not be before date_start")
	}
	days, hasDays := v.integer(f, "days")
	hours, hasHours := v.integer(f, "hours")
	if creating && !f.has("days") && !f.has("hours") {
		v.addf("days: either days or hours is required")
	}
	if s, ok := f.get("status"); ok {
		switch up := strings.ToUpper(s); up {
		case statusPending, statusApproved, statusRejected:
			l.Status = up
		default:
			v.addf("status: %q is not one of PENDING, APPROVED, REJECTED", s)
		}
	}
	if id, ok := v.id(f, "user[id]"); ok {
		if u := st.users[id]; u == nil || u.Terminated {
			v.addf("user[id]: no active user has id %d", id)
		} else {
			l.UserID = id
		}
	}
	if id, ok := v.id(f, "leave_type[id]"); ok {
		if st.leaveTypes[id] == nil {
			v.addf("leave_type[id]: no leave type has id %d", id)
		} else {
			l.LeaveTypeID = id
		}
	} else if creating && !f.has("leave_type[id]") {
		v.addf("leave_type[id]: is required")
	}
	if s, ok := f.get("comments"); ok {
		l.Comments = s
	}
	// The other of days and hours, from the employee's work-hour record on
	// the working days of the request (once the user and dates are known).
	if owner := st.users[l.UserID]; owner != nil && !v.failed() {
		switch {
		case hasHours: // hours wins over days
			l.Hours, l.Days = hours, daysOfHours(st.workingDayHours(owner, l.DateStart, l.DateEnd), hours)
		case hasDays:
			l.Days, l.Hours = days, hoursOfDays(st.workingDayHours(owner, l.DateStart, l.DateEnd), days)
		}
	}
	return v.msgs
}

// leavePermission checks that c.me may save next (the state after the
// change) when the stored state was prev (nil when creating).
func (c *call) leavePermission(prev, next *leaveRequest) (reply, bool) {
	st := c.st()
	owner := st.users[next.UserID]
	if owner.ID != c.me.ID && !st.canApprove(c.me, owner) {
		return accessDenied("You do not have permission to edit leave requests of this user."), false
	}
	statusChanged := prev == nil || prev.Status != next.Status
	if statusChanged && next.Status != statusPending && !st.canApprove(c.me, owner) {
		return accessDenied("Only a manager of the employee or an administrator may approve or reject leave requests."), false
	}
	return reply{}, true
}

// createLeaveRequest answers POST /leave_requests.json.
func createLeaveRequest(c *call) reply {
	st := c.st()
	l := &leaveRequest{UserID: c.me.ID, Status: statusPending}
	if msgs := c.applyLeaveForm(l, true); len(msgs) > 0 {
		return invalid(msgs)
	}
	if rep, ok := c.leavePermission(nil, l); !ok {
		return rep
	}
	l.ID = st.nextID("leave_requests")
	l.Created, l.Modified = c.now, c.now
	st.leaveRequests[l.ID] = l
	c.fire("LeaveRequest", "Add", l.ID)
	c.fireDecision(nil, l)
	return jsonReply(http.StatusOK, st.fullLeave(l))
}

// updateLeaveRequest answers PUT /leave_requests/{id}.json.
func updateLeaveRequest(c *call) reply {
	st := c.st()
	l := st.leaveRequests[c.id]
	if l == nil {
		return notFound("Leave Request")
	}
	if owner := st.users[l.UserID]; owner == nil || !st.seesLeave(c.me, owner) {
		return accessDenied("You do not have permission to edit this leave request.")
	}
	next := *l
	if msgs := c.applyLeaveForm(&next, false); len(msgs) > 0 {
		return invalid(msgs)
	}
	if rep, ok := c.leavePermission(l, &next); !ok {
		return rep
	}
	next.Modified = c.now
	prev := *l
	*l = next
	c.fire("LeaveRequest", "Edit", l.ID)
	if reviewed(&prev, l) && c.me.ID != l.UserID && prev.UserID != c.me.ID {
		c.fire("LeaveRequest", "Review", l.ID)
	}
	c.fireDecision(&prev, l)
	return jsonReply(http.StatusOK, st.fullLeave(l))
}

// deleteLeaveRequest answers DELETE /leave_requests/{id}.json: the owner,
// their managers or an administrator may delete.
func deleteLeaveRequest(c *call) reply {
	st := c.st()
	l := st.leaveRequests[c.id]
	if l == nil {
		return notFound("Leave Request")
	}
	owner := st.users[l.UserID]
	if owner == nil || (owner.ID != c.me.ID && !st.canApprove(c.me, owner)) {
		return accessDenied("You do not have permission to delete this leave request.")
	}
	delete(st.leaveRequests, l.ID)
	c.fire("LeaveRequest", "Delete", l.ID)
	return deleted()
}

// fireDecision fires LeaveRequest.Approve or LeaveRequest.Reject when the
// request is newly approved or rejected (prev is nil for a new request):
// never again for an update of a request already in that state.
func (c *call) fireDecision(prev, next *leaveRequest) {
	if prev != nil && prev.Status == next.Status {
		return
	}
	switch next.Status {
	case statusApproved:
		c.fire("LeaveRequest", "Approve", next.ID)
	case statusRejected:
		c.fire("LeaveRequest", "Reject", next.ID)
	}
}

// reviewed reports whether an update is TribeHR's review of a submitted
// request: the request was pending, and something besides its status
// changed. (The caller must be someone other than the employee.)
func reviewed(prev, next *leaveRequest) bool {
	if prev.Status != statusPending {
		return false
	}
	a, b := *prev, *next
	a.Status, b.Status = "", ""
	a.Modified = b.Modified
	return a != b
}
