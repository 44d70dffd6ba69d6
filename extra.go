package tribehr

import (
	"bytes"
	"encoding/json"
)

// Extra holds the members of a JSON object that this version of the SDK
// does not know, by name, exactly as the server sent them. The API may add
// fields at any time; they are kept here rather than dropped, and written
// back (after the known fields, by name) when the object is marshalled.
type Extra map[string]json.RawMessage

// extraEqual reports whether two sets of unknown members hold the same
// JSON.
func extraEqual(a, b Extra) bool {
	if len(a) != len(b) {
		return false
	}
	for name, raw := range a {
		other, ok := b[name]
		if !ok || !bytes.Equal(raw, other) {
			return false
		}
	}
	return true
}
