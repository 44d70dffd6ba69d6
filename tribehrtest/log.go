package tribehrtest

import (
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Request is one request the server received, as recorded in its log.
type Request struct {
	Time   time.Time
	Method string
	// Host is the host the request was sent to: the fake's, or the S3
	// stand-in's (WithS3Avatars).
	Host  string
	Path  string
	Query url.Values
	// Header is the request's header with Authorization redacted.
	Header http.Header
	// Form holds the parsed form fields of a POST or PUT that reached its
	// handler, keyed as sent ("location[][id]"); a multipart file part
	// appears under its field name with the file name as value.
	Form url.Values
	// RawBody is the body of the request as received, whether or not it
	// was processed.
	RawBody []byte
	// User is the username of the authenticated user, "" if none.
	User string
	// Status is the HTTP status the server answered (or would have
	// answered, for a dropped connection); 499 when the client went away
	// during injected latency.
	Status int
	// Processed reports whether the request reached its handler, so that
	// any change it asked for was made.
	Processed bool
	// Dropped reports whether the connection was reset without a response
	// (FaultReset, DropNext).
	Dropped bool
	// Fault is the fault the request met (see FaultNext, RedirectNext and
	// SetFaultMix); 0 when it met none.
	Fault Fault
}

type requestLog struct {
	mu      sync.Mutex
	entries []Request
}

func (l *requestLog) begin(r *http.Request, now time.Time) *Request {
	h := r.Header.Clone()
	if h.Get("Authorization") != "" {
		h.Set("Authorization", "REDACTED")
	}
	return &Request{Time: now, Method: r.Method, Host: r.Host, Path: r.URL.Path, Query: r.URL.Query(), Header: h}
}

func (l *requestLog) finish(e *Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, *e)
}

// Requests returns a copy of the request log, oldest first. A request is
// logged just before its response is written (or its connection dropped),
// so a client that has its answer finds the request here.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return append([]Request(nil), s.log.entries...)
}

// ResetLog empties the request log.
func (s *Server) ResetLog() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.entries = nil
}

// loggable returns the form as url.Values for the log.
func (f *form) loggable() url.Values {
	v := url.Values{}
	for k, vals := range f.values {
		v[k] = append([]string(nil), vals...)
	}
	for k, file := range f.files {
		v[k] = append(v[k], file.Filename)
	}
	return v
}
