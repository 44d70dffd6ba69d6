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
// A non-2xx response becomes an *[APIError]. Callers match it with errors.Is
// against an [ErrorCode] (CodeNotFound, CodeValidation, ...) or a status
// sentinel (ErrNotFound, ErrRateLimited, ...), or read it with errors.As.
// Invalid input is reported as a *[ValidationError] before anything is sent.
//
// # Retries
//
// 429 and 503 responses and connection failures that happened before the
// request was sent are retried for every method, with exponential backoff
// that honours Retry-After and X-RateLimit-Reset. Other network errors and
// 502/504 are retried only for GET, PUT and DELETE: a POST is never retried
// after an ambiguous failure, so a leave request or a kudos is never created
// twice. See [RetryPolicy].
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
// # Call options
//
// Every service method takes [CallOption] values last, such as
// [FormattedTextAs]; they change that call only.
//
// # Response metadata
//
// The common call returns only the decoded value. A caller who wants the
// status, rate-limit, paging, ETag or Location headers of a call passes a
// context made with [CaptureResponse].
package tribehr

//go:generate go run ./internal/modelgen/gen
