// Package tribehr is a client for the TribeHR v2 REST API: users, leave
// requests and leave types, events and kudos, and the pictures they point
// at. TribeHR's own documentation of the API is published from
// https://github.com/TribeHR/tribehr.github.io.
//
// A Client holds the account's base URL, the credentials and a transport
// that retries what is safe to retry. Each resource is a service reached as
// a field of the Client:
//
//	client, err := tribehr.NewClient("mycompany",
//		tribehr.WithBasicAuth("alice", os.Getenv("TRIBEHR_API_KEY")))
//	if err != nil { ... }
//	users, err := client.Users.List(ctx)
//
// # Wire format
//
// Requests are form-encoded exactly as the API documents them (nested keys
// such as assignment_record[phone], references such as user[id]=20, lists of
// references such as location[][id]=1&location[][id]=7, booleans as 0 and 1).
// Every PUT carries the id of the URL in its body, so the SDK cannot produce
// an ID_MISMATCH error. Dates ([Date]) are calendar days and are never
// shifted by a time zone; date/times ([DateTime]) keep the offset they
// arrived with or are marked always-local; decimals ([Decimal]) are exact.
//
// # Reading models
//
// Responses decode, in one pass, into typed objects whose fields are
// [Field] values and whose embedded objects are [Object] values. A caller
// can always tell a field the server did not send (absent: not visible to
// the caller, or not part of a partial object) from one sent as null or
// empty, from a value, and from a value the SDK could not read (unparsed,
// kept raw with the reason; [User.UnparsedFields] and its siblings list
// them). Reads never panic, whatever is missing:
//
//	name := u.AssignmentRecord.Value().Manager.Value().DisplayName.Value()
//	name = u.GetAssignmentRecord().GetManager().GetDisplayName() // the same, without copies
//
// Members the SDK does not know are kept in each object's Extra and
// written back by MarshalJSON. Models compare with Equal (and go-cmp),
// and log with log/slog; a [Secret] such as User.APIKey prints and logs
// redacted.
//
// # Errors
//
// Every failure is typed, and every outcome told:
//
//   - a non-2xx answer is an *[APIError]: match it with errors.Is against an
//     [ErrorCode] (CodeNotFound, CodeValidation, ...) or a status sentinel
//     (ErrNotFound, ErrRateLimited, ...), or read it with errors.As;
//   - invalid input is a *[ValidationError], before anything is sent;
//   - a call that ended without a complete, usable answer is a
//     *[RequestError], and errors.Is tells whether the server certainly did
//     not act ([ErrNotSent]: the connection was never made, the Client's own
//     rate limit refused, the context ended first) or may have
//     ([ErrOutcomeUnknown]: the request went out and the answer was lost or
//     cut, or was a success the SDK could not use). A 502 or 504 *APIError
//     matches ErrOutcomeUnknown too. RequestError documents the rules.
//
// A success whose body is empty or null where an object or a list is
// expected matches [ErrEmptyResponse]: the SDK never returns a zero object
// or an empty list in place of data it did not get. A host name that does
// not resolve matches [ErrUnknownHost] and is not retried. Redirects to
// another host, or from https to plain http, are refused with a
// *[RedirectError] naming the target.
//
// # Retries
//
// 429 and 503 answers and attempts that never got a connection are
// retried for every method, with exponential backoff that honours
// Retry-After and X-RateLimit-Reset. Other network failures (a reset, a
// body cut mid-way or shorter than its Content-Length) and 502/504 are
// retried only for GET, PUT and DELETE: a POST is never sent again after an
// ambiguous failure, so a leave request or a kudos is never created twice.
// See [RetryPolicy]. [WithLogger] logs every attempt, the last included, and
// each call's outcome.
//
// # Rate limits
//
// A Client with a [Limiter] asks it before every attempt and tells it what
// the server said after every answer. [WithRateLimit] gives it a
// [LocalLimiter], a token bucket shared by its goroutines; [WithLimiter]
// takes any Limiter, such as the Redis-backed one of module
// github.com/tribehr/tribehr-go/redislimit, shared by every replica of a
// service. Both are guided by the server: after X-RateLimit-Remaining: 0
// until a reset, or a 429 with Retry-After, every call waits until then
// instead of meeting the 429 on its own.
//
// # Exactly-once creates
//
// The API has no idempotency keys. With [WithCreateRecovery] (or the call
// option [CreateRecovery]), a create whose outcome is unknown looks for the
// object it may have made before it is ever sent again, and returns it when
// it finds it; WithCreateRecovery says what this cannot guarantee.
//
// # Pictures
//
// [Client.Download] streams a kudos picture, an avatar or a value's icon
// into an io.Writer, with the account's credentials only when the URL is on
// the account's host, and a size cap.
//
// # Testing
//
// Package tribehrtest is a fake of the whole API for integration tests.
// HTTP mocks work too: the Client sends through http.DefaultTransport
// whenever a mocking library (gock) has replaced it, and through the
// Transport of a WithHTTPClient client as it is at each request.
//
// # Lists
//
// Every list call has an iterator form named after it with an Iter suffix
// (Users.ListIter, LeaveRequests.ListIter, Events.UpcomingIter,
// Events.HolidaysIter, Kudos.ListIter, LeaveTypes.ListIter), which returns
// an iter.Seq2 of the elements and an error, as go-github names its
// iterators: a range loop is the whole API, and a list's metadata comes,
// as every call's does, through CaptureResponse.
//
//	for u, err := range client.Users.ListIter(ctx) {
//		if err != nil {
//			return err // yielded once, and the loop ends
//		}
//		fmt.Println(u.DisplayName.Value())
//	}
//
// An iterator reads its options when it is made and sends nothing until
// the loop starts. It decodes each answer element by element as it
// arrives, so memory stays flat however long the list (a TribeHR
// collection is one JSON array, of any length: there is no cap but the
// caller's own, MaxItems). It follows the paging of the API's neighbours
// when a server sends it: a Link header with rel="next" (relative or
// absolute, on the account's host only), the X-Paging-* headers (with
// pageNumber and pageSize) and the {"data", "total", "page", "limit"}
// envelope (with page and limit); Response.Paging holds the totals. It
// closes the answer when the loop breaks, checks the context between
// elements, and stops with ErrPagingStalled when a server makes no
// progress (it names a page already read as the next one, or sends a page
// that begins where an earlier one did).
//
// An answer cut mid-array is read again, as a GET is retried, and the
// walk skips the elements it has already yielded, after checking that the
// last of them is still where it was: no element is ever yielded twice or
// skipped. When it is not (the list changed between the two reads), or
// the answer is cut more times than the retry policy allows attempts, the
// walk ends with a *ListError saying how many elements it delivered. The
// slice calls (Users.List, ...) are the same walk, collected.
//
// # Call options
//
// Every service method takes [CallOption] values last, such as
// [FormattedTextAs]; they change that call only.
//
// # Response metadata
//
// The common call returns only the decoded value. A caller who wants the
// status, rate-limit, paging, ETag or Location headers of a call passes
// the call option [CaptureResponse]; each call fills its own [Response],
// so calls sharing a context never see each other's. [IfNoneMatch] makes a
// GET conditional: a 304 Not Modified is Response.NotModified, with
// nothing decoded.
package tribehr

//go:generate go run ./internal/modelgen/gen
