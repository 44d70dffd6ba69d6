// Command sync copies the users of a TribeHR account one way into a local
// JSON file, standing in for a data warehouse table or a payroll database:
// names, email, job title, department, manager, work phone, and, where the
// account may see them, group, employee number, hire date, pay and home
// details.
//
//	go run ./examples/sync                          # into $TMPDIR/sync-store.json
//	go run ./examples/sync -store users.json -workers 8 -rate 1.5
//
// Run it again and it updates the file: it sets what changed, clears what
// was emptied in TribeHR, and leaves alone what the account may not see, so
// that a run as an employee never wipes the pay rates an administrator's
// run stored. Users who leave the active list are kept, marked inactive.
// See sync.go for the rules; it is the part to copy.
//
// The store defaults to sync-store.json in the temporary directory, so that
// a trial run leaves nothing in the working tree; pass -store for a file
// that should last. The file is private to its owner (mode 0600): it holds
// pay data.
//
// The client is rate-limited on its side (-rate requests a second,
// sustained, with bursts of -burst; the API documents 100 a minute with
// bursts of 200) and retries 429 and 503 answers as the server asks. An
// interrupt (Ctrl-C) or SIGTERM stops the run and leaves the store as it
// was.
//
// With TRIBEHR_SUBDOMAIN (or TRIBEHR_BASE_URL and TRIBEHR_CA_FILE, as the
// standalone fake of cmd/tribehr-fake prints them), TRIBEHR_USERNAME and
// TRIBEHR_API_KEY set, or the matching flags (-subdomain, -base-url,
// -ca-file, -user, -api-key-file), it reads that server. Without them it
// starts the embedded fake server (package tribehrtest), as its
// administrator or the -user named, and says so; the fake starts from the
// same demo data every time, so a second run finds every user unchanged.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/examples/internal/exampleenv"
	"github.com/tribehr/tribehr-go/internal/cli"
	"golang.org/x/time/rate"
)

// main runs the sync on the command line until it ends or is interrupted,
// and exits with 1 after an error, 2 after a bad command line.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "sync: interrupted; the store was left as it was")
		os.Exit(1)
	}
	if code := cli.ExitCode(os.Stderr, "sync", err); code != 0 {
		if code == 1 {
			fmt.Fprintln(os.Stderr, "the store was left as it was")
		}
		os.Exit(code)
	}
}

// retryPolicy is how the sync's client retries: patiently, since a sync
// runs unattended. The API's rate-limit window is a minute, so a wait of up
// to 90 seconds that the server asks for is slept through.
func retryPolicy() tribehr.RetryPolicy {
	return tribehr.RetryPolicy{
		MaxAttempts:   6,
		MinWait:       time.Second,
		MaxWait:       30 * time.Second,
		MaxServerWait: 90 * time.Second,
		MaxTotalWait:  5 * time.Minute,
	}
}

// run parses the command line args, connects, syncs, and prints a summary
// to out. Flag errors go to errOut.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(errOut)
	storePath := fs.String("store", filepath.Join(os.TempDir(), "sync-store.json"), "the JSON `file` to keep the users in")
	workers := fs.Int("workers", defaultWorkers, "how many users to fetch at the same time")
	perSecond := fs.Float64("rate", 100.0/60, "at most this many `requests` a second, sustained")
	burst := fs.Int("burst", 20, "at most this many `requests` at once before -rate applies")
	where := exampleenv.AddFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: sync [-store file] [-workers n] [-rate requests] [-burst requests] [-user name] [-subdomain acme | -base-url URL [-ca-file ca.pem]] [-api-key-file file]")
		fs.PrintDefaults()
	}
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	badUsage := func(msg string) error { return cli.BadUsage(fs, msg) }
	switch {
	case *storePath == "":
		return badUsage("-store must name a file")
	case *workers < 1:
		return badUsage(fmt.Sprintf("-workers must be at least 1, got %d", *workers))
	case !(*perSecond > 0): // also refuses NaN
		return badUsage(fmt.Sprintf("-rate must be above 0, got %g", *perSecond))
	case *burst < 1:
		return badUsage(fmt.Sprintf("-burst must be at least 1, got %d", *burst))
	}

	client, desc, closeFn, err := where.Connect(
		tribehr.WithRateLimit(rate.Limit(*perSecond), *burst),
		tribehr.WithRetryPolicy(retryPolicy()),
		tribehr.WithUserAgent("tribehr-go-sync-example/"+tribehr.Version),
	)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer closeFn()
	fmt.Fprintf(out, "Syncing users from %s\ninto %s: %d workers, at most %.2f requests/s (bursts of %d)\n",
		desc, *storePath, *workers, *perSecond, *burst)

	sum, err := runSync(ctx, client, syncConfig{StorePath: *storePath, Workers: *workers})
	if err != nil {
		return err
	}
	printSummary(out, sum, *storePath)
	return nil
}

// printSummary prints what a sync did.
func printSummary(out io.Writer, sum *summary, path string) {
	fmt.Fprintf(out, "\n%d active users listed\n", sum.Listed)
	fmt.Fprintf(out, "  created    %4d\n", sum.Created)
	fmt.Fprintf(out, "  updated    %4d\n", sum.Updated)
	fmt.Fprintf(out, "  unchanged  %4d\n", sum.Unchanged)
	fmt.Fprintf(out, "  inactive   %4d  (left the active list since the last run)\n", sum.Deactivated)
	fmt.Fprintf(out, "  skipped    %4d\n", len(sum.Skipped))
	for _, s := range sum.Skipped {
		fmt.Fprintf(out, "    user %d (%s): %v\n", s.ID, s.Name, s.Err)
	}
	fmt.Fprintf(out, "fields: %d set, %d set empty (null), %d left alone (not visible to this account)\n",
		sum.FieldsSet, sum.FieldsCleared, sum.FieldsLeftAlone)
	for _, u := range sum.Unreadable {
		fmt.Fprintf(out, "  unreadable, left alone: %s\n", u)
	}
	if sum.Written {
		fmt.Fprintf(out, "store written: %s\n", path)
	} else {
		fmt.Fprintf(out, "store unchanged: %s not rewritten\n", path)
	}
}
