package tribehr

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"
)

// The encoding of models back to JSON (their MarshalJSON): every present
// field in the order of the model's definition, unparsed fields as they
// arrived, then the unknown members of Extra by name. Absent fields are
// left out, so a model marshals back to the JSON it came from.

// encoder appends JSON to buf.
type encoder struct {
	buf   []byte
	comma bool // the next member or element needs a comma first
}

// modelEncoder is implemented by the generated models.
type modelEncoder interface {
	encodeJSON(e *encoder)
}

func newEncoder() *encoder { return &encoder{buf: make([]byte, 0, 256)} }

func (e *encoder) sep() {
	if e.comma {
		e.buf = append(e.buf, ',')
	}
	e.comma = false
}

func (e *encoder) beginObject() { e.sep(); e.buf = append(e.buf, '{') }

func (e *encoder) endObject() { e.buf = append(e.buf, '}'); e.comma = true }

func (e *encoder) beginArray() { e.sep(); e.buf = append(e.buf, '[') }

func (e *encoder) endArray() { e.buf = append(e.buf, ']'); e.comma = true }

// key writes a member's name; its value follows.
func (e *encoder) key(name string) {
	e.sep()
	e.buf = appendString(e.buf, name)
	e.buf = append(e.buf, ':')
}

func (e *encoder) null() { e.sep(); e.buf = append(e.buf, "null"...); e.comma = true }

func (e *encoder) raw(b []byte) { e.sep(); e.buf = append(e.buf, b...); e.comma = true }

func (e *encoder) string(s string) { e.sep(); e.buf = appendString(e.buf, s); e.comma = true }

func (e *encoder) bool(v bool) { e.sep(); e.buf = strconv.AppendBool(e.buf, v); e.comma = true }

func (e *encoder) int(v int64) { e.sep(); e.buf = strconv.AppendInt(e.buf, v, 10); e.comma = true }

// member writes the member of a field that is present: null or the raw
// JSON of an unparsed one, and reports whether the field holds a value
// for the caller to write.
func (e *encoder) member(name string, m *fieldMeta) bool {
	switch m.get() {
	case fieldAbsent:
		return false
	case fieldNull:
		e.key(name)
		e.null()
		return false
	case fieldUnparsed:
		e.key(name)
		e.raw(m.raw)
		return false
	}
	e.key(name)
	return true
}

func (e *encoder) stringField(name string, f Field[string]) {
	if e.member(name, f.m) {
		e.string(f.v)
	}
}

func (e *encoder) secretField(name string, f Field[Secret]) {
	if e.member(name, f.m) {
		e.string(f.v.Reveal())
	}
}

func (e *encoder) boolField(name string, f Field[bool]) {
	if e.member(name, f.m) {
		e.bool(f.v)
	}
}

func (e *encoder) intField(name string, f Field[int]) {
	if e.member(name, f.m) {
		e.int(int64(f.v))
	}
}

func (e *encoder) int64Field(name string, f Field[int64]) {
	if e.member(name, f.m) {
		e.int(f.v)
	}
}

func (e *encoder) idField(name string, f Field[ID]) {
	if e.member(name, f.m) {
		e.int(int64(f.v))
	}
}

func (e *encoder) dateField(name string, f Field[Date]) {
	if e.member(name, f.m) {
		e.string(f.v.String())
	}
}

func (e *encoder) dateTimeField(name string, f Field[DateTime]) {
	if e.member(name, f.m) {
		e.dateTime(f.v)
	}
}

// dateTime writes d as a JSON string in the API's format.
func (e *encoder) dateTime(d DateTime) {
	e.sep()
	e.buf = append(e.buf, '"')
	e.buf = d.appendText(e.buf, false)
	e.buf = append(e.buf, '"')
	e.comma = true
}

func (e *encoder) decimalField(name string, f Field[Decimal]) {
	if e.member(name, f.m) {
		e.decimal(f.v, f.m)
	}
}

// decimal writes the value of a Decimal field whose state is m: a JSON
// string, as the API sends decimals, or a number when it arrived as one.
func (e *encoder) decimal(d Decimal, m *fieldMeta) {
	if m != numberMeta {
		e.string(d.s)
		return
	}
	e.sep()
	e.buf = append(e.buf, d.s...)
	e.comma = true
}

func (e *encoder) leaveStatusField(name string, f Field[LeaveRequestStatus]) {
	if e.member(name, f.m) {
		e.string(string(f.v))
	}
}

// encodeObjectField writes an embedded object.
func encodeObjectField[T any, P interface {
	*T
	modelEncoder
}](e *encoder, name string, o Object[T]) {
	if e.member(name, o.m) {
		P(o.p).encodeJSON(e)
	}
}

// encodeListField writes a list of objects.
func encodeListField[T any, P interface {
	*T
	modelEncoder
}](e *encoder, name string, m *fieldMeta, list []T) {
	if e.member(name, m) {
		e.beginArray()
		for i := range list {
			P(&list[i]).encodeJSON(e)
		}
		e.endArray()
	}
}

// extra writes the unknown members, by name.
func (e *encoder) extra(x Extra) {
	if len(x) == 0 {
		return
	}
	names := make([]string, 0, len(x))
	for name := range x {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		e.key(name)
		if raw := x[name]; len(raw) > 0 {
			e.raw(raw)
		} else {
			e.null()
		}
	}
}

// encodeValue writes the value p points to, for Field.MarshalJSON: the
// SDK's own types as the models write them, other types with
// encoding/json.
func encodeValue(e *encoder, p any) error {
	switch v := p.(type) {
	case *string:
		e.string(*v)
	case *Secret:
		e.string(v.Reveal())
	case *bool:
		e.bool(*v)
	case *int:
		e.int(int64(*v))
	case *int64:
		e.int(*v)
	case *ID:
		e.int(int64(*v))
	case *Date:
		e.string(v.String())
	case *DateTime:
		e.dateTime(*v)
	case *Decimal:
		e.decimal(*v, valueMeta)
	case *LeaveRequestStatus:
		e.string(string(*v))
	case modelEncoder:
		v.encodeJSON(e)
	default:
		rv := reflect.ValueOf(p).Elem()
		if k := rv.Kind(); (k == reflect.Slice || k == reflect.Array) && rv.Type().Elem().Kind() != reflect.Uint8 {
			if k == reflect.Slice && rv.IsNil() {
				e.null()
				return nil
			}
			e.beginArray()
			for i := range rv.Len() {
				if err := encodeValue(e, rv.Index(i).Addr().Interface()); err != nil {
					return err
				}
			}
			e.endArray()
			return nil
		}
		b, err := json.Marshal(p)
		if err != nil {
			return err
		}
		e.raw(b)
	}
	return nil
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string, as encoding/json writes it but
// without escaping <, > and &: control characters, quotes and backslashes
// escaped, invalid UTF-8 replaced by U+FFFD, U+2028 and U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
