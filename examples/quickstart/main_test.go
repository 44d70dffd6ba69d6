package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go/examples/internal/exampleenv"
	"github.com/tribehr/tribehr-go/internal/fakecmd"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// TestRunOnTheEmbeddedFake runs the whole tour as `go run` does with no
// credentials set, and checks every step printed what it did.
func TestRunOnTheEmbeddedFake(t *testing.T) {
	for _, v := range exampleenv.Vars {
		t.Setenv(v, "")
	}
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), nil, &out, io.Discard))
	for _, want := range []string{
		`(?m)^Talking to the embedded fake server at https://127\.0\.0\.1:\d+ as admin`,
		`(?m)^\d+ active users, the first few:$`,
		`(?m)^You are Tribe Admin \(admin\), group Administrators$`,
		`(?m)^Created leave request #\d+: .+, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(3 days\), PENDING$`,
		`(?m)^Approved it: status APPROVED$`,
		`(?m)^\d+ upcoming events:$`,
		`(?m)^\d+ holidays in \d{4}:$`,
		`(?m)^Sent kudos #\d+ to .+: <b>Thank you</b> for trying the Go SDK! \(source "tribehr-go quickstart"\)$`,
		`(?m)^  as plain text: Thank you for trying the Go SDK!$`,
		`(?m)^  \d{4}-\d\d-\d\d  New Year's Day: Official Holiday, no work\.$`,
		`(?m)^Cleaned up: deleted kudos #\d+ and leave request #\d+$`,
	} {
		assert.Regexp(t, regexp.MustCompile(want), out.String())
	}
}

// TestRunNeedsAllCredentials refuses a half-set environment instead of
// quietly falling back to the fake.
func TestRunNeedsAllCredentials(t *testing.T) {
	t.Setenv("TRIBEHR_SUBDOMAIN", "acme")
	t.Setenv("TRIBEHR_USERNAME", "")
	t.Setenv("TRIBEHR_API_KEY", "")
	var out bytes.Buffer
	err := run(context.Background(), nil, &out, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TRIBEHR_USERNAME")
	assert.Empty(t, out.String())
}

// TestRunAgainstTheStandaloneFake runs the tour as a user does after
// pasting the export lines `go run ./cmd/tribehr-fake` prints.
func TestRunAgainstTheStandaloneFake(t *testing.T) {
	fake := fakecmd.StartForTest(t)
	fake.Setenv(t) // every TRIBEHR_* variable, as pasting its lines sets them
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), nil, &out, io.Discard))
	assert.Regexp(t, regexp.MustCompile(`(?m)^Talking to 127\.0\.0\.1:\d+ as admin$`), out.String())
	assert.Regexp(t, regexp.MustCompile(`(?m)^Cleaned up: deleted kudos #\d+ and leave request #\d+$`), out.String())

	t.Run("as another user, by flags", func(t *testing.T) {
		for _, v := range exampleenv.Vars {
			t.Setenv(v, "")
		}
		t.Setenv(exampleenv.EnvAPIKey, tribehrtest.ManagerAPIKey)
		var out bytes.Buffer
		args := []string{"-base-url", fake.URL, "-ca-file", fake.Env[exampleenv.EnvCAFile], "-user", tribehrtest.ManagerUsername}
		require.NoError(t, run(context.Background(), args, &out, io.Discard))
		assert.Regexp(t, regexp.MustCompile(`(?m)^You are Alice McDonald \(alice\), group Managers$`), out.String())
		assert.Regexp(t, regexp.MustCompile(`(?m)^Could not approve it: only a manager of yours or an administrator may \(ACCESS_ERROR\)$`), out.String())
		assert.Regexp(t, regexp.MustCompile(`(?m)^Cleaned up: deleted kudos #\d+ and leave request #\d+$`), out.String())
	})
	t.Run("with the key in a file", func(t *testing.T) {
		for _, v := range exampleenv.Vars {
			t.Setenv(v, "")
		}
		keyFile := filepath.Join(t.TempDir(), "key")
		require.NoError(t, os.WriteFile(keyFile, []byte(tribehrtest.EmployeeAPIKey+"\n"), 0o600))
		var out bytes.Buffer
		args := []string{"-base-url", fake.URL, "-ca-file", fake.Env[exampleenv.EnvCAFile], "-user", tribehrtest.EmployeeUsername, "-api-key-file", keyFile}
		require.NoError(t, run(context.Background(), args, &out, io.Discard))
		assert.Regexp(t, regexp.MustCompile(`(?m)^You are Emma Employee \(emma\), group Employees$`), out.String())
	})
}

// TestRunOnTheEmbeddedFakeAsAnotherUser: -user alone picks a user of the
// embedded fake.
func TestRunOnTheEmbeddedFakeAsAnotherUser(t *testing.T) {
	for _, v := range exampleenv.Vars {
		t.Setenv(v, "")
	}
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-user", tribehrtest.ManagerUsername}, &out, io.Discard))
	assert.Regexp(t, regexp.MustCompile(`(?m)^Talking to the embedded fake server at https://127\.0\.0\.1:\d+ as alice \(no TRIBEHR_\* server set\)$`), out.String())
	assert.Regexp(t, regexp.MustCompile(`(?m)^You are Alice McDonald \(alice\), group Managers$`), out.String())
}
