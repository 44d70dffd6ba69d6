package tribehrtest

import (
	"sync"
	"time"
)

// Groups a user can belong to, as the API names them.
const (
	GroupEmployees      = "Employees"
	GroupManagers       = "Managers"
	GroupAdministrators = "Administrators"
)

// Leave request statuses, as stored and rendered.
const (
	statusPending  = "PENDING"
	statusApproved = "APPROVED"
	statusRejected = "REJECTED"
)

// store is the fake's whole in-memory state. Every field is guarded by mu;
// handlers take the lock for the duration of one request.
type store struct {
	mu sync.Mutex

	users         map[int]*user
	leaveTypes    map[int]*leaveType
	leaveRequests map[int]*leaveRequest
	eventTypes    map[int]*eventType
	locations     map[int]*location
	events        map[int]*event
	values        map[int]*value
	kudos         map[int]*kudos
	pictures      map[string][]byte // attachment url -> bytes
	s3URL         string            // the S3 stand-in's base URL (WithS3Avatars), set before serving; "" without

	next map[string]int // resource -> next id
}

func newStore() *store {
	return &store{
		users:         map[int]*user{},
		leaveTypes:    map[int]*leaveType{},
		leaveRequests: map[int]*leaveRequest{},
		eventTypes:    map[int]*eventType{},
		locations:     map[int]*location{},
		events:        map[int]*event{},
		values:        map[int]*value{},
		kudos:         map[int]*kudos{},
		pictures:      map[string][]byte{},
		next:          map[string]int{},
	}
}

// nextID returns a fresh id for the resource: one more than any id it has
// handed out or seen, so ids only increase.
func (s *store) nextID(resource string) int {
	s.next[resource]++
	return s.next[resource]
}

// sawID records an id given by the seed or fixtures.
func (s *store) sawID(resource string, id int) {
	if id > s.next[resource] {
		s.next[resource] = id
	}
}

type user struct {
	ID              int
	Username        string
	Email           string
	Password        string
	APIKey          string // "" when the user has none yet
	TwitterUsername string
	LinkedinURL     string
	BlogURL         string
	Avatar          string
	Created         time.Time
	Modified        time.Time
	Terminated      bool
	Group           string
	ManagerID       int // 0: none
	BadgeCount      int
	WorkHours       [7]int // the work-hour record: hours by time.Weekday

	Assignment   assignmentRecord
	Employee     employeeRecord
	CustomFields []customFieldRecord
	LeaveUsages  []leaveUsage
}

func (u *user) displayName() string {
	switch {
	case u.Employee.FirstName == "" && u.Employee.LastName == "":
		return u.Username
	case u.Employee.LastName == "":
		return u.Employee.FirstName
	case u.Employee.FirstName == "":
		return u.Employee.LastName
	}
	return u.Employee.FirstName + " " + u.Employee.LastName
}

type assignmentRecord struct {
	ID             int
	EmployeeStatus string
	FullTime       bool
	Phone          string
	Ext            int
	EmployeeNum    int
	DateHired      string // a date, kept as its literal
	Created        time.Time
	Modified       time.Time
	Job            idName
	Department     idName
	EmployeeClass  idName
	LocationID     int
	Pay            payInfo
}

type idName struct {
	ID   int
	Name string
}

type payInfo struct {
	Type     string
	Label    string
	Rate     string // a decimal, kept as its literal
	Currency string
}

type employeeRecord struct {
	ID              int
	EffectiveDate   string
	FirstName       string
	LastName        string
	MiddleName      string
	Phone           string
	Address1        string
	Address2        string
	City            string
	State           string
	Country         string
	Postal          string
	Birthdate       string
	EmergencyName   string
	EmergencyNumber string
	Created         time.Time
	Modified        time.Time
}

type customFieldRecord struct {
	ID      int
	Content string
	Field   idName
}

type leaveUsage struct {
	LeaveTypeID   int
	DaysUsed      string
	DaysRemaining string // "" when the leave type has no allowance
}

type leaveType struct {
	ID           int
	Name         string
	Accrual      string // one of accruals
	ActionPhrase string
	Unpaid       bool
	Created      time.Time
	Modified     time.Time
}

// accruals are the accrual words of the later API documentation's leave
// types.
var accruals = []string{"NONE", "MONTHLY", "BIWEEKLY", "SEMIMONTHLY", "ANNUAL"}

type leaveRequest struct {
	ID          int
	UserID      int
	LeaveTypeID int
	DateStart   string
	DateEnd     string
	Days        int
	Hours       int
	Status      string
	Comments    string
	Created     time.Time
	Modified    time.Time
}

type eventType struct {
	ID   int
	Name string
}

type location struct {
	ID   int
	Name string
}

type event struct {
	ID          int
	Name        string
	Notes       string
	Start       eventTime
	End         eventTime
	Holiday     bool
	EventTypeID int
	LocationIDs []int
	Created     time.Time
	Modified    time.Time
}

type value struct {
	ID    int
	Name  string
	Image string
}

type kudos struct {
	ID           int
	PosterID     int
	RecipientIDs []int
	ValueIDs     []int
	Text         string // plain text or BBCode, as sent
	Picture      string // attachment url; "" for none
	Source       string
	Comments     []comment
	Created      time.Time
	Modified     time.Time
}

type comment struct {
	ID       int
	PosterID int
	Text     string
	Source   string
	Created  time.Time
	Modified time.Time
}
