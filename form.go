package tribehr

import (
	"bytes"
	"io"
	"reflect"

	"github.com/tribehr/tribehr-go/internal/form"
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

var fileType = reflect.TypeFor[*File]()

// fileOf tells the form encoder that a *File field is a file part.
func fileOf(v reflect.Value) (*form.File, bool) {
	if v.Type() != fileType {
		return nil, false
	}
	f := v.Interface().(*File)
	if f == nil {
		return nil, true
	}
	return &form.File{Name: f.Name, ContentType: f.ContentType, Content: f.Content}, true
}

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
