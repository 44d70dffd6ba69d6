package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Func is a callback for webhook events. In the default asynchronous mode
// its error is logged (and passed to the WithErrorHandler function); in
// synchronous mode it makes the delivery fail with 500.
type Func func(ctx context.Context, e *Event) error

// The defaults of a Handler.
const (
	DefaultWorkers   = 4
	DefaultQueueSize = 256
)

// Handler is an http.Handler that receives TribeHR's webhook deliveries
// and routes each event to the callback registered for its handle.
//
// It answers at once: 202 Accepted when the event was queued for a
// callback, 204 No Content when no callback wants it, 400 Bad Request
// for a delivery that does not parse or decrypt, 405 for a method other
// than POST or GET, 413 for a body over the limit, 503 Service
// Unavailable when the queue is full or the handler is shutting down.
// Callbacks run on a bounded pool of workers fed by a bounded queue
// (WithWorkers, WithQueueSize), so a slow callback never holds up
// TribeHR; WithSynchronous runs them before answering instead.
//
// Every bad delivery gets the same 400 with the same body, whatever is
// wrong with it: an encrypted receiver that said "bad padding" would be a
// padding oracle, letting anybody who recorded a ciphertext decrypt it
// by trial. The reason goes to the log, with the size and a SHA-256
// prefix of the body but never the body, nor the key.
//
// Make one with NewHandler, register callbacks with HandleFunc, serve it,
// and call Shutdown when done. A Handler is safe for concurrent use.
type Handler struct {
	parser  Parser
	sync    bool
	workers int
	logger  *slog.Logger
	onError func(ctx context.Context, e *Event, err error)

	mu       sync.RWMutex
	routes   map[Handle]Func // by routeKey of the pattern
	fallback Func

	// run guards closed and the sends on queue against Shutdown.
	run       sync.RWMutex
	closed    bool
	queue     chan job
	startOnce sync.Once
	workersWG sync.WaitGroup
	inflight  sync.WaitGroup // synchronous callbacks
	ctx       context.Context
	cancel    context.CancelFunc
}

type job struct {
	e  *Event
	fn Func
}

// Option configures a Handler.
type Option func(*handlerConfig) error

type handlerConfig struct {
	parser    Parser
	workers   int
	queueSize int
	sync      bool
	logger    *slog.Logger
	onError   func(ctx context.Context, e *Event, err error)
	ctx       context.Context
}

// WithSecureKey makes the handler accept only deliveries encrypted with
// one of the given secure keys (the "Secure Key" of the webhook in
// TribeHR, up to 16 characters; see NewSecureKey). Give two during a key
// change. An empty key is an error.
//
// Encryption hides the payload from whoever sees the traffic; it does not
// prove the sender (no MAC, fixed IV). See the package documentation for
// the checks that are possible.
func WithSecureKey(keys ...string) Option {
	return func(c *handlerConfig) error {
		if len(keys) == 0 {
			return fmt.Errorf("%w: WithSecureKey without a key", ErrInvalidKey)
		}
		for _, s := range keys {
			k, err := NewSecureKey(s)
			if err != nil {
				return err
			}
			c.parser.Keys = append(c.parser.Keys, k)
		}
		return nil
	}
}

// WithPlainDeliveries accepts plain deliveries too when WithSecureKey is
// set, while the key is being set on every webhook.
func WithPlainDeliveries() Option {
	return func(c *handlerConfig) error { c.parser.AllowPlain = true; return nil }
}

// WithSystem refuses deliveries whose system field is not the account's
// base URL, such as client.BaseURL().String() or
// "https://mycompany.mytribehr.com/": they are answered 400 and logged as
// ErrWrongSystem.
func WithSystem(baseURL string) Option {
	return func(c *handlerConfig) error {
		u, err := url.Parse(strings.TrimSpace(baseURL))
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Errorf("webhook: WithSystem(%s): not an http(s) base URL", quote(baseURL))
		}
		c.parser.System = baseURL
		return nil
	}
}

// WithMaxBodyBytes caps the body of a delivery (default
// DefaultMaxBodyBytes); a larger one is answered 413.
func WithMaxBodyBytes(n int64) Option {
	return func(c *handlerConfig) error {
		if n < 1 {
			return fmt.Errorf("webhook: WithMaxBodyBytes(%d): must be positive", n)
		}
		c.parser.MaxBodyBytes = n
		return nil
	}
}

// WithWorkers sets how many callbacks run at once (default
// DefaultWorkers).
func WithWorkers(n int) Option {
	return func(c *handlerConfig) error {
		if n < 1 {
			return fmt.Errorf("webhook: WithWorkers(%d): must be positive", n)
		}
		c.workers = n
		return nil
	}
}

// WithQueueSize sets how many events may wait for a worker (default
// DefaultQueueSize). A delivery that finds the queue full is answered 503
// so that it is not lost silently.
func WithQueueSize(n int) Option {
	return func(c *handlerConfig) error {
		if n < 1 {
			return fmt.Errorf("webhook: WithQueueSize(%d): must be positive", n)
		}
		c.queueSize = n
		return nil
	}
}

// WithSynchronous runs each callback before answering the delivery, with
// the request's context: 204 when it returns nil, 500 when it fails or
// panics. Use it when TribeHR should see a failure, or in tests; the
// callback must then be quick.
func WithSynchronous() Option {
	return func(c *handlerConfig) error { c.sync = true; return nil }
}

// WithLogger sets where the handler logs bad deliveries, failed callbacks
// and full queues; the default is slog.Default(). It never logs a body,
// a payload or a key.
func WithLogger(l *slog.Logger) Option {
	return func(c *handlerConfig) error {
		if l == nil {
			return errors.New("webhook: WithLogger(nil)")
		}
		c.logger = l
		return nil
	}
}

// WithErrorHandler calls fn with the error of each asynchronous callback
// that fails or panics, and of each event dropped at Shutdown, besides
// logging it.
func WithErrorHandler(fn func(ctx context.Context, e *Event, err error)) Option {
	return func(c *handlerConfig) error { c.onError = fn; return nil }
}

// WithBaseContext sets the context asynchronous callbacks run with
// (default context.Background()); Shutdown cancels it when its own
// context ends before the queue is drained.
func WithBaseContext(ctx context.Context) Option {
	return func(c *handlerConfig) error {
		if ctx == nil {
			return errors.New("webhook: WithBaseContext(nil)")
		}
		c.ctx = ctx
		return nil
	}
}

// NewHandler returns a Handler with the options, or the errors of the
// invalid ones. It starts nothing: the workers start with the first
// event.
func NewHandler(opts ...Option) (*Handler, error) {
	cfg := handlerConfig{workers: DefaultWorkers, queueSize: DefaultQueueSize, ctx: context.Background()}
	var errs []error
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if cfg.logger == nil {
		cfg.logger = slog.Default()
	}
	h := &Handler{
		parser:  cfg.parser,
		sync:    cfg.sync,
		workers: cfg.workers,
		logger:  cfg.logger,
		onError: cfg.onError,
		routes:  map[Handle]Func{},
		queue:   make(chan job, cfg.queueSize),
	}
	h.ctx, h.cancel = context.WithCancel(cfg.ctx)
	return h, nil
}

// HandleFunc registers fn for the events pattern names: a whole handle
// ("Note.Edit.34"), an object and action ("Note.Edit") or an object
// ("Note"), matched without regard to case. The most specific pattern
// wins, as with http.ServeMux: an event Note.Edit.34 goes to
// "Note.Edit.34" if registered, else "Note.Edit", else "Note", else the
// pattern "", which takes every event no other pattern does.
//
// Like http.ServeMux, HandleFunc panics if the pattern is invalid or
// already registered, or fn is nil: those are mistakes in the program,
// not in a delivery.
func (h *Handler) HandleFunc(pattern string, fn Func) {
	if fn == nil {
		panic("webhook: HandleFunc(" + quote(pattern) + ") with a nil callback")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if pattern == "" {
		if h.fallback != nil {
			panic(`webhook: pattern "" registered twice`)
		}
		h.fallback = fn
		return
	}
	p, err := ParseHandle(pattern)
	if err != nil {
		panic(err.Error())
	}
	key := routeKey(p)
	if _, dup := h.routes[key]; dup {
		panic("webhook: pattern " + quote(pattern) + " registered twice")
	}
	h.routes[key] = fn
}

// routeKey is p with its names in lower case, as patterns and events are
// matched without regard to case.
func routeKey(p Handle) Handle {
	return Handle{Object: Object(strings.ToLower(string(p.Object))), Action: Action(strings.ToLower(string(p.Action))), ID: p.ID}
}

// route returns the callback for the event handle e, or nil: the most
// specific pattern first.
func (h *Handler) route(e Handle) Func {
	k := routeKey(e)
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, p := range []Handle{k, {Object: k.Object, Action: k.Action}, {Object: k.Object}} {
		if fn := h.routes[p]; fn != nil {
			return fn
		}
	}
	return h.fallback
}

// ServeHTTP receives one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.Body != nil {
		// Over the limit, the server also closes the connection instead
		// of reading the rest.
		r.Body = http.MaxBytesReader(w, r.Body, h.parser.maxBodyBytes())
	}
	body, err := h.parser.readBody(r)
	if err == nil {
		var e *Event
		e, err = h.parser.parse(r.URL.RawQuery, r.Header.Get("Content-Type"), body)
		if err == nil {
			h.dispatch(w, r, e)
			return
		}
	}
	h.logger.LogAttrs(r.Context(), slog.LevelWarn, "webhook: bad delivery",
		slog.String("err", err.Error()),
		slog.String("remote", r.RemoteAddr),
		slog.String("content_type", r.Header.Get("Content-Type")),
		slog.Int("body_bytes", len(body)),
		slog.String("body_sha256", fingerprint(body)))
	if errors.Is(err, ErrBodyTooLarge) {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	http.Error(w, "bad delivery", http.StatusBadRequest)
}

// fingerprint is a short hash of a body, to match a log line with a
// delivery without logging the delivery.
func fingerprint(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func (h *Handler) dispatch(w http.ResponseWriter, r *http.Request, e *Event) {
	fn := h.route(e.Handle)
	h.run.RLock()
	if h.closed {
		h.run.RUnlock()
		w.Header().Set("Retry-After", "10")
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	if fn == nil {
		h.run.RUnlock()
		h.logger.LogAttrs(r.Context(), slog.LevelDebug, "webhook: no callback for the event", slog.Any("event", e))
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if h.sync {
		h.inflight.Add(1)
		h.run.RUnlock()
		defer h.inflight.Done()
		if err := h.call(r.Context(), job{e, fn}); err != nil {
			http.Error(w, "callback failed", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	h.startOnce.Do(h.startWorkers)
	select {
	case h.queue <- job{e, fn}:
		h.run.RUnlock()
		w.WriteHeader(http.StatusAccepted)
	default:
		h.run.RUnlock()
		h.logger.LogAttrs(r.Context(), slog.LevelWarn, "webhook: queue full, delivery refused with 503", slog.Any("event", e))
		w.Header().Set("Retry-After", "1")
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}
}

func (h *Handler) startWorkers() {
	h.workersWG.Add(h.workers)
	for range h.workers {
		go func() {
			defer h.workersWG.Done()
			for j := range h.queue {
				if err := h.ctx.Err(); err != nil {
					h.report(h.ctx, j.e, fmt.Errorf("webhook: event dropped at shutdown: %w", err))
					continue
				}
				if err := h.call(h.ctx, j); err != nil {
					h.report(h.ctx, j.e, err)
				}
			}
		}()
	}
}

// call runs one callback, turning a panic into an error. In synchronous
// mode it logs the error itself.
func (h *Handler) call(ctx context.Context, j job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("webhook: callback for %s panicked: %v", j.e.Handle, p)
		}
		if err != nil && h.sync {
			h.logger.LogAttrs(ctx, slog.LevelError, "webhook: callback failed", slog.Any("event", j.e), slog.String("err", err.Error()))
		}
	}()
	return j.fn(ctx, j.e)
}

func (h *Handler) report(ctx context.Context, e *Event, err error) {
	h.logger.LogAttrs(ctx, slog.LevelError, "webhook: callback failed", slog.Any("event", e), slog.String("err", err.Error()))
	if h.onError != nil {
		h.onError(ctx, e, err)
	}
}

// Shutdown stops taking deliveries (they are answered 503 from now on)
// and waits until every queued event has been handled and every running
// callback has returned. If ctx ends first, Shutdown cancels the context
// of the asynchronous callbacks (a synchronous one has its request's),
// drops the events still queued (each reported as an error, as soon as
// the callbacks running then return), and returns ctx's error at once.
// Call it after http.Server.Shutdown, so that no delivery arrives in
// between. Calling it again waits again.
func (h *Handler) Shutdown(ctx context.Context) error {
	h.run.Lock()
	if !h.closed {
		h.closed = true
		close(h.queue)
	}
	h.run.Unlock()

	done := make(chan struct{})
	go func() {
		h.workersWG.Wait()
		h.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
		h.cancel()
		return nil
	case <-ctx.Done():
		h.cancel()
		return ctx.Err()
	}
}
