package tribehrtest

import (
	"testing"

	"github.com/tribehr/tribehr-go"
)

// This file is the only one that imports the SDK: everything else in the
// package is an independent implementation of the API documents.

// WithClientOptions sets options that Client, ClientAs and NewClient add
// to every *tribehr.Client they build (after their own, so they can
// override the base URL, credentials or HTTP client).
func WithClientOptions(opts ...tribehr.Option) Option {
	return func(c *config) {
		for _, o := range opts {
			c.clientOpts = append(c.clientOpts, o)
		}
	}
}

// Client returns a *tribehr.Client for the server, authenticated as the
// administrator (AdminUsername with AdminAPIKey). It fails the test if the
// client cannot be built.
func (s *Server) Client(tb testing.TB, opts ...tribehr.Option) *tribehr.Client {
	tb.Helper()
	return s.ClientAs(tb, AdminUsername, opts...)
}

// ClientAs returns a *tribehr.Client for the server, authenticated as the
// user with the given username: with the user's API key, or with
// DemoPassword when the user has none. It fails the test if the user is
// unknown or the client cannot be built.
func (s *Server) ClientAs(tb testing.TB, username string, opts ...tribehr.Option) *tribehr.Client {
	tb.Helper()
	c, err := s.NewClient(username, opts...)
	if err != nil {
		tb.Fatalf("tribehrtest: %v", err)
	}
	return c
}

// NewClient is ClientAs for code without a testing.TB, such as examples.
func (s *Server) NewClient(username string, opts ...tribehr.Option) (*tribehr.Client, error) {
	ident, key := s.Credentials(username)
	if ident == "" {
		return nil, errUnknownUsername(username)
	}
	secret := key
	if secret == "" {
		secret = DemoPassword
	}
	all := []tribehr.Option{
		tribehr.WithBaseURL(s.URL),
		tribehr.WithBasicAuth(ident, secret),
		tribehr.WithHTTPClient(s.HTTPClient()),
	}
	for _, o := range s.clientOpts {
		all = append(all, o.(tribehr.Option))
	}
	all = append(all, opts...)
	return tribehr.NewClient("", all...)
}
