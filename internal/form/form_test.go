package form

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// file is a file type for the tests, as the SDK's File is for the SDK.
type file struct {
	name, ctype string
	content     io.Reader
}

// reflectValues is Values with fileOf, as the SDK encodes a caller's own
// parameter types.
func reflectValues(v any) (url.Values, []NamedPart, error) { return Values(v, fileOf) }

// fileOf reports the fields of type *file, as the SDK reports its *File.
func fileOf(v reflect.Value) (*File, bool) {
	f, ok := v.Interface().(*file)
	if !ok {
		return nil, false
	}
	if f == nil {
		return nil, true
	}
	return &File{Name: f.name, ContentType: f.ctype, Content: f.content}, true
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

type params struct {
	Text    string   `url:"text,omitempty"`
	Values  []string `url:"values[][id],omitempty"`
	Picture *file    `url:"picture,omitempty"`
}

// parts reads a multipart body back: its values in order and its file
// parts by field name.
func parts(t *testing.T, b Body) (url.Values, map[string]*multipart.Part, map[string]string) {
	t.Helper()
	mt, mp, err := mime.ParseMediaType(b.ContentType)
	require.NoError(t, err)
	require.Equal(t, Multipart, mt)
	r := multipart.NewReader(strings.NewReader(string(b.Data)), mp["boundary"])
	values, files, contents := url.Values{}, map[string]*multipart.Part{}, map[string]string{}
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		data, err := io.ReadAll(p)
		require.NoError(t, err)
		if p.FileName() == "" {
			values.Add(p.FormName(), string(data))
			continue
		}
		files[p.FormName()], contents[p.FormName()] = p, string(data)
	}
	return values, files, contents
}

func TestEncodeURLEncoded(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{name: "nil", in: nil, want: ""},
		{name: "nil pointer", in: (*params)(nil), want: ""},
		{name: "struct", in: params{Text: "a&b=c+d #1", Values: []string{"11", "7"}}, want: "text=a%26b%3Dc%2Bd+%231&values%5B%5D%5Bid%5D=11&values%5B%5D%5Bid%5D=7"},
		{name: "pointer to struct", in: &params{Text: "x"}, want: "text=x"},
		{name: "values", in: url.Values{"id": {"5"}, "assignment_record[phone]": {"519-555-1234"}}, want: "assignment_record%5Bphone%5D=519-555-1234&id=5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Encode(tt.in, reflectValues)
			require.NoError(t, err)
			assert.Equal(t, URLEncoded, b.ContentType)
			assert.Equal(t, tt.want, string(b.Data))
		})
	}
}

func TestEncodeBodyPassesThrough(t *testing.T) {
	b := Body{ContentType: "text/plain", Data: []byte("as is")}
	got, err := Encode(b, reflectValues)
	require.NoError(t, err)
	assert.Equal(t, b, got)
	got, err = Encode(&b, reflectValues)
	require.NoError(t, err)
	assert.Equal(t, b, got)
}

func TestValuesClonesItsInput(t *testing.T) {
	in := url.Values{"a": {"1"}}
	out, parts, err := Values(in, fileOf)
	require.NoError(t, err)
	assert.Empty(t, parts)
	out.Add("a", "2")
	out.Set("b", "3")
	assert.Equal(t, url.Values{"a": {"1"}}, in, "the caller's values are not changed")
}

func TestEncodeMultipart(t *testing.T) {
	gif := "GIF89a\x01\x00\x01\x00\x00\x00\x00;"
	b, err := Encode(&params{Text: "ünïcode\nline", Values: []string{"11", "7"}, Picture: &file{name: `team "A".gif`, content: strings.NewReader(gif)}}, reflectValues)
	require.NoError(t, err)
	values, files, contents := parts(t, b)
	assert.Equal(t, url.Values{"text": {"ünïcode\nline"}, "values[][id]": {"11", "7"}}, values, "values keep their order within a key")
	require.Contains(t, files, "picture")
	assert.Equal(t, `team "A".gif`, files["picture"].FileName(), "quotes in the file name survive")
	assert.Equal(t, "image/gif", files["picture"].Header.Get("Content-Type"), "detected from the content")
	assert.Equal(t, gif, contents["picture"])
}

func TestEncodeMultipartPartDetails(t *testing.T) {
	b, err := EncodeMultipart(url.Values{"z": {"last"}, "a": {"first"}}, []NamedPart{
		{Field: "picture", File: File{ContentType: "image/png", Content: strings.NewReader("not really a png")}},
	})
	require.NoError(t, err)
	_, files, _ := parts(t, b)
	assert.Equal(t, "picture", files["picture"].FileName(), "a part with no name is named after its field")
	assert.Equal(t, "image/png", files["picture"].Header.Get("Content-Type"), "a given type is kept")
	assert.Less(t, strings.Index(string(b.Data), `name="a"`), strings.Index(string(b.Data), `name="z"`), "values are written in key order")
}

func TestEncodeErrors(t *testing.T) {
	type untagged struct {
		Picture *file
	}
	tests := []struct {
		name string
		in   any
		want string
	}{
		{name: "not a struct", in: 42, want: "form: cannot encode int"},
		{name: "file field without a name", in: untagged{Picture: &file{content: strings.NewReader("x")}}, want: "form: file field Picture has no url tag name"},
		{name: "file without content", in: params{Picture: &file{name: "a.gif"}}, want: `form: file part "picture" has no content`},
		{name: "unreadable file", in: params{Picture: &file{name: "a.gif", content: failingReader{}}}, want: `form: read file part "picture": disk on fire`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Encode(tt.in, reflectValues)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
