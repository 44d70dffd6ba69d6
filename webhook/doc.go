// Package webhook receives TribeHR's webhook deliveries: the HTTP calls
// TribeHR makes to a URL of yours when objects change in an account, so an
// integration can react to changes instead of polling the API.
//
// TribeHR's WebHook Event Notification documentation (in the Webhooks
// archive of the TribeHR/tribehr.github.io repository on GitHub) describes
// a form-encoded POST with user_id and user_name (who acted), system (the
// account's base URL), object_id, object, hook (the full handle,
// Object.Action.ID, such as LeaveRequest.Add.7) and text (a summary). A
// webhook subscribes to a whole handle or to a prefix of one
// ("LeaveRequest", "LeaveRequest.Add"); the full handle is always sent.
//
// # Receiving
//
// A Handler parses each delivery into an *Event and routes it by handle
// or prefix to a callback, answering TribeHR at once and running the
// callback on a bounded pool of workers:
//
//	h, err := webhook.NewHandler(
//		webhook.WithSecureKey(os.Getenv("TRIBEHR_WEBHOOK_KEY")),
//		webhook.WithSystem(client.BaseURL().String()),
//	)
//	if err != nil { ... }
//	h.HandleFunc("LeaveRequest.Add", func(ctx context.Context, e *webhook.Event) error {
//		lr, err := webhook.FetchLeaveRequest(ctx, client, e.Handle)
//		...
//	})
//	srv := &http.Server{Addr: ":8080", Handler: h}
//	go srv.ListenAndServe()
//	...
//	srv.Shutdown(ctx) // no more deliveries
//	h.Shutdown(ctx)   // the queued events are handled
//
// A Parser does the parsing alone, for a receiver of your own.
//
// # Companion events
//
// Some changes arrive as several deliveries: a leave request that is
// approved or rejected sends LeaveRequest.Approve or LeaveRequest.Reject
// together with its LeaveRequest.Add or LeaveRequest.Edit, a review sends
// LeaveRequest.Review with a LeaveRequest.Edit, and a change to a user's
// AssignmentRecord or EmployeeRecord also sends User.Edit for the user. A
// Coalescer merges the deliveries about one object into one Change, so a
// callback runs once per change; Action.Companion tells the actions that
// never come alone.
//
// # Fetching the object
//
// A delivery says what changed, not how. Fetch, FetchLeaveRequest,
// FetchUser, FetchEvent and FetchKudos read the object an event names
// through a *tribehr.Client, with the client's credentials: what the
// client's user may not see stays absent.
//
// # Encryption, and what it does not do
//
// A webhook may have a Secure Key (any string up to 16 characters). TribeHR
// then encrypts the same form-encoded payload with AES-128-CBC, using the
// key's bytes as the key and also as the IV, PKCS#7 padding, and sends it
// base64-encoded; a key shorter than 16 bytes is padded with zero bytes,
// as PHP's OpenSSL functions do. Where the ciphertext travels is not
// documented, so the parser looks for it in every form field, the whole
// body and the whole query, and repairs the "+" of base64 that form
// decoding turned into spaces.
//
// This hides the payload from whoever sees the traffic. It does not
// authenticate the sender: there is no MAC, and with a fixed IV the same
// payload always gives the same ciphertext, so a recorded delivery can be
// replayed (and, CBC being malleable, cut or spliced at block boundaries).
// What a receiver can check is done for you: with a key set, plain
// deliveries are refused (ErrNotEncrypted); a delivery must decrypt to
// form text from its first block to its last (a block changed or spliced
// in decrypts to noise: ErrDamaged) and parse into a full,
// self-consistent event (hook, object and object_id agree); and
// WithSystem refuses deliveries naming another account. Every refusal
// gets the same 400 answer, so the receiver is no padding oracle. For
// more, treat an event as a hint and fetch the object through the API,
// which is authenticated: a forged LeaveRequest.Add for a request that
// does not exist then fails with tribehr.ErrNotFound. Serve the receiver
// over HTTPS, at a URL that is hard to guess.
package webhook
