// Command leave-notify tells the right person when someone asks for
// leave: the story of TribeHR's post "Custom Leave Notifications via
// TribeHR Webhooks". A webhook for LeaveRequest.Add, encrypted with a
// Secure Key, calls this program; it fetches the leave request through
// the API, walks up the requester's manager chain to the first person on
// the -approvers list (by default the requester's own manager), and writes
// that person a notification.
//
//	go run ./examples/leave-notify                    # on the embedded fake: emma asks for leave, alice is told
//	go run ./examples/leave-notify -approvers george  # further up the chain: emma → alice → george
//
// Without TRIBEHR_* credentials it plays both sides on the embedded fake
// server (package tribehrtest): it registers an encrypted webhook with
// the fake, serves it on a loopback port, has the employee emma add a
// leave request, and exits once the notification is written.
//
// With TRIBEHR_SUBDOMAIN (or TRIBEHR_BASE_URL and TRIBEHR_CA_FILE),
// TRIBEHR_USERNAME and TRIBEHR_API_KEY set, or the matching flags (an
// administrator or manager who may see the managers), and
// TRIBEHR_WEBHOOK_KEY holding the webhook's Secure Key, it serves
// deliveries on -addr at -path until interrupted. The standalone fake
// plays TribeHR's part too:
//
//	export TRIBEHR_WEBHOOK_KEY=0123456789abcdef
//	go run ./cmd/tribehr-fake -webhook LeaveRequest.Add=http://127.0.0.1:8080/tribehr/leave-requests
//	# paste its export lines, then:
//	go run ./examples/leave-notify -addr 127.0.0.1:8080
//
// and any leave request added through its API is delivered here. In TribeHR, under
// Administration > Advanced > WebHooks, add a webhook for the event
// LeaveRequest.Add with this program's public HTTPS URL and the same
// Secure Key. Deliveries that do not decrypt with the key, or that name
// another account, are refused.
//
// Notifications go to standard output, as mails would be written; send
// them by mail or chat instead in a real deployment.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/examples/internal/exampleenv"
	"github.com/tribehr/tribehr-go/internal/cli"
	"github.com/tribehr/tribehr-go/tribehrtest"
	"github.com/tribehr/tribehr-go/webhook"
)

// EnvWebhookKey names the variable that holds the webhook's Secure Key on
// a real account. A key is a secret: it is not taken on the command line,
// where other users of the machine could read it.
const EnvWebhookKey = cli.EnvWebhookKey

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], env{
		stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now,
		connect: func(where *exampleenv.Settings) (*exampleenv.Conn, error) {
			return where.Open(tribehr.WithSource("tribehr-go leave-notify"))
		},
		listen: func(addr string) (net.Listener, error) { return net.Listen("tcp", addr) },
	})
	stop()
	if code := cli.ExitCode(os.Stderr, "leave-notify", err); code != 0 {
		os.Exit(code)
	}
}

// env is what run takes from outside the program, so a test can give its
// own.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// now dates the demo leave request on the fake.
	now func() time.Time
	// connect connects as the command line's settings say.
	connect func(where *exampleenv.Settings) (*exampleenv.Conn, error)
	listen  func(addr string) (net.Listener, error)
	// ready, when set, is called with the receiver's URL once it serves.
	ready func(url string)
}

// run parses the command line and receives deliveries: on the fake, the
// one it causes; on a real account, until ctx ends.
func run(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("leave-notify", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	list := fs.String("approvers", "", "comma-separated `usernames, emails or ids` of the people who approve leave (default: the requester's manager)")
	addr := fs.String("addr", ":8080", "the `address` to serve deliveries on (a real account only)")
	path := fs.String("path", "/tribehr/leave-requests", "the URL `path` of the webhook")
	where := exampleenv.AddFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: leave-notify [-approvers list] [-addr host:port] [-path /path] [-user name] [-subdomain acme | -base-url URL [-ca-file ca.pem]] [-api-key-file file]")
		fs.PrintDefaults()
	}
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if !strings.HasPrefix(*path, "/") {
		return cli.BadUsage(fs, fmt.Sprintf("-path %q must start with /", *path))
	}
	var who approvers
	for _, s := range strings.Split(*list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			who = append(who, s)
		}
	}

	conn, err := e.connect(where)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	key := e.getenv(EnvWebhookKey)
	if conn.Fake != nil {
		key = demoKey()
	} else if key == "" {
		return fmt.Errorf("set %s to the Secure Key of the webhook in TribeHR: this receiver takes encrypted deliveries only", EnvWebhookKey)
	}

	n := &notifier{client: conn.Client, approvers: who, out: e.stdout, warn: e.stderr}
	h, err := webhook.NewHandler(
		webhook.WithSecureKey(key),
		webhook.WithSystem(conn.Client.BaseURL().String()),
		webhook.WithLogger(slog.New(slog.NewTextHandler(e.stderr, nil))),
		webhook.WithErrorHandler(n.failed),
	)
	if err != nil {
		return err
	}
	h.HandleFunc("LeaveRequest.Add", n.leaveAdded)
	mux := http.NewServeMux()
	mux.Handle(*path, h)

	listenOn := *addr
	if conn.Fake != nil {
		listenOn = "127.0.0.1:0" // the fake delivers on loopback
	}
	l, err := e.listen(listenOn)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	url := "http://" + l.Addr().String() + *path
	stop := func() error {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		err := errors.Join(srv.Shutdown(sctx), h.Shutdown(sctx))
		if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		return err
	}
	if e.ready != nil {
		e.ready(url)
	}

	if conn.Fake == nil {
		fmt.Fprintf(e.stderr, "leave-notify: serving LeaveRequest.Add deliveries at %s for %s; interrupt to stop\n", url, conn.Desc)
		<-ctx.Done()
		err := stop()
		fmt.Fprintf(e.stderr, "leave-notify: stopped after %d notifications\n", n.count())
		return errors.Join(err, n.err())
	}

	lr, err := demo(ctx, conn.Fake, url, key, e.now())
	if err != nil {
		stop()
		return err
	}
	if err := stop(); err != nil {
		return err
	}
	if err := n.err(); err != nil {
		return err
	}
	for _, d := range conn.Fake.Deliveries() {
		if d.Status/100 != 2 {
			return fmt.Errorf("the fake's delivery of %s was answered %d %s", d.Hook, d.Status, d.Err)
		}
	}
	fmt.Fprintf(e.stderr, "leave-notify: leave request #%d was delivered encrypted to %s; %d notification written, from %s\n",
		lr.ID.Value(), url, n.count(), conn.Desc)
	return nil
}

// demo plays TribeHR's part on the fake: an encrypted webhook for
// LeaveRequest.Add to url, and a leave request by the employee emma. It
// returns once the fake has delivered.
func demo(ctx context.Context, fake *tribehrtest.Server, url, key string, now time.Time) (*tribehr.LeaveRequest, error) {
	if _, err := fake.AddWebhook(tribehrtest.Webhook{Name: "Leave Request Notifications", Event: "LeaveRequest.Add", URL: url, SecureKey: key}); err != nil {
		return nil, err
	}
	emma, err := fake.NewClient(tribehrtest.EmployeeUsername)
	if err != nil {
		return nil, err
	}
	start := tribehr.DateOf(now.AddDate(0, 0, 14))
	days := 3
	comments := "Visiting family"
	lr, err := emma.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: start, DateEnd: start.AddDays(days - 1), Days: &days, LeaveType: 1, Comments: &comments,
	})
	if err != nil {
		return nil, fmt.Errorf("add the demo leave request: %w", err)
	}
	if err := fake.WaitDeliveries(ctx); err != nil {
		return nil, err
	}
	return lr, nil
}

// demoKey returns a fresh Secure Key for the fake's webhook.
func demoKey() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b) // 16 characters, TribeHR's longest
}

// notifier handles LeaveRequest.Add events.
type notifier struct {
	client    *tribehr.Client
	approvers approvers

	mu     sync.Mutex
	out    io.Writer
	warn   io.Writer
	sent   int
	errors []error
}

// leaveAdded fetches the leave request, finds its approver and writes the
// notification. A request nobody up the chain may approve is reported on
// the warning stream, not as a failure.
func (n *notifier) leaveAdded(ctx context.Context, e *webhook.Event) error {
	lr, err := webhook.FetchLeaveRequest(ctx, n.client, e.Handle)
	if err != nil {
		return err
	}
	requester, ok := lr.User.Value().ID.Get()
	if !ok {
		return fmt.Errorf("leave request #%d names no user", lr.ID.Value())
	}
	approver, chain, err := findApprover(ctx, n.client, requester, n.approvers)
	n.mu.Lock()
	defer n.mu.Unlock()
	if errors.Is(err, errNoApprover) {
		fmt.Fprintf(n.warn, "leave-notify: leave request #%d: %v\n", lr.ID.Value(), err)
		return nil
	}
	if err != nil {
		return err
	}
	if n.sent > 0 {
		fmt.Fprintln(n.out)
	}
	fmt.Fprint(n.out, notification(approver, chain, lr))
	n.sent++
	return nil
}

func (n *notifier) failed(_ context.Context, e *webhook.Event, err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.errors = append(n.errors, fmt.Errorf("%s: %w", e.Handle, err))
}

func (n *notifier) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.sent
}

func (n *notifier) err() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return errors.Join(n.errors...)
}
