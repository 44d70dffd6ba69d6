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
	"time"

	"github.com/google/go-querystring/query"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"

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
	limiter    *rate.Limiter
	logger     *slog.Logger
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
		userAgent:  "tribehr-go/" + Version,
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

// Response is the metadata of an API response, for callers who want more
// than the decoded value: pass a context made with CaptureResponse to any
// call.
type Response struct {
	// StatusCode is the HTTP status of the last attempt.
	StatusCode int
	// Header holds the response headers.
	Header http.Header
	// Rate is the server's rate-limit state, where it sends one.
	Rate RateLimit
	// Paging is the paging state of a paginated collection.
	Paging Paging
	// ETag and Location are the headers of that name, if sent.
	ETag     string
	Location string
	// Attempts is how many times the request was sent.
	Attempts int
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

type captureKey struct{}

// CaptureResponse returns a context that makes any call made with it copy
// the metadata of its response (success or API error) into dst. When several
// calls share the context, dst holds the last one's.
//
//	var meta tribehr.Response
//	users, err := client.Users.List(tribehr.CaptureResponse(ctx, &meta))
//	fmt.Println(meta.Rate.Remaining)
func CaptureResponse(ctx context.Context, dst *Response) context.Context {
	return context.WithValue(ctx, captureKey{}, dst)
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
	u := c.baseURL.ResolveReference(ref)

	var (
		reader io.Reader
		ctype  string
	)
	if body != nil {
		b, err := form.Encode(body, fileOf)
		if err != nil {
			return nil, fmt.Errorf("tribehr: encode body of %s %s: %w", method, ref.Path, err)
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
// 2xx JSON body into v (when v is not nil). A non-2xx response is returned
// as an *APIError; the *Response is returned in both cases when a response
// arrived. Do honours req's context, during backoff waits too.
func (c *Client) Do(req *http.Request, v any) (*Response, error) {
	ctx := req.Context()
	st := &callState{method: req.Method, path: req.URL.Path}
	rreq, err := retryablehttp.FromRequest(req)
	if err != nil {
		return nil, fmt.Errorf("tribehr: %s %s: %w", req.Method, st.path, err)
	}
	resp, err := c.retryingClient(st).Do(rreq)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, st.networkError(err)
	}
	defer resp.Body.Close()

	meta := newResponse(resp, st.attempts)
	if dst, ok := ctx.Value(captureKey{}).(*Response); ok && dst != nil {
		*dst = *meta
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return meta, st.networkError(fmt.Errorf("read response: %w", err))
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// A DELETE that failed ambiguously and was retried may find the
		// item gone: the first attempt deleted it.
		if resp.StatusCode == http.StatusNotFound && req.Method == http.MethodDelete && st.ambiguous {
			return meta, nil
		}
		return meta, c.apiError(req, resp, meta, body, st)
	}
	if v == nil || len(bytes.TrimSpace(body)) == 0 {
		return meta, nil
	}
	if err := c.decodeBody(body, v); err != nil {
		return meta, fmt.Errorf("tribehr: decode response of %s %s: %w", req.Method, st.path, err)
	}
	return meta, nil
}

// decodeBody decodes a successful response's body into v: the SDK's
// models (and lists of them) in one pass, with their image URLs made
// absolute against the account's base URL; anything else with
// encoding/json.
func (c *Client) decodeBody(body []byte, v any) error {
	if m, ok := v.(modelDecoder); ok {
		return decodeModel(body, c, m)
	}
	return json.Unmarshal(body, v)
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
	if wait, ok := serverWait(resp, time.Now()); ok {
		e.RetryAfter = wait
	}
	parseErrorBody(e, body)
	return e
}

// call is the one request helper of the resource services: it adds query
// (a struct with `url` tags, or url.Values) and the call options' query
// parameters to path, sends body, and decodes the response into v.
func (c *Client) call(ctx context.Context, cfg callConfig, method, path string, query, body, v any) error {
	p, err := addQuery(path, query)
	if err != nil {
		return err
	}
	if q := cfg.query(); q != nil {
		if p, err = addQuery(p, q); err != nil {
			return err
		}
	}
	req, err := c.NewRequest(ctx, method, p, body)
	if err != nil {
		return err
	}
	_, err = c.Do(req, v)
	return err
}

// update sends a PUT of params to path with the body's id set to the URL's
// id, as the API requires (else it answers ID_MISMATCH).
func (c *Client) update(ctx context.Context, cfg callConfig, path string, id ID, params, v any) error {
	values, parts, err := form.Values(params, fileOf)
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

func newResponse(resp *http.Response, attempts int) *Response {
	h := resp.Header
	return &Response{
		StatusCode: resp.StatusCode,
		Header:     h,
		Rate:       parseRateLimit(h),
		Paging:     parsePaging(h),
		ETag:       h.Get("Etag"),
		Location:   h.Get("Location"),
		Attempts:   attempts,
	}
}
