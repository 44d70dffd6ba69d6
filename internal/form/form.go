// Package form encodes request bodies the way the TribeHR API reads them:
// application/x-www-form-urlencoded, or multipart/form-data when a request
// carries a file. It builds the whole body in memory, so a retried request
// resends the same bytes.
package form

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/google/go-querystring/query"
)

// Content types of the bodies this package writes.
const (
	URLEncoded = "application/x-www-form-urlencoded"
	Multipart  = "multipart/form-data"
)

// File is the content of a file part of a multipart body.
type File struct {
	// Name is the file name sent with the part; the field's name when
	// empty.
	Name string
	// ContentType is the part's media type; detected when empty.
	ContentType string
	Content     io.Reader
}

// FileOf tells the encoder which struct fields are files: for a field's
// value it reports whether the field holds a file and returns it (nil for
// a nil one). Such fields become file parts, named by their url tag, and
// never form values.
type FileOf func(v reflect.Value) (f *File, isFile bool)

// Body is an encoded request body.
type Body struct {
	ContentType string
	Data        []byte
}

// ValuesFunc returns the form values of a request's parameters and their
// file parts, apart. Values (with a FileOf) is one; the SDK's own adds
// encoders generated for its parameter types.
type ValuesFunc func(v any) (url.Values, []NamedPart, error)

// Encode encodes v, the parameters of a request, with values:
// application/x-www-form-urlencoded, or multipart/form-data when values
// returns file parts. A Body passes through as it is.
func Encode(v any, values ValuesFunc) (Body, error) {
	switch b := v.(type) {
	case Body:
		return b, nil
	case *Body:
		return *b, nil
	}
	vals, parts, err := values(v)
	if err != nil {
		return Body{}, err
	}
	if len(parts) == 0 {
		return Body{ContentType: URLEncoded, Data: []byte(vals.Encode())}, nil
	}
	return EncodeMultipart(vals, parts)
}

// NamedPart is a File with its form field name.
type NamedPart struct {
	Field string
	File  File
}

// Values returns the form values of v and its file parts, apart: v is
// url.Values, or a struct (or pointer to one) with go-querystring `url`
// tags, whose top-level fields that fileOf (when not nil) reports as files
// become file parts, named by their tag.
func Values(v any, fileOf FileOf) (url.Values, []NamedPart, error) {
	switch t := v.(type) {
	case nil:
		return url.Values{}, nil, nil
	case url.Values:
		return cloneValues(t), nil, nil
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return url.Values{}, nil, nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, nil, fmt.Errorf("form: cannot encode %T: want a struct or url.Values", v)
	}
	var (
		parts     []NamedPart
		fileNames []string
	)
	for i := 0; fileOf != nil && i < rv.NumField(); i++ {
		f := rv.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		file, isFile := fileOf(rv.Field(i))
		if !isFile {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("url"), ",")
		if name == "" || name == "-" {
			return nil, nil, fmt.Errorf("form: file field %s has no url tag name", f.Name)
		}
		fileNames = append(fileNames, name)
		if file != nil {
			parts = append(parts, NamedPart{Field: name, File: *file})
		}
	}
	values, err := query.Values(v)
	if err != nil {
		return nil, nil, fmt.Errorf("form: %w", err)
	}
	// go-querystring writes a file's own fields as name[Name] and so on:
	// they are not form values.
	for _, name := range fileNames {
		for k := range values {
			if k == name || strings.HasPrefix(k, name+"[") {
				delete(values, k)
			}
		}
	}
	return values, parts, nil
}

// EncodeMultipart writes values, in key order, and then the parts into a
// multipart/form-data body.
func EncodeMultipart(values url.Values, parts []NamedPart) (Body, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, val := range values[k] {
			if err := w.WriteField(k, val); err != nil {
				return Body{}, fmt.Errorf("form: %w", err)
			}
		}
	}
	for _, p := range parts {
		name, ctype, r := p.File.Name, p.File.ContentType, p.File.Content
		if r == nil {
			return Body{}, fmt.Errorf("form: file part %q has no content", p.Field)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			return Body{}, fmt.Errorf("form: read file part %q: %w", p.Field, err)
		}
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		if name == "" {
			name = p.Field
		}
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, escapeQuotes(p.Field), escapeQuotes(name)))
		h.Set("Content-Type", ctype)
		pw, err := w.CreatePart(h)
		if err != nil {
			return Body{}, fmt.Errorf("form: %w", err)
		}
		if _, err := pw.Write(data); err != nil {
			return Body{}, fmt.Errorf("form: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return Body{}, fmt.Errorf("form: %w", err)
	}
	return Body{ContentType: w.FormDataContentType(), Data: buf.Bytes()}, nil
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "", "\n", "")

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vals := range v {
		out[k] = slices.Clone(vals)
	}
	return out
}
