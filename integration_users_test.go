package tribehr_test

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// iusAssertPrivateAbsent asserts that the "Manager and Employee" fields of
// u (a full user seen by someone who may not see them) are absent: not
// null, not empty. The public ones stay present.
func iusAssertPrivateAbsent(t *testing.T, u *tribehr.User) {
	t.Helper()
	for name, absent := range map[string]bool{
		"group":                u.Group.Absent(),
		"api_key":              u.APIKey.Absent(),
		"custom_field_records": u.CustomFieldRecords.Absent(),
		"leave_usages":         u.LeaveUsages.Absent(),
	} {
		assert.True(t, absent, "user %s: %s must be absent", u.ID, name)
	}
	ar := mustObject(t, u.AssignmentRecord)
	assert.True(t, ar.PayInfo.Absent(), "pay_info of user %s: %s", u.ID, ar.PayInfo)
	assert.True(t, ar.EmployeeNum.Absent(), "employee_num of user %s: %s", u.ID, ar.EmployeeNum)
	assert.True(t, ar.DateHired.Absent(), "date_hired of user %s: %s", u.ID, ar.DateHired)
	// Public assignment fields stay.
	assert.True(t, ar.Job.Present())
	assert.True(t, ar.Phone.Present())
	assert.True(t, ar.Manager.Present())
	assert.True(t, ar.Location.Present())

	er := mustObject(t, u.EmployeeRecord)
	assert.True(t, er.FirstName.Present())
	assert.True(t, er.LastName.Present())
	assert.True(t, er.URL.Present())
	for name, f := range map[string]interface{ Absent() bool }{
		"id": er.ID, "effective_date": er.EffectiveDate, "middle_name": er.MiddleName, "phone": er.Phone,
		"address1": er.Address1, "address2": er.Address2, "city": er.City, "state": er.State,
		"country": er.Country, "postal": er.Postal, "birthdate": er.Birthdate,
		"emergency_name": er.EmergencyName, "emergency_number": er.EmergencyNumber,
	} {
		assert.True(t, f.Absent(), "employee_record.%s of user %s must be absent", name, u.ID)
	}
}

// iusAssertEmmaPrivate asserts that the "Manager and Employee" fields
// of u are present with their seeded values for emma (user 2).
func iusAssertEmmaPrivate(t *testing.T, u *tribehr.User) {
	t.Helper()
	require.Equal(t, tribehr.ID(2), u.ID.Value())
	assert.Equal(t, tribehrtest.GroupEmployees, u.Group.Value())
	cfr, ok := u.CustomFieldRecords.Get()
	assert.True(t, ok, "custom_field_records present: %s", u.CustomFieldRecords)
	assert.Empty(t, cfr, "emma has no custom field records: present and empty")
	usages, ok := u.LeaveUsages.Get()
	require.True(t, ok, "leave_usages: %s", u.LeaveUsages)
	require.Len(t, usages, 1)
	assert.Equal(t, "Vacation", usages[0].LeaveType.Value().Name.Value())
	assert.Equal(t, "0.0", usages[0].DaysUsed.Value().String())
	assert.Equal(t, "10.0", usages[0].DaysRemaining.Value().String())

	ar := mustObject(t, u.AssignmentRecord)
	pay, ok := ar.PayInfo.Get()
	require.True(t, ok, "pay_info: %s", ar.PayInfo)
	assert.Equal(t, "61000.00", pay.Rate.Value().String())
	assert.Equal(t, "ANNUAL", pay.Type.Value())
	assert.Equal(t, "Annual Salary", pay.Label.Value())
	assert.Equal(t, "USD", pay.Currency.Value())
	assert.Equal(t, int64(2), ar.EmployeeNum.Value())
	assert.Equal(t, tribehr.NewDate(2012, 1, 11), ar.DateHired.Value())

	er := mustObject(t, u.EmployeeRecord)
	assert.Equal(t, tribehr.ID(2), er.ID.Value())
	assert.Equal(t, "Kitchener", er.City.Value())
	assert.Equal(t, "ON", er.State.Value())
	assert.Equal(t, "Canada", er.Country.Value())
	mid, ok := er.MiddleName.Get()
	assert.True(t, ok, "a visible empty field is present: %s", er.MiddleName)
	assert.Equal(t, "", mid)
}

func TestIntegrationUsersList(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	var meta tribehr.Response
	users, err := client.Users.List(ctx, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.Equal(t, 1, meta.Attempts)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodGet, reqs[0].Method)
	assert.Equal(t, "/users.json", reqs[0].Path)

	// Active users in creation order; frankformer (30) is terminated.
	ids := collect(users, userID)
	require.Equal(t, []tribehr.ID{1, 2, 3, 5, 6, 16, 17, 20, 23, 53, 7}, ids)
	assert.NotContains(t, ids, tribehr.ID(30))
	byID := func(id tribehr.ID) tribehr.User { return users[slices.Index(ids, id)] }

	alice := byID(7)
	assert.Equal(t, tribehrtest.ManagerUsername, alice.Username.Value())
	assert.Equal(t, tribehrtest.ManagerEmail, alice.Email.Value())
	assert.Equal(t, "Alice McDonald", alice.DisplayName.Value())
	assert.Equal(t, "/users/7.json", alice.URL.Value())
	er := mustObject(t, alice.EmployeeRecord)
	assert.Equal(t, "Alice", er.FirstName.Value())
	assert.Equal(t, "McDonald", er.LastName.Value())
	assert.Equal(t, "/employee_records/55.json", er.URL.Value())
	assert.True(t, er.City.Absent(), "a partial employee record")
	assert.True(t, er.ID.Absent())

	emma := byID(2)
	assert.Equal(t, tribehrtest.EmployeeUsername, emma.Username.Value())
	assert.Equal(t, tribehrtest.EmployeeEmail, emma.Email.Value())
	assert.Equal(t, "Emma Employee", emma.DisplayName.Value())
	assert.Equal(t, "Tribe Admin", byID(1).DisplayName.Value())
	assert.Equal(t, "tsmith", byID(23).Username.Value())
	assert.Equal(t, "Tanya Smith", byID(23).DisplayName.Value())

	// Partial users: no full-object fields, even for the administrator.
	for _, u := range users {
		assert.True(t, u.AssignmentRecord.Absent(), "user %s", u.ID)
		assert.True(t, u.Group.Absent(), "user %s", u.ID)
		assert.True(t, u.APIKey.Absent(), "user %s", u.ID)
		assert.True(t, u.LeaveUsages.Absent(), "user %s", u.ID)
		assert.True(t, u.TwitterUsername.Absent(), "user %s", u.ID)
		assert.True(t, u.Created.Absent(), "user %s", u.ID)
		assert.Equal(t, fmt.Sprintf("/users/%d.json", u.ID.Value()), u.URL.Value())
	}

	// An employee lists the same users.
	emmaUsers, err := clientAs(t, srv, tribehrtest.EmployeeUsername).Users.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, users, emmaUsers)
}

func TestIntegrationUsersGetFull(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	u, err := client.Users.Get(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(7), u.ID.Value())
	assert.Equal(t, "alice", u.Username.Value())
	assert.Equal(t, "alice@mycompany.com", u.Email.Value())
	assert.Equal(t, "Alice McDonald", u.DisplayName.Value())
	assert.Equal(t, "alicemcdonald82", u.TwitterUsername.Value())
	assert.Equal(t, "http://ca.linkedin.com/in/alicemcdonald82/", u.LinkedInURL.Value())
	assert.Equal(t, "http://alice.blogger.com/", u.BlogURL.Value())
	assert.Equal(t, srv.URL+"/users/view/7/picture", u.Avatar.Value().URL.Value(), "avatar made absolute")
	assert.Equal(t, "2012-10-25T09:46:53+00:00", u.Created.Value().String())
	assert.Equal(t, "2013-07-22T15:18:02+00:00", u.Modified.Value().String())
	assert.Equal(t, tribehrtest.GroupManagers, u.Group.Value())
	assert.Equal(t, 0, u.BadgeCount.Value())
	assert.True(t, u.BadgeCount.Present())
	assert.Equal(t, "/users/7.json", u.URL.Value())
	assert.True(t, u.APIKey.Absent(), "api_key only for the user themselves, not for an administrator")

	ar := mustObject(t, u.AssignmentRecord)
	assert.Equal(t, tribehr.ID(100), ar.ID.Value())
	assert.True(t, ar.Current.Value())
	assert.Equal(t, "ACTIVE", ar.EmployeeStatus.Value())
	assert.True(t, ar.FullTime.Value())
	assert.Equal(t, "1 800 123 4567", ar.Phone.Value())
	assert.Equal(t, int64(888), ar.Ext.Value())
	assert.Equal(t, int64(15), ar.EmployeeNum.Value())
	assert.Equal(t, tribehr.NewDate(2012, 10, 25), ar.DateHired.Value())
	assert.Equal(t, "2013-01-10T10:21:19+00:00", ar.Created.Value().String())
	assert.Equal(t, tribehr.ID(37), ar.Job.Value().ID.Value())
	assert.Equal(t, "Software Engineer", ar.Job.Value().Title.Value())
	assert.Equal(t, "/jobs/37.json", ar.Job.Value().URL.Value())
	assert.Equal(t, tribehr.ID(5), ar.Department.Value().ID.Value())
	assert.Equal(t, "Development", ar.Department.Value().Name.Value())
	assert.Equal(t, tribehr.ID(7), ar.EmployeeClass.Value().ID.Value())
	assert.Equal(t, "Regular Employee", ar.EmployeeClass.Value().Class.Value())
	assert.Equal(t, tribehr.ID(4), ar.Location.Value().ID.Value())
	assert.Equal(t, "Silicon Valley", ar.Location.Value().Name.Value())
	assert.Equal(t, "/assignment_records/100.json", ar.URL.Value())
	mgr, ok := ar.Manager.Get()
	require.True(t, ok)
	require.NotNil(t, mgr)
	assert.Equal(t, tribehr.ID(5), mgr.ID.Value())
	assert.Equal(t, "george", mgr.Username.Value())
	assert.Equal(t, "George Black", mgr.DisplayName.Value())
	assert.True(t, mgr.AssignmentRecord.Absent(), "the manager is a partial user")
	pay, ok := ar.PayInfo.Get()
	require.True(t, ok)
	assert.Equal(t, "ANNUAL", pay.Type.Value())
	assert.Equal(t, "Annual Salary", pay.Label.Value())
	assert.Equal(t, "65346.30", pay.Rate.Value().String(), "money kept exact")
	assert.Equal(t, 0, pay.Rate.Value().Cmp(tribehr.MustDecimal("65346.3")))
	assert.Equal(t, "USD", pay.Currency.Value())

	er := mustObject(t, u.EmployeeRecord)
	assert.Equal(t, tribehr.ID(55), er.ID.Value())
	assert.Equal(t, tribehr.NewDate(2012, 12, 31), er.EffectiveDate.Value())
	assert.True(t, er.Current.Value())
	assert.Equal(t, "Alice", er.FirstName.Value())
	assert.Equal(t, "Brenda", er.MiddleName.Value())
	assert.Equal(t, "McDonald", er.LastName.Value())
	assert.Equal(t, "1234567890", er.Phone.Value())
	assert.Equal(t, "260 Nowhere Avenue", er.Address1.Value())
	addr2, ok := er.Address2.Get()
	assert.True(t, ok, "address2 is visible and empty")
	assert.Empty(t, addr2)
	assert.Equal(t, "San Francisco", er.City.Value())
	assert.Equal(t, "CA", er.State.Value())
	assert.Equal(t, "United States", er.Country.Value())
	assert.Equal(t, "92500", er.Postal.Value())
	assert.Equal(t, tribehr.NewDate(1982, 2, 21), er.Birthdate.Value())
	assert.Equal(t, "John McDonald", er.EmergencyName.Value())
	assert.Equal(t, "0987654321", er.EmergencyNumber.Value())
	assert.Equal(t, "/employee_records/55.json", er.URL.Value())

	cfr, ok := u.CustomFieldRecords.Get()
	require.True(t, ok)
	require.Len(t, cfr, 2)
	assert.Equal(t, tribehr.ID(226), cfr[0].ID.Value(), "a string id reads as an ID")
	assert.Equal(t, "Lamborghini", cfr[0].Content.Value())
	assert.Equal(t, "Company Car", cfr[0].CustomField.Value().Name.Value())
	assert.Equal(t, tribehr.ID(9), cfr[0].CustomField.Value().ID.Value())
	assert.Equal(t, tribehr.ID(224), cfr[1].ID.Value())
	assert.Equal(t, "OS/2", cfr[1].Content.Value())

	usages, ok := u.LeaveUsages.Get()
	require.True(t, ok)
	require.Len(t, usages, 2)
	assert.Equal(t, "PTO", usages[0].LeaveType.Value().Name.Value())
	assert.Equal(t, "5.0", usages[0].DaysUsed.Value().String())
	assert.Equal(t, "5.0", usages[0].DaysRemaining.Value().String())
	assert.Equal(t, "Sick", usages[1].LeaveType.Value().Name.Value())
	assert.Equal(t, "1.0", usages[1].DaysUsed.Value().String())
	assert.True(t, usages[1].DaysRemaining.Absent(), "no allowance: days_remaining absent")

	// A user without a manager, a phone or an extension: null, not absent.
	admin, err := client.Users.Get(ctx, 1)
	require.NoError(t, err)
	aar := mustObject(t, admin.AssignmentRecord)
	assert.True(t, aar.Manager.Null(), "manager: %s", aar.Manager)
	assert.True(t, aar.Ext.Null(), "ext: %s", aar.Ext)
	phone, ok := aar.Phone.Get()
	assert.True(t, ok)
	assert.Empty(t, phone)
	assert.Equal(t, "HR Administrator", aar.Job.Value().Title.Value())
	assert.Equal(t, tribehrtest.AdminAPIKey, admin.APIKey.Value().Reveal(), "the administrator's own key")
}

func TestIntegrationUsersFull(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	users, err := client.Users.List(ctx)
	require.NoError(t, err)
	i := slices.IndexFunc(users, func(u tribehr.User) bool { return u.ID.Value() == 7 })
	require.GreaterOrEqual(t, i, 0, "user 7 listed")
	partial := &users[i]
	before := *partial

	srv.ResetLog()
	full, err := client.Users.Full(ctx, partial)
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/users/7.json", reqs[0].Path)

	assert.Equal(t, before, *partial, "the partial user is not changed")
	assert.True(t, partial.AssignmentRecord.Absent())
	assert.Equal(t, tribehr.ID(7), full.ID.Value())
	assert.Equal(t, partial.Username.Value(), full.Username.Value())
	assert.Equal(t, partial.DisplayName.Value(), full.DisplayName.Value())
	assert.Equal(t, "65346.30", mustObject(t, full.AssignmentRecord).PayInfo.Value().Rate.Value().String())
	assert.Equal(t, "San Francisco", mustObject(t, full.EmployeeRecord).City.Value())
	assert.Equal(t, tribehrtest.GroupManagers, full.Group.Value())

	got, err := client.Users.Get(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, got, full, "Full is Get")

	// The manager embedded in an assignment record is a partial user too.
	mgr := mustObject(t, full.AssignmentRecord).Manager.Ptr()
	require.NotNil(t, mgr)
	george, err := client.Users.Full(ctx, mgr)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(5), george.ID.Value())
	assert.Equal(t, "Director of Engineering", mustObject(t, george.AssignmentRecord).Job.Value().Title.Value())

	// Nothing to fetch: an error, no request.
	srv.ResetLog()
	_, err = client.Users.Full(ctx, nil)
	assert.EqualError(t, err, "tribehr: invalid partial user: it is nil")
	assert.Equal(t, []string{""}, validationFields(t, err))
	_, err = client.Users.Full(ctx, &tribehr.User{Username: tribehr.NewField("noid")})
	assert.EqualError(t, err, "tribehr: invalid partial user: id: missing (<absent>)")
	assert.Equal(t, []string{"id"}, validationFields(t, err))
	assert.Empty(t, srv.Requests(), "nothing was sent")
}

func TestIntegrationUsersMe(t *testing.T) {
	srv, _ := newFake(t)
	ctx := testCtx(t)
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)

	me, err := emma.Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(2), me.ID.Value())
	assert.Equal(t, tribehrtest.EmployeeUsername, me.Username.Value())
	assert.Equal(t, tribehrtest.EmployeeAPIKey, me.APIKey.Value().Reveal(), "the user's own key")
	iusAssertEmmaPrivate(t, me)
	ar := mustObject(t, me.AssignmentRecord)
	assert.Equal(t, tribehr.ID(7), ar.Manager.Value().ID.Value(), "emma reports to alice")
	assert.Equal(t, "Software Engineer", ar.Job.Value().Title.Value())

	last := lastRequest(t, srv)
	assert.Equal(t, "/users/me.json", last.Path)
	assert.Empty(t, last.Query.Get("requireApiKey"))
	assert.Equal(t, tribehrtest.EmployeeUsername, last.User)

	// Me is the same user as Get of one's own id.
	got, err := emma.Users.Get(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, me, got)

	admin, err := clientAs(t, srv, tribehrtest.AdminUsername).Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(1), admin.ID.Value())
	assert.Equal(t, tribehrtest.GroupAdministrators, admin.Group.Value())
}

func TestIntegrationUsersMeWithAPIKey(t *testing.T) {
	srv, _ := newFake(t)
	ctx := testCtx(t)

	ident, key := srv.Credentials("tsmith")
	require.Equal(t, "tsmith", ident)
	require.Empty(t, key, "tsmith starts without an API key")

	withPassword := clientAs(t, srv, "tsmith", tribehr.WithBasicAuth("tsmith", tribehrtest.DemoPassword))

	// Without requireApiKey: the key is sent as null, no key is issued.
	me, err := withPassword.Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(23), me.ID.Value())
	assert.True(t, me.APIKey.Null(), "no key yet: %s", me.APIKey)
	_, key = srv.Credentials("tsmith")
	assert.Empty(t, key)

	srv.ResetLog()
	var meta tribehr.Response
	me, err = withPassword.Users.MeWithAPIKey(ctx, tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.Equal(t, 1, meta.Attempts)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/users/me.json", reqs[0].Path)
	assert.Equal(t, "true", reqs[0].Query.Get("requireApiKey"))
	assert.Equal(t, "tsmith", reqs[0].User)

	assert.Equal(t, tribehr.ID(23), me.ID.Value())
	secret, ok := me.APIKey.Get()
	require.True(t, ok, "api_key: %s", me.APIKey)
	apiKey := secret.Reveal()
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{40}$`), apiKey)
	_, key = srv.Credentials("tsmith")
	assert.Equal(t, apiKey, key, "the server stored the issued key")

	// Asking again returns the same key.
	again, err := withPassword.Users.MeWithAPIKey(ctx)
	require.NoError(t, err)
	assert.Equal(t, apiKey, again.APIKey.Value().Reveal())

	// The key now authenticates.
	withKey := clientAs(t, srv, "tsmith", tribehr.WithBasicAuth("tsmith", apiKey))
	me, err = withKey.Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(23), me.ID.Value())
	assert.Equal(t, "Tanya Smith", me.DisplayName.Value())
	assert.Equal(t, apiKey, me.APIKey.Value().Reveal())
	assertNoSecret(t, apiKey, withKey, withKey.String())

	// A user who has a key keeps it.
	emma, err := clientAs(t, srv, tribehrtest.EmployeeUsername).Users.MeWithAPIKey(ctx)
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.EmployeeAPIKey, emma.APIKey.Value().Reveal())
}

func TestIntegrationUsersUpdateRoundTrip(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	const (
		twitter  = "@émma_🙂 & co=1+1 #tag [x]"
		blog     = "https://example.com/a?b=c&d=e+f#frag [1]\nzweite Zeile: äöü ß 100% %20 ;/"
		linkedin = "http://ca.linkedin.com/in/emma/?q=a+b&x=[y]&z=%2B#top"
		phone    = "+1 (519) 555-1234 #22 & ext=5\n\tnächste [Zeile] 電話"
	)
	updated, err := client.Users.Update(ctx, 2, &tribehr.UserUpdate{
		TwitterUsername:  tribehr.String(twitter),
		BlogURL:          tribehr.String(blog),
		LinkedInURL:      tribehr.String(linkedin),
		AssignmentRecord: &tribehr.AssignmentRecordUpdate{Phone: tribehr.String(phone)},
	})
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(2), updated.ID.Value())
	assert.Equal(t, twitter, updated.TwitterUsername.Value())
	assert.Equal(t, blog, updated.BlogURL.Value())
	assert.Equal(t, linkedin, updated.LinkedInURL.Value())
	assert.Equal(t, phone, mustObject(t, updated.AssignmentRecord).Phone.Value())
	assert.Equal(t, "61000.00", mustObject(t, updated.AssignmentRecord).PayInfo.Value().Rate.Value().String(), "an update answers the full user")

	// What the server received, field by field.
	put := lastRequest(t, srv)
	assert.Equal(t, http.MethodPut, put.Method)
	assert.Equal(t, "/users/2.json", put.Path)
	assert.Equal(t, []string{"2"}, put.Form["id"])
	assert.Equal(t, []string{twitter}, put.Form["twitter_username"])
	assert.Equal(t, []string{blog}, put.Form["blog_url"])
	assert.Equal(t, []string{linkedin}, put.Form["linkedin_url"])
	assert.Equal(t, []string{phone}, put.Form["assignment_record[phone]"])
	assert.Len(t, put.Form, 5)

	got, err := client.Users.Get(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, twitter, got.TwitterUsername.Value())
	assert.Equal(t, blog, got.BlogURL.Value())
	assert.Equal(t, linkedin, got.LinkedInURL.Value())
	assert.Equal(t, phone, mustObject(t, got.AssignmentRecord).Phone.Value())

	// A field left nil is left as it is.
	const blog2 = "https://emma.example.org/?a=1&b=2"
	_, err = client.Users.Update(ctx, 2, &tribehr.UserUpdate{BlogURL: tribehr.String(blog2)})
	require.NoError(t, err)
	put = lastRequest(t, srv)
	assert.Equal(t, []string{blog2}, put.Form["blog_url"])
	assert.NotContains(t, put.Form, "twitter_username")
	assert.NotContains(t, put.Form, "assignment_record[phone]")
	got, err = client.Users.Get(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, blog2, got.BlogURL.Value())
	assert.Equal(t, twitter, got.TwitterUsername.Value())
	assert.Equal(t, linkedin, got.LinkedInURL.Value())
	assert.Equal(t, phone, mustObject(t, got.AssignmentRecord).Phone.Value())

	// A pointer to "" clears a field: present and empty afterwards.
	_, err = client.Users.Update(ctx, 2, &tribehr.UserUpdate{
		TwitterUsername:  tribehr.String(""),
		AssignmentRecord: &tribehr.AssignmentRecordUpdate{Phone: tribehr.String("")},
	})
	require.NoError(t, err)
	put = lastRequest(t, srv)
	assert.Equal(t, []string{""}, put.Form["twitter_username"])
	assert.Equal(t, []string{""}, put.Form["assignment_record[phone]"])
	got, err = client.Users.Get(ctx, 2)
	require.NoError(t, err)
	tw, ok := got.TwitterUsername.Get()
	assert.True(t, ok, "cleared, not absent: %s", got.TwitterUsername)
	assert.Empty(t, tw)
	ph, ok := mustObject(t, got.AssignmentRecord).Phone.Get()
	assert.True(t, ok, "cleared, not absent")
	assert.Empty(t, ph)
	assert.Equal(t, blog2, got.BlogURL.Value(), "not part of the update")
	assert.Equal(t, linkedin, got.LinkedInURL.Value(), "not part of the update")

	// A user may edit themselves.
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)
	self, err := emma.Users.Update(ctx, 2, &tribehr.UserUpdate{TwitterUsername: tribehr.String("emma_[self] & co")})
	require.NoError(t, err)
	assert.Equal(t, "emma_[self] & co", self.TwitterUsername.Value())
	assert.Equal(t, tribehrtest.EmployeeAPIKey, self.APIKey.Value().Reveal(), "her own full object")
	got, err = client.Users.Get(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, "emma_[self] & co", got.TwitterUsername.Value())
}

func TestIntegrationUsersVisibility(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)
	emma := clientAs(t, srv, tribehrtest.EmployeeUsername)
	alice := clientAs(t, srv, tribehrtest.ManagerUsername)
	george := clientAs(t, srv, "george")

	// An employee looking at someone else: the private fields are absent.
	other, err := emma.Users.Get(ctx, 7)
	require.NoError(t, err)
	iusAssertPrivateAbsent(t, other)
	assert.Equal(t, "alicemcdonald82", other.TwitterUsername.Value(), "public fields stay")
	assert.Equal(t, "1 800 123 4567", mustObject(t, other.AssignmentRecord).Phone.Value())
	assert.Equal(t, "Software Engineer", mustObject(t, other.AssignmentRecord).Job.Value().Title.Value())
	assert.Equal(t, "Alice", mustObject(t, other.EmployeeRecord).FirstName.Value())
	other, err = emma.Users.Get(ctx, 1)
	require.NoError(t, err)
	iusAssertPrivateAbsent(t, other)

	// Her own: present.
	own, err := emma.Users.Get(ctx, 2)
	require.NoError(t, err)
	iusAssertEmmaPrivate(t, own)
	assert.Equal(t, tribehrtest.EmployeeAPIKey, own.APIKey.Value().Reveal())

	// The administrator sees everybody's private fields, but not their key.
	byAdmin, err := admin.Users.Get(ctx, 2)
	require.NoError(t, err)
	iusAssertEmmaPrivate(t, byAdmin)
	assert.True(t, byAdmin.APIKey.Absent(), "api_key is the user's alone: %s", byAdmin.APIKey)
	for id, want := range map[tribehr.ID]struct{ group, rate string }{
		3:  {tribehrtest.GroupEmployees, "52000.00"},
		5:  {tribehrtest.GroupManagers, "98000.00"},
		23: {tribehrtest.GroupEmployees, "52000.00"},
	} {
		u, err := admin.Users.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, want.group, u.Group.Value(), "user %d", id)
		assert.Equal(t, want.rate, mustObject(t, u.AssignmentRecord).PayInfo.Value().Rate.Value().String(), "user %d", id)
		assert.True(t, mustObject(t, u.EmployeeRecord).Birthdate.Present(), "user %d", id)
		assert.True(t, u.APIKey.Absent(), "user %d", id)
	}

	// A manager sees her direct report's private fields ...
	report, err := alice.Users.Get(ctx, 2)
	require.NoError(t, err)
	iusAssertEmmaPrivate(t, report)
	assert.True(t, report.APIKey.Absent())
	abby, err := alice.Users.Get(ctx, 6)
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.GroupEmployees, abby.Group.Value())
	assert.Equal(t, "52000.00", mustObject(t, abby.AssignmentRecord).PayInfo.Value().Rate.Value().String())
	assert.Equal(t, "London Office [Product and Development]", mustObject(t, abby.AssignmentRecord).Location.Value().Name.Value())
	// ... but not those of someone else's report, nor her own manager's.
	for _, id := range []tribehr.ID{3, 5, 1} {
		u, err := alice.Users.Get(ctx, id)
		require.NoError(t, err)
		iusAssertPrivateAbsent(t, u)
	}
	// Her own, with her key.
	self, err := alice.Users.Get(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.ManagerAPIKey, self.APIKey.Value().Reveal())
	assert.Equal(t, "65346.30", mustObject(t, self.AssignmentRecord).PayInfo.Value().Rate.Value().String())

	// george manages alice, who manages emma: indirect reports count.
	indirect, err := george.Users.Get(ctx, 2)
	require.NoError(t, err)
	iusAssertEmmaPrivate(t, indirect)
	assert.True(t, indirect.APIKey.Absent())
}

func TestIntegrationUsersGetNotFound(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	var meta tribehr.Response
	u, err := client.Users.Get(ctx, 99999, tribehr.CaptureResponse(&meta))
	assert.Nil(t, u)
	apiErr := assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
	assert.False(t, errors.Is(err, tribehr.CodeInvalidID))
	assert.False(t, errors.Is(err, tribehr.ErrForbidden))
	assert.Equal(t, []string{"Invalid User"}, apiErr.Messages)
	assert.Equal(t, http.MethodGet, apiErr.Method)
	assert.Equal(t, "/users/99999.json", apiErr.Path)
	assert.Equal(t, 1, apiErr.Attempts, "a 404 is not retried")
	assert.Equal(t, http.StatusNotFound, meta.StatusCode)
	assert.Equal(t, 1, meta.Attempts)
	assert.Contains(t, err.Error(), "NOT_FOUND")
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.StatusNotFound, reqs[0].Status)

	// Updating an unknown user is the same error.
	_, err = client.Users.Update(ctx, 99999, &tribehr.UserUpdate{BlogURL: tribehr.String("x")})
	assert.Equal(t, http.MethodPut, assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound).Method)
}

func TestIntegrationUsersUpdateOtherUserDenied(t *testing.T) {
	srv, admin := newFake(t)
	ctx := testCtx(t)

	for _, tc := range []struct {
		who    string
		target tribehr.ID
	}{
		{tribehrtest.EmployeeUsername, 7},
		{tribehrtest.ManagerUsername, 2}, // a manager may not edit her report either
	} {
		_, err := clientAs(t, srv, tc.who).Users.Update(ctx, tc.target, &tribehr.UserUpdate{
			TwitterUsername:  tribehr.String("hacked"),
			AssignmentRecord: &tribehr.AssignmentRecordUpdate{Phone: tribehr.String("000")},
		})
		apiErr := assertAPIError(t, err, http.StatusForbidden, tribehr.CodeAccess, tribehr.ErrForbidden, tc.who)
		assert.False(t, errors.Is(err, tribehr.CodeRights), tc.who)
		assert.Equal(t, []string{"You do not have permission to edit this user."}, apiErr.Messages, tc.who)
		assert.Equal(t, http.MethodPut, apiErr.Method, tc.who)
		assert.Equal(t, fmt.Sprintf("/users/%d.json", tc.target), apiErr.Path, tc.who)
		assert.Equal(t, 1, apiErr.Attempts, tc.who)
	}

	alice, err := admin.Users.Get(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, "alicemcdonald82", alice.TwitterUsername.Value(), "unchanged")
	assert.Equal(t, "1 800 123 4567", mustObject(t, alice.AssignmentRecord).Phone.Value(), "unchanged")
	emma, err := admin.Users.Get(ctx, 2)
	require.NoError(t, err)
	tw, ok := emma.TwitterUsername.Get()
	assert.True(t, ok)
	assert.Empty(t, tw, "unchanged")
}

func TestIntegrationUsersWrongAPIKey(t *testing.T) {
	srv, _ := newFake(t)
	ctx := testCtx(t)
	const wrong = "f00dbad0000000000000000000000000000c0ffee"
	client := clientAs(t, srv, tribehrtest.EmployeeUsername, tribehr.WithBasicAuth(tribehrtest.EmployeeUsername, wrong))

	_, err := client.Users.Get(ctx, 2)
	apiErr := assertAPIError(t, err, http.StatusUnauthorized, "", tribehr.ErrUnauthorized) // a 401 has no body, so no code
	assert.False(t, errors.Is(err, tribehr.ErrForbidden))
	assert.Empty(t, apiErr.Messages)
	assert.Equal(t, "/users/2.json", apiErr.Path)
	assert.Equal(t, 1, apiErr.Attempts, "a 401 is not retried")

	_, err2 := client.Users.Update(ctx, 2, &tribehr.UserUpdate{BlogURL: tribehr.String("x")})
	assertAPIError(t, err2, http.StatusUnauthorized, "", tribehr.ErrUnauthorized)
	_, err3 := client.Users.List(ctx)
	assertAPIError(t, err3, http.StatusUnauthorized, "", tribehr.ErrUnauthorized)

	for _, e := range []error{err, err2, err3} {
		for _, s := range []string{e.Error(), fmt.Sprintf("%v", e), fmt.Sprintf("%+v", e)} {
			assert.Contains(t, s, "401")
		}
	}
	// "c0ffee" is a fragment of the wrong key: neither it nor the whole shows.
	assertNoSecret(t, "c0ffee", err, err2, err3, *apiErr, client, client.String())

	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	for _, r := range reqs {
		assert.Equal(t, http.StatusUnauthorized, r.Status)
		assert.Empty(t, r.User)
		assert.False(t, r.Processed, "nothing was changed")
	}
	blog, err := srv.Client(t).Users.Get(ctx, 2)
	require.NoError(t, err)
	assert.Empty(t, blog.BlogURL.Value())
}

func TestIntegrationUsersClientValidationSendsNothing(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	_, err := client.Users.Update(ctx, 0, &tribehr.UserUpdate{BlogURL: tribehr.String("https://example.com")})
	assert.Equal(t, []string{"id"}, validationFields(t, err))
	assert.Contains(t, err.Error(), "must be positive")

	_, err = client.Users.Update(ctx, -3, nil)
	assert.Equal(t, []string{"id", ""}, validationFields(t, err), "every problem is listed")

	_, err = client.Users.Update(ctx, 2, nil)
	assert.Equal(t, []string{""}, validationFields(t, err))

	_, err = client.Users.Get(ctx, 0)
	assert.Equal(t, []string{"id"}, validationFields(t, err))

	_, err = client.Users.Get(ctx, -1)
	assert.Equal(t, []string{"id"}, validationFields(t, err))

	assert.Empty(t, srv.Requests(), "nothing was sent")
}
