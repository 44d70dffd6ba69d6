package jsonscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walk reads the next value into the shape json.Unmarshal gives with
// UseNumber: nil, bool, string, json.Number, []any, map[string]any.
func walk(r *Reader) any {
	switch r.Peek() {
	case Null:
		r.ReadNull()
		return nil
	case True, False:
		v, _ := r.ReadBool()
		return v
	case String:
		b, _ := r.ReadString()
		return string(b)
	case Number:
		b, _ := r.ReadNumber()
		return json.Number(b)
	case Object:
		m := map[string]any{}
		r.BeginObject()
		for {
			k, ok := r.Key()
			if !ok {
				break
			}
			key := string(k)
			m[key] = walk(r)
		}
		return m
	case Array:
		l := []any{}
		r.BeginArray()
		for r.Next() {
			l = append(l, walk(r))
		}
		return l
	}
	return nil
}

// readers returns Readers of in: over the bytes, and over streams that
// deliver one byte at a time into tiny and default buffers.
func readers(in string) map[string]*Reader {
	return map[string]*Reader{
		"bytes":          NewBytes([]byte(in)),
		"stream 1-byte":  NewReader(iotest.OneByteReader(strings.NewReader(in)), 1),
		"stream default": NewReader(iotest.HalfReader(strings.NewReader(in)), 0),
	}
}

// stdlib decodes in as encoding/json does, or reports an error.
func stdlib(in string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(in))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return v, nil
}

func TestReaderAgreesWithEncodingJSON(t *testing.T) {
	inputs := []string{
		`null`, `true`, `false`, `0`, `-0`, `12`, `-3.25e+10`, `1E5`, `0.5`,
		`""`, `"plain"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`,
		`"\ud83d"`, `"\ude00x"`, `"\ud83d\u0041"`, "\"caf\xc3\xa9\"", "\"bad \xff utf8\"", "\"cut \xe2\x82\"",
		`{}`, `[]`, `{"a":1,"b":[true,false,null],"c":{"d":"e"}}`, ` [ 1 , 2 , { } , [ ] ] `,
		`{"id":"226","content":"Lamborghini"}`, `[[[[[]]]]]`, `{"":""}`, `{"a\u0000b":1}`,
		// invalid
		``, ` `, `nul`, `nulls`, `tru`, `[1,]`, `[,1]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":}`,
		`[1 2]`, `01`, `1.`, `.5`, `-`, `1e`, `1e+`, `"unterminated`, "\"ctl \x01\"", `"\x"`, `"\u12"`,
		`"\u12g4"`, `[1]]`, `{}}`, `[1] 2`, `{"a":1}x`, `+1`, `NaN`, `[`, `{`, `{"a"`, `{"a":`, `[1`,
		`{"a":[1,{"b":2]}}`, `"a"b`, `truex`, `1x`,
	}
	for _, in := range inputs {
		want, wantErr := stdlib(in)
		for mode, r := range readers(in) {
			got := walk(r)
			err := r.End()
			if wantErr != nil {
				assert.Error(t, err, "%s: %q must fail like encoding/json (%v)", mode, in, wantErr)
				continue
			}
			if assert.NoError(t, err, "%s: %q", mode, in) {
				assert.Equal(t, want, got, "%s: %q", mode, in)
			}
		}
	}
}

func TestSkipAndCapture(t *testing.T) {
	in := `{"keep":1,"skip":{"a":[1,"x",{"b":null}],"c":"\u0041"},"raw":[ 1, {"z":true} ],"last":"v"}`
	for mode, r := range readers(in) {
		require.True(t, r.BeginObject(), mode)
		var raw []byte
		var keys []string
		for {
			k, ok := r.Key()
			if !ok {
				break
			}
			keys = append(keys, string(k))
			switch string(k) {
			case "skip":
				r.Skip()
			case "raw":
				m := r.Mark()
				r.Skip()
				raw = r.Captured(m)
			default:
				walk(r)
			}
		}
		require.NoError(t, r.End(), mode)
		assert.Equal(t, []string{"keep", "skip", "raw", "last"}, keys, mode)
		assert.Equal(t, `[ 1, {"z":true} ]`, string(raw), mode)
	}
}

func TestCaptureOfAScalarAndNesting(t *testing.T) {
	in := `[ "2013-09-30" , {"x": 1.50} ]`
	for mode, r := range readers(in) {
		require.True(t, r.BeginArray())
		require.True(t, r.Next())
		outer := r.Mark()
		inner := r.Mark()
		s, ok := r.ReadString()
		require.True(t, ok)
		assert.Equal(t, "2013-09-30", string(s))
		assert.Equal(t, `"2013-09-30"`, string(r.Captured(inner)), mode)
		require.True(t, r.Next())
		r.Skip()
		assert.Equal(t, `"2013-09-30" , {"x": 1.50}`, string(r.Captured(outer)), mode)
		assert.False(t, r.Next())
		require.NoError(t, r.End(), mode)
	}
}

// An array is read element by element from a stream: the buffer does not
// grow with the array.
func TestStreamingArrayKeepsTheBufferSmall(t *testing.T) {
	const n = 20000
	var b bytes.Buffer
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"id":7,"username":"someone","url":"/users/7.json"}`)
	}
	b.WriteString("]")
	r := NewReader(&b, 4096)
	require.True(t, r.BeginArray())
	count := 0
	for r.Next() {
		walk(r)
		count++
	}
	require.NoError(t, r.End())
	assert.Equal(t, n, count)
	assert.Equal(t, 4096, cap(r.buf), "the buffer never grew")
}

func TestStreamErrors(t *testing.T) {
	boom := errors.New("connection reset")
	r := NewReader(io.MultiReader(strings.NewReader(`[{"a":"b"},{"a":`), iotest.ErrReader(boom)), 8)
	require.True(t, r.BeginArray())
	require.True(t, r.Next())
	walk(r)
	require.True(t, r.Next())
	walk(r)
	assert.ErrorIs(t, r.Err(), boom, "a read error is kept, wrapped")

	r = NewReader(strings.NewReader(`[{"a":"b"},{"a":`), 8)
	r.BeginArray()
	for r.Next() {
		walk(r)
	}
	assert.ErrorIs(t, r.Err(), io.ErrUnexpectedEOF, "a cut stream is an unexpected EOF")

	r = NewBytes([]byte(`{"a":1 x}`))
	walk(r)
	var syn *SyntaxError
	require.ErrorAs(t, r.End(), &syn)
	assert.Equal(t, int64(7), syn.Offset)
	assert.Contains(t, syn.Error(), "offset 7")
}

func TestDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	r := NewBytes([]byte(deep))
	r.Skip()
	assert.ErrorContains(t, r.End(), "nested too deeply")
	ok := strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)
	r = NewBytes([]byte(ok))
	r.Skip()
	assert.NoError(t, r.End())
}

func TestMisplacedReads(t *testing.T) {
	r := NewBytes([]byte(`[1]`))
	_, ok := r.Key()
	assert.False(t, ok)
	assert.Error(t, r.Err(), "Key outside an object")
	r = NewBytes([]byte(`"x"`))
	_, ok = r.ReadNumber()
	assert.False(t, ok)
	assert.ErrorContains(t, r.Err(), "want a number")
}

// FuzzReader: on any input the Reader agrees with encoding/json about
// validity and content, in every mode, and never panics.
func FuzzReader(f *testing.F) {
	for _, s := range []string{`{"a":[1,"x",{"b":null}]}`, `"\ud83d\ude00"`, `[1e5,-0.5]`, `{"a":}`, "\"\xff\"", `[[[]]]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		want, wantErr := stdlib(in)
		for mode, r := range readers(in) {
			got := walk(r)
			err := r.End()
			if (err != nil) != (wantErr != nil) {
				t.Fatalf("%s: %q: error %v, encoding/json %v", mode, in, err, wantErr)
			}
			if err == nil && !equalJSON(want, got) {
				t.Fatalf("%s: %q: got %#v, want %#v", mode, in, got, want)
			}
		}
	})
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
