package tribehrtest

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// This file is the fake's webhooks: registrations, the deliveries that
// writes through the API send, and their log. It is written from TribeHR's
// WebHook Event Notification page and its post on custom leave
// notifications, independently of package webhook, so that each tests the
// other.

// Webhook is a webhook registered with the fake, as an administrator adds
// one in TribeHR under Administration > Advanced > WebHooks.
type Webhook struct {
	// Name is a label for people; it is not sent.
	Name string
	// Event is the handle subscribed to: an object ("LeaveRequest"), an
	// object and action ("LeaveRequest.Add") or a whole handle
	// ("User.Delete.1"), matched without regard to case.
	Event string
	// URL receives the deliveries: an absolute http or https URL.
	URL string
	// SecureKey, when not "", encrypts every delivery: AES-128-CBC with
	// the key's first 16 bytes (zero-padded) as key and IV, PKCS#7
	// padding, base64. At most 16 characters, as in TribeHR.
	SecureKey string
	// Ciphertext says where an encrypted delivery carries its ciphertext,
	// which TribeHR does not document; the default is the whole body.
	Ciphertext CiphertextPlacement
	// Field names the form field of CiphertextInField and
	// CiphertextInFieldUnescaped; "" means "data".
	Field string
	// Method is "POST" (the default: the fields form-encoded in the body)
	// or "GET" (the fields, or the ciphertext, in the query), since one of
	// TribeHR's posts speaks of GET parameters.
	Method string
	// HTTPClient sends the deliveries, such as an httptest.Server's
	// Client() for an HTTPS receiver; nil means http.DefaultClient. Each
	// delivery is given 10 seconds, whatever the client.
	HTTPClient *http.Client
}

// String describes the webhook without its secure key.
func (w Webhook) String() string {
	key := "none"
	if w.SecureKey != "" {
		key = "[REDACTED]"
	}
	return fmt.Sprintf("webhook %q: %s to %s, secure key %s", w.Name, w.Event, w.URL, key)
}

// GoString is String, so that %#v does not print the key either.
func (w Webhook) GoString() string { return w.String() }

// CiphertextPlacement is where an encrypted delivery puts its base64
// ciphertext.
type CiphertextPlacement int

// The placements of a ciphertext.
const (
	// CiphertextInBody: the body is the base64 text alone, with the
	// Content-Type application/x-www-form-urlencoded (what PHP's curl sends
	// for a string body), so a form parser reads its "+" as spaces.
	CiphertextInBody CiphertextPlacement = iota
	// CiphertextInField: one form field (Webhook.Field) holds the base64,
	// properly percent-encoded.
	CiphertextInField
	// CiphertextInFieldUnescaped: one form field holds the base64 as it
	// is, not percent-encoded: its "+" arrive as spaces after form decoding.
	CiphertextInFieldUnescaped
	// CiphertextInQuery: the URL's query is the base64 text alone, and a
	// POST has no body.
	CiphertextInQuery
)

// Delivery is one webhook delivery the fake sent, as recorded in its log.
type Delivery struct {
	// Webhook is the id AddWebhook returned.
	Webhook int
	// Hook is the full handle, such as "LeaveRequest.Add.7".
	Hook string
	// Payload is the fields of the delivery before any encryption.
	Payload url.Values
	// Encrypted reports whether the delivery was encrypted.
	Encrypted bool
	// Status is the receiver's HTTP status, 0 when there was no answer.
	Status int
	// Err says why there was no answer ("" when there was one).
	Err string
	// Time is the server clock when the change happened.
	Time time.Time
}

// webhooks is the fake's webhook state, guarded by mu. A write through the
// API enqueues its deliveries with the store locked; one goroutine, started
// when there is work and ending when there is none, sends them in order.
type webhooks struct {
	mu       sync.Mutex
	subs     map[int]*Webhook
	order    []int // registration ids, oldest first
	nextID   int
	queue    []outgoing
	running  bool
	inFlight int           // queued and being sent
	idle     chan struct{} // closed while inFlight is 0
	log      []Delivery
	closed   bool

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type outgoing struct {
	id        int
	sub       Webhook
	hook      string
	payload   url.Values
	plaintext string // the form-encoded payload, in TribeHR's field order
	at        time.Time
}

// fired is one event a handler reports, sent once the request succeeds.
type fired struct {
	object, action string
	id             int
}

func newWebhooks() *webhooks {
	w := &webhooks{subs: map[int]*Webhook{}, idle: make(chan struct{})}
	close(w.idle)
	w.ctx, w.cancel = context.WithCancel(context.Background())
	return w
}

// AddWebhook registers w and returns its id. Writes through the API from
// now on send w a delivery for each event its Event matches. The fake
// also fires WebHook.Add.{id} for the registration, as the administrator
// (the first user of the Administrators group), to the webhooks that
// match it.
func (s *Server) AddWebhook(w Webhook) (int, error) {
	if err := checkWebhook(&w); err != nil {
		return 0, err
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	h := s.hooks
	h.mu.Lock()
	h.nextID++
	id := h.nextID
	h.subs[id] = &w
	h.order = append(h.order, id)
	h.mu.Unlock()
	s.sendEvents([]fired{{"WebHook", "Add", id}}, s.st.firstAdmin(), s.now())
	return id, nil
}

// RemoveWebhook unregisters the webhook with the id AddWebhook returned,
// firing WebHook.Delete.{id} to the webhooks that match it; it reports
// whether there was one. Deliveries already queued are still sent.
func (s *Server) RemoveWebhook(id int) bool {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	h := s.hooks
	h.mu.Lock()
	_, ok := h.subs[id]
	delete(h.subs, id)
	for i, x := range h.order {
		if x == id {
			h.order = append(h.order[:i], h.order[i+1:]...)
			break
		}
	}
	h.mu.Unlock()
	if ok {
		s.sendEvents([]fired{{"WebHook", "Delete", id}}, s.st.firstAdmin(), s.now())
	}
	return ok
}

// TriggerWebhook sends the event hook (a full handle, "Note.Edit.34") to
// the matching webhooks as if the user with the given username had made
// the change: for tests of objects the fake does not implement (notes,
// goals, time entries...) and of receivers.
func (s *Server) TriggerWebhook(hook, username string) error {
	parts, id, ok := splitHandle(hook)
	if !ok || len(parts) != 3 {
		return fmt.Errorf("tribehrtest: TriggerWebhook(%q): not a full Object.Action.ID handle with a positive id", hook)
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	u := s.st.userByIdentifier(username)
	if u == nil {
		return fmt.Errorf("tribehrtest: TriggerWebhook: %w", errUnknownUsername(username))
	}
	s.sendEvents([]fired{{parts[0], parts[1], id}}, u, s.now())
	return nil
}

// Deliveries returns a copy of the delivery log, oldest first. A delivery
// is logged once the receiver answered or the attempt failed; see
// WaitDeliveries.
func (s *Server) Deliveries() []Delivery {
	h := s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Delivery, len(h.log))
	for i, d := range h.log {
		d.Payload = cloneValues(d.Payload)
		out[i] = d
	}
	return out
}

// ResetDeliveries empties the delivery log.
func (s *Server) ResetDeliveries() {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	s.hooks.log = nil
}

// WaitDeliveries waits until no delivery is queued or being sent, and
// returns ctx's error if it ends first. A write through the API queues its
// deliveries before it answers, so once a client has its answer,
// WaitDeliveries covers them. Deliveries are never retried: a receiver
// that fails or does not answer is logged with its status or error.
func (s *Server) WaitDeliveries(ctx context.Context) error {
	h := s.hooks
	for {
		h.mu.Lock()
		if h.inFlight == 0 {
			h.mu.Unlock()
			return nil
		}
		idle := h.idle
		h.mu.Unlock()
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// fire records an event of the request's change; handle sends them once
// the handler succeeded.
func (c *call) fire(object, action string, id int) {
	c.fired = append(c.fired, fired{object, action, id})
}

// sendEvents queues the deliveries of events, made by actor at now, to
// every matching webhook. It runs with the store locked and never blocks.
func (s *Server) sendEvents(events []fired, actor *user, now time.Time) {
	if len(events) == 0 {
		return
	}
	h := s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	system := s.URL + "/"
	for _, ev := range events {
		hook := ev.object + "." + ev.action + "." + strconv.Itoa(ev.id)
		payload, plaintext := deliveryPayload(actor, system, ev, hook)
		for _, id := range h.order {
			sub := h.subs[id]
			if !subscribed(sub.Event, ev) {
				continue
			}
			h.queue = append(h.queue, outgoing{id: id, sub: *sub, hook: hook, payload: payload, plaintext: plaintext, at: now})
			if h.inFlight == 0 {
				h.idle = make(chan struct{})
			}
			h.inFlight++
		}
	}
	if len(h.queue) > 0 && !h.running {
		h.running = true
		h.wg.Add(1)
		go h.dispatch()
	}
}

// deliveryPayload returns the fields of a delivery, as url.Values and as
// the form text in the order of TribeHR's documentation and sample.
func deliveryPayload(actor *user, system string, ev fired, hook string) (url.Values, string) {
	uid, name := 0, ""
	if actor != nil {
		uid, name = actor.ID, actor.Username
	}
	fields := [][2]string{
		{"user_id", strconv.Itoa(uid)},
		{"user_name", name},
		{"system", system},
		{"object_id", strconv.Itoa(ev.id)},
		{"object", ev.object},
		{"hook", hook},
		{"text", hook + " by " + name + " at " + system},
	}
	v := url.Values{}
	var b strings.Builder
	for i, f := range fields {
		v.Set(f[0], f[1])
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(f[0]) + "=" + url.QueryEscape(f[1]))
	}
	return v, b.String()
}

// subscribed reports whether the subscription pattern (Object[.Action[.ID]])
// covers the event.
func subscribed(pattern string, ev fired) bool {
	parts := strings.Split(pattern, ".")
	event := []string{ev.object, ev.action, strconv.Itoa(ev.id)}
	for i, p := range parts {
		if !strings.EqualFold(p, event[i]) {
			return false
		}
	}
	return true
}

func (h *webhooks) dispatch() {
	defer h.wg.Done()
	for {
		h.mu.Lock()
		if len(h.queue) == 0 {
			h.running = false
			h.mu.Unlock()
			return
		}
		o := h.queue[0]
		h.queue = h.queue[1:]
		h.mu.Unlock()

		d := h.deliver(o)

		h.mu.Lock()
		h.log = append(h.log, d)
		h.inFlight--
		if h.inFlight == 0 {
			close(h.idle)
		}
		h.mu.Unlock()
	}
}

// deliver sends one delivery and returns its log entry. The entry shares
// o's payload, which nothing changes: Deliveries hands out copies.
func (h *webhooks) deliver(o outgoing) Delivery {
	d := Delivery{Webhook: o.id, Hook: o.hook, Payload: o.payload, Encrypted: o.sub.SecureKey != "", Time: o.at}
	if err := h.ctx.Err(); err != nil {
		d.Err = "not sent: the server was closed"
		return d
	}
	ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
	defer cancel()
	req, err := buildDelivery(ctx, o)
	if err != nil {
		d.Err = err.Error()
		return d
	}
	client := o.sub.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		d.Err = err.Error()
		return d
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	d.Status = resp.StatusCode
	return d
}

// buildDelivery makes the HTTP request of one delivery.
func buildDelivery(ctx context.Context, o outgoing) (*http.Request, error) {
	w := o.sub
	content := o.plaintext // plain: the form itself
	inQuery := false
	if w.SecureKey != "" {
		ct := encryptPayload(w.SecureKey, o.plaintext)
		field := w.Field
		if field == "" {
			field = "data"
		}
		switch w.Ciphertext {
		case CiphertextInBody:
			content = ct
		case CiphertextInField:
			content = url.QueryEscape(field) + "=" + url.QueryEscape(ct)
		case CiphertextInFieldUnescaped:
			content = url.QueryEscape(field) + "=" + ct
		case CiphertextInQuery:
			content, inQuery = ct, true
		}
	}
	target := w.URL
	var body io.Reader
	if w.Method == http.MethodGet || inQuery {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + content
	} else {
		body = strings.NewReader(content)
	}
	method := w.Method
	if method == "" {
		method = http.MethodPost
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("User-Agent", "tribehrtest-webhooks")
	return req, nil
}

// encryptPayload encrypts a delivery as TribeHR does with PHP's
// openssl_encrypt("AES-128-CBC", key, OPENSSL_RAW_DATA, iv = key) and
// base64_encode: the key is the Secure Key's first 16 bytes, zero-padded.
func encryptPayload(secureKey, plaintext string) string {
	key := make([]byte, aes.BlockSize)
	copy(key, secureKey)
	pad := aes.BlockSize - len(plaintext)%aes.BlockSize
	buf := append([]byte(plaintext), bytes.Repeat([]byte{byte(pad)}, pad)...)
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // a 16-byte key is always valid
	}
	cipher.NewCBCEncrypter(block, key).CryptBlocks(buf, buf)
	return base64.StdEncoding.EncodeToString(buf)
}

// checkWebhook validates a registration and fills its defaults.
func checkWebhook(w *Webhook) error {
	var errs []error
	if _, _, ok := splitHandle(w.Event); !ok {
		errs = append(errs, fmt.Errorf("event %q is not Object[.Action[.ID]]", w.Event))
	}
	if u, err := url.Parse(w.URL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		errs = append(errs, fmt.Errorf("url %q is not an absolute http(s) URL", w.URL))
	}
	if n := utf8.RuneCountInString(w.SecureKey); n > 16 {
		errs = append(errs, fmt.Errorf("the secure key has %d characters, at most 16", n))
	}
	switch w.Method {
	case "", http.MethodPost:
		w.Method = http.MethodPost
	case http.MethodGet:
	default:
		errs = append(errs, fmt.Errorf("method %q is not GET or POST", w.Method))
	}
	if w.Ciphertext < CiphertextInBody || w.Ciphertext > CiphertextInQuery {
		errs = append(errs, fmt.Errorf("ciphertext placement %d is unknown", w.Ciphertext))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("tribehrtest: AddWebhook: %w", err)
	}
	return nil
}

// splitHandle splits a full or partial handle, Object[.Action[.ID]], into
// its parts, and returns its id (0 when it has none); ok is false when s
// is not one: the names are ASCII letters and digits starting with a
// letter, the id a positive decimal integer.
func splitHandle(s string) (parts []string, id int, ok bool) {
	parts = strings.Split(s, ".")
	if s == "" || len(parts) > 3 {
		return nil, 0, false
	}
	for _, name := range parts[:min(len(parts), 2)] {
		if !isHandleName(name) {
			return nil, 0, false
		}
	}
	if len(parts) == 3 {
		n, err := strconv.Atoi(parts[2])
		if err != nil || n <= 0 || strconv.Itoa(n) != parts[2] {
			return nil, 0, false
		}
		id = n
	}
	return parts, id, true
}

func isHandleName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// close stops the deliveries: queued ones are logged as not sent, one
// being sent is cancelled, and close returns once the sender has stopped.
func (h *webhooks) close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.cancel()
	h.wg.Wait()
}

// firstAdmin returns the administrator with the lowest id, or nil.
func (st *store) firstAdmin() *user {
	var best *user
	for _, u := range st.users {
		if isAdmin(u) && !u.Terminated && (best == nil || u.ID < best.ID) {
			best = u
		}
	}
	return best
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vals := range v {
		out[k] = append([]string(nil), vals...)
	}
	return out
}
