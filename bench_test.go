package tribehr_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// The benchmark suite: the SDK against the hand-written baseline
// (bench_baseline_test.go), in the same run, over one loopback TLS server.
// Each benchmark has an SDK and a Baseline sub-benchmark; BENCHMARKS.md
// gives the command and the ratios.

const (
	benchUser = "alice"
	benchKey  = "bench-api-key-0123456789"
)

// benchServer serves the document's samples and generated user lists over
// loopback TLS. A path prefix picks a list: /n200/users.json holds 200
// partial users, /n100000/users.json 100,000.
type benchServer struct {
	srv   *httptest.Server
	lists sync.Map // prefix -> int, the length of the list
	sizes sync.Map // n -> int64, the length of the answer of n users
	small sync.Map // n -> []byte, the answer of a short list, made once
}

var benchSrv struct {
	once sync.Once
	s    *benchServer
}

func startBench(b *testing.B) *benchServer {
	b.Helper()
	benchSrv.once.Do(func() {
		fixture := func(name string) []byte {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				panic(err)
			}
			return data
		}
		user, created := fixture("users_get.json"), fixture("leave_requests_create.json")
		s := &benchServer{}
		s.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if u, p, ok := r.BasicAuth(); !ok || u != benchUser || p != benchKey {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			prefix, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
			switch {
			case r.Method == http.MethodGet && rest == "users/7.json":
				w.Write(user)
			case r.Method == http.MethodGet && rest == "users.json":
				n, ok := s.lists.Load(prefix)
				if !ok {
					http.NotFound(w, r)
					return
				}
				// The list is written as it is made, with its length
				// announced: the process holds no 21 MiB answer, whose
				// presence would set the garbage collector's pace for
				// the measured side too.
				if body, ok := s.small.Load(n); ok {
					w.Write(body.([]byte))
					return
				}
				size, _ := s.sizes.Load(n)
				w.Header().Set("Content-Length", strconv.FormatInt(size.(int64), 10))
				bw := bufio.NewWriterSize(w, 64<<10)
				writeUsers(bw, n.(int))
				bw.Flush()
			case r.Method == http.MethodPost && rest == "leave_requests.json":
				if err := r.ParseForm(); err != nil || r.PostForm.Get("date_start") == "" {
					w.WriteHeader(http.StatusBadRequest)
					return
				}
				w.Write(created)
			default:
				http.NotFound(w, r)
			}
		}))
		benchSrv.s = s
	})
	return benchSrv.s
}

// writeUsers writes a JSON list of n partial users, as the list sample
// writes them (about 210 bytes each).
func writeUsers(w io.Writer, n int) {
	io.WriteString(w, "[")
	for i := range n {
		if i > 0 {
			io.WriteString(w, ",")
		}
		id := 1000 + i
		fmt.Fprintf(w, `{"id":%d,"username":"user%d","email":"user%d@mycompany.com","display_name":"Person Number%d",`+
			`"employee_record":{"first_name":"Person","last_name":"Number%d","url":"/employee_records/%d.json"},"url":"/users/%d.json"}`,
			id, id, id, id, id, id+5000, id)
	}
	io.WriteString(w, "]")
}

// byteCounter counts what is written to it.
type byteCounter int64

func (c *byteCounter) Write(p []byte) (int, error) { *c += byteCounter(len(p)); return len(p), nil }

// prefix returns the account prefix of a list of n users, creating it.
func (s *benchServer) prefix(n int) string {
	p := fmt.Sprintf("n%d", n)
	if _, ok := s.lists.Load(p); !ok {
		var size byteCounter
		writeUsers(&size, n)
		s.sizes.Store(n, int64(size))
		if n <= 10_000 {
			// A short list's answer is made once, so that making it is
			// not counted in the calls' allocations.
			var b bytes.Buffer
			writeUsers(&b, n)
			s.small.Store(n, b.Bytes())
		}
		s.lists.Store(p, n)
	}
	return p
}

func (s *benchServer) sdk(b testing.TB, prefix string) *tribehr.Client {
	c, err := tribehr.NewClient("", tribehr.WithBaseURL(s.srv.URL+"/"+prefix+"/"),
		tribehr.WithHTTPClient(s.srv.Client()), tribehr.WithBasicAuth(benchUser, benchKey))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func (s *benchServer) baseline(prefix string) *baseline {
	return &baseline{base: s.srv.URL + "/" + prefix + "/", hc: s.srv.Client()}
}

func BenchmarkGetUser(b *testing.B) {
	s := startBench(b)
	b.Run("SDK", func(b *testing.B) {
		c := s.sdk(b, "a")
		ctx := b.Context()
		b.ReportAllocs()
		for b.Loop() {
			u, err := c.Users.Get(ctx, 7)
			if err != nil || u.GetAssignmentRecord().GetManager().GetDisplayName() != "George Black" {
				b.Fatal(err, u)
			}
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		c := s.baseline("a")
		b.ReportAllocs()
		for b.Loop() {
			u, err := c.getUser(7)
			if err != nil || u.AssignmentRecord.Manager.DisplayName != "George Black" {
				b.Fatal(err, u)
			}
		}
	})
}

func BenchmarkListUsers200(b *testing.B) {
	s := startBench(b)
	p := s.prefix(200)
	b.Run("SDK", func(b *testing.B) {
		c := s.sdk(b, p)
		ctx := b.Context()
		b.ReportAllocs()
		for b.Loop() {
			list, err := c.Users.List(ctx)
			if err != nil || len(list) != 200 {
				b.Fatal(err, len(list))
			}
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		c := s.baseline(p)
		b.ReportAllocs()
		for b.Loop() {
			list, err := c.listUsers()
			if err != nil || len(list) != 200 {
				b.Fatal(err, len(list))
			}
		}
	})
}

func BenchmarkCreateLeave(b *testing.B) {
	s := startBench(b)
	b.Run("SDK", func(b *testing.B) {
		c := s.sdk(b, "a")
		ctx := b.Context()
		b.ReportAllocs()
		for b.Loop() {
			lr, err := c.LeaveRequests.Create(ctx, &tribehr.LeaveRequestCreate{
				DateStart: tribehr.NewDate(2013, 11, 15), DateEnd: tribehr.NewDate(2013, 11, 18),
				Days: tribehr.Int(2), User: tribehr.Ptr[tribehr.ID](20), LeaveType: 1,
				Comments: tribehr.String("I'm off to visit my family in Ottawa!"),
			})
			if err != nil || lr.ID.Value() != 34 {
				b.Fatal(err, lr)
			}
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		c := s.baseline("a")
		b.ReportAllocs()
		for b.Loop() {
			lr, err := c.createLeave(url.Values{
				"date_start": {"2013-11-15"}, "date_end": {"2013-11-18"}, "days": {"2"},
				"user[id]": {"20"}, "leave_type[id]": {"1"}, "comments": {"I'm off to visit my family in Ottawa!"},
			})
			if err != nil || lr.ID != 34 {
				b.Fatal(err, lr)
			}
		}
	})
}

// BenchmarkConcurrentGetUser shares one Client (and one baseline
// http.Client) among 1, 8 and 64 goroutines.
func BenchmarkConcurrentGetUser(b *testing.B) {
	s := startBench(b)
	for _, n := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("goroutines=%d/SDK", n), func(b *testing.B) {
			c := s.sdk(b, "a")
			ctx := b.Context()
			b.ReportAllocs()
			concurrently(b, n, func() error {
				_, err := c.Users.Get(ctx, 7)
				return err
			})
		})
		b.Run(fmt.Sprintf("goroutines=%d/Baseline", n), func(b *testing.B) {
			c := s.baseline("a")
			b.ReportAllocs()
			concurrently(b, n, func() error {
				_, err := c.getUser(7)
				return err
			})
		})
	}
}

// concurrently runs b.N calls of call on n goroutines.
func concurrently(b *testing.B, n int, call func() error) {
	var left atomic.Int64
	left.Store(int64(b.N))
	var wg sync.WaitGroup
	b.ResetTimer()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for left.Add(-1) >= 0 {
				if err := call(); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkDecodeUser decodes the document's full user, without HTTP: the
// SDK's one-pass decoder (the models' UnmarshalJSON) against encoding/json
// into the plain structs.
func BenchmarkDecodeUser(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "users_get.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("SDK", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var u tribehr.User
			if err := u.UnmarshalJSON(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var u plainUser
			if err := json.Unmarshal(data, &u); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkListUsers100k lists 100,000 partial users (a 21 MiB body) and
// reports the peak of the heap during the call (peak-heap-MiB, sampled
// every 100µs) and what the list keeps once the call returns
// (live-heap-MiB).
func BenchmarkListUsers100k(b *testing.B) {
	s := startBench(b)
	p := s.prefix(100_000)
	b.Run("SDK", func(b *testing.B) { measureList100k(b, s.sdk(b, p)) })
	b.Run("Baseline", func(b *testing.B) {
		c := s.baseline(p)
		measureHeap(b, func() any {
			list, err := c.listUsers()
			if err != nil || len(list) != 100_000 {
				b.Fatal(err, len(list))
			}
			return list
		})
	})
}

// measureHeap runs call b.N times and reports the largest heap seen while
// it ran and the heap its result keeps, in MiB.
func measureHeap(b *testing.B, call func() any) {
	var peak, live float64
	for b.Loop() {
		runtime.GC()
		base := heapBytes()
		stop := sampleHeap()
		result := call()
		top := stop()
		runtime.GC()
		kept := heapBytes()
		runtime.KeepAlive(result)
		peak = max(peak, float64(top-base)/(1<<20))
		live = max(live, float64(kept-base)/(1<<20))
	}
	b.ReportMetric(peak, "peak-heap-MiB")
	b.ReportMetric(live, "live-heap-MiB")
}

// heapBytes is the memory occupied by heap objects, live or not yet swept.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeap samples heapBytes until the returned stop is called, which
// returns the largest value seen.
func sampleHeap() (stop func() uint64) {
	var top uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(100 * time.Microsecond)
		defer t.Stop()
		for {
			if h := heapBytes(); h > top {
				top = h
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		if h := heapBytes(); h > top {
			top = h
		}
		return top
	}
}

// BenchmarkIterUsers100k walks the same 100,000 partial users (one 21 MiB
// answer) with the iterator, which keeps one user at a time, next to the
// slice call in the same run: peak-heap-MiB as in BenchmarkListUsers100k.
func BenchmarkIterUsers100k(b *testing.B) {
	s := startBench(b)
	p := s.prefix(100_000)
	b.Run("Iter", func(b *testing.B) {
		c := s.sdk(b, p)
		ctx := b.Context()
		measureHeap(b, func() any {
			n := 0
			for u, err := range c.Users.ListIter(ctx) {
				if err != nil {
					b.Fatal(err)
				}
				if u.ID.Value() > 0 {
					n++
				}
			}
			if n != 100_000 {
				b.Fatal(n)
			}
			return nil
		})
	})
	b.Run("List", func(b *testing.B) { measureList100k(b, s.sdk(b, p)) })
}

// measureList100k measures Users.List of the 100,000 users c is served.
func measureList100k(b *testing.B, c *tribehr.Client) {
	ctx := b.Context()
	measureHeap(b, func() any {
		list, err := c.Users.List(ctx)
		if err != nil || len(list) != 100_000 {
			b.Fatal(err, len(list))
		}
		return list
	})
}

// BenchmarkIterUsersMillionFake walks 1,000,000 partial users (about 210
// MiB of JSON) that the fake makes up as it streams them
// (tribehrtest.WithStreamedUsers): the heap stays flat on both sides.
func BenchmarkIterUsersMillionFake(b *testing.B) {
	srv := tribehrtest.NewServer(b, tribehrtest.WithStreamedUsers(1_000_000))
	c := srv.Client(b)
	ctx := b.Context()
	measureHeap(b, func() any {
		n := 0
		for u, err := range c.Users.ListIter(ctx) {
			if err != nil {
				b.Fatal(err)
			}
			if u.ID.Value() >= tribehrtest.StreamedUserBaseID {
				n++
			}
		}
		if n != 1_000_000 {
			b.Fatal(n)
		}
		return nil
	})
}
