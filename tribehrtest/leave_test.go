package tribehrtest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const leavePostSample = `comments=I%27m%20off%20to%20visit%20my%20family%20in%20Ottawa%21&
date_start=2013-11-15&
date_end=2013-11-18&
days=2&
status=pending&
user%5Bid%5D=20&
leave_type%5Bid%5D=1`

func TestCreateLeaveRequestSample(t *testing.T) {
	clock := newClock("2013-10-16T21:22:12Z")
	srv := NewServer(t, WithClock(clock.Now))
	res := do(t, srv, "POST", "/leave_requests.json", docBody(leavePostSample))
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	assert.JSONEq(t, `{
		"id": 34, "comments": "I'm off to visit my family in Ottawa!",
		"date_start": "2013-11-15", "date_end": "2013-11-18", "days": 2, "hours": 16, "status": "PENDING",
		"created": "2013-10-16T21:22:12+00:00", "modified": "2013-10-16T21:22:12+00:00",
		"url": "/leave_requests/34.json",
		"user": {"id": 20, "username": "salleyfitzgibbon", "email": "devnull+salleyfitzgibbon@tribehr.com",
			"display_name": "Salley Fitzgibbon",
			"employee_record": {"first_name": "Salley", "last_name": "Fitzgibbon", "url": "/employee_records/51.json"},
			"url": "/users/20.json"},
		"leave_type": {"id": 1, "name": "Vacation", "accrual": "BIWEEKLY", "url": "/leave_types/1.json"}
	}`, string(res.body))
	got := do(t, srv, "GET", "/leave_requests/34.json", "").obj(t)
	assert.Equal(t, "PENDING", got["status"])
}

func TestCreateLeaveRequestDefaultsAndRules(t *testing.T) {
	srv := NewServer(t)
	t.Run("defaults: caller, PENDING", func(t *testing.T) {
		l := do(t, srv, "POST", "/leave_requests.json", "date_start=2030-01-07&date_end=2030-01-08&hours=12&leave_type%5Bid%5D=2", asUser("emma")).obj(t)
		assert.Equal(t, "emma", l["user"].(map[string]any)["username"])
		assert.Equal(t, "PENDING", l["status"])
		assert.Equal(t, jsonNum("12"), l["hours"])
		assert.Equal(t, jsonNum("2"), l["days"])
	})
	t.Run("hours wins over days", func(t *testing.T) {
		l := do(t, srv, "POST", "/leave_requests.json", "date_start=2030-01-07&date_end=2030-01-08&days=5&hours=8&leave_type%5Bid%5D=1").obj(t)
		assert.Equal(t, jsonNum("8"), l["hours"])
		assert.Equal(t, jsonNum("1"), l["days"])
	})
	t.Run("an employee may not approve her own leave", func(t *testing.T) {
		do(t, srv, "POST", "/leave_requests.json", "date_start=2030-01-07&date_end=2030-01-08&days=1&status=approved&leave_type%5Bid%5D=1", asUser("emma")).
			apiError(t, http.StatusForbidden, "ACCESS_ERROR")
	})
	t.Run("an employee may not ask for someone else", func(t *testing.T) {
		do(t, srv, "POST", "/leave_requests.json", "date_start=2030-01-07&date_end=2030-01-08&days=1&user%5Bid%5D=6&leave_type%5Bid%5D=1", asUser("emma")).
			apiError(t, http.StatusForbidden, "ACCESS_ERROR")
	})
	t.Run("a manager may approve for a report", func(t *testing.T) {
		l := do(t, srv, "POST", "/leave_requests.json", "date_start=2030-01-07&date_end=2030-01-08&days=1&status=APPROVED&user%5Bid%5D=6&leave_type%5Bid%5D=1", asUser("alice")).obj(t)
		assert.Equal(t, "APPROVED", l["status"])
	})
	tests := []struct {
		name, body string
		msgs       int
	}{
		{"nothing", "comments=x", 4},
		{"bad dates", "date_start=2013-02-30&date_end=15/11/2013&days=1&leave_type%5Bid%5D=1", 2},
		{"end before start", "date_start=2013-11-15&date_end=2013-11-14&days=1&leave_type%5Bid%5D=1", 1},
		{"no days or hours", "date_start=2013-11-15&date_end=2013-11-15&leave_type%5Bid%5D=1", 1},
		{"bad days", "date_start=2013-11-15&date_end=2013-11-15&days=two&leave_type%5Bid%5D=1", 1},
		{"bad status", "date_start=2013-11-15&date_end=2013-11-15&days=1&status=maybe&leave_type%5Bid%5D=1", 1},
		{"unknown leave type and user", "date_start=2013-11-15&date_end=2013-11-15&days=1&leave_type%5Bid%5D=99&user%5Bid%5D=999", 2},
		{"terminated user", "date_start=2013-11-15&date_end=2013-11-15&days=1&leave_type%5Bid%5D=1&user%5Bid%5D=30", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := do(t, srv, "POST", "/leave_requests.json", tt.body).apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
			assert.Len(t, msgs, tt.msgs, "%q", msgs)
		})
	}
}

func TestUpdateLeaveRequestSample(t *testing.T) {
	clock := newClock("2013-10-18T18:48:33Z")
	srv := NewServer(t, WithClock(clock.Now))
	do(t, srv, "PUT", "/leave_requests/1.json", "id=1&status=APPROVED", asUser("emma")).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
	do(t, srv, "PUT", "/leave_requests/1.json", "id=1&status=APPROVED", asUser("salleyfitzgibbon")).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
	res := do(t, srv, "PUT", "/leave_requests/1.json", "id=1&status=APPROVED")
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	assert.JSONEq(t, `{
		"id": 1, "comments": "My cousin is getting married!", "date_start": "2013-10-25", "date_end": "2013-10-28",
		"days": 2, "hours": 16, "status": "APPROVED",
		"created": "2012-05-09T14:46:03+00:00", "modified": "2013-10-18T18:48:33+00:00", "url": "/leave_requests/1.json",
		"user": {"id": 2, "username": "emma", "email": "emma@tribehr.com", "display_name": "Emma Employee",
			"employee_record": {"first_name": "Emma", "last_name": "Employee", "url": "/employee_records/2.json"}, "url": "/users/2.json"},
		"leave_type": {"id": 1, "name": "Vacation", "accrual": "BIWEEKLY", "url": "/leave_types/1.json"}
	}`, string(res.body))

	t.Run("validated against stored values", func(t *testing.T) {
		msgs := do(t, srv, "PUT", "/leave_requests/1.json", "id=1&date_end=2013-10-20").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
		assert.Contains(t, msgs[0], "date_end")
	})
	t.Run("the owner edits comments", func(t *testing.T) {
		l := do(t, srv, "PUT", "/leave_requests/30.json", "id=30&comments=Dentist%2C%20again", asUser("abbyring")).obj(t)
		assert.Equal(t, "Dentist, again", l["comments"])
		assert.Equal(t, "REJECTED", l["status"], "omitted fields are left alone")
	})
}

func TestListLeaveRequests(t *testing.T) {
	srv := NewServer(t)
	all := []string{"1", "17", "23", "30", "31", "32", "33"}
	tests := []struct {
		name, user, path string
		want             []string
	}{
		{"admin: all", "admin", "/leave_requests.json", all},
		{"status=all", "admin", "/leave_requests.json?status=all", all},
		{"status=ALL", "admin", "/leave_requests.json?status=ALL", all},
		{"approved", "admin", "/leave_requests.json?status=approved", []string{"17", "33"}},
		{"approved alias", "admin", "/leave_requests/approved.json", []string{"17", "33"}},
		{"Pending, any case", "admin", "/leave_requests.json?status=Pending", []string{"1", "23", "31", "32"}},
		{"pending alias", "admin", "/leave_requests/pending.json", []string{"1", "23", "31", "32"}},
		{"rejected", "admin", "/leave_requests.json?status=rejected", []string{"30"}},
		{"rejected alias", "admin", "/leave_requests/rejected.json", []string{"30"}},
		{"employee: own only", "emma", "/leave_requests.json", []string{"1"}},
		{"employee: may approve nothing", "emma", "/leave_requests.json?filterByHasPermissionToApprove=true", []string{}},
		{"manager: own and reports'", "alice", "/leave_requests.json", []string{"1", "30", "31", "32"}},
		{"manager: approvable", "alice", "/leave_requests.json?filterByHasPermissionToApprove=true", []string{"1", "30", "31"}},
		{"manager: approvable pending", "alice", "/leave_requests/pending.json?filterByHasPermissionToApprove=TRUE", []string{"1", "31"}},
		{"manager: filter false", "alice", "/leave_requests.json?filterByHasPermissionToApprove=false", []string{"1", "30", "31", "32"}},
		{"indirect manager", "george", "/leave_requests.json?filterByHasPermissionToApprove=true", all[:0:0]},
	}
	tests[len(tests)-1].want = []string{"1", "17", "23", "30", "31", "32", "33"} // george manages everybody but admin
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ids(t, do(t, srv, "GET", tt.path, "", asUser(tt.user)).arr(t)))
		})
	}
	t.Run("list objects are partial, as in the sample", func(t *testing.T) {
		l := do(t, srv, "GET", "/leave_requests/approved.json", "").arr(t)[0].(map[string]any)
		assert.ElementsMatch(t, []string{"id", "date_start", "date_end", "comments", "status", "url", "user", "leave_type"}, keys(l))
		assert.ElementsMatch(t, []string{"id", "username", "avatar", "email", "display_name", "assignment_record", "employee_record", "url"},
			keys(l["user"].(map[string]any)))
		assert.Equal(t, map[string]any{"current": true, "url": "/assignment_records/176.json"}, l["user"].(map[string]any)["assignment_record"])
	})
	t.Run("bad filters", func(t *testing.T) {
		do(t, srv, "GET", "/leave_requests.json?status=cancelled", "").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
		do(t, srv, "GET", "/leave_requests.json?filterByHasPermissionToApprove=yes", "").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
	})
	t.Run("someone else's request", func(t *testing.T) {
		do(t, srv, "GET", "/leave_requests/17.json", "", asUser("emma")).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
		assert.Equal(t, http.StatusOK, do(t, srv, "GET", "/leave_requests/1.json", "", asUser("alice")).status)
	})
}
