package main

import (
	"io"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go/examples/internal/exampleenv"
	"github.com/tribehr/tribehr-go/internal/fakecmd"
	"github.com/tribehr/tribehr-go/tribehrtest"
	"gopkg.in/h2non/gock.v1"
)

// runMain runs the program and returns what it printed.
func runMain(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	stdout := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = stdout }()
	out := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		out <- string(b)
	}()
	main()
	w.Close()
	return <-out
}

// TestAgainstTheStandaloneFake runs the README's quickstart as a user does
// after pasting the export lines of `go run ./cmd/tribehr-fake`.
func TestAgainstTheStandaloneFake(t *testing.T) {
	fake := fakecmd.StartForTest(t)
	fake.Setenv(t) // every TRIBEHR_* variable, as pasting its lines sets them
	out := runMain(t)
	assert.Regexp(t, regexp.MustCompile(`^Hello, Tribe Admin
phone: 
leave request \d+ PENDING of Vacation
withdrawn again
$`), out, "the administrator's phone is visible and empty")

	t.Setenv(exampleenv.EnvUsername, tribehrtest.ManagerUsername)
	t.Setenv(exampleenv.EnvAPIKey, tribehrtest.ManagerAPIKey)
	assert.Contains(t, runMain(t), "Hello, Alice McDonald\nphone: 1 800 123 4567\n")
}

// TestOnARealAccount runs it as on mycompany.mytribehr.com, mocked with
// gock in the order gock's README teaches: the program's own client needs
// no change.
func TestOnARealAccount(t *testing.T) {
	for _, v := range exampleenv.Vars {
		t.Setenv(v, "")
	}
	t.Setenv(exampleenv.EnvSubdomain, "mycompany")
	t.Setenv(exampleenv.EnvUsername, "alice")
	t.Setenv(exampleenv.EnvAPIKey, "test-api-key")
	defer gock.Off()
	const account = "https://mycompany.mytribehr.com"
	gock.New(account).Get("/users/me.json").BasicAuth("alice", "test-api-key").Reply(200).
		JSON(map[string]any{"id": 7, "display_name": "Alice McDonald", "assignment_record": map[string]any{"phone": nil}})
	gock.New(account).Get("/leave_types.json").Reply(200).JSON([]any{map[string]any{"id": 3, "name": "PTO"}})
	gock.New(account).Post("/leave_requests.json").Reply(400).
		JSON(map[string]any{"error": map[string]any{"code": "VALIDATION_ERROR", "messages": []string{"You have no PTO left"}}})

	assert.Equal(t, "Hello, Alice McDonald\nrefused: [You have no PTO left]\n", runMain(t), "a null phone is not printed")
	assert.True(t, gock.IsDone())
}
