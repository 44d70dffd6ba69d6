package webhook

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"
)

// SecureKey is the "Secure Key" of a TribeHR webhook, made ready for the
// cipher TribeHR encrypts deliveries with. Its zero value is no key. It
// never prints: fmt, slog and the error messages of this package show
// "[REDACTED]" instead of the key.
type SecureKey struct {
	key [aes.BlockSize]byte
	set bool
}

// NewSecureKey returns the key for the Secure Key s, as it is typed in
// TribeHR's webhook settings ("any string up to 16 characters"). TribeHR
// encrypts with PHP's OpenSSL functions, which use the first 16 bytes of
// the string as both the AES-128 key and the IV, and pad a shorter string
// with zero bytes: NewSecureKey does the same, so "abc" is the key
// 61 62 63 00 00 ... 00. An empty s is ErrInvalidKey.
func NewSecureKey(s string) (SecureKey, error) {
	if s == "" {
		return SecureKey{}, fmt.Errorf("%w: the key is empty", ErrInvalidKey)
	}
	var k SecureKey
	copy(k.key[:], s)
	k.set = true
	return k, nil
}

// IsZero reports whether k is the zero SecureKey, no key.
func (k SecureKey) IsZero() bool { return !k.set }

// String returns "[REDACTED]".
func (k SecureKey) String() string { return "[REDACTED]" }

// GoString returns a redacted form for %#v.
func (k SecureKey) GoString() string { return "webhook.SecureKey{[REDACTED]}" }

// Format prints the redacted form for every verb, %x and %q included.
func (k SecureKey) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, k.GoString())
		return
	}
	fmt.Fprint(f, k.String())
}

// LogValue keeps the key out of structured logs.
func (k SecureKey) LogValue() slog.Value { return slog.StringValue("[REDACTED]") }

// Encrypt encrypts a delivery's payload (the form-encoded fields) the way
// TribeHR does for a webhook with a secure key: AES-128-CBC with the key
// as IV, PKCS#7 padding, standard base64 with padding. It exists for
// tests of receivers: a delivery to feed a Parser or a Handler. (The fake
// in package tribehrtest encrypts with its own code, written from the
// documents, so that each checks the other.) It panics if k is the zero
// SecureKey.
func Encrypt(k SecureKey, payload []byte) string {
	if !k.set {
		panic("webhook: Encrypt with the zero SecureKey")
	}
	n := aes.BlockSize - len(payload)%aes.BlockSize
	buf := make([]byte, len(payload)+n)
	copy(buf, payload)
	for i := len(payload); i < len(buf); i++ {
		buf[i] = byte(n)
	}
	block, _ := aes.NewCipher(k.key[:]) // a 16-byte key never fails
	cipher.NewCBCEncrypter(block, k.key[:]).CryptBlocks(buf, buf)
	return base64.StdEncoding.EncodeToString(buf)
}

// Decrypt decrypts the base64 ciphertext of an encrypted delivery and
// returns the payload: the text of a form, such as
// "user_id=25&user_name=...&hook=User.Edit.25&...".
//
// The placement and transport of the ciphertext are not documented, so
// Decrypt repairs what a trip through a form can do to base64: spaces
// are read as the "+" they were before form decoding turned them into
// spaces, line breaks and tabs are dropped, the URL-safe alphabet ("-",
// "_") is read as the standard one, and the "=" padding may be missing.
//
// The errors are distinct: ErrBadBase64 when the text is not base64,
// ErrBadCiphertext when it is not a whole number of AES blocks,
// ErrWrongKey when the first block does not decrypt to form text (the
// key is wrong, or the ciphertext is not TribeHR's), ErrBadPadding when
// it does but the PKCS#7 padding is wrong (the ciphertext was cut or
// damaged), ErrDamaged when a later block decrypts to something other
// than form text (blocks changed or spliced in).
//
// There is no MAC and the IV is fixed: a successful Decrypt shows that
// whoever made the ciphertext knew the key or replayed one TribeHR made,
// not that TribeHR sent it now. See the package documentation.
func Decrypt(k SecureKey, ciphertext string) ([]byte, error) {
	if !k.set {
		return nil, fmt.Errorf("%w: no key", ErrInvalidKey)
	}
	raw, err := decodeBase64(ciphertext)
	if err != nil {
		return nil, err
	}
	return decryptBlocks(k, raw)
}

// decodeBase64 decodes base64 after the repairs Decrypt describes.
func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ':
			return '+'
		case '\r', '\n', '\t':
			return -1
		case '-':
			return '+'
		case '_':
			return '/'
		}
		return r
	}, s)
	s = strings.TrimRight(s, "=")
	if s == "" {
		return nil, ErrBadCiphertext
	}
	raw, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrBadBase64
	}
	return raw, nil
}

// decryptBlocks decrypts raw with k and strips the padding.
func decryptBlocks(k SecureKey, raw []byte) ([]byte, error) {
	if len(raw) == 0 || len(raw)%aes.BlockSize != 0 {
		return nil, ErrBadCiphertext
	}
	block, _ := aes.NewCipher(k.key[:])
	out := make([]byte, len(raw))
	cipher.NewCBCDecrypter(block, k.key[:]).CryptBlocks(out, raw)

	n := len(out)
	pad := int(out[n-1])
	padOK := pad >= 1 && pad <= aes.BlockSize
	for i := n - pad; padOK && i < n; i++ {
		padOK = out[i] == byte(pad)
	}
	// Under the right key the first block is the start of the form text;
	// under a wrong one it is noise, which is printable ASCII with a
	// chance of about 1 in 10 million.
	first := out[:aes.BlockSize]
	if padOK && n == aes.BlockSize {
		first = first[:aes.BlockSize-pad]
	}
	if !isFormText(first) {
		return nil, ErrWrongKey
	}
	if !padOK {
		return nil, ErrBadPadding
	}
	// With the right key, a block changed or spliced in decrypts to noise
	// (and garbles the block after it): no delivery has that.
	if !isFormText(out[:n-pad]) {
		return nil, ErrDamaged
	}
	return out[:n-pad], nil
}

// isFormText reports whether b holds only printable ASCII, as a
// form-encoded payload does.
func isFormText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}
