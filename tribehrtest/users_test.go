package tribehrtest

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListUsers(t *testing.T) {
	srv := NewServer(t)
	users := do(t, srv, "GET", "/users.json", "").arr(t)
	got := ids(t, users)
	assert.NotContains(t, got, "30", "terminated users are not listed")
	assert.Contains(t, got, "7")
	for _, u := range users {
		assert.ElementsMatch(t, []string{"id", "username", "email", "display_name", "employee_record", "url"}, keys(u.(map[string]any)))
	}
	alice := users[indexOf(got, "7")].(map[string]any)
	assert.Equal(t, map[string]any{
		"id": jsonNum("7"), "username": "alice", "email": "alice@mycompany.com", "display_name": "Alice McDonald",
		"employee_record": map[string]any{"first_name": "Alice", "last_name": "McDonald", "url": "/employee_records/55.json"},
		"url":             "/users/7.json",
	}, alice)

	t.Run("creation order, generated users last", func(t *testing.T) {
		big := NewServer(t, WithUsers(300))
		all := do(t, big, "GET", "/users.json", "").arr(t)
		assert.Len(t, all, len(users)+300)
		last := all[len(all)-1].(map[string]any)
		assert.Equal(t, "user300", last["username"])
		assert.Equal(t, "user1", all[len(users)].(map[string]any)["username"])
	})
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func TestGetUserSampleShape(t *testing.T) {
	srv := NewServer(t)
	u := do(t, srv, "GET", "/users/7.json", "", as(ManagerUsername, ManagerAPIKey)).obj(t)
	assert.ElementsMatch(t, []string{"id", "username", "api_key", "email", "twitter_username", "linkedin_url", "blog_url",
		"display_name", "avatar", "created", "modified", "assignment_record", "employee_record", "custom_field_records",
		"group", "leave_usages", "badge_count", "url"}, keys(u))
	assert.Equal(t, ManagerAPIKey, u["api_key"])
	assert.Equal(t, "Managers", u["group"])
	assert.Equal(t, "2012-10-25T09:46:53+00:00", u["created"])
	assert.Equal(t, map[string]any{"url": "/users/view/7/picture"}, u["avatar"])
	ar := u["assignment_record"].(map[string]any)
	assert.Equal(t, jsonNum("888"), ar["ext"])
	assert.Equal(t, "2012-10-25", ar["date_hired"])
	assert.Equal(t, map[string]any{"id": jsonNum("37"), "title": "Software Engineer", "url": "/jobs/37.json"}, ar["job"])
	assert.Equal(t, map[string]any{"id": jsonNum("7"), "class": "Regular Employee"}, ar["employee_class"])
	assert.Equal(t, map[string]any{"type": "ANNUAL", "label": "Annual Salary", "rate": "65346.30", "currency": "USD"}, ar["pay_info"])
	assert.Equal(t, "george", ar["manager"].(map[string]any)["username"])
	er := u["employee_record"].(map[string]any)
	assert.Equal(t, "", er["address2"], "visible but empty is present")
	assert.Equal(t, "1982-02-21", er["birthdate"])
	cfr := u["custom_field_records"].([]any)
	assert.Equal(t, "226", cfr[0].(map[string]any)["id"], "custom field record ids are strings, as in the sample")
	assert.Equal(t, []any{
		map[string]any{"leave_type": map[string]any{"id": jsonNum("3"), "name": "PTO", "accrual": "SEMIMONTHLY", "url": "/leave_types/3.json"}, "days_used": "5.0", "days_remaining": "5.0"},
		map[string]any{"leave_type": map[string]any{"id": jsonNum("2"), "name": "Sick", "accrual": "NONE", "url": "/leave_types/2.json"}, "days_used": "1.0"},
	}, u["leave_usages"])
	assert.Equal(t, jsonNum("0"), u["badge_count"])
}

func TestUserVisibility(t *testing.T) {
	srv := NewServer(t)
	private := []string{"group", "custom_field_records", "leave_usages"}
	privateAR := []string{"pay_info", "employee_num", "date_hired"}
	privateER := []string{"id", "birthdate", "address1", "emergency_name", "middle_name"}
	tests := []struct {
		viewer, target string
		seesPrivate    bool
		seesKey        bool
	}{
		{"alice", "7", true, true},             // self
		{"admin", "7", true, false},            // admin sees all but another's API key
		{"emma", "7", false, false},            // employee looking at her manager
		{"emma", "6", false, false},            // employee looking at a peer
		{"alice", "2", true, false},            // manager looking at her report
		{"george", "2", true, false},           // manager of her manager (indirect)
		{"alice", "5", false, false},           // manager looking at her own manager
		{"alice", "20", false, false},          // manager looking at someone else's report
		{"salleyfitzgibbon", "20", true, true}, // self, an employee
	}
	for _, tt := range tests {
		t.Run(tt.viewer+" views "+tt.target, func(t *testing.T) {
			u := do(t, srv, "GET", "/users/"+tt.target+".json", "", asUser(tt.viewer)).obj(t)
			ar := u["assignment_record"].(map[string]any)
			er := u["employee_record"].(map[string]any)
			check := func(m map[string]any, ks []string) {
				for _, k := range ks {
					_, present := m[k]
					assert.Equal(t, tt.seesPrivate, present, "field %s", k)
				}
			}
			check(u, private)
			check(ar, privateAR)
			check(er, privateER)
			_, hasKey := u["api_key"]
			assert.Equal(t, tt.seesKey, hasKey, "api_key")
			for _, k := range []string{"email", "display_name", "twitter_username", "badge_count"} {
				assert.Contains(t, u, k, "everyone sees %s", k)
			}
			assert.Contains(t, er, "first_name")
			assert.Contains(t, ar, "phone")
		})
	}
	t.Run("a user without API key sees api_key null", func(t *testing.T) {
		u := do(t, srv, "GET", "/users/me.json", "", asUser("tsmith")).obj(t)
		v, present := u["api_key"]
		assert.True(t, present)
		assert.Nil(t, v)
	})
}

func TestUsersMeRequireAPIKey(t *testing.T) {
	srv := NewServer(t)
	hex40 := regexp.MustCompile(`^[0-9a-f]{40}$`)

	me := do(t, srv, "GET", "/users/me.json", "", asUser("tsmith")).obj(t)
	assert.Equal(t, "tsmith", me["username"])
	assert.Nil(t, me["api_key"], "not asked for: no key issued")

	me = do(t, srv, "GET", "/users/me.json?requireApiKey=true", "", asUser("tsmith")).obj(t)
	key, _ := me["api_key"].(string)
	require.Regexp(t, hex40, key)
	ident, stored := srv.Credentials("tsmith")
	assert.Equal(t, "tsmith", ident)
	assert.Equal(t, key, stored)

	again := do(t, srv, "GET", "/users/me.json?requireApiKey=true", "", as("tsmith@example.com", key)).obj(t)
	assert.Equal(t, key, again["api_key"], "the key is stable and authenticates")

	emma := do(t, srv, "GET", "/users/me.json?requireApiKey=true", "", as(EmployeeUsername, EmployeeAPIKey)).obj(t)
	assert.Equal(t, EmployeeAPIKey, emma["api_key"])

	assert.Equal(t, http.StatusUnauthorized, do(t, srv, "GET", "/users/me.json?requireApiKey=true", "", noAuth()).status)
}

func TestUpdateUser(t *testing.T) {
	srv := NewServer(t)
	t.Run("document sample: assignment_record phone", func(t *testing.T) {
		res := do(t, srv, "PUT", "/users/5.json", "id=5&assignment_record%5Bphone%5D=519-555-1234")
		require.Equal(t, http.StatusOK, res.status, "%s", res.body)
		assert.Equal(t, "519-555-1234", res.obj(t)["assignment_record"].(map[string]any)["phone"])
		got := do(t, srv, "GET", "/users/5.json", "").obj(t)
		assert.Equal(t, "519-555-1234", got["assignment_record"].(map[string]any)["phone"])
	})
	t.Run("document sample: twitter and blog", func(t *testing.T) {
		res := do(t, srv, "PUT", "/users/53.json", "id=53&twitter_username=%40tribehr&blog_url=blog_url=http%3A%2F%2Fdevelopers.tribehr.com")
		u := res.obj(t)
		assert.Equal(t, "@tribehr", u["twitter_username"])
		assert.Equal(t, "blog_url=http://developers.tribehr.com", u["blog_url"], "the sample's typo is stored as sent")
	})
	t.Run("own profile", func(t *testing.T) {
		u := do(t, srv, "PUT", "/users/2.json", "id=2&linkedin_url=https%3A%2F%2Flinkedin.example%2Femma&employee_record%5Bcity%5D=Waterloo", asUser("emma")).obj(t)
		assert.Equal(t, "https://linkedin.example/emma", u["linkedin_url"])
		assert.Equal(t, "Waterloo", u["employee_record"].(map[string]any)["city"])
	})
	t.Run("someone else's profile", func(t *testing.T) {
		do(t, srv, "PUT", "/users/7.json", "id=7&twitter_username=hacked", asUser("emma")).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
		do(t, srv, "PUT", "/users/2.json", "id=2&twitter_username=x", asUser("alice")).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
	})
	t.Run("validation", func(t *testing.T) {
		msgs := do(t, srv, "PUT", "/users/2.json", "id=2&email=nope&assignment_record%5Bext%5D=abc&employee_record%5Bbirthdate%5D=1990-13-01").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
		assert.Len(t, msgs, 3)
		do(t, srv, "PUT", "/users/2.json", "id=2&email=alice%40mycompany.com").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
	})
	t.Run("unknown user", func(t *testing.T) {
		do(t, srv, "PUT", "/users/999.json", "id=999&twitter_username=x").apiError(t, http.StatusNotFound, "NOT_FOUND")
	})
}

func TestDemoAPIKeysAre40Hex(t *testing.T) {
	for _, k := range []string{AdminAPIKey, ManagerAPIKey, EmployeeAPIKey} {
		assert.Regexp(t, `^[0-9a-f]{40}$`, k)
	}
}
