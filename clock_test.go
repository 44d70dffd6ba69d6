package tribehr

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testClock is a clock for tests. In auto mode a Sleep returns at once and
// moves the clock on by its duration, so backoff and Retry-After waits take
// no time and can still be measured. In manual mode a Sleep blocks until
// Advance moves the clock past its end, or its context ends, so a test can
// act while the Client waits. Every Sleep is recorded.
type testClock struct {
	mu      sync.Mutex
	now     time.Time
	auto    bool
	slept   []time.Duration
	waiters []*sleeper
	arrived chan struct{} // closed and replaced when a manual sleeper arrives
}

type sleeper struct {
	until time.Time
	done  chan struct{}
}

func newTestClock(start time.Time, auto bool) *testClock {
	return &testClock{now: start, auto: auto, arrived: make(chan struct{})}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.slept = append(c.slept, d)
	if c.auto || d <= 0 {
		c.now = c.now.Add(max(d, 0))
		c.mu.Unlock()
		return nil
	}
	s := &sleeper{until: c.now.Add(d), done: make(chan struct{})}
	c.waiters = append(c.waiters, s)
	close(c.arrived)
	c.arrived = make(chan struct{})
	c.mu.Unlock()
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		for i, w := range c.waiters {
			if w == s {
				c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
		return ctx.Err()
	}
}

// Advance moves the clock on by d and wakes the sleepers whose wait is over.
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.until.After(c.now) {
			close(w.done)
			continue
		}
		kept = append(kept, w)
	}
	c.waiters = kept
}

// Slept returns the durations of every Sleep so far, in order.
func (c *testClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

// Total returns the sum of every Sleep so far.
func (c *testClock) Total() time.Duration {
	var sum time.Duration
	for _, d := range c.Slept() {
		sum += d
	}
	return sum
}

// AwaitSleepers blocks until n sleepers wait (manual mode), or the context
// ends.
func (c *testClock) AwaitSleepers(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		got, arrived := len(c.waiters), c.arrived
		c.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-arrived:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func TestTestClock(t *testing.T) {
	start := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	auto := newTestClock(start, true)
	require.NoError(t, auto.Sleep(context.Background(), time.Minute))
	assert.Equal(t, start.Add(time.Minute), auto.Now())
	assert.Equal(t, []time.Duration{time.Minute}, auto.Slept())

	manual := newTestClock(start, false)
	done := make(chan error, 1)
	go func() { done <- manual.Sleep(context.Background(), time.Second) }()
	require.NoError(t, manual.AwaitSleepers(context.Background(), 1))
	manual.Advance(999 * time.Millisecond)
	select {
	case <-done:
		t.Fatal("woke before its time")
	default:
	}
	manual.Advance(time.Millisecond)
	require.NoError(t, <-done)

	ctx, cancel := context.WithCancel(context.Background())
	go func() { done <- manual.Sleep(ctx, time.Hour) }()
	require.NoError(t, manual.AwaitSleepers(context.Background(), 1))
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	assert.Equal(t, []time.Duration{time.Second, time.Hour}, manual.Slept(), "every sleep recorded")
	assert.Equal(t, time.Hour+time.Second, manual.Total())
}
