package webhook

import (
	"errors"
	"fmt"
)

// The errors of parsing a delivery. Each is matched with errors.Is; the
// errors of one field or of one ciphertext also come as a *FieldError or a
// *DecryptError for errors.As. None of them holds the secure key or a whole
// payload, so they are safe to log.
var (
	// ErrMissingField: a field every delivery carries (hook, object,
	// object_id, user_id) is not there. See FieldError.
	ErrMissingField = errors.New("webhook: missing field")
	// ErrMalformedField: a field is there but cannot be read (an id that
	// is not a number, a hook that is not Object.Action.ID, a hook that
	// disagrees with object or object_id, a field sent twice with
	// different values). See FieldError.
	ErrMalformedField = errors.New("webhook: malformed field")

	// ErrBadBase64: the ciphertext is not base64 (after the repairs
	// described on Decrypt). See DecryptError.
	ErrBadBase64 = errors.New("webhook: ciphertext is not base64")
	// ErrBadCiphertext: the ciphertext decodes, but is empty or not a
	// whole number of 16-byte AES blocks.
	ErrBadCiphertext = errors.New("webhook: ciphertext is not a whole number of AES blocks")
	// ErrWrongKey: the ciphertext does not decrypt to the text of a form
	// under the secure key: the key is not the webhook's, or the
	// ciphertext was not made by TribeHR.
	ErrWrongKey = errors.New("webhook: the secure key does not decrypt this delivery")
	// ErrBadPadding: the ciphertext decrypts to the text of a form, but its
	// PKCS#7 padding is wrong: the ciphertext was cut short or damaged.
	ErrBadPadding = errors.New("webhook: bad PKCS#7 padding")
	// ErrDamaged: the ciphertext decrypts to form text at its start but
	// to noise further on: blocks were changed, or spliced from another
	// ciphertext.
	ErrDamaged = errors.New("webhook: the ciphertext is damaged")

	// ErrNotEncrypted: a secure key is set, but the delivery came in plain
	// form fields. Anybody can send those; see WithPlainDeliveries for a
	// migration to a key.
	ErrNotEncrypted = errors.New("webhook: a secure key is set but the delivery is not encrypted")
	// ErrEncrypted: no secure key is set, but the delivery holds a
	// ciphertext instead of the documented fields.
	ErrEncrypted = errors.New("webhook: the delivery is encrypted but no secure key is set")
	// ErrWrongSystem: the delivery's system field is not the account's
	// base URL the parser expects (Parser.System, WithSystem).
	ErrWrongSystem = errors.New("webhook: the delivery names another account")
	// ErrBodyTooLarge: the body is larger than the parser's limit.
	ErrBodyTooLarge = errors.New("webhook: body too large")
	// ErrBadForm: the body or the query is not form-encoded (a bad
	// percent escape, a broken multipart body).
	ErrBadForm = errors.New("webhook: the delivery is not form-encoded")
	// ErrEmpty: the request carries no form fields and no body.
	ErrEmpty = errors.New("webhook: empty delivery")

	// ErrInvalidKey: a secure key is empty.
	ErrInvalidKey = errors.New("webhook: invalid secure key")
)

// FieldError reports a delivery field that is missing or cannot be read.
// Err is ErrMissingField or ErrMalformedField.
type FieldError struct {
	// Field is the form field, such as "hook" or "object_id".
	Field string
	// Value is the start of what arrived, quoted, at most a few dozen
	// bytes ("" when missing).
	Value string
	// Reason says what is wrong with a malformed field.
	Reason string
	Err    error
}

// Error names the field and what is wrong with it.
func (e *FieldError) Error() string {
	if e.Err == ErrMissingField {
		return fmt.Sprintf("%v %s", e.Err, e.Field)
	}
	if e.Value == "" {
		return fmt.Sprintf("%v %s: %s", e.Err, e.Field, e.Reason)
	}
	return fmt.Sprintf("%v %s %s: %s", e.Err, e.Field, e.Value, e.Reason)
}

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

func missing(field string) error { return &FieldError{Field: field, Err: ErrMissingField} }

func malformed(field, value, reason string) error {
	return &FieldError{Field: field, Value: quote(value), Reason: reason, Err: ErrMalformedField}
}

// DecryptError reports why a ciphertext could not be decrypted. Err is
// ErrBadBase64, ErrBadCiphertext, ErrWrongKey, ErrBadPadding or
// ErrDamaged, or, when
// the ciphertext decrypted but the payload inside is not a delivery, the
// payload's *FieldError.
type DecryptError struct {
	// Source is where the ciphertext was found: "body", "query",
	// "field name" (a form field's name), or "field " and the form
	// field's name, quoted.
	Source string
	Err    error
}

// Error says where the ciphertext was and why it did not decrypt.
func (e *DecryptError) Error() string {
	return fmt.Sprintf("webhook: decrypting the %s: %v", e.Source, e.Err)
}

// Unwrap returns Err.
func (e *DecryptError) Unwrap() error { return e.Err }
