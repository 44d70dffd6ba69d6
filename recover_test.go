package tribehr

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeSample decodes a JSON sample into a T, as the SDK would.
func decodeSample[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	require.NoError(t, (&Client{}).decodeBody([]byte(s), &v))
	return v
}

func TestLeaveMatches(t *testing.T) {
	params := &LeaveRequestCreate{DateStart: NewDate(2031, 3, 3), DateEnd: NewDate(2031, 3, 4), Days: Int(2), LeaveType: 1, Comments: String("Ski trip")}
	const full = `{"id": 40, "date_start": "2031-03-03", "date_end": "2031-03-04", "comments": "Ski trip",
		"user": {"id": "7"}, "leave_type": {"id": 1}}`
	tests := []struct {
		name, json string
		params     *LeaveRequestCreate
		want       verdict
	}{
		{"the same", full, params, same},
		{"another user", `{"id": 40, "date_start": "2031-03-03", "date_end": "2031-03-04", "comments": "Ski trip", "user": {"id": 8}, "leave_type": {"id": 1}}`, params, differs},
		{"another end", `{"id": 40, "date_start": "2031-03-03", "date_end": "2031-03-05", "comments": "Ski trip", "user": {"id": 7}, "leave_type": {"id": 1}}`, params, differs},
		{"another leave type", `{"id": 40, "date_start": "2031-03-03", "date_end": "2031-03-04", "comments": "Ski trip", "user": {"id": 7}, "leave_type": {"id": 2}}`, params, differs},
		{"other comments", `{"id": 40, "date_start": "2031-03-03", "date_end": "2031-03-04", "comments": "Beach", "user": {"id": 7}, "leave_type": {"id": 1}}`, params, differs},
		{"comments not visible", `{"id": 40, "date_start": "2031-03-03", "date_end": "2031-03-04", "user": {"id": 7}, "leave_type": {"id": 1}}`, params, unsure},
		{"comments not visible, dates differ", `{"id": 40, "date_start": "2031-04-03", "date_end": "2031-04-04", "user": {"id": 7}, "leave_type": {"id": 1}}`, params, differs},
		{"user not visible", `{"id": 40, "date_start": "2031-03-03", "date_end": "2031-03-04", "comments": "Ski trip", "leave_type": {"id": 1}}`, params, unsure},
		{"no comments sent, null stored", `{"id": 40, "date_start": "2031-03-03", "date_end": "2031-03-04", "comments": null, "user": {"id": 7}, "leave_type": {"id": 1}}`,
			&LeaveRequestCreate{DateStart: NewDate(2031, 3, 3), DateEnd: NewDate(2031, 3, 4), Days: Int(2), LeaveType: 1}, same},
		{"no comments sent, empty stored", `{"id": 40, "date_start": "2031-03-03", "date_end": "2031-03-04", "comments": "", "user": {"id": 7}, "leave_type": {"id": 1}}`,
			&LeaveRequestCreate{DateStart: NewDate(2031, 3, 3), DateEnd: NewDate(2031, 3, 4), Days: Int(2), LeaveType: 1}, same},
		{"no id", `{"date_start": "2031-03-03", "date_end": "2031-03-04", "comments": "Ski trip", "user": {"id": 7}, "leave_type": {"id": 1}}`, params, unsure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, leaveMatches(tt.params, 7, decodeSample[LeaveRequest](t, tt.json)))
		})
	}
}

func TestKudosMatches(t *testing.T) {
	params := &KudosCreate{Recipients: IDs{6, 2}, Text: "Thanks!"}
	tests := []struct {
		name, json string
		want       verdict
	}{
		{"the same, recipients in another order", `{"id": 90, "poster": {"id": 1}, "recipients": [{"id": 2}, {"id": 6}], "text": "Thanks!"}`, same},
		{"another poster", `{"id": 90, "poster": {"id": 7}, "recipients": [{"id": 2}, {"id": 6}], "text": "Thanks!"}`, differs},
		{"fewer recipients", `{"id": 90, "poster": {"id": 1}, "recipients": [{"id": 2}], "text": "Thanks!"}`, differs},
		{"other text", `{"id": 90, "poster": {"id": 1}, "recipients": [{"id": 2}, {"id": 6}], "text": "Thanks"}`, differs},
		{"poster not visible", `{"id": 90, "recipients": [{"id": 2}, {"id": 6}], "text": "Thanks!"}`, unsure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, kudosMatches(params, 1, decodeSample[Kudos](t, tt.json)))
		})
	}
	twice := &KudosCreate{Recipients: IDs{2, 2}, Text: "Thanks!"}
	assert.Equal(t, same, kudosMatches(twice, 1, decodeSample[Kudos](t, `{"id": 90, "poster": {"id": 1}, "recipients": [{"id": 2}], "text": "Thanks!"}`)),
		"a recipient named twice may be kept once")
}

func TestEventMatches(t *testing.T) {
	start := NewDateTime(time.Date(2031, 3, 10, 17, 0, 0, 0, time.FixedZone("", 2*3600)))
	params := &EventCreate{Name: "Launch", StartDate: start, EndDate: NewDateTime(start.Time().Add(time.Hour))}
	tests := []struct {
		name, json string
		want       verdict
	}{
		{"the same instant, in UTC", `{"id": 300, "name": "Launch", "start_date": "2031-03-10T15:00:00+00:00"}`, same},
		{"another instant", `{"id": 300, "name": "Launch", "start_date": "2031-03-10T17:00:00+00:00"}`, differs},
		{"another name", `{"id": 300, "name": "Lunch", "start_date": "2031-03-10T15:00:00+00:00"}`, differs},
		{"made always-local, the same wall clock", `{"id": 300, "name": "Launch", "start_date": "2031-03-10T17:00:00"}`, unsure},
		{"always-local, another time", `{"id": 300, "name": "Launch", "start_date": "2031-03-11T09:00:00"}`, differs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, eventMatches(params, decodeSample[Event](t, tt.json)))
		})
	}
}

func TestUpcomingWouldList(t *testing.T) {
	now := time.Date(2031, 3, 1, 12, 0, 0, 0, time.UTC)
	zoned := func(d time.Duration) *EventCreate {
		return &EventCreate{Name: "x", StartDate: NewDateTime(now.Add(d)), EndDate: NewDateTime(now.Add(d + time.Hour))}
	}
	local := func(d time.Duration) *EventCreate {
		return &EventCreate{Name: "x", StartDate: LocalDateTimeOf(now.Add(d)), EndDate: LocalDateTimeOf(now.Add(d + time.Hour))}
	}
	assert.NoError(t, upcomingWouldList(zoned(time.Hour), nil, now))
	assert.NoError(t, upcomingWouldList(zoned(-30*time.Minute), nil, now), "ongoing")
	assert.Error(t, upcomingWouldList(zoned(-2*time.Hour), nil, now), "over")
	assert.Error(t, upcomingWouldList(local(time.Hour), nil, now), "always-local: may be over in the server's zone")
	assert.NoError(t, upcomingWouldList(local(48*time.Hour), nil, now))

	full := make([]Event, maxUpcoming)
	for i := range full {
		full[i] = decodeSample[Event](t, `{"id": 1, "start_date": "2031-03-20T00:00:00+00:00"}`)
	}
	assert.NoError(t, upcomingWouldList(zoned(48*time.Hour), full, now), "well before the last listed")
	assert.Error(t, upcomingWouldList(zoned(30*24*time.Hour), full, now), "beyond the 50 soonest")
}

func TestCreatedSince(t *testing.T) {
	l := &lookup{began: time.Now()}
	date := time.Date(2031, 3, 1, 12, 0, 0, 0, time.UTC)
	meta := &Response{Header: map[string][]string{"Date": {date.Format(http.TimeFormat)}}}
	since := l.createdSince(meta)
	assert.True(t, since.Before(date.Add(-time.Second)) || since.Equal(date.Add(-time.Second)), "at least a second before the server's Date")
	assert.True(t, since.After(date.Add(-time.Minute)), "the call has run for less than a minute")

	noDate := l.createdSince(&Response{})
	assert.True(t, noDate.Before(time.Now().Add(-time.Minute+time.Second)), "without a Date, a minute of slack for clock skew")
}

func TestListShareNeverServesAnOlderRequest(t *testing.T) {
	s := newListShare()
	ctx := context.Background()
	var mu sync.Mutex
	fetches := 0
	release := make(chan struct{})
	started := make(chan int, 10)
	fetch := func(context.Context) (any, *Response, error) {
		mu.Lock()
		fetches++
		n := fetches
		mu.Unlock()
		started <- n
		<-release
		return n, &Response{}, nil
	}
	results := make(chan int, 10)
	call := func() {
		v, _, err := s.do(ctx, "leave_requests.json?status=all", fetch)
		if err != nil {
			results <- -1
			return
		}
		results <- v.(int)
	}

	go call() // A starts fetch 1
	require.Equal(t, 1, <-started)
	go call() // B and C arrive while fetch 1 is on its way: they wait for fetch 2
	go call()
	waitFor(t, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		next := s.next["leave_requests.json?status=all"]
		return next != nil && next.waiters == 1 // one leads fetch 2, the other waits for it
	})
	release <- struct{}{} // fetch 1 ends: A gets it, fetch 2 starts
	assert.Equal(t, 1, <-results)
	require.Equal(t, 2, <-started, "one request for both")
	release <- struct{}{}
	assert.Equal(t, 2, <-results)
	assert.Equal(t, 2, <-results)

	go call() // D, alone: a request of its own
	require.Equal(t, 3, <-started)
	release <- struct{}{}
	assert.Equal(t, 3, <-results)
	assert.Equal(t, 3, fetches)

	// The lookup that leads the next request and whose context ends runs
	// it at once rather than leave the others waiting for nobody.
	go call()
	require.Equal(t, 4, <-started)
	short, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() {
		_, _, err := s.do(short, "leave_requests.json?status=all", fetch)
		errc <- err
	}()
	waitFor(t, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.next["leave_requests.json?status=all"] != nil
	})
	cancel()
	require.Equal(t, 5, <-started, "run without waiting for fetch 4")
	release <- struct{}{}
	release <- struct{}{}
	assert.Equal(t, 4, <-results)
	assert.NoError(t, <-errc)
}

// waitFor polls cond until it holds, failing the test after a while.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
		runtime.Gosched()
	}
}
