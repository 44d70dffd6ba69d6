package tribehr

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// UnparsedField is a field of a model that arrived in a form the SDK
// could not read: the field is unparsed (Field.Unparsed) and the rest of
// the object decoded. A model's UnparsedFields lists them all, nested
// objects and lists included, so that a sync job can notice what it is
// not getting instead of reading zeros:
//
//	for _, f := range user.UnparsedFields() {
//		log.Printf("user %d: %s", user.ID.Value(), f)
//	}
type UnparsedField struct {
	// Path is the field's place in the object, in the API's member names:
	// "badge_count", "assignment_record.manager.id",
	// "custom_field_records[1].id".
	Path string
	// Raw is the JSON that arrived, exactly as it was sent.
	Raw json.RawMessage
	// Err says why it could not be read. It never shows a Secret.
	Err error
}

// String returns the path and the reason.
func (u UnparsedField) String() string { return u.Path + ": " + fmt.Sprint(u.Err) }

// Format prints the path and the reason for every verb of package fmt, so
// that the raw value of a secret never reaches a log through fmt.
func (u UnparsedField) Format(s fmt.State, _ rune) { io.WriteString(s, u.String()) }

// appendUnparsed adds the field at prefix+name when it is unparsed.
func appendUnparsed(dst []UnparsedField, prefix, name string, m *fieldMeta) []UnparsedField {
	if m.get() != fieldUnparsed {
		return dst
	}
	return append(dst, UnparsedField{Path: prefix + name, Raw: m.raw, Err: m.err})
}

// unparsedLister is implemented by the generated models.
type unparsedLister interface {
	appendUnparsed(dst []UnparsedField, prefix string) []UnparsedField
}

// appendUnparsedObject adds an unparsed embedded object, or the unparsed
// fields inside it.
func appendUnparsedObject[T any, P interface {
	*T
	unparsedLister
}](dst []UnparsedField, prefix, name string, o Object[T]) []UnparsedField {
	if o.p != nil {
		return P(o.p).appendUnparsed(dst, prefix+name+".")
	}
	return appendUnparsed(dst, prefix, name, o.m)
}

// appendUnparsedList adds an unparsed list, or the unparsed fields of its
// elements.
func appendUnparsedList[T any, P interface {
	*T
	unparsedLister
}](dst []UnparsedField, prefix, name string, m *fieldMeta, list []T) []UnparsedField {
	if m.get() != fieldValue {
		return appendUnparsed(dst, prefix, name, m)
	}
	for i := range list {
		dst = P(&list[i]).appendUnparsed(dst, prefix+name+"["+strconv.Itoa(i)+"].")
	}
	return dst
}

// logField adds a field's attribute when the field is present: its value,
// nil for null, "<unparsed>" for what could not be read. A Secret logs
// redacted.
func logField[T any](attrs []slog.Attr, name string, f Field[T]) []slog.Attr {
	switch f.m.get() {
	case fieldAbsent:
		return attrs
	case fieldNull:
		return append(attrs, slog.Any(name, nil))
	case fieldUnparsed:
		return append(attrs, slog.String(name, "<unparsed>"))
	}
	return append(attrs, slog.Any(name, f.v))
}

// logObject adds an embedded object's attribute, a group of its own.
func logObject[T any](attrs []slog.Attr, name string, o Object[T]) []slog.Attr {
	if o.p != nil {
		return append(attrs, slog.Any(name, *o.p))
	}
	return logField(attrs, name, Field[T]{m: o.m})
}

// logList adds a list's attribute: a group keyed by index, each element
// logged as a model (never through encoding/json, which would show
// secrets).
func logList[T any](attrs []slog.Attr, name string, m *fieldMeta, list []T) []slog.Attr {
	if m.get() != fieldValue {
		return logField(attrs, name, Field[[]T]{m: m})
	}
	group := make([]slog.Attr, len(list))
	for i := range list {
		group[i] = slog.Any(strconv.Itoa(i), list[i])
	}
	return append(attrs, slog.Attr{Key: name, Value: slog.GroupValue(group...)})
}
