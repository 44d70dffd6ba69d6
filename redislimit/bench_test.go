package redislimit_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/redislimit"
)

// The cost of the Redis limiter per call, against the local bucket and no
// limiter, in the same run. Every limit is far above what the benchmark
// reaches, so nothing ever waits: what is measured is the limiter's own
// work (for Redis, its two round trips to a Redis on loopback). The
// figures and the command are in BENCHMARKS.md.

// benchLimit is a limit the benchmark never reaches.
var benchLimit = redislimit.Limit{Rate: 1_000_000, Period: time.Second, Burst: 1_000_000}

func benchRedisLimiter(b *testing.B) *redislimit.Limiter {
	b.Helper()
	addr := redisAddr(b)
	rdb := newRedis(b, addr)
	lim, err := redislimit.New(rdb, "", benchLimit, redislimit.WithKey(testKey(b, rdb)))
	if err != nil {
		b.Fatal(err)
	}
	return lim
}

// BenchmarkWait is one Wait, the limiter alone.
func BenchmarkWait(b *testing.B) {
	ctx := context.Background()
	b.Run("LocalLimiter", func(b *testing.B) {
		lim := tribehr.NewLocalLimiter(1_000_000, 1_000_000)
		b.ReportAllocs()
		for b.Loop() {
			if err := lim.Wait(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Redis", func(b *testing.B) {
		lim := benchRedisLimiter(b)
		b.ReportAllocs()
		for b.Loop() {
			if err := lim.Wait(ctx); err != nil {
				b.Fatal(err)
			}
		}
		if !lim.Shared() {
			b.Fatal("the limiter fell back: the figures are not Redis's")
		}
	})
}

// BenchmarkCall is a whole call (Users.Get of a small user, over loopback
// HTTP) with no limiter, the local bucket, and the Redis limiter.
func BenchmarkCall(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-RateLimit-Limit", "100")
		w.Header().Set("X-RateLimit-Remaining", "99")
		w.Write([]byte(`{"id":7,"username":"emma","first_name":"Emma","last_name":"Example","url":"/users/7.json"}`))
	}))
	defer srv.Close()
	ctx := context.Background()
	run := func(b *testing.B, opts ...tribehr.Option) {
		client, err := tribehr.NewClient("", append([]tribehr.Option{tribehr.WithBaseURL(srv.URL), tribehr.WithBasicAuth("bench", "bench-key")}, opts...)...)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.Users.Get(ctx, 7); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("NoLimiter", func(b *testing.B) { run(b) })
	b.Run("LocalLimiter", func(b *testing.B) { run(b, tribehr.WithRateLimit(1_000_000, 1_000_000)) })
	b.Run("Redis", func(b *testing.B) {
		lim := benchRedisLimiter(b)
		run(b, tribehr.WithLimiter(lim))
		if !lim.Shared() {
			b.Fatal("the limiter fell back: the figures are not Redis's")
		}
	})
}
