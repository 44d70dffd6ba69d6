package tribehr_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The baseline of the benchmarks: what an engineer writes by hand with
// net/http and encoding/json, into plain structs with the same members as
// the SDK's models. Nested objects are pointers, strings are strings,
// date/times are time.Time; dates and decimals stay strings (a hand-written
// client that parses them does more work, not less); ids that the API
// sometimes sends as strings are json.Number. It reads the whole body and
// unmarshals it, checks the status, sends Basic auth and the API version.

type plainUser struct {
	ID                 json.Number              `json:"id"`
	Username           string                   `json:"username"`
	Email              string                   `json:"email"`
	DisplayName        string                   `json:"display_name"`
	APIKey             string                   `json:"api_key"`
	TwitterUsername    string                   `json:"twitter_username"`
	LinkedInURL        string                   `json:"linkedin_url"`
	BlogURL            string                   `json:"blog_url"`
	Avatar             *plainImage              `json:"avatar"`
	Created            time.Time                `json:"created"`
	Modified           time.Time                `json:"modified"`
	AssignmentRecord   *plainAssignmentRecord   `json:"assignment_record"`
	EmployeeRecord     *plainEmployeeRecord     `json:"employee_record"`
	CustomFieldRecords []plainCustomFieldRecord `json:"custom_field_records"`
	Group              string                   `json:"group"`
	LeaveUsages        []plainLeaveUsage        `json:"leave_usages"`
	BadgeCount         int                      `json:"badge_count"`
	URL                string                   `json:"url"`
}

type plainImage struct {
	URL string `json:"url"`
}

type plainRef struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Title string `json:"title"`
	Class string `json:"class"`
	URL   string `json:"url"`
}

type plainAssignmentRecord struct {
	ID             int64         `json:"id"`
	Current        bool          `json:"current"`
	EmployeeStatus string        `json:"employee_status"`
	FullTime       bool          `json:"full_time"`
	Phone          string        `json:"phone"`
	Ext            int64         `json:"ext"`
	EmployeeNum    int64         `json:"employee_num"`
	DateHired      string        `json:"date_hired"`
	Created        time.Time     `json:"created"`
	Modified       time.Time     `json:"modified"`
	Job            *plainRef     `json:"job"`
	Department     *plainRef     `json:"department"`
	Manager        *plainUser    `json:"manager"`
	EmployeeClass  *plainRef     `json:"employee_class"`
	Location       *plainRef     `json:"location"`
	URL            string        `json:"url"`
	PayInfo        *plainPayInfo `json:"pay_info"`
}

type plainPayInfo struct {
	Type     string `json:"type"`
	Label    string `json:"label"`
	Rate     string `json:"rate"`
	Currency string `json:"currency"`
}

type plainEmployeeRecord struct {
	ID              int64     `json:"id"`
	EffectiveDate   string    `json:"effective_date"`
	Current         bool      `json:"current"`
	FirstName       string    `json:"first_name"`
	LastName        string    `json:"last_name"`
	MiddleName      string    `json:"middle_name"`
	Phone           string    `json:"phone"`
	Address1        string    `json:"address1"`
	Address2        string    `json:"address2"`
	City            string    `json:"city"`
	State           string    `json:"state"`
	Country         string    `json:"country"`
	Postal          string    `json:"postal"`
	Birthdate       string    `json:"birthdate"`
	EmergencyName   string    `json:"emergency_name"`
	EmergencyNumber string    `json:"emergency_number"`
	Created         time.Time `json:"created"`
	Modified        time.Time `json:"modified"`
	URL             string    `json:"url"`
}

type plainCustomFieldRecord struct {
	ID          json.Number `json:"id"`
	Content     string      `json:"content"`
	CustomField *plainRef   `json:"custom_field"`
}

type plainLeaveUsage struct {
	LeaveType     *plainLeaveType `json:"leave_type"`
	DaysUsed      string          `json:"days_used"`
	DaysRemaining string          `json:"days_remaining"`
}

type plainLeaveType struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Accrual string `json:"accrual"`
	URL     string `json:"url"`
}

type plainLeaveRequest struct {
	ID        int64           `json:"id"`
	DateStart string          `json:"date_start"`
	DateEnd   string          `json:"date_end"`
	Days      json.Number     `json:"days"`
	Hours     json.Number     `json:"hours"`
	Comments  string          `json:"comments"`
	Status    string          `json:"status"`
	Created   time.Time       `json:"created"`
	Modified  time.Time       `json:"modified"`
	URL       string          `json:"url"`
	User      *plainUser      `json:"user"`
	LeaveType *plainLeaveType `json:"leave_type"`
}

// baseline is the hand-written client.
type baseline struct {
	base string
	hc   *http.Client
}

func (b *baseline) do(req *http.Request, v any) error {
	req.SetBasicAuth(benchUser, benchKey)
	req.Header.Set("X-API-Version", "2.2.0")
	req.Header.Set("Accept", "application/json")
	resp, err := b.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.Unmarshal(body, v)
}

func (b *baseline) getUser(id int) (*plainUser, error) {
	req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%susers/%d.json", b.base, id), nil)
	if err != nil {
		return nil, err
	}
	var u plainUser
	return &u, b.do(req, &u)
}

func (b *baseline) listUsers() ([]plainUser, error) {
	req, err := http.NewRequest(http.MethodGet, b.base+"users.json", nil)
	if err != nil {
		return nil, err
	}
	var list []plainUser
	return list, b.do(req, &list)
}

func (b *baseline) createLeave(form url.Values) (*plainLeaveRequest, error) {
	req, err := http.NewRequest(http.MethodPost, b.base+"leave_requests.json", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var lr plainLeaveRequest
	return &lr, b.do(req, &lr)
}
