// Package exampleenv connects the example programs to TribeHR: to the
// server the environment or the command line names (a real account, the
// standalone fake of cmd/tribehr-fake, a proxy), as the user it names;
// otherwise to a newly started embedded fake server (package tribehrtest),
// as its administrator or the user named, so the examples run with no
// account.
//
// The settings come from the TRIBEHR_* variables, which the standalone
// fake prints as export lines to paste, and from the flags AddFlags
// registers, which override them:
//
//	TRIBEHR_SUBDOMAIN  -subdomain     the account at https://<subdomain>.mytribehr.com
//	TRIBEHR_BASE_URL   -base-url      or any other server, such as https://127.0.0.1:8443
//	TRIBEHR_CA_FILE    -ca-file       a PEM file of CAs to trust besides the system's
//	TRIBEHR_USERNAME   -user          username or email to log in as
//	TRIBEHR_API_KEY    -api-key-file  that user's API key (or password); a file holding it
//
// A secret is never taken on the command line, where other users of the
// machine could read it: the API key comes from the environment, or from a
// file named by -api-key-file.
package exampleenv

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/internal/cli"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// The environment variables the examples read (see package cli).
const (
	EnvSubdomain = cli.EnvSubdomain
	EnvBaseURL   = cli.EnvBaseURL
	EnvCAFile    = cli.EnvCAFile
	EnvUsername  = cli.EnvUsername
	EnvAPIKey    = cli.EnvAPIKey
)

// Vars lists every variable the package reads, for tests that clear them.
var Vars = []string{EnvSubdomain, EnvBaseURL, EnvCAFile, EnvUsername, EnvAPIKey}

// Settings say where and as whom an example connects.
type Settings struct {
	Subdomain string
	BaseURL   string
	CAFile    string
	Username  string
	// APIKey is the user's API key or password, from the environment.
	APIKey string
	// APIKeyFile names a file holding the API key; it wins over APIKey.
	APIKeyFile string
}

// FromEnv returns the settings the environment holds.
func FromEnv() *Settings {
	return &Settings{
		Subdomain: os.Getenv(EnvSubdomain),
		BaseURL:   os.Getenv(EnvBaseURL),
		CAFile:    os.Getenv(EnvCAFile),
		Username:  os.Getenv(EnvUsername),
		APIKey:    os.Getenv(EnvAPIKey),
	}
}

// AddFlags returns the environment's settings, to be overridden by the
// flags it registers on fs: -subdomain, -base-url, -ca-file, -user and
// -api-key-file. Read them after fs.Parse.
func AddFlags(fs *flag.FlagSet) *Settings {
	s := FromEnv()
	fs.StringVar(&s.Subdomain, "subdomain", s.Subdomain, "the TribeHR account's `subdomain` (acme for acme.mytribehr.com; env "+EnvSubdomain+")")
	fs.StringVar(&s.BaseURL, "base-url", s.BaseURL, "the server's base `URL`, instead of a subdomain, such as the standalone fake's (env "+EnvBaseURL+")")
	fs.StringVar(&s.CAFile, "ca-file", s.CAFile, "a PEM `file` of certificate authorities to trust, such as the standalone fake's (env "+EnvCAFile+")")
	fs.StringVar(&s.Username, "user", s.Username, "the `username` or email to log in as; alone, a user of the embedded fake (env "+EnvUsername+")")
	fs.StringVar(&s.APIKeyFile, "api-key-file", "", "a `file` holding the user's API key (default: env "+EnvAPIKey+")")
	return s
}

// Conn is a connection made by Open.
type Conn struct {
	// Client is logged in to the server named, or to the embedded fake.
	Client *tribehr.Client
	// Fake is the embedded fake server, for a program that also plays
	// TribeHR's part (registering webhooks, acting as another user); nil
	// on any other server.
	Fake *tribehrtest.Server
	// Desc says where the client is connected, in words fit to print (it
	// never holds a secret).
	Desc string
	// Close stops the fake server; call it when the program is done.
	Close func()
}

// Connect is Open for programs that need only the client: it returns the
// client, where it is connected in words fit to print, and the function to
// call when done.
func (s *Settings) Connect(opts ...tribehr.Option) (client *tribehr.Client, desc string, closeFn func(), err error) {
	c, err := s.Open(opts...)
	if err != nil {
		return nil, "", nil, err
	}
	return c.Client, c.Desc, c.Close, nil
}

// Open connects as the settings say: to the server they name (a subdomain
// or a base URL, with a username and an API key), or, when they name none,
// to a newly started embedded fake, as the user they name or its
// administrator. opts are added to the client's options.
func (s *Settings) Open(opts ...tribehr.Option) (*Conn, error) {
	key := s.APIKey
	if s.APIKeyFile != "" {
		b, err := os.ReadFile(s.APIKeyFile)
		if err != nil {
			return nil, fmt.Errorf("api key file: %w", err)
		}
		if key = strings.TrimSpace(string(b)); key == "" {
			return nil, fmt.Errorf("api key file %s is empty", s.APIKeyFile)
		}
	}
	switch {
	case s.Subdomain != "" && s.BaseURL != "":
		return nil, errors.New("set " + EnvSubdomain + " (-subdomain) or " + EnvBaseURL + " (-base-url), not both")
	case s.Subdomain != "" || s.BaseURL != "":
		return s.openServer(key, opts)
	case key != "":
		return nil, errors.New(EnvAPIKey + " (or -api-key-file) is set but no server is: set " + EnvSubdomain + " or " + EnvBaseURL + " too, or unset it to use the embedded fake server")
	case s.CAFile != "":
		return nil, errors.New(EnvCAFile + " (-ca-file) is set but no server is: set " + EnvBaseURL + " too, or unset it to use the embedded fake server")
	}
	return s.openFake(opts)
}

func (s *Settings) openServer(key string, opts []tribehr.Option) (*Conn, error) {
	if s.Username == "" || key == "" {
		return nil, errors.New("set all of " + EnvSubdomain + " (or " + EnvBaseURL + "), " + EnvUsername + " and " + EnvAPIKey + ", or none to use the embedded fake server")
	}
	all := []tribehr.Option{tribehr.WithBasicAuth(s.Username, key)}
	if s.BaseURL != "" {
		all = append(all, tribehr.WithBaseURL(s.BaseURL))
	}
	if s.CAFile != "" {
		all = append(all, tribehr.WithCAFile(s.CAFile))
	}
	client, err := tribehr.NewClient(s.Subdomain, append(all, opts...)...)
	if err != nil {
		return nil, err
	}
	return &Conn{Client: client, Desc: fmt.Sprintf("%s as %s", client.BaseURL().Host, s.Username), Close: func() {}}, nil
}

func (s *Settings) openFake(opts []tribehr.Option) (*Conn, error) {
	srv, err := tribehrtest.Start()
	if err != nil {
		return nil, fmt.Errorf("start the embedded fake server: %w", err)
	}
	user, why := s.Username, "no TRIBEHR_* server set"
	if user == "" {
		user, why = tribehrtest.AdminUsername, "no TRIBEHR_* credentials set"
	}
	client, err := srv.NewClient(user, opts...)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &Conn{Client: client, Fake: srv, Close: srv.Close,
		Desc: fmt.Sprintf("the embedded fake server at %s as %s (%s)", srv.URL, user, why)}, nil
}

// Connect connects as the environment says; see Settings.Connect.
func Connect(opts ...tribehr.Option) (client *tribehr.Client, desc string, closeFn func(), err error) {
	return FromEnv().Connect(opts...)
}

// Open connects as the environment says; see Settings.Open.
func Open(opts ...tribehr.Option) (*Conn, error) {
	return FromEnv().Open(opts...)
}
