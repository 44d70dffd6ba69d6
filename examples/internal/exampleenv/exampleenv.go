// Package exampleenv connects the example programs to TribeHR: to a real
// account when the TRIBEHR_* variables are set, otherwise to the embedded
// fake server of package tribehrtest, so the examples run with no account.
package exampleenv

import (
	"errors"
	"fmt"
	"os"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// The environment variables that name a real account. Either all three are
// set, or none.
const (
	EnvSubdomain = "TRIBEHR_SUBDOMAIN" // the account's subdomain: "acme" for acme.mytribehr.com
	EnvUsername  = "TRIBEHR_USERNAME"  // a username or email address
	EnvAPIKey    = "TRIBEHR_API_KEY"   // that user's API key
)

// Connect returns a client for the real account the environment names,
// or, when none of the TRIBEHR_* variables is set, for a newly started
// embedded fake server logged in as its administrator. desc says which, in
// words fit to print (it never holds a secret); closeFn stops the fake
// server and must be called when the program is done. opts are added to
// the client's options.
func Connect(opts ...tribehr.Option) (client *tribehr.Client, desc string, closeFn func(), err error) {
	c, err := Open(opts...)
	if err != nil {
		return nil, "", nil, err
	}
	return c.Client, c.Desc, c.Close, nil
}

// Conn is a connection made by Open.
type Conn struct {
	// Client is logged in to the real account, or to the fake as its
	// administrator.
	Client *tribehr.Client
	// Fake is the embedded fake server, for a program that also plays
	// TribeHR's part (registering webhooks, acting as another user); nil
	// on a real account.
	Fake *tribehrtest.Server
	// Desc says where the client is connected, in words fit to print.
	Desc string
	// Close stops the fake server; call it when the program is done.
	Close func()
}

// Open is Connect for programs that need the fake server itself.
func Open(opts ...tribehr.Option) (*Conn, error) {
	sub, user, key := os.Getenv(EnvSubdomain), os.Getenv(EnvUsername), os.Getenv(EnvAPIKey)
	if sub != "" || user != "" || key != "" {
		if sub == "" || user == "" || key == "" {
			return nil, errors.New("set all of " + EnvSubdomain + ", " + EnvUsername + " and " + EnvAPIKey + ", or none to use the embedded fake server")
		}
		client, err := tribehr.NewClient(sub, append([]tribehr.Option{tribehr.WithBasicAuth(user, key)}, opts...)...)
		if err != nil {
			return nil, err
		}
		return &Conn{Client: client, Desc: fmt.Sprintf("%s as %s", client.BaseURL().Host, user), Close: func() {}}, nil
	}
	srv, err := tribehrtest.Start()
	if err != nil {
		return nil, fmt.Errorf("start the embedded fake server: %w", err)
	}
	client, err := srv.NewClient(tribehrtest.AdminUsername, opts...)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &Conn{Client: client, Fake: srv, Close: srv.Close,
		Desc: fmt.Sprintf("the embedded fake server at %s as %s (no %s credentials set)", srv.URL, tribehrtest.AdminUsername, "TRIBEHR_*")}, nil
}
