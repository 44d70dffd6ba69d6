package tribehr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Create recovery (see WithCreateRecovery): after a create whose outcome is
// unknown, look for the object it may have made before ever sending it
// again. The comparisons of each resource ("is this existing object the
// one my create would have made?") are the small functions at the end.

// A finder looks for the object a create may have made, among those created
// since the call began. Found, it decodes the object, in full, into the
// create's result and returns true; certainly absent, it returns false; when
// it cannot tell, it returns an error saying why.
type finder func(ctx context.Context, l *lookup) (bool, error)

// lookup is what a finder needs: the Client, the text format of the
// create's answer (for reading the object back as the create would have
// returned it) and when the call began.
type lookup struct {
	c          *Client
	textFormat TextFormat
	began      time.Time // wall clock, with its monotonic reading
}

// lookupList reads a collection for a lookup, in the API's default text
// format (a kudos' text is compared as stored), and returns it with the
// answer's metadata. Concurrent lookups of the same collection share one
// request (see listShare); the list is then shared too, and read only.
func lookupList[T any, P listModel[T]](ctx context.Context, l *lookup, path string, query any) ([]T, *Response, error) {
	key, err := addQuery(path, query)
	if err != nil {
		return nil, nil, err
	}
	v, meta, err := l.c.lists.do(ctx, key, func(ctx context.Context) (any, *Response, error) {
		meta := &Response{}
		list, err := collect[T, P](l.c, ctx, callConfig{dst: meta}, path, query)
		return list, meta, err
	})
	if err != nil {
		return nil, nil, err
	}
	return v.([]T), meta, nil
}

// listShare lets the create recoveries of a Client share list requests: a
// list of all leave requests is the costliest part of a recovery, and when
// many creates lose their answers at once (a flaky network under many
// goroutines) one list serves them all. A lookup only ever gets a list
// whose request started after the lookup asked for it, so the list is
// never older than the lost answer it is looking past: a lookup arriving
// while a request for the list is on its way waits for the next one, which
// starts when that one is done and serves every lookup that arrived
// meanwhile.
type listShare struct {
	mu       sync.Mutex
	inflight map[string]*listFetch // the request on its way, by path and query
	next     map[string]*listFetch // the request that starts after it
}

// listFetch is one shared list request.
type listFetch struct {
	done    chan struct{}
	v       any
	meta    *Response
	err     error
	waiters int // lookups waiting for it besides the one that runs it
}

func newListShare() *listShare {
	return &listShare{inflight: map[string]*listFetch{}, next: map[string]*listFetch{}}
}

// do returns the result of a fetch of key that starts after do was called.
func (s *listShare) do(ctx context.Context, key string, fetch func(context.Context) (any, *Response, error)) (any, *Response, error) {
	s.mu.Lock()
	cur := s.inflight[key]
	if cur == nil {
		f := &listFetch{done: make(chan struct{})}
		s.inflight[key] = f
		s.mu.Unlock()
		s.run(ctx, key, f, fetch)
		return f.v, f.meta, f.err
	}
	f := s.next[key]
	lead := f == nil
	if lead {
		f = &listFetch{done: make(chan struct{})}
		s.next[key] = f
	} else {
		f.waiters++
	}
	s.mu.Unlock()
	if lead {
		select {
		case <-cur.done:
		case <-ctx.Done():
			// Whoever waits for f needs it run: run it now.
		}
		s.mu.Lock()
		delete(s.next, key)
		s.inflight[key] = f
		s.mu.Unlock()
		s.run(ctx, key, f, fetch)
		return f.v, f.meta, f.err
	}
	select {
	case <-f.done:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	if f.err != nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) && ctx.Err() == nil {
		// The context of the lookup that ran the request ended, not ours.
		return fetch(ctx)
	}
	return f.v, f.meta, f.err
}

func (s *listShare) run(ctx context.Context, key string, f *listFetch, fetch func(context.Context) (any, *Response, error)) {
	f.v, f.meta, f.err = fetch(ctx)
	s.mu.Lock()
	if s.inflight[key] == f {
		delete(s.inflight, key)
	}
	s.mu.Unlock()
	close(f.done)
}

// read reads one object back in full, as the create would have answered.
func (l *lookup) read(ctx context.Context, path string, v any) error {
	_, err := l.c.get(ctx, callConfig{textFormat: l.textFormat}, path, nil, v)
	return err
}

// createdSince returns the earliest creation time, on the server's clock,
// that an object made by this call can carry, judged from meta, the
// answer to a lookup: the server's Date, less the time the call has run,
// less a second for the whole seconds both Date and the API's timestamps
// are rounded down to. Without a Date header it falls back to the Client's
// wall clock, less a minute for the skew between the two clocks.
func (l *lookup) createdSince(meta *Response) time.Time {
	elapsed := time.Since(l.began)
	if meta != nil && meta.Header != nil {
		if date, err := http.ParseTime(meta.Header.Get("Date")); err == nil {
			return date.Add(-elapsed - time.Second)
		}
	}
	return time.Now().Add(-elapsed - time.Minute)
}

// recovers reports whether a create with cfg recovers.
func (c *Client) recovers(cfg callConfig) bool {
	switch cfg.recovery {
	case recoveryOn:
		return true
	case recoveryOff:
		return false
	}
	return c.recovery
}

// create sends a create (POST of params to path) and decodes the new object
// into v. With recovery on, a create whose outcome is unknown is looked for
// with find: found, it is the result; certainly absent, the create is sent
// once more, up to RetryPolicy.MaxAttempts sends; otherwise the call fails
// with the outcome-unknown error, its Recovery saying why.
func (c *Client) create(ctx context.Context, cfg callConfig, path string, params, v any, find finder) error {
	if !c.recovers(cfg) {
		return c.call(ctx, cfg, http.MethodPost, path, nil, params, v)
	}
	dst := cfg.dst
	var meta Response
	cfg.dst = &meta
	l := &lookup{c: c, textFormat: cfg.textFormat, began: time.Now()}

	attempts := 0
	var err error
	for send := 1; ; send++ {
		err = c.call(ctx, cfg, http.MethodPost, path, nil, params, v)
		attempts += meta.Attempts
		if err == nil || !errors.Is(err, ErrOutcomeUnknown) {
			break
		}
		// Give a server that is still at it a moment before looking.
		if serr := c.clock.Sleep(ctx, backoff(c.retry.MinWait, c.retry.MaxWait, send)); serr != nil {
			err = withRecovery(err, fmt.Errorf("could not look: %w", serr))
			break
		}
		found, lerr := find(ctx, l)
		if lerr != nil {
			c.debug("tribehr create recovery could not tell", "method", http.MethodPost, "path", meta.Path, "error", lerr.Error())
			err = withRecovery(err, fmt.Errorf("could not tell whether it was made: %w", lerr))
			break
		}
		if found {
			c.debug("tribehr create recovered", "method", http.MethodPost, "path", meta.Path, "attempts", attempts)
			meta.Recovered, err = true, nil
			break
		}
		if send >= c.retry.MaxAttempts {
			err = notMade(err, send)
			break
		}
		c.debug("tribehr create certainly not made: sending it once more", "method", http.MethodPost, "path", meta.Path, "send", send+1)
	}
	meta.Attempts = attempts
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		reqErr.Attempts = attempts
	}
	if dst != nil {
		*dst = meta
	}
	return err
}

// withRecovery attaches to an outcome-unknown error why recovery could not
// tell whether the create took effect.
func withRecovery(err, why error) error {
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		reqErr.Recovery = why
		return err
	}
	// An *APIError of a gateway (502, 504).
	var apiErr *APIError
	e := &RequestError{Outcome: OutcomeUnknown, Err: err, Recovery: why}
	if errors.As(err, &apiErr) {
		e.Method, e.Path, e.Attempts = apiErr.Method, apiErr.Path, apiErr.Attempts
	}
	return e
}

// notMade is the error of a create that recovery found certainly not made
// after its last allowed send: its outcome is no longer unknown.
func notMade(err error, sends int) error {
	why := fmt.Errorf("certainly not made, and the retry policy allows no more sends than %d", sends)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.notMade = true
	}
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		reqErr.Outcome, reqErr.Recovery = OutcomeNotSent, why
		return err
	}
	e := withRecovery(err, why).(*RequestError)
	e.Outcome = OutcomeNotSent
	return e
}

// myID returns the id of the authenticated user (GET /users/me.json),
// fetched once and kept: it cannot change for a Client.
func (c *Client) myID(ctx context.Context) (ID, error) {
	c.me.mu.Lock()
	defer c.me.mu.Unlock()
	if c.me.id > 0 {
		return c.me.id, nil
	}
	var me User
	if _, err := c.get(ctx, callConfig{}, "users/me.json", nil, &me); err != nil {
		return 0, fmt.Errorf("reading the authenticated user: %w", err)
	}
	id, ok := me.ID.Get()
	if !ok || id <= 0 {
		return 0, errors.New("the authenticated user has no id")
	}
	c.me.id = id
	return id, nil
}

// verdict is what a comparison of an existing object with a create's
// parameters concludes.
type verdict int

const (
	same    verdict = iota // every compared field is known and equal
	differs                // some known field differs
	unsure                 // nothing differs, but some field is absent or unreadable
)

// comparison collects the field comparisons of one object.
type comparison struct{ diff, unknown bool }

// field records one comparison: known says whether the object's field could
// be read, equal whether it holds what the create sent.
func (c *comparison) field(known, equal bool) {
	switch {
	case !known:
		c.unknown = true
	case !equal:
		c.diff = true
	}
}

func (c *comparison) verdict() verdict {
	switch {
	case c.diff:
		return differs
	case c.unknown:
		return unsure
	}
	return same
}

// compare compares a Field with the value a create sent.
func compare[T comparable](c *comparison, f Field[T], want T) {
	v, ok := f.Get()
	c.field(ok, v == want)
}

// compareText compares an optional text field with what a create sent:
// nothing sent matches "" or null.
func compareText(c *comparison, f Field[string], sent *string) {
	want := ""
	if sent != nil {
		want = *sent
	}
	if f.Null() {
		c.field(true, want == "")
		return
	}
	compare(c, f, want)
}

// idOf returns the id of an embedded object.
func idOf(id Field[ID], ok bool) (ID, bool) {
	if !ok {
		return 0, false
	}
	return id.Get()
}

// Leave requests.

// findCreated looks for the leave request params would have made: same
// user, dates, leave type and comments, created since the call began, in
// the list of all the leave requests the caller sees.
func (s *LeaveRequestsService) findCreated(ctx context.Context, l *lookup, params *LeaveRequestCreate, out *LeaveRequest) (bool, error) {
	var user ID
	if params.User != nil {
		user = *params.User
	} else {
		me, err := l.c.myID(ctx)
		if err != nil {
			return false, err
		}
		user = me
	}
	list, meta, err := lookupList[LeaveRequest](ctx, l, "leave_requests.json", &LeaveRequestListOptions{Status: LeaveFilterAll})
	if err != nil {
		return false, fmt.Errorf("listing leave requests: %w", err)
	}
	return findAmong(ctx, l, list, l.createdSince(meta), out, candidates[LeaveRequest]{
		what:        "leave request",
		oldestFirst: true, // the list is in creation order
		matches:     func(lr LeaveRequest) verdict { return leaveMatches(params, user, lr) },
		id:          func(lr LeaveRequest) Field[ID] { return lr.ID },
		path:        func(id ID) string { return leaveRequestPath(id) },
		created:     func(lr *LeaveRequest) Field[DateTime] { return lr.Created },
	})
}

// candidates says how findAmong compares and reads back the objects of one
// resource.
type candidates[T any] struct {
	what        string                   // "leave request", for messages
	oldestFirst bool                     // the list is oldest first: go through it from the end
	matches     func(T) verdict          // compares a listed object with the create
	id          func(T) Field[ID]        // the id of a listed object
	path        func(ID) string          // the API path of an object
	created     func(*T) Field[DateTime] // the creation time of a full object
}

// findAmong goes through a list of partial objects and reads back in full,
// into out, the first that matches the create and was created since the
// call began, newest first. It returns false when none does, and an error
// when an object it cannot fully compare may be the one. The list may be
// shared with other lookups: it is only read.
func findAmong[T any](ctx context.Context, l *lookup, list []T, since time.Time, out *T, c candidates[T]) (bool, error) {
	doubt := false
	for n := range list {
		o := list[n]
		if c.oldestFirst {
			o = list[len(list)-1-n]
		}
		switch c.matches(o) {
		case differs:
			continue
		case unsure:
			doubt = true
			continue
		}
		id, _ := c.id(o).Get()
		var full T
		found, err := readCandidate(ctx, l, c.path(id), &full, func() Field[DateTime] { return c.created(&full) }, since)
		switch {
		case err != nil:
			return false, err
		case found:
			*out = full
			return true, nil
		}
	}
	if doubt {
		return false, fmt.Errorf("a %s the caller cannot fully see may be it", c.what)
	}
	return false, nil
}

// leaveMatches compares a listed leave request with a create's parameters.
func leaveMatches(p *LeaveRequestCreate, user ID, lr LeaveRequest) verdict {
	var c comparison
	u, ok := lr.User.Get()
	uid, ok := idOf(u.ID, ok)
	c.field(ok, uid == user)
	compare(&c, lr.DateStart, p.DateStart)
	compare(&c, lr.DateEnd, p.DateEnd)
	t, ok := lr.LeaveType.Get()
	tid, ok := idOf(t.ID, ok)
	c.field(ok, tid == p.LeaveType)
	compareText(&c, lr.Comments, p.Comments)
	_, ok = lr.ID.Get()
	c.field(ok, true)
	return c.verdict()
}

// readCandidate reads a matching object in full into v and reports whether
// it was created since the call began (created returns its timestamp
// field, once read). An object deleted in the meantime is not a match.
func readCandidate(ctx context.Context, l *lookup, path string, v any, created func() Field[DateTime], since time.Time) (bool, error) {
	if err := l.read(ctx, path, v); err != nil {
		if errors.Is(err, ErrNotFound) {
			return false, nil
		}
		return false, fmt.Errorf("reading %s: %w", path, err)
	}
	at, ok := created().Get()
	if !ok {
		return false, fmt.Errorf("%s has no readable creation time", path)
	}
	return !at.Time().Before(since), nil
}

// Kudos.

// findCreated looks for the kudos params would have made: posted by the
// caller to the same recipients with the same text, created since the call
// began, among the 50 most recent kudos.
func (s *KudosService) findCreated(ctx context.Context, l *lookup, params *KudosCreate, out *Kudos) (bool, error) {
	me, err := l.c.myID(ctx)
	if err != nil {
		return false, err
	}
	list, meta, err := lookupList[Kudos](ctx, l, "kudos.json", nil)
	if err != nil {
		return false, fmt.Errorf("listing kudos: %w", err)
	}
	since := l.createdSince(meta)
	doubt := ""
	for _, k := range list { // newest first
		switch kudosMatches(params, me, k) {
		case differs:
			continue
		case unsure:
			doubt = "a kudos the caller cannot fully see may be it"
			continue
		}
		at, ok := k.Created.Get()
		if !ok {
			doubt = "a matching kudos has no readable creation time"
			continue
		}
		if at.Time().Before(since) {
			continue // the same kudos, sent before this call
		}
		id, _ := k.ID.Get()
		if err := l.read(ctx, kudosPath(id), out); err != nil {
			return false, fmt.Errorf("reading kudos %d: %w", id, err)
		}
		return true, nil
	}
	if doubt != "" {
		return false, errors.New(doubt)
	}
	// The list holds only the 50 most recent: if all of them are newer than
	// the call, the kudos may have been pushed out of it.
	if len(list) >= maxKudosList {
		if at, ok := list[len(list)-1].Created.Get(); !ok || !at.Time().Before(since) {
			return false, fmt.Errorf("more than %d kudos were created since the call began", maxKudosList)
		}
	}
	return false, nil
}

// maxKudosList is how many kudos the API lists at most.
const maxKudosList = 50

// kudosMatches compares a listed kudos with a create's parameters.
func kudosMatches(p *KudosCreate, me ID, k Kudos) verdict {
	var c comparison
	poster, ok := k.Poster.Get()
	pid, ok := idOf(poster.ID, ok)
	c.field(ok, pid == me)
	recipients, ok := k.Recipients.Get()
	ids := make([]ID, 0, len(recipients))
	for _, r := range recipients {
		id, known := r.ID.Get()
		ok = ok && known
		ids = append(ids, id)
	}
	// The same recipients in any order; a recipient named twice may be
	// kept once.
	want := slices.Sorted(slices.Values(p.Recipients))
	slices.Sort(ids)
	c.field(ok, slices.Equal(ids, want) || slices.Equal(ids, slices.Compact(slices.Clone(want))))
	compareText(&c, k.Text, &p.Text)
	_, ok = k.ID.Get()
	c.field(ok, true)
	return c.verdict()
}

// Events.

// findCreated looks for the event params would have made: same name and
// start, created since the call began, among the upcoming events, or among
// the holidays for an official holiday.
func (s *EventsService) findCreated(ctx context.Context, l *lookup, params *EventCreate, out *Event) (bool, error) {
	holiday := params.IsOfficialHoliday != nil && *params.IsOfficialHoliday
	path := "events/upcoming.json"
	if holiday {
		path = "events/holidays.json"
	}
	list, meta, err := lookupList[Event](ctx, l, path, nil)
	if err != nil {
		return false, fmt.Errorf("listing events: %w", err)
	}
	found, err := findAmong(ctx, l, list, l.createdSince(meta), out, candidates[Event]{
		what:    "event",
		matches: func(e Event) verdict { return eventMatches(params, e) },
		id:      func(e Event) Field[ID] { return e.ID },
		path:    func(id ID) string { return eventPath(id) },
		created: func(e *Event) Field[DateTime] { return e.Created },
	})
	if found || err != nil {
		return found, err
	}
	if !holiday {
		if err := upcomingWouldList(params, list, serverNow(meta)); err != nil {
			return false, err
		}
	}
	return false, nil
}

// localSlack is how far an always-local time can be from the same
// wall-clock reading in UTC: the widest offsets are -12:00 and +14:00. The
// server places always-local times in its own zone, which the client does
// not know.
const localSlack = 14 * time.Hour

// upcomingWouldList reports (nil) whether the upcoming events list, as
// received at the server time now, would certainly show an event made with
// params: it lists only ongoing and future events, and only the 50 soonest.
func upcomingWouldList(params *EventCreate, list []Event, now time.Time) error {
	end, slack := params.EndDate.Time(), time.Duration(0)
	if params.EndDate.IsLocal() {
		slack = localSlack
	}
	if !end.After(now.Add(slack)) {
		return errors.New("the event is over, or may be in the server's time zone, so the upcoming events need not list it")
	}
	if len(list) >= maxUpcoming {
		last, ok := list[len(list)-1].StartDate.Get()
		if !ok || !params.StartDate.Time().Before(last.Time().Add(-localSlack)) {
			return fmt.Errorf("the event may be beyond the %d soonest that the upcoming events list", maxUpcoming)
		}
	}
	return nil
}

// serverNow is the server's time as the Date header of meta gives it, or
// the Client's wall clock without one.
func serverNow(meta *Response) time.Time {
	if meta != nil && meta.Header != nil {
		if date, err := http.ParseTime(meta.Header.Get("Date")); err == nil {
			return date
		}
	}
	return time.Now()
}

// maxUpcoming is how many events the upcoming list holds at most.
const maxUpcoming = 50

// eventMatches compares a listed event with a create's parameters.
func eventMatches(p *EventCreate, e Event) verdict {
	var c comparison
	compare(&c, e.Name, p.Name)
	start, ok := e.StartDate.Get()
	switch {
	case !ok:
		c.field(false, false)
	case start.IsLocal() == p.StartDate.IsLocal():
		c.field(true, start.Time().Equal(p.StartDate.Time()))
	default:
		// One kind sent, the other returned: the server converted it,
		// so only a mismatch on both readings is a certain difference.
		c.field(!start.Time().Equal(p.StartDate.Time()) && !start.Time().Equal(LocalDateTimeOf(p.StartDate.Time()).Time()), false)
	}
	_, ok = e.ID.Get()
	c.field(ok, true)
	return c.verdict()
}
