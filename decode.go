package tribehr

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unsafe"

	"github.com/tribehr/tribehr-go/internal/jsonscan"
)

// The decoding of responses. Each body is read once, token by token
// (internal/jsonscan), by decoders generated for every model (see
// models_gen.go and internal/modelgen): an object's members are matched by
// name, nested objects are decoded where they stand, unknown members are
// kept in Extra as they arrived, and a member the SDK cannot read becomes
// an unparsed Field without failing the rest. Only a body that is not JSON
// fails.

// decoder reads models from one JSON input.
type decoder struct {
	r *jsonscan.Reader
	// client resolves image URLs against the account's base URL; nil when
	// the models are decoded outside a call (json.Unmarshal).
	client *Client
	// arena holds the strings of the models decoded, so that one response
	// costs a few allocations for all its strings instead of one each.
	// Strings are never written after they are made.
	arena []byte
	chunk int
	// err is the first error that is not the Reader's: a response of the
	// wrong kind.
	err error
}

// modelDecoder is implemented by the generated models.
type modelDecoder interface {
	decodeJSON(d *decoder)
}

// memberDecoder is implemented by the generated models: it reads the
// members of an object that has begun.
type memberDecoder interface {
	decodeMembers(d *decoder)
}

// maxArenaChunk caps one block of the string arena.
const maxArenaChunk = 16 << 10

// streamArenaChunk is the block of the string arena of a stream: small, so
// that an element a caller keeps from a long list keeps little else alive.
const streamArenaChunk = 1 << 10

// newStreamDecoder reads models from a stream, such as a list's answer
// read element by element.
func newStreamDecoder(r io.Reader, c *Client) *decoder {
	return &decoder{r: jsonscan.NewReader(r, 0), client: c, chunk: streamArenaChunk}
}

func newBytesDecoder(b []byte, c *Client) *decoder {
	return &decoder{r: jsonscan.NewBytes(b), client: c, chunk: min(max(len(b)/2, 64), maxArenaChunk)}
}

// end checks that the input held one value and nothing after it.
func (d *decoder) end() error {
	if err := d.r.End(); err != nil {
		return err
	}
	return d.err
}

// unmarshalModel is the UnmarshalJSON of the models.
func unmarshalModel(b []byte, v modelDecoder) error {
	if err := decodeModel(b, nil, v); err != nil {
		return fmt.Errorf("tribehr: %w", err)
	}
	return nil
}

// str returns b as a string kept in the arena.
func (d *decoder) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	start := d.reserve(len(b))
	d.arena = append(d.arena, b...)
	return unsafe.String(&d.arena[start], len(b))
}

// maskedStr returns b masked as a Secret keeps it, in the arena.
func (d *decoder) maskedStr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	start := d.reserve(len(b))
	for i, c := range b {
		d.arena = append(d.arena, c^secretMask[i%len(secretMask)])
	}
	return unsafe.String(&d.arena[start], len(b))
}

// reserve makes room for n bytes in the arena, starting a new block when
// the current one is full, and returns where they start.
func (d *decoder) reserve(n int) int {
	if cap(d.arena)-len(d.arena) < n {
		d.arena = make([]byte, 0, max(d.chunk, n))
	}
	return len(d.arena)
}

// decodeModel decodes data, one JSON value, into v, a model or a list
// target. It is the decoding of every response the services read.
func decodeModel(data []byte, c *Client, v modelDecoder) error {
	d := newBytesDecoder(data, c)
	v.decodeJSON(d)
	return d.end()
}

// unquote reads b, a JSON string, and returns its content.
func unquote(b []byte) ([]byte, bool) {
	r := jsonscan.NewBytes(b)
	s, ok := r.ReadString()
	return s, ok && r.End() == nil
}

// unparsedError is the error of an unparsed field: what arrived and what
// the field wants. It never shows a Secret's value.
func unparsedError(raw []byte, want string, secret bool) error {
	if secret {
		return fmt.Errorf("tribehr: cannot read a secret (%d bytes of json) as %s", len(raw), want)
	}
	return fmt.Errorf("tribehr: cannot read %s as %s", snippet(raw), want)
}

// skipUnparsed reads the next value, which a field of the given kind
// cannot hold, into an unparsed state.
func (d *decoder) skipUnparsed(m **fieldMeta, want string, secret bool) {
	mk := d.r.Mark()
	d.r.Skip()
	raw := d.r.Captured(mk)
	if d.r.Err() != nil {
		return
	}
	*m = unparsedMeta(raw, unparsedError(raw, want, secret))
}

// stringOf reads a JSON string for a field that parses it, and returns the
// mark of its start, so that a value that does not parse can be kept raw.
func (d *decoder) stringOf() ([]byte, jsonscan.Mark, bool) {
	mk := d.r.Mark()
	b, ok := d.r.ReadString()
	if !ok {
		d.r.Release(mk)
	}
	return b, mk, ok
}

// parsed ends a field read with stringOf: a value when ok, else unparsed.
func (d *decoder) parsed(m **fieldMeta, mk jsonscan.Mark, ok bool, want string) {
	if ok {
		d.r.Release(mk)
		*m = valueMeta
		return
	}
	raw := d.r.Captured(mk)
	*m = unparsedMeta(raw, unparsedError(raw, want, false))
}

// readNull reads a null into a field's state.
func (d *decoder) readNull(m **fieldMeta) {
	if d.r.ReadNull() {
		*m = nullMeta
	}
}

func (d *decoder) stringField(f *Field[string]) {
	*f = Field[string]{}
	switch d.r.Peek() {
	case jsonscan.String:
		if b, ok := d.r.ReadString(); ok {
			f.v, f.m = d.str(b), valueMeta
		}
	case jsonscan.Null:
		d.readNull(&f.m)
	case jsonscan.Invalid:
	default:
		d.skipUnparsed(&f.m, "a string", false)
	}
}

func (d *decoder) secretField(f *Field[Secret]) {
	*f = Field[Secret]{}
	switch d.r.Peek() {
	case jsonscan.String:
		if b, ok := d.r.ReadString(); ok {
			f.v, f.m = Secret{masked: d.maskedStr(b)}, valueMeta
		}
	case jsonscan.Null:
		d.readNull(&f.m)
	case jsonscan.Invalid:
	default:
		d.skipUnparsed(&f.m, "a string", true)
	}
}

func (d *decoder) boolField(f *Field[bool]) {
	*f = Field[bool]{}
	switch d.r.Peek() {
	case jsonscan.True, jsonscan.False:
		if v, ok := d.r.ReadBool(); ok {
			f.v, f.m = v, valueMeta
		}
	case jsonscan.Null:
		d.readNull(&f.m)
	case jsonscan.Invalid:
	default:
		d.skipUnparsed(&f.m, "a boolean", false)
	}
}

func minOf[T ~int | ~int64]() T {
	var x T
	if unsafe.Sizeof(x) == 4 {
		return T(-1 << 31)
	}
	return T(-1 << 63)
}

func maxOf[T ~int | ~int64]() T { return -(minOf[T]() + 1) }

// scalarField reads a field sent as a JSON string, which fromString reads,
// or a number, which fromNumber reads (a nil function refuses that kind;
// a number read is kept with asNumber, so that it is written back as a
// number): a value, null, or unparsed with the raw JSON and why.
func scalarField[T any](d *decoder, f *Field[T], want string, fromString, fromNumber func([]byte) (T, bool), asNumber *fieldMeta) {
	*f = Field[T]{}
	switch k := d.r.Peek(); {
	case k == jsonscan.String && fromString != nil:
		b, mk, ok := d.stringOf()
		if !ok {
			return
		}
		v, ok := fromString(b)
		if ok {
			f.v = v
		}
		d.parsed(&f.m, mk, ok, want)
	case k == jsonscan.Number && fromNumber != nil:
		b, ok := d.r.ReadNumber()
		if !ok {
			return
		}
		if v, ok := fromNumber(b); ok {
			f.v, f.m = v, asNumber
			return
		}
		raw := append([]byte(nil), b...)
		f.m = unparsedMeta(raw, unparsedError(raw, want, false))
	case k == jsonscan.Null:
		d.readNull(&f.m)
	case k == jsonscan.Invalid:
	default:
		d.skipUnparsed(&f.m, want, false)
	}
}

// integer returns a reader of a decimal integer that fits in T.
func integer[T ~int | ~int64]() func([]byte) (T, bool) {
	return func(b []byte) (T, bool) {
		n, ok := parseInt(b, int64(minOf[T]()), int64(maxOf[T]()))
		return T(n), ok
	}
}

func (d *decoder) intField(f *Field[int]) {
	scalarField(d, f, "an integer", nil, integer[int](), valueMeta)
}

func (d *decoder) int64Field(f *Field[int64]) {
	scalarField(d, f, "an integer", nil, integer[int64](), valueMeta)
}

// idField reads an id: a JSON integer, or a string holding one.
func (d *decoder) idField(f *Field[ID]) {
	scalarField(d, f, "an id", integer[ID](), integer[ID](), valueMeta)
}

func (d *decoder) dateField(f *Field[Date]) {
	scalarField(d, f, "a date (YYYY-MM-DD)", parseDateBytes, nil, nil)
}

func (d *decoder) dateTimeField(f *Field[DateTime]) {
	scalarField(d, f, "a date/time", parseDateTimeBytes, nil, nil)
}

// decimalField reads a decimal sent as a JSON string or number, keeping
// its text.
func (d *decoder) decimalField(f *Field[Decimal]) {
	read := func(b []byte) (Decimal, bool) {
		if !validDecimal(b) {
			return Decimal{}, false
		}
		return Decimal{s: d.str(b)}, true
	}
	scalarField(d, f, "a decimal", read, read, numberMeta)
}

// leaveStatusField reads a leave request's status: the documented words in
// any case, or the numbers TribeHR's own code uses (1 approved, 0 pending,
// -1 rejected), as a number or a string.
func (d *decoder) leaveStatusField(f *Field[LeaveRequestStatus]) {
	scalarField(d, f, "a leave request status", parseLeaveStatus, parseLeaveStatus, valueMeta)
}

// parseInt reads an optionally signed decimal integer in [lo, hi].
func parseInt(b []byte, lo, hi int64) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if neg {
		if u > uint64(-lo) && !(lo == -1<<63 && u == 1<<63) {
			return 0, false
		}
		return -int64(u), true
	}
	if u > uint64(hi) {
		return 0, false
	}
	return int64(u), true
}

// objectField reads an embedded object with dec, [] as an empty one, null,
// or anything else as unparsed.
func objectField[T any](d *decoder, o *Object[T], dec func(*decoder, *T)) {
	*o = Object[T]{}
	switch d.r.Peek() {
	case jsonscan.Object:
		p := new(T)
		dec(d, p)
		o.p, o.m = p, valueMeta
	case jsonscan.Array:
		mk := d.r.Mark()
		empty := d.emptyArray()
		switch {
		case d.r.Err() != nil:
			d.r.Release(mk)
		case empty:
			// [] is PHP's empty object: present, with no members.
			d.r.Release(mk)
			o.p, o.m = new(T), valueMeta
		default:
			raw := d.r.Captured(mk)
			o.m = unparsedMeta(raw, unparsedError(raw, "an object", false))
		}
	case jsonscan.Null:
		d.readNull(&o.m)
	case jsonscan.Invalid:
	default:
		d.skipUnparsed(&o.m, "an object", false)
	}
}

// listField reads a JSON array of objects with dec. A list with an
// element that is not an object is kept unparsed, whole.
func listField[T any](d *decoder, f *Field[[]T], dec func(*decoder, *T)) {
	*f = Field[[]T]{}
	switch d.r.Peek() {
	case jsonscan.Array:
		mk := d.r.Mark()
		list, ok := readList(d, dec)
		if d.r.Err() != nil {
			d.r.Release(mk)
			return
		}
		if ok {
			d.r.Release(mk)
			f.v, f.m = list, valueMeta
			return
		}
		raw := d.r.Captured(mk)
		f.m = unparsedMeta(raw, unparsedError(raw, "a list of objects", false))
	case jsonscan.Null:
		d.readNull(&f.m)
	case jsonscan.Invalid:
	default:
		d.skipUnparsed(&f.m, "a list of objects", false)
	}
}

// oneOrManyField reads a list sent as an array or as one object.
func oneOrManyField[T any](d *decoder, f *Field[OneOrMany[T]], dec func(*decoder, *T)) {
	if d.r.Peek() == jsonscan.Object {
		*f = Field[OneOrMany[T]]{}
		one := make(OneOrMany[T], 1)
		dec(d, &one[0])
		f.v, f.m = one, valueMeta
		return
	}
	var l Field[[]T]
	listField(d, &l, dec)
	*f = Field[OneOrMany[T]]{v: OneOrMany[T](l.v), m: l.m}
}

// readList reads an array of objects; ok is false (and the rest of the
// array skipped) when an element is not an object.
func readList[T any](d *decoder, dec func(*decoder, *T)) (list []T, ok bool) {
	d.r.BeginArray()
	list = []T{}
	for d.r.Next() {
		switch d.r.Peek() {
		case jsonscan.Object:
			list = append(list, *new(T))
			dec(d, &list[len(list)-1])
			continue
		case jsonscan.Array:
			if d.emptyArray() {
				// An empty object sent as [].
				list = append(list, *new(T))
				continue
			}
		default:
			d.r.Skip()
		}
		for d.r.Next() {
			d.r.Skip()
		}
		return nil, false
	}
	return list, true
}

// emptyArray reads an array, whatever it holds, and reports whether it was
// [] (and read without error).
func (d *decoder) emptyArray() bool {
	d.r.BeginArray()
	if !d.r.Next() {
		return d.r.Err() == nil
	}
	for d.r.Skip(); d.r.Next(); {
		d.r.Skip()
	}
	return false
}

// extra keeps an unknown member, as it arrived.
func (d *decoder) extra(x *Extra, key []byte) {
	name := string(key)
	mk := d.r.Mark()
	d.r.Skip()
	raw := d.r.Captured(mk)
	if d.r.Err() != nil {
		return
	}
	if *x == nil {
		*x = make(Extra)
	}
	(*x)[name] = raw
}

// beginObject starts reading a model's members; a model decoder is only
// called where an object starts.
func (d *decoder) beginObject() bool { return d.r.BeginObject() }

// key reads the next member's key of the model being read, or its end.
func (d *decoder) key() ([]byte, bool) { return d.r.Key() }

// topObject reports whether the input is an object, for a response that
// must be one; null leaves the model as it is (an empty body reads the
// same way), any other value is an error.
func (d *decoder) topObject() bool {
	switch k := d.r.Peek(); k {
	case jsonscan.Object:
		return true
	case jsonscan.Null:
		d.r.ReadNull()
	case jsonscan.Invalid:
	default:
		d.r.Skip()
		d.failKind("an object", k)
	}
	return false
}

// resolveImage makes the URL of a decoded image absolute (see
// Client.resolveURL).
func (d *decoder) resolveImage(o *Object[Image], under string) {
	if d.client == nil || o.p == nil {
		return
	}
	if ref, ok := o.p.URL.Get(); ok && ref != "" {
		o.p.URL = NewField(d.client.resolveURL(ref, under))
	}
}

// failKind records a top-level value of the wrong kind.
func (d *decoder) failKind(want string, got jsonscan.Kind) {
	if d.err == nil {
		d.err = fmt.Errorf("the json is %s %s, want %s", article(got.String()), got, want)
	}
}

func article(w string) string {
	if strings.ContainsRune("aeiou", rune(w[0])) {
		return "an"
	}
	return "a"
}

// decodeValueField decodes one JSON value into a Field of any type, for
// Field.UnmarshalJSON: the SDK's own types through their readers, others
// with encoding/json.
func decodeValueField[T any](d *decoder, f *Field[T]) {
	switch p := any(f).(type) {
	case *Field[string]:
		d.stringField(p)
	case *Field[Secret]:
		d.secretField(p)
	case *Field[bool]:
		d.boolField(p)
	case *Field[int]:
		d.intField(p)
	case *Field[int64]:
		d.int64Field(p)
	case *Field[ID]:
		d.idField(p)
	case *Field[Date]:
		d.dateField(p)
	case *Field[DateTime]:
		d.dateTimeField(p)
	case *Field[Decimal]:
		d.decimalField(p)
	case *Field[LeaveRequestStatus]:
		d.leaveStatusField(p)
	default:
		if _, ok := any(&f.v).(modelDecoder); ok {
			// A model held by value: read it as an Object reads one.
			var o Object[T]
			decodeValueObject(d, &o)
			*f = Field[T]{m: o.m}
			if o.p != nil {
				f.v = *o.p
			}
			return
		}
		*f = Field[T]{}
		switch d.r.Peek() {
		case jsonscan.Null:
			d.readNull(&f.m)
			return
		case jsonscan.Invalid:
			return
		}
		mk := d.r.Mark()
		d.r.Skip()
		raw := d.r.Captured(mk)
		if d.r.Err() != nil {
			return
		}
		if err := json.Unmarshal(raw, &f.v); err != nil {
			var zero T
			f.v = zero
			f.m = unparsedMeta(raw, fmt.Errorf("tribehr: cannot read %s as %s: %w", snippet(raw), reflect.TypeFor[T](), err))
			return
		}
		f.m = valueMeta
	}
}

// decodeValueObject decodes one JSON value into an Object, for
// Object.UnmarshalJSON.
func decodeValueObject[T any](d *decoder, o *Object[T]) {
	if _, ok := any(new(T)).(modelDecoder); ok {
		objectField(d, o, func(d *decoder, p *T) { any(p).(modelDecoder).decodeJSON(d) })
		return
	}
	objectField(d, o, func(d *decoder, p *T) {
		mk := d.r.Mark()
		d.r.Skip()
		raw := d.r.Captured(mk)
		if d.r.Err() == nil {
			if err := json.Unmarshal(raw, p); err != nil {
				d.err = err
			}
		}
	})
}
