package tribehr_test

import (
	"crypto/x509"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
	"gopkg.in/h2non/gock.v1"
)

// writeFile writes content to name in a new temporary directory.
func writeFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, content, 0o600))
	return p
}

// TestWithCAFileReachesTheFake is what a user's program does to reach the
// standalone fake: its URL, the CA file it prints, and credentials.
func TestWithCAFileReachesTheFake(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	caFile := writeFile(t, "ca.pem", srv.CACertPEM())
	ctx := testCtx(t)

	client, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithCAFile(caFile),
		tribehr.WithBasicAuth(tribehrtest.ManagerUsername, tribehrtest.ManagerAPIKey))
	require.NoError(t, err)
	me, err := client.Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.ManagerUsername, me.Username.Value())

	untrusting, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), noRetry,
		tribehr.WithBasicAuth(tribehrtest.ManagerUsername, tribehrtest.ManagerAPIKey))
	require.NoError(t, err)
	_, err = untrusting.Users.Me(ctx)
	var unknownCA x509.UnknownAuthorityError
	require.ErrorAs(t, err, &unknownCA, "without the CA file the fake's certificate is not trusted: %v", err)
}

func TestWithCAFileEmptyAddsNothing(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	c, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithCAFile(""), tribehr.WithHTTPClient(srv.HTTPClient()),
		tribehr.WithBasicAuth(tribehrtest.AdminUsername, tribehrtest.AdminAPIKey))
	require.NoError(t, err, "an empty path is no CA file, so it goes with WithHTTPClient")
	_, err = c.Users.Me(testCtx(t))
	require.NoError(t, err)
}

func TestWithCAFileErrors(t *testing.T) {
	notPEM := writeFile(t, "ca.pem", []byte("not a certificate"))
	srv := tribehrtest.NewServer(t)
	good := writeFile(t, "good.pem", srv.CACertPEM())
	for _, tt := range []struct {
		name string
		opts []tribehr.Option
		want string
		is   error
	}{
		{"missing file", []tribehr.Option{tribehr.WithCAFile(filepath.Join(t.TempDir(), "none.pem"))}, "ca file", os.ErrNotExist},
		{"not PEM", []tribehr.Option{tribehr.WithCAFile(notPEM)}, "holds no PEM certificate", nil},
		{"with an http client", []tribehr.Option{tribehr.WithCAFile(good), tribehr.WithHTTPClient(&http.Client{})}, "WithCAFile and WithHTTPClient together", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tribehr.NewClient("", append([]tribehr.Option{tribehr.WithBaseURL(srv.URL)}, tt.opts...)...)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.want)
			if tt.is != nil {
				assert.True(t, errors.Is(err, tt.is), "%v", err)
			}
		})
	}
}

// TestWithCAFileIgnoresAReplacedDefaultTransport: a program that wraps
// http.DefaultTransport (instrumentation, or gock) still reaches the
// server its CA file is for.
func TestWithCAFileIgnoresAReplacedDefaultTransport(t *testing.T) {
	srv := tribehrtest.NewServer(t)
	caFile := writeFile(t, "ca.pem", srv.CACertPEM())
	defer gock.Off()
	gock.New("https://elsewhere.example.com").Reply(200) // gock replaces http.DefaultTransport
	client, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithCAFile(caFile), noRetry,
		tribehr.WithBasicAuth(tribehrtest.AdminUsername, tribehrtest.AdminAPIKey))
	require.NoError(t, err)
	_, err = client.Users.Me(testCtx(t))
	require.NoError(t, err)
}
