package redislimit_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// addrEnv names the Redis server the tests use (host:port). .ci/run starts
// a throwaway redis-server and always sets it; without it the tests that
// need Redis skip, and say so loudly, except under CI, where they fail.
const addrEnv = "TRIBEHR_TEST_REDIS_ADDR"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) != "" {
		os.Exit(replicaWorker()) // the replica test's worker processes: see replicas_test.go
	}
	if os.Getenv(addrEnv) == "" {
		if os.Getenv("CI") != "" {
			fmt.Fprintf(os.Stderr, "redislimit: %s is not set under CI: the Redis tests would not run\n", addrEnv)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "\n%s\nredislimit: %s is not set: EVERY TEST THAT NEEDS REDIS IS SKIPPED.\n"+
			"Start one (redis-server --port 6390 --save '' --appendonly no) and run\n"+
			"  %s=127.0.0.1:6390 go test -race     (in redislimit/)\nor run .ci/run, which does.\n%s\n\n",
			strings.Repeat("!", 72), addrEnv, addrEnv, strings.Repeat("!", 72))
	}
	os.Exit(m.Run())
}

// redisAddr returns the test Redis's address, or skips the test.
func redisAddr(tb testing.TB) string {
	tb.Helper()
	addr := os.Getenv(addrEnv)
	if addr == "" {
		tb.Skipf("SKIPPED: no Redis: set %s (see TestMain)", addrEnv)
	}
	return addr
}

// newRedis returns a client of the Redis at addr with the short timeouts
// the package documentation recommends, closed when the test ends.
func newRedis(tb testing.TB, addr string) *redis.Client {
	tb.Helper()
	rdb := redis.NewClient(&redis.Options{
		Addr:                  addr,
		DialTimeout:           200 * time.Millisecond,
		ReadTimeout:           200 * time.Millisecond,
		WriteTimeout:          200 * time.Millisecond,
		ContextTimeoutEnabled: true,
	})
	tb.Cleanup(func() { rdb.Close() })
	return rdb
}

// testKey returns a key no other test or run uses, deleted at the end.
func testKey(tb testing.TB, rdb *redis.Client) string {
	tb.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	key := "tribehr-test:" + strings.ReplaceAll(tb.Name(), "/", ":") + ":" + hex.EncodeToString(b)
	tb.Cleanup(func() { rdb.Del(context.Background(), "rate:"+key, key+":hold") })
	return key
}

// logRecorder is a slog handler that keeps the records.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *logRecorder) WithGroup(string) slog.Handler            { return h }
func (h *logRecorder) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	return nil
}

// messages returns the messages logged at level.
func (h *logRecorder) messages(level slog.Level) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.records {
		if r.Level == level {
			out = append(out, r.Message)
		}
	}
	return out
}

// proxy is a TCP proxy in front of Redis that a test can stop (its port
// refuses connections, open ones are closed: Redis stopped), turn into a
// black hole (connections accepted, nothing answered: a Redis host gone
// from the network) and start again.
type proxy struct {
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns []net.Conn
	hole  bool
	wg    sync.WaitGroup
}

func newProxy(tb testing.TB, target string) *proxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &proxy{target: target, addr: ln.Addr().String()}
	p.serve(ln)
	tb.Cleanup(p.Stop)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.conns = append(p.conns, c)
			hole := p.hole
			p.mu.Unlock()
			if hole {
				continue // held open, never answered
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
}

// closeAll closes the listener (when stop) and every connection.
func (p *proxy) closeAll(stop bool) {
	p.mu.Lock()
	if stop && p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	if stop {
		p.wg.Wait()
	}
}

// Stop makes Redis unreachable as a stopped server is: refused.
func (p *proxy) Stop() { p.closeAll(true) }

// BlackHole makes Redis unreachable as a host gone from the network is:
// connections hang.
func (p *proxy) BlackHole() {
	p.mu.Lock()
	p.hole = true
	p.mu.Unlock()
	p.closeAll(false)
}

// Start makes Redis reachable again, on the same address.
func (p *proxy) Start(tb testing.TB) {
	tb.Helper()
	p.closeAll(true)
	p.mu.Lock()
	p.hole = false
	p.mu.Unlock()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		tb.Fatal(err)
	}
	p.serve(ln)
}
