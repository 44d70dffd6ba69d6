// Package fakecmd is the program cmd/tribehr-fake: the tribehrtest fake
// served standalone on loopback. It lives here so that the examples' tests
// can run the very program a user runs, in-process.
package fakecmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tribehr/tribehr-go/internal/cli"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// Banner lines other programs (and tests) read.
const (
	ListeningPrefix = "TribeHR v2 fake listening at "
	CAPrefix        = "CA certificate: "
	ExportPrefix    = "  export "
	ReadyLine       = "Press Ctrl-C to stop."
)

// Run starts the fake as args say, prints how to reach it to out, and
// serves until ctx ends. Flag errors go to errOut.
func Run(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("tribehr-fake", flag.ContinueOnError)
	fs.SetOutput(errOut)
	addr := fs.String("addr", "127.0.0.1:0", "loopback `host:port` to listen on (port 0: any free port)")
	users := fs.Int("users", 0, "`number` of generated employees to add to the demo company")
	fixtures := fs.String("fixtures", "", "JSON fixtures `file` to load on top of the demo company")
	plain := fs.Bool("insecure-http", false, "serve plain HTTP instead of HTTPS (loopback only)")
	caOut := fs.String("ca-out", "", "write the CA certificate to `file`, kept after stopping (default: a temporary file, removed on stop)")
	s3 := fs.Bool("s3-avatars", false, "serve avatars from a separate S3 stand-in, at absolute URLs, as API 2.1.0 and later may")
	var hooks webhookFlags
	fs.Var(&hooks, "webhook", "register a webhook, `handle=url` (such as LeaveRequest.Add=http://127.0.0.1:8080/hook); repeatable; encrypted with env "+cli.EnvWebhookKey+" when set")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: tribehr-fake [flags]\n\nServes the tribehrtest fake of the TribeHR v2 API on loopback until interrupted.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *plain && *caOut != "" {
		return cli.BadUsage(fs, "-ca-out needs HTTPS: drop -insecure-http")
	}

	opts := []tribehrtest.Option{tribehrtest.WithAddr(*addr), tribehrtest.WithUsers(*users)}
	if *plain {
		opts = append(opts, tribehrtest.WithPlainHTTP())
	}
	if *s3 {
		opts = append(opts, tribehrtest.WithS3Avatars())
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
	key := os.Getenv(cli.EnvWebhookKey)
	for _, h := range hooks {
		event, url, _ := strings.Cut(h, "=")
		if _, err := srv.AddWebhook(tribehrtest.Webhook{Name: "-webhook " + event, Event: event, URL: url, SecureKey: key}); err != nil {
			return cli.BadUsage(fs, fmt.Sprintf("-webhook %s: %v", h, err))
		}
	}

	certPath := ""
	if pem := srv.CACertPEM(); pem != nil {
		certPath = *caOut
		if certPath == "" {
			dir, err := os.MkdirTemp("", "tribehr-fake-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			certPath = filepath.Join(dir, "ca.pem")
		}
		if certPath, err = filepath.Abs(certPath); err != nil {
			return err
		}
		if err := os.WriteFile(certPath, pem, 0o644); err != nil {
			return fmt.Errorf("write the CA certificate: %w", err)
		}
		fmt.Fprintf(out, "%s%s\n", CAPrefix, certPath)
	}
	fmt.Fprintf(out, "%s%s\n", ListeningPrefix, srv.URL)
	if srv.S3URL != "" {
		fmt.Fprintf(out, "S3 stand-in for avatars at %s (it refuses requests with credentials)\n", srv.S3URL)
	}
	fmt.Fprintf(out, "Flags: %s\n", flagLine(fs))
	for _, h := range hooks {
		event, url, _ := strings.Cut(h, "=")
		how := "plain"
		if key != "" {
			how = "encrypted with $" + cli.EnvWebhookKey
		}
		fmt.Fprintf(out, "Webhook: %s deliveries to %s, %s\n", event, url, how)
	}

	fmt.Fprintf(out, "\nDemo credentials (password for every seeded user: %s):\n", tribehrtest.DemoPassword)
	for _, u := range []struct{ role, name, key string }{
		{"Administrators", tribehrtest.AdminUsername, tribehrtest.AdminAPIKey},
		{"Managers", tribehrtest.ManagerUsername, tribehrtest.ManagerAPIKey},
		{"Employees", tribehrtest.EmployeeUsername, tribehrtest.EmployeeAPIKey},
	} {
		fmt.Fprintf(out, "  %-15s %-6s api key %s\n", u.role, u.name, u.key)
	}

	fmt.Fprintln(out, "\nTo run the examples (or your own program) against it, paste:")
	for _, kv := range exports(srv.URL, certPath) {
		if kv[1] == "" {
			fmt.Fprintf(out, "  unset %s\n", kv[0])
			continue
		}
		fmt.Fprintf(out, "%s%s=%s\n", ExportPrefix, kv[0], shellQuote(kv[1]))
	}
	fmt.Fprintln(out, "then, from the repository: go run ./examples/quickstart")
	fmt.Fprintf(out, "As another user, set %s and %s to a line above (alice, emma).\n", cli.EnvUsername, cli.EnvAPIKey)

	curlTLS := ""
	if certPath != "" {
		curlTLS = "--cacert " + shellQuote(certPath) + " "
	}
	fmt.Fprintf(out, "\nTry:\n  curl %s-u %s:%s -H 'X-API-Version: 2.0.0' %s/events/upcoming.json\n\n",
		curlTLS, tribehrtest.AdminUsername, tribehrtest.AdminAPIKey, srv.URL)
	fmt.Fprintln(out, ReadyLine)

	<-ctx.Done()
	fmt.Fprintln(out, "stopping")
	return nil
}

// webhookFlags are the -webhook flags, handle=url each.
type webhookFlags []string

func (w *webhookFlags) String() string { return strings.Join(*w, ",") }

func (w *webhookFlags) Set(v string) error {
	if event, url, ok := strings.Cut(v, "="); !ok || event == "" || url == "" {
		return errors.New("want handle=url, such as LeaveRequest.Add=http://127.0.0.1:8080/hook")
	}
	*w = append(*w, v)
	return nil
}

// exports lists the variables to export, in order; "" means unset.
func exports(baseURL, certPath string) [][2]string {
	return [][2]string{
		{cli.EnvBaseURL, baseURL},
		{cli.EnvCAFile, certPath},
		{cli.EnvUsername, tribehrtest.AdminUsername},
		{cli.EnvAPIKey, tribehrtest.AdminAPIKey},
		{cli.EnvSubdomain, ""},
	}
}

// flagLine prints every flag with the value in effect, as it would be
// typed.
func flagLine(fs *flag.FlagSet) string {
	var parts []string
	fs.VisitAll(func(f *flag.Flag) {
		v := f.Value.String()
		if v == "" {
			v = `""`
		}
		parts = append(parts, "-"+f.Name+" "+v)
	})
	return strings.Join(parts, " ") + "  (-h for help)"
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@+,%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ParseExport reads a banner line "  export NAME=value" (value quoted as
// shellQuote quotes it) and returns the name and value.
func ParseExport(line string) (name, value string, ok bool) {
	rest, ok := strings.CutPrefix(line, ExportPrefix)
	if !ok {
		return "", "", false
	}
	name, value, ok = strings.Cut(rest, "=")
	if !ok {
		return "", "", false
	}
	if strings.HasPrefix(value, "'") {
		unq := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(value, "'"), "'"), `'\''`, "'")
		return name, unq, true
	}
	return name, value, true
}

// errNoBanner is returned by Start when the program ends before its banner.
var errNoBanner = errors.New("tribehr-fake ended before printing its banner")
