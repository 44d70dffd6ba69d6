package exampleenv

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go/internal/fakecmd"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

func clearEnv(t *testing.T) {
	for _, v := range Vars {
		t.Setenv(v, "")
	}
}

func TestOpenRefusesHalfSettings(t *testing.T) {
	clearEnv(t)
	missing := filepath.Join(t.TempDir(), "none")
	empty := filepath.Join(t.TempDir(), "empty")
	require.NoError(t, os.WriteFile(empty, []byte(" \n"), 0o600))
	for _, tt := range []struct {
		name string
		s    Settings
		want string
	}{
		{"subdomain alone", Settings{Subdomain: "acme"}, "set all of TRIBEHR_SUBDOMAIN (or TRIBEHR_BASE_URL), TRIBEHR_USERNAME and TRIBEHR_API_KEY"},
		{"base url without key", Settings{BaseURL: "https://127.0.0.1:1", Username: "admin"}, "TRIBEHR_API_KEY"},
		{"both servers", Settings{Subdomain: "acme", BaseURL: "https://127.0.0.1:1", Username: "a", APIKey: "k"}, "not both"},
		{"a key and no server", Settings{Username: "admin", APIKey: "k"}, "TRIBEHR_API_KEY (or -api-key-file) is set but no server is"},
		{"a CA and no server", Settings{CAFile: "ca.pem"}, "TRIBEHR_CA_FILE (-ca-file) is set but no server is"},
		{"missing key file", Settings{Subdomain: "acme", Username: "a", APIKeyFile: missing}, "api key file"},
		{"empty key file", Settings{Subdomain: "acme", Username: "a", APIKeyFile: empty}, "is empty"},
		{"missing CA file", Settings{BaseURL: "https://127.0.0.1:1", Username: "a", APIKey: "k", CAFile: missing}, "ca file"},
		{"unknown fake user", Settings{Username: "nobody"}, `no user named "nobody"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.s.Open()
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "k\"", "no secret in the message")
		})
	}
}

func TestFlagsOverrideTheEnvironment(t *testing.T) {
	clearEnv(t)
	srv := tribehrtest.NewServer(t)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(ca, srv.CACertPEM(), 0o600))
	key := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(key, []byte(tribehrtest.EmployeeAPIKey+"\n"), 0o600))
	t.Setenv(EnvSubdomain, "")
	t.Setenv(EnvBaseURL, "https://127.0.0.1:1") // overridden below
	t.Setenv(EnvUsername, tribehrtest.AdminUsername)
	t.Setenv(EnvAPIKey, tribehrtest.AdminAPIKey)

	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	s := AddFlags(fs)
	require.NoError(t, fs.Parse([]string{"-base-url", srv.URL, "-ca-file", ca, "-user", tribehrtest.EmployeeUsername, "-api-key-file", key}))
	conn, err := s.Open()
	require.NoError(t, err)
	defer conn.Close()
	assert.Nil(t, conn.Fake)
	me, err := conn.Client.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.EmployeeUsername, me.Username.Value(), "the key file wins over the environment's key")
	assert.Regexp(t, `^127\.0\.0\.1:\d+ as emma$`, conn.Desc)
}

func TestTheEmbeddedFake(t *testing.T) {
	clearEnv(t)
	conn, err := Open()
	require.NoError(t, err)
	defer conn.Close()
	require.NotNil(t, conn.Fake)
	assert.Regexp(t, `^the embedded fake server at https://127\.0\.0\.1:\d+ as admin \(no TRIBEHR_\* credentials set\)$`, conn.Desc)

	t.Setenv(EnvUsername, tribehrtest.ManagerUsername)
	client, desc, closeFn, err := Connect()
	require.NoError(t, err)
	defer closeFn()
	assert.Regexp(t, `as alice \(no TRIBEHR_\* server set\)$`, desc)
	me, err := client.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.ManagerUsername, me.Username.Value())
}

// TestTheBannerSetsEveryVariable: pasting the standalone fake's lines sets
// or unsets every variable Open reads, so none left from an earlier
// session changes where an example goes.
func TestTheBannerSetsEveryVariable(t *testing.T) {
	fake := fakecmd.StartForTest(t)
	var names []string
	for k := range fake.Env {
		names = append(names, k)
	}
	assert.ElementsMatch(t, Vars, names)
	clearEnv(t)
	t.Setenv(EnvSubdomain, "acme") // a stale variable
	fake.Setenv(t)
	conn, err := Open()
	require.NoError(t, err)
	defer conn.Close()
	assert.Regexp(t, `^127\.0\.0\.1:\d+ as admin$`, conn.Desc)
}
