// Package jsonscan reads JSON token by token, in one pass, from a byte
// slice or from a stream. It is the tokenizer under the SDK's generated
// model decoders: they ask for the kind of the next value, read scalars
// and object keys as byte slices (no allocation unless a string holds
// escapes), descend into objects and arrays without re-scanning them, and
// capture the raw bytes of a value they cannot read. An array can be read
// element by element from a stream of any length: only the element being
// read is kept in memory.
//
// The grammar is RFC 8259's. Like encoding/json, invalid UTF-8 in strings
// is replaced with U+FFFD, and nesting is limited (to 10000 levels).
package jsonscan

import (
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the kind of a JSON value, named by its first byte.
type Kind byte

// The kinds of JSON values. Invalid is returned at the end of the input
// and where no value can start; the Reader's error then says why.
const (
	Invalid Kind = 0
	Null    Kind = 'n'
	False   Kind = 'f'
	True    Kind = 't'
	String  Kind = '"'
	Number  Kind = '0'
	Object  Kind = '{'
	Array   Kind = '['
)

// String returns the kind's name: "null", "string", "object", ...
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case False, True:
		return "boolean"
	case String:
		return "string"
	case Number:
		return "number"
	case Object:
		return "object"
	case Array:
		return "array"
	}
	return "invalid"
}

// maxDepth is the deepest nesting a Reader accepts.
const maxDepth = 10000

// defaultBufSize is the buffer of a Reader on a stream.
const defaultBufSize = 32 << 10

// SyntaxError is a JSON syntax error at a byte offset of the input.
type SyntaxError struct {
	Offset int64
	msg    string
}

// Error says where the input went wrong and how.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid json at offset %d: %s", e.Offset, e.msg)
}

// Reader reads one JSON value. A Reader is not safe for concurrent use.
type Reader struct {
	buf  []byte
	pos  int
	src  io.Reader // nil when buf is the whole input
	base int64     // offset of buf[0] in the input
	err  error

	marks   []int64 // offsets of the captures in progress, oldest first
	levels  []level
	scratch []byte // unescaped strings and keys
	keyBuf  []byte // the last key, when it had to be copied
}

// level is one open object or array.
type level struct {
	kind byte // '{' or '['
	more bool // an element was read, so the next needs a comma
}

// NewBytes returns a Reader of the JSON value in b. The Reader never
// copies b and never writes to it; slices it returns may alias b.
func NewBytes(b []byte) *Reader {
	return &Reader{buf: b}
}

// NewReader returns a Reader of the JSON value read from src, buffered in
// bufSize bytes (or a default when bufSize <= 0). The buffer grows only
// when one token, or one captured value, is longer.
func NewReader(src io.Reader, bufSize int) *Reader {
	if bufSize <= 0 {
		bufSize = defaultBufSize
	}
	return &Reader{buf: make([]byte, 0, bufSize), src: src}
}

// Err returns the first error the Reader met: a *SyntaxError, an error of
// the stream (wrapped), or io.ErrUnexpectedEOF when the input ended inside
// a value. Once set it stays, and every read returns zero values.
func (r *Reader) Err() error { return r.err }

// Offset returns how many bytes of the input have been read.
func (r *Reader) Offset() int64 { return r.base + int64(r.pos) }

// Depth returns how many objects and arrays are open.
func (r *Reader) Depth() int { return len(r.levels) }

func (r *Reader) fail(msg string) {
	if r.err == nil {
		r.err = &SyntaxError{Offset: r.Offset(), msg: msg}
	}
}

func (r *Reader) failf(format string, args ...any) {
	if r.err == nil {
		r.fail(fmt.Sprintf(format, args...))
	}
}

// fill reads more input into the buffer, keeping what a token in progress
// (from keep, an index into buf) or a capture still needs. It returns the
// number of bytes the buffer moved down by, and false at the end of the
// input or on an error.
func (r *Reader) fill(keep int) (shift int, ok bool) {
	if r.src == nil || r.err != nil {
		return 0, false
	}
	if len(r.marks) > 0 {
		if m := int(r.marks[0] - r.base); m < keep {
			keep = m
		}
	}
	if keep > 0 {
		n := copy(r.buf, r.buf[keep:])
		r.buf = r.buf[:n]
		r.pos -= keep
		r.base += int64(keep)
		shift = keep
	}
	if len(r.buf) == cap(r.buf) {
		grown := make([]byte, len(r.buf), 2*cap(r.buf))
		copy(grown, r.buf)
		r.buf = grown
	}
	for {
		n, err := r.src.Read(r.buf[len(r.buf):cap(r.buf)])
		r.buf = r.buf[:len(r.buf)+n]
		if n > 0 {
			return shift, true
		}
		if err == io.EOF {
			r.src = nil
			return shift, false
		}
		if err != nil {
			r.err = fmt.Errorf("read json: %w", err)
			return shift, false
		}
	}
}

// eof is what skipSpace returns at the end of the input.
const eof = -1

// skipSpace moves past white space and returns the next byte, or eof at
// the end of the input.
func (r *Reader) skipSpace() int {
	for {
		for r.pos < len(r.buf) {
			switch c := r.buf[r.pos]; c {
			case ' ', '\t', '\n', '\r':
				r.pos++
			default:
				return int(c)
			}
		}
		if _, ok := r.fill(r.pos); !ok {
			return eof
		}
	}
}

// unexpectedEnd records that the input ended where more was needed.
func (r *Reader) unexpectedEnd() {
	if r.err == nil {
		r.err = fmt.Errorf("invalid json at offset %d: %w", r.Offset(), io.ErrUnexpectedEOF)
	}
}

// unexpected records that c, a byte skipSpace returned, is not what was
// wanted: the end of the input, or a syntax error that format describes.
func (r *Reader) unexpected(c int, format string, args ...any) {
	if c == eof {
		r.unexpectedEnd()
		return
	}
	r.failf(format, args...)
}

// Peek returns the kind of the next value without reading it. Inside an
// object it is called after Key; inside an array after Next.
func (r *Reader) Peek() Kind {
	if r.err != nil {
		return Invalid
	}
	switch c := r.skipSpace(); c {
	case 'n', 't', 'f', '"', '{', '[':
		return Kind(c)
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return Number
	case eof:
		if r.err == nil {
			r.unexpectedEnd()
		}
	default:
		r.failf("invalid character %q looking for the beginning of a value", rune(c))
	}
	return Invalid
}

// literal reads the literal lit ("null", "true" or "false").
func (r *Reader) literal(lit string) bool {
	if r.err != nil {
		return false
	}
	r.skipSpace()
	for len(r.buf)-r.pos < len(lit) {
		if _, ok := r.fill(r.pos); !ok {
			break
		}
	}
	if len(r.buf)-r.pos < len(lit) {
		if string(r.buf[r.pos:]) == lit[:len(r.buf)-r.pos] {
			r.unexpectedEnd()
		} else {
			r.failf("invalid literal, want %s", lit)
		}
		return false
	}
	if string(r.buf[r.pos:r.pos+len(lit)]) != lit {
		r.failf("invalid literal, want %s", lit)
		return false
	}
	r.pos += len(lit)
	return r.endOfToken()
}

// endOfToken checks that a literal or number is followed by a delimiter.
func (r *Reader) endOfToken() bool {
	if r.pos == len(r.buf) {
		if _, ok := r.fill(r.pos); !ok {
			return r.err == nil
		}
	}
	switch c := r.buf[r.pos]; c {
	case ' ', '\t', '\n', '\r', ',', ']', '}', ':':
		return true
	default:
		r.failf("invalid character %q after a value", rune(c))
		return false
	}
}

// ReadNull reads a null.
func (r *Reader) ReadNull() bool { return r.literal("null") }

// ReadBool reads true or false.
func (r *Reader) ReadBool() (v, ok bool) {
	switch r.Peek() {
	case True:
		return true, r.literal("true")
	case False:
		return false, r.literal("false")
	case Invalid:
	default:
		r.fail("want a boolean")
	}
	return false, false
}

// ReadString reads a string and returns its content, unescaped. The slice
// is valid until the next read.
func (r *Reader) ReadString() ([]byte, bool) {
	b, _, ok := r.readString()
	return b, ok
}

// readString reads a string; escaped reports whether its content was
// copied into the scratch buffer.
func (r *Reader) readString() (b []byte, escaped, ok bool) {
	if r.err != nil {
		return nil, false, false
	}
	if c := r.skipSpace(); c != '"' {
		r.unexpected(c, "invalid character %q, want a string", rune(c))
		return nil, false, false
	}
	start := r.pos + 1 // after the quote
	i := start
	for {
		for ; i < len(r.buf); i++ {
			c := r.buf[i]
			if c == '"' {
				r.pos = i + 1
				return r.buf[start:i], false, true
			}
			if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
				b, ok := r.readStringSlow(start, i)
				return b, true, ok
			}
		}
		shift, ok := r.fill(start - 1)
		start -= shift
		i -= shift
		if !ok {
			r.pos = i
			r.unexpectedEnd()
			return nil, false, false
		}
	}
}

// avail makes sure that n bytes from buf[*i] are buffered, when the input
// has them, moving *i with the buffer. Bytes before *i may be dropped.
func (r *Reader) avail(i *int, n int) bool {
	for len(r.buf)-*i < n {
		shift, ok := r.fill(*i)
		*i -= shift
		if !ok {
			return false
		}
	}
	return true
}

// readStringSlow unescapes a string whose plain prefix is buf[start:i].
func (r *Reader) readStringSlow(start, i int) ([]byte, bool) {
	out := append(r.scratch[:0], r.buf[start:i]...)
	defer func() { r.scratch = out[:0] }()
	for {
		if !r.avail(&i, 1) {
			r.pos = i
			r.unexpectedEnd()
			return nil, false
		}
		c := r.buf[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return out, true
		case c == '\\':
			var ok bool
			if i, ok = r.escape(i, &out); !ok {
				return nil, false
			}
		case c < 0x20:
			r.pos = i
			r.failf("invalid control character %q in a string", c)
			return nil, false
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r.avail(&i, utf8.UTFMax) // a whole rune, when the input has one
			if r.err != nil {
				return nil, false
			}
			rn, size := utf8.DecodeRune(r.buf[i:])
			if rn == utf8.RuneError && size <= 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
				size = 1
			} else {
				out = append(out, r.buf[i:i+size]...)
			}
			i += size
		}
	}
}

// escape decodes the escape sequence at buf[i] (a backslash) into out and
// returns the index after it.
func (r *Reader) escape(i int, out *[]byte) (int, bool) {
	if !r.avail(&i, 2) {
		r.pos = i
		r.unexpectedEnd()
		return i, false
	}
	switch c := r.buf[i+1]; c {
	case '"', '\\', '/':
		*out = append(*out, c)
	case 'b':
		*out = append(*out, '\b')
	case 'f':
		*out = append(*out, '\f')
	case 'n':
		*out = append(*out, '\n')
	case 'r':
		*out = append(*out, '\r')
	case 't':
		*out = append(*out, '\t')
	case 'u':
		if !r.avail(&i, 6) {
			r.pos = i
			r.unexpectedEnd()
			return i, false
		}
		rn, ok := hex4(r.buf[i+2 : i+6])
		if !ok {
			r.pos = i
			r.fail("invalid \\u escape in a string")
			return i, false
		}
		if !utf16.IsSurrogate(rn) {
			*out = utf8.AppendRune(*out, rn)
			return i + 6, true
		}
		// A high surrogate and a \u low surrogate make one rune; a lone
		// surrogate reads as U+FFFD, as encoding/json reads it.
		if r.avail(&i, 12) && r.buf[i+6] == '\\' && r.buf[i+7] == 'u' {
			if lo, ok := hex4(r.buf[i+8 : i+12]); ok {
				if dec := utf16.DecodeRune(rn, lo); dec != utf8.RuneError {
					*out = utf8.AppendRune(*out, dec)
					return i + 12, true
				}
			}
		}
		if r.err != nil {
			return i, false
		}
		*out = utf8.AppendRune(*out, utf8.RuneError)
		return i + 6, true
	default:
		r.pos = i
		r.failf("invalid escape \\%c in a string", c)
		return i, false
	}
	return i + 2, true
}

func hex4(b []byte) (rune, bool) {
	var v rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	return v, true
}

// ReadNumber reads a number and returns its text, checked against the
// JSON grammar. The slice is valid until the next read.
func (r *Reader) ReadNumber() ([]byte, bool) {
	if r.Peek() != Number {
		if r.err == nil {
			r.fail("want a number")
		}
		return nil, false
	}
	start := r.pos
	i := start
	// at returns the byte at i, refilling as needed; 0 at the end.
	at := func() byte {
		if i == len(r.buf) {
			shift, ok := r.fill(start)
			start -= shift
			i -= shift
			if !ok {
				return 0
			}
		}
		return r.buf[i]
	}
	digits := func() int {
		n := 0
		for c := at(); c >= '0' && c <= '9'; c = at() {
			i++
			n++
		}
		return n
	}
	if at() == '-' {
		i++
	}
	switch c := at(); {
	case c == '0':
		i++
	case c >= '1' && c <= '9':
		digits()
	default:
		r.pos = i
		r.fail("invalid number")
		return nil, false
	}
	if at() == '.' {
		i++
		if digits() == 0 {
			r.pos = i
			r.fail("invalid number: no digits after the decimal point")
			return nil, false
		}
	}
	if c := at(); c == 'e' || c == 'E' {
		i++
		if c := at(); c == '+' || c == '-' {
			i++
		}
		if digits() == 0 {
			r.pos = i
			r.fail("invalid number: no digits in the exponent")
			return nil, false
		}
	}
	if r.err != nil {
		return nil, false
	}
	r.pos = i
	if !r.endOfToken() {
		return nil, false
	}
	return r.buf[start:i], true
}

// BeginObject reads the '{' of an object. Read its members with Key.
func (r *Reader) BeginObject() bool { return r.begin('{') }

// BeginArray reads the '[' of an array. Read its elements with Next.
func (r *Reader) BeginArray() bool { return r.begin('[') }

func (r *Reader) begin(kind byte) bool {
	if r.err != nil {
		return false
	}
	if c := r.skipSpace(); c != int(kind) {
		r.unexpected(c, "invalid character %q, want %q", rune(c), kind)
		return false
	}
	if len(r.levels) >= maxDepth {
		r.fail("nested too deeply")
		return false
	}
	r.pos++
	r.levels = append(r.levels, level{kind: kind})
	return true
}

// Key reads the next member's key of the open object and reports true, or
// reads the closing '}' and reports false. After true, read (or Skip) the
// member's value before calling Key again. The key is valid until the
// value's first read.
func (r *Reader) Key() ([]byte, bool) {
	if !r.next('{', '}') {
		return nil, false
	}
	if c := r.skipSpace(); c != '"' {
		r.unexpected(c, "invalid character %q, want an object key", rune(c))
		return nil, false
	}
	key, _, ok := r.readString()
	if !ok {
		return nil, false
	}
	if r.src != nil {
		// The buffer may move before the value is read: keep a copy.
		r.keyBuf = append(r.keyBuf[:0], key...)
		key = r.keyBuf
	}
	if c := r.skipSpace(); c != ':' {
		r.unexpected(c, "invalid character %q after an object key", rune(c))
		return nil, false
	}
	r.pos++

	return key, true
}

// Next reports whether the open array has another element, reading the
// comma before it, or reads the closing ']' and reports false.
func (r *Reader) Next() bool { return r.next('[', ']') }

// next moves to the next member or element of the innermost level, which
// must be of kind open, or past its closing byte.
func (r *Reader) next(open, close byte) bool {
	if r.err != nil {
		return false
	}
	n := len(r.levels)
	if n == 0 || r.levels[n-1].kind != open {
		r.fail("misplaced read")
		return false
	}
	top := &r.levels[n-1]
	c := r.skipSpace()
	switch {
	case c == int(close):
		r.pos++
		r.levels = r.levels[:n-1]
		return false
	case c == eof:
		r.unexpectedEnd()
		return false
	case top.more:
		if c != ',' {
			r.failf("invalid character %q, want ',' or %q", rune(c), close)
			return false
		}
		r.pos++
		if c := r.skipSpace(); c == int(close) {
			r.failf("invalid character %q after ','", rune(c))
			return false
		}
	}
	top.more = true
	return true
}

// Skip reads the next value, whatever it is, checking its syntax.
func (r *Reader) Skip() {
	depth := len(r.levels)
	for r.err == nil {
		switch r.Peek() {
		case Null:
			r.literal("null")
		case True:
			r.literal("true")
		case False:
			r.literal("false")
		case String:
			r.readString()
		case Number:
			r.ReadNumber()
		case Object:
			if r.BeginObject() {
				if _, more := r.Key(); more {
					continue // read the first member's value
				}
			}
		case Array:
			if r.BeginArray() && r.Next() {
				continue // read the first element
			}
		default:
			return
		}
		// A value is complete: move to the next value of the levels Skip
		// opened, closing those that end.
		for {
			if r.err != nil || len(r.levels) == depth {
				return
			}
			var more bool
			if r.levels[len(r.levels)-1].kind == '{' {
				_, more = r.Key()
			} else {
				more = r.Next()
			}
			if more {
				break
			}
		}
	}
}

// Mark is the start of a value being captured.
type Mark int64

// Mark starts capturing the next value: its bytes stay buffered until
// Captured or Release ends the capture. Captures nest.
func (r *Reader) Mark() Mark {
	r.skipSpace()
	m := r.Offset()
	r.marks = append(r.marks, m)
	return Mark(m)
}

// Captured ends the capture that started at m and returns a copy of the
// bytes read since, such as the raw JSON of the value just read or
// skipped.
func (r *Reader) Captured(m Mark) []byte {
	start := int(int64(m) - r.base)
	var out []byte
	if r.err == nil && start >= 0 && start <= r.pos {
		out = append([]byte(nil), r.buf[start:r.pos]...)
	}
	r.Release(m)
	return out
}

// Release ends the capture that started at m without copying.
func (r *Reader) Release(m Mark) {
	for i := len(r.marks) - 1; i >= 0; i-- {
		if r.marks[i] == int64(m) {
			r.marks = append(r.marks[:i], r.marks[i+1:]...)
			return
		}
	}
}

// End checks that nothing but white space follows the value read, and
// returns the Reader's error.
func (r *Reader) End() error {
	if r.err != nil {
		return r.err
	}
	if len(r.levels) > 0 {
		r.fail("value not finished")
		return r.err
	}
	if c := r.skipSpace(); c != eof {
		r.failf("invalid character %q after the top-level value", rune(c))
	}
	return r.err
}
