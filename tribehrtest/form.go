package tribehrtest

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBody bounds a request body the fake will read (pictures included).
const maxBody = 8 << 20

// form is a parsed form body. Keys are kept in their canonical bracket form
// ("user[id]", "location[][id]"), whether the brackets came escaped or not.
type form struct {
	values map[string][]string
	order  []string // canonical keys in the order they first appeared
	files  map[string]*uploadedFile
	raw    []byte
}

type uploadedFile struct {
	Filename    string
	ContentType string
	Data        []byte
}

var (
	errNoContentType = errors.New("missing Content-Type: input must be form-encoded (application/x-www-form-urlencoded, or multipart/form-data for a kudos picture)")
)

// readForm reads and parses the body of a POST or PUT. multipartOK says
// whether multipart/form-data is accepted for this resource. Any error it
// returns is a message for a VALIDATION_ERROR.
func readForm(r *http.Request, multipartOK bool) (*form, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("reading the body: %v", err)
	}
	f := &form{values: map[string][]string{}, files: map[string]*uploadedFile{}, raw: raw}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		if len(strings.TrimSpace(string(raw))) == 0 {
			return f, nil // an empty body needs no type
		}
		return f, errNoContentType
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return f, fmt.Errorf("unparsable Content-Type %q", ct)
	}
	switch mediaType {
	case "application/x-www-form-urlencoded":
		return f, f.parseURLEncoded(string(raw))
	case "multipart/form-data":
		if !multipartOK {
			return f, errors.New("multipart/form-data is accepted only for kudos (to send a picture); send application/x-www-form-urlencoded")
		}
		return f, f.parseMultipart(raw, params["boundary"])
	case "application/json":
		return f, errors.New("input is always form-encoded, never JSON: send application/x-www-form-urlencoded")
	default:
		return f, fmt.Errorf("unsupported Content-Type %q: input must be application/x-www-form-urlencoded", mediaType)
	}
}

func (f *form) parseURLEncoded(body string) error {
	for _, pair := range strings.Split(body, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return fmt.Errorf("malformed form key %q", k)
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return fmt.Errorf("malformed form value for %q", key)
		}
		if err := f.add(key, val); err != nil {
			return err
		}
	}
	return nil
}

func (f *form) parseMultipart(raw []byte, boundary string) error {
	if boundary == "" {
		return errors.New("multipart/form-data without a boundary")
	}
	mr := multipart.NewReader(strings.NewReader(string(raw)), boundary)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("malformed multipart body: %v", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return fmt.Errorf("malformed multipart body: %v", err)
		}
		name := p.FormName()
		if p.FileName() != "" {
			key, err := canonicalKey(name)
			if err != nil {
				return err
			}
			f.files[key] = &uploadedFile{Filename: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data}
			f.order = append(f.order, key)
			continue
		}
		if err := f.add(name, string(data)); err != nil {
			return err
		}
	}
}

func (f *form) add(key, val string) error {
	c, err := canonicalKey(key)
	if err != nil {
		return err
	}
	if _, seen := f.values[c]; !seen {
		f.order = append(f.order, c)
	}
	f.values[c] = append(f.values[c], val)
	return nil
}

// canonicalKey checks the bracket syntax of a key: a name followed by zero
// or more [segment]s, where a segment is empty ("[]", a list) or a name.
func canonicalKey(key string) (string, error) {
	name, rest, _ := strings.Cut(key, "[")
	if name == "" || strings.ContainsAny(name, "]") {
		return "", fmt.Errorf("malformed form key %q", key)
	}
	if rest == "" && !strings.Contains(key, "[") {
		return name, nil
	}
	rest = "[" + rest
	for rest != "" {
		if rest[0] != '[' {
			return "", fmt.Errorf("malformed form key %q", key)
		}
		end := strings.IndexByte(rest, ']')
		if end < 0 || strings.ContainsAny(rest[1:end], "[") {
			return "", fmt.Errorf("malformed form key %q", key)
		}
		rest = rest[end+1:]
	}
	return key, nil
}

// has reports whether the key was sent.
func (f *form) has(key string) bool {
	_, ok := f.values[key]
	return ok
}

// get returns the last value sent for key.
func (f *form) get(key string) (string, bool) {
	v, ok := f.values[key]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[len(v)-1], true
}

// unknown lists the keys sent that are not in allowed, in the order sent.
func (f *form) unknown(allowed ...string) []string {
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	var out []string
	for _, k := range f.order {
		if !ok[k] {
			out = append(out, k)
		}
	}
	return out
}

// validation collects the messages of a VALIDATION_ERROR.
type validation struct{ msgs []string }

func (v *validation) addf(format string, args ...any) {
	v.msgs = append(v.msgs, fmt.Sprintf(format, args...))
}

func (v *validation) failed() bool { return len(v.msgs) > 0 }

// checkUnknown reports any key not in allowed.
func (v *validation) checkUnknown(f *form, allowed ...string) {
	for _, k := range f.unknown(allowed...) {
		if _, isFile := f.files[k]; isFile {
			v.addf("%s: unexpected file part", k)
			continue
		}
		v.addf("%s: unknown parameter", k)
	}
}

// id reads an optional positive integer field such as "user[id]".
func (v *validation) id(f *form, key string) (int, bool) {
	s, ok := f.get(key)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 {
		v.addf("%s: %q is not a valid id", key, s)
		return 0, false
	}
	return n, true
}

// integer reads an optional non-negative integer field.
func (v *validation) integer(f *form, key string) (int, bool) {
	s, ok := f.get(key)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		v.addf("%s: %q is not a non-negative integer", key, s)
		return 0, false
	}
	return n, true
}

// boolean reads an optional 0/1 field.
func (v *validation) boolean(f *form, key string) (b, ok bool) {
	s, ok := f.get(key)
	if !ok {
		return false, false
	}
	switch s {
	case "0":
		return false, true
	case "1":
		return true, true
	}
	v.addf("%s: booleans are sent as 0 or 1, got %q", key, s)
	return false, false
}

// idList reads a list of references sent as repeated key ("location[][id]").
// A single empty value clears the list: ids is empty and present is true.
func (v *validation) idList(f *form, key string) (ids []int, present bool) {
	vals, ok := f.values[key]
	if !ok {
		return nil, false
	}
	if len(vals) == 1 && vals[0] == "" {
		return []int{}, true
	}
	seen := map[int]bool{}
	for _, s := range vals {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			v.addf("%s: %q is not a valid id", key, s)
			continue
		}
		if !seen[n] {
			seen[n] = true
			ids = append(ids, n)
		}
	}
	if ids == nil {
		ids = []int{}
	}
	return ids, true
}
