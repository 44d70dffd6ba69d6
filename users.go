package tribehr

import (
	"context"
	"iter"
)

// UsersService makes the calls of the API's users (GET/PUT /users).
// Reach it as Client.Users.
//
// List returns partial users; Get, Me, MeWithAPIKey and Update return full
// ones. Full turns a partial user into the full one.
type UsersService struct {
	client *Client
}

// User is a person with a login to the account: an employee. One type
// serves both representations: a partial user (from List, and inside
// leave requests, kudos, comments and an assignment record's manager)
// simply has fewer fields present than a full one (from Get, Me and
// Update).
//
// A field the caller may not see is absent (Field.Absent), never empty: a
// present field holding "" or null really is empty. Code that copies users
// elsewhere must skip absent fields rather than write them as empty.
type User struct {
	ID       Field[ID]     `json:"id,omitzero"`
	Username Field[string] `json:"username,omitzero"`
	Email    Field[string] `json:"email,omitzero"`
	// DisplayName is the name to show, such as "Alice McDonald".
	DisplayName Field[string] `json:"display_name,omitzero"`
	// APIKey is the user's API key: present only on the authenticated
	// user's own full object (see UsersService.MeWithAPIKey). It is a
	// secret, like a password: it prints and logs as [redacted]; read it
	// with APIKey.Value().Reveal(). MarshalJSON keeps it.
	APIKey          Field[Secret] `json:"api_key,omitzero"`
	TwitterUsername Field[string] `json:"twitter_username,omitzero"`
	LinkedInURL     Field[string] `json:"linkedin_url,omitzero"`
	BlogURL         Field[string] `json:"blog_url,omitzero"`
	// Avatar is the user's picture. The services make a relative URL
	// ("/users/view/7/picture") absolute against the account's base URL;
	// an absolute S3 URL (API 2.1.0 and later) is kept.
	Avatar   Object[Image]   `json:"avatar,omitzero" tribehr:"resolve"`
	Created  Field[DateTime] `json:"created,omitzero"`
	Modified Field[DateTime] `json:"modified,omitzero"`
	// AssignmentRecord is the user's current position: job, department,
	// manager, location, pay. A full user carries it in full; a partial
	// user may carry a partial one ({current, url}).
	AssignmentRecord Object[AssignmentRecord] `json:"assignment_record,omitzero"`
	// EmployeeRecord holds the user's personal details. A partial user
	// carries a partial one ({first_name, last_name, url}).
	EmployeeRecord     Object[EmployeeRecord]     `json:"employee_record,omitzero"`
	CustomFieldRecords Field[[]CustomFieldRecord] `json:"custom_field_records,omitzero"`
	// Group is the user's group: "Employees", "Managers" or
	// "Administrators". Since API 2.0.1 users see their own group,
	// managers the groups of the users they manage, administrators all.
	Group Field[string] `json:"group,omitzero"`
	// LeaveUsages is the leave used and remaining, per leave type.
	LeaveUsages Field[[]LeaveUsage] `json:"leave_usages,omitzero"`
	BadgeCount  Field[int]          `json:"badge_count,omitzero"`
	// URL is the API path of the user, such as "/users/7.json", as the
	// server sent it.
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// AssignmentRecord is a user's position in the company: it belongs to one
// user and comes in full inside a full user.
type AssignmentRecord struct {
	ID Field[ID] `json:"id,omitzero"`
	// Current reports whether this is the user's current assignment.
	Current Field[bool] `json:"current,omitzero"`
	// EmployeeStatus is the employment status, such as "ACTIVE".
	EmployeeStatus Field[string] `json:"employee_status,omitzero"`
	FullTime       Field[bool]   `json:"full_time,omitzero"`
	// Phone is the work phone number, a free-form string ("1 800 123 4567").
	Phone Field[string] `json:"phone,omitzero"`
	// Ext is the phone extension and EmployeeNum the employee number; both
	// arrive as JSON numbers in the document's sample. A value that is not
	// a number is kept unparsed (Field.Raw).
	Ext         Field[int64] `json:"ext,omitzero"`
	EmployeeNum Field[int64] `json:"employee_num,omitzero"`
	// DateHired is a calendar date: never convert it through a time zone.
	DateHired  Field[Date]        `json:"date_hired,omitzero"`
	Created    Field[DateTime]    `json:"created,omitzero"`
	Modified   Field[DateTime]    `json:"modified,omitzero"`
	Job        Object[Job]        `json:"job,omitzero"`
	Department Object[Department] `json:"department,omitzero"`
	// Manager is the user's manager, a partial user.
	Manager       Object[User]          `json:"manager,omitzero"`
	EmployeeClass Object[EmployeeClass] `json:"employee_class,omitzero"`
	Location      Object[Location]      `json:"location,omitzero"`
	// URL is the API path of the record, such as
	// "/assignment_records/100.json".
	URL     Field[string]   `json:"url,omitzero"`
	PayInfo Object[PayInfo] `json:"pay_info,omitzero"`
	Extra   Extra           `json:"-"`
}

// Job is a job title of the company (partial: id, title, url).
type Job struct {
	ID    Field[ID]     `json:"id,omitzero"`
	Title Field[string] `json:"title,omitzero"`
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// Department is a department of the company (partial: id, name, url).
type Department struct {
	ID    Field[ID]     `json:"id,omitzero"`
	Name  Field[string] `json:"name,omitzero"`
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// EmployeeClass is a class of employment, such as "Regular Employee".
type EmployeeClass struct {
	ID Field[ID] `json:"id,omitzero"`
	// Class is the class's name; the API calls the member "class".
	Class Field[string] `json:"class,omitzero"`
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// PayInfo is the pay of an assignment.
type PayInfo struct {
	// Type is the kind of pay, such as "ANNUAL".
	Type Field[string] `json:"type,omitzero"`
	// Label names the kind of pay for people, such as "Annual Salary".
	Label Field[string] `json:"label,omitzero"`
	// Rate is the amount, exact as sent ("65346.30"): money is never a
	// float.
	Rate Field[Decimal] `json:"rate,omitzero"`
	// Currency is an ISO 4217 code, such as "USD".
	Currency Field[string] `json:"currency,omitzero"`
	Extra    Extra         `json:"-"`
}

// EmployeeRecord holds a user's personal details. It belongs to one user
// and comes in full inside a full user, partial ({first_name, last_name,
// url}) inside a partial one.
type EmployeeRecord struct {
	ID Field[ID] `json:"id,omitzero"`
	// EffectiveDate is the calendar date the record took effect.
	EffectiveDate Field[Date] `json:"effective_date,omitzero"`
	// Current reports whether this is the user's current record.
	Current    Field[bool]   `json:"current,omitzero"`
	FirstName  Field[string] `json:"first_name,omitzero"`
	LastName   Field[string] `json:"last_name,omitzero"`
	MiddleName Field[string] `json:"middle_name,omitzero"`
	// Phone is a free-form string ("1234567890"), not a number.
	Phone    Field[string] `json:"phone,omitzero"`
	Address1 Field[string] `json:"address1,omitzero"`
	Address2 Field[string] `json:"address2,omitzero"`
	City     Field[string] `json:"city,omitzero"`
	State    Field[string] `json:"state,omitzero"`
	Country  Field[string] `json:"country,omitzero"`
	// Postal is the postal or ZIP code, a string ("92500").
	Postal Field[string] `json:"postal,omitzero"`
	// Birthdate is a calendar date: never convert it through a time zone.
	Birthdate       Field[Date]     `json:"birthdate,omitzero"`
	EmergencyName   Field[string]   `json:"emergency_name,omitzero"`
	EmergencyNumber Field[string]   `json:"emergency_number,omitzero"`
	Created         Field[DateTime] `json:"created,omitzero"`
	Modified        Field[DateTime] `json:"modified,omitzero"`
	// URL is the API path of the record, such as
	// "/employee_records/55.json".
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// CustomFieldRecord is a user's value for one of the account's custom
// fields.
type CustomFieldRecord struct {
	// ID arrives as a string in the document's sample ("226"); it reads
	// as an ID either way.
	ID Field[ID] `json:"id,omitzero"`
	// Content is the value, such as "Lamborghini".
	Content     Field[string]       `json:"content,omitzero"`
	CustomField Object[CustomField] `json:"custom_field,omitzero"`
	Extra       Extra               `json:"-"`
}

// CustomField is a field the account defines for its users, such as
// "Company Car" (partial: id, name, url).
type CustomField struct {
	ID    Field[ID]     `json:"id,omitzero"`
	Name  Field[string] `json:"name,omitzero"`
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// LeaveUsage is how much of one type of leave a user has used and has
// left, in days.
type LeaveUsage struct {
	LeaveType Object[LeaveType] `json:"leave_type,omitzero"`
	// DaysUsed and DaysRemaining are exact decimals ("5.0"). DaysRemaining
	// is absent for a leave type without an allowance (the sample's
	// "Sick" usage has none).
	DaysUsed      Field[Decimal] `json:"days_used,omitzero"`
	DaysRemaining Field[Decimal] `json:"days_remaining,omitzero"`
	Extra         Extra          `json:"-"`
}

// UserUpdate holds the fields to change on a user (PUT /users/{id}.json).
// Every field is optional: a nil field is left as it is, a pointer to ""
// clears a text. The document says user create, update and delete are
// "in the works" but shows these fields being updated; the server decides
// which of them the caller may change (else ACCESS_ERROR).
type UserUpdate struct {
	// TwitterUsername is sent as given: the document's sample sends
	// "@tribehr" while stored usernames read without the "@".
	TwitterUsername *string `url:"twitter_username,omitempty"`
	// BlogURL and LinkedInURL are sent as given; the SDK does not check
	// them (the server has the last word on what a URL is).
	BlogURL     *string `url:"blog_url,omitempty"`
	LinkedInURL *string `url:"linkedin_url,omitempty"`
	// AssignmentRecord changes fields of the user's current assignment
	// record, sent as assignment_record[phone].
	AssignmentRecord *AssignmentRecordUpdate `url:"assignment_record,omitempty"`
}

// AssignmentRecordUpdate holds the assignment record fields a UserUpdate
// may change. The document shows only the phone number.
type AssignmentRecordUpdate struct {
	// Phone is the work phone number, a free-form string.
	Phone *string `url:"phone,omitempty"`
}

// List returns the active (not terminated) users, in the order they were
// created. It implements "List active users" (GET /users.json) and returns
// partial users (id, username, email, display_name, a partial
// employee_record, url, as far as the caller may see them).
//
// List reads the whole list into memory; ListIter walks it element by
// element.
func (s *UsersService) List(ctx context.Context, opts ...CallOption) ([]User, error) {
	cfg, err := checkCall("user list", opts)
	if err != nil {
		return nil, err
	}
	return collect[User](s.client, ctx, cfg, "users.json", nil)
}

// ListIter is List as an iterator: it reads the users as they arrive, so
// that memory stays flat however many there are, and follows the pages of
// a server that pages (see the package documentation's "Lists"). Nothing
// is sent until the loop starts. An error is yielded once, and ends the
// loop; after the first user it is a *ListError saying how many came
// before it. A break closes the answer and sends nothing more.
//
//	for u, err := range client.Users.ListIter(ctx) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(u.DisplayName.Value())
//	}
//
// CaptureResponse reports the last page's metadata (its Paging holds the
// totals); MaxItems caps the list. Under IfNoneMatch, a 304 Not Modified
// yields nothing, with Response.NotModified set. The other services'
// iterators (LeaveRequests.ListIter, Events.UpcomingIter, ...) work the
// same way.
func (s *UsersService) ListIter(ctx context.Context, opts ...CallOption) iter.Seq2[User, error] {
	cfg, err := checkCall("user list", opts)
	if err != nil {
		return failedSeq[User](err)
	}
	return iterate[User](s.client, ctx, cfg, "users.json", nil)
}

// Get returns the full user with the given id. It implements "Get
// Individual User" (GET /users/{id}.json). An unknown id is an *APIError
// matching CodeNotFound and ErrNotFound.
func (s *UsersService) Get(ctx context.Context, id ID, opts ...CallOption) (*User, error) {
	cfg, err := checkItemID("get user", id, opts)
	if err != nil {
		return nil, err
	}
	return s.get(ctx, cfg, userPath(id), nil)
}

// Full returns the full representation of a partial user, such as one from
// List, a leave request's user, a kudos poster or an assignment record's
// manager, by fetching it with Get. The partial user is not changed.
// A nil object, or one without a positive id, is a *ValidationError and
// nothing is sent.
func (s *UsersService) Full(ctx context.Context, partial *User, opts ...CallOption) (*User, error) {
	id, err := partialID("partial user", partial, func(p *User) Field[ID] { return p.ID })
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id, opts...)
}

// Me returns the authenticated user, in full (GET /users/me.json, named in
// the document's Authentication section). Its APIKey is present only when
// the user already has one and the server chooses to send it; use
// MeWithAPIKey to be sure of it.
func (s *UsersService) Me(ctx context.Context, opts ...CallOption) (*User, error) {
	cfg, err := checkCall("get me", opts)
	if err != nil {
		return nil, err
	}
	return s.get(ctx, cfg, "users/me.json", nil)
}

// meQuery is the query of MeWithAPIKey.
type meQuery struct {
	RequireAPIKey bool `url:"requireApiKey"`
}

// MeWithAPIKey returns the authenticated user, in full, with its APIKey,
// which the server generates if the user has none yet. It implements the
// request the document's Authentication section describes: GET
// /users/me.json?requireApiKey=true.
//
// This is how a password becomes an API key: make a Client that
// authenticates with the user's username (or email) and password, call
// MeWithAPIKey once, then make the Client the application keeps with
// WithBasicAuth(username, user.APIKey.Value()) and forget the password.
// The key is a secret: store it as one.
func (s *UsersService) MeWithAPIKey(ctx context.Context, opts ...CallOption) (*User, error) {
	cfg, err := checkCall("get me with api key", opts)
	if err != nil {
		return nil, err
	}
	return s.get(ctx, cfg, "users/me.json", meQuery{RequireAPIKey: true})
}

// Update changes the given fields of the user with the given id and
// returns the user in full. It implements the user update the document
// shows in "Sending POST and PUT data" (PUT /users/{id}.json); the body
// carries id, equal to the URL's. Fields left nil keep their stored
// values.
func (s *UsersService) Update(ctx context.Context, id ID, params *UserUpdate, opts ...CallOption) (*User, error) {
	cfg, err := validated("user update", opts, func(p *problems) { params.check(p, id) })
	if err != nil {
		return nil, err
	}
	var u User
	if err := s.client.update(ctx, cfg, userPath(id), id, params, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// get fetches one user.
func (s *UsersService) get(ctx context.Context, cfg callConfig, path string, query any) (*User, error) {
	var u User
	if meta, err := s.client.get(ctx, cfg, path, query, &u); err != nil || meta.NotModified {
		return nil, err
	}
	return &u, nil
}

func userPath(id ID) string { return "users/" + id.String() + ".json" }

func (params *UserUpdate) check(p *problems, id ID) {
	checkID(p, id)
	if params == nil {
		p.add("", "parameters are nil")
	}
}
