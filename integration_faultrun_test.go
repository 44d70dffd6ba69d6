package tribehr_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// The fault run: many goroutines sharing one Client make hundreds of
// creates against a server that fails a good share of all requests, and
// nothing is lost, duplicated or misreported. README.md's Reliability
// section quotes its figures (go test -run TestIntegrationFaultRun -v).

const (
	irunWorkers = 64
	irunCreates = 500
	irunPrefix  = "fault run #"
)

// irunMix is the server's misbehaviour: 15% of requests answered 429 with
// Retry-After: 0, 10% answered 503, and 15% processed and then cut off by a
// reset. The draw is seeded and depends on each request alone (see
// tribehrtest.SetFaultMix), so every create, whose body is its own, meets
// the same faults on every run.
var irunMix = &tribehrtest.FaultMix{Seed: 20261201, Rates: map[tribehrtest.Fault]float64{
	tribehrtest.FaultTooManyRequests: 0.15,
	tribehrtest.FaultUnavailable:     0.10,
	tribehrtest.FaultReset:           0.15,
}}

// irunPolicy retries patiently: with 40% of requests failing, a read still
// fails 16 times in a row less than once in two million calls. The waits
// are on the test clock and take no time.
func irunPolicy() tribehr.RetryPolicy {
	return tribehr.RetryPolicy{MaxAttempts: 16, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond,
		MaxServerWait: time.Second, MaxTotalWait: time.Minute}
}

// irunResult is what one create call returned.
type irunResult struct {
	lr   *tribehr.LeaveRequest
	meta tribehr.Response
	err  error
}

// irunCreateAll starts a fake with irunMix and makes the creates from
// irunWorkers goroutines sharing one client (irunPolicy and opts); it
// returns the fake, what each call returned and how long they took.
func irunCreateAll(t *testing.T, opts ...tribehr.Option) (*tribehrtest.Server, []irunResult, time.Duration) {
	t.Helper()
	srv := tribehrtest.NewServer(t)
	client := clientAs(t, srv, tribehrtest.AdminUsername, append([]tribehr.Option{tribehr.WithRetryPolicy(irunPolicy())}, opts...)...)
	require.NoError(t, srv.SetFaultMix(irunMix))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	results := make([]irunResult, irunCreates)
	irunParallel(irunCreates, func(i int) {
		r := &results[i]
		r.lr, r.err = client.LeaveRequests.Create(ctx, irunParams(i), tribehr.CaptureResponse(&r.meta))
	})
	return srv, results, time.Since(start)
}

// irunParallel calls f(0) to f(n-1) from irunWorkers goroutines.
func irunParallel(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range irunWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// irunParams are the parameters of the i-th create: its own comment, so
// each create is a distinct request.
func irunParams(i int) *tribehr.LeaveRequestCreate {
	p := leaveParams(fmt.Sprintf("%s%03d", irunPrefix, i))
	p.DateStart = tribehr.NewDate(2032, time.Month(1+i%12), 1+i%28)
	p.DateEnd = p.DateStart
	p.Days = tribehr.Int(1)
	return p
}

// irunStored returns the ids of the fault run's leave requests on the
// server, by comment.
func irunStored(t *testing.T, srv *tribehrtest.Server) map[string][]tribehr.ID {
	t.Helper()
	srv.ClearFaults()
	stored := map[string][]tribehr.ID{}
	for _, l := range ifltAllLeave(t, srv.Client(t)) {
		if c := l.Comments.Value(); strings.HasPrefix(c, irunPrefix) {
			stored[c] = append(stored[c], must(t, l.ID))
		}
	}
	return stored
}

// irunFigures counts what the server saw.
type irunFigures struct {
	requests, tooMany, unavailable, resets          int
	posts, postTooMany, postUnavailable, postResets int
}

func irunCount(srv *tribehrtest.Server) irunFigures {
	var f irunFigures
	for _, r := range srv.Requests() {
		f.requests++
		isPost := r.Method == http.MethodPost
		if isPost {
			f.posts++
		}
		switch r.Fault {
		case tribehrtest.FaultTooManyRequests:
			f.tooMany++
			if isPost {
				f.postTooMany++
			}
		case tribehrtest.FaultUnavailable:
			f.unavailable++
			if isPost {
				f.postUnavailable++
			}
		case tribehrtest.FaultReset:
			f.resets++
			if isPost {
				f.postResets++
			}
		}
	}
	return f
}

func (f irunFigures) String() string {
	return fmt.Sprintf("%d requests: %d answered 429, %d answered 503, %d reset after processing; of them %d creates: %d 429, %d 503, %d reset",
		f.requests, f.tooMany, f.unavailable, f.resets, f.posts, f.postTooMany, f.postUnavailable, f.postResets)
}

func TestIntegrationFaultRun(t *testing.T) {
	t.Run("recovery on: exactly one object per create, each call its own, no error", func(t *testing.T) {
		srv, results, elapsed := irunCreateAll(t, tribehr.WithCreateRecovery())
		figures := irunCount(srv)
		stored := irunStored(t, srv)

		recovered, attempts := 0, 0
		for i, r := range results {
			require.NoError(t, r.err, "create %d", i)
			comment := fmt.Sprintf("%s%03d", irunPrefix, i)
			assert.Equal(t, comment, r.lr.Comments.Value(), "create %d returned its own leave request", i)
			require.Len(t, stored[comment], 1, "create %d made exactly one", i)
			assert.Equal(t, stored[comment][0], must(t, r.lr.ID), "create %d returned the one it made", i)
			if r.meta.Recovered {
				recovered++
			}
			attempts += r.meta.Attempts
		}
		assert.Len(t, stored, irunCreates, "exactly %d objects", irunCreates)
		assert.Equal(t, figures.postResets, recovered, "every create whose answer was lost was recovered, and only those")
		assert.Positive(t, figures.tooMany)
		assert.Positive(t, figures.unavailable)
		assert.Positive(t, figures.postResets)
		t.Logf("recovery on: %d creates from %d goroutines in %v; server saw %v; %d calls recovered, %d create attempts in all",
			irunCreates, irunWorkers, elapsed.Round(time.Millisecond), figures, recovered, attempts)
	})

	t.Run("recovery off: no duplicates, every failure outcome unknown", func(t *testing.T) {
		srv, results, elapsed := irunCreateAll(t)
		figures := irunCount(srv)
		sent := irunSent(t, srv)
		stored := irunStored(t, srv)

		failed := 0
		for i, r := range results {
			comment := fmt.Sprintf("%s%03d", irunPrefix, i)
			assert.LessOrEqual(t, len(stored[comment]), 1, "create %d duplicated", i)
			if r.err == nil {
				assert.Equal(t, comment, r.lr.Comments.Value())
				assert.Equal(t, stored[comment], []tribehr.ID{must(t, r.lr.ID)})
				continue
			}
			failed++
			assert.Nil(t, r.lr)
			reqErr := ioutRequestError(t, r.err, tribehr.OutcomeUnknown)
			assert.Equal(t, http.MethodPost, reqErr.Method)
			// What the server saw of this create: its attempts, the last one
			// processed and then reset, and nothing after it.
			faults := sent[comment]
			require.NotEmpty(t, faults, "create %d", i)
			assert.Len(t, faults, reqErr.Attempts, "create %d: the error counts every send", i)
			assert.Equal(t, tribehrtest.FaultReset, faults[len(faults)-1], "create %d: never sent again after the lost answer", i)
			for _, f := range faults[:len(faults)-1] {
				assert.Contains(t, []tribehrtest.Fault{tribehrtest.FaultTooManyRequests, tribehrtest.FaultUnavailable}, f,
					"create %d: retried only after answers that said it was not processed", i)
			}
			// The truth the error could not know: processed, then cut off.
			assert.Len(t, stored[comment], 1, "create %d was processed before its answer was lost", i)
		}
		assert.Equal(t, figures.postResets, failed, "the failures are exactly the creates whose answer was lost")
		assert.Positive(t, failed)
		t.Logf("recovery off: %d creates in %v; server saw %v; %d calls failed, all outcome unknown, %d objects made, none twice",
			irunCreates, elapsed.Round(time.Millisecond), figures, failed, len(stored))
	})

	t.Run("reads and updates through resets all succeed", func(t *testing.T) {
		srv := tribehrtest.NewServer(t)
		client := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithRetryPolicy(irunPolicy()))
		ctx := testCtx(t)
		ids := make([]tribehr.ID, 0, irunCreates)
		for i := range irunCreates / 2 {
			ids = append(ids, createLeave(t, client, irunParams(i)).ID.Value())
		}
		srv.ResetLog()
		require.NoError(t, srv.SetFaultMix(irunMix))
		start := time.Now()
		type op struct {
			got  *tribehr.LeaveRequest
			want string
			err  error
		}
		// For each leave request, one goroutine reads it, updates it and
		// reads it again; the goroutines run side by side.
		ops := make([]op, 3*len(ids))
		irunParallel(len(ids), func(i int) {
			get, put, again := &ops[3*i], &ops[3*i+1], &ops[3*i+2]
			get.want = fmt.Sprintf("%s%03d", irunPrefix, i)
			get.got, get.err = client.LeaveRequests.Get(ctx, ids[i])
			put.want = get.want + ", updated"
			put.got, put.err = client.LeaveRequests.Update(ctx, ids[i], &tribehr.LeaveRequestUpdate{Comments: tribehr.String(put.want)})
			again.want = put.want
			again.got, again.err = client.LeaveRequests.Get(ctx, ids[i])
		})
		elapsed := time.Since(start)
		figures := irunCount(srv)
		for n, o := range ops {
			require.NoError(t, o.err, "op %d", n)
			assert.Equal(t, o.want, o.got.Comments.Value(), "op %d", n)
		}
		stored := irunStored(t, srv)
		for i := range ids {
			assert.Len(t, stored[fmt.Sprintf("%s%03d, updated", irunPrefix, i)], 1, "update %d applied", i)
		}
		assert.Positive(t, figures.resets)
		t.Logf("reads and updates: %d GETs and %d PUTs in %v; server saw %v; no call failed",
			2*len(ids), len(ids), elapsed.Round(time.Millisecond), figures)
	})
}

// irunSent returns the faults each create's sends met, in order, by
// comment.
func irunSent(t *testing.T, srv *tribehrtest.Server) map[string][]tribehrtest.Fault {
	t.Helper()
	sent := map[string][]tribehrtest.Fault{}
	for _, r := range srv.Requests() {
		if r.Method != http.MethodPost {
			continue
		}
		form, err := url.ParseQuery(string(r.RawBody))
		require.NoError(t, err)
		c := form.Get("comments")
		sent[c] = append(sent[c], r.Fault)
	}
	return sent
}
