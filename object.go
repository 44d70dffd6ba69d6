package tribehr

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// Extra holds the members of a JSON object that this version of the SDK
// does not know, by name, as the server sent them. The API may add fields
// at any time; they are kept here rather than dropped, and written back
// when the object is marshalled.
type Extra map[string]json.RawMessage

// knownNames caches, per struct type, the JSON member names its fields
// claim.
var knownNames sync.Map // reflect.Type -> map[string]bool

func jsonNames(t reflect.Type) map[string]bool {
	if v, ok := knownNames.Load(t); ok {
		return v.(map[string]bool)
	}
	names := make(map[string]bool)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for n := range jsonNames(ft) {
					names[n] = true
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
	v, _ := knownNames.LoadOrStore(t, names)
	return v.(map[string]bool)
}

// decodeObject decodes the JSON object data into dst, a pointer to a struct
// whose type has no UnmarshalJSON of its own, and returns the members no
// field of dst claims (nil when there are none). Models call it from their
// UnmarshalJSON:
//
//	func (u *User) UnmarshalJSON(b []byte) error {
//		type plain User
//		extra, err := decodeObject(b, (*plain)(u))
//		u.Extra = extra
//		return err
//	}
func decodeObject(data []byte, dst any) (Extra, error) {
	if err := json.Unmarshal(data, dst); err != nil {
		return nil, err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return nil, err
	}
	known := jsonNames(reflect.TypeOf(dst).Elem())
	var extra Extra
	for name, raw := range members {
		if known[name] {
			continue
		}
		if extra == nil {
			extra = make(Extra)
		}
		extra[name] = raw
	}
	return extra, nil
}

// encodeObject marshals src (a struct value whose type has no MarshalJSON
// of its own) and adds the members of extra that src does not write.
func encodeObject(src any, extra Extra) ([]byte, error) {
	b, err := json.Marshal(src)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return nil, err
	}
	for name, raw := range extra {
		if _, ok := members[name]; !ok {
			members[name] = raw
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(members); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
