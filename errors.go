package tribehr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrorCode is an error code of the TribeHR API, as sent in the code field of
// an error body. ErrorCode values are errors, so a caller matches an
// *APIError carrying a code with errors.Is:
//
//	if errors.Is(err, tribehr.CodeNotFound) { ... }
type ErrorCode string

// The error codes the TribeHR API documents.
const (
	// CodeInvalidID: a single resource was requested without an id (404).
	CodeInvalidID ErrorCode = "INVALID_ID"
	// CodeNotFound: the requested item does not exist (404).
	CodeNotFound ErrorCode = "NOT_FOUND"
	// CodeIDMismatch: the id in a PUT or POST body differs from the URL's
	// (400). The SDK always sends the URL's id, so it cannot cause one.
	CodeIDMismatch ErrorCode = "ID_MISMATCH"
	// CodeValidation: the body was not valid; the messages explain why (400).
	CodeValidation ErrorCode = "VALIDATION_ERROR"
	// CodeSave: an unknown failure while creating or updating.
	CodeSave ErrorCode = "SAVE_ERROR"
	// CodeDelete: an unknown failure while deleting.
	CodeDelete ErrorCode = "DELETE_ERROR"
	// CodeRights: the account's package lacks the feature (403).
	CodeRights ErrorCode = "RIGHTS_ERROR"
	// CodeAccess: the authenticated user lacks permission (403).
	CodeAccess ErrorCode = "ACCESS_ERROR"
	// CodeConnection: the account's database could not be reached (500).
	CodeConnection ErrorCode = "CONNECTION_ERROR"
	// CodeUnknownSubdomain: no account has this subdomain (404).
	CodeUnknownSubdomain ErrorCode = "UNKNOWN_SUBDOMAIN"
	// CodeMaintenance: the service is down for maintenance (503).
	CodeMaintenance ErrorCode = "MAINTENANCE"
	// CodeUnknown: the API's catch-all ERROR code.
	CodeUnknown ErrorCode = "ERROR"
)

// Error returns the code itself.
func (c ErrorCode) Error() string { return string(c) }

// statusError is the type of the status sentinels: an *APIError matches one
// with errors.Is when its HTTP status is the sentinel's.
type statusError struct {
	status int
	name   string
}

func (e *statusError) Error() string { return e.name }

// Status sentinels. An *APIError matches the sentinel of its HTTP status with
// errors.Is, whatever its code, so errors.Is(err, ErrNotFound) is true both
// for a NOT_FOUND body and for the body-less 404 of an unknown URL.
var (
	ErrBadRequest         error = &statusError{http.StatusBadRequest, "bad request"}
	ErrUnauthorized       error = &statusError{http.StatusUnauthorized, "unauthorized"}
	ErrRequestFailed      error = &statusError{http.StatusPaymentRequired, "request failed"}
	ErrForbidden          error = &statusError{http.StatusForbidden, "forbidden"}
	ErrNotFound           error = &statusError{http.StatusNotFound, "not found"}
	ErrMethodNotAllowed   error = &statusError{http.StatusMethodNotAllowed, "method not allowed"}
	ErrConflict           error = &statusError{http.StatusConflict, "conflict"}
	ErrTeapot             error = &statusError{http.StatusTeapot, "i'm a teapot"}
	ErrUnprocessable      error = &statusError{http.StatusUnprocessableEntity, "unprocessable entity"}
	ErrRateLimited        error = &statusError{http.StatusTooManyRequests, "rate limited"}
	ErrInternalServer     error = &statusError{http.StatusInternalServerError, "internal server error"}
	ErrBadGateway         error = &statusError{http.StatusBadGateway, "bad gateway"}
	ErrServiceUnavailable error = &statusError{http.StatusServiceUnavailable, "service unavailable"}
	ErrGatewayTimeout     error = &statusError{http.StatusGatewayTimeout, "gateway timeout"}
)

// ErrClientRateLimit is matched (errors.Is) by the error of a call that the
// Client's own Limiter (WithRateLimit, WithLimiter) did not let through: the
// wait for a token, or for the end of a hold the server asked for, would
// outlast the context's deadline, the context ended while waiting (then
// errors.Is(err, context.Canceled) or context.DeadlineExceeded holds too),
// or the Limiter refused for a reason of its own (a shared limiter that
// fails fast when its store is unreachable). Nothing was sent, so the call can be
// made again, with more time, without any risk of a duplicate.
var ErrClientRateLimit = errors.New("tribehr: client rate limit")

// The outcome sentinels. Every error of a call that ended without a
// complete, usable answer is a *RequestError and matches exactly one of
// ErrNotSent and ErrOutcomeUnknown; see RequestError for the rules.
var (
	// ErrNotSent is matched (errors.Is) when the server certainly did not
	// act on the request: making the call again cannot duplicate anything.
	ErrNotSent = errors.New("tribehr: request not sent")
	// ErrOutcomeUnknown is matched when the request may have been
	// processed: it was sent and no complete, usable answer came back. A
	// create may have created its object (see WithCreateRecovery), an
	// update may have been applied. An *APIError of a gateway (502, 504)
	// matches it too.
	ErrOutcomeUnknown = errors.New("tribehr: request outcome unknown")
	// ErrUnknownHost is matched when the account's host name does not
	// resolve (DNS answered that no such host exists): a mistyped
	// subdomain, usually. It is never retried; RequestError.Host names the
	// host.
	ErrUnknownHost = errors.New("tribehr: unknown host")
	// ErrEmptyResponse is matched when a success answer has an empty body,
	// or the body null, where the call expects an object or a list: the
	// SDK never returns a zero object or an empty list in its place. A 204
	// No Content and the empty answer of a DELETE are successes, not this.
	ErrEmptyResponse = errors.New("tribehr: empty response body")
)

// Outcome says what a failed call may have done on the server.
type Outcome int

// The outcomes of a *RequestError.
const (
	// OutcomeNotSent: the server certainly did not act on the request.
	OutcomeNotSent Outcome = iota + 1
	// OutcomeUnknown: the request may have been processed.
	OutcomeUnknown
)

// String returns "not sent" or "outcome unknown".
func (o Outcome) String() string {
	switch o {
	case OutcomeNotSent:
		return "not sent"
	case OutcomeUnknown:
		return "outcome unknown"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// RequestError is a call that ended without a complete, usable answer
// from the server: the network, the Client's own limits or the context
// stopped it, or the answer was a success the SDK could not use. (A
// complete answer with a non-2xx status is an *APIError instead.) Outcome
// says whether the request may have reached the server, and the error
// matches ErrNotSent or ErrOutcomeUnknown with errors.Is accordingly; Err
// is the cause, matchable too (context.DeadlineExceeded,
// ErrClientRateLimit, *RedirectError, ErrEmptyResponse, net errors).
//
// The rules, applied to the call as a whole:
//
//   - OutcomeNotSent when the last attempt was never written to a
//     connection, and no earlier attempt may have been processed (earlier
//     attempts that got 429 or 503 were not): the host name does not
//     resolve (also ErrUnknownHost, and never retried), the connection was
//     refused or the TLS handshake failed, the Client's Limiter
//     (WithRateLimit, WithLimiter) refused it (also ErrClientRateLimit), or the context
//     ended before the request went out (also context.Canceled or
//     context.DeadlineExceeded). A redirect the Client refuses to follow
//     (*RedirectError) is OutcomeNotSent too, except a 303 See Other: a
//     server that redirects did not act on the request, but a 303 says it
//     did and points to the result.
//   - OutcomeUnknown otherwise: the request was written, in part or whole,
//     and the connection broke, timed out or the context ended before the
//     whole answer arrived (a reset, a body cut mid-way or shorter than its
//     Content-Length); a success answer could not be used (an empty or
//     null body where an object was expected, which also matches
//     ErrEmptyResponse; a body that is not the expected JSON; a 201 Created
//     whose Location could not be read back); a refused 303; or an earlier
//     attempt of the call may have been processed.
//
// GET, PUT and DELETE are retried after an OutcomeUnknown failure as the
// RetryPolicy allows, so their RequestError comes after the last attempt;
// a POST is never sent again after one, unless create recovery
// (WithCreateRecovery) finds that its object certainly does not exist.
type RequestError struct {
	// Method and Path name the request, such as "POST" and
	// "/leave_requests.json".
	Method string
	Path   string
	// Attempts is how many times the request was sent, or tried to be.
	Attempts int
	// Outcome says whether the server may have acted on the request.
	Outcome Outcome
	// Host is the host name that does not resolve, when that is the cause
	// (the error then matches ErrUnknownHost); "" otherwise.
	Host string
	// Err is the cause.
	Err error
	// Recovery, when not nil, is what create recovery concluded: why it
	// could not tell whether the create took effect (the lookup failed, or
	// the object would not be visible to it), or that the object was
	// certainly not made but the retry policy allowed no further send (the
	// Outcome is then OutcomeNotSent). It is not part of the Unwrap chain,
	// so a lookup's own *APIError is never mistaken for the create's.
	Recovery error
}

// Error describes the failure in one line: the request, the outcome and
// the cause.
func (e *RequestError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tribehr: %s %s", e.Method, e.Path)
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	fmt.Fprintf(&b, ": %s", e.Outcome)
	if e.Host != "" {
		fmt.Fprintf(&b, ": unknown host %s", e.Host)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	if e.Recovery != nil {
		fmt.Fprintf(&b, "; create recovery: %v", e.Recovery)
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// Is matches ErrNotSent or ErrOutcomeUnknown by the outcome, and
// ErrUnknownHost when Host is set.
func (e *RequestError) Is(target error) bool {
	switch target {
	case ErrNotSent:
		return e.Outcome == OutcomeNotSent
	case ErrOutcomeUnknown:
		return e.Outcome == OutcomeUnknown
	case ErrUnknownHost:
		return e.Host != ""
	}
	return false
}

// RedirectError is a redirect the Client refused to follow: to another
// host (another host name or port: credentials and request bodies never
// leave the account's host), or from https to plain http. A redirect on the
// same host over https is followed. It arrives as the Err of a
// *RequestError; find it with errors.As.
type RedirectError struct {
	// StatusCode is the redirect's status: 301, 302, 303, 307 or 308.
	StatusCode int
	// Target is where the redirect pointed, as scheme://host/path, without
	// its query (which may hold a signature or a token).
	Target string
	// Reason is "another host" or "https to plain http".
	Reason string

	err error // errOtherHostRedirect or errInsecureRedirect
}

// Error names the redirect and its target.
func (e *RedirectError) Error() string {
	return fmt.Sprintf("refusing a %d redirect to %s (%s)", e.StatusCode, e.Target, e.Reason)
}

// Unwrap returns the reason as an error.
func (e *RedirectError) Unwrap() error { return e.err }

// described is an error that prints its own message and matches sentinel
// with errors.Is, so that a sentinel's text is not repeated inside another
// error's message.
type described struct {
	msg      string
	sentinel error
}

func (d *described) Error() string { return d.msg }
func (d *described) Unwrap() error { return d.sentinel }

// FieldError is one problem with one field of a request: from the server
// (a 400 ModelState map or the details of a 422) or from the SDK's own
// checks before sending.
type FieldError struct {
	// Field is the form key or parameter the problem is about, such as
	// "date_start"; it may be empty when the problem is not about one field.
	Field string
	// Message says what is wrong.
	Message string
}

// String returns "field: message", or the message alone when there is no
// field.
func (f FieldError) String() string {
	if f.Field == "" {
		return f.Message
	}
	return f.Field + ": " + f.Message
}

// maxBodySnippet caps how much of a non-JSON error body an APIError keeps.
const maxBodySnippet = 512

// APIError is a non-2xx response of the API. It never holds credentials:
// Path is the request path without the query string's secrets or any
// header.
type APIError struct {
	// StatusCode is the HTTP status of the last response.
	StatusCode int
	// Code is the API's error code, or "" when the body had none (a 401 or
	// an unknown URL's 404 come with no body).
	Code ErrorCode
	// Messages are the API's human-readable messages, in order.
	Messages []string
	// FieldErrors lists per-field problems where the body has them (the
	// 400 ModelState shape, the 422 details shape).
	FieldErrors []FieldError
	// Method and Path name the request, for example "POST" and
	// "/leave_requests.json".
	Method string
	Path   string
	// Body is a snippet of a body that was not a JSON error object, capped
	// at 512 bytes; empty otherwise.
	Body string
	// RetryAfter is how long the server asked the client to wait (from
	// Retry-After or, on a 429, X-RateLimit-Reset); zero when it did not.
	RetryAfter time.Duration
	// Attempts is how many times the request was sent.
	Attempts int
	// Response holds the metadata of the last response.
	Response *Response

	notMade bool // create recovery found the object certainly not made
}

// Error describes the failure in one line.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tribehr: %s %s: %d %s", e.Method, e.Path, e.StatusCode, strings.ToLower(http.StatusText(e.StatusCode)))
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	msgs := e.Messages
	for _, f := range e.FieldErrors {
		msgs = append(msgs[:len(msgs):len(msgs)], f.String())
	}
	if len(msgs) > 0 {
		fmt.Fprintf(&b, ": %s", strings.Join(msgs, "; "))
	} else if e.Body != "" {
		fmt.Fprintf(&b, ": %q", e.Body)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// Is reports whether target is the error's code or the sentinel of its HTTP
// status. A 502 or 504 also matches ErrOutcomeUnknown: a gateway answered
// because it could not get or pass on the server's answer, so the server
// may have processed the request (unless create recovery has since found
// that it did not).
func (e *APIError) Is(target error) bool {
	switch t := target.(type) {
	case ErrorCode:
		return e.Code != "" && e.Code == t
	case *statusError:
		return t.status == e.StatusCode
	}
	if target == ErrOutcomeUnknown {
		return !e.notMade && (e.StatusCode == http.StatusBadGateway || e.StatusCode == http.StatusGatewayTimeout)
	}
	return false
}

// Temporary reports whether the same request may succeed later without
// change: rate limits, maintenance and gateway failures.
func (e *APIError) Temporary() bool {
	switch e.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return e.Code == CodeMaintenance
}

// ValidationError reports request parameters the SDK refused before sending
// anything. It lists every problem found, not just the first.
type ValidationError struct {
	// Op names the call, such as "create leave request".
	Op       string
	Problems []FieldError
}

// Error lists the problems.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return fmt.Sprintf("tribehr: invalid %s: %s", e.Op, strings.Join(parts, "; "))
}

// errorBody is the union of the error shapes the documents show:
// TribeHR's {"error":{"code","messages"}}, the 422 {"error","message",
// "details":{"field","code"}} and the 400 {"Message","ModelState"}.
type errorBody struct {
	Error      json.RawMessage            `json:"error"`
	Message    string                     `json:"message"`
	Details    json.RawMessage            `json:"details"`
	MessageCap string                     `json:"Message"`
	ModelState map[string]json.RawMessage `json:"ModelState"`
}

type tribeErrorObject struct {
	Code     string          `json:"code"`
	Messages json.RawMessage `json:"messages"`
}

type detailObject struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// parseErrorBody fills e's Code, Messages, FieldErrors and Body from an
// error response body. It never fails: what it cannot read becomes a capped
// snippet in Body.
func parseErrorBody(e *APIError, body []byte) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return
	}
	var eb errorBody
	if trimmed[0] != '{' || json.Unmarshal(trimmed, &eb) != nil {
		e.Body = snippet(trimmed)
		return
	}
	understood := false
	if len(eb.Error) > 0 {
		switch eb.Error[0] {
		case '{':
			var o tribeErrorObject
			if json.Unmarshal(eb.Error, &o) == nil {
				e.Code = ErrorCode(o.Code)
				e.Messages = stringList(o.Messages)
				understood = o.Code != "" || len(e.Messages) > 0
			}
		case '"':
			// The 422 shape: "error" is a short machine string.
			var s string
			if json.Unmarshal(eb.Error, &s) == nil && s != "" {
				e.Code = ErrorCode(s)
				understood = true
			}
		}
	}
	if eb.Message != "" {
		e.Messages = append(e.Messages, eb.Message)
		understood = true
	}
	if eb.MessageCap != "" {
		e.Messages = append(e.Messages, eb.MessageCap)
		understood = true
	}
	if len(eb.Details) > 0 {
		e.FieldErrors = append(e.FieldErrors, detailErrors(eb.Details)...)
		understood = true
	}
	if len(eb.ModelState) > 0 {
		keys := make([]string, 0, len(eb.ModelState))
		for k := range eb.ModelState {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			for _, m := range stringList(eb.ModelState[k]) {
				e.FieldErrors = append(e.FieldErrors, FieldError{Field: k, Message: m})
			}
		}
		understood = true
	}
	if !understood {
		e.Body = snippet(trimmed)
	}
}

// detailErrors reads the 422 details: one object or an array of them.
func detailErrors(raw json.RawMessage) []FieldError {
	var list []detailObject
	var one detailObject
	switch {
	case json.Unmarshal(raw, &list) == nil:
	case json.Unmarshal(raw, &one) == nil:
		list = []detailObject{one}
	default:
		return []FieldError{{Message: snippet(raw)}}
	}
	out := make([]FieldError, 0, len(list))
	for _, d := range list {
		msg := d.Message
		if msg == "" {
			msg = d.Code
		}
		out = append(out, FieldError{Field: d.Field, Message: msg})
	}
	return out
}

// stringList reads a JSON string or array of strings; other values are
// kept as their JSON text so nothing the server said is lost.
func stringList(raw json.RawMessage) []string {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		if len(list) == 0 {
			return nil
		}
		return list
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}
	}
	var anyList []json.RawMessage
	if json.Unmarshal(raw, &anyList) == nil {
		out := make([]string, len(anyList))
		for i, r := range anyList {
			if json.Unmarshal(r, &s) == nil {
				out[i] = s
			} else {
				out[i] = string(r)
			}
		}
		return out
	}
	return []string{string(raw)}
}

// snippet returns at most maxBodySnippet bytes of b as valid UTF-8 (invalid
// bytes become U+FFFD before the cut, so the cap holds), cut on a rune
// boundary, with "..." when something was cut.
func snippet(b []byte) string {
	if len(b) > 4*maxBodySnippet {
		b = b[:4*maxBodySnippet]
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if len(s) <= maxBodySnippet {
		return s
	}
	cut := maxBodySnippet
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
