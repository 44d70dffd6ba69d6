package tribehr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// fieldState is where a Field stands.
type fieldState uint8

const (
	fieldAbsent fieldState = iota
	fieldNull
	fieldValue
	fieldUnparsed
)

// Field is one field of an object the API returned. It is in one of four
// states, and the difference matters: the API leaves out a field the caller
// may not see, so an absent field says nothing about the data, while a null
// or empty one really is empty.
//
//   - absent: the server did not send it (not visible to the caller, or not
//     part of a partial object). Absent reports true.
//   - null: the server sent null. Null reports true.
//   - a value: Get returns it and true.
//   - unparsed: the server sent a value the SDK could not read as T. Err
//     says why and Raw holds what arrived; the rest of the object still
//     decodes.
//
// An integration that copies data out of TribeHR must skip absent fields,
// not write them as empty:
//
//	if phone, ok := rec.Phone.Get(); ok {
//		row.Phone = phone
//	}
//
// The zero Field is absent. A Field marshals back to the JSON it came from
// and is left out of the output when absent (with the omitzero option).
type Field[T any] struct {
	state fieldState
	value T
	raw   json.RawMessage
	err   error
}

// NewField returns a Field holding v.
func NewField[T any](v T) Field[T] { return Field[T]{state: fieldValue, value: v} }

// NullField returns a Field that the server sent as null.
func NullField[T any]() Field[T] { return Field[T]{state: fieldNull} }

// Get returns the value and true, or the zero T and false when the field is
// absent, null or unparsed.
func (f Field[T]) Get() (T, bool) { return f.value, f.state == fieldValue }

// Value returns the value, or the zero T when the field is absent, null or
// unparsed. Use Get where the difference matters.
func (f Field[T]) Value() T { return f.value }

// Or returns the value, or def when the field holds none.
func (f Field[T]) Or(def T) T {
	if f.state == fieldValue {
		return f.value
	}
	return def
}

// Absent reports whether the server left the field out.
func (f Field[T]) Absent() bool { return f.state == fieldAbsent }

// Present reports whether the server sent the field (as a value, null, or
// something unparsed).
func (f Field[T]) Present() bool { return f.state != fieldAbsent }

// Null reports whether the server sent the field as null.
func (f Field[T]) Null() bool { return f.state == fieldNull }

// Unparsed reports whether the server sent a value the SDK could not read.
func (f Field[T]) Unparsed() bool { return f.state == fieldUnparsed }

// Err returns why an unparsed field could not be read, or nil.
func (f Field[T]) Err() error { return f.err }

// Raw returns the JSON the server sent for the field, or nil when it was
// absent. It is kept only for unparsed and null fields; for a value it
// returns the value marshalled again.
func (f Field[T]) Raw() json.RawMessage {
	switch f.state {
	case fieldNull:
		return json.RawMessage("null")
	case fieldUnparsed:
		return f.raw
	case fieldValue:
		b, err := json.Marshal(f.value)
		if err != nil {
			return nil
		}
		return b
	}
	return nil
}

// IsZero reports whether the field is absent; encoding/json's omitzero uses
// it to leave absent fields out.
func (f Field[T]) IsZero() bool { return f.state == fieldAbsent }

// String formats the value, or <absent>, <null> or <unparsed: ...>.
func (f Field[T]) String() string {
	switch f.state {
	case fieldNull:
		return "<null>"
	case fieldValue:
		return fmt.Sprint(f.value)
	case fieldUnparsed:
		return fmt.Sprintf("<unparsed: %s>", f.raw)
	}
	return "<absent>"
}

// MarshalJSON writes the value, null, or the raw JSON of an unparsed field.
// An absent field writes null; use the omitzero option to leave it out.
func (f Field[T]) MarshalJSON() ([]byte, error) {
	switch f.state {
	case fieldValue:
		return json.Marshal(f.value)
	case fieldUnparsed:
		return f.raw, nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads a value, null, or anything else as unparsed. It never
// returns an error, so one odd field never fails a whole response. An empty
// JSON array where T is not a list is the API's way (PHP's) of sending an
// empty object, and reads as absent.
func (f *Field[T]) UnmarshalJSON(data []byte) error {
	*f = Field[T]{}
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.Equal(trimmed, []byte("null")):
		f.state = fieldNull
		return nil
	case isEmptyArray(trimmed) && !isListType[T]():
		return nil
	}
	if err := json.Unmarshal(trimmed, &f.value); err != nil {
		var zero T
		f.value = zero
		f.state = fieldUnparsed
		f.raw = append(json.RawMessage(nil), trimmed...)
		f.err = fmt.Errorf("tribehr: cannot read %s as %s: %w", snippet(trimmed), reflect.TypeFor[T](), err)
		return nil
	}
	f.state = fieldValue
	return nil
}

func isEmptyArray(b []byte) bool {
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return false
	}
	return len(bytes.TrimSpace(b[1:len(b)-1])) == 0
}

// isListType reports whether T decodes from a JSON array.
func isListType[T any]() bool {
	t := reflect.TypeFor[T]()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Interface:
		return true
	}
	return false
}
