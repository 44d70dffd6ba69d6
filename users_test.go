package tribehr

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/h2non/gock.v1"
)

// ulAssertHeaders checks the headers every request carries.
func ulAssertHeaders(t *testing.T, req *http.Request) {
	t.Helper()
	require.NotNil(t, req)
	user, pass, ok := req.BasicAuth()
	assert.True(t, ok, "basic auth")
	assert.Equal(t, testUser, user)
	assert.Equal(t, testSecret, pass)
	assert.Equal(t, DefaultAPIVersion, req.Header.Get("X-API-Version"))
	assert.Equal(t, "application/json", req.Header.Get("Accept"))
	assert.Contains(t, req.Header.Get("User-Agent"), "tribehr-go/")
}

// ulPartialUser is a partial user with the employee record the list and
// embedded samples carry.
func ulPartialUser(id ID, username, email, display, first, last, erURL, u string) User {
	return User{
		ID:          NewField(id),
		Username:    NewField(username),
		Email:       NewField(email),
		DisplayName: NewField(display),
		EmployeeRecord: NewObject(EmployeeRecord{
			FirstName: NewField(first),
			LastName:  NewField(last),
			URL:       NewField(erURL),
		}),
		URL: NewField(u),
	}
}

func TestUserFixtureList(t *testing.T) {
	users := decodeFixture[[]User](t, "users_list.json")
	want := []User{
		ulPartialUser(6, "george", "george@mycompany.com", "George Black", "George", "Black", "/employee_records/47.json", "/users/6.json"),
		ulPartialUser(7, "alice", "alice@mycompany.com", "Alice McDonald", "Alice", "McDonald", "/employee_records/55.json", "/users/7.json"),
	}
	assert.Equal(t, want, users)
	// A partial user: what the list does not carry is absent, not empty.
	for _, u := range users {
		assert.True(t, u.APIKey.Absent())
		assert.True(t, u.Avatar.Absent())
		assert.True(t, u.AssignmentRecord.Absent())
		assert.True(t, u.Group.Absent())
		assert.True(t, u.BadgeCount.Absent())
		assert.True(t, u.EmployeeRecord.Value().ID.Absent())
		assert.Empty(t, u.Extra)
	}
}

func TestUserFixtureGet(t *testing.T) {
	u := decodeFixture[User](t, "users_get.json")

	george := ulPartialUser(6, "george", "george@mycompany.com", "George Black", "George", "Black", "/employee_records/47.json", "/users/6.json")
	want := User{
		ID:              NewField[ID](7),
		Username:        NewField("alice"),
		APIKey:          NewField(NewSecret("570675830ab61a31ef57f70ca335f64374b56281")),
		Email:           NewField("alice@mycompany.com"),
		TwitterUsername: NewField("alicemcdonald82"),
		LinkedInURL:     NewField("http://ca.linkedin.com/in/alicemcdonald82/"),
		BlogURL:         NewField("http://alice.blogger.com/"),
		DisplayName:     NewField("Alice McDonald"),
		Avatar:          NewObject(Image{URL: NewField("/users/view/7/picture")}),
		Created:         NewField(parseDT(t, "2012-10-25T09:46:53+00:00")),
		Modified:        NewField(parseDT(t, "2013-07-22T15:18:02+00:00")),
		AssignmentRecord: NewObject(AssignmentRecord{
			ID:             NewField[ID](100),
			Current:        NewField(true),
			EmployeeStatus: NewField("ACTIVE"),
			FullTime:       NewField(true),
			Phone:          NewField("1 800 123 4567"),
			Ext:            NewField[int64](888),
			EmployeeNum:    NewField[int64](15),
			DateHired:      NewField(NewDate(2012, time.October, 25)),
			Created:        NewField(parseDT(t, "2013-01-10T10:21:19+00:00")),
			Modified:       NewField(parseDT(t, "2013-01-10T10:21:19+00:00")),
			Job:            NewObject(Job{ID: NewField[ID](37), Title: NewField("Software Engineer"), URL: NewField("/jobs/37.json")}),
			Department:     NewObject(Department{ID: NewField[ID](5), Name: NewField("Development"), URL: NewField("/departments/5.json")}),
			Manager:        NewObject(george),
			EmployeeClass:  NewObject(EmployeeClass{ID: NewField[ID](7), Class: NewField("Regular Employee")}),
			Location:       NewObject(Location{ID: NewField[ID](1), Name: NewField("Silicon Valley"), URL: NewField("/locations/1.json")}),
			URL:            NewField("/assignment_records/100.json"),
			PayInfo: NewObject(PayInfo{
				Type:     NewField("ANNUAL"),
				Label:    NewField("Annual Salary"),
				Rate:     NewField(MustDecimal("65346.30")),
				Currency: NewField("USD"),
			}),
		}),
		EmployeeRecord: NewObject(EmployeeRecord{
			ID:              NewField[ID](55),
			EffectiveDate:   NewField(NewDate(2012, time.December, 31)),
			Current:         NewField(true),
			FirstName:       NewField("Alice"),
			LastName:        NewField("McDonald"),
			MiddleName:      NewField("Brenda"),
			Phone:           NewField("1234567890"),
			Address1:        NewField("260 Nowhere Avenue"),
			Address2:        NewField(""),
			City:            NewField("San Francisco"),
			State:           NewField("CA"),
			Country:         NewField("United States"),
			Postal:          NewField("92500"),
			Birthdate:       NewField(NewDate(1982, time.February, 21)),
			EmergencyName:   NewField("John McDonald"),
			EmergencyNumber: NewField("0987654321"),
			Created:         NewField(parseDT(t, "2012-12-31T15:35:19+00:00")),
			Modified:        NewField(parseDT(t, "2012-12-31T15:35:19+00:00")),
			URL:             NewField("/employee_records/55.json"),
		}),
		CustomFieldRecords: NewField([]CustomFieldRecord{
			{ID: NewField[ID](226), Content: NewField("Lamborghini"), CustomField: NewObject(CustomField{ID: NewField[ID](9), Name: NewField("Company Car"), URL: NewField("/custom_fields/9.json")})},
			{ID: NewField[ID](224), Content: NewField("OS/2"), CustomField: NewObject(CustomField{ID: NewField[ID](1), Name: NewField("Favorite operating system"), URL: NewField("/custom_fields/1.json")})},
		}),
		Group: NewField("Managers"),
		LeaveUsages: NewField([]LeaveUsage{
			{
				LeaveType:     NewObject(LeaveType{ID: NewField[ID](1), Name: NewField("PTO"), Accrual: NewField("SEMIMONTHLY"), URL: NewField("/leave_types/1.json")}),
				DaysUsed:      NewField(MustDecimal("5.0")),
				DaysRemaining: NewField(MustDecimal("5.0")),
			},
			{
				LeaveType: NewObject(LeaveType{ID: NewField[ID](2), Name: NewField("Sick"), Accrual: NewField("NONE"), URL: NewField("/leave_types/2.json")}),
				DaysUsed:  NewField(MustDecimal("1.0")),
			},
		}),
		BadgeCount: NewField(0),
		URL:        NewField("/users/7.json"),
	}
	assert.Equal(t, want, u)

	// The cases the wire types must tell apart.
	t.Run("kinds", func(t *testing.T) {
		ar := u.AssignmentRecord.Value()
		assert.Equal(t, "2012-10-25", ar.DateHired.Value().String(), "a date stays a calendar day")
		assert.False(t, u.Created.Value().IsLocal(), "created is a zoned date/time")
		assert.Equal(t, "65346.30", ar.PayInfo.Value().Rate.Value().String(), "money keeps its text")
		assert.Equal(t, "5.0", u.LeaveUsages.Value()[0].DaysUsed.Value().String())
		assert.True(t, u.LeaveUsages.Value()[1].DaysRemaining.Absent(), "Sick has no days_remaining")
		assert.Equal(t, ID(226), u.CustomFieldRecords.Value()[0].ID.Value(), `"226" read as an id`)
		assert.True(t, ar.EmployeeClass.Value().URL.Absent(), "the sample's employee_class has no url")
		addr2 := u.EmployeeRecord.Value().Address2
		assert.True(t, addr2.Present() && !addr2.Null() && addr2.Value() == "", "address2 is present and empty")
		assert.True(t, u.BadgeCount.Present(), "badge_count 0 is a value, not absent")
		assert.Empty(t, u.Extra)
	})

	t.Run("round trip", func(t *testing.T) {
		b, err := json.Marshal(u)
		require.NoError(t, err)
		// Everything comes back as sent, except that the ids sent as
		// strings are written as numbers.
		want := strings.NewReplacer(`"id": "226"`, `"id": 226`, `"id": "224"`, `"id": 224`).Replace(string(fixture(t, "users_get.json")))
		assert.JSONEq(t, want, string(b))
	})
}

func TestUserVisibility(t *testing.T) {
	var u User
	require.NoError(t, json.Unmarshal([]byte(`{"id":"9","twitter_username":null,"blog_url":"","group":"Employees","future_member":{"a":1}}`), &u))
	assert.Equal(t, ID(9), u.ID.Value())
	assert.True(t, u.LinkedInURL.Absent(), "not sent: the caller may not see it")
	assert.True(t, u.TwitterUsername.Null(), "null: visible and empty")
	assert.True(t, u.BlogURL.Present())
	assert.Equal(t, "", u.BlogURL.Value())
	assert.JSONEq(t, `{"a":1}`, string(u.Extra["future_member"]), "unknown members are kept")

	// An unexpected type is kept unparsed rather than failing the decode.
	require.NoError(t, json.Unmarshal([]byte(`{"assignment_record":{"ext":"88-1","employee_num":"E15"}}`), &u))
	ar := u.AssignmentRecord.Value()
	assert.True(t, ar.Ext.Unparsed())
	assert.Equal(t, `"88-1"`, string(ar.Ext.Raw()))
	assert.Error(t, ar.EmployeeNum.Err())
}

func TestUsersList(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	var cap capture
	gock.New(acmeHost).Get("/users.json").AddMatcher(cap.match).Reply(200).
		BodyString(string(fixture(t, "users_list.json")))

	users, err := c.Users.List(context.Background())
	require.NoError(t, err)
	require.Len(t, users, 2)
	assert.Equal(t, "george", users[0].Username.Value())
	assert.Equal(t, ID(7), users[1].ID.Value())
	ulAssertHeaders(t, cap.req)
	assert.Equal(t, http.MethodGet, cap.req.Method)
	assert.Empty(t, cap.req.URL.RawQuery)
	assert.Empty(t, cap.body)
	assert.True(t, gock.IsDone())
}

func TestUsersAvatarResolved(t *testing.T) {
	tests := []struct {
		name, sent, want string
	}{
		{"leading slash", "/users/view/7/picture", acmeHost + "/users/view/7/picture"},
		{"attachment path", "/attachments/view/User/avatar/1", acmeHost + "/attachments/view/User/avatar/1"},
		{"absolute s3", "https://s3.amazonaws.com/tribehr/avatar-7.jpg", "https://s3.amazonaws.com/tribehr/avatar-7.jpg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			body := map[string]any{"id": 7, "avatar": map[string]any{"url": tt.sent},
				"assignment_record": map[string]any{"manager": map[string]any{"id": 6, "avatar": map[string]any{"url": tt.sent}}}}
			gock.New(acmeHost).Get("/users/7.json").Reply(200).JSON(body)
			gock.New(acmeHost).Get("/users.json").Reply(200).JSON([]any{body})

			u, err := c.Users.Get(context.Background(), 7)
			require.NoError(t, err)
			assert.Equal(t, tt.want, u.Avatar.Value().URL.Value())
			assert.Equal(t, tt.want, u.AssignmentRecord.Value().Manager.Value().Avatar.Value().URL.Value())
			assert.Equal(t, ID(6), u.AssignmentRecord.Value().Manager.Value().ID.Value())

			users, err := c.Users.List(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.want, users[0].Avatar.Value().URL.Value())
			assert.True(t, gock.IsDone())
		})
	}
}

func TestUsersGet(t *testing.T) {
	t.Run("ok", func(t *testing.T) {
		defer gock.Off()
		c := gockClient(t)
		var cap capture
		gock.New(acmeHost).Get("/users/7.json").AddMatcher(cap.match).Reply(200).
			BodyString(string(fixture(t, "users_get.json")))
		u, err := c.Users.Get(context.Background(), 7)
		require.NoError(t, err)
		assert.Equal(t, "Alice McDonald", u.DisplayName.Value())
		assert.Equal(t, acmeHost+"/users/view/7/picture", u.Avatar.Value().URL.Value())
		assert.Equal(t, "/users/7.json", u.URL.Value(), "an object's own url stays as sent")
		ulAssertHeaders(t, cap.req)
		assert.True(t, gock.IsDone())
	})
	for _, ec := range ulErrorCases {
		t.Run(ec.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			gock.New(acmeHost).Get("/users/7.json").Reply(ec.status).JSON(ec.body())
			u, err := c.Users.Get(context.Background(), 7)
			assert.Nil(t, u)
			ec.check(t, err, http.MethodGet, "/users/7.json")
			assert.True(t, gock.IsDone())
		})
	}
	t.Run("invalid id", func(t *testing.T) {
		c, rec := countingClient(t)
		for _, id := range []ID{0, -3} {
			_, err := c.Users.Get(context.Background(), id)
			assertNotSent(t, rec, err, "id")
		}
	})
}

func TestUsersFull(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	gock.New(acmeHost).Get("/users/7.json").Reply(200).BodyString(string(fixture(t, "users_get.json")))

	users := decodeFixture[[]User](t, "users_list.json")
	partial := users[1]
	full, err := c.Users.Full(context.Background(), &partial)
	require.NoError(t, err)
	assert.True(t, full.AssignmentRecord.Present())
	assert.True(t, partial.AssignmentRecord.Absent(), "the partial user is not changed")
	assert.True(t, gock.IsDone())

}

func TestUsersMe(t *testing.T) {
	tests := []struct {
		name      string
		call      func(*UsersService, context.Context, ...CallOption) (*User, error)
		wantQuery string
	}{
		{"me", (*UsersService).Me, ""},
		{"with api key", (*UsersService).MeWithAPIKey, "requireApiKey=true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			var cap capture
			gock.New(acmeHost).Get("/users/me.json").AddMatcher(cap.match).Reply(200).
				BodyString(string(fixture(t, "users_get.json")))
			u, err := tt.call(c.Users, context.Background())
			require.NoError(t, err)
			assert.Equal(t, "570675830ab61a31ef57f70ca335f64374b56281", u.APIKey.Value().Reveal())
			assert.Equal(t, tt.wantQuery, cap.req.URL.RawQuery)
			ulAssertHeaders(t, cap.req)
			assert.True(t, gock.IsDone())
		})
	}
	t.Run("wrong password", func(t *testing.T) {
		defer gock.Off()
		c := gockClient(t)
		gock.New(acmeHost).Get("/users/me.json").Reply(401) // no body, as documented
		_, err := c.Users.MeWithAPIKey(context.Background())
		assert.ErrorIs(t, err, ErrUnauthorized)
		assert.True(t, gock.IsDone())
	})
}

func TestUsersUpdateDocumentSamples(t *testing.T) {
	tests := []struct {
		name   string
		id     ID
		params *UserUpdate
		// sample is the document's body. The second sample of "Sending
		// POST and PUT data" reads "blog_url=blog_url=http%3A..." in the
		// document: a typo (the key is repeated inside the value). The
		// SDK sends the value the sample obviously means.
		sample string
	}{
		{
			name:   "assignment record phone",
			id:     5,
			params: &UserUpdate{AssignmentRecord: &AssignmentRecordUpdate{Phone: String("519-555-1234")}},
			sample: "id=5&assignment_record%5Bphone%5D=519-555-1234",
		},
		{
			name:   "twitter and blog",
			id:     53,
			params: &UserUpdate{TwitterUsername: String("@tribehr"), BlogURL: String("http://developers.tribehr.com")},
			sample: "id=53&twitter_username=%40tribehr&blog_url=http%3A%2F%2Fdevelopers.tribehr.com",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			var cap capture
			path := "/users/" + tt.id.String() + ".json"
			gock.New(acmeHost).Put(path).AddMatcher(cap.match).Reply(200).
				BodyString(string(fixture(t, "users_get.json")))
			_, err := c.Users.Update(context.Background(), tt.id, tt.params)
			require.NoError(t, err)
			want, err := url.ParseQuery(tt.sample)
			require.NoError(t, err)
			assert.Equal(t, want, cap.form(t))
			assert.Equal(t, tt.id.String(), cap.form(t).Get("id"), "the body carries the URL's id")
			ulAssertHeaders(t, cap.req)
			assert.True(t, gock.IsDone())
		})
	}
}

func TestUsersUpdate(t *testing.T) {
	t.Run("text arrives intact", func(t *testing.T) {
		defer gock.Off()
		c := gockClient(t)
		var cap capture
		gock.New(acmeHost).Put("/users/7.json").AddMatcher(cap.match).Reply(200).JSON(map[string]any{"id": 7})
		odd := "Zoë & Łukasz = 1+1 #tag [b]x[/b]\nnext line ✓"
		_, err := c.Users.Update(context.Background(), 7, &UserUpdate{
			BlogURL:          String("https://example.com/?a=1&b=2#frag"),
			LinkedInURL:      String(""), // clears it
			AssignmentRecord: &AssignmentRecordUpdate{Phone: String(odd)},
		})
		require.NoError(t, err)
		f := cap.form(t)
		assert.Equal(t, url.Values{
			"id":                       {"7"},
			"blog_url":                 {"https://example.com/?a=1&b=2#frag"},
			"linkedin_url":             {""},
			"assignment_record[phone]": {odd},
		}, f)
		assert.True(t, gock.IsDone())
	})
	t.Run("nil fields are not sent", func(t *testing.T) {
		defer gock.Off()
		c := gockClient(t)
		var cap capture
		gock.New(acmeHost).Put("/users/7.json").AddMatcher(cap.match).Reply(200).JSON(map[string]any{"id": 7})
		_, err := c.Users.Update(context.Background(), 7, &UserUpdate{AssignmentRecord: &AssignmentRecordUpdate{}})
		require.NoError(t, err)
		assert.Equal(t, "id=7", string(cap.body))
		assert.True(t, gock.IsDone())
	})
	for _, ec := range ulErrorCases {
		t.Run(ec.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			gock.New(acmeHost).Put("/users/7.json").Reply(ec.status).JSON(ec.body())
			u, err := c.Users.Update(context.Background(), 7, &UserUpdate{TwitterUsername: String("x")})
			assert.Nil(t, u)
			ec.check(t, err, http.MethodPut, "/users/7.json")
			assert.True(t, gock.IsDone())
		})
	}
	t.Run("invalid", func(t *testing.T) {
		c, rec := countingClient(t)
		_, err := c.Users.Update(context.Background(), 0, nil)
		assertNotSent(t, rec, err, "id", "")
		_, err = c.Users.Update(context.Background(), 7, nil)
		assertNotSent(t, rec, err, "")
	})
}

func TestUsersNetworkErrorIsNotAPIError(t *testing.T) {
	defer gock.Off()
	c := gockClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	gock.New(acmeHost).Get("/users.json").ReplyError(errors.New("connection reset"))
	_, err := c.Users.List(context.Background())
	require.Error(t, err)
	var apiErr *APIError
	assert.False(t, errors.As(err, &apiErr))
}
