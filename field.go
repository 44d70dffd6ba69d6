package tribehr

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// fieldState is where a Field or an Object stands.
type fieldState uint8

const (
	fieldAbsent fieldState = iota
	fieldNull
	fieldValue
	fieldUnparsed
)

// fieldMeta holds the state of a Field or Object that is present. The
// null and value states share the two values below, so a present field
// costs one pointer beside its value; an unparsed one has its own, with
// what arrived and why it could not be read.
type fieldMeta struct {
	state fieldState
	raw   json.RawMessage
	err   error
}

var (
	nullMeta  = &fieldMeta{state: fieldNull}
	valueMeta = &fieldMeta{state: fieldValue}
	// numberMeta is valueMeta for a Decimal that arrived as a JSON number,
	// so that it is written back as one. It is a value equal to valueMeta's
	// at another address: reflect.DeepEqual (and so testify) sees the two
	// fields as equal, the encoder tells them apart.
	numberMeta = &fieldMeta{state: fieldValue}
)

func (m *fieldMeta) get() fieldState {
	if m == nil {
		return fieldAbsent
	}
	return m.state
}

func unparsedMeta(raw []byte, err error) *fieldMeta {
	return &fieldMeta{state: fieldUnparsed, raw: raw, err: err}
}

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
//     decodes. The object's UnparsedFields lists every such field.
//
// An integration that copies data out of TribeHR must skip absent fields,
// not write them as empty:
//
//	if phone, ok := rec.Phone.Get(); ok {
//		row.Phone = phone
//	}
//
// The zero Field is absent; NewField and NullField make the others, for
// tests. Fields compare with Equal (and so with go-cmp), print their value
// (a Secret stays redacted) and marshal back to the JSON they came from.
type Field[T any] struct {
	v T
	m *fieldMeta
}

// NewField returns a Field holding v.
func NewField[T any](v T) Field[T] { return Field[T]{v: v, m: valueMeta} }

// NullField returns a Field that the server sent as null.
func NullField[T any]() Field[T] { return Field[T]{m: nullMeta} }

// Get returns the value and true, or the zero T and false when the field is
// absent, null or unparsed.
func (f Field[T]) Get() (T, bool) { return f.v, f.m.get() == fieldValue }

// Value returns the value, or the zero T when the field is absent, null or
// unparsed. Use Get where the difference matters.
func (f Field[T]) Value() T { return f.v }

// Or returns the value, or def when the field holds none.
func (f Field[T]) Or(def T) T {
	if f.m.get() == fieldValue {
		return f.v
	}
	return def
}

// Absent reports whether the server left the field out.
func (f Field[T]) Absent() bool { return f.m == nil }

// Present reports whether the server sent the field (as a value, null, or
// something unparsed).
func (f Field[T]) Present() bool { return f.m != nil }

// Null reports whether the server sent the field as null.
func (f Field[T]) Null() bool { return f.m == nullMeta }

// Unparsed reports whether the server sent a value the SDK could not read.
func (f Field[T]) Unparsed() bool { return f.m.get() == fieldUnparsed }

// Err returns why an unparsed field could not be read, or nil.
func (f Field[T]) Err() error {
	if f.m == nil {
		return nil
	}
	return f.m.err
}

// Raw returns the JSON the server sent for the field, or nil when it was
// absent. It is kept as it arrived only for unparsed fields; for a value it
// returns the value encoded again.
func (f Field[T]) Raw() json.RawMessage {
	switch f.m.get() {
	case fieldNull:
		return json.RawMessage("null")
	case fieldUnparsed:
		return f.m.raw
	case fieldValue:
		b, err := f.MarshalJSON()
		if err != nil {
			return nil
		}
		return b
	}
	return nil
}

// IsZero reports whether the field is absent; encoding/json's omitzero uses
// it to leave absent fields out.
func (f Field[T]) IsZero() bool { return f.m == nil }

// Equal reports whether f and g are in the same state and, when they hold
// values, the same value (as the value's own Equal method says, if it has
// one); unparsed fields are equal when the same JSON arrived.
func (f Field[T]) Equal(g Field[T]) bool {
	s := f.m.get()
	if s != g.m.get() {
		return false
	}
	switch s {
	case fieldValue:
		return valuesEqual(f.v, g.v)
	case fieldUnparsed:
		return rawEqual(f.m.raw, g.m.raw)
	}
	return true
}

// String formats the value, or <absent>, <null> or <unparsed: ...>. A
// Secret prints redacted in every state.
func (f Field[T]) String() string { return fmt.Sprint(f) }

// Format prints the field for every verb of package fmt: the value (with
// the verb and flags given), or <absent>, <null> or <unparsed: ...>; with
// %#v, Go syntax. A Secret prints redacted in every state.
func (f Field[T]) Format(s fmt.State, verb rune) {
	formatField(s, verb, "Field", f.m, f.v, reflect.TypeFor[T]())
}

// MarshalJSON writes the value, null, or the raw JSON of an unparsed field.
// An absent field writes null; use the omitzero option to leave it out.
func (f Field[T]) MarshalJSON() ([]byte, error) {
	e := newEncoder()
	switch f.m.get() {
	case fieldValue:
		if d, ok := any(f.v).(Decimal); ok {
			e.decimal(d, f.m)
			break
		}
		if err := encodeValue(e, &f.v); err != nil {
			return nil, err
		}
	case fieldUnparsed:
		return f.m.raw, nil
	default:
		e.null()
	}
	return e.buf, nil
}

// UnmarshalJSON reads a value, null, or anything else as unparsed. It never
// returns an error for valid JSON, so one odd field never fails a whole
// object.
func (f *Field[T]) UnmarshalJSON(data []byte) error {
	d := newBytesDecoder(data, nil)
	decodeValueField(d, f)
	if err := d.end(); err != nil {
		return fmt.Errorf("tribehr: %w", err)
	}
	return nil
}

// valuesEqual compares two values of a field: with their Equal method when
// they have one (models, DateTime, Decimal), element by element for lists,
// with == otherwise.
func valuesEqual[T any](a, b T) bool {
	if e, ok := any(a).(interface{ Equal(T) bool }); ok {
		return e.Equal(b)
	}
	return reflectEqual(reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem())
}

func reflectEqual(a, b reflect.Value) bool {
	if m := a.MethodByName("Equal"); m.IsValid() && m.Type().NumIn() == 1 && m.Type().In(0) == a.Type() &&
		m.Type().NumOut() == 1 && m.Type().Out(0).Kind() == reflect.Bool {
		return m.Call([]reflect.Value{b})[0].Bool()
	}
	switch a.Kind() {
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !reflectEqual(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() || !reflectEqual(a.MapIndex(k), bv) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return reflectEqual(a.Elem(), b.Elem())
	}
	if a.Comparable() {
		return a.Equal(b)
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

var secretType = reflect.TypeFor[Secret]()

// formatField prints a Field or an Object (kind says which) in the state
// m, holding v of type t.
func formatField(s fmt.State, verb rune, kind string, m *fieldMeta, v any, t reflect.Type) {
	state := m.get()
	secret := t == secretType
	if s.Flag('#') && verb == 'v' {
		switch state {
		case fieldAbsent:
			fmt.Fprintf(s, "tribehr.%s[%s]{}", kind, t)
		case fieldNull:
			fmt.Fprintf(s, "tribehr.Null%s[%s]()", kind, t)
		case fieldValue:
			fmt.Fprintf(s, "tribehr.New%s[%s](%#v)", kind, t, v)
		default:
			if secret {
				fmt.Fprintf(s, "tribehr.%s[%s]{unparsed: %s}", kind, t, redacted)
			} else {
				fmt.Fprintf(s, "tribehr.%s[%s]{unparsed: %q}", kind, t, m.raw)
			}
		}
		return
	}
	switch state {
	case fieldAbsent:
		fmt.Fprint(s, "<absent>")
	case fieldNull:
		fmt.Fprint(s, "<null>")
	case fieldValue:
		fmt.Fprintf(s, fmt.FormatString(s, verb), v)
	default:
		if secret {
			fmt.Fprintf(s, "<unparsed: %s>", redacted)
		} else {
			fmt.Fprintf(s, "<unparsed: %s>", m.raw)
		}
	}
}
