package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunOnTheEmbeddedFake runs the whole tour as `go run` does with no
// credentials set, and checks every step printed what it did.
func TestRunOnTheEmbeddedFake(t *testing.T) {
	for _, v := range []string{"TRIBEHR_SUBDOMAIN", "TRIBEHR_USERNAME", "TRIBEHR_API_KEY"} {
		t.Setenv(v, "")
	}
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
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
	err := run(context.Background(), &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TRIBEHR_USERNAME")
	assert.Empty(t, out.String())
}
