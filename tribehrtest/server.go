package tribehrtest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"hash/fnv"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a fake TribeHR v2 API served over loopback HTTPS. Its methods
// are safe for concurrent use.
type Server struct {
	// URL is the base URL of the fake account, such as
	// https://127.0.0.1:41234, without a trailing slash.
	URL string
	// S3URL is the base URL of the S3 stand-in that serves avatars with
	// WithS3Avatars, another host than URL; "" without.
	S3URL string

	ts     *httptest.Server
	st     *store
	routes map[string]*resource
	clock  func() time.Time
	quirks bool
	faults *faults
	log    *requestLog
	hooks  *webhooks
	s3     *s3 // WithS3Avatars; nil without
	paging paging
	// streamedUsers is the number of WithStreamedUsers users.
	streamedUsers int

	clientOpts []any         // see WithClientOptions
	closing    chan struct{} // closed by Close, ends injected latency
	closeOnce  sync.Once
}

// NewServer starts a fake seeded with the demo company (see Option for
// other seeds) and closes it when the test ends. It fails the test if the
// options are invalid.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatalf("tribehrtest: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Start starts a fake like NewServer does, for code that has no testing.TB
// (programs and examples). The caller must Close it.
func Start(opts ...Option) (*Server, error) {
	cfg := config{clock: time.Now, demo: true}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if cfg.err != nil {
		return nil, cfg.err
	}
	s := &Server{
		st:     newStore(),
		clock:  cfg.clock,
		quirks: cfg.singleLocationQuirk,
		faults: newFaults(cfg),
		log:    &requestLog{},
		hooks:  newWebhooks(),

		clientOpts: cfg.clientOpts,
		closing:    make(chan struct{}),
	}
	s.routes = s.resources()
	s.SetPagination(cfg.pagination, cfg.pageSize)
	if cfg.streamedUsers < 0 {
		return nil, fmt.Errorf("streamed users: %d is negative", cfg.streamedUsers)
	}
	s.streamedUsers = cfg.streamedUsers
	if err := s.seed(cfg); err != nil {
		return nil, err
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.ts.Config.ErrorLog = log.New(quietHandshakes{log.Default()}, "", 0)
	if cfg.addr != "" {
		l, err := net.Listen("tcp", cfg.addr)
		if err != nil {
			return nil, fmt.Errorf("listening on %s: %w", cfg.addr, err)
		}
		if !isLoopback(l.Addr()) {
			l.Close()
			return nil, fmt.Errorf("refusing to listen on %s: the fake serves loopback only", l.Addr())
		}
		s.ts.Listener.Close()
		s.ts.Listener = l
	}
	if cfg.s3Avatars {
		s.s3 = &s3{ts: httptest.NewUnstartedServer(http.HandlerFunc(s.serveS3))}
		s.s3.ts.Config.ErrorLog = s.ts.Config.ErrorLog
		if cfg.plainHTTP {
			s.s3.ts.Start()
		} else {
			s.s3.ts.StartTLS()
		}
		s.S3URL = s.s3.ts.URL
		s.st.s3URL = s.S3URL
	}
	if cfg.plainHTTP {
		s.ts.Start()
	} else {
		s.ts.StartTLS()
	}
	s.URL = s.ts.URL
	return s, nil
}

// quietHandshakes passes the HTTP server's error log on to a logger (the
// standard logger, where net/http sends it by default), except the TLS
// handshake errors of connections a client opened and dropped (such as the
// spare connections of parallel requests still in their handshake when the
// server closes): they say nothing about the API and would clutter the
// output of every test and program that stops a server.
type quietHandshakes struct{ to *log.Logger }

func (q quietHandshakes) Write(p []byte) (int, error) {
	if !bytes.Contains(p, []byte("TLS handshake error")) {
		q.to.Print(string(p))
	}
	return len(p), nil
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// Close shuts the server down, blocking until all outstanding requests have
// completed. Webhook deliveries still queued are not sent (they are logged
// as not sent), and one being sent is cancelled.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.hooks.close()
	s.ts.Close()
	if s.s3 != nil {
		s.s3.ts.Close()
	}
}

// HTTPClient returns an *http.Client that trusts the server's certificate.
func (s *Server) HTTPClient() *http.Client { return s.ts.Client() }

// CACertPEM returns the server's self-signed certificate in PEM form, for
// programs such as curl (--cacert); nil when the server speaks plain HTTP.
func (s *Server) CACertPEM() []byte {
	if s.ts.TLS == nil || len(s.ts.TLS.Certificates) == 0 {
		return nil
	}
	var out []byte
	for _, der := range s.ts.TLS.Certificates[0].Certificate {
		if _, err := x509.ParseCertificate(der); err != nil {
			continue
		}
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	return out
}

// now is the server clock.
func (s *Server) now() time.Time { return s.clock() }

// reply is a response built by a handler, written (or dropped) afterwards.
type reply struct {
	status int
	header http.Header
	body   any // nil: no body
	// stream, when set, writes a JSON body as it goes (a collection), in
	// place of body.
	stream func(w io.Writer) error
}

func jsonReply(status int, body any) reply { return reply{status: status, body: body} }

func errReply(status int, code string, messages ...string) reply {
	return reply{status: status, body: errorBody(code, messages...)}
}

func noBody(status int) reply { return reply{status: status} }

func notFound(what string) reply {
	return errReply(http.StatusNotFound, "NOT_FOUND", "Invalid "+what)
}

func accessDenied(msg string) reply {
	return errReply(http.StatusForbidden, "ACCESS_ERROR", msg)
}

func invalid(msgs []string) reply {
	return errReply(http.StatusBadRequest, "VALIDATION_ERROR", msgs...)
}

// serveHTTP is the whole request pipeline: the fault the request meets,
// the checks and the handler (see handle), then the response, spoiled or
// dropped as the fault says.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	// Read the body first: net/http notices a client hanging up (and ends
	// the request context) only once the body has been consumed.
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	entry := s.log.begin(r, s.now())
	if len(body) > 0 {
		entry.RawBody = body
	}
	in := s.faults.arrival(r, body)
	var (
		rep       reply
		processed bool
	)
	switch in.fault {
	case FaultTooManyRequests:
		rep = errReply(http.StatusTooManyRequests, "ERROR", "Rate limit exceeded (injected): retry after the time in Retry-After.")
		rep.header = http.Header{"Retry-After": {"0"}}
	case FaultUnavailable:
		rep = errReply(http.StatusServiceUnavailable, "ERROR", "Injected failure (503 Service Unavailable).")
	case FaultRedirect:
		rep = reply{status: in.status, header: http.Header{"Location": {in.target}}}
	default:
		rep, processed = s.handle(r, entry)
	}
	fault := in.fault
	if fault == 0 && processed {
		fault = s.faults.afterProcessing(r)
	}
	entry.Processed = processed
	entry.Fault = fault
	if rep.status == statusClientGone {
		// The client went away while the request waited: nobody reads an
		// answer, and writing one could still reach a client in the middle
		// of closing its connection, which would take it for the server's
		// answer. Abort the connection instead.
		entry.Status = statusClientGone
		s.log.finish(entry)
		panic(http.ErrAbortHandler)
	}
	s.respond(w, r, rep, fault, entry)
}

// statusClientGone is the status the log records for a request whose
// client went away before it was answered (nginx's 499).
const statusClientGone = 499

func (s *Server) handle(r *http.Request, entry *Request) (reply, bool) {
	if err := s.faults.wait(r.Context(), s.closing); err != nil {
		// The client is gone; nobody reads this.
		return noBody(statusClientGone), false
	}
	if rep, failed := s.faults.takeFailure(); failed {
		return rep, false
	}
	if rep, down := s.faults.maintenance(); down {
		return rep, false
	}
	limitHeader, limited := s.faults.rateLimit(s.now())
	withLimit := func(rep reply) reply {
		if limitHeader != nil {
			if rep.header == nil {
				rep.header = http.Header{}
			}
			for k, v := range limitHeader {
				rep.header[k] = v
			}
		}
		return rep
	}
	if limited {
		return withLimit(errReply(http.StatusTooManyRequests, "ERROR", "Rate limit exceeded: too many requests, retry after the time in Retry-After.")), false
	}

	if isPicturePath(r.URL.Path) && r.Method == http.MethodGet {
		s.st.mu.Lock()
		defer s.st.mu.Unlock()
		me, _ := s.authenticate(r)
		if me == nil {
			return withLimit(reply{status: http.StatusUnauthorized, header: http.Header{"Www-Authenticate": {`Basic realm="TribeHR API"`}}}), false
		}
		entry.User = me.Username
		return withLimit(s.servePicture(r.URL.Path)), true
	}
	rt, ok := s.route(r.URL.Path)
	if !ok {
		return withLimit(noBody(http.StatusNotFound)), false
	}

	s.st.mu.Lock()
	defer s.st.mu.Unlock()

	me, viaPassword := s.authenticate(r)
	if me == nil {
		return withLimit(reply{status: http.StatusUnauthorized, header: http.Header{"Www-Authenticate": {`Basic realm="TribeHR API"`}}}), false
	}
	entry.User = me.Username
	if msg := checkVersion(r.Header.Get("X-API-Version")); msg != "" {
		return withLimit(errReply(http.StatusBadRequest, "ERROR", msg)), false
	}
	if rt.invalidID {
		return withLimit(errReply(http.StatusNotFound, "INVALID_ID", "No id was given for a single "+rt.resource.name+".")), false
	}
	h := rt.handler(r.Method)
	if h == nil {
		rep := errReply(http.StatusMethodNotAllowed, "ERROR", fmt.Sprintf("%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, strings.Join(rt.allowed(), ", ")))
		rep.header = http.Header{"Allow": {strings.Join(rt.allowed(), ", ")}}
		return withLimit(rep), false
	}
	c := &call{srv: s, r: r, me: me, viaPassword: viaPassword, id: rt.id, now: s.now()}
	if r.Method == http.MethodPost || r.Method == http.MethodPut {
		f, err := readForm(r, rt.resource.multipart)
		if f != nil {
			entry.RawBody = f.raw
			entry.Form = f.loggable()
		}
		if err != nil {
			return withLimit(invalid([]string{err.Error()})), false
		}
		c.form = f
		if r.Method == http.MethodPut {
			if got, _ := f.get("id"); got != strconv.Itoa(rt.id) {
				return withLimit(errReply(http.StatusBadRequest, "ID_MISMATCH", fmt.Sprintf("The id in the body (%q) must match the id in the URL (%d).", got, rt.id))), false
			}
		}
	}
	rep := h(c)
	if rep.status >= 200 && rep.status < 300 {
		s.sendEvents(c.fired, me, c.now)
	}
	return withLimit(rep), true
}

// checkVersion accepts any 2.x version; it returns a message otherwise.
func checkVersion(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return "Missing X-API-Version header: without it TribeHR answers as API v1, which this fake does not implement. Send X-API-Version: 2.0.0."
	}
	major, _, _ := strings.Cut(v, ".")
	if major != "2" {
		return fmt.Sprintf("Unsupported X-API-Version %q: this fake implements API v2 (2.x.y).", v)
	}
	return ""
}

// respond writes rep, spoiled as fault says, and logs the request just
// before the answer goes out.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, rep reply, fault Fault, entry *Request) {
	if rep.stream != nil {
		if fault == 0 && !s.faults.etagsOn() {
			s.respondStream(w, rep, entry)
			return
		}
		// A fault spoils bytes, and an entity tag is a digest of them:
		// make them first.
		var b bytes.Buffer
		if err := rep.stream(&b); err != nil {
			entry.Status = http.StatusInternalServerError
			s.log.finish(entry)
			http.Error(w, "", http.StatusInternalServerError)
			return
		}
		rep.stream, rep.body = nil, rawBody{contentType: "application/json; charset=UTF-8", data: b.Bytes()}
	}
	out, err := encodeReply(rep)
	if err != nil {
		entry.Status = http.StatusInternalServerError
		s.log.finish(entry)
		http.Error(w, "", http.StatusInternalServerError)
		return
	}
	out.header.Set("Date", s.now().UTC().Format(http.TimeFormat))
	success := out.status >= 200 && out.status <= 299
	switch fault {
	case FaultReset:
		entry.Status, entry.Dropped = out.status, true
		s.log.finish(entry)
		resetConnection(w)
		return
	case FaultCutBody, FaultTruncatedBody:
		if len(out.body) > 0 {
			entry.Status = out.status
			s.log.finish(entry)
			writeCut(w, out, fault == FaultCutBody)
			return
		}
	case FaultEmptyBody:
		if success {
			out = encoded{status: http.StatusOK, header: out.header, body: nil}
			out.header.Del("Content-Type")
		}
	case FaultNullBody:
		if success {
			out.status, out.body = http.StatusOK, []byte("null")
			out.header.Set("Content-Type", "application/json; charset=UTF-8")
		}
	case FaultCreated:
		if id, ok := replyID(rep); ok && r.Method == http.MethodPost && out.status == http.StatusOK {
			out.status, out.body = http.StatusCreated, nil
			out.header.Del("Content-Type")
			out.header.Set("Location", strings.TrimSuffix(r.URL.Path, ".json")+"/"+id+".json")
		}
	}
	if r.Method == http.MethodGet && out.status == http.StatusOK && out.body != nil && s.faults.etagsOn() {
		tag := etag(out.body)
		out.header.Set("ETag", tag)
		if etagMatches(r.Header.Get("If-None-Match"), tag) {
			out.status, out.body = http.StatusNotModified, nil
			out.header.Del("Content-Type")
		}
	}
	entry.Status = out.status
	s.log.finish(entry)
	for k, v := range out.header {
		w.Header()[k] = v
	}
	if out.body != nil {
		w.Header().Set("Content-Length", strconv.Itoa(len(out.body)))
	}
	w.WriteHeader(out.status)
	w.Write(out.body)
}

// respondStream writes a streamed reply: its headers, then its body as it
// is made, without a Content-Length (chunked).
func (s *Server) respondStream(w http.ResponseWriter, rep reply, entry *Request) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	entry.Status = rep.status
	s.log.finish(entry)
	w.WriteHeader(rep.status)
	rep.stream(w) // a write fails when the client hangs up: nothing to do
}

// encoded is a reply as it goes on the wire.
type encoded struct {
	status int
	header http.Header
	body   []byte // nil: no body
}

func encodeReply(rep reply) (encoded, error) {
	out := encoded{status: rep.status, header: http.Header{}}
	for k, v := range rep.header {
		out.header[k] = v
	}
	switch b := rep.body.(type) {
	case nil:
	case rawBody:
		out.body = b.data
		out.header.Set("Content-Type", b.contentType)
	default:
		data, err := marshal(rep.body)
		if err != nil {
			return encoded{}, err
		}
		out.body = data
		out.header.Set("Content-Type", "application/json; charset=UTF-8")
	}
	return out, nil
}

// replyID returns the id of the object a reply carries.
func replyID(rep reply) (string, bool) {
	o, ok := rep.body.(object)
	if !ok {
		return "", false
	}
	for _, m := range o {
		if m.key == "id" {
			return fmt.Sprint(m.value), true
		}
	}
	return "", false
}

// etag is the entity tag of a body: a strong tag, a hash of its bytes.
func etag(body []byte) string {
	h := fnv.New64a()
	h.Write(body)
	return fmt.Sprintf(`"%016x"`, h.Sum64())
}

// etagMatches reports whether an If-None-Match header names tag: "*", or a
// list of tags, weak or strong (If-None-Match compares weakly).
func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}

// rawBody is a non-JSON reply body (an attachment).
type rawBody struct {
	contentType string
	data        []byte
}

// hijack takes the connection over from net/http.
func hijack(w http.ResponseWriter) (net.Conn, *bufio.ReadWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	return conn, buf
}

// resetConnection resets the connection without writing a response.
func resetConnection(w http.ResponseWriter) {
	conn, _ := hijack(w)
	reset(conn)
}

// writeCut sends the status line, the headers (announcing the whole body's
// Content-Length) and the first half of the body, then resets the
// connection (reset) or closes it cleanly.
func writeCut(w http.ResponseWriter, out encoded, rst bool) {
	conn, buf := hijack(w)
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", out.status, http.StatusText(out.status))
	out.header.Set("Content-Length", strconv.Itoa(len(out.body)))
	out.header.Write(&b)
	b.WriteString("\r\n")
	b.Write(out.body[:len(out.body)/2])
	buf.Write(b.Bytes())
	buf.Flush()
	if rst {
		reset(conn)
		return
	}
	conn.Close()
}

// reset closes conn with a TCP reset (SO_LINGER 0), skipping TLS's
// close_notify, so the client sees its connection reset.
func reset(conn net.Conn) {
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	raw.Close()
}
