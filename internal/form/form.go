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

// Part is a file part of a multipart body. The SDK's public file type
// implements it, and go-querystring's Encoder as a no-op, so the part
// never leaks into the form values.
type Part interface {
	// FormFile returns the file's name, its content type ("" to detect it)
	// and its content.
	FormFile() (name, contentType string, content io.Reader)
}

// Body is an encoded request body.
type Body struct {
	ContentType string
	Data        []byte
}

var partType = reflect.TypeFor[Part]()

// Encode encodes v: url.Values, or a struct (or pointer to one) with
// go-querystring `url` tags. Top-level fields holding a Part become file
// parts, named by their tag, and make the body multipart/form-data.
// A Body passes through as it is.
func Encode(v any) (Body, error) {
	switch b := v.(type) {
	case Body:
		return b, nil
	case *Body:
		return *b, nil
	}
	values, parts, err := Values(v)
	if err != nil {
		return Body{}, err
	}
	if len(parts) == 0 {
		return Body{ContentType: URLEncoded, Data: []byte(values.Encode())}, nil
	}
	return EncodeMultipart(values, parts)
}

// NamedPart is a Part with its form field name.
type NamedPart struct {
	Field string
	Part  Part
}

// Values returns the form values of v and its file parts, apart.
func Values(v any) (url.Values, []NamedPart, error) {
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
	var parts []NamedPart
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Type().Field(i)
		if !f.IsExported() || !f.Type.Implements(partType) {
			continue
		}
		fv := rv.Field(i)
		if (fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Interface) && fv.IsNil() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("url"), ",")
		if name == "" || name == "-" {
			return nil, nil, fmt.Errorf("form: file field %s has no url tag name", f.Name)
		}
		parts = append(parts, NamedPart{Field: name, Part: fv.Interface().(Part)})
	}
	values, err := query.Values(v)
	if err != nil {
		return nil, nil, fmt.Errorf("form: %w", err)
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
		name, ctype, r := p.Part.FormFile()
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
