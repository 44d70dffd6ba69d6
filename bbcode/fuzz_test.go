package bbcode_test

import (
	"errors"
	"html"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tribehr/tribehr-go/bbcode"
)

// The validator and both plain-text views must never panic, whatever they
// are given; escaping must be exact and always valid; plain text must keep
// every word of escaped text.

var fuzzSeeds = []string{
	"", "plain", "[b]bold[/b]", "[b][i]crossed[/b][/i]", "[url=javascript:alert(1)]x[/url]", "[url]https://a.io[/url]",
	"[code][b][/code]", "[code]unclosed", "[ul][li]a[li]b[/ul]", "[quote]q\n\nr[/quote]", "[x [b]y[/b]", "[" + wj + "b]",
	"[color=red\" onclick=\"x]r[/color]", "[size=99999999999999999999]s[/size]", "[/", "[=]", "[]", "]]][[[", "\xff[b]\xfe",
	"<p>a</p>\r\n<ul><li>b<ol><li>c</ol></ul><pre>  d</pre>", "<a href='mailto:x@y'>x</a>&amp;&#0;&#x110000;", "<script>x</script><style>",
}

func FuzzBBCodeValidate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := bbcode.Validate(s)
		var e *bbcode.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("Validate(%q) = %v, not an *Error", s, err)
		}
		if e != nil {
			for _, p := range e.Problems {
				if p.Offset < 0 || !strings.HasPrefix(s[p.Offset:], p.Tag) || p.Err == nil {
					t.Fatalf("Validate(%q): problem %+v does not point at its tag", s, p)
				}
			}
		}
		escaped := bbcode.Escape(s)
		if got := bbcode.Unescape(escaped); got != s {
			t.Fatalf("Unescape(Escape(%q)) = %q", s, got)
		}
		if err := bbcode.Validate(escaped); err != nil {
			t.Fatalf("Validate(Escape(%q)) = %v", s, err)
		}
		if rendered, err := bbcode.Render(bbcode.Text(s)); err != nil || rendered != escaped {
			t.Fatalf("Render(Text(%q)) = %q, %v; want %q", s, rendered, err, escaped)
		}
		code, err := bbcode.Render(bbcode.Code(s))
		if err != nil || bbcode.Validate(code) != nil {
			t.Fatalf("Render(Code(%q)) = %q, %v: %v", s, code, err, bbcode.Validate(code))
		}
	})
}

func FuzzBBCodePlainText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := bbcode.PlainText(s)
		checkPlain(t, s, out)
		if got, want := strings.Fields(bbcode.PlainText(bbcode.Escape(s))), strings.Fields(s); !slices.Equal(got, want) {
			t.Fatalf("PlainText(Escape(%q)) has the words %q, want %q", s, got, want)
		}
	})
}

func FuzzHTMLPlainText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := bbcode.PlainTextFromHTML(s)
		checkPlain(t, s, out)
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return // the tokenizer replaces these, as browsers do
		}
		if got, want := strings.Fields(bbcode.PlainTextFromHTML(html.EscapeString(s))), strings.Fields(bbcode.Unescape(s)); !slices.Equal(got, want) {
			t.Fatalf("PlainTextFromHTML(EscapeString(%q)) has the words %q, want %q", s, got, want)
		}
	})
}

// checkPlain checks what any plain text must be: valid UTF-8 from valid
// input, without blank lines around it or spaces ending its lines.
func checkPlain(t *testing.T, in, out string) {
	t.Helper()
	if utf8.ValidString(in) && !utf8.ValidString(out) {
		t.Fatalf("plain text of %q is not valid UTF-8: %q", in, out)
	}
	if strings.HasPrefix(out, "\n") || strings.HasSuffix(out, "\n") {
		t.Fatalf("plain text of %q starts or ends with a line break: %q", in, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasSuffix(line, " ") {
			t.Fatalf("plain text of %q has a line ending in a space: %q", in, out)
		}
	}
}
