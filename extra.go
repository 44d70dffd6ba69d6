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
		if !ok || !rawEqual(raw, other) {
			return false
		}
	}
	return true
}

// rawEqual reports whether two pieces of JSON are the same but for white
// space outside strings (encoding/json compacts what MarshalJSON writes).
func rawEqual(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return false
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}
