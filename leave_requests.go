package tribehr

import (
	"context"
	"iter"
	"strings"
)

// LeaveRequestsService makes the calls of the API's leave requests
// (/leave_requests). Reach it as Client.LeaveRequests.
//
// List returns partial leave requests; Get, Create, Update, Approve and
// Reject return full ones. Full turns a partial leave request into the
// full one.
//
// The API does not count working days: the caller says how long a request
// is, in days or in hours, and the server works out the other from the
// employee's work hours.
type LeaveRequestsService struct {
	client *Client
}

// LeaveRequest is an employee's request for time off. One type serves both
// representations: a partial leave request (from List) simply has fewer
// fields present than a full one (from Get, Create and Update), and a
// field the caller may not see is absent, never empty.
type LeaveRequest struct {
	ID Field[ID] `json:"id,omitzero"`
	// DateStart and DateEnd are the first and last days of leave: calendar
	// dates, never converted through a time zone.
	DateStart Field[Date] `json:"date_start,omitzero"`
	DateEnd   Field[Date] `json:"date_end,omitzero"`
	// Days and Hours are the working time the request represents, exact:
	// the document types them as integers, but servers send "4.000000",
	// "0.500000" (half days exist) or "32.00000", and read here as the
	// same decimals as 4, 0.5 and 32. Lists omit them.
	Days  Field[Decimal] `json:"days,omitzero"`
	Hours Field[Decimal] `json:"hours,omitzero"`
	// Comments is the employee's note to their manager.
	Comments Field[string] `json:"comments,omitzero"`
	// Status is PENDING, APPROVED or REJECTED. The documented words are
	// read in any case, and the numbers some servers send instead (with a
	// StatusText beside them) as TribeHR's own code reads them: 1
	// approved, 0 pending, -1 rejected. Anything else is unparsed.
	Status Field[LeaveRequestStatus] `json:"status,omitzero"`
	// StatusText is the status in words ("Approved"), which servers that
	// send a numeric status add.
	StatusText Field[string]   `json:"status_text,omitzero"`
	Created    Field[DateTime] `json:"created,omitzero"`
	Modified   Field[DateTime] `json:"modified,omitzero"`
	// URL is the API path of the leave request, such as
	// "/leave_requests/34.json", as the server sent it.
	URL Field[string] `json:"url,omitzero"`
	// User is the employee the leave is for (a partial user; its id may
	// arrive as a string, as in the document's list sample).
	User Object[User] `json:"user,omitzero"`
	// LeaveType is the kind of leave (partial: id, name, accrual, url).
	LeaveType Object[LeaveType] `json:"leave_type,omitzero"`
	Extra     Extra             `json:"-"`
}

// LeaveRequestStatus is the status of a leave request, as the API spells
// it in responses.
type LeaveRequestStatus string

// The statuses of a leave request.
const (
	// LeavePending: waiting for a decision; the default of a new request.
	LeavePending LeaveRequestStatus = "PENDING"
	// LeaveApproved: approved by someone allowed to approve it.
	LeaveApproved LeaveRequestStatus = "APPROVED"
	// LeaveRejected: rejected.
	LeaveRejected LeaveRequestStatus = "REJECTED"
)

// valid reports whether s is a documented status. The document's own
// create sample sends "pending", so case does not matter; the value is
// sent as given.
func (s LeaveRequestStatus) valid() bool {
	switch LeaveRequestStatus(strings.ToUpper(string(s))) {
	case LeavePending, LeaveApproved, LeaveRejected:
		return true
	}
	return false
}

// parseLeaveStatus reads a status as servers send it: the documented words
// in any case, or the numbers of TribeHR's own code (1 approved, 0
// pending, -1 rejected).
func parseLeaveStatus(b []byte) (LeaveRequestStatus, bool) {
	switch {
	case len(b) == 1 && b[0] == '1':
		return LeaveApproved, true
	case len(b) == 1 && b[0] == '0':
		return LeavePending, true
	case len(b) == 2 && b[0] == '-' && b[1] == '1':
		return LeaveRejected, true
	}
	for _, s := range [...]LeaveRequestStatus{LeavePending, LeaveApproved, LeaveRejected} {
		if len(b) == len(s) && strings.EqualFold(string(b), string(s)) {
			return s, true
		}
	}
	return "", false
}

// LeaveRequestFilter selects leave requests by status in
// LeaveRequestListOptions. The API spells these values in lower case.
type LeaveRequestFilter string

// The status filters of a leave request list.
const (
	LeaveFilterPending  LeaveRequestFilter = "pending"
	LeaveFilterApproved LeaveRequestFilter = "approved"
	LeaveFilterRejected LeaveRequestFilter = "rejected"
	// LeaveFilterAll lists every status, as no filter does.
	LeaveFilterAll LeaveRequestFilter = "all"
)

// LeaveRequestListOptions filters LeaveRequestsService.List. A nil or zero
// value lists every leave request.
type LeaveRequestListOptions struct {
	// Status keeps only the leave requests with that status; "" or
	// LeaveFilterAll keeps all.
	Status LeaveRequestFilter `url:"status,omitempty"`
	// FilterByHasPermissionToApprove, when true, keeps only the leave
	// requests the caller may fully edit and approve. It is sent as the
	// string "true" or "false"; nil sends nothing.
	FilterByHasPermissionToApprove *bool `url:"filterByHasPermissionToApprove,omitempty"`
}

// LeaveRequestCreate holds the fields of a new leave request (POST
// /leave_requests.json).
type LeaveRequestCreate struct {
	// DateStart and DateEnd, the first and last days of leave, are
	// required; DateEnd may not be before DateStart.
	DateStart Date `url:"date_start"`
	DateEnd   Date `url:"date_end"`
	// Days or Hours, exactly one of them and positive, is the working time
	// the request represents: the caller counts it, and the server works
	// out the other from the employee's work hours. (The server takes
	// Hours when both are sent; the SDK refuses both.) The API takes whole
	// numbers only.
	Days  *int `url:"days,omitempty"`
	Hours *int `url:"hours,omitempty"`
	// Status defaults to PENDING on the server. Someone filing a request
	// for a subordinate may give LeaveApproved or LeaveRejected.
	Status LeaveRequestStatus `url:"status,omitempty"`
	// User is the id of the employee the leave is for; the server
	// defaults to the authenticated user.
	User *ID `url:"user[id],omitempty"`
	// LeaveType is the id of the kind of leave; required.
	LeaveType ID `url:"leave_type[id]"`
	// Comments is the employee's note to their manager.
	Comments *string `url:"comments,omitempty"`
}

// LeaveRequestUpdate holds the fields to change on a leave request (PUT
// /leave_requests/{id}.json). Every field is optional: a nil field is left
// as it is. The server checks the result against the stored values (a new
// DateStart after the stored DateEnd fails with VALIDATION_ERROR).
type LeaveRequestUpdate struct {
	DateStart *Date `url:"date_start,omitempty"`
	DateEnd   *Date `url:"date_end,omitempty"`
	// Days or Hours changes the length; give at most one of them.
	Days  *int `url:"days,omitempty"`
	Hours *int `url:"hours,omitempty"`
	// Status approves or rejects the request (see Approve and Reject).
	Status    *LeaveRequestStatus `url:"status,omitempty"`
	User      *ID                 `url:"user[id],omitempty"`
	LeaveType *ID                 `url:"leave_type[id],omitempty"`
	// Comments replaces the note; a pointer to "" clears it.
	Comments *string `url:"comments,omitempty"`
}

// List returns leave requests in the order they were created, filtered by
// opts. It implements "List Leave Requests" (GET
// /leave_requests.json[?status=...][&filterByHasPermissionToApprove=...];
// the document's /leave_requests/{status}.json aliases are the same list)
// and returns partial leave requests.
func (s *LeaveRequestsService) List(ctx context.Context, opts *LeaveRequestListOptions, callOpts ...CallOption) ([]LeaveRequest, error) {
	cfg, err := validated("leave request list options", callOpts, opts.check)
	if err != nil {
		return nil, err
	}
	return collect[LeaveRequest](s.client, ctx, cfg, "leave_requests.json", opts)
}

// ListIter is List as an iterator (see [UsersService.ListIter]): years of
// leave requests are read as they arrive. The options are read when
// ListIter is called.
func (s *LeaveRequestsService) ListIter(ctx context.Context, opts *LeaveRequestListOptions, callOpts ...CallOption) iter.Seq2[LeaveRequest, error] {
	cfg, err := validated("leave request list options", callOpts, opts.check)
	if err != nil {
		return failedSeq[LeaveRequest](err)
	}
	return iterate[LeaveRequest](s.client, ctx, cfg, "leave_requests.json", opts)
}

// Get returns the full leave request with the given id (GET
// /leave_requests/{id}.json: the document shows no sample of it, but every
// leave request's url names it). An unknown id is an *APIError matching
// CodeNotFound and ErrNotFound.
func (s *LeaveRequestsService) Get(ctx context.Context, id ID, opts ...CallOption) (*LeaveRequest, error) {
	cfg, err := checkItemID("get leave request", id, opts)
	if err != nil {
		return nil, err
	}
	var lr LeaveRequest
	if meta, err := s.client.get(ctx, cfg, leaveRequestPath(id), nil, &lr); err != nil || meta.NotModified {
		return nil, err
	}
	return &lr, nil
}

// Full returns the full representation of a partial leave request, such as
// one from List, by fetching it with Get. The partial one is not changed.
// A nil object, or one without a positive id, is a *ValidationError and
// nothing is sent.
func (s *LeaveRequestsService) Full(ctx context.Context, partial *LeaveRequest, opts ...CallOption) (*LeaveRequest, error) {
	id, err := partialID("partial leave request", partial, func(p *LeaveRequest) Field[ID] { return p.ID })
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id, opts...)
}

// Create files a leave request and returns it in full. It implements "POST
// /leave_requests Creating Leave Requests" (POST /leave_requests.json). The
// parameters are checked before anything is sent: a *ValidationError
// lists every problem. With create recovery (WithCreateRecovery), a create
// whose answer was lost is looked for among the leave requests the caller
// sees (same user, dates, leave type and comments, created since the call
// began) before it is ever sent again.
func (s *LeaveRequestsService) Create(ctx context.Context, params *LeaveRequestCreate, opts ...CallOption) (*LeaveRequest, error) {
	cfg, err := validated("leave request create", opts, params.check)
	if err != nil {
		return nil, err
	}
	var lr LeaveRequest
	find := func(ctx context.Context, l *lookup) (bool, error) { return s.findCreated(ctx, l, params, &lr) }
	if err := s.client.create(ctx, cfg, "leave_requests.json", params, &lr, find); err != nil {
		return nil, err
	}
	return &lr, nil
}

// Update changes the given fields of the leave request with the given id
// and returns it in full. It implements "PUT /leave_requests Modifying
// Leave Requests" (PUT /leave_requests/{id}.json); the body carries id,
// equal to the URL's. Fields left nil keep their stored values.
func (s *LeaveRequestsService) Update(ctx context.Context, id ID, params *LeaveRequestUpdate, opts ...CallOption) (*LeaveRequest, error) {
	cfg, err := validated("leave request update", opts, func(p *problems) { params.check(p, id) })
	if err != nil {
		return nil, err
	}
	var lr LeaveRequest
	if err := s.client.update(ctx, cfg, leaveRequestPath(id), id, params, &lr); err != nil {
		return nil, err
	}
	return &lr, nil
}

// Approve approves the leave request with the given id and returns it in
// full: the document's example update, PUT /leave_requests/{id}.json with
// id={id}&status=APPROVED. The caller needs permission to approve it
// (else ACCESS_ERROR).
func (s *LeaveRequestsService) Approve(ctx context.Context, id ID, opts ...CallOption) (*LeaveRequest, error) {
	return s.Update(ctx, id, &LeaveRequestUpdate{Status: Ptr(LeaveApproved)}, opts...)
}

// Reject rejects the leave request with the given id and returns it in
// full (PUT /leave_requests/{id}.json with id={id}&status=REJECTED).
func (s *LeaveRequestsService) Reject(ctx context.Context, id ID, opts ...CallOption) (*LeaveRequest, error) {
	return s.Update(ctx, id, &LeaveRequestUpdate{Status: Ptr(LeaveRejected)}, opts...)
}

// Delete deletes the leave request with the given id. It implements
// "DELETE /[any resource]/{id} Deleting Resources" for leave requests
// (DELETE /leave_requests/{id}.json).
func (s *LeaveRequestsService) Delete(ctx context.Context, id ID, opts ...CallOption) error {
	cfg, err := checkItemID("delete leave request", id, opts)
	if err != nil {
		return err
	}
	return s.client.delete(ctx, cfg, leaveRequestPath(id))
}

func leaveRequestPath(id ID) string { return "leave_requests/" + id.String() + ".json" }

func (opts *LeaveRequestListOptions) check(p *problems) {
	if opts != nil {
		switch opts.Status {
		case "", LeaveFilterPending, LeaveFilterApproved, LeaveFilterRejected, LeaveFilterAll:
		default:
			p.add("status", "must be pending, approved, rejected or all, got %q", opts.Status)
		}
	}
}

func (params *LeaveRequestCreate) check(p *problems) {
	if params == nil {
		p.add("", "parameters are nil")
		return
	}
	checkLeaveDate(p, "date_start", params.DateStart)
	checkLeaveDate(p, "date_end", params.DateEnd)
	checkLeaveDates(p, params.DateStart, params.DateEnd)
	if params.Days == nil && params.Hours == nil {
		p.add("days", "one of days or hours is required")
	}
	checkLeaveLength(p, params.Days, params.Hours)
	if params.Status != "" && !params.Status.valid() {
		p.add("status", "must be PENDING, APPROVED or REJECTED, got %q", params.Status)
	}
	checkRef(p, "user[id]", params.User)
	if params.LeaveType <= 0 {
		p.add("leave_type[id]", "is required (a positive id), got %d", params.LeaveType)
	}
}

func (params *LeaveRequestUpdate) check(p *problems, id ID) {
	checkID(p, id)
	if params == nil {
		p.add("", "parameters are nil")
		return
	}
	// A leave request always has both dates: an empty value would clear one.
	if params.DateStart != nil {
		checkLeaveDate(p, "date_start", *params.DateStart)
	}
	if params.DateEnd != nil {
		checkLeaveDate(p, "date_end", *params.DateEnd)
	}
	if params.DateStart != nil && params.DateEnd != nil {
		checkLeaveDates(p, *params.DateStart, *params.DateEnd)
	}
	checkLeaveLength(p, params.Days, params.Hours)
	if params.Status != nil && !params.Status.valid() {
		p.add("status", "must be PENDING, APPROVED or REJECTED, got %q", *params.Status)
	}
	checkRef(p, "user[id]", params.User)
	checkRef(p, "leave_type[id]", params.LeaveType)
}

// checkLeaveDate reports a missing or impossible date.
func checkLeaveDate(p *problems, field string, d Date) {
	switch {
	case d.IsZero():
		p.add(field, "is required")
	case !d.Valid():
		p.add(field, "is not a calendar day: %04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
}

// checkLeaveDates reports an end before the start. A one-day leave starts
// and ends on the same day.
func checkLeaveDates(p *problems, start, end Date) {
	if start.Valid() && end.Valid() && end.Before(start) {
		p.add("date_end", "must not be before date_start (%s), got %s", start, end)
	}
}

// checkLeaveLength reports days and hours given together, and a length
// that is not positive.
func checkLeaveLength(p *problems, days, hours *int) {
	if days != nil && hours != nil {
		p.add("hours", "give days or hours, not both (the server would ignore days)")
	}
	if days != nil && *days <= 0 {
		p.add("days", "must be positive, got %d", *days)
	}
	if hours != nil && *hours <= 0 {
		p.add("hours", "must be positive, got %d", *hours)
	}
}
