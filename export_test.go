package tribehr

import "time"

// Exported for the external tests (package tribehr_test) only: this file is
// compiled into the test binary, not the package.

// TestClock is the tests' clock; see testClock.
type TestClock = testClock

// NewTestClock returns a test clock at start: auto (every wait returns at
// once, moving the clock on) or manual (waits block until Advance).
func NewTestClock(start time.Time, auto bool) *TestClock { return newTestClock(start, auto) }

// WithTestClock makes a Client wait on c.
func WithTestClock(c *TestClock) Option { return withClock(c) }
