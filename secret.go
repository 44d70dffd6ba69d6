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
// %q...) and in log/slog, so a model that holds one can be printed or
// logged as a whole. Read it on purpose with Reveal (or a conversion to
// string).
//
// encoding/json and the models' MarshalJSON keep a Secret's value, so
// that a caller storing users stores their keys: treat such output as
// secret.
type Secret string

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// String returns [redacted].
func (s Secret) String() string { return redacted }

// GoString returns [redacted].
func (s Secret) GoString() string { return redacted }

// Format writes [redacted] whatever the verb.
func (s Secret) Format(f fmt.State, _ rune) { io.WriteString(f, redacted) }

// LogValue returns [redacted], for log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }
