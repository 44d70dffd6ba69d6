package cli

// The environment variables that name the server a program talks to and
// the user it logs in as. cmd/tribehr-fake prints them as export lines;
// the examples read them (see examples/internal/exampleenv).
const (
	EnvSubdomain = "TRIBEHR_SUBDOMAIN" // the account's subdomain: "acme" for acme.mytribehr.com
	EnvBaseURL   = "TRIBEHR_BASE_URL"  // the server's base URL, instead of a subdomain
	EnvCAFile    = "TRIBEHR_CA_FILE"   // a PEM file of CAs to trust (the standalone fake's certificate)
	EnvUsername  = "TRIBEHR_USERNAME"  // a username or email address
	EnvAPIKey    = "TRIBEHR_API_KEY"   // that user's API key (or password)
	// EnvWebhookKey holds a webhook's Secure Key: a secret, never taken on
	// the command line.
	EnvWebhookKey = "TRIBEHR_WEBHOOK_KEY"
)
