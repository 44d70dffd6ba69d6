package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
)

func newFlags(out *strings.Builder) (*flag.FlagSet, *int) {
	fs := flag.NewFlagSet("prog", flag.ContinueOnError)
	fs.SetOutput(out)
	n := fs.Int("n", 1, "a number")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), "usage: prog [-n number]") }
	return fs, n
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantN   int
		wantErr error
		wantOut string
	}{
		{name: "ok", args: []string{"-n", "3"}, wantN: 3},
		{name: "help", args: []string{"-h"}, wantErr: flag.ErrHelp, wantOut: "usage: prog"},
		{name: "bad flag", args: []string{"-x"}, wantErr: ErrUsage, wantOut: "flag provided but not defined: -x"},
		{name: "bad value", args: []string{"-n", "many"}, wantErr: ErrUsage, wantOut: "invalid value"},
		{name: "leftover argument", args: []string{"-n", "2", "extra", "more"}, wantErr: ErrUsage, wantOut: "unexpected arguments: extra more\nusage: prog"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			fs, n := newFlags(&out)
			err := ParseFlags(fs, tt.args)
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, tt.wantN, *n)
				assert.Empty(t, out.String())
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			assert.Contains(t, out.String(), tt.wantOut)
		})
	}
}

func TestBadUsage(t *testing.T) {
	var out strings.Builder
	fs, _ := newFlags(&out)
	err := BadUsage(fs, "-n must be positive")
	require.ErrorIs(t, err, ErrUsage)
	assert.EqualError(t, err, "bad command line: -n must be positive")
	assert.Equal(t, "-n must be positive\nusage: prog [-n number]\n", out.String())
}

func TestExitCode(t *testing.T) {
	apiErr := &tribehr.APIError{StatusCode: 400, Code: tribehr.CodeValidation, Messages: []string{"date_end is required", "leave type unknown"}}
	tests := []struct {
		name    string
		err     error
		want    int
		wantOut string
	}{
		{name: "success", err: nil, want: 0},
		{name: "help", err: flag.ErrHelp, want: 0},
		{name: "usage", err: fmt.Errorf("%w: -x", ErrUsage), want: 2},
		{name: "plain error", err: errors.New("connect: refused"), want: 1, wantOut: "prog: connect: refused\n"},
		{name: "api error", err: fmt.Errorf("create leave: %w", apiErr), want: 1,
			wantOut: "prog: create leave: " + apiErr.Error() + "\nthe server said: date_end is required; leave type unknown\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			assert.Equal(t, tt.want, ExitCode(&out, "prog", tt.err))
			assert.Equal(t, tt.wantOut, out.String())
		})
	}
}
