package tribehr

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/google/go-querystring/query"
	"github.com/hashicorp/go-retryablehttp"

	"github.com/tribehr/tribehr-go/internal/form"
)

// Version is the version of this SDK, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultAPIVersion is the X-API-Version a Client sends unless
// WithAPIVersion says otherwise: the newest version the API documents.
const DefaultAPIVersion = "2.2.0"

// maxResponseBody caps how much of a response body a Client reads.
const maxResponseBody = 64 << 20

// Client talks to one TribeHR account. Its resource services (Users,
// LeaveRequests, Events, Kudos, LeaveTypes) are its fields. A Client is
// safe for concurrent use by many goroutines; make one and share it.
type Client struct {
	// Users reads and updates users.
	Users *UsersService
	// LeaveRequests lists, creates, updates, approves, rejects and deletes
	// leave requests.
	LeaveRequests *LeaveRequestsService
	// Events lists upcoming events and holidays, and creates, updates and
	// deletes events.
	Events *EventsService
	// Kudos lists, sends, updates and deletes kudos.
	Kudos *KudosService
	// LeaveTypes reads the account's leave types.
	LeaveTypes *LeaveTypesService

	baseURL    *url.URL
	auth       authenticator
	httpClient *http.Client
	userAgent  string
	apiVersion string
	source     string
	retry      RetryPolicy
	limiter    Limiter
	logger     *slog.Logger
	holidays   *holidayCache // official holidays by year, for counting working days
	clock      clock
	recovery   bool // WithCreateRecovery

	me    *meCache   // the authenticated user's id, once create recovery needed it
	lists *listShare // the list requests of concurrent create recoveries
}

// meCache keeps the authenticated user's id for create recovery.
type meCache struct {
	mu sync.Mutex
	id ID
}

var subdomainRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// NewClient returns a Client for the account at
// https://<subdomain>.mytribehr.com. The subdomain must be a DNS label
// (letters, digits and hyphens); it may be empty only when WithBaseURL
// names the server. NewClient checks its options and makes no network call.
func NewClient(subdomain string, opts ...Option) (*Client, error) {
	cfg := config{apiVersion: DefaultAPIVersion, retry: DefaultRetryPolicy()}
	var errs []error
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	if cfg.rootCAs != nil && cfg.httpClient != nil {
		errs = append(errs, errors.New("tribehr: WithCAFile and WithHTTPClient together: the Client does not change the transport of your http.Client; set RootCAs in its TLS configuration instead"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	raw := cfg.baseURL
	sub := strings.ToLower(subdomain)
	switch {
	case raw == "" && sub == "":
		return nil, errors.New("tribehr: subdomain is empty")
	case sub != "" && !subdomainRE.MatchString(sub):
		return nil, fmt.Errorf("tribehr: subdomain %q is not a DNS label", subdomain)
	case raw == "":
		raw = "https://" + sub + ".mytribehr.com/"
	}
	base, err := parseBaseURL(raw)
	if err != nil {
		return nil, err
	}

	c := &Client{
		baseURL:    base,
		auth:       cfg.auth,
		apiVersion: cfg.apiVersion,
		source:     cfg.source,
		retry:      cfg.retry,
		limiter:    cfg.limiter,
		logger:     cfg.logger,
		holidays:   new(holidayCache),
		clock:      cfg.clock,
		recovery:   cfg.recovery,
		me:         &meCache{},
		lists:      newListShare(),
		userAgent:  "tribehr-go/" + Version,
	}
	if c.clock == nil {
		c.clock = realClock{}
	}
	if l, ok := c.limiter.(*LocalLimiter); ok && cfg.ownLimiter {
		l.clock = c.clock
	}
	if cfg.uaSuffix != "" {
		c.userAgent += " " + cfg.uaSuffix
	}
	c.httpClient = c.buildHTTPClient(cfg.httpClient, cfg.rootCAs)
	c.Users = &UsersService{client: c}
	c.LeaveRequests = &LeaveRequestsService{client: c}
	c.Events = &EventsService{client: c}
	c.Kudos = &KudosService{client: c}
	c.LeaveTypes = &LeaveTypesService{client: c}
	return c, nil
}

// parseBaseURL checks an account's base URL: https, or http to a loopback
// address; a host; no credentials, query or fragment.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("tribehr: invalid base url: %w", err)
	}
	switch {
	case u.Host == "":
		return nil, fmt.Errorf("tribehr: base url %q has no host", u.Redacted())
	case u.User != nil:
		return nil, errors.New("tribehr: base url must not hold credentials: use WithBasicAuth")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("tribehr: base url %q must not have a query or fragment", u.Redacted())
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	case u.Scheme == "http":
		return nil, fmt.Errorf("tribehr: base url %q is plain http: the API is served over https only (plain http is allowed to loopback addresses for tests)", u.Redacted())
	default:
		return nil, fmt.Errorf("tribehr: base url %q: scheme must be https", u.Redacted())
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns a copy of the URL requests are sent under.
func (c *Client) BaseURL() *url.URL {
	u := *c.baseURL
	return &u
}

// String describes the Client without its credentials.
func (c Client) String() string {
	auth := "no auth"
	if c.auth != nil {
		auth = c.auth.String()
	}
	return fmt.Sprintf("tribehr.Client{%s, %s, api %s}", c.baseURL, auth, c.apiVersion)
}

// Format prints the Client for every verb (%v, %+v, %#v, %s) as String
// does, so credentials never reach logs through fmt.
func (c Client) Format(f fmt.State, _ rune) { io.WriteString(f, c.String()) }

// Response is the metadata of one call: which request it sent, how often,
// and the headers of the last answer. The common call returns only the
// decoded value; pass CaptureResponse(&meta) to a call to get this too, or
// read it from Do's result. A Response describes exactly one call.
type Response struct {
	// Method and Path name the call's request, such as "GET" and
	// "/users/7.json" (without the query).
	Method string
	Path   string
	// StatusCode is the HTTP status of the last answer to the call's
	// request; 0 when none arrived (a failure that left no answer, or a
	// recovered create whose answer was lost).
	StatusCode int
	// Header holds the answer's headers; nil when none arrived.
	Header http.Header
	// Rate is the server's rate-limit state, where it sends one.
	Rate RateLimit
	// Paging is the paging state of a paginated collection.
	Paging Paging
	// ETag and Location are the headers of that name, if sent. After a 304
	// Not Modified, ETag is the tag that still holds (the answer's, or the
	// one the call sent).
	ETag     string
	Location string
	// Attempts is how many times the request was sent, or tried to be, in
	// all: retries and the new sends of create recovery included.
	Attempts int
	// NotModified reports that a conditional call (IfNoneMatch) was
	// answered 304 Not Modified: the copy the caller holds, the one ETag
	// names, is current. Nothing was decoded and the call returned nil.
	NotModified bool
	// Recovered reports that the call was a create whose outcome was
	// unknown (its answer was lost) and that create recovery (see
	// WithCreateRecovery) found the object it had made: the call returned
	// that object, read back from the server.
	Recovered bool
}

// RateLimit is the X-RateLimit-* state of a response. Its fields are zero
// when the server did not send them.
type RateLimit struct {
	// Limit is how many requests the window allows.
	Limit int
	// Remaining is how many are left in the current window.
	Remaining int
	// Reset is when the window resets.
	Reset time.Time
}

// NewRequest builds a request for the API. The path is relative to the
// account's base URL ("users/7.json" and "/users/7.json" are the same) and
// may carry a query string. The body may be nil, url.Values, or a struct
// with go-querystring `url` tags; a struct field holding a *File makes the
// body multipart/form-data. The body is encoded here, in memory, so the
// request can be retried. Every request gets the Authorization,
// X-API-Version, Accept, User-Agent and (when set) X-Source headers, and a
// Content-Type when it has a body.
//
// Service methods cover the documented calls; NewRequest and Do are for
// the rest.
func (c *Client) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	ref, err := url.Parse(strings.TrimLeft(path, "/"))
	if err != nil {
		return nil, fmt.Errorf("tribehr: invalid path %q: %w", path, err)
	}
	if ref.IsAbs() || ref.Host != "" {
		return nil, fmt.Errorf("tribehr: path %q must be relative to the base url", path)
	}
	return c.newRequestURL(ctx, method, c.baseURL.ResolveReference(ref), body)
}

// newRequestURL is NewRequest for a URL on the account's host, such as the
// next page a collection names.
func (c *Client) newRequestURL(ctx context.Context, method string, u *url.URL, body any) (*http.Request, error) {
	var (
		reader io.Reader
		ctype  string
	)
	if body != nil {
		b, err := encodeBody(body)
		if err != nil {
			return nil, fmt.Errorf("tribehr: encode body of %s %s: %w", method, u.Path, err)
		}
		reader, ctype = bytes.NewReader(b.Data), b.ContentType
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), reader)
	if err != nil {
		return nil, fmt.Errorf("tribehr: %w", err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("X-Api-Version", c.apiVersion) // X-API-Version, canonically
	if c.source != "" {
		req.Header.Set("X-Source", c.source)
	}
	if c.auth != nil {
		c.auth.apply(req.Header)
	}
	return req, nil
}

// Do sends req, retrying as the Client's RetryPolicy allows, and decodes a
// 2xx JSON body into v (when v is not nil). It always returns a *Response
// describing the call (its StatusCode is 0 when no answer arrived), and the
// error, if any, is typed:
//
//   - a non-2xx answer is an *APIError;
//   - a call that ended without a complete, usable answer is a
//     *RequestError, matching ErrNotSent or ErrOutcomeUnknown (see
//     RequestError for which rule gives which);
//   - a success whose body is empty or null is a *RequestError matching
//     ErrEmptyResponse when v is not nil, except for a DELETE and a 204 No
//     Content, which are successes with v untouched; a 201 Created without
//     a body is read back from its Location, on the account's host, with a
//     GET.
//
// A request with an If-None-Match header answered 304 Not Modified is a
// success: nothing is decoded, and the Response's NotModified is true.
// Do honours req's context, during waits between attempts too.
func (c *Client) Do(req *http.Request, v any) (*Response, error) {
	return c.send(req, &callConfig{}, v, emptyOnDeleteOr204)
}

// emptyBody says when a success answer may come without a body.
type emptyBody int

const (
	// emptyOnDeleteOr204: Do's rule, for requests of any kind.
	emptyOnDeleteOr204 emptyBody = iota
	// emptyNever: a call that returns an object or a list.
	emptyNever
	// emptyAlways: a DELETE of a resource service.
	emptyAlways
)

func (e emptyBody) allows(method string, status int) bool {
	switch e {
	case emptyAlways:
		return true
	case emptyOnDeleteOr204:
		return method == http.MethodDelete || status == http.StatusNoContent
	}
	return false
}

// send is Do with the call's options: it fills cfg's CaptureResponse
// destination, and empty says when a success may have no body.
func (c *Client) send(req *http.Request, cfg *callConfig, v any, empty emptyBody) (meta *Response, err error) {
	began := time.Now()
	st := &callState{method: req.Method, path: req.URL.Path}
	meta = &Response{Method: req.Method, Path: st.path}
	defer func() {
		meta.Attempts = st.attempts
		c.logCall(meta, err, began)
		if cfg.dst != nil {
			*cfg.dst = *meta
		}
	}()

	rreq, err := retryablehttp.FromRequest(req.WithContext(context.WithValue(req.Context(), callStateKey{}, st)))
	if err != nil {
		return meta, c.requestError(st, fmt.Errorf("read request body: %w", err))
	}
	resp, err := c.retryingClient(st).Do(rreq)
	if resp != nil {
		defer resp.Body.Close()
		meta.fill(resp, c.clock.Now())
	}
	if err != nil {
		return meta, c.requestError(st, err)
	}
	body, err := bodyBytes(resp.Body) // read whole by the attempt transport
	if err != nil {
		return meta, c.requestError(st, err)
	}

	status := resp.StatusCode
	switch {
	case status == http.StatusNotModified && conditional(req):
		meta.NotModified = true
		if meta.ETag == "" {
			meta.ETag = req.Header.Get("If-None-Match")
		}
		return meta, nil
	case status < 200 || status > 299:
		// A DELETE that failed ambiguously and was retried may find the
		// item gone: the first attempt deleted it.
		if status == http.StatusNotFound && req.Method == http.MethodDelete && st.maybeProcessed {
			return meta, nil
		}
		return meta, c.apiError(req, resp, meta, body, st)
	case v == nil:
		return meta, nil
	}
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		switch {
		case status == http.StatusCreated && meta.Location != "":
			return meta, c.readBack(req, cfg, meta, st, v)
		case empty.allows(req.Method, status):
			return meta, nil
		}
		what := "an empty body"
		if len(trimmed) > 0 {
			what = "the body null"
		}
		st.maybeProcessed = true
		return meta, c.requestError(st, &described{
			msg:      fmt.Sprintf("%d %s with %s, where an object or a list was expected", status, http.StatusText(status), what),
			sentinel: ErrEmptyResponse,
		})
	}
	if err := c.decodeBody(body, v); err != nil {
		st.maybeProcessed = true
		return meta, c.requestError(st, fmt.Errorf("decode response: %w", err))
	}
	return meta, nil
}

// decodeBody decodes the JSON body of a success answer into v: the SDK's
// models (and lists of them) in one pass, with their image URLs made
// absolute against the account's base URL; anything else with
// encoding/json. It is the one place where answer bytes become values;
// empty and null bodies are dealt with before it is called.
func (c *Client) decodeBody(body []byte, v any) error {
	if m, ok := v.(modelDecoder); ok {
		return decodeModel(body, c, m)
	}
	return json.Unmarshal(body, v)
}

// conditional reports whether req asks for its answer only if it changed.
func conditional(req *http.Request) bool {
	return req.Header.Get("If-None-Match") != "" || req.Header.Get("If-Modified-Since") != ""
}

// readBack fetches the object a 201 Created names in its Location, as the
// neighbouring APIs answer creates: with no body. The Location must be on
// the account's host. The new object is decoded into v; a failure is a
// *RequestError with OutcomeUnknown (the object was created, but the call
// cannot return it).
func (c *Client) readBack(req *http.Request, cfg *callConfig, meta *Response, st *callState, v any) error {
	st.maybeProcessed = true
	loc, err := req.URL.Parse(meta.Location)
	if err != nil {
		return c.requestError(st, fmt.Errorf("201 Created with an unreadable Location: %w", err))
	}
	if loc.Scheme != c.baseURL.Scheme || !sameHost(loc, c.baseURL) {
		return c.requestError(st, fmt.Errorf("201 Created: refusing to read the new object back from another host: %s", redirectTarget(loc)))
	}
	if q := cfg.query(); q != nil {
		p, err := addQuery(loc.RequestURI(), q)
		if err != nil {
			return c.requestError(st, err)
		}
		if loc, err = loc.Parse(p); err != nil {
			return c.requestError(st, err)
		}
	}
	get, err := http.NewRequestWithContext(req.Context(), http.MethodGet, loc.String(), nil)
	if err != nil {
		return c.requestError(st, err)
	}
	for _, h := range []string{"Authorization", "Accept", "User-Agent", "X-API-Version", "X-Source"} {
		if v := req.Header.Values(h); len(v) > 0 {
			get.Header[h] = v
		}
	}
	if _, err := c.send(get, &callConfig{}, v, emptyNever); err != nil {
		return c.requestError(st, fmt.Errorf("created at %s, but reading it back failed: %w", redirectTarget(loc), err))
	}
	return nil
}

// requestError is the *RequestError of a call that ended with err. A
// refused redirect is kept without net/http's *url.Error around it, whose
// message would repeat the target's query.
func (c *Client) requestError(st *callState, err error) *RequestError {
	var redirErr *RedirectError
	if errors.As(err, &redirErr) {
		err = redirErr
	}
	e := &RequestError{Method: st.method, Path: st.path, Attempts: st.attempts, Outcome: OutcomeNotSent, Host: unknownHost(err), Err: err}
	if st.maybeProcessed {
		e.Outcome = OutcomeUnknown
	}
	return e
}

// logCall logs the final outcome of a call.
func (c *Client) logCall(meta *Response, err error, began time.Time) {
	if c.logger == nil {
		return
	}
	var (
		reqErr  *RequestError
		apiErr  *APIError
		outcome string
	)
	switch {
	case err == nil && meta.NotModified:
		outcome = "not modified"
	case err == nil:
		outcome = "ok"
	case errors.As(err, &reqErr):
		outcome = reqErr.Outcome.String()
	case errors.As(err, &apiErr):
		outcome = "api error"
	default:
		outcome = "error"
	}
	args := []any{"method", meta.Method, "path", meta.Path, "outcome", outcome, "status", meta.StatusCode,
		"attempts", meta.Attempts, "duration", time.Since(began)}
	if err != nil {
		args = append(args, "error", err.Error())
	}
	c.logger.Debug("tribehr call", args...)
}

// apiError builds the typed error of a non-2xx response.
func (c *Client) apiError(req *http.Request, resp *http.Response, meta *Response, body []byte, st *callState) error {
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     req.Method,
		Path:       st.path,
		Attempts:   st.attempts,
		Response:   meta,
	}
	if wait, ok := serverWait(resp, c.clock.Now()); ok {
		e.RetryAfter = wait
	}
	parseErrorBody(e, body)
	return e
}

// call is the one request helper of the resource services: it adds query
// (a struct with `url` tags, or url.Values) and the call options' query
// parameters to path, sends body, and decodes the response into v, which
// must come: an empty or null body is an error.
func (c *Client) call(ctx context.Context, cfg callConfig, method, path string, query, body, v any) error {
	_, err := c.callMeta(ctx, &cfg, method, path, query, body, v, emptyNever)
	return err
}

// get is call for a GET, returning the call's metadata: a conditional GET
// (IfNoneMatch) answered 304 Not Modified returns meta.NotModified true and
// leaves v untouched, and the service method then returns nil.
func (c *Client) get(ctx context.Context, cfg callConfig, path string, query, v any) (*Response, error) {
	return c.callMeta(ctx, &cfg, http.MethodGet, path, query, nil, v, emptyNever)
}

// callMeta is call with the metadata and the rule for empty bodies.
func (c *Client) callMeta(ctx context.Context, cfg *callConfig, method, path string, query, body, v any, empty emptyBody) (*Response, error) {
	if cfg.ifNoneMatch != "" && method != http.MethodGet {
		return nil, &ValidationError{Op: method + " " + strings.SplitN(path, "?", 2)[0], Problems: []FieldError{
			{Field: "If-None-Match", Message: "a conditional request (IfNoneMatch) must be a GET"},
		}}
	}
	p, err := addQuery(path, query)
	if err != nil {
		return nil, err
	}
	if q := cfg.query(); q != nil {
		if p, err = addQuery(p, q); err != nil {
			return nil, err
		}
	}
	req, err := c.NewRequest(ctx, method, p, body)
	if err != nil {
		return nil, err
	}
	if cfg.ifNoneMatch != "" {
		req.Header.Set("If-None-Match", cfg.ifNoneMatch)
	}
	return c.send(req, cfg, v, empty)
}

// update sends a PUT of params to path with the body's id set to the URL's
// id, as the API requires (else it answers ID_MISMATCH).
func (c *Client) update(ctx context.Context, cfg callConfig, path string, id ID, params, v any) error {
	values, parts, err := formValues(params)
	if err != nil {
		return fmt.Errorf("tribehr: encode body of PUT %s: %w", path, err)
	}
	values.Set("id", id.String())
	var body any = values
	if len(parts) > 0 {
		b, err := form.EncodeMultipart(values, parts)
		if err != nil {
			return fmt.Errorf("tribehr: encode body of PUT %s: %w", path, err)
		}
		body = b
	}
	return c.call(ctx, cfg, http.MethodPut, path, nil, body, v)
}

// addQuery appends the encoding of q (a struct with `url` tags, or
// url.Values) to path's query string.
func addQuery(path string, q any) (string, error) {
	var values url.Values
	switch t := q.(type) {
	case nil:
		return path, nil
	case url.Values:
		values = t
	case formEncoder:
		values = url.Values{}
		if err := t.appendForm(values, "", nil); err != nil {
			return "", fmt.Errorf("tribehr: encode query of %s: %w", path, err)
		}
	default:
		v, err := query.Values(q)
		if err != nil {
			return "", fmt.Errorf("tribehr: encode query of %s: %w", path, err)
		}
		values = v
	}
	if len(values) == 0 {
		return path, nil
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + values.Encode(), nil
}

// fill copies the metadata of resp into r.
func (r *Response) fill(resp *http.Response, now time.Time) {
	h := resp.Header
	r.StatusCode = resp.StatusCode
	r.Header = h
	r.Rate = parseRateLimit(h, now)
	r.Paging = parsePaging(h)
	r.ETag = h.Get("Etag")
	r.Location = h.Get("Location")
}
