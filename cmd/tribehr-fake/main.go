// Command tribehr-fake runs the tribehrtest fake of the TribeHR v2 API as a
// standalone server on loopback, for trying the SDK, the examples or curl
// by hand.
//
//	go run ./cmd/tribehr-fake [-addr 127.0.0.1:0] [-users N] [-fixtures file.json]
//		[-ca-out ca.pem] [-s3-avatars] [-insecure-http]
//
// By default it serves HTTPS with a self-signed certificate, written to a
// temporary file (or the -ca-out file) whose path it prints, for
// tribehr.WithCAFile and curl --cacert; -insecure-http serves plain HTTP
// instead. It prints the base URL, the flags in effect, the demo
// credentials (demo values of the fake, not secrets), the export lines
// that point the examples and your own program at it, and a sample curl
// command, and runs until SIGINT or SIGTERM.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tribehr/tribehr-go/internal/cli"
	"github.com/tribehr/tribehr-go/internal/fakecmd"
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

// run is the program (see package fakecmd): it starts the fake as args
// say, prints how to reach it to out, and serves until ctx ends.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	return fakecmd.Run(ctx, args, out, errOut)
}
