package bbcode

import "strings"

// joiner is U+2060 WORD JOINER, written after a "[" to keep it from
// starting a tag (see the package documentation).
const joiner = "\u2060"

// Escape returns plain text s as BBCode that shows s: a U+2060 WORD JOINER
// follows each "[" that could start a tag, that is each "[" followed
// (after an optional "/" and spaces) by a letter or "*", and each "[" a
// joiner already follows. Render does this for the text of Text nodes.
func Escape(s string) string { return escape(s, startsTag) }

// escapeCode escapes the content of [code]: only its end tag, which is the
// one thing the server reads there.
func escapeCode(s string) string { return escape(s, startsCodeEnd) }

func escape(s string, needs func(rest string) bool) string {
	i := strings.IndexByte(s, '[')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i >= 0 {
		b.WriteString(s[:i+1])
		s = s[i+1:]
		if needs(s) {
			b.WriteString(joiner)
		}
		i = strings.IndexByte(s, '[')
	}
	b.WriteString(s)
	return b.String()
}

// Unescape undoes Escape: it removes one U+2060 WORD JOINER after each
// "[". PlainText and PlainTextFromHTML unescape the text they read.
func Unescape(s string) string {
	if !strings.Contains(s, "["+joiner) {
		return s
	}
	return strings.ReplaceAll(s, "["+joiner, "[")
}

// startsTag reports whether the text after a "[" could make it a tag: a
// BBCode parser might read it as one (and Validate would name it) when,
// after an optional "/" and spaces, a letter or "*" follows. "[1]", "[ ]"
// and "[:-)" cannot. A joiner right after the "[" counts too, so that
// Unescape is exact.
func startsTag(rest string) bool {
	if strings.HasPrefix(rest, joiner) {
		return true
	}
	rest = strings.TrimPrefix(rest, "/")
	rest = strings.TrimLeft(rest, " \t")
	return rest != "" && (rest[0] == '*' || rest[0] >= 'a' && rest[0] <= 'z' || rest[0] >= 'A' && rest[0] <= 'Z')
}

// startsCodeEnd reports whether the text after a "[" makes it the end of a
// [code] block (or a joiner follows it).
func startsCodeEnd(rest string) bool {
	if strings.HasPrefix(rest, joiner) {
		return true
	}
	rest, ok := strings.CutPrefix(rest, "/")
	if !ok {
		return false
	}
	rest = strings.TrimLeft(rest, " \t")
	return len(rest) >= 4 && strings.EqualFold(rest[:4], "code") && (len(rest) == 4 || !isAlnum(rest[4]))
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
