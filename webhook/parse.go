package webhook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// DefaultMaxBodyBytes is the body size a Parser reads at most unless told
// otherwise. A delivery is a few hundred bytes.
const DefaultMaxBodyBytes = 64 << 10

// Parser reads webhook deliveries from HTTP requests. The zero Parser
// reads plain deliveries of any account. A Parser is safe for concurrent
// use once set up; do not change its fields while it is in use.
type Parser struct {
	// Keys are the secure keys deliveries are encrypted with. With none,
	// deliveries must be plain; with some, they must be encrypted with one
	// of them (unless AllowPlain), the first that decrypts wins. Several
	// keys let a receiver change a webhook's key without refusing the
	// deliveries already on their way.
	Keys []SecureKey
	// AllowPlain accepts plain deliveries even when Keys are set, for the
	// time it takes to set the key on every webhook. Plain deliveries can
	// be sent by anybody who knows the URL.
	AllowPlain bool
	// System, when not "", is the base URL of the account deliveries must
	// come from ("https://mycompany.mytribehr.com/", as
	// tribehr.Client.BaseURL returns it); a delivery whose system field
	// names another is ErrWrongSystem. Scheme and host are compared
	// without regard to case, and a trailing slash does not matter.
	System string
	// MaxBodyBytes caps the body read; 0 means DefaultMaxBodyBytes. A
	// larger body is ErrBodyTooLarge.
	MaxBodyBytes int64
}

// Parse reads the delivery in r: its query and its body together (a
// form-encoded or multipart body), since TribeHR documents a POST of form
// fields and one of its posts speaks of GET parameters.
//
// With Keys set, Parse looks for the ciphertext wherever TribeHR may put
// it, since that is not documented: in any form field, as the whole
// body, or as the whole query; see Decrypt for the repairs it makes to
// the base64. The ciphertext decrypts to the form-encoded fields of a
// plain delivery.
//
// The errors wrap the sentinels of this package (ErrMissingField,
// ErrMalformedField, ErrBadBase64, ErrBadCiphertext, ErrWrongKey,
// ErrBadPadding, ErrDamaged, ErrNotEncrypted, ErrEncrypted, ErrWrongSystem,
// ErrBodyTooLarge, ErrBadForm, ErrEmpty) and come as *FieldError or
// *DecryptError where that says more. They never hold the key or the
// whole payload. Parse reads and consumes r.Body; it does not close it.
func (p *Parser) Parse(r *http.Request) (*Event, error) {
	body, err := p.readBody(r)
	if err != nil {
		return nil, err
	}
	return p.parse(r.URL.RawQuery, r.Header.Get("Content-Type"), body)
}

// maxBodyBytes is MaxBodyBytes, or its default.
func (p *Parser) maxBodyBytes() int64 {
	if p.MaxBodyBytes <= 0 {
		return DefaultMaxBodyBytes
	}
	return p.MaxBodyBytes
}

func (p *Parser) readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	max := p.maxBodyBytes()
	if r.ContentLength > max {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrBodyTooLarge, r.ContentLength, max)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, fmt.Errorf("%w: at most %d bytes", ErrBodyTooLarge, tooLarge.Limit)
		}
		return nil, fmt.Errorf("webhook: reading the body: %w", err)
	}
	if int64(len(body)) > max {
		return nil, fmt.Errorf("%w: at most %d bytes", ErrBodyTooLarge, max)
	}
	return body, nil
}

// parse reads a delivery from its raw query, content type and body.
func (p *Parser) parse(rawQuery, contentType string, body []byte) (*Event, error) {
	rawBody := string(body)
	if len(p.Keys) > 0 {
		// The likeliest placement first, the whole body, before reading
		// the request as a form to search it.
		if e := p.decryptBody(rawBody); e != nil {
			return p.checkSystem(e)
		}
	}
	fields, formErr := formFields(rawQuery, contentType, body)
	if len(fields) == 0 && strings.TrimSpace(rawBody) == "" && strings.TrimSpace(rawQuery) == "" {
		return nil, ErrEmpty
	}
	var e *Event
	var err error
	if len(p.Keys) == 0 {
		if formErr != nil {
			return nil, formErr
		}
		e, err = ParseValues(fields)
		if err != nil && fields[fieldHook] == nil && looksEncrypted(fields, rawBody, rawQuery) {
			return nil, ErrEncrypted
		}
	} else {
		e, err = p.decrypt(fields, rawBody, rawQuery)
		if err != nil && fields[fieldHook] != nil {
			// The documented fields came in plain.
			if !p.AllowPlain {
				return nil, ErrNotEncrypted
			}
			if formErr != nil {
				return nil, formErr
			}
			e, err = ParseValues(fields)
		}
	}
	if err != nil {
		return nil, err
	}
	return p.checkSystem(e)
}

// decryptBody returns the event when the whole body is a ciphertext that
// one of the keys decrypts into a delivery, else nil.
func (p *Parser) decryptBody(body string) *Event {
	raw, err := decodeBase64(strings.Trim(body, "\r\n\t"))
	if err != nil {
		return nil
	}
	for _, k := range p.Keys {
		if e, err := decryptEvent(k, raw); err == nil {
			return e
		}
	}
	return nil
}

func (p *Parser) checkSystem(e *Event) (*Event, error) {
	if p.System != "" && !sameSystem(e.System, p.System) {
		return nil, fmt.Errorf("%w: %s, expected %s", ErrWrongSystem, quote(e.System), quote(p.System))
	}
	return e, nil
}

// formFields returns the fields of the query and of the body together,
// the query's first. Where either does not parse, it returns what did,
// and the error: an encrypted delivery need not be a form at all.
func formFields(rawQuery, contentType string, body []byte) (url.Values, error) {
	fields, err := url.ParseQuery(rawQuery)
	if err != nil {
		err = fmt.Errorf("%w: the query: %v", ErrBadForm, err)
	}
	var bodyFields url.Values
	var bodyErr error
	mediaType, params, _ := mime.ParseMediaType(contentType)
	if mediaType == "multipart/form-data" {
		bodyFields, bodyErr = multipartFields(body, params["boundary"])
	} else {
		bodyFields, bodyErr = url.ParseQuery(string(body))
	}
	if bodyErr != nil && err == nil {
		err = fmt.Errorf("%w: the body: %v", ErrBadForm, bodyErr)
	}
	for k, vals := range bodyFields {
		fields[k] = append(fields[k], vals...)
	}
	return fields, err
}

// multipartFields reads the parts of a multipart/form-data body as fields;
// a file part counts as a field too.
func multipartFields(body []byte, boundary string) (url.Values, error) {
	if boundary == "" {
		return nil, errors.New("multipart body without a boundary")
	}
	fields := url.Values{}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			return fields, nil
		}
		if err != nil {
			return fields, err
		}
		b, err := io.ReadAll(part)
		if err != nil {
			return fields, err
		}
		if name := part.FormName(); name != "" {
			fields.Add(name, string(b))
		}
	}
}

// candidate is a place a ciphertext may be.
type candidate struct {
	source, text string
}

// candidates lists where a ciphertext may be: every form field value (in
// field name order), the whole body and the whole query (each also
// percent-decoded if it holds escapes), then the names of fields without
// a value. Duplicates are dropped.
func candidates(fields url.Values, rawBody, rawQuery string) []candidate {
	var out []candidate
	seen := map[string]bool{}
	add := func(source, text string) {
		// Not TrimSpace: a space may be a "+" of the base64.
		text = strings.Trim(text, "\r\n\t")
		if text == "" || seen[text] {
			return
		}
		seen[text] = true
		out = append(out, candidate{source, text})
	}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	var bare []string
	for _, k := range names {
		for _, v := range fields[k] {
			add("field "+quote(k), v)
			if strings.Trim(v, "=") == "" {
				// A bare ciphertext in a query or body read as a form: its
				// text became the name, and its "=" padding the value.
				bare = append(bare, k+v)
			}
		}
	}
	for _, c := range []candidate{{"body", rawBody}, {"query", rawQuery}} {
		add(c.source, c.text)
		if strings.Contains(c.text, "%") {
			if s, err := url.PathUnescape(c.text); err == nil {
				add(c.source, s)
			}
		}
	}
	for _, b := range bare {
		add("field name", b)
	}
	return out
}

// decrypt tries every key on every candidate and returns the first event
// that decrypts and parses. Failing that, it returns the error that got
// furthest: a payload that decrypted but is not a delivery, then bad
// padding, a wrong key, a bad length, bad base64.
func (p *Parser) decrypt(fields url.Values, rawBody, rawQuery string) (*Event, error) {
	var best error
	bestRank := -1
	for _, c := range candidates(fields, rawBody, rawQuery) {
		raw, err := decodeBase64(c.text)
		if err == nil {
			for _, k := range p.Keys {
				var e *Event
				e, err = decryptEvent(k, raw)
				if err == nil {
					return e, nil
				}
				if r := rank(err); r > bestRank {
					best, bestRank = &DecryptError{Source: c.source, Err: err}, r
				}
			}
			continue
		}
		if r := rank(err); r > bestRank {
			best, bestRank = &DecryptError{Source: c.source, Err: err}, r
		}
	}
	if best == nil {
		return nil, ErrEmpty
	}
	return nil, best
}

func decryptEvent(k SecureKey, raw []byte) (*Event, error) {
	if k.IsZero() {
		return nil, fmt.Errorf("%w: no key", ErrInvalidKey)
	}
	payload, err := decryptBlocks(k, raw)
	if err != nil {
		return nil, err
	}
	values, err := url.ParseQuery(string(payload))
	if err != nil {
		return nil, fmt.Errorf("%w: the decrypted payload: %v", ErrBadForm, err)
	}
	e, err := ParseValues(values)
	if err != nil {
		return nil, err
	}
	e.Encrypted = true
	return e, nil
}

func rank(err error) int {
	switch {
	case errors.Is(err, ErrBadBase64):
		return 1
	case errors.Is(err, ErrBadCiphertext):
		return 2
	case errors.Is(err, ErrWrongKey), errors.Is(err, ErrInvalidKey):
		return 3
	case errors.Is(err, ErrBadPadding), errors.Is(err, ErrDamaged):
		return 4
	}
	return 5 // the payload decrypted
}

// looksEncrypted reports whether a delivery without the documented
// fields holds something that decodes to whole AES blocks.
func looksEncrypted(fields url.Values, rawBody, rawQuery string) bool {
	for _, c := range candidates(fields, rawBody, rawQuery) {
		if raw, err := decodeBase64(c.text); err == nil && len(raw) > 0 && len(raw)%16 == 0 {
			return true
		}
	}
	return false
}

// sameSystem reports whether the system field got names the account want.
func sameSystem(got, want string) bool {
	return got != "" && normalizeSystem(got) == normalizeSystem(want)
}

// normalizeSystem returns an account address in a form to compare:
// scheme and host in lower case, no trailing slash.
func normalizeSystem(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return strings.ToLower(strings.TrimRight(s, "/"))
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + strings.TrimRight(u.EscapedPath(), "/")
}
