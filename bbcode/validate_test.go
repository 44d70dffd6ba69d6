package bbcode_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go/bbcode"
)

func TestValidateAcceptsGoodBBCode(t *testing.T) {
	for _, s := range []string{
		"",
		"plain text, [1] footnote, [ ] box, [sic! not a tag], a[0] + b[1], :-] [:-)",
		"[b]bold[/b] [I]italic[/I] [u]u[/U]",
		"[url]https://tribehr.com[/url] [url=https://tribehr.com/?a=1&b=2]site[/url]",
		"[email]kim@example.com[/email] [email=kim@example.com]Kim[/email]",
		"a[hr]b [color=red]r[/color][color=#00ff00]g[/color] [size=14]big[/size]",
		"[ul]\n[li]one[/li]\n[li]two [ol][li]a[/li][/ol][/li]\n[/ul]",
		"[left]l[/left][right]r[/right][center]c[/center][quote]wise[/quote]",
		"[code][b]not read[/i] [img][/code]",
		"[x [b]bold[/b]",
		"[" + wj + "b]escaped[" + wj + "/b]",
	} {
		assert.NoError(t, bbcode.Validate(s), "%q", s)
	}
}

func TestValidateNamesEveryProblem(t *testing.T) {
	type want struct {
		tag    string
		offset int
		kind   error
	}
	for _, tc := range []struct {
		name string
		text string
		want []want
	}{
		{"unsupported", "a [s]strike[/s] [IMG]x.png[/IMG] [*]item",
			[]want{{"[s]", 2, bbcode.ErrUnsupportedTag}, {"[/s]", 11, bbcode.ErrUnsupportedTag}, {"[IMG]", 16, bbcode.ErrUnsupportedTag},
				{"[/IMG]", 26, bbcode.ErrUnsupportedTag}, {"[*]", 33, bbcode.ErrUnsupportedTag}}},
		{"unsupported with an argument", "[font=Arial]x[/font]", []want{{"[font=Arial]", 0, bbcode.ErrUnsupportedTag}, {"[/font]", 13, bbcode.ErrUnsupportedTag}}},
		{"unclosed", "[b]bold", []want{{"[b]", 0, bbcode.ErrUnclosedTag}}},
		{"code written as text", "a[i] + b[j]", []want{{"[i]", 1, bbcode.ErrUnclosedTag}, {"[j]", 8, bbcode.ErrUnsupportedTag}}},
		{"unclosed code", "x [code]y", []want{{"[code]", 2, bbcode.ErrUnclosedTag}}},
		{"unopened", "stray[/b] close", []want{{"[/b]", 5, bbcode.ErrUnopenedTag}}},
		{"closed with an argument", "[b]x[/b=1]", []want{{"[b]", 0, bbcode.ErrUnclosedTag}}},
		{"misnested", "[b][i]crossed[/b][/i]", []want{{"[i]", 3, bbcode.ErrUnclosedTag}, {"[/i]", 17, bbcode.ErrUnopenedTag}}},
		{"li outside a list", "[li]x[/li]", []want{{"[li]", 0, bbcode.ErrMisplacedTag}}},
		{"text in a list", "[ul]x[li]y[/li][/ul]", []want{{"[ul]", 0, bbcode.ErrMisplacedTag}}},
		{"a tag in a list", "[ol][b]x[/b][/ol]", []want{{"[b]", 4, bbcode.ErrMisplacedTag}}},
		{"a link in a link", "[url=https://a.io][email]k@a.io[/email][/url]", []want{{"[email]", 18, bbcode.ErrMisplacedTag}}},
		{"tags in a bare link", "[url][b]https://a.io[/b][/url]", []want{{"[url]", 0, bbcode.ErrMisplacedTag}}},
		{"javascript", "[url=javascript:alert(1)]x[/url]", []want{{"[url=javascript:alert(1)]", 0, bbcode.ErrUnsafeURL}}},
		{"javascript as content", "[url]javascript:alert(1)[/url]", []want{{"[url]", 0, bbcode.ErrUnsafeURL}}},
		{"relative link", "[url=/x]x[/url]", []want{{"[url=/x]", 0, bbcode.ErrBadArgument}}},
		{"bad email", "[email=nobody]x[/email]", []want{{"[email=nobody]", 0, bbcode.ErrBadArgument}}},
		{"bad color", `[color=red" onclick="x]r[/color]`, []want{{`[color=red" onclick="x]`, 0, bbcode.ErrBadArgument}}},
		{"missing color", "[color]r[/color]", []want{{"[color]", 0, bbcode.ErrBadArgument}}},
		{"bad size", "[size=huge]s[/size]", []want{{"[size=huge]", 0, bbcode.ErrBadArgument}}},
		{"an argument on quote", "[quote=Kim]wise[/quote]", []want{{"[quote=Kim]", 0, bbcode.ErrBadArgument}}},
		{"all of it, in order", "[url=javascript:x]a[/url] [b]b [s]c[/s]",
			[]want{{"[url=javascript:x]", 0, bbcode.ErrUnsafeURL}, {"[b]", 26, bbcode.ErrUnclosedTag}, {"[s]", 31, bbcode.ErrUnsupportedTag}, {"[/s]", 35, bbcode.ErrUnsupportedTag}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := bbcode.Validate(tc.text)
			var e *bbcode.Error
			require.ErrorAs(t, err, &e)
			var got []want
			for _, p := range e.Problems {
				got = append(got, want{p.Tag, p.Offset, p.Err})
				assert.Equal(t, p.Tag, tc.text[p.Offset:p.Offset+len(p.Tag)], "the offset points at the tag")
			}
			assert.Equal(t, tc.want, got)
			for _, w := range tc.want {
				assert.True(t, errors.Is(err, w.kind))
			}
		})
	}
}

func TestValidateErrorText(t *testing.T) {
	err := bbcode.Validate("Hi [b]there")
	require.Error(t, err)
	assert.Equal(t, "bbcode: [b] at byte 3: tag not closed: [/b] is missing", err.Error())
}
