package tribehrtest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// authenticate checks HTTP Basic credentials: the identifier is a username
// or an email address, the secret a password or an API key. It returns nil
// for a missing or wrong pair, or a terminated user.
func (s *Server) authenticate(r *http.Request) (u *user, viaPassword bool) {
	id, secret, ok := r.BasicAuth()
	if !ok || id == "" || secret == "" {
		return nil, false
	}
	u = s.st.userByIdentifier(id)
	if u == nil || u.Terminated {
		return nil, false
	}
	if equal(secret, u.Password) {
		return u, true
	}
	if u.APIKey != "" && equal(secret, u.APIKey) {
		return u, false
	}
	return nil, false
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// userByIdentifier finds a user by username, or by email (case-insensitive).
func (st *store) userByIdentifier(id string) *user {
	ids := make([]int, 0, len(st.users))
	for k := range st.users {
		ids = append(ids, k)
	}
	sort.Ints(ids)
	for _, k := range ids {
		u := st.users[k]
		if u.Username == id || strings.EqualFold(u.Email, id) {
			return u
		}
	}
	return nil
}

// newAPIKey returns a fresh 40-hex-digit API key.
func newAPIKey() string {
	b := make([]byte, 20)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Credentials returns what a test sends as HTTP Basic credentials to act
// as the user with the given username: the username and the user's API key.
// The key is "" when the user has none yet (GET /users/me.json?requireApiKey=true
// with the password issues one). Both are "" for an unknown username.
func (s *Server) Credentials(username string) (identifier, apiKey string) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	u := s.st.userByIdentifier(username)
	if u == nil {
		return "", ""
	}
	return u.Username, u.APIKey
}

type errUnknownUsername string

func (e errUnknownUsername) Error() string { return "no user named " + strconv.Quote(string(e)) }
