package webhook

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The vectors below were not made by this package, so they test it
// against independent implementations of AES-128-CBC.
const (
	// docKey, docCiphertext and docPlaintext are the example of TribeHR's
	// post "Custom Leave Notifications via TribeHR Webhooks" (its Webhooks
	// archive): the key "1234567890123456", also the IV, and the message
	// that PHP's openssl_decrypt(base64_decode(...), "AES-128-CBC", key,
	// OPENSSL_RAW_DATA, iv) turns into the payload. The openssl command
	// line agrees:
	//	openssl enc -d -aes-128-cbc -K 31323334353637383930313233343536 \
	//	  -iv 31323334353637383930313233343536 -base64 -A
	docKey        = "1234567890123456"
	docCiphertext = "3jP7YzjldS1cBbcTriOnjCyz6PRlKx5hS0mJzSaq4QFQ9hJo6Q5HYA5Plk6L4VQ5BqQ3mTNx/lQPAef3YBEgTCgSr2MP4K4v8sTUjnUa0WP9467PbUkcSWJb2flKKscbLJpfNCVNb0unhlXWAXsifUwGPIo8VKfFhMNhX9Vn7kgRX0Ww2l6U7/vgPavM+DDixoXFq/oFYNJWbUu4gtJhZiRRQy16yZik0MbTeiM/q0wH+ai7UDoWvJCOmartGQD2wyWchui3dl1ccMudoylhvg=="
	docPlaintext  = "user_id=25&user_name=username+25&system=https%3A%2F%2Fperformance.mytribehr.dev%2F&object_id=25&object=User&hook=User.Edit.25&text=User.Edit.25+by+username+25+at+https%3A%2F%2Fperformance.mytribehr.dev%2F"

	// shortKey and shortCiphertext were made with the openssl command line
	// for a key shorter than 16 bytes, zero-padded as PHP's OpenSSL pads
	// it ("abc" = 61 62 63 and 13 zero bytes, key and IV):
	//	printf %s "$shortPlaintext" | openssl enc -aes-128-cbc \
	//	  -K 61626300000000000000000000000000 \
	//	  -iv 61626300000000000000000000000000 -base64 -A
	// The ciphertext starts with "+", which a form decoder turns into a
	// space when it arrives unescaped.
	shortKey        = "abc"
	shortCiphertext = "+Clu52fIrzoe8z/3abqUseCC23k9MdNCjWsT1pKnRygXRpvzEXLvATI3gqGu72wmb1K6HltP0oYJM1rstPj5AIEMchXqGXcWJuIBD98RL17yNVsKjEFlJvAanNBn27e82L89L1JxON14X0k3EDTu4ScefhnX6iYPDXzup3qp/tEkOUasdCTf8l3gMJkjFEzf5nmQYgiOS81oi6f3g6Dob/5nnwvNskXemuRYAO3GG+CZQfcoPeFKR6YIxeBxkZTv0VURLC6qFAlphCtyxW9e5w=="
	shortPlaintext  = "user_id=2&user_name=emma&system=https%3A%2F%2Facme.mytribehr.com%2F&object_id=7&object=LeaveRequest&hook=LeaveRequest.Add.7&text=LeaveRequest.Add.7+by+emma+at+https%3A%2F%2Facme.mytribehr.com%2F"
)

func mustKey(t testing.TB, s string) SecureKey {
	t.Helper()
	k, err := NewSecureKey(s)
	require.NoError(t, err)
	return k
}

func TestDecryptTheDocumentsVectors(t *testing.T) {
	got, err := Decrypt(mustKey(t, docKey), docCiphertext)
	require.NoError(t, err)
	assert.Equal(t, docPlaintext, string(got))

	got, err = Decrypt(mustKey(t, shortKey), shortCiphertext)
	require.NoError(t, err)
	assert.Equal(t, shortPlaintext, string(got))

	// Encrypt is deterministic (fixed IV), so it must give the same bytes.
	assert.Equal(t, docCiphertext, Encrypt(mustKey(t, docKey), []byte(docPlaintext)))
	assert.Equal(t, shortCiphertext, Encrypt(mustKey(t, shortKey), []byte(shortPlaintext)))
}

// requireOpenSSL returns the path of the openssl command. Without it the
// test fails rather than passing unchecked: install Debian's openssl
// package (.ci/run does).
func requireOpenSSL(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("openssl")
	require.NoError(t, err, "the comparison with the openssl command line needs openssl installed (apt-get install openssl)")
	return path
}

// openssl runs `openssl enc -aes-128-cbc` with the key (zero-padded to 16
// bytes, as key and IV) on stdin and returns its output.
func openssl(t *testing.T, decrypt bool, key string, stdin []byte) []byte {
	t.Helper()
	padded := make([]byte, 16)
	copy(padded, key)
	hexKey := hex.EncodeToString(padded)
	args := []string{"enc", "-aes-128-cbc", "-K", hexKey, "-iv", hexKey, "-base64", "-A"}
	if decrypt {
		args = append(args, "-d")
	}
	cmd := exec.Command(requireOpenSSL(t), args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "openssl: %s", stderr.String())
	return out
}

// TestAgainstOpenSSL encrypts with the openssl command line and decrypts
// here, and the other way round, for keys of every length TribeHR allows
// and for payloads around the block size (padding of 16 down to 1).
func TestAgainstOpenSSL(t *testing.T) {
	requireOpenSSL(t)
	keys := []string{"k", "ab", "secret", "0123456789abcde", docKey, "clé", "sixteen chars!!!"}
	payloads := []string{
		"", "a", "user_id=1&hook=x", "user_id=1&hook=xy", "user_id=1&hook=xyz",
		strings.Repeat("x", 31), strings.Repeat("y", 32), strings.Repeat("z", 33), docPlaintext,
	}
	for _, key := range keys {
		for _, p := range payloads {
			name := fmt.Sprintf("key %d bytes, payload %d bytes", len(key), len(p))
			k := mustKey(t, key)
			ct := strings.TrimSpace(string(openssl(t, false, key, []byte(p))))
			assert.Equal(t, ct, Encrypt(k, []byte(p)), name)
			if p == "" {
				continue // one block of padding: Decrypt refuses it as no form text, see below
			}
			got, err := Decrypt(k, ct)
			require.NoError(t, err, name)
			assert.Equal(t, p, string(got), name)
			back := openssl(t, true, key, []byte(Encrypt(k, []byte(p))))
			assert.Equal(t, p, string(back), name)
		}
	}
}

func TestDecryptEmptyPayload(t *testing.T) {
	k := mustKey(t, "k")
	got, err := Decrypt(k, Encrypt(k, nil))
	require.NoError(t, err, "a block of padding alone decrypts to nothing")
	assert.Empty(t, got)
}

func TestDecryptRepairsTransportDamage(t *testing.T) {
	k := mustKey(t, shortKey)
	for name, ct := range map[string]string{
		"+ turned into spaces":   strings.ReplaceAll(shortCiphertext, "+", " "),
		"no = padding":           strings.TrimRight(shortCiphertext, "="),
		"wrapped at 64 columns":  wrap(shortCiphertext, 64, "\n"),
		"wrapped with CRLF":      wrap(shortCiphertext, 76, "\r\n"),
		"URL-safe alphabet":      base64.URLEncoding.EncodeToString(mustDecode(t, shortCiphertext)),
		"URL-safe, no padding":   base64.RawURLEncoding.EncodeToString(mustDecode(t, shortCiphertext)),
		"spaces and no padding":  strings.TrimRight(strings.ReplaceAll(shortCiphertext, "+", " "), "="),
		"surrounding whitespace": "\n\t" + shortCiphertext + "\r\n",
	} {
		got, err := Decrypt(k, ct)
		require.NoError(t, err, name)
		assert.Equal(t, shortPlaintext, string(got), name)
	}
}

func wrap(s string, n int, nl string) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + nl)
		s = s[n:]
	}
	b.WriteString(s)
	return b.String()
}

func mustDecode(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestDecryptErrors(t *testing.T) {
	k := mustKey(t, docKey)
	raw := mustDecode(t, docCiphertext)
	enc := base64.StdEncoding.EncodeToString

	// A ciphertext cut at a block boundary keeps its first block but loses
	// its padding; one with its last block damaged too.
	damaged := append([]byte(nil), raw...)
	damaged[len(damaged)-17] ^= 0x55 // flips the last plaintext byte, the padding
	changed := append([]byte(nil), raw...)
	changed[40] ^= 0x01 // garbles the third block, flips a bit of the fourth
	other := mustDecode(t, Encrypt(k, []byte(strings.Repeat("user_id=1&hook=x", 8))))
	spliced := append(append([]byte(nil), raw[:64]...), other[80:]...)

	for _, tc := range []struct {
		name string
		key  SecureKey
		ct   string
		want error
	}{
		{"not base64", k, "this is not base64!", ErrBadBase64},
		{"stray characters", k, docCiphertext[:40] + "*" + docCiphertext[41:], ErrBadBase64},
		{"empty", k, "", ErrBadCiphertext},
		{"only padding", k, "====", ErrBadCiphertext},
		{"not whole blocks", k, enc(raw[:20]), ErrBadCiphertext},
		{"wrong key", mustKey(t, "6543210987654321"), docCiphertext, ErrWrongKey},
		{"key of another length", mustKey(t, "123456789012345"), docCiphertext, ErrWrongKey},
		{"random bytes", k, enc(bytes.Repeat([]byte{0xA5}, 64)), ErrWrongKey},
		{"cut at a block boundary", k, enc(raw[:len(raw)-16]), ErrBadPadding},
		{"damaged padding", k, enc(damaged), ErrBadPadding},
		{"a block changed", k, enc(changed), ErrDamaged},
		{"blocks spliced from another ciphertext", k, enc(spliced), ErrDamaged},
	} {
		got, err := Decrypt(tc.key, tc.ct)
		assert.ErrorIs(t, err, tc.want, tc.name)
		assert.Nil(t, got, tc.name)
		if err != nil {
			assert.NotContains(t, err.Error(), docKey, "an error never shows the key")
		}
	}
	_, err := Decrypt(SecureKey{}, docCiphertext)
	assert.ErrorIs(t, err, ErrInvalidKey)
}

func TestSecureKey(t *testing.T) {
	_, err := NewSecureKey("")
	assert.ErrorIs(t, err, ErrInvalidKey)
	assert.True(t, SecureKey{}.IsZero())
	assert.Panics(t, func() { Encrypt(SecureKey{}, []byte("x")) })

	// Longer than 16 bytes: the first 16 count, as with PHP's OpenSSL.
	long := mustKey(t, docKey+"and more")
	got, err := Decrypt(long, docCiphertext)
	require.NoError(t, err)
	assert.Equal(t, docPlaintext, string(got))

	// The key never prints.
	k := mustKey(t, docKey)
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("key", "k", k, "p", &k)
	for _, s := range []string{
		fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s %q %x %X %d", k, k, k, k, k, k, k, k),
		fmt.Sprintf("%v", struct{ K SecureKey }{k}), fmt.Sprintf("%+v", &k), logged.String(),
	} {
		assert.NotContains(t, s, docKey)
		assert.NotContains(t, s, hex.EncodeToString([]byte(docKey)))
		assert.NotContains(t, s, "49 50 51") // the bytes in decimal
		assert.Contains(t, s, "REDACTED")
	}
}
