package tribehr

import (
	"bytes"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number, such as a salary rate ("65346.30") or
// days of leave used ("5.0"). The API sends decimals as strings; Decimal
// keeps the text it received, so no value passes through a float64.
type Decimal struct {
	s string
}

// ParseDecimal reads a decimal such as "65346.30", "-1.5" or "2".
func ParseDecimal(s string) (Decimal, error) {
	if !validDecimal(s) {
		return Decimal{}, fmt.Errorf("tribehr: invalid decimal %q", s)
	}
	return Decimal{s: s}, nil
}

// MustDecimal is like ParseDecimal but panics on invalid input; for
// constants in code and tests.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

func validDecimal[S string | []byte](s S) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		frac := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			frac++
		}
		if frac == 0 {
			return false
		}
		digits += frac
	}
	return digits > 0 && i == len(s)
}

// String returns the decimal exactly as received, or "" for the zero
// Decimal.
func (d Decimal) String() string { return d.s }

// IsZero reports whether d holds no value (it was never set); a Decimal
// holding "0.0" is not zero in this sense.
func (d Decimal) IsZero() bool { return d.s == "" }

// Rat returns d as an exact rational number; nil for the zero Decimal.
func (d Decimal) Rat() *big.Rat {
	if d.s == "" {
		return nil
	}
	r, ok := new(big.Rat).SetString(d.s)
	if !ok {
		return nil
	}
	return r
}

// Float64 returns d as the nearest float64: for display and rough
// arithmetic, never for money.
func (d Decimal) Float64() float64 {
	f, _ := strconv.ParseFloat(d.s, 64)
	return f
}

// Normalized returns d without the trailing zeros of its fraction, for
// display: "4.000000" becomes "4", "0.500000" "0.5", "-0.0" "0". The
// number is the same.
func (d Decimal) Normalized() Decimal {
	s := d.s
	if strings.IndexByte(s, '.') < 0 {
		return d
	}
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	switch s {
	case "", "-", "+", "-0", "+0":
		s = "0"
	}
	return Decimal{s: s}
}

// Equal reports whether d and e are the same number ("5.0" and "5" are).
func (d Decimal) Equal(e Decimal) bool {
	return d.s == e.s || d.Cmp(e) == 0 && !d.IsZero() && !e.IsZero()
}

// Cmp compares d and e numerically: -1, 0 or +1. A zero Decimal counts as 0.
func (d Decimal) Cmp(e Decimal) int {
	a, b := d.Rat(), e.Rat()
	if a == nil {
		a = new(big.Rat)
	}
	if b == nil {
		b = new(big.Rat)
	}
	return a.Cmp(b)
}

// MarshalJSON writes d as a JSON string, as the API does, or null for the
// zero Decimal.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d.s == "" {
		return []byte("null"), nil
	}
	return []byte(`"` + d.s + `"`), nil
}

// UnmarshalJSON reads a decimal sent as a JSON string or a JSON number,
// keeping its text.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*d = Decimal{}
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		u, ok := unquote(b)
		if !ok {
			return fmt.Errorf("tribehr: invalid decimal %s", snippet(b))
		}
		s = string(u)
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText writes the decimal's text.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.s), nil }

// UnmarshalText reads a decimal's text.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
