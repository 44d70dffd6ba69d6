// Command tribehr-fake runs the tribehrtest fake of the TribeHR v2 API as a
// standalone server on loopback, for trying the SDK or curl by hand.
//
//	go run ./cmd/tribehr-fake [-addr 127.0.0.1:0] [-users N] [-fixtures file.json] [-insecure-http]
//
// By default it serves HTTPS with a self-signed certificate, written to a
// temporary file whose path it prints (for curl --cacert); -insecure-http
// serves plain HTTP instead. It prints the base URL, the demo credentials
// (demo values of the fake, not secrets) and a sample curl command, and
// runs until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/tribehr/tribehr-go/internal/cli"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// main serves until SIGINT or SIGTERM; it exits with 2 after a bad command
// line and 1 after another error.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if code := cli.ExitCode(os.Stderr, "tribehr-fake", err); code != 0 {
		os.Exit(code)
	}
}

// run starts the fake as args say, prints how to reach it to out, and
// serves until ctx ends. Flag errors go to errOut.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("tribehr-fake", flag.ContinueOnError)
	fs.SetOutput(errOut)
	addr := fs.String("addr", "127.0.0.1:0", "loopback `host:port` to listen on")
	users := fs.Int("users", 0, "`number` of generated employees to add to the demo company")
	fixtures := fs.String("fixtures", "", "JSON fixtures `file` to load on top of the demo company")
	plain := fs.Bool("insecure-http", false, "serve plain HTTP instead of HTTPS (loopback only)")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}

	opts := []tribehrtest.Option{tribehrtest.WithAddr(*addr), tribehrtest.WithUsers(*users)}
	if *plain {
		opts = append(opts, tribehrtest.WithPlainHTTP())
	}
	if *fixtures != "" {
		f, err := os.Open(*fixtures)
		if err != nil {
			return fmt.Errorf("fixtures: %w", err)
		}
		defer f.Close()
		opts = append(opts, tribehrtest.WithFixtures(f))
	}
	srv, err := tribehrtest.Start(opts...)
	if err != nil {
		return err
	}
	defer srv.Close()

	curlTLS := ""
	if pem := srv.CACertPEM(); pem != nil {
		dir, err := os.MkdirTemp("", "tribehr-fake-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		certPath := filepath.Join(dir, "ca.pem")
		if err := os.WriteFile(certPath, pem, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(out, "CA certificate: %s\n", certPath)
		curlTLS = "--cacert " + certPath + " "
	}
	fmt.Fprintf(out, "TribeHR v2 fake listening at %s\n\n", srv.URL)
	fmt.Fprintf(out, "Demo credentials (password for every seeded user: %s):\n", tribehrtest.DemoPassword)
	for _, u := range []struct{ role, name, key string }{
		{"Administrators", tribehrtest.AdminUsername, tribehrtest.AdminAPIKey},
		{"Managers", tribehrtest.ManagerUsername, tribehrtest.ManagerAPIKey},
		{"Employees", tribehrtest.EmployeeUsername, tribehrtest.EmployeeAPIKey},
	} {
		fmt.Fprintf(out, "  %-15s %-6s api key %s\n", u.role, u.name, u.key)
	}
	fmt.Fprintf(out, "\nTry:\n  curl %s-u %s:%s -H 'X-API-Version: 2.0.0' %s/events/upcoming.json\n\n",
		curlTLS, tribehrtest.AdminUsername, tribehrtest.AdminAPIKey, srv.URL)
	fmt.Fprintln(out, "Press Ctrl-C to stop.")

	<-ctx.Done()
	fmt.Fprintln(out, "stopping")
	return nil
}
