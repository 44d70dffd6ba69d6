package redislimit

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

var subdomainRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// AccountKey returns the Redis key of an account's budget: "tribehr:" and
// the account's host, such as "tribehr:acme.mytribehr.com". account is a
// subdomain ("acme", as given to tribehr.NewClient) or a base URL
// ("https://acme.mytribehr.com/", as given to tribehr.WithBaseURL); a
// subdomain and its base URL give the same key, a base URL's port and path
// are kept (a proxy may serve several accounts), and case does not matter.
func AccountKey(account string) (string, error) {
	a := strings.ToLower(strings.TrimSpace(account))
	if a == "" {
		return "", fmt.Errorf("redislimit: account is empty: give its subdomain or base url, or a key (WithKey)")
	}
	if !strings.Contains(a, "://") {
		if !subdomainRE.MatchString(a) {
			return "", fmt.Errorf("redislimit: account %q is neither a subdomain nor a base url", account)
		}
		return "tribehr:" + a + ".mytribehr.com", nil
	}
	u, err := url.Parse(a)
	if err != nil {
		return "", fmt.Errorf("redislimit: account base url: %w", err)
	}
	if u.Host == "" || u.User != nil {
		return "", fmt.Errorf("redislimit: account base url %q needs a host and no credentials", u.Redacted())
	}
	host := u.Host
	if p := u.Port(); (u.Scheme == "https" && p == "443") || (u.Scheme == "http" && p == "80") {
		host = u.Hostname()
	}
	return "tribehr:" + host + strings.TrimRight(u.EscapedPath(), "/"), nil
}
