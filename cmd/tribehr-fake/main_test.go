package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/internal/cli"
	"github.com/tribehr/tribehr-go/internal/fakecmd"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// fake is a running tribehr-fake, started by startFake.
type fake struct {
	url    string   // the base URL it printed
	caPath string   // the CA certificate file it printed, "" for plain HTTP
	banner []string // what it printed up to "Press Ctrl-C to stop."
	stop   func() (rest string, err error)
}

// startFake runs the program with args until it has printed its banner.
// stop cancels its context and returns what it printed after the banner
// and run's error.
func startFake(t *testing.T, args ...string) *fake {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw, io.Discard)
		pw.Close()
		errc <- err
	}()
	f := &fake{}
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		f.banner = append(f.banner, line)
		if v, ok := strings.CutPrefix(line, "TribeHR v2 fake listening at "); ok {
			f.url = v
		}
		if v, ok := strings.CutPrefix(line, "CA certificate: "); ok {
			f.caPath = v
		}
		if line == "Press Ctrl-C to stop." {
			break
		}
	}
	restc := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(pr)
		restc <- string(b)
	}()
	stopped := false
	f.stop = func() (string, error) {
		stopped = true
		cancel()
		err := <-errc
		return <-restc, err
	}
	t.Cleanup(func() {
		if !stopped {
			f.stop()
		}
	})
	require.NotEmpty(t, f.url, "no URL in %q", f.banner)
	return f
}

// httpClient returns a client that trusts the fake's certificate file.
func (f *fake) httpClient(t *testing.T) *http.Client {
	t.Helper()
	if f.caPath == "" {
		return &http.Client{}
	}
	pem, err := os.ReadFile(f.caPath)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(pem))
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
}

// get sends the request the banner's curl line shows, as the administrator.
func (f *fake) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.url+path, nil)
	require.NoError(t, err)
	req.SetBasicAuth(tribehrtest.AdminUsername, tribehrtest.AdminAPIKey)
	req.Header.Set("X-API-Version", "2.0.0")
	res, err := f.httpClient(t).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, body
}

func TestServesHTTPSWithItsCertificate(t *testing.T) {
	f := startFake(t)
	assert.True(t, strings.HasPrefix(f.url, "https://127.0.0.1:"), f.url)
	require.NotEmpty(t, f.caPath)
	banner := strings.Join(f.banner, "\n")
	assert.Contains(t, banner, "password for every seeded user: "+tribehrtest.DemoPassword)
	for _, name := range []string{tribehrtest.AdminUsername, tribehrtest.ManagerUsername, tribehrtest.EmployeeUsername} {
		assert.Contains(t, banner, name)
	}
	assert.Contains(t, banner, "curl --cacert "+f.caPath+" -u admin:"+tribehrtest.AdminAPIKey+" -H 'X-API-Version: 2.0.0' "+f.url+"/events/upcoming.json")

	status, body := f.get(t, "/events/upcoming.json")
	require.Equal(t, http.StatusOK, status, "%s", body)
	var events []map[string]any
	require.NoError(t, json.Unmarshal(body, &events))
	assert.NotEmpty(t, events)

	client, err := tribehr.NewClient("", tribehr.WithBaseURL(f.url), tribehr.WithHTTPClient(f.httpClient(t)),
		tribehr.WithBasicAuth(tribehrtest.ManagerUsername, tribehrtest.ManagerAPIKey))
	require.NoError(t, err)
	me, err := client.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.ManagerUsername, me.Username.Value())

	rest, err := f.stop()
	require.NoError(t, err)
	assert.Equal(t, "stopping\n", rest)
	_, statErr := os.Stat(f.caPath)
	assert.True(t, errors.Is(statErr, os.ErrNotExist), "the certificate file is removed on stop: %v", statErr)
}

func TestPlainHTTPUsersAndFixtures(t *testing.T) {
	fixtures := filepath.Join(t.TempDir(), "fixtures.json")
	require.NoError(t, os.WriteFile(fixtures, []byte(`{"users":[{"username":"zoe","first_name":"Zoë","last_name":"Nakamura","email":"zoe@example.com"}]}`), 0o600))
	f := startFake(t, "-insecure-http", "-users", "40", "-fixtures", fixtures)
	assert.True(t, strings.HasPrefix(f.url, "http://127.0.0.1:"), f.url)
	assert.Empty(t, f.caPath)
	assert.NotContains(t, strings.Join(f.banner, "\n"), "--cacert")

	status, body := f.get(t, "/users.json")
	require.Equal(t, http.StatusOK, status, "%s", body)
	var users []struct {
		Username string `json:"username"`
	}
	require.NoError(t, json.Unmarshal(body, &users))
	names := make(map[string]bool, len(users))
	for _, u := range users {
		names[u.Username] = true
	}
	assert.True(t, names["zoe"], "the fixture user is served")
	assert.True(t, names[tribehrtest.AdminUsername], "the demo company stays")
	assert.GreaterOrEqual(t, len(users), 40+2, "the generated employees are served")
}

func TestBadCommandLines(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want error
		msg  string
	}{
		{name: "help", args: []string{"-h"}, want: flag.ErrHelp},
		{name: "unknown flag", args: []string{"-port", "8080"}, want: cli.ErrUsage},
		{name: "bad number", args: []string{"-users", "many"}, want: cli.ErrUsage},
		{name: "leftover argument", args: []string{"serve"}, want: cli.ErrUsage},
		{name: "not loopback", args: []string{"-addr", "0.0.0.0:0"}, msg: "loopback"},
		{name: "missing fixtures file", args: []string{"-fixtures", filepath.Join(t.TempDir(), "none.json")}, want: os.ErrNotExist},
		{name: "bad fixtures", args: []string{"-fixtures", writeFile(t, "bad.json", "{not json")}, msg: "fixtures"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			err := run(context.Background(), tt.args, &out, io.Discard)
			require.Error(t, err)
			if tt.want != nil {
				assert.ErrorIs(t, err, tt.want)
			}
			assert.Contains(t, err.Error(), tt.msg)
			assert.NotContains(t, out.String(), "listening", "nothing was started")
		})
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// exportsOf returns the banner's export and unset lines as a map ("" for
// unset), as a shell that ran them has them.
func exportsOf(t *testing.T, banner []string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, line := range banner {
		if name, value, ok := fakecmd.ParseExport(line); ok {
			env[name] = value
		}
		if name, ok := strings.CutPrefix(line, "  unset "); ok {
			env[name] = ""
		}
	}
	return env
}

func TestBannerShowsFlagsAndExports(t *testing.T) {
	f := startFake(t, "-users", "3")
	banner := strings.Join(f.banner, "\n")
	assert.Contains(t, banner, "Flags: -addr 127.0.0.1:0 -ca-out \"\" -fixtures \"\" -insecure-http false -s3-avatars false -users 3 -webhook \"\"  (-h for help)")
	env := exportsOf(t, f.banner)
	assert.Equal(t, map[string]string{
		"TRIBEHR_BASE_URL":  f.url,
		"TRIBEHR_CA_FILE":   f.caPath,
		"TRIBEHR_USERNAME":  tribehrtest.AdminUsername,
		"TRIBEHR_API_KEY":   tribehrtest.AdminAPIKey,
		"TRIBEHR_SUBDOMAIN": "",
	}, env)
	for _, line := range []string{
		"  export TRIBEHR_BASE_URL=" + f.url,
		"  export TRIBEHR_CA_FILE=" + f.caPath,
		"  unset TRIBEHR_SUBDOMAIN",
		"then, from the repository: go run ./examples/quickstart",
	} {
		assert.Contains(t, f.banner, line)
	}

	// A user's own program, in one option more than for a real account.
	client, err := tribehr.NewClient("", tribehr.WithBaseURL(env["TRIBEHR_BASE_URL"]), tribehr.WithCAFile(env["TRIBEHR_CA_FILE"]),
		tribehr.WithBasicAuth(env["TRIBEHR_USERNAME"], env["TRIBEHR_API_KEY"]))
	require.NoError(t, err)
	me, err := client.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, tribehrtest.AdminUsername, me.Username.Value())
}

func TestCAOutIsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ca.pem")
	f := startFake(t, "-ca-out", path, "-s3-avatars")
	assert.Equal(t, path, f.caPath)
	assert.Contains(t, strings.Join(f.banner, "\n"), "S3 stand-in for avatars at https://127.0.0.1:")
	_, err := f.stop()
	require.NoError(t, err)
	pem, err := os.ReadFile(path)
	require.NoError(t, err, "the -ca-out file stays after stopping")
	assert.Contains(t, string(pem), "BEGIN CERTIFICATE")
}

func TestPlainHTTPUnsetsTheCAFile(t *testing.T) {
	f := startFake(t, "-insecure-http")
	env := exportsOf(t, f.banner)
	assert.Equal(t, "", env["TRIBEHR_CA_FILE"])
	assert.Contains(t, f.banner, "  unset TRIBEHR_CA_FILE")

	var out strings.Builder
	err := run(context.Background(), []string{"-insecure-http", "-ca-out", "x.pem"}, &out, io.Discard)
	require.ErrorIs(t, err, cli.ErrUsage)
	assert.Empty(t, out.String())
}
