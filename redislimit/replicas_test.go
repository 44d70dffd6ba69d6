package redislimit_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/redislimit"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// The replica test: the account allows 60 requests a minute, scaled down
// in time to 60 requests per replicaWindow (the fake's windows aligned on
// the clock, as servers counting per calendar minute have them, so that
// its X-RateLimit-Reset of whole seconds is exact). Several worker
// processes, each a Client with a limiter of its own and several
// goroutines, call the fake over loopback HTTPS as fast as their limiters
// let them; they share nothing but Redis.
const (
	replicaLimit      = 60
	replicaBurst      = 2 // a late request may take the slot it missed
	replicaWindow     = 4 * time.Second
	replicaWorkers    = 3 // processes
	replicaGoroutines = 4 // per process
)

// workerEnv, when set, makes the test binary a worker of the replica test:
// the variable holds its workerConfig in JSON.
const workerEnv = "REDISLIMIT_TEST_WORKER"

type workerConfig struct {
	Mode       string // "shared": a redislimit.Limiter; "local": WithRateLimit, a bucket of its own; "bucket": plainBucket
	BaseURL    string
	CAFile     string
	Username   string
	Secret     string
	RedisAddr  string
	Key        string
	Limit      int
	Burst      int
	Window     time.Duration
	Goroutines int
}

// workerResult is what a worker prints when it is done.
type workerResult struct {
	OK          int    // calls that succeeded
	RateLimited int    // calls answered 429 whose retry would have come after the end of the run
	Ended       int    // calls cut by the end of the run (their wait, or their answer, would have come after it)
	Errors      int    // calls that failed otherwise
	First       string // the first of those errors
}

// replicaWorker is the worker process: it builds its Client, prints
// "ready", reads the run's start and end (unix nanoseconds) from stdin,
// calls from its goroutines between the two, and prints its workerResult.
func replicaWorker() int {
	var cfg workerConfig
	if err := json.Unmarshal([]byte(os.Getenv(workerEnv)), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 2
	}
	opts := []tribehr.Option{tribehr.WithBaseURL(cfg.BaseURL), tribehr.WithCAFile(cfg.CAFile), tribehr.WithBasicAuth(cfg.Username, cfg.Secret)}
	switch cfg.Mode {
	case "shared":
		// Timeouts long enough for a loaded machine: this test is about
		// the shared budget, the fallback has tests of its own.
		rdb := redis.NewClient(&redis.Options{Addr: cfg.RedisAddr, DialTimeout: 5 * time.Second,
			ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, ContextTimeoutEnabled: true})
		defer rdb.Close()
		lim, err := redislimit.New(rdb, cfg.BaseURL, redislimit.Limit{Rate: cfg.Limit, Period: cfg.Window, Burst: cfg.Burst},
			redislimit.WithKey(cfg.Key), redislimit.WithTimeout(5*time.Second))
		if err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			return 2
		}
		opts = append(opts, tribehr.WithLimiter(lim))
	case "local":
		opts = append(opts, tribehr.WithRateLimit(rate.Every(cfg.Window/time.Duration(cfg.Limit)), cfg.Burst))
	case "bucket":
		opts = append(opts, tribehr.WithLimiter(plainBucket{rate.NewLimiter(rate.Every(cfg.Window/time.Duration(cfg.Limit)), cfg.Burst)}))
	}
	client, err := tribehr.NewClient("", opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 2
	}
	// Warm up: one call per goroutine, so that the connections (and their
	// TLS handshakes, costly under the race detector) are made before the
	// run. They fall in an earlier window of the server's than the run's.
	var warm sync.WaitGroup
	warmErrs := make(chan error, cfg.Goroutines)
	for range cfg.Goroutines {
		warm.Add(1)
		go func() {
			defer warm.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if _, err := client.Users.Get(ctx, 7); err != nil {
				warmErrs <- err
			}
		}()
	}
	warm.Wait()
	close(warmErrs)
	for err := range warmErrs {
		fmt.Fprintln(os.Stderr, "worker: warming up:", err)
		return 2
	}
	fmt.Println("ready")
	var start, end int64
	if _, err := fmt.Scan(&start, &end); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 2
	}
	time.Sleep(time.Until(time.Unix(0, start)))
	stop := time.Unix(0, end)

	var (
		mu  sync.Mutex
		res workerResult
		wg  sync.WaitGroup
	)
	for range cfg.Goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				ctx, cancel := context.WithDeadline(context.Background(), stop)
				_, err := client.Users.Get(ctx, 7)
				cancel()
				mu.Lock()
				switch {
				case err == nil:
					res.OK++
				case errors.Is(err, tribehr.ErrRateLimited):
					res.RateLimited++
				case errors.Is(err, tribehr.ErrClientRateLimit), errors.Is(err, context.DeadlineExceeded):
					res.Ended++
				default:
					res.Errors++
				}
				if err != nil && res.First == "" && !errors.Is(err, tribehr.ErrClientRateLimit) {
					res.First = err.Error()
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	return 0
}

// replicaRun is one run of the replica test: what the workers said and
// what the server saw.
type replicaRun struct {
	workers  []workerResult
	windows  [][2]int // per window of the run: answers 200, answers 429
	total429 int      // 429s over the whole log, the run's stragglers included
}

func (r replicaRun) String() string {
	var ws []string
	for _, w := range r.windows {
		ws = append(ws, fmt.Sprintf("%d ok + %d 429", w[0], w[1]))
	}
	var errs, limited int
	for _, w := range r.workers {
		errs, limited = errs+w.Errors, limited+w.RateLimited
	}
	return fmt.Sprintf("per window of %s (limit %d): [%s]; 429s in all %d; calls that ended on a 429 %d; calls failed otherwise %d",
		replicaWindow, replicaLimit, strings.Join(ws, ", "), r.total429, limited, errs)
}

// replicaGroup is the worker processes of one run, against a fake of
// their own.
type replicaGroup struct {
	srv     *tribehrtest.Server
	windows int
	start   int64 // unix nanoseconds
	procs   []*replicaProc
}

type replicaProc struct {
	cmd *exec.Cmd
	in  *os.File
	out *bufio.Scanner
}

// startReplicas starts the worker processes of a run of cfg.Mode over
// windows of the server's windows, and waits until they are ready.
func startReplicas(t *testing.T, cfg workerConfig, windows int) *replicaGroup {
	t.Helper()
	g := &replicaGroup{srv: tribehrtest.NewServer(t, tribehrtest.WithRateLimitAligned(replicaLimit, replicaWindow)), windows: windows}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(caFile, g.srv.CACertPEM(), 0o600))
	cfg.BaseURL, cfg.CAFile = g.srv.URL, caFile
	cfg.Username, cfg.Secret = g.srv.Credentials(tribehrtest.AdminUsername)
	env, err := json.Marshal(cfg)
	require.NoError(t, err)
	for range replicaWorkers {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), workerEnv+"="+string(env))
		cmd.Stderr = os.Stderr
		inR, inW, err := os.Pipe()
		require.NoError(t, err)
		cmd.Stdin = inR
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		inR.Close()
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		g.procs = append(g.procs, &replicaProc{cmd: cmd, in: inW, out: bufio.NewScanner(stdout)})
	}
	return g
}

// await waits until the group's workers are ready.
func (g *replicaGroup) await(t *testing.T) {
	t.Helper()
	for i, p := range g.procs {
		require.True(t, p.out.Scan(), "worker %d did not start", i)
		require.Equal(t, "ready", p.out.Text())
	}
}

// begin tells the workers to go at start (unix nanoseconds, the
// beginning of one of the server's windows).
func (g *replicaGroup) begin(start int64) {
	g.start = start
	for _, p := range g.procs {
		fmt.Fprintf(p.in, "%d %d\n", start, g.end())
		p.in.Close()
	}
}

func (g *replicaGroup) end() int64 { return g.start + int64(g.windows)*int64(replicaWindow) }

// results reads the workers' results and the server's log.
func (g *replicaGroup) results(t *testing.T) replicaRun {
	t.Helper()
	start, end := g.start, g.end()
	var run replicaRun
	for i, p := range g.procs {
		require.True(t, p.out.Scan(), "worker %d ended without its result", i)
		var res workerResult
		require.NoError(t, json.Unmarshal(p.out.Bytes(), &res))
		require.NoError(t, p.cmd.Wait())
		run.workers = append(run.workers, res)
	}
	run.windows = make([][2]int, g.windows)
	for _, r := range g.srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			run.total429++
		}
		at := r.Time.UnixNano()
		if at < start || at >= end {
			continue
		}
		k := (at - start) / int64(replicaWindow)
		switch r.Status {
		case http.StatusOK:
			run.windows[k][0]++
		case http.StatusTooManyRequests:
			run.windows[k][1]++
		default:
			t.Errorf("the server answered %d %s", r.Status, r.Path)
		}
	}
	return run
}

// TestReplicasShareOneLimit: with the shared limiter, no request meets a
// 429 and the account gets within 10% of its limit in every window; with
// a bucket per process (WithRateLimit's, guided by the server) each
// process discovers the 429 on its own, and with plain buckets (not guided
// by the server) they walk into a 429 storm. The three runs go at once,
// each against a fake of its own.
func TestReplicasShareOneLimit(t *testing.T) {
	addr := redisAddr(t)
	base := workerConfig{RedisAddr: addr, Key: testKey(t, newRedis(t, addr)), Limit: replicaLimit, Burst: replicaBurst,
		Window: replicaWindow, Goroutines: replicaGoroutines}
	modes := []string{"shared", "local", "bucket"}
	groups := map[string]*replicaGroup{}
	for _, mode := range modes {
		cfg := base
		cfg.Mode = mode
		windows := 1
		if mode == "shared" {
			windows = 2
		}
		groups[mode] = startReplicas(t, cfg, windows)
	}
	for _, mode := range modes {
		groups[mode].await(t)
	}
	now := time.Now().Add(200 * time.Millisecond).UnixNano()
	start := now - now%int64(replicaWindow) + int64(replicaWindow)
	for _, mode := range modes {
		groups[mode].begin(start)
	}
	runs := map[string]replicaRun{}
	for _, mode := range modes {
		runs[mode] = groups[mode].results(t)
	}
	for _, mode := range modes {
		t.Logf("%s, %d processes x %d goroutines: %s", modeNames[mode], replicaWorkers, replicaGoroutines, runs[mode])
	}

	shared := runs["shared"]
	assert.Zero(t, shared.total429, "the shared limiter: no request met a 429")
	for k, w := range shared.windows {
		assert.GreaterOrEqual(t, w[0], replicaLimit*9/10, "window %d: within 10%% of the limit", k)
		assert.LessOrEqual(t, w[0], replicaLimit, "window %d", k)
	}
	for i, w := range shared.workers {
		assert.Zero(t, w.Errors+w.RateLimited, "worker %d: %s", i, w.First)
		assert.Positive(t, w.OK, "worker %d took part", i)
	}
	for _, mode := range []string{"local", "bucket"} {
		assert.Positive(t, runs[mode].total429, "%s: %d times the limit: 429s", modeNames[mode], replicaWorkers)
	}
	assert.Greater(t, runs["bucket"].total429, runs["local"].total429, "the server's guidance spares most 429s")
}

var modeNames = map[string]string{
	"shared": "redislimit, one budget in Redis",
	"local":  "a LocalLimiter per process (WithRateLimit), guided by the server",
	"bucket": "a plain token bucket per process, not guided by the server",
}

// plainBucket is a Limiter that only takes tokens, deaf to the server: a
// rate.Limiter per process, as WithRateLimit was before it was guided by
// the server.
type plainBucket struct{ *rate.Limiter }

func (b plainBucket) Observe(context.Context, tribehr.RateSignal) {}
