package tribehr

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// Object is an object embedded in another, such as a user's assignment
// record or a leave request's user. It is a Field whose value is held by
// pointer, so an absent or null object costs one pointer, and its reads
// never panic: Value returns the object, or the zero object when it is
// absent, null or unparsed, so chains such as
//
//	u.AssignmentRecord.Value().Manager.Value().DisplayName.Value()
//
// yield "" wherever a link is missing. The models' getters do the same
// without copies: u.GetAssignmentRecord().GetManager().GetDisplayName().
//
// An object the server sent as [] (PHP's empty object) is present and
// empty: Get returns the zero object and true, so a sync sees the field
// and clears it.
type Object[T any] struct {
	p *T
	m *fieldMeta
}

// NewObject returns an Object holding a copy of v.
func NewObject[T any](v T) Object[T] { return Object[T]{p: &v, m: valueMeta} }

// NullObject returns an Object that the server sent as null.
func NullObject[T any]() Object[T] { return Object[T]{m: nullMeta} }

// Get returns a copy of the object and true, or the zero T and false when
// it is absent, null or unparsed.
func (o Object[T]) Get() (T, bool) {
	if o.p == nil {
		var zero T
		return zero, false
	}
	return *o.p, true
}

// Value returns a copy of the object, or the zero T when it is absent,
// null or unparsed.
func (o Object[T]) Value() T {
	if o.p == nil {
		var zero T
		return zero
	}
	return *o.p
}

// Ptr returns the object itself, to read without copying or to change it,
// or nil when it is absent, null or unparsed.
func (o Object[T]) Ptr() *T { return o.p }

// Absent reports whether the server left the object out.
func (o Object[T]) Absent() bool { return o.m == nil }

// Present reports whether the server sent the object (as an object, null,
// or something unparsed).
func (o Object[T]) Present() bool { return o.m != nil }

// Null reports whether the server sent the object as null.
func (o Object[T]) Null() bool { return o.m == nullMeta }

// Unparsed reports whether the server sent something that is not an
// object.
func (o Object[T]) Unparsed() bool { return o.m.get() == fieldUnparsed }

// Err returns why an unparsed object could not be read, or nil.
func (o Object[T]) Err() error {
	if o.m == nil {
		return nil
	}
	return o.m.err
}

// Raw returns the JSON the server sent for an unparsed object, null for a
// null one, the object encoded again for a value, and nil when absent.
func (o Object[T]) Raw() json.RawMessage {
	switch o.m.get() {
	case fieldNull:
		return json.RawMessage("null")
	case fieldUnparsed:
		return o.m.raw
	case fieldValue:
		b, err := o.MarshalJSON()
		if err != nil {
			return nil
		}
		return b
	}
	return nil
}

// IsZero reports whether the object is absent.
func (o Object[T]) IsZero() bool { return o.m == nil }

// Equal reports whether o and q are in the same state and, when they hold
// objects, equal objects.
func (o Object[T]) Equal(q Object[T]) bool {
	s := o.m.get()
	if s != q.m.get() {
		return false
	}
	switch s {
	case fieldValue:
		return valuesEqual(*o.p, *q.p)
	case fieldUnparsed:
		return rawEqual(o.m.raw, q.m.raw)
	}
	return true
}

// String formats the object, or <absent>, <null> or <unparsed: ...>.
func (o Object[T]) String() string { return fmt.Sprint(o) }

// Format prints the object for every verb of package fmt, as Field does.
func (o Object[T]) Format(s fmt.State, verb rune) {
	var v T
	if o.p != nil {
		v = *o.p
	}
	formatField(s, verb, "Object", o.m, v, reflect.TypeFor[T]())
}

// MarshalJSON writes the object, null, or the raw JSON of an unparsed one.
func (o Object[T]) MarshalJSON() ([]byte, error) {
	switch o.m.get() {
	case fieldValue:
		e := newEncoder()
		if err := encodeValue(e, o.p); err != nil {
			return nil, err
		}
		return e.buf, nil
	case fieldUnparsed:
		return o.m.raw, nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads an object, null, [] (an empty object), or anything
// else as unparsed.
func (o *Object[T]) UnmarshalJSON(data []byte) error {
	d := newBytesDecoder(data, nil)
	decodeValueObject(d, o)
	if err := d.end(); err != nil {
		return fmt.Errorf("tribehr: %w", err)
	}
	return nil
}
