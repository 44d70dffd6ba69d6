package fakecmd

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
)

// Started is a tribehr-fake started by StartForTest.
type Started struct {
	// URL is the base URL the banner printed.
	URL string
	// Env holds the banner's export lines (and its unset lines, as "").
	Env map[string]string
	// Banner is what the program printed up to ReadyLine.
	Banner []string
}

// StartForTest runs the program with args in-process, as
// `go run ./cmd/tribehr-fake args...` does, until it has printed its
// banner, and stops it when tb ends. It fails tb when the program ends
// before.
func StartForTest(tb testing.TB, args ...string) *Started {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := Run(ctx, args, pw, io.Discard)
		pw.CloseWithError(errNoBanner)
		done <- err
	}()
	tb.Cleanup(func() {
		cancel()
		go io.Copy(io.Discard, pr) // lets "stopping" through
		if err := <-done; err != nil {
			tb.Errorf("tribehr-fake: %v", err)
		}
	})
	s := &Started{Env: map[string]string{}}
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		s.Banner = append(s.Banner, line)
		if v, ok := strings.CutPrefix(line, ListeningPrefix); ok {
			s.URL = v
		}
		if name, value, ok := ParseExport(line); ok {
			s.Env[name] = value
		}
		if name, ok := strings.CutPrefix(line, "  unset "); ok {
			s.Env[name] = ""
		}
		if line == ReadyLine {
			return s
		}
	}
	tb.Fatalf("tribehr-fake: no banner (%v); printed %q", sc.Err(), s.Banner)
	return nil
}

// Setenv sets the environment the banner says to export (and unsets what
// it says to unset), for the rest of tb, as a user who pasted its lines
// has it: every variable that names a server and a user.
func (s *Started) Setenv(tb testing.TB) {
	tb.Helper()
	for k, v := range s.Env {
		tb.Setenv(k, v)
	}
}
