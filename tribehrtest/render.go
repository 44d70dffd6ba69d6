package tribehrtest

import (
	"bytes"
	"encoding/json"
)

// object is a JSON object whose keys keep the order they were added in, so
// the fake's output reads like the document's samples, and whose absent
// fields are simply never added (visibility).
type object []member

type member struct {
	key   string
	value any
}

// set appends a member.
func (o *object) set(key string, v any) { *o = append(*o, member{key, v}) }

// MarshalJSON implements json.Marshaler.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal encodes v without escaping <, > and & (the API's notes and text
// fields carry HTML, which the samples show unescaped).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// errorBody is the API's error envelope.
func errorBody(code string, messages ...string) object {
	if messages == nil {
		messages = []string{}
	}
	return object{{"error", object{{"code", code}, {"messages", messages}}}}
}
