package webhook

import (
	"bytes"
	"encoding/base64"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docFields is the plain form of the documents' example delivery.
const docFields = docPlaintext

// docEvent is what docFields parses to.
func docEvent() *Event {
	return &Event{
		Handle: Handle{Object: ObjectUser, Action: ActionEdit, ID: 25},
		Hook:   "User.Edit.25",
		Actor:  Actor{ID: 25, Name: "username 25"},
		System: "https://performance.mytribehr.dev/",
		Text:   "User.Edit.25 by username 25 at https://performance.mytribehr.dev/",
	}
}

// post builds a delivery request.
func post(target, contentType, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	return r
}

const formType = "application/x-www-form-urlencoded"

func TestParsePlain(t *testing.T) {
	var p Parser
	multipartBody, multipartType := multipartForm(t, mustValues(t, docFields))
	for name, r := range map[string]*http.Request{
		"form body":          post("/hook", formType, docFields),
		"form body, no type": post("/hook", "", docFields),
		"GET query":          httptest.NewRequest(http.MethodGet, "/hook?"+docFields, nil),
		"query and body": post("/hook?user_id=25&user_name=username+25&system=https%3A%2F%2Fperformance.mytribehr.dev%2F", formType,
			"object_id=25&object=User&hook=User.Edit.25&text=User.Edit.25+by+username+25+at+https%3A%2F%2Fperformance.mytribehr.dev%2F"),
		"same field in both": post("/hook?hook=User.Edit.25", formType, docFields),
		"multipart":          post("/hook", multipartType, multipartBody),
	} {
		e, err := p.Parse(r)
		require.NoError(t, err, name)
		assert.Equal(t, docEvent(), e, name)
	}
}

func mustValues(t *testing.T, s string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(s)
	require.NoError(t, err)
	return v
}

func multipartForm(t *testing.T, v url.Values) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vals := range v {
		for _, val := range vals {
			require.NoError(t, mw.WriteField(k, val))
		}
	}
	require.NoError(t, mw.Close())
	return b.String(), mw.FormDataContentType()
}

func TestParseKeepsUndocumentedFields(t *testing.T) {
	var p Parser
	e, err := p.Parse(post("/", formType, docFields+"&account_id=9&account_id=10"))
	require.NoError(t, err)
	assert.Equal(t, url.Values{"account_id": {"9", "10"}}, e.Extra)

	// Encode writes TribeHR's order, then the extra fields; it parses back.
	assert.Equal(t, docFields+"&account_id=9&account_id=10", e.Encode())
	back, err := ParseValues(e.Values())
	require.NoError(t, err)
	assert.Equal(t, e, back)
}

func TestParseFieldErrors(t *testing.T) {
	base := mustValues(t, docFields)
	with := func(k, v string) string {
		c := url.Values{}
		for key, vals := range base {
			c[key] = append([]string(nil), vals...)
		}
		if v == "\x00delete" {
			c.Del(k)
		} else {
			c.Set(k, v)
		}
		return c.Encode()
	}
	for _, tc := range []struct {
		name, body, field string
		want              error
	}{
		{"no hook", with("hook", "\x00delete"), "hook", ErrMissingField},
		{"empty hook", with("hook", " "), "hook", ErrMissingField},
		{"no object", with("object", "\x00delete"), "object", ErrMissingField},
		{"no object_id", with("object_id", "\x00delete"), "object_id", ErrMissingField},
		{"no user_id", with("user_id", "\x00delete"), "user_id", ErrMissingField},
		{"partial hook", with("hook", "User.Edit"), "hook", ErrMalformedField},
		{"hook with bad id", with("hook", "User.Edit.x"), "hook", ErrMalformedField},
		{"hook of four parts", with("hook", "User.Edit.25.1"), "hook", ErrMalformedField},
		{"object differs", with("object", "Note"), "object", ErrMalformedField},
		{"object_id not a number", with("object_id", "twenty-five"), "object_id", ErrMalformedField},
		{"object_id zero", with("object_id", "0"), "object_id", ErrMalformedField},
		{"object_id negative", with("object_id", "-25"), "object_id", ErrMalformedField},
		{"object_id differs", with("object_id", "26"), "object_id", ErrMalformedField},
		{"user_id not a number", with("user_id", "alice"), "user_id", ErrMalformedField},
		{"user_id negative", with("user_id", "-1"), "user_id", ErrMalformedField},
		{"conflicting hook", docFields + "&hook=User.Edit.26", "hook", ErrMalformedField},
		{"conflicting text", docFields + "&text=other", "text", ErrMalformedField},
	} {
		var p Parser
		_, err := p.Parse(post("/", formType, tc.body))
		require.ErrorIs(t, err, tc.want, tc.name)
		var fe *FieldError
		require.ErrorAs(t, err, &fe, tc.name)
		assert.Equal(t, tc.field, fe.Field, tc.name)
		assert.Contains(t, err.Error(), tc.field, tc.name)
	}

	// A zero user_id (a change no user made) is kept.
	var p Parser
	e, err := p.Parse(post("/", formType, with("user_id", "0")))
	require.NoError(t, err)
	assert.Zero(t, e.Actor.ID)
}

func TestParseRequestErrors(t *testing.T) {
	var p Parser
	_, err := p.Parse(post("/", formType, ""))
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = p.Parse(httptest.NewRequest(http.MethodGet, "/", nil))
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = p.Parse(post("/", formType, docFields+"&bad=%zz"))
	assert.ErrorIs(t, err, ErrBadForm)
	_, err = p.Parse(post("/?x=%", formType, docFields))
	assert.ErrorIs(t, err, ErrBadForm)
	_, err = p.Parse(post("/", "multipart/form-data; boundary=xyz", "not multipart"))
	assert.ErrorIs(t, err, ErrBadForm)
	_, err = p.Parse(post("/", "multipart/form-data", docFields))
	assert.ErrorIs(t, err, ErrBadForm)
	_, err = p.Parse(post("/", "application/json", `{"hook":"User.Edit.25"}`))
	assert.ErrorIs(t, err, ErrMissingField)

	small := Parser{MaxBodyBytes: 100}
	_, err = small.Parse(post("/", formType, docFields))
	assert.ErrorIs(t, err, ErrBodyTooLarge)
	r := post("/", formType, docFields)
	r.ContentLength = -1 // chunked: the limit applies while reading
	_, err = small.Parse(r)
	assert.ErrorIs(t, err, ErrBodyTooLarge)
	_, err = (&Parser{MaxBodyBytes: int64(len(docFields))}).Parse(post("/", formType, docFields))
	assert.NoError(t, err, "a body of exactly the limit is read")
}

func TestParseSystem(t *testing.T) {
	for _, system := range []string{"https://performance.mytribehr.dev/", "https://performance.mytribehr.dev", "HTTPS://Performance.MyTribeHR.dev/"} {
		p := Parser{System: system}
		_, err := p.Parse(post("/", formType, docFields))
		assert.NoError(t, err, system)
	}
	for _, system := range []string{"https://other.mytribehr.com/", "http://performance.mytribehr.dev/", "https://performance.mytribehr.dev/x/"} {
		p := Parser{System: system}
		_, err := p.Parse(post("/", formType, docFields))
		assert.ErrorIs(t, err, ErrWrongSystem, system)
	}
	// A delivery without a system field cannot be checked: refused.
	p := Parser{System: "https://performance.mytribehr.dev/"}
	v := mustValues(t, docFields)
	v.Del("system")
	_, err := p.Parse(post("/", formType, v.Encode()))
	assert.ErrorIs(t, err, ErrWrongSystem)
}

// TestParseEncryptedPlacements decrypts a ciphertext wherever it may be,
// since TribeHR does not say where it puts it.
func TestParseEncryptedPlacements(t *testing.T) {
	p := Parser{Keys: []SecureKey{mustKey(t, shortKey)}}
	ct := shortCiphertext // starts with "+", holds more
	esc := url.QueryEscape(ct)
	for name, r := range map[string]*http.Request{
		"whole body, form type":          post("/", formType, ct),
		"whole body, text type":          post("/", "text/plain", ct),
		"whole body, percent-encoded":    post("/", formType, esc),
		"whole body, wrapped":            post("/", formType, wrap(ct, 64, "\n")),
		"field, escaped":                 post("/", formType, "data="+esc),
		"field, unescaped (+ as spaces)": post("/", formType, "payload="+ct),
		"field among others":             post("/", formType, "a=1&encrypted="+esc+"&z=2"),
		"field, multipart":               multipartPost(t, "data", ct),
		"query, raw":                     httptest.NewRequest(http.MethodGet, "/?"+ct, nil),
		"query, raw after a token":       httptest.NewRequest(http.MethodGet, "/?token=abc&"+ct, nil),
		"query field":                    httptest.NewRequest(http.MethodGet, "/?data="+esc, nil),
		"query field, unescaped":         httptest.NewRequest(http.MethodGet, "/?data="+ct, nil),
		"query on a POST":                post("/?"+ct, formType, ""),
	} {
		e, err := p.Parse(r)
		require.NoError(t, err, name)
		assert.True(t, e.Encrypted, name)
		assert.Equal(t, Handle{Object: ObjectLeaveRequest, Action: ActionAdd, ID: 7}, e.Handle, name)
		assert.Equal(t, Actor{ID: 2, Name: "emma"}, e.Actor, name)
		assert.Equal(t, "https://acme.mytribehr.com/", e.System, name)
	}
}

func multipartPost(t *testing.T, field, value string) *http.Request {
	body, typ := multipartForm(t, url.Values{field: {value}})
	return post("/", typ, body)
}

func TestParseEncryptedKeys(t *testing.T) {
	body := docCiphertext
	// Key rotation: any of the keys decrypts.
	p := Parser{Keys: []SecureKey{mustKey(t, "new key"), mustKey(t, docKey)}}
	e, err := p.Parse(post("/", formType, body))
	require.NoError(t, err)
	assert.Equal(t, ObjectUser, e.Object)

	for _, tc := range []struct {
		name string
		p    Parser
		r    *http.Request
		want error
	}{
		{"wrong key", Parser{Keys: []SecureKey{mustKey(t, "wrong")}}, post("/", formType, body), ErrWrongKey},
		{"bad base64", p, post("/", formType, "***not base64***"), ErrBadBase64},
		{"not whole blocks", p, post("/", formType, "data="+url.QueryEscape(body[:30])), ErrBadCiphertext},
		{"cut short", p, post("/", formType, base64Cut(t, body, 16)), ErrBadPadding},
		{"plain delivery with a key set", p, post("/", formType, docFields), ErrNotEncrypted},
		{"encrypted delivery without a key", Parser{}, post("/", formType, body), ErrEncrypted},
		{"encrypted field without a key", Parser{}, post("/", formType, "data="+url.QueryEscape(body)), ErrEncrypted},
		{"ciphertext of a form that is not a delivery", p, post("/", formType, Encrypt(mustKey(t, docKey), []byte("a=b&c=d"))), ErrMissingField},
		{"ciphertext of something else", p, post("/", formType, Encrypt(mustKey(t, docKey), []byte("%zz"))), ErrBadForm},
		{"wrong system inside", Parser{Keys: p.Keys, System: "https://acme.mytribehr.com/"}, post("/", formType, body), ErrWrongSystem},
	} {
		_, err := tc.p.Parse(tc.r)
		require.ErrorIs(t, err, tc.want, tc.name)
		assert.NotContains(t, err.Error(), docKey, tc.name)
		assert.NotContains(t, err.Error(), "username 25", "%s: no payload in the error", tc.name)
	}

	// A decryption error says where the ciphertext was.
	_, err = Parser{Keys: []SecureKey{mustKey(t, "wrong")}}.parseRequest(post("/", formType, "data="+url.QueryEscape(body)))
	var de *DecryptError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, `field "data"`, de.Source)

	// With AllowPlain, plain deliveries pass while the key is being set,
	// and encrypted ones still decrypt.
	both := Parser{Keys: p.Keys, AllowPlain: true}
	e, err = both.Parse(post("/", formType, docFields))
	require.NoError(t, err)
	assert.False(t, e.Encrypted)
	e, err = both.Parse(post("/", formType, body))
	require.NoError(t, err)
	assert.True(t, e.Encrypted)
}

// parseRequest is Parse on a copy, for table values.
func (p Parser) parseRequest(r *http.Request) (*Event, error) { return p.Parse(r) }

// base64Cut returns the base64 ciphertext with n bytes cut off its end.
func base64Cut(t *testing.T, ct string, n int) string {
	raw := mustDecode(t, ct)
	return base64.StdEncoding.EncodeToString(raw[:len(raw)-n])
}

func TestParseValuesDirect(t *testing.T) {
	_, err := ParseValues(url.Values{})
	var fe *FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "hook", fe.Field)
	assert.Equal(t, "webhook: missing field hook", err.Error())
	e, err := ParseValues(mustValues(t, docFields))
	require.NoError(t, err)
	assert.Equal(t, "User.Edit.25 by username 25 (user 25)", e.String())
}
