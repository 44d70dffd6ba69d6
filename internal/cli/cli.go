// Package cli holds what the module's programs (cmd/ and examples/) share
// on the command line: flag parsing that tells a bad command line from a
// failure, and the exit status that goes with each.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tribehr/tribehr-go"
)

// ErrUsage marks a bad command line, of which the user has been told.
var ErrUsage = errors.New("bad command line")

// ParseFlags parses args with fs, which reports to the user (make it with
// flag.ContinueOnError). It returns flag.ErrHelp after -h, and an error
// wrapping ErrUsage after a bad flag or a leftover argument.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if fs.NArg() > 0 {
		return BadUsage(fs, "unexpected arguments: "+strings.Join(fs.Args(), " "))
	}
	return nil
}

// BadUsage tells the user msg and how to use the program, on fs's output,
// and returns an error wrapping ErrUsage.
func BadUsage(fs *flag.FlagSet, msg string) error {
	fmt.Fprintln(fs.Output(), msg)
	fs.Usage()
	return fmt.Errorf("%w: %s", ErrUsage, msg)
}

// ExitCode reports the error a program's run returned on w, prefixed with
// the program's name and followed by what the server said when it is an
// *tribehr.APIError, and returns the exit status: 0 for nil or
// flag.ErrHelp, 2 for a bad command line (the user has been told), 1
// otherwise.
func ExitCode(w io.Writer, name string, err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	}
	fmt.Fprintf(w, "%s: %v\n", name, err)
	var apiErr *tribehr.APIError
	if errors.As(err, &apiErr) && len(apiErr.Messages) > 0 {
		fmt.Fprintln(w, "the server said:", strings.Join(apiErr.Messages, "; "))
	}
	return 1
}
