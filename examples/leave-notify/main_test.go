package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/examples/internal/exampleenv"
	"github.com/tribehr/tribehr-go/internal/cli"
	"github.com/tribehr/tribehr-go/internal/fakecmd"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

var clock = time.Date(2030, time.June, 17, 9, 0, 0, 0, time.UTC)

// lockedBuffer is a bytes.Buffer safe for the handler's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func noCredentials(t *testing.T) {
	for _, v := range exampleenv.Vars {
		t.Setenv(v, "")
	}
}

// fakeEnv runs the program as `go run` does without credentials, on the
// real clock's replacement.
func fakeEnv(stdout, stderr *lockedBuffer) env {
	return env{
		stdout: stdout, stderr: stderr, now: func() time.Time { return clock },
		getenv:  func(string) string { return "" },
		connect: func(where *exampleenv.Settings) (*exampleenv.Conn, error) { return where.Open() },
		listen:  func(addr string) (net.Listener, error) { return net.Listen("tcp", addr) },
	}
}

// TestRunOnTheEmbeddedFake tells the documents' story end to end: emma
// adds a leave request, the fake delivers it encrypted, and her manager
// alice is told.
func TestRunOnTheEmbeddedFake(t *testing.T) {
	noCredentials(t)
	var stdout, stderr lockedBuffer
	require.NoError(t, run(context.Background(), nil, fakeEnv(&stdout, &stderr)))
	assert.Equal(t, `To: Alice McDonald <alice@mycompany.com>
Subject: Emma Employee has requested 3 days (24 hours) of Vacation

Emma Employee has requested 3 days (24 hours) of Vacation from 2030-07-01 to 2030-07-03 (leave request #34, pending).
Their note: Visiting family
You are told as the first approver up the chain: Emma Employee → Alice McDonald.
Log in to TribeHR to approve or reject it.
`, stdout.String())
	assert.Regexp(t, `^leave-notify: leave request #34 was delivered encrypted to http://127\.0\.0\.1:\d+/tribehr/leave-requests; `+
		`1 notification written, from the embedded fake server at https://127\.0\.0\.1:\d+ as admin \(no TRIBEHR_\* credentials set\)\n$`, stderr.String())
}

func TestRunWalksUpTheChain(t *testing.T) {
	noCredentials(t)
	for _, tc := range []struct {
		approvers, to, chain string
	}{
		{"george", "George Black <george@mycompany.com>", "Emma Employee → Alice McDonald → George Black"},
		{"nobody,DEVNULL+ADMIN@TRIBEHR.COM", "Tribe Admin <devnull+admin@tribehr.com>", "Emma Employee → Alice McDonald → George Black → Tribe Admin"},
		{" 5 ", "George Black <george@mycompany.com>", "Emma Employee → Alice McDonald → George Black"},
	} {
		var stdout, stderr lockedBuffer
		require.NoError(t, run(context.Background(), []string{"-approvers", tc.approvers}, fakeEnv(&stdout, &stderr)), tc.approvers)
		assert.Contains(t, stdout.String(), "To: "+tc.to+"\n", tc.approvers)
		assert.Contains(t, stdout.String(), "up the chain: "+tc.chain+".\n", tc.approvers)
	}
}

func TestRunWithoutAnApprover(t *testing.T) {
	noCredentials(t)
	var stdout, stderr lockedBuffer
	require.NoError(t, run(context.Background(), []string{"-approvers", "nobody"}, fakeEnv(&stdout, &stderr)))
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), "leave-notify: leave request #34: no approver up the manager chain: Tribe Admin has no manager\n")
	assert.Contains(t, stderr.String(), "0 notification written")
}

// TestRunServesARealAccount runs the program as on a real account (here
// a test fake it does not own): it serves until its context ends and
// takes only deliveries encrypted with TRIBEHR_WEBHOOK_KEY.
func TestRunServesARealAccount(t *testing.T) {
	const key = "0123456789abcdef"
	srv := tribehrtest.NewServer(t, tribehrtest.WithClock(func() time.Time { return clock }))
	admin := srv.Client(t)
	ready := make(chan string, 1)
	var stdout, stderr lockedBuffer
	e := env{
		stdout: &stdout, stderr: &stderr, now: time.Now,
		getenv: func(k string) string {
			if k == EnvWebhookKey {
				return key
			}
			return ""
		},
		connect: func(*exampleenv.Settings) (*exampleenv.Conn, error) {
			return &exampleenv.Conn{Client: admin, Desc: "the test account", Close: func() {}}, nil
		},
		listen: func(string) (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") },
		ready:  func(url string) { ready <- url },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "ignored:0", "-path", "/hooks/leave"}, e) }()
	url := <-ready
	assert.True(t, strings.HasSuffix(url, "/hooks/leave"))

	good, err := srv.AddWebhook(tribehrtest.Webhook{Event: "LeaveRequest.Add", URL: url, SecureKey: key, Ciphertext: tribehrtest.CiphertextInFieldUnescaped})
	require.NoError(t, err)
	wrong, err := srv.AddWebhook(tribehrtest.Webhook{Event: "LeaveRequest.Add", URL: url, SecureKey: "another key"})
	require.NoError(t, err)
	plain, err := srv.AddWebhook(tribehrtest.Webhook{Event: "LeaveRequest", URL: url})
	require.NoError(t, err)

	days := 1
	_, err = srv.ClientAs(t, "willytrainer").LeaveRequests.Create(context.Background(), &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2030, time.August, 5), DateEnd: tribehr.NewDate(2030, time.August, 5), Days: &days, LeaveType: 3})
	require.NoError(t, err)
	require.NoError(t, srv.WaitDeliveries(context.Background()))
	cancel()
	require.NoError(t, <-done)

	status := map[int]int{}
	for _, d := range srv.Deliveries() {
		status[d.Webhook] = d.Status
	}
	assert.Equal(t, map[int]int{good: http.StatusAccepted, wrong: http.StatusBadRequest, plain: http.StatusBadRequest}, status)
	assert.Equal(t, 1, strings.Count(stdout.String(), "To: "), "one notification: %s", stdout.String())
	assert.Contains(t, stdout.String(), "To: Alice McDonald <alice@mycompany.com>\nSubject: Willy Trainer has requested 1 day (8 hours) of PTO\n")
	assert.Contains(t, stderr.String(), "leave-notify: serving LeaveRequest.Add deliveries at "+url+" for the test account; interrupt to stop\n")
	assert.Contains(t, stderr.String(), "leave-notify: stopped after 1 notifications\n")
	assert.Contains(t, stderr.String(), "does not decrypt", "the refused deliveries are logged")
	assert.NotContains(t, stderr.String(), key)
}

func TestRunNeedsTheKeyOnARealAccount(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	var stdout, stderr lockedBuffer
	e := fakeEnv(&stdout, &stderr)
	e.connect = func(*exampleenv.Settings) (*exampleenv.Conn, error) {
		return &exampleenv.Conn{Client: srv.Client(t), Desc: "x", Close: func() {}}, nil
	}
	e.listen = func(string) (net.Listener, error) { t.Error("listened without a key"); return nil, errors.New("no") }
	err := run(context.Background(), nil, e)
	require.Error(t, err)
	assert.Contains(t, err.Error(), EnvWebhookKey)
}

func TestRunRejectsBadCommandLines(t *testing.T) {
	for _, args := range [][]string{{"-path", "no-slash"}, {"extra"}, {"-x"}} {
		var stdout, stderr lockedBuffer
		e := fakeEnv(&stdout, &stderr)
		e.connect = func(*exampleenv.Settings) (*exampleenv.Conn, error) {
			t.Error("connected despite a bad command line")
			return nil, errors.New("no")
		}
		err := run(context.Background(), args, e)
		assert.ErrorIs(t, err, cli.ErrUsage, args)
		assert.Contains(t, stderr.String(), "usage: leave-notify", args)
	}
	var stdout, stderr lockedBuffer
	assert.ErrorIs(t, run(context.Background(), []string{"-h"}, fakeEnv(&stdout, &stderr)), flag.ErrHelp)
}

// TestFindApproverStopsAtALoop: a manager chain that loops (bad data) ends
// with errNoApprover instead of running forever.
func TestFindApproverStopsAtALoop(t *testing.T) {
	srv := tribehrtest.NewServer(t,
		tribehrtest.WithFixtureData(tribehrtest.Fixtures{Users: []tribehrtest.FixtureUser{
			{ID: 200, Username: "ann", FirstName: "Ann", ManagerID: 1},
			{ID: 201, Username: "bob", FirstName: "Bob", ManagerID: 200},
		}}),
		tribehrtest.WithFixtureData(tribehrtest.Fixtures{Users: []tribehrtest.FixtureUser{
			{ID: 200, Username: "ann", FirstName: "Ann", ManagerID: 201},
		}}))
	approver, chain, err := findApprover(context.Background(), srv.Client(t), 201, approvers{"nobody"})
	assert.ErrorIs(t, err, errNoApprover)
	assert.Contains(t, err.Error(), "loops back to user 201")
	assert.Nil(t, approver)
	assert.Len(t, chain, 2)

	_, _, err = findApprover(context.Background(), srv.Client(t), 9999, nil)
	assert.ErrorIs(t, err, tribehr.ErrNotFound)
}

// TestManagerID reads no manager from a user without an assignment
// record; the chain tests above read real managers and the null manager
// at the top of the company (Tribe Admin).
func TestManagerID(t *testing.T) {
	id, ok := managerID(&tribehr.User{})
	assert.False(t, ok)
	assert.Zero(t, id)
}

// TestRunAgainstTheStandaloneFake serves the deliveries of
// `go run ./cmd/tribehr-fake -webhook LeaveRequest.Add=...`, as a user
// does after pasting its export lines: emma asks for leave through the
// fake's API, and alice is told.
func TestRunAgainstTheStandaloneFake(t *testing.T) {
	noCredentials(t)
	const key = "0123456789abcdef"
	t.Setenv(EnvWebhookKey, key) // the fake encrypts with it, the receiver decrypts
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hook := "http://" + l.Addr().String() + "/tribehr/leave-requests"
	fake := fakecmd.StartForTest(t, "-webhook", "LeaveRequest.Add="+hook)
	assert.Contains(t, fake.Banner, "Webhook: LeaveRequest.Add deliveries to "+hook+", encrypted with $"+EnvWebhookKey)
	fake.Setenv(t)

	ready := make(chan string, 1)
	var stdout, stderr lockedBuffer
	e := env{
		stdout: &stdout, stderr: &stderr, now: time.Now, getenv: os.Getenv,
		connect: func(where *exampleenv.Settings) (*exampleenv.Conn, error) { return where.Open() },
		listen:  func(string) (net.Listener, error) { return l, nil },
		ready:   func(url string) { ready <- url },
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", l.Addr().String()}, e) }()
	assert.Equal(t, hook, <-ready)

	emma, err := tribehr.NewClient("", tribehr.WithBaseURL(fake.URL), tribehr.WithCAFile(fake.Env[exampleenv.EnvCAFile]),
		tribehr.WithBasicAuth(tribehrtest.EmployeeUsername, tribehrtest.EmployeeAPIKey))
	require.NoError(t, err)
	lr, err := emma.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
		DateStart: tribehr.NewDate(2031, time.May, 5), DateEnd: tribehr.NewDate(2031, time.May, 6), Days: tribehr.Int(2), LeaveType: 1})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "To: ") }, 20*time.Second, 10*time.Millisecond,
		"no notification; stderr: %s", stderr.String())
	cancel()
	require.NoError(t, <-done)
	assert.Contains(t, stdout.String(), "To: Alice McDonald <alice@mycompany.com>\nSubject: Emma Employee has requested 2 days")
	assert.Contains(t, stdout.String(), fmt.Sprintf("(leave request #%d, pending)", lr.ID.Value()))
	assert.Regexp(t, `leave-notify: serving LeaveRequest.Add deliveries at `+regexp.QuoteMeta(hook)+` for 127\.0\.0\.1:\d+ as admin; interrupt to stop\n`, stderr.String())
	assert.Contains(t, stderr.String(), "leave-notify: stopped after 1 notifications\n")
	assert.NotContains(t, stderr.String()+stdout.String(), key)
}
