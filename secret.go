package tribehr

import (
	"fmt"
	"io"
	"log/slog"
)

// redacted is what a Secret prints as.
const redacted = "[redacted]"

// Secret is a credential the API returns, such as a user's API key. It
// prints as [redacted] with every verb of package fmt (%v, %+v, %#v, %s,
// %q...) and in log/slog, so that a model holding one can be printed or
// logged whole. Its bytes are also kept masked in memory, so that tools
// that print structs by reflection (go-cmp's diffs, testify's) show
// nothing usable either. Read it on purpose with Reveal.
//
// encoding/json and the models' MarshalJSON write the secret itself, so
// that a caller storing users stores their keys: treat that output as a
// secret. For the same reason a slice of models handed to slog's JSON
// handler as one value is marshalled with its secrets (slog calls
// LogValue on each value it is given, not on the elements of a slice):
// log models one at a time.
type Secret struct {
	masked string
}

// NewSecret returns a Secret holding s, for tests and for models built by
// hand.
func NewSecret(s string) Secret { return Secret{masked: maskSecret([]byte(s))} }

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(unmaskSecret(s.masked)) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.masked == "" }

// Equal reports whether s and t hold the same secret.
func (s Secret) Equal(t Secret) bool { return s.masked == t.masked }

// String returns [redacted].
func (s Secret) String() string { return redacted }

// GoString returns [redacted].
func (s Secret) GoString() string { return redacted }

// Format writes [redacted] whatever the verb.
func (s Secret) Format(f fmt.State, _ rune) { io.WriteString(f, redacted) }

// LogValue returns [redacted], for log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// secretMask is XORed with a secret's bytes. It hides nothing from anyone
// who reads this file: it keeps the key out of reflection-based output.
const secretMask = "tribehr-go:mask!"

func maskSecret(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = c ^ secretMask[i%len(secretMask)]
	}
	return string(out)
}

func unmaskSecret(s string) []byte {
	out := make([]byte, len(s))
	for i := range len(s) {
		out[i] = s[i] ^ secretMask[i%len(secretMask)]
	}
	return out
}
