package tribehr

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lcHolidays2013 are holidays of 2013 as the holidays list sends them: the
// document's sample (New Year's Day at location 2, Boxing Day at 3) plus
// one for everywhere and one across the year end.
const lcHolidays2013 = `[
 {"id": 12, "name": "New Year's Day", "start_date": "2013-01-01T00:00:00", "end_date": "2013-01-01T00:00:00", "locations": [{"id": 2}]},
 {"id": 40, "name": "Thanksgiving", "start_date": "2013-11-28T00:00:00", "end_date": "2013-11-29T00:00:00", "locations": []},
 {"id": 33, "name": "Boxing Day", "start_date": "2013-12-26T00:00:00", "end_date": "2013-12-26T00:00:00", "locations": [{"id": 3}]},
 {"id": 41, "name": "Winter Break", "start_date": "2013-12-31T00:00:00", "end_date": "2014-01-01T00:00:00", "locations": [{"id": 1}]}
]`

const lcHolidays2014 = `[
 {"id": 41, "name": "Winter Break", "start_date": "2013-12-31T00:00:00", "end_date": "2014-01-01T00:00:00", "locations": [{"id": 1}]}
]`

// lcServer answers the calls of a count: the users (alice is at location 1,
// as in the document's sample), the holidays of 2013 and 2014 (other years
// have none), and leave request creation (the document's sample answer).
// It counts the requests by path and year.
type lcServer struct {
	mu       sync.Mutex
	calls    map[string]int
	forms    []url.Values
	failNext map[string]int // path+query -> how many 403s to answer first
}

func newLCServer(t *testing.T) (*lcServer, *Client) {
	s := &lcServer{calls: map[string]int{}, failNext: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(t, w, r) }))
	t.Cleanup(srv.Close)
	return s, newTestClient(t, srv.URL)
}

func (s *lcServer) serve(t *testing.T, w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if y := r.URL.Query().Get("year"); y != "" {
		key += "?year=" + y
	}
	s.mu.Lock()
	s.calls[key]++
	fail := s.failNext[key] > 0
	if fail {
		s.failNext[key]--
	}
	if r.Method == http.MethodPost {
		assert.NoError(t, r.ParseForm())
		s.forms = append(s.forms, r.PostForm)
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if fail {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error":{"code":"ACCESS_ERROR","messages":["no"]}}`))
		return
	}
	var body string
	switch key {
	case "/users/7.json", "/users/me.json":
		body = string(fixture(t, "users_get.json"))
	case "/users/8.json": // location not visible
		body = `{"id": 8, "username": "x", "assignment_record": {"id": 1}}`
	case "/users/9.json": // no location
		body = `{"id": 9, "username": "y", "assignment_record": {"id": 2, "location": null}}`
	case "/users/10.json": // no assignment record
		body = `{"id": 10, "username": "z", "assignment_record": null}`
	case "/events/holidays.json?year=2013":
		body = lcHolidays2013
	case "/events/holidays.json?year=2014":
		body = lcHolidays2014
	case "/leave_requests.json":
		body = string(fixture(t, "leave_requests_create.json"))
	default:
		if strings.HasPrefix(key, "/events/holidays.json?year=") {
			body = `[]`
			break
		}
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Write([]byte(body))
}

func (s *lcServer) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[key]
}

func (s *lcServer) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		n += c
	}
	return n
}

func TestCountWorkingTimeFetchesHolidaysOncePerYear(t *testing.T) {
	srv, c := newLCServer(t)
	ctx := context.Background()
	alice := Ptr(ID(7))

	// Thanksgiving (everywhere) takes two days off the last week of November.
	got, err := c.LeaveRequests.CountWorkingTime(ctx, alice, NewDate(2013, 11, 25), NewDate(2013, 11, 29), nil)
	require.NoError(t, err)
	assert.Equal(t, WorkingTime{Days: 3, Hours: 24 * time.Hour, Holidays: []Date{NewDate(2013, 11, 28), NewDate(2013, 11, 29)}}, got)
	assert.Equal(t, 1, srv.count("/events/holidays.json?year=2013"))
	assert.Equal(t, 1, srv.count("/users/7.json"))

	// Boxing Day is London's (3), not alice's (1): another count in 2013
	// reads her location again but not the holidays.
	got, err = c.LeaveRequests.CountWorkingTime(ctx, alice, NewDate(2013, 12, 23), NewDate(2013, 12, 27), nil)
	require.NoError(t, err)
	assert.Equal(t, 5, got.Days)
	assert.Equal(t, 1, srv.count("/events/holidays.json?year=2013"), "cached")
	assert.Equal(t, 2, srv.count("/users/7.json"))

	// Across the year end: 2014 is fetched once, and the winter break listed
	// in both years is taken off once a day.
	got, err = c.LeaveRequests.CountWorkingTime(ctx, alice, NewDate(2013, 12, 30), NewDate(2014, 1, 3), nil)
	require.NoError(t, err)
	assert.Equal(t, WorkingTime{Days: 3, Hours: 24 * time.Hour, Holidays: []Date{NewDate(2013, 12, 31), NewDate(2014, 1, 1)}}, got)
	assert.Equal(t, 1, srv.count("/events/holidays.json?year=2013"))
	assert.Equal(t, 1, srv.count("/events/holidays.json?year=2014"))

	// The authenticated user, and a given location: no user is read.
	_, err = c.LeaveRequests.CountWorkingTime(ctx, nil, NewDate(2013, 12, 30), NewDate(2014, 1, 3), nil)
	require.NoError(t, err)
	assert.Equal(t, 1, srv.count("/users/me.json"))
	got, err = c.LeaveRequests.CountWorkingTime(ctx, alice, NewDate(2013, 12, 23), NewDate(2013, 12, 27), &WorkingDaysOptions{Location: Ptr(ID(3))})
	require.NoError(t, err)
	assert.Equal(t, 4, got.Days, "Boxing Day at location 3")
	assert.Equal(t, 3, srv.count("/users/7.json"), "read for the year-end count, not for this one")
	assert.Equal(t, 1, srv.count("/events/holidays.json?year=2013"))

	// Holidays given: none is fetched; an empty list means none.
	got, err = c.LeaveRequests.CountWorkingTime(ctx, alice, NewDate(2015, 11, 23), NewDate(2015, 11, 27),
		&WorkingDaysOptions{Location: Ptr(ID(1)), Holidays: []Event{}})
	require.NoError(t, err)
	assert.Equal(t, 5, got.Days)
	assert.Zero(t, srv.count("/events/holidays.json?year=2015"))
}

func TestCountWorkingTimeReadsTheLocation(t *testing.T) {
	srv, c := newLCServer(t)
	ctx := context.Background()
	opts := &WorkingDaysOptions{Holidays: decodeFixture[[]Event](t, "events_holidays.json")} // New Year's Day at 2, Boxing Day at 3
	newYear := func(user ID) (WorkingTime, error) {
		return c.LeaveRequests.CountWorkingTime(ctx, Ptr(user), NewDate(2013, 1, 1), NewDate(2013, 1, 1), opts)
	}

	got, err := newYear(7)
	require.NoError(t, err)
	assert.Equal(t, 1, got.Days, "alice is at location 1")

	for _, user := range []ID{9, 10} {
		got, err := newYear(user)
		require.NoError(t, err, "user %d", user)
		assert.Equal(t, 1, got.Days, "user %d has no location: only holidays naming none apply", user)
	}

	_, err = newYear(8)
	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "location", verr.Problems[0].Field)
	assert.Contains(t, err.Error(), "not visible")
	assert.Equal(t, 1, srv.count("/users/8.json"))

	_, err = newYear(11)
	assert.ErrorIs(t, err, ErrNotFound, "an unknown user")
	assert.Zero(t, srv.count("/events/holidays.json?year=2013"), "the holidays were given")
}

func TestHolidayCacheIsSharedByConcurrentCounts(t *testing.T) {
	srv, c := newLCServer(t)
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.LeaveRequests.CountWorkingTime(context.Background(), Ptr(ID(7)), NewDate(2016, 3, 1), NewDate(2017, 3, 1),
				&WorkingDaysOptions{Location: Ptr(ID(1))})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 1, srv.count("/events/holidays.json?year=2016"))
	assert.Equal(t, 1, srv.count("/events/holidays.json?year=2017"))
}

func TestHolidayCacheForgetsAFailedFetch(t *testing.T) {
	srv, c := newLCServer(t)
	srv.failNext["/events/holidays.json?year=2013"] = 1
	ctx := context.Background()
	count := func() (WorkingTime, error) {
		return c.LeaveRequests.CountWorkingTime(ctx, nil, NewDate(2013, 11, 25), NewDate(2013, 11, 29), &WorkingDaysOptions{Location: Ptr(ID(1))})
	}
	_, err := count()
	assert.ErrorIs(t, err, ErrForbidden)
	assert.Contains(t, err.Error(), "holidays of 2013")
	got, err := count()
	require.NoError(t, err)
	assert.Equal(t, 3, got.Days)
	assert.Equal(t, 2, srv.count("/events/holidays.json?year=2013"), "fetched again after the failure, then kept")
	_, err = count()
	require.NoError(t, err)
	assert.Equal(t, 2, srv.count("/events/holidays.json?year=2013"))

	// A count whose context has ended fails with it (see also
	// TestHolidayCacheWaiters).
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.LeaveRequests.CountWorkingTime(cctx, nil, NewDate(2020, 1, 1), NewDate(2020, 1, 2), &WorkingDaysOptions{Location: Ptr(ID(1))})
	assert.ErrorIs(t, err, context.Canceled)
}

// TestHolidayCacheWaiters holds a fetch in flight: a count whose context
// has ended does not wait for it (nor fetch), and a count waiting for it
// when it fails fetches the year itself, which is then kept.
func TestHolidayCacheWaiters(t *testing.T) {
	var c holidayCache
	bg := context.Background()
	started, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		_, err := c.get(bg, 2020, func(context.Context, int) ([]holiday, error) {
			close(started)
			<-release
			return nil, errors.New("lost")
		})
		first <- err
	}()
	<-started

	ended, cancel := context.WithCancel(bg)
	cancel()
	fetched := 0
	_, err := c.get(ended, 2020, func(context.Context, int) ([]holiday, error) { fetched++; return nil, nil })
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, fetched, "an ended count fetches nothing")

	type result struct {
		hs  []holiday
		err error
	}
	second := make(chan result, 1)
	want := []holiday{{first: 18262, last: 18262}}
	go func() {
		hs, err := c.get(bg, 2020, func(context.Context, int) ([]holiday, error) { return want, nil })
		second <- result{hs, err}
	}()
	close(release)
	require.EqualError(t, <-first, "lost")
	r := <-second
	require.NoError(t, r.err)
	assert.Equal(t, want, r.hs)

	hs, err := c.get(bg, 2020, func(context.Context, int) ([]holiday, error) { fetched++; return nil, nil })
	require.NoError(t, err)
	assert.Equal(t, want, hs)
	assert.Zero(t, fetched, "the year fetched after the failure is kept")
}

func TestCreateCountedSendsTheCountedDays(t *testing.T) {
	srv, c := newLCServer(t)
	ctx := context.Background()
	lr, err := c.LeaveRequests.CreateCounted(ctx, &LeaveRequestCreate{
		DateStart: NewDate(2013, 11, 15), // a Friday
		DateEnd:   NewDate(2013, 11, 29), // through Thanksgiving
		User:      Ptr(ID(7)),
		LeaveType: 1,
		Comments:  String("I'm off to visit my family in Ottawa!"),
	}, nil)
	require.NoError(t, err)
	assert.Equal(t, ID(34), lr.ID.Value())
	require.Len(t, srv.forms, 1)
	form := srv.forms[0]
	assert.Equal(t, []string{"9"}, form["days"], "11 weekdays less Thanksgiving's two")
	assert.NotContains(t, form, "hours")
	assert.Equal(t, []string{"2013-11-15"}, form["date_start"])
	assert.Equal(t, []string{"2013-11-29"}, form["date_end"])
	assert.Equal(t, []string{"7"}, form["user[id]"])
	assert.Equal(t, []string{"1"}, form["leave_type[id]"])

	// A week of ten-hour days, Sunday to Wednesday.
	_, err = c.LeaveRequests.CreateCounted(ctx, &LeaveRequestCreate{
		DateStart: NewDate(2013, 11, 24), DateEnd: NewDate(2013, 11, 30), LeaveType: 1,
	}, &WorkingDaysOptions{Week: WorkWeek{time.Sunday: 10 * time.Hour, time.Monday: 10 * time.Hour,
		time.Tuesday: 10 * time.Hour, time.Wednesday: 10 * time.Hour}, Location: Ptr(ID(1))})
	require.NoError(t, err)
	require.Len(t, srv.forms, 2)
	assert.Equal(t, []string{"4"}, srv.forms[1]["days"])
	assert.NotContains(t, srv.forms[1], "user[id]")
}

func TestCreateCountedRefusesBeforeSending(t *testing.T) {
	start, end := NewDate(2013, 11, 15), NewDate(2013, 11, 18)
	for _, tc := range []struct {
		name     string
		params   *LeaveRequestCreate
		counting *WorkingDaysOptions
		opts     []CallOption
		fields   []string
	}{
		{"nil parameters", nil, nil, nil, []string{""}},
		{"reversed", &LeaveRequestCreate{DateStart: end, DateEnd: start, LeaveType: 1}, nil, nil, []string{"date_end"}},
		{"reversed across a year end", &LeaveRequestCreate{DateStart: NewDate(2014, 1, 2), DateEnd: NewDate(2013, 12, 30), LeaveType: 1}, nil, nil, []string{"date_end"}},
		{"days given", &LeaveRequestCreate{DateStart: start, DateEnd: end, Days: Int(2), LeaveType: 1}, nil, nil, []string{"days"}},
		{"hours given", &LeaveRequestCreate{DateStart: start, DateEnd: end, Hours: Int(16), LeaveType: 1}, nil, nil, []string{"days"}},
		{"Create's own checks", &LeaveRequestCreate{DateStart: start, DateEnd: NewDate(2013, 2, 30), Status: "MAYBE", User: Ptr(ID(-1))},
			nil, nil, []string{"date_end", "status", "user[id]", "leave_type[id]"}},
		{"a bad week", &LeaveRequestCreate{DateStart: start, DateEnd: end, LeaveType: 1},
			&WorkingDaysOptions{Week: WorkWeek{time.Monday: 30 * time.Hour}}, nil, []string{"work_week"}},
		{"a bad location", &LeaveRequestCreate{DateStart: start, DateEnd: end, LeaveType: 1},
			&WorkingDaysOptions{Location: Ptr(ID(-3))}, nil, []string{"location"}},
		{"too many years to fetch", &LeaveRequestCreate{DateStart: start, DateEnd: NewDate(2018, 1, 1), LeaveType: 1}, nil, nil, []string{"date_end"}},
		{"a bad call option", &LeaveRequestCreate{DateStart: start, DateEnd: end, LeaveType: 1}, nil,
			[]CallOption{FormattedTextAs("rtf")}, []string{"formattedTextAs"}},
		// A 304 would leave no employee and no holidays to count (and the
		// empty year would be kept), and a cap would fail on a longer year.
		{"a conditional count", &LeaveRequestCreate{DateStart: start, DateEnd: end, LeaveType: 1}, nil,
			[]CallOption{IfNoneMatch(`"v1"`), CaptureResponse(new(Response))}, []string{"If-None-Match"}},
		{"a capped count", &LeaveRequestCreate{DateStart: start, DateEnd: end, LeaveType: 1}, nil,
			[]CallOption{MaxItems(1)}, []string{"MaxItems"}},
		{"holidays given that cannot be read", &LeaveRequestCreate{DateStart: start, DateEnd: end, LeaveType: 1},
			&WorkingDaysOptions{Holidays: []Event{{}}}, nil, []string{"holidays[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := countingClient(t)
			lr, err := c.LeaveRequests.CreateCounted(context.Background(), tc.params, tc.counting, tc.opts...)
			assert.Nil(t, lr)
			assertNotSent(t, rec, err, tc.fields...)
			var verr *ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "leave request create", verr.Op)
		})
	}

	// Many years are fine when the holidays are given.
	c, rec := countingClient(t)
	_, err := c.LeaveRequests.CountWorkingTime(context.Background(), nil, start, NewDate(2030, 1, 1),
		&WorkingDaysOptions{Location: Ptr(ID(1)), Holidays: []Event{}})
	require.NoError(t, err)
	assert.Zero(t, rec.count())

	// CountWorkingTime checks the same way.
	_, err = c.LeaveRequests.CountWorkingTime(context.Background(), Ptr(ID(0)), end, start, nil)
	assertNotSent(t, rec, err, "date_end", "user[id]")
	_, err = c.LeaveRequests.CountWorkingTime(context.Background(), nil, start, end, &WorkingDaysOptions{Location: Ptr(ID(1))},
		IfNoneMatch(`"v1"`), CaptureResponse(new(Response)), MaxItems(10))
	assertNotSent(t, rec, err, "If-None-Match", "MaxItems")
	_, err = c.LeaveRequests.CountWorkingTime(context.Background(), Ptr(ID(7)), start, end, &WorkingDaysOptions{Holidays: []Event{{}}})
	assertNotSent(t, rec, err, "holidays[0]")
}

func TestCreateCountedRefusesALeaveWithoutWorkingDays(t *testing.T) {
	srv, c := newLCServer(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name       string
		start, end Date
	}{
		{"a weekend", NewDate(2013, 11, 16), NewDate(2013, 11, 17)},
		{"a holiday", NewDate(2013, 11, 28), NewDate(2013, 11, 28)},
		{"a holiday and a weekend", NewDate(2013, 11, 28), NewDate(2013, 12, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lr, err := c.LeaveRequests.CreateCounted(ctx, &LeaveRequestCreate{DateStart: tc.start, DateEnd: tc.end, LeaveType: 1, User: Ptr(ID(7))}, nil)
			assert.Nil(t, lr)
			var verr *ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "days", verr.Problems[0].Field)
			assert.Contains(t, err.Error(), "holds no working day")
		})
	}
	assert.Zero(t, srv.count("/leave_requests.json"), "no leave request was sent")
	assert.Equal(t, 3, srv.count("/users/7.json"))
	assert.Equal(t, 1, srv.count("/events/holidays.json?year=2013"))
	assert.Equal(t, 4, srv.total())
}
