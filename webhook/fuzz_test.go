package webhook

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzParseDelivery feeds the parser arbitrary queries, content types and
// bodies, with and without a key. It must never panic, must fail only
// with this package's errors, and what it accepts must be a full handle
// that reads back the same from its own fields.
func FuzzParseDelivery(f *testing.F) {
	k := mustKey(f, shortKey)
	for _, s := range []struct {
		query, contentType, body string
		keyed                    bool
	}{
		{"", formType, docFields, false},
		{docFields, "", "", false},
		{"", formType, shortCiphertext, true},
		{"", formType, "data=" + url.QueryEscape(shortCiphertext), true},
		{"", formType, "data=" + shortCiphertext, true},
		{shortCiphertext, "", "", true},
		{"", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n" + shortCiphertext + "\r\n--b--\r\n", true},
		{"", formType, "hook=Note.Edit.34&object=Note&object_id=34&user_id=1", false},
		{"", formType, "hook=Note.Edit.34&object=note&object_id=034&user_id=00", false},
		{"x=%", formType, "%zz", true},
	} {
		f.Add(s.query, s.contentType, s.body, s.keyed)
	}
	f.Fuzz(func(t *testing.T, query, contentType, body string, keyed bool) {
		p := Parser{MaxBodyBytes: 1 << 16}
		if keyed {
			p.Keys = []SecureKey{k}
		}
		r, err := http.NewRequest(http.MethodPost, "http://h/?"+url.PathEscape(query), strings.NewReader(body))
		require.NoError(t, err)
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", contentType)
		e, err := p.Parse(r)
		if err != nil {
			assert.Nil(t, e)
			assert.True(t, isPackageError(err), "an error of its own: %v", err)
			return
		}
		require.True(t, e.Full(), "a delivery has a full handle: %v", e.Handle)
		assert.Equal(t, keyed, e.Encrypted)
		back, err := ParseValues(e.Values())
		require.NoError(t, err)
		back.Encrypted = e.Encrypted
		assert.Equal(t, e, back)
	})
}

func isPackageError(err error) bool {
	for _, target := range []error{ErrMissingField, ErrMalformedField, ErrBadBase64, ErrBadCiphertext, ErrWrongKey,
		ErrBadPadding, ErrDamaged, ErrNotEncrypted, ErrEncrypted, ErrWrongSystem, ErrBodyTooLarge, ErrBadForm, ErrEmpty} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// FuzzDecrypt decrypts arbitrary text under arbitrary keys without
// panicking, and round-trips every payload Encrypt makes of form text.
func FuzzDecrypt(f *testing.F) {
	f.Add(docKey, []byte(docPlaintext), docCiphertext)
	f.Add(shortKey, []byte(shortPlaintext), strings.ReplaceAll(shortCiphertext, "+", " "))
	f.Add("k", []byte(""), "====")
	f.Add("0123456789abcdef0", []byte("a=b"), "AAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, key string, payload []byte, ciphertext string) {
		k, err := NewSecureKey(key)
		if err != nil {
			assert.ErrorIs(t, err, ErrInvalidKey)
			return
		}
		if got, err := Decrypt(k, ciphertext); err != nil {
			assert.Nil(t, got)
			assert.True(t, errors.Is(err, ErrBadBase64) || errors.Is(err, ErrBadCiphertext) ||
				errors.Is(err, ErrWrongKey) || errors.Is(err, ErrBadPadding) || errors.Is(err, ErrDamaged), "%v", err)
		}
		ct := Encrypt(k, payload)
		got, err := Decrypt(k, ct)
		first := payload
		if len(first) > 16 {
			first = first[:16]
		}
		if !isFormText(first) {
			assert.ErrorIs(t, err, ErrWrongKey, "a payload that starts with no form text reads as a wrong key")
			return
		}
		if !isFormText(payload) {
			assert.ErrorIs(t, err, ErrDamaged, "a payload with no form text further on reads as damaged")
			return
		}
		require.NoError(t, err)
		assert.Equal(t, string(payload), string(got))
		// The repairs never change a well-formed ciphertext's meaning.
		got, err = Decrypt(k, strings.ReplaceAll(ct, "+", " "))
		require.NoError(t, err)
		assert.Equal(t, string(payload), string(got))
	})
}
