// Package tribehrtest is an in-process fake of the TribeHR v2 API, built
// from the API documents, for tests of code that talks to TribeHR — what
// net/http/httptest is to HTTP servers. In a test:
//
//	srv := tribehrtest.NewServer(t)           // loopback HTTPS, closed by t.Cleanup
//	client := srv.Client(t)                   // a *tribehr.Client, as "admin"
//	emma := srv.ClientAs(t, tribehrtest.EmployeeUsername)
//	srv.DropNext(1, "POST", "/kudos")         // faults on demand
//	reqs := srv.Requests()                    // what the server saw
//
// Without the SDK, send requests to srv.URL with srv.HTTPClient(), HTTP
// Basic credentials (identifier = username or email, secret = password or
// API key; see the Demo constants and Server.Credentials) and the header
// X-API-Version: 2.0.0.
//
// # What it implements
//
// Every endpoint of the document: users (list, get, me with
// requireApiKey, PUT), leave requests (list with status and
// filterByHasPermissionToApprove, the /approved /pending /rejected
// aliases, get, POST, PUT), events (upcoming and its alias /events.json,
// holidays with year, get, POST, PUT), kudos (list, get, POST with a
// multipart picture, PUT, formattedTextAs=html|bbcode) and DELETE on any
// item. Leave types, event types, locations and values are seeded
// reference data, also readable at /leave_types.json and so on; a leave
// type by id carries the fields of the later API documentation
// (action_phrase, unpaid, created, modified), lists the partial ones.
// Kudos pictures and value icons are served at /attachments/view/{url},
// avatars at their relative urls (/users/view/{id}/picture), all to
// authenticated callers only; WithS3Avatars serves avatars from a separate
// S3 stand-in instead, at absolute presigned URLs.
//
// The demo company keeps the ids of the document's samples where they
// agree. Users: 1 admin (Administrators), 2 emma (Employees, reports to
// alice), 3 jstevens, 5 george (Managers, reports to admin), 6 abbyring,
// 7 alice (Managers, reports to george), 16 salvatoredelnero, 17
// willytrainer, 20 salleyfitzgibbon, 23 tsmith (no API key), 30
// frankformer (terminated), 53 mwong. The samples contradict each other
// on some ids (george and abbyring both 6, admin and jstevens both 1,
// leave type 1 both "PTO" and "Vacation"); the fake keeps the ids of the
// samples it is tested against (the kudos and leave request samples) and
// moves the others. Events around the server clock (WithClock) keep
// /events/upcoming.json non-empty, and holidays exist for the clock's year
// and the next.
//
// # Choices where the documents are silent or disagree
//
//   - Routing: a path not ending in .json, or naming no known resource or
//     item, gets 404 with no body (.xml too: the fake speaks JSON only).
//     "/events/.json" gets 404 INVALID_ID. A method a URL does not answer,
//     such as DELETE on a collection, gets 405 with an Allow header and an
//     ERROR body.
//   - Order of checks: faults drawn by SetFaultMix or set by RedirectNext
//     that answer before processing, then injected latency, failures,
//     maintenance and rate limit come first, then routing (404), authentication (401, no body, with a
//     WWW-Authenticate challenge), X-API-Version (missing or not 2.x: 400
//     ERROR, with a message, since the fake has no API v1), the method
//     (405), the body (400 VALIDATION_ERROR for a missing or non-form
//     Content-Type, including JSON, or multipart outside kudos), the PUT id
//     (400 ID_MISMATCH), then the handler (404 NOT_FOUND "Invalid Event",
//     403 ACCESS_ERROR, 400 VALIDATION_ERROR with one message per problem).
//   - Form parameters a resource does not know are a VALIDATION_ERROR, so a
//     misspelt field does not pass silently.
//   - Leave: the server works out hours from days, or days from hours
//     (hours wins over days), from the employee's work-hour record on the
//     working days of the request: the days of the week the employee works
//     (Monday to Friday, 8 hours each, for the demo company; see
//     FixtureUser.WorkHours), less the official holidays that name no
//     location or the employee's. A holiday covers the days of its start
//     and end as written, the end included, except a zoned end at exactly
//     midnight. So days=2 on a Friday-to-Monday request is 16 hours, and a
//     part of a day's hours counts as a day; days beyond the working days
//     of the request count 8 hours each. Status is case-insensitive on input and
//     upper-case on output. A user may create and edit their own requests
//     as PENDING; approving or rejecting, or acting for someone else, needs
//     a manager of that user or an administrator.
//   - Events: always-local date/times stay always-local on output, those
//     with an offset come back in UTC (+00:00). An always-local event that
//     ends exactly at midnight lasts that whole day (the holiday samples
//     have start = end = 00:00). "Upcoming" compares always-local times as
//     UTC. end_date must be strictly after start_date. Only administrators
//     create, edit and delete events. "locations" is always an array, unless
//     WithSingleLocationQuirk reproduces the upcoming sample's bare object.
//     Sending location[][id]= with an empty value clears the locations.
//   - Kudos: text is stored as sent. formattedTextAs=html renders the
//     supported BBCode tags and HTML-escapes everything else (input is
//     never HTML), newlines become <br />, and nothing is wrapped in <p>
//     (the POST and PUT samples show no wrapper; the older list samples
//     do). X-Source sets the source at creation only; the default is "web".
//     Full objects always carry "values" and "comments", [] when empty (the
//     PUT sample leaves out an emptied "values"; the document's visibility
//     rules say empty is shown as empty). The poster or an administrator
//     may edit or delete. A picture must be an image file part named
//     "picture"; its url is relative to /attachments/view.
//   - DELETE answers 200 DELETED once; the item is then gone (404
//     NOT_FOUND). Deleting a user (administrators only) terminates them.
//   - User edits: yourself, or anybody as an administrator.
//   - Decimals ("days_used", "rate") are strings, custom field record ids
//     are strings, all other ids numbers, urls relative and in the 2.2.0
//     form (/events/12.json), except kudos, whose url is /notes/{id}.json
//     as in every sample (the fake does not serve /notes/).
//   - The leave request list embeds users with avatar and a partial
//     assignment_record, as its sample does; other embedded users are the
//     plain partial user.
//
// # Visibility
//
// A field the caller may not see is absent; a visible empty field is
// present as "", null or []. See visibility.go for the rules: in short,
// group, pay_info, employee_num, date_hired, custom_field_records,
// leave_usages and the private employee record fields are visible to the
// user, their managers (direct or indirect, in the Managers group) and
// administrators; api_key only to the user themselves. Employees see only
// their own leave requests, managers also their reports', administrators
// all; filterByHasPermissionToApprove=true keeps those the caller may
// approve (never their own, unless an administrator).
//
// # Webhooks
//
// AddWebhook registers a receiver for a handle or a prefix of one
// ("LeaveRequest", "LeaveRequest.Add", "User.Delete.1"), plain or with a
// secure key. Every successful write through the API then sends each
// matching webhook a form-encoded POST with user_id, user_name (the
// actor's username), system (the fake's URL with a trailing slash),
// object_id, object, hook and text ("LeaveRequest.Add.7 by emma at
// https://127.0.0.1:41234/"), in that order:
//
//   - POST, PUT and DELETE of leave requests, events and kudos fire Add,
//     Edit and Delete of LeaveRequest, Event and Kudos; PUT and DELETE of
//     users fire User.Edit and User.Delete, and a key issued by
//     requireApiKey=true a User.Edit.
//   - A leave request added or updated into APPROVED or REJECTED also
//     fires Approve or Reject, only when the status is new. An update of a
//     PENDING request that changes more than its status, by someone other
//     than the employee (a manager or an administrator: TribeHR's review),
//     also fires Review. The order is Add or Edit, then Review, then
//     Approve or Reject.
//   - A PUT of a user with assignment_record[...] or employee_record[...]
//     fields fires AssignmentRecord.Edit or EmployeeRecord.Edit with the
//     record's id, then one User.Edit. (TribeHR keeps these records as
//     history and mostly fires Add with a new record id; the fake edits
//     the record in place, keeping its id, so it fires Edit.)
//   - AddWebhook and RemoveWebhook fire WebHook.Add and WebHook.Delete as
//     the first administrator. TriggerWebhook sends any handle, for the
//     objects the fake does not implement (Note, Goal, TimeEntry...).
//
// With a secure key the payload is encrypted as TribeHR's post describes
// (AES-128-CBC, key and IV the key's bytes zero-padded to 16, PKCS#7,
// base64); Webhook.Ciphertext chooses where the ciphertext goes, since
// TribeHR does not say: the whole body (the default), a form field,
// escaped or not, or the query. Webhook.Method "GET" sends the fields in
// the query instead.
//
// Deliveries never hold up or change an API response: they are queued
// with the change and sent in order by one goroutine, once each, never
// retried. Deliveries lists them with the receiver's status; after a
// client's call returns, WaitDeliveries waits for the deliveries it
// caused, so a test needs no sleep.
//
// # Faults
//
// SetRateLimit, SetMaintenance, SetLatency, FailNext and DropNext (and the
// matching options) make the server misbehave on demand; Requests
// records every request with its parsed form, the authenticated user, the
// status, whether it was processed and the fault it met. The fake's clock
// (WithClock) also drives the rate-limit window and the Date header; a
// Clock (NewClock) moves only when the test advances it, so a window never
// runs out on a slow machine. SetRateLimitAligned starts each window at a
// multiple of its length, so that over a short window in real time (a
// rate limiter's test) the X-RateLimit-Reset of whole seconds is exact.
//
// FaultNext spoils the answers of the next matching requests after they
// are processed, each in one way a network or a server can: a reset with
// no answer (FaultReset, as DropNext), a 200 with an empty or a null body,
// a body cut by a reset or ending before its Content-Length, or a create
// answered 201 Created with a Location and no body, as the neighbouring HR
// APIs do. RedirectNext answers with a redirect to the same host, another
// host or plain http. SetFaultMix draws faults for a share of all requests
// (429 with Retry-After: 0, 503, resets, ...) from a seed, deterministically:
// a request's fault depends on the request and the seed, not on the order
// in which concurrent requests arrive. SetETags (WithETags) adds entity
// tags to GET answers and honours If-None-Match with 304 Not Modified.
package tribehrtest
