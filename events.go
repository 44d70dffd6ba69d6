package tribehr

import (
	"context"
	"iter"
	"unicode/utf8"
)

// EventsService makes the calls of the API's events and holidays (/events).
// Reach it as Client.Events.
//
// Lists (Upcoming, Holidays) return partial events; Get, Create and Update
// return full ones. Full turns a partial event into the full one.
type EventsService struct {
	client *Client
}

// Event is a company event, such as a picnic, a product launch or an
// official holiday. One type serves both representations: a partial event
// (from Upcoming and Holidays) simply has fewer fields present than a full
// one (from Get, Create and Update), and a field the caller may not see is
// absent, never empty.
type Event struct {
	ID Field[ID] `json:"id,omitzero"`
	// Name is the event's name, at least two characters long.
	Name Field[string] `json:"name,omitzero"`
	// Notes is a rich text description. The API documents that event notes
	// do not support BBCode yet: they may arrive as HTML (as in every
	// sample) whatever formattedTextAs says, and must be sent as plain
	// text.
	Notes Field[string] `json:"notes,omitzero"`
	// StartDate and EndDate bound the event. They arrive in either kind of
	// date/time: zoned (2013-08-30T17:00:00+00:00, as in the upcoming list
	// and the created event) or always-local (2013-01-01T00:00:00, as in
	// the holidays and the full event): DateTime.IsLocal tells which. An
	// always-local time shows the same wall-clock time to everyone.
	StartDate Field[DateTime] `json:"start_date,omitzero"`
	EndDate   Field[DateTime] `json:"end_date,omitzero"`
	// IsOfficialHoliday reports whether the event is excluded from leave
	// request calculations. Only full events carry it.
	IsOfficialHoliday Field[bool]     `json:"is_official_holiday,omitzero"`
	Created           Field[DateTime] `json:"created,omitzero"`
	Modified          Field[DateTime] `json:"modified,omitzero"`
	// URL is the API path of the event, such as "/events/254.json", as the
	// server sent it. Some samples show older paths ("/events/view/12").
	URL Field[string] `json:"url,omitzero"`
	// EventType is the kind of event (partial: id, name, url).
	EventType Object[EventType] `json:"event_type,omitzero"`
	// Locations are the locations the event applies to (partial objects).
	// The API sends a JSON array in most responses but a single object in
	// the upcoming events list; both read as a list here.
	Locations Field[OneOrMany[Location]] `json:"locations,omitzero"`
	Extra     Extra                      `json:"-"`
}

// EventType is a kind of event ("Lunch", "Official Holiday"), set up in the
// administration section of the TribeHR web app.
type EventType struct {
	ID   Field[ID]     `json:"id,omitzero"`
	Name Field[string] `json:"name,omitzero"`
	// URL is the API path of the event type, such as "/event_types/1.json".
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// HolidayListOptions filters EventsService.Holidays. A nil or zero value
// lists every official holiday.
type HolidayListOptions struct {
	// Year, when set, keeps only the holidays with at least one day in that
	// year. It must have four digits.
	Year int `url:"year,omitempty"`
}

// EventCreate holds the fields of a new event (POST /events.json).
type EventCreate struct {
	// Name is required and must be at least two characters long.
	Name string `url:"name"`
	// Notes is a description. Although the API calls event notes rich text
	// and answers with HTML, it documents that consumers must send plain
	// text (notes do not support BBCode).
	Notes *string `url:"notes,omitempty"`
	// StartDate and EndDate are required, and EndDate must be after
	// StartDate. Use NewDateTime for a zoned time
	// (2013-08-30T17:00:00+00:00) or NewLocalDateTime for an always-local
	// one, which shows the same wall-clock time to everyone.
	StartDate DateTime `url:"start_date"`
	EndDate   DateTime `url:"end_date"`
	// IsOfficialHoliday excludes the event from leave request calculations
	// (sent as 0 or 1; the server's default is false).
	IsOfficialHoliday *bool `url:"is_official_holiday,int,omitempty"`
	// EventType is the id of the event's type; the server defaults to the
	// first event type it finds.
	EventType *ID `url:"event_type[id],omitempty"`
	// Locations are the ids of the locations the event applies to (zero or
	// more), sent as location[][id].
	Locations IDs `url:"location"`
}

// EventUpdate holds the fields to change on an event (PUT
// /events/{id}.json). Every field is optional: a nil field is left as it
// is. The server checks the result against the stored values, so a new
// StartDate after the stored end date fails with VALIDATION_ERROR.
type EventUpdate struct {
	// Name, when set, must be at least two characters long.
	Name *string `url:"name,omitempty"`
	// Notes, when set, replaces the description; a pointer to "" clears it.
	// Send plain text (see EventCreate.Notes).
	Notes     *string   `url:"notes,omitempty"`
	StartDate *DateTime `url:"start_date,omitempty"`
	EndDate   *DateTime `url:"end_date,omitempty"`
	// IsOfficialHoliday is sent as 0 or 1.
	IsOfficialHoliday *bool `url:"is_official_holiday,int,omitempty"`
	EventType         *ID   `url:"event_type[id],omitempty"`
	// Locations replaces the event's locations: nil leaves them as they
	// are, IDs{} removes them all.
	Locations IDs `url:"location"`
}

// Upcoming returns the events that are ongoing (started, not yet ended) or
// start in the future, sorted by start date: all of them or the 50
// soonest, whichever is fewer. It implements "GET /events Getting Events"
// (GET /events/upcoming.json; GET /events.json is an alias of it) and
// returns partial events.
func (s *EventsService) Upcoming(ctx context.Context, opts ...CallOption) ([]Event, error) {
	cfg, err := checkCall("upcoming events", opts)
	if err != nil {
		return nil, err
	}
	return collect[Event](s.client, ctx, cfg, "events/upcoming.json", nil)
}

// UpcomingIter is Upcoming as an iterator (see [UsersService.ListIter]).
func (s *EventsService) UpcomingIter(ctx context.Context, opts ...CallOption) iter.Seq2[Event, error] {
	cfg, err := checkCall("upcoming events", opts)
	if err != nil {
		return failedSeq[Event](err)
	}
	return iterate[Event](s.client, ctx, cfg, "events/upcoming.json", nil)
}

// Holidays returns the events marked as official holidays, sorted by start
// date; opts may narrow them to one year. It implements the holidays list
// of "GET /events Getting Events" (GET /events/holidays.json[?year=YYYY])
// and returns partial events.
func (s *EventsService) Holidays(ctx context.Context, opts *HolidayListOptions, callOpts ...CallOption) ([]Event, error) {
	cfg, err := validated("holiday list options", callOpts, opts.check)
	if err != nil {
		return nil, err
	}
	return collect[Event](s.client, ctx, cfg, "events/holidays.json", opts)
}

// HolidaysIter is Holidays as an iterator (see [UsersService.ListIter]).
// The options are read when HolidaysIter is called.
func (s *EventsService) HolidaysIter(ctx context.Context, opts *HolidayListOptions, callOpts ...CallOption) iter.Seq2[Event, error] {
	cfg, err := validated("holiday list options", callOpts, opts.check)
	if err != nil {
		return failedSeq[Event](err)
	}
	return iterate[Event](s.client, ctx, cfg, "events/holidays.json", opts)
}

func (opts *HolidayListOptions) check(p *problems) {
	if opts != nil && opts.Year != 0 && (opts.Year < 1000 || opts.Year > 9999) {
		p.add("year", "must have four digits, got %d", opts.Year)
	}
}

// Get returns the full event with the given id. It implements "View details
// about an individual event" (GET /events/{id}.json). An unknown id is an
// *APIError matching CodeNotFound and ErrNotFound.
func (s *EventsService) Get(ctx context.Context, id ID, opts ...CallOption) (*Event, error) {
	cfg, err := checkItemID("get event", id, opts)
	if err != nil {
		return nil, err
	}
	var e Event
	if meta, err := s.client.get(ctx, cfg, eventPath(id), nil, &e); err != nil || meta.NotModified {
		return nil, err
	}
	return &e, nil
}

// Full returns the full representation of a partial event, such as one from
// Upcoming or Holidays, by fetching it with Get. The partial event is not
// changed.
// A nil object, or one without a positive id, is a *ValidationError and
// nothing is sent.
func (s *EventsService) Full(ctx context.Context, partial *Event, opts ...CallOption) (*Event, error) {
	id, err := partialID("partial event", partial, func(p *Event) Field[ID] { return p.ID })
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id, opts...)
}

// Create creates an event and returns it in full. It implements "POST
// /events Create a New Event" (POST /events.json). The parameters are
// checked before anything is sent: a *ValidationError lists every problem.
// With create recovery (WithCreateRecovery), a create whose answer was lost
// is looked for (same name and start, created since the call began) among
// the upcoming events, or the holidays for an official holiday, before it
// is ever sent again.
func (s *EventsService) Create(ctx context.Context, params *EventCreate, opts ...CallOption) (*Event, error) {
	cfg, err := validated("event create", opts, params.check)
	if err != nil {
		return nil, err
	}
	var e Event
	find := func(ctx context.Context, l *lookup) (bool, error) { return s.findCreated(ctx, l, params, &e) }
	if err := s.client.create(ctx, cfg, "events.json", params, &e, find); err != nil {
		return nil, err
	}
	return &e, nil
}

// Update changes the given fields of the event with the given id and
// returns it in full. It implements "PUT /events Modify an Event" (PUT
// /events/{id}.json); the body carries id, equal to the URL's. Fields left
// nil keep their stored values.
func (s *EventsService) Update(ctx context.Context, id ID, params *EventUpdate, opts ...CallOption) (*Event, error) {
	cfg, err := validated("event update", opts, func(p *problems) { params.check(p, id) })
	if err != nil {
		return nil, err
	}
	var e Event
	if err := s.client.update(ctx, cfg, eventPath(id), id, params, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// Delete deletes the event with the given id. It implements "DELETE
// /[any resource]/{id} Deleting Resources" (DELETE /events/{id}.json).
func (s *EventsService) Delete(ctx context.Context, id ID, opts ...CallOption) error {
	cfg, err := checkItemID("delete event", id, opts)
	if err != nil {
		return err
	}
	return s.client.delete(ctx, cfg, eventPath(id))
}

func eventPath(id ID) string { return "events/" + id.String() + ".json" }

// minEventName is the shortest event name the API accepts, in characters.
const minEventName = 2

func (params *EventCreate) check(p *problems) {
	if params == nil {
		p.add("", "parameters are nil")
		return
	}
	if n := utf8.RuneCountInString(params.Name); n < minEventName {
		p.add("name", "must be at least %d characters long, got %d", minEventName, n)
	}
	if params.StartDate.IsZero() {
		p.add("start_date", "is required")
	}
	if params.EndDate.IsZero() {
		p.add("end_date", "is required")
	}
	checkEventTimes(p, params.StartDate, params.EndDate)
	checkRef(p, "event_type[id]", params.EventType)
	checkRefs(p, "location[][id]", params.Locations)
}

func (params *EventUpdate) check(p *problems, id ID) {
	checkID(p, id)
	if params == nil {
		p.add("", "parameters are nil")
		return
	}
	if params.Name != nil {
		if n := utf8.RuneCountInString(*params.Name); n < minEventName {
			p.add("name", "must be at least %d characters long, got %d", minEventName, n)
		}
	}
	// An event always has both dates: an empty value would clear one.
	if params.StartDate != nil && params.StartDate.IsZero() {
		p.add("start_date", "must not be empty")
	}
	if params.EndDate != nil && params.EndDate.IsZero() {
		p.add("end_date", "must not be empty")
	}
	if params.StartDate != nil && params.EndDate != nil {
		checkEventTimes(p, *params.StartDate, *params.EndDate)
	}
	checkRef(p, "event_type[id]", params.EventType)
	checkRefs(p, "location[][id]", params.Locations)
}

// checkEventTimes reports an end that is not after the start. A zoned and
// an always-local date/time name different kinds of time and are not
// compared; the server decides.
func checkEventTimes(p *problems, start, end DateTime) {
	if start.IsZero() || end.IsZero() || start.IsLocal() != end.IsLocal() {
		return
	}
	if !end.Time().After(start.Time()) {
		p.add("end_date", "must be after start_date (%s), got %s", start, end)
	}
}
