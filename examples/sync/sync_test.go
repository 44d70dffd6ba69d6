package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/examples/internal/exampleenv"
	"github.com/tribehr/tribehr-go/internal/cli"
	"github.com/tribehr/tribehr-go/internal/fakecmd"
	"github.com/tribehr/tribehr-go/tribehrtest"
	"golang.org/x/time/rate"
)

// alice is the demo manager, user 7, whose private fields the document's
// samples fill in; only she, her managers and administrators see them.
const alice tribehr.ID = 7

// privateFields are stored columns that only the user, their managers and
// administrators see.
var privateFields = []string{"group", "employee_num", "date_hired", "pay_type", "pay_rate", "pay_currency", "home_phone", "city"}

// storePath returns a store file in a new temporary directory.
func storePath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "store.json")
}

// syncOK runs a sync that must succeed.
func syncOK(t *testing.T, client *tribehr.Client, path string) *summary {
	t.Helper()
	sum, err := runSync(context.Background(), client, syncConfig{StorePath: path})
	require.NoError(t, err)
	return sum
}

// readStore loads the store at path.
func readStore(t *testing.T, path string) *store {
	t.Helper()
	st, err := loadStore(path)
	require.NoError(t, err)
	return st
}

// readFile returns the bytes of the file at path.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// field returns a stored field and whether the record has it at all.
func field(t *testing.T, st *store, id tribehr.ID, name string) (value *string, known bool) {
	t.Helper()
	r := st.Users[id]
	require.NotNil(t, r, "user %d is not in the store", id)
	value, known = r.Fields[name]
	return value, known
}

// assertField checks that a stored field holds want.
func assertField(t *testing.T, st *store, id tribehr.ID, name, want string) {
	t.Helper()
	v, known := field(t, st, id, name)
	if assert.True(t, known, "user %d %s was never stored", id, name) && assert.NotNil(t, v, "user %d %s is empty", id, name) {
		assert.Equal(t, want, *v, "user %d %s", id, name)
	}
}

// activeIDs lists the ids of the active users as the administrator sees
// them.
func activeIDs(t *testing.T, srv *tribehrtest.Server) []tribehr.ID {
	t.Helper()
	users, err := srv.Client(t).Users.List(context.Background())
	require.NoError(t, err)
	ids := make([]tribehr.ID, len(users))
	for i, u := range users {
		ids[i] = u.ID.Value()
	}
	require.NotEmpty(t, ids)
	return ids
}

// storedIDs lists the ids in the store, active or not.
func storedIDs(st *store) []tribehr.ID {
	var ids []tribehr.ID
	for id := range st.Users {
		ids = append(ids, id)
	}
	return ids
}

// setWorkPhone changes a user's work phone as the administrator.
func setWorkPhone(t *testing.T, srv *tribehrtest.Server, id tribehr.ID, phone string) {
	t.Helper()
	_, err := srv.Client(t).Users.Update(context.Background(), id,
		&tribehr.UserUpdate{AssignmentRecord: &tribehr.AssignmentRecordUpdate{Phone: tribehr.String(phone)}})
	require.NoError(t, err)
}

// TestFirstSyncAsAdminStoresEveryActiveUser: the administrator sees
// everything, so the first sync stores every active user with their private
// fields, exactly as TribeHR has them; a second sync changes nothing and
// does not rewrite the file.
func TestFirstSyncAsAdminStoresEveryActiveUser(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	path := storePath(t)
	ids := activeIDs(t, srv)

	sum := syncOK(t, srv.Client(t), path)
	assert.Equal(t, len(ids), sum.Listed)
	assert.Equal(t, len(ids), sum.Created)
	assert.Zero(t, sum.Updated+sum.Unchanged+sum.Deactivated+len(sum.Skipped))
	assert.Zero(t, sum.FieldsLeftAlone, "an administrator sees every field")
	assert.Empty(t, sum.Unreadable)
	assert.True(t, sum.Written)

	st := readStore(t, path)
	assert.ElementsMatch(t, ids, storedIDs(st))
	assert.NotContains(t, st.Users, tribehr.ID(30), "frankformer is terminated: not in the active list")
	for _, id := range ids {
		assert.True(t, st.Users[id].Active, "user %d", id)
		for _, name := range []string{"username", "email", "group", "employee_num", "date_hired", "pay_rate", "pay_currency"} {
			v, known := field(t, st, id, name)
			assert.True(t, known && v != nil && *v != "", "user %d %s = %v", id, name, v)
		}
	}
	for name, want := range map[string]string{
		"username": "alice", "email": "alice@mycompany.com", "display_name": "Alice McDonald",
		"first_name": "Alice", "last_name": "McDonald", "employee_status": "ACTIVE",
		"job_title": "Software Engineer", "department": "Development", "manager_id": "5",
		"work_phone": "1 800 123 4567", "work_phone_ext": "888",
		"group": "Managers", "employee_num": "15", "date_hired": "2012-10-25",
		"pay_type": "ANNUAL", "pay_rate": "65346.30", "pay_currency": "USD",
		"home_phone": "1234567890", "city": "San Francisco",
	} {
		assertField(t, st, alice, name, want)
	}
	v, known := field(t, st, 1, "manager_id")
	assert.True(t, known && v == nil, "the administrator has no manager: stored as null, got %v", v)

	before := readFile(t, path)
	again := syncOK(t, srv.Client(t), path)
	assert.Equal(t, len(ids), again.Unchanged)
	assert.Zero(t, again.Created+again.Updated+again.FieldsSet+again.FieldsCleared)
	assert.False(t, again.Written)
	assert.Equal(t, before, readFile(t, path))
}

// TestSyncAsEmployeeKeepsPrivateFieldsOfOthers is the point of the
// example: emma may not see her colleagues' pay, group or home details, so
// TribeHR leaves those fields out, and her sync must leave them alone in
// the store rather than wipe what the administrator's sync stored. What she
// can see (a colleague's new work phone) is still brought up to date.
func TestSyncAsEmployeeKeepsPrivateFieldsOfOthers(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	path := storePath(t)
	ids := activeIDs(t, srv)
	syncOK(t, srv.Client(t), path)
	adminStore := readStore(t, path)

	// A public change, so that emma's sync has something to update.
	setWorkPhone(t, srv, alice, "1 800 555 0100")

	emma := srv.ClientAs(t, tribehrtest.EmployeeUsername)
	// The premise: emma really gets alice's private fields absent.
	seen, err := emma.Users.Get(context.Background(), alice)
	require.NoError(t, err)
	require.True(t, seen.Group.Absent())
	require.True(t, seen.AssignmentRecord.Value().PayInfo.Absent())
	require.True(t, seen.EmployeeRecord.Value().City.Absent())

	sum := syncOK(t, emma, path)
	assert.Equal(t, 1, sum.Updated, "alice's work phone")
	assert.Equal(t, len(ids)-1, sum.Unchanged)
	assert.Zero(t, sum.Created+sum.Deactivated+len(sum.Skipped)+sum.FieldsCleared)
	assert.Equal(t, 1, sum.FieldsSet)
	assert.Positive(t, sum.FieldsLeftAlone)

	st := readStore(t, path)
	assertField(t, st, alice, "work_phone", "1 800 555 0100")
	for _, id := range ids {
		want := adminStore.Users[id].Fields
		got := st.Users[id].Fields
		if id == alice {
			want["work_phone"] = got["work_phone"]
		}
		assert.Equal(t, want, got, "user %d", id)
		for _, name := range privateFields {
			_, known := got[name]
			assert.True(t, known, "user %d %s was wiped", id, name)
		}
	}
	assertField(t, st, alice, "pay_rate", "65346.30")
	assertField(t, st, alice, "group", "Managers")
	assertField(t, st, alice, "home_phone", "1234567890")
	assertField(t, st, 5, "pay_rate", "98000.00")
}

// TestSyncAsEmployeeIntoEmptyStoreStoresOnlyWhatItSees: fields an account
// may not see are not stored at all (never seen), which is not the same
// as stored empty (null).
func TestSyncAsEmployeeIntoEmptyStoreStoresOnlyWhatItSees(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	path := storePath(t)
	sum := syncOK(t, srv.ClientAs(t, tribehrtest.EmployeeUsername), path)
	assert.Equal(t, len(activeIDs(t, srv)), sum.Created)

	st := readStore(t, path)
	assertField(t, st, 2, "pay_rate", "61000.00") // her own
	assertField(t, st, alice, "work_phone", "1 800 123 4567")
	for _, name := range privateFields {
		v, known := field(t, st, alice, name)
		assert.False(t, known, "alice's %s is not visible to emma, yet stored as %v", name, v)
	}
}

// TestFieldClearedOnServerIsClearedInStore: a field TribeHR sends empty
// really is empty, and the store follows.
func TestFieldClearedOnServerIsClearedInStore(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	path := storePath(t)
	syncOK(t, srv.Client(t), path)
	assertField(t, readStore(t, path), alice, "work_phone", "1 800 123 4567")
	before := readStore(t, path).Users[alice].Fields

	setWorkPhone(t, srv, alice, "")
	sum := syncOK(t, srv.Client(t), path)
	assert.Equal(t, 1, sum.Updated)
	assert.Equal(t, 1, sum.FieldsCleared)
	assert.Zero(t, sum.FieldsSet)
	assert.True(t, sum.Written)

	after := readStore(t, path).Users[alice].Fields
	v, known := after["work_phone"]
	assert.True(t, known && v == nil, "work_phone should be stored as null, got %v", v)
	delete(before, "work_phone")
	delete(after, "work_phone")
	assert.Equal(t, before, after, "nothing else changes")
}

// TestSyncRidesOutServerRateLimit: with the server allowing only a few
// requests a second, the sync is answered 429 and still completes, with
// every user, because the client retries after the Retry-After the server
// sends (whole seconds).
func TestSyncRidesOutServerRateLimit(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	path := storePath(t)
	ids := activeIDs(t, srv)
	srv.ResetLog()
	srv.SetRateLimit(4, time.Second)

	client := srv.Client(t,
		tribehr.WithRateLimit(rate.Limit(100), 100), // far above the server's: it is the server that limits here
		tribehr.WithRetryPolicy(tribehr.RetryPolicy{
			MaxAttempts:   10,
			MinWait:       50 * time.Millisecond,
			MaxWait:       time.Second,
			MaxServerWait: 3 * time.Second,
			MaxTotalWait:  8 * time.Second,
		}))
	sum := syncOK(t, client, path)
	assert.Equal(t, len(ids), sum.Created)
	assert.Empty(t, sum.Skipped)
	assert.ElementsMatch(t, ids, storedIDs(readStore(t, path)))

	limited := 0
	for _, r := range srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	assert.Positive(t, limited, "the server never answered 429: the test did not test the rate limit")
	t.Logf("the server answered 429 %d times", limited)
}

// TestAbortLeavesStoreUntouched: a failure that is not about one user
// (bad credentials, a rate limit longer than the retry policy waits for)
// aborts the sync with the SDK's typed error, and the store file keeps its
// bytes even though the server has changes a successful sync would write.
func TestAbortLeavesStoreUntouched(t *testing.T) {
	for _, tc := range []struct {
		name   string
		client func(t *testing.T, srv *tribehrtest.Server) *tribehr.Client
		want   error
	}{
		{
			name: "bad credentials",
			client: func(t *testing.T, srv *tribehrtest.Server) *tribehr.Client {
				return srv.Client(t, tribehr.WithBasicAuth(tribehrtest.AdminUsername, "not-the-api-key"))
			},
			want: tribehr.ErrUnauthorized,
		},
		{
			name: "rate limited beyond the retry policy",
			client: func(t *testing.T, srv *tribehrtest.Server) *tribehr.Client {
				// One request a minute: the list passes, the first user
				// is told to come back in a minute, longer than
				// MaxServerWait.
				srv.SetRateLimit(1, time.Minute)
				return srv.Client(t, tribehr.WithRetryPolicy(tribehr.RetryPolicy{MaxServerWait: 2 * time.Second}))
			},
			want: tribehr.ErrRateLimited,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := tribehrtest.NewServer(t)
			path := storePath(t)
			syncOK(t, srv.Client(t), path)
			setWorkPhone(t, srv, alice, "1 800 555 0199")
			before := readFile(t, path)

			sum, err := runSync(context.Background(), tc.client(t, srv), syncConfig{StorePath: path})
			require.Error(t, err)
			assert.Nil(t, sum)
			assert.ErrorIs(t, err, tc.want)
			var apiErr *tribehr.APIError
			assert.ErrorAs(t, err, &apiErr)
			assert.NotContains(t, err.Error(), tribehrtest.AdminAPIKey)

			assert.Equal(t, before, readFile(t, path), "the store changed")
			entries, err := os.ReadDir(filepath.Dir(path))
			require.NoError(t, err)
			require.Len(t, entries, 1, "a temporary file was left behind")
		})
	}
}

// vanishingTransport answers GET for one path with the 404 NOT_FOUND a
// user deleted between the list and the fetch gets, and passes every other
// request on.
type vanishingTransport struct {
	next http.RoundTripper
	path string
}

// RoundTrip implements http.RoundTripper.
func (v vanishingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet || r.URL.Path != v.path {
		return v.next.RoundTrip(r)
	}
	if r.Body != nil {
		r.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusNotFound,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(`{"error":{"code":"NOT_FOUND","messages":["Invalid User"]}}`)),
		Request:    r,
	}, nil
}

// TestVanishedUserIsReportedAndSkipped: a user who disappears between the
// list and the fetch fails on their own; the sync reports them, stores
// everybody else, and picks them up on a later run.
func TestVanishedUserIsReportedAndSkipped(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	path := storePath(t)
	ids := activeIDs(t, srv)
	hc := srv.HTTPClient()
	flaky := &http.Client{Transport: vanishingTransport{next: hc.Transport, path: "/users/6.json"}}

	sum := syncOK(t, srv.Client(t, tribehr.WithHTTPClient(flaky)), path)
	require.Len(t, sum.Skipped, 1)
	assert.Equal(t, tribehr.ID(6), sum.Skipped[0].ID)
	assert.Equal(t, "Abby Ring", sum.Skipped[0].Name)
	assert.ErrorIs(t, sum.Skipped[0].Err, tribehr.ErrNotFound)
	assert.Equal(t, len(ids)-1, sum.Created)
	assert.True(t, sum.Written)
	st := readStore(t, path)
	assert.NotContains(t, st.Users, tribehr.ID(6))
	assert.Len(t, st.Users, len(ids)-1)

	sum = syncOK(t, srv.Client(t), path)
	assert.Equal(t, 1, sum.Created)
	assert.Equal(t, len(ids)-1, sum.Unchanged)
	assert.ElementsMatch(t, ids, storedIDs(readStore(t, path)))
}

// TestTerminatedUserIsKeptAndMarkedInactive: a user who leaves the active
// list is fetched once more, keeps their record with its final state, is
// marked inactive, and is not fetched again by later runs.
func TestTerminatedUserIsKeptAndMarkedInactive(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	path := storePath(t)
	client := srv.Client(t)
	syncOK(t, client, path)
	payBefore, _ := field(t, readStore(t, path), 6, "pay_rate")

	// The SDK's UsersService has no Delete; DELETE on a user terminates
	// them in TribeHR.
	req, err := client.NewRequest(context.Background(), http.MethodDelete, "users/6.json", nil)
	require.NoError(t, err)
	_, err = client.Do(req, nil)
	require.NoError(t, err)

	sum := syncOK(t, client, path)
	assert.Equal(t, 1, sum.Deactivated)
	assert.Zero(t, sum.Created+sum.Updated+len(sum.Skipped))
	st := readStore(t, path)
	assert.False(t, st.Users[6].Active)
	assertField(t, st, 6, "employee_status", "TERMINATED")
	assertField(t, st, 6, "pay_rate", *payBefore)

	srv.ResetLog()
	sum = syncOK(t, client, path)
	assert.Zero(t, sum.Deactivated+sum.Created+sum.Updated)
	assert.False(t, sum.Written)
	for _, r := range srv.Requests() {
		assert.NotEqual(t, "/users/6.json", r.Path, "an inactive user was fetched again")
	}
}

// TestCancelledSyncLeavesStoreUntouched: stopping the sync (what SIGINT
// does through signal.NotifyContext) ends it with the context's error and
// leaves the store as it was.
func TestCancelledSyncLeavesStoreUntouched(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	path := storePath(t)
	syncOK(t, srv.Client(t), path)
	setWorkPhone(t, srv, alice, "1 800 555 0142")
	before := readFile(t, path)

	srv.SetLatency(time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	sum, err := runSync(ctx, srv.Client(t), syncConfig{StorePath: path})
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, sum)
	assert.Equal(t, before, readFile(t, path))
}

// TestRunTwiceOnTheEmbeddedFake runs the program as `go run` does with no
// credentials set: the second run finds every user unchanged.
func TestRunTwiceOnTheEmbeddedFake(t *testing.T) {
	for _, v := range exampleenv.Vars {
		t.Setenv(v, "")
	}
	path := storePath(t)
	var first, second, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-store", path}, &first, &errOut))
	require.NoError(t, run(context.Background(), []string{"-store", path, "-workers", "2", "-rate", "50"}, &second, &errOut))
	assert.Empty(t, errOut.String())

	for _, want := range []string{
		`(?m)^Syncing users from the embedded fake server at https://127\.0\.0\.1:\d+ as admin`,
		`(?m)^into .+store\.json: 4 workers, at most 1\.67 requests/s \(bursts of 20\)$`,
		`(?m)^(\d+) active users listed$`,
		`(?m)^  created +[1-9]\d*$`,
		`(?m)^  unchanged +0$`,
		`(?m)^fields: \d+ set, \d+ set empty \(null\), 0 left alone`,
		`(?m)^store written: .+store\.json$`,
	} {
		assert.Regexp(t, regexp.MustCompile(want), first.String())
	}
	listed := regexp.MustCompile(`(?m)^(\d+) active users listed$`).FindStringSubmatch(second.String())
	require.Len(t, listed, 2, second.String())
	for _, want := range []string{
		`(?m)^  created +0$`,
		`(?m)^  updated +0$`,
		`(?m)^  unchanged +` + listed[1] + `$`,
		`(?m)^  skipped +0$`,
		`(?m)^store unchanged: .+ not rewritten$`,
	} {
		assert.Regexp(t, regexp.MustCompile(want), second.String())
	}
	assert.NotContains(t, first.String()+second.String(), tribehrtest.AdminAPIKey)
}

// TestRunRejectsBadFlags: a bad command line is a usage error, and nothing
// is connected to or written.
func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-workers", "0"},
		{"-rate", "0"},
		{"-rate", "NaN"},
		{"-burst", "0"},
		{"-store", ""},
		{"extra"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, &out, &errOut)
		assert.ErrorIs(t, err, cli.ErrUsage, "%v", args)
		assert.Empty(t, out.String(), "%v", args)
		assert.Contains(t, errOut.String(), "usage: sync", "%v", args)
	}
}

// TestRunAgainstTheStandaloneFake syncs from `go run ./cmd/tribehr-fake`,
// as a user does after pasting its export lines: first as the
// administrator, then as the employee emma, whose run leaves alone what
// she may not see.
func TestRunAgainstTheStandaloneFake(t *testing.T) {
	fake := fakecmd.StartForTest(t)
	fake.Setenv(t) // every TRIBEHR_* variable, as pasting its lines sets them
	path := storePath(t)
	var admin, emma, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-store", path, "-rate", "50"}, &admin, &errOut))
	assert.Regexp(t, regexp.MustCompile(`(?m)^Syncing users from 127\.0\.0\.1:\d+ as admin$`), admin.String())
	assert.Regexp(t, regexp.MustCompile(`(?m)^fields: \d+ set, \d+ set empty \(null\), 0 left alone`), admin.String())

	t.Setenv(exampleenv.EnvAPIKey, tribehrtest.EmployeeAPIKey)
	require.NoError(t, run(context.Background(), []string{"-store", path, "-rate", "50", "-user", tribehrtest.EmployeeUsername}, &emma, &errOut))
	assert.Regexp(t, regexp.MustCompile(`(?m)^Syncing users from 127\.0\.0\.1:\d+ as emma$`), emma.String())
	assert.Regexp(t, regexp.MustCompile(`(?m)^fields: \d+ set, \d+ set empty \(null\), [1-9]\d* left alone \(not visible to this account\)$`), emma.String())
	assert.Regexp(t, regexp.MustCompile(`(?m)^  updated +0$`), emma.String(), "nothing the administrator stored is wiped")
	assert.Empty(t, errOut.String())
}
