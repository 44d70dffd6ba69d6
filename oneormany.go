package tribehr

import (
	"bytes"
	"encoding/json"
)

// OneOrMany is a list the API sends either as a JSON array or, in some
// responses, as a single object (an event's locations in the upcoming
// events list). It decodes both into a slice and always encodes an array.
type OneOrMany[T any] []T

// UnmarshalJSON reads a JSON array, or a single value as a list of one.
func (l *OneOrMany[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var list []T
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		*l = list
		return nil
	}
	if string(b) == "null" {
		*l = nil
		return nil
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*l = OneOrMany[T]{one}
	return nil
}
