package tribehr

import (
	"bytes"
	"io"
	"net/url"
)

// File is a file sent as a part of a multipart/form-data request, such as a
// kudos picture. Its content is read once, when the request is built, and
// kept in memory, so a retried request resends the same bytes.
type File struct {
	// Name is the file name sent with the part, such as "team.jpg".
	Name string
	// ContentType is the part's media type; when empty it is detected from
	// the content.
	ContentType string
	// Content is the file's content.
	Content io.Reader
}

// FileFromBytes returns a File with the given name and content.
func FileFromBytes(name string, content []byte) *File {
	return &File{Name: name, Content: bytes.NewReader(content)}
}

// FormFile returns the part's name, media type and content, for the form
// encoder.
func (f *File) FormFile() (name, contentType string, content io.Reader) {
	return f.Name, f.ContentType, f.Content
}

// EncodeValues writes nothing: a File travels as a multipart part of its
// own, never as a form value.
func (f *File) EncodeValues(string, *url.Values) error { return nil }

// String returns a pointer to s, for the optional text fields of a
// request's parameters. A pointer to "" clears a field on an update.
func String(s string) *string { return &s }

// Int returns a pointer to n, for optional number fields.
func Int(n int) *int { return &n }

// Bool returns a pointer to b, for optional booleans (sent as 0 or 1).
func Bool(b bool) *bool { return &b }

// Ptr returns a pointer to v, for optional fields of any other type, such as
// tribehr.Ptr(tribehr.NewDate(2024, 5, 1)).
func Ptr[T any](v T) *T { return &v }
