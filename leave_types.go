package tribehr

import (
	"context"
	"iter"
)

// LeaveTypesService reads the account's leave types (GET /leave_types).
// Reach it as Client.LeaveTypes.
//
// A leave request names its kind of leave by id (LeaveRequestCreate's
// LeaveType); List is where those ids come from. Leave types are defined in
// the web app: the API only reads them. List returns partial leave types;
// Get returns full ones, and Full turns a partial leave type (from List, a
// leave request or a user's leave usage) into the full one.
type LeaveTypesService struct {
	client *Client
}

// LeaveType is a kind of leave the account defines, such as "Vacation" or
// "Sick". One type serves both representations: a partial leave type (from
// List, and inside leave requests and leave usages: id, name, accrual, url)
// simply has fewer fields present than a full one (from Get). Servers of
// the first v2 documents send only the partial fields, even for one item:
// the others are then absent.
type LeaveType struct {
	ID   Field[ID]     `json:"id,omitzero"`
	Name Field[string] `json:"name,omitzero"`
	// Accrual is how the leave builds up, as the API spells it:
	// AccrualNone, AccrualMonthly, AccrualBiweekly, AccrualSemimonthly or
	// AccrualAnnual. A word the SDK does not list is kept as sent.
	Accrual Field[string] `json:"accrual,omitzero"`
	// ActionPhrase is what the web app's button to request this leave
	// says, such as "Schedule Vacation".
	ActionPhrase Field[string] `json:"action_phrase,omitzero"`
	// Unpaid reports whether the leave is unpaid.
	Unpaid   Field[bool]     `json:"unpaid,omitzero"`
	Created  Field[DateTime] `json:"created,omitzero"`
	Modified Field[DateTime] `json:"modified,omitzero"`
	// URL is the API path of the leave type, such as "/leave_types/1.json".
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// The accruals of a leave type (LeaveType.Accrual), as the API spells them.
const (
	// AccrualNone: the leave does not build up (sick days, unpaid leave).
	AccrualNone = "NONE"
	// AccrualMonthly: it builds up every month.
	AccrualMonthly = "MONTHLY"
	// AccrualBiweekly: every two weeks.
	AccrualBiweekly = "BIWEEKLY"
	// AccrualSemimonthly: twice a month.
	AccrualSemimonthly = "SEMIMONTHLY"
	// AccrualAnnual: once a year.
	AccrualAnnual = "ANNUAL"
)

// List returns the account's leave types in the order they were created.
// It implements "List all Leave Types" (GET /leave_types.json) and returns
// partial leave types (id, name, accrual, url).
func (s *LeaveTypesService) List(ctx context.Context, opts ...CallOption) ([]LeaveType, error) {
	cfg, err := checkCall("leave type list", opts)
	if err != nil {
		return nil, err
	}
	return collect[LeaveType](s.client, ctx, cfg, "leave_types.json", nil)
}

// ListIter is List as an iterator (see [UsersService.ListIter]).
func (s *LeaveTypesService) ListIter(ctx context.Context, opts ...CallOption) iter.Seq2[LeaveType, error] {
	cfg, err := checkCall("leave type list", opts)
	if err != nil {
		return failedSeq[LeaveType](err)
	}
	return iterate[LeaveType](s.client, ctx, cfg, "leave_types.json", nil)
}

// Get returns the full leave type with the given id (GET
// /leave_types/{id}.json; the documentation's sample of it names
// /leave_requests/1.json by mistake, but shows a leave type). An unknown id
// is an *APIError matching CodeNotFound and ErrNotFound.
func (s *LeaveTypesService) Get(ctx context.Context, id ID, opts ...CallOption) (*LeaveType, error) {
	cfg, err := checkItemID("get leave type", id, opts)
	if err != nil {
		return nil, err
	}
	var lt LeaveType
	if meta, err := s.client.get(ctx, cfg, "leave_types/"+id.String()+".json", nil, &lt); err != nil || meta.NotModified {
		return nil, err
	}
	return &lt, nil
}

// Full returns the full representation of a partial leave type, such as a
// leave request's LeaveType or one from List, by fetching it with Get. The
// partial one is not changed. A nil object, or one without a positive id,
// is a *ValidationError and nothing is sent.
func (s *LeaveTypesService) Full(ctx context.Context, partial *LeaveType, opts ...CallOption) (*LeaveType, error) {
	id, err := partialID("partial leave type", partial, func(p *LeaveType) Field[ID] { return p.ID })
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id, opts...)
}
