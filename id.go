package tribehr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// ID identifies an object of the API. IDs are integers, but some responses
// send them as numeric strings ("id": "226"); ID reads both and always
// writes a number.
type ID int64

// String returns the decimal form of id.
func (id ID) String() string { return strconv.FormatInt(int64(id), 10) }

// MarshalJSON writes id as a JSON number.
func (id ID) MarshalJSON() ([]byte, error) { return strconv.AppendInt(nil, int64(id), 10), nil }

// UnmarshalJSON reads a JSON integer or a string holding one.
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("tribehr: invalid id %s: %w", snippet(b), err)
		}
		b = []byte(s)
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("tribehr: invalid id %s: not an integer", snippet(b))
	}
	*id = ID(n)
	return nil
}

// MarshalText writes id in decimal, so IDs can key JSON objects.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText reads a decimal id.
func (id *ID) UnmarshalText(b []byte) error {
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("tribehr: invalid id %q: not an integer", b)
	}
	*id = ID(n)
	return nil
}

// IDs is a list of references to other objects, written in a form as
// key[][id]=1&key[][id]=7, the way the API expects lists such as an event's
// locations or a kudos' recipients and values.
//
// On an update a nil IDs leaves the list as it is, and an empty non-nil
// IDs (IDs{}) clears it, sending key[][id]= with an empty value.
type IDs []ID

// EncodeValues writes one key[][id] value per id, an empty key[][id] value
// for an empty non-nil list, and nothing for a nil list.
func (ids IDs) EncodeValues(key string, v *url.Values) error {
	if ids == nil {
		return nil
	}
	k := key + "[][id]"
	if len(ids) == 0 {
		v.Set(k, "")
		return nil
	}
	v.Del(k)
	for _, id := range ids {
		v.Add(k, id.String())
	}
	return nil
}
