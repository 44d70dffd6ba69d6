package tribehrtest

import (
	"log"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuthentication(t *testing.T) {
	srv := NewServer(t)
	tests := []struct {
		name   string
		opt    reqOpt
		status int
	}{
		{"no credentials", noAuth(), http.StatusUnauthorized},
		{"wrong password", as(AdminUsername, "nope"), http.StatusUnauthorized},
		{"unknown user", as("nobody", DemoPassword), http.StatusUnauthorized},
		{"empty secret", as(AdminUsername, ""), http.StatusUnauthorized},
		{"terminated user", as("frankformer", DemoPassword), http.StatusUnauthorized},
		{"username and password", as(AdminUsername, DemoPassword), http.StatusOK},
		{"username and API key", as(AdminUsername, AdminAPIKey), http.StatusOK},
		{"email and API key", as(ManagerEmail, ManagerAPIKey), http.StatusOK},
		{"email in other case and password", as("EMMA@tribehr.com", DemoPassword), http.StatusOK},
		{"another user's API key", as(EmployeeUsername, AdminAPIKey), http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, srv, "GET", "/users.json", "", tt.opt)
			require.Equal(t, tt.status, res.status)
			if tt.status == http.StatusUnauthorized {
				assert.Empty(t, res.body, "a 401 has no body")
				assert.Contains(t, res.header.Get("WWW-Authenticate"), "Basic")
			}
		})
	}
}

func TestUnknownURLsHaveNoBody(t *testing.T) {
	srv := NewServer(t)
	for _, path := range []string{
		"/nothing.json", "/users", "/users.xml", "/users/abc.json", "/users/7", "/users/7/extra.json",
		"/users/007.json", "/notes/83.json", "/", "/attachments/view/nope.jpg",
	} {
		t.Run(path, func(t *testing.T) {
			res := do(t, srv, "GET", path, "")
			assert.Equal(t, http.StatusNotFound, res.status)
			assert.Empty(t, res.body)
		})
	}
	t.Run("unknown URL, unauthenticated", func(t *testing.T) {
		res := do(t, srv, "GET", "/nothing.json", "", noAuth())
		assert.Equal(t, http.StatusNotFound, res.status)
		assert.Empty(t, res.body)
	})
}

func TestInvalidID(t *testing.T) {
	srv := NewServer(t)
	do(t, srv, "GET", "/events/.json", "").apiError(t, http.StatusNotFound, "INVALID_ID")
}

func TestNotFoundBody(t *testing.T) {
	srv := NewServer(t)
	res := do(t, srv, "GET", "/events/1234567.json", "")
	assert.Equal(t, http.StatusNotFound, res.status)
	assert.JSONEq(t, `{"error":{"code":"NOT_FOUND","messages":["Invalid Event"]}}`, string(res.body))
	assert.Equal(t, "application/json; charset=UTF-8", res.header.Get("Content-Type"))
	for path, msg := range map[string]string{
		"/users/999.json":          "Invalid User",
		"/leave_requests/999.json": "Invalid Leave Request",
		"/kudos/999.json":          "Invalid Kudos",
		"/leave_types/999.json":    "Invalid Leave Type",
	} {
		assert.Equal(t, []string{msg}, do(t, srv, "GET", path, "").apiError(t, http.StatusNotFound, "NOT_FOUND"), path)
	}
}

func TestAPIVersion(t *testing.T) {
	srv := NewServer(t)
	tests := []struct {
		name   string
		opt    reqOpt
		status int
	}{
		{"missing", noHeader("X-API-Version"), http.StatusBadRequest},
		{"v1", header("X-API-Version", "1.0.0"), http.StatusBadRequest},
		{"v3", header("X-API-Version", "3.0.0"), http.StatusBadRequest},
		{"2.0.0", header("X-API-Version", "2.0.0"), http.StatusOK},
		{"current 2.2.0", header("X-API-Version", "2.2.0"), http.StatusOK},
		{"future 2.9", header("X-API-Version", "2.9"), http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, srv, "GET", "/users.json", "", tt.opt)
			if tt.status == http.StatusBadRequest {
				msgs := res.apiError(t, http.StatusBadRequest, "ERROR")
				assert.Contains(t, msgs[0], "X-API-Version")
				return
			}
			assert.Equal(t, tt.status, res.status)
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	srv := NewServer(t)
	tests := []struct{ method, path, allow string }{
		{"DELETE", "/events.json", "GET, POST"},
		{"DELETE", "/kudos.json", "GET, POST"},
		{"PUT", "/events.json", "GET, POST"},
		{"POST", "/events/20.json", "DELETE, GET, PUT"},
		{"POST", "/users.json", "GET"},
		{"DELETE", "/events/upcoming.json", "GET"},
		{"PUT", "/leave_types/1.json", "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			res := do(t, srv, tt.method, tt.path, "")
			res.apiError(t, http.StatusMethodNotAllowed, "ERROR")
			assert.Equal(t, tt.allow, res.header.Get("Allow"))
		})
	}
}

func TestInputMustBeFormEncoded(t *testing.T) {
	srv := NewServer(t)
	body := "name=Party&start_date=2030-01-01T10:00:00&end_date=2030-01-01T11:00:00"
	tests := []struct {
		name, contentType, body, want string
	}{
		{"missing Content-Type", "", body, "Content-Type"},
		{"JSON", "application/json", `{"name":"Party"}`, "never JSON"},
		{"text", "text/plain", body, "unsupported Content-Type"},
		{"multipart outside kudos", "multipart/form-data; boundary=x", "--x--\r\n", "only for kudos"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, srv, "POST", "/events.json", tt.body, header("Content-Type", tt.contentType))
			msgs := res.apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
			assert.Contains(t, msgs[0], tt.want)
		})
	}
	t.Run("form with charset", func(t *testing.T) {
		res := do(t, srv, "POST", "/events.json", body, header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"))
		assert.Equal(t, http.StatusOK, res.status, "%s", res.body)
	})
}

func TestPutIDMismatch(t *testing.T) {
	srv := NewServer(t)
	tests := []struct{ path, body string }{
		{"/events/20.json", "name=Renamed"},
		{"/events/20.json", "id=21&name=Renamed"},
		{"/events/20.json", "id=020&name=Renamed"},
		{"/users/5.json", "id=6&twitter_username=x"},
		{"/leave_requests/1.json", "status=APPROVED"},
		{"/kudos/83.json", "id=82&text=x"},
	}
	for _, tt := range tests {
		t.Run(tt.path+"?"+tt.body, func(t *testing.T) {
			do(t, srv, "PUT", tt.path, tt.body).apiError(t, http.StatusBadRequest, "ID_MISMATCH")
		})
	}
	t.Run("empty body", func(t *testing.T) {
		do(t, srv, "PUT", "/events/20.json", "").apiError(t, http.StatusBadRequest, "ID_MISMATCH")
	})
}

func TestUnknownParameters(t *testing.T) {
	srv := NewServer(t)
	msgs := do(t, srv, "PUT", "/users/1.json", "id=1&twitter=x&bad[key=1").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
	assert.Contains(t, msgs[0], "malformed form key")
	msgs = do(t, srv, "PUT", "/users/1.json", "id=1&twitter=x&username=y").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
	assert.Equal(t, []string{"twitter: unknown parameter", "username: unknown parameter"}, msgs)
}

func TestDelete(t *testing.T) {
	srv := NewServer(t)
	for _, path := range []string{"/events/20.json", "/kudos/82.json", "/leave_requests/17.json"} {
		t.Run(path, func(t *testing.T) {
			res := do(t, srv, "DELETE", path, "")
			require.Equal(t, http.StatusOK, res.status)
			assert.JSONEq(t, `{"success":{"code":"DELETED","messages":["Operation successfully completed."]}}`, string(res.body))
			do(t, srv, "GET", path, "").apiError(t, http.StatusNotFound, "NOT_FOUND")
			do(t, srv, "DELETE", path, "").apiError(t, http.StatusNotFound, "NOT_FOUND")
		})
	}
	t.Run("permissions", func(t *testing.T) {
		do(t, srv, "DELETE", "/events/252.json", "", asUser(EmployeeUsername)).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
		do(t, srv, "DELETE", "/kudos/83.json", "", asUser(EmployeeUsername)).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
		do(t, srv, "DELETE", "/leave_requests/23.json", "", asUser(EmployeeUsername)).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
		do(t, srv, "DELETE", "/users/2.json", "", asUser(ManagerUsername)).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
		// emma deletes her own leave request; alice a report's.
		assert.Equal(t, http.StatusOK, do(t, srv, "DELETE", "/leave_requests/1.json", "", asUser(EmployeeUsername)).status)
		assert.Equal(t, http.StatusOK, do(t, srv, "DELETE", "/leave_requests/31.json", "", asUser(ManagerUsername)).status)
	})
	t.Run("a deleted user is terminated", func(t *testing.T) {
		require.Equal(t, http.StatusOK, do(t, srv, "DELETE", "/users/53.json", "").status)
		assert.NotContains(t, ids(t, do(t, srv, "GET", "/users.json", "").arr(t)), "53")
		assert.Equal(t, http.StatusUnauthorized, do(t, srv, "GET", "/users.json", "", asUser("mwong")).status)
		do(t, srv, "DELETE", "/users/1.json", "").apiError(t, http.StatusBadRequest, "DELETE_ERROR")
	})
}

func TestReferenceData(t *testing.T) {
	srv := NewServer(t)
	types := do(t, srv, "GET", "/leave_types.json", "").arr(t)
	assert.Equal(t, []string{"1", "2", "3"}, ids(t, types))
	assert.Equal(t, map[string]any{"id": jsonNum("11"), "name": "Teamwork", "image": map[string]any{"url": "teamwork/icon.png"}, "url": "/values/11.json"},
		do(t, srv, "GET", "/values/11.json", "").obj(t))
	assert.Len(t, do(t, srv, "GET", "/locations.json", "").arr(t), 5)
	assert.Len(t, do(t, srv, "GET", "/event_types.json", "").arr(t), 4)
}

func TestQuietHandshakes(t *testing.T) {
	var buf strings.Builder
	q := quietHandshakes{log.New(&buf, "", 0)}
	for _, line := range []string{
		"http: TLS handshake error from 127.0.0.1:5555: EOF\n",
		"http: panic serving 127.0.0.1:5556: boom\n",
	} {
		n, err := q.Write([]byte(line))
		require.NoError(t, err)
		assert.Equal(t, len(line), n)
	}
	assert.Equal(t, "http: panic serving 127.0.0.1:5556: boom\n", buf.String(), "handshake errors are dropped, others pass")
}
