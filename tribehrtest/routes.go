package tribehrtest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// handler answers one authenticated, validated request. It runs with the
// store locked.
type handler func(c *call) reply

// call is what a handler knows about its request.
type call struct {
	srv         *Server
	r           *http.Request
	me          *user
	viaPassword bool // authenticated with the password rather than the API key
	id          int  // the item id in the URL, 0 for collections
	form        *form
	now         time.Time
	fired       []fired // webhook events of the change, sent if it succeeds
}

func (c *call) st() *store               { return c.srv.st }
func (c *call) queryGet(k string) string { return c.r.URL.Query().Get(k) }

// resource is one API resource: its collection, its items, and its named
// collections (aliases and filters such as /events/upcoming.json).
type resource struct {
	path      string // "events"
	name      string // "Event", for messages
	multipart bool   // multipart/form-data accepted (kudos pictures)

	list, create        handler
	get, update, remove handler
	named               map[string]handler // GET only
}

// match is a routed request.
type match struct {
	resource  *resource
	id        int
	named     handler
	item      bool
	invalidID bool
}

func (s *Server) resources() map[string]*resource {
	rs := []*resource{
		{path: "users", name: "User", get: getUser, update: updateUser, remove: deleteUser, list: listUsers,
			named: map[string]handler{"me": getMe}},
		{path: "leave_requests", name: "Leave Request", list: listLeaveRequests, create: createLeaveRequest,
			get: getLeaveRequest, update: updateLeaveRequest, remove: deleteLeaveRequest,
			named: map[string]handler{
				"approved": leaveRequestsWithStatus("approved"),
				"pending":  leaveRequestsWithStatus("pending"),
				"rejected": leaveRequestsWithStatus("rejected"),
			}},
		{path: "events", name: "Event", list: listUpcomingEvents, create: createEvent,
			get: getEvent, update: updateEvent, remove: deleteEvent,
			named: map[string]handler{"upcoming": listUpcomingEvents, "holidays": listHolidays}},
		{path: "kudos", name: "Kudos", multipart: true, list: listKudos, create: createKudos,
			get: getKudos, update: updateKudos, remove: deleteKudos},
		{path: "leave_types", name: "Leave Type", list: listLeaveTypes, get: getLeaveType},
		{path: "event_types", name: "Event Type", list: listEventTypes, get: getEventType},
		{path: "locations", name: "Location", list: listLocations, get: getLocation},
		{path: "values", name: "Value", list: listValues, get: getValue},
	}
	m := map[string]*resource{}
	for _, r := range rs {
		m[r.path] = r
	}
	return m
}

// route maps a URL path to a resource. Anything that is not an API URL of a
// known resource (including anything not ending in .json) is not found.
func (s *Server) route(path string) (match, bool) {
	p, ok := strings.CutSuffix(path, ".json")
	if !ok {
		return match{}, false
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	res := s.routes[parts[0]]
	if res == nil {
		return match{}, false
	}
	switch len(parts) {
	case 1:
		return match{resource: res}, true
	case 2:
		seg := parts[1]
		if seg == "" {
			return match{resource: res, item: true, invalidID: true}, true
		}
		if h := res.named[seg]; h != nil {
			return match{resource: res, named: h}, true
		}
		id, err := strconv.Atoi(seg)
		if err != nil || id <= 0 || strconv.Itoa(id) != seg {
			return match{}, false
		}
		return match{resource: res, item: true, id: id}, true
	}
	return match{}, false
}

// handler returns the handler for method, or nil when the method is not
// allowed here.
func (m match) handler(method string) handler {
	r := m.resource
	switch {
	case m.named != nil:
		if method == http.MethodGet {
			return m.named
		}
	case m.item:
		switch method {
		case http.MethodGet:
			return r.get
		case http.MethodPut:
			return r.update
		case http.MethodDelete:
			return r.remove
		}
	default:
		switch method {
		case http.MethodGet:
			return r.list
		case http.MethodPost:
			return r.create
		}
	}
	return nil
}

// allowed lists the methods the matched URL answers.
func (m match) allowed() []string {
	var out []string
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		if m.handler(method) != nil {
			out = append(out, method)
		}
	}
	sort.Strings(out)
	return out
}
