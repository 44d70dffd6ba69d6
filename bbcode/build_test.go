package bbcode_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go/bbcode"
)

const wj = "\u2060" // U+2060 WORD JOINER, the escape

func TestRender(t *testing.T) {
	b, i, u, txt := bbcode.Bold, bbcode.Italic, bbcode.Underline, bbcode.Text
	for _, tc := range []struct {
		name  string
		nodes []bbcode.Node
		want  string
	}{
		{"nothing", nil, ""},
		{"plain text", []bbcode.Node{txt("Thanks, Sam & co!\nSee you")}, "Thanks, Sam & co!\nSee you"},
		{"nested", []bbcode.Node{b(txt("a "), i(txt("b "), u(txt("c"))), txt(" d"))}, "[b]a [i]b [u]c[/u][/i] d[/b]"},
		{"user brackets", []bbcode.Node{txt("[b]not bold[/b] [URL=x] [ quote] [/ i] [*] [sic] [1] [ ] [:-) a[0]")},
			"[" + wj + "b]not bold[" + wj + "/b] [" + wj + "URL=x] [" + wj + " quote] [" + wj + "/ i] [" + wj + "*] [" + wj + "sic] [1] [ ] [:-) a[0]"},
		{"brackets around a tag", []bbcode.Node{txt("[x "), b(txt("y")), txt("]")}, "[" + wj + "x [b]y[/b]]"},
		{"a joiner already there", []bbcode.Node{txt("[" + wj + "b]")}, "[" + wj + wj + "b]"},
		{"link", []bbcode.Node{bbcode.URL("https://example.com/notes?a=1&b=2", txt("the "), b(txt("notes")))},
			"[url=https://example.com/notes?a=1&b=2]the [b]notes[/b][/url]"},
		{"bare link", []bbcode.Node{bbcode.URL("HTTP://Example.com")}, "[url=HTTP://Example.com]HTTP://Example.com[/url]"},
		{"brackets in a link", []bbcode.Node{bbcode.URL("https://example.com/q?f[a]=1")},
			"[url=https://example.com/q?f%5Ba%5D=1]https://example.com/q?f[" + wj + "a]=1[/url]"},
		{"email", []bbcode.Node{bbcode.Email("kim@example.com", txt("Kim")), bbcode.Email("o'neil@example.com")},
			"[email=kim@example.com]Kim[/email][email=o'neil@example.com]o'neil@example.com[/email]"},
		{"color and size", []bbcode.Node{bbcode.Color("red", txt("r")), bbcode.Color("#0F0", txt("g")), bbcode.Color("#00ff00"), bbcode.Size(14, txt("big"))},
			"[color=red]r[/color][color=#0F0]g[/color][color=#00ff00][/color][size=14]big[/size]"},
		{"lists", []bbcode.Node{bbcode.UL(bbcode.LI(txt("one")), bbcode.LI(txt("two"), bbcode.OL(bbcode.LI(txt("a")))))},
			"[ul][li]one[/li][li]two[ol][li]a[/li][/ol][/li][/ul]"},
		{"an empty list", []bbcode.Node{bbcode.OL()}, "[ol][/ol]"},
		{"blocks", []bbcode.Node{bbcode.Left(txt("l")), bbcode.Right(txt("r")), bbcode.Center(txt("c")), bbcode.Quote(txt("q")), bbcode.HR()},
			"[left]l[/left][right]r[/right][center]c[/center][quote]q[/quote][hr]"},
		{"code", []bbcode.Node{bbcode.Code("if a[i] > 0 { [b]x[/b] } [/CODE] [/ code]")},
			"[code]if a[i] > 0 { [b]x[/b] } [" + wj + "/CODE] [" + wj + "/ code][/code]"},
		{"code ends where it says", []bbcode.Node{bbcode.Code("[/codex] [" + wj + "x")}, "[code][/codex] [" + wj + wj + "x[/code]"},
		{"generic tags", []bbcode.Node{bbcode.Tag("B", "", txt("b")), bbcode.Tag("url", "https://x.io"), bbcode.Tag("size", "9", txt("s")),
			bbcode.Tag("hr", ""), bbcode.Tag("code", "", txt("[b]"), txt("!")), bbcode.Tag("Color", "blue", txt("c")), bbcode.Tag("email", "a@b.io")},
			"[b]b[/b][url=https://x.io]https://x.io[/url][size=9]s[/size][hr][code][b]![/code][color=blue]c[/color][email=a@b.io]a@b.io[/email]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bbcode.Render(tc.nodes...)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.NoError(t, bbcode.Validate(got), "Render's output passes Validate")
		})
	}
}

func TestRenderRefusesWhatTheServerWouldMangle(t *testing.T) {
	txt := bbcode.Text
	for _, tc := range []struct {
		name   string
		node   bbcode.Node
		kind   error
		tag    string
		detail string
	}{
		{"javascript", bbcode.URL("javascript:alert(1)", txt("x")), bbcode.ErrUnsafeURL, "[url=javascript:alert(1)]", `scheme "javascript" is not http or https`},
		{"JavaScript in capitals", bbcode.URL("JaVaScRiPt:alert(1)"), bbcode.ErrUnsafeURL, "[url=JaVaScRiPt:alert(1)]", `scheme "javascript"`},
		{"javascript with a tab", bbcode.URL("java\tscript:alert(1)"), bbcode.ErrUnsafeURL, "[url=java\tscript:alert(1)]", `scheme "java\tscript"`},
		{"data", bbcode.URL("data:text/html;base64,PHNjcmlwdD4="), bbcode.ErrUnsafeURL, "[url=data:text/html;base64,PHNjcmlwdD4=]", `scheme "data"`},
		{"vbscript", bbcode.URL("vbscript:msgbox(1)"), bbcode.ErrUnsafeURL, "[url=vbscript:msgbox(1)]", `scheme "vbscript"`},
		{"file", bbcode.URL("file:///etc/passwd"), bbcode.ErrUnsafeURL, "[url=file:///etc/passwd]", `scheme "file"`},
		{"mailto in url", bbcode.URL("mailto:kim@example.com"), bbcode.ErrUnsafeURL, "[url=mailto:kim@example.com]", `scheme "mailto"`},
		{"relative", bbcode.URL("/users/7"), bbcode.ErrBadArgument, "[url=/users/7]", "not an absolute http or https URL"},
		{"scheme-relative", bbcode.URL("//evil.example"), bbcode.ErrBadArgument, "[url=//evil.example]", "not an absolute"},
		{"no host", bbcode.URL("https:///x"), bbcode.ErrBadArgument, "[url=https:///x]", "has no host"},
		{"opaque", bbcode.URL("http:example.com"), bbcode.ErrBadArgument, "[url=http:example.com]", "has no host"},
		{"IPv6 host", bbcode.URL("http://[::1]/"), bbcode.ErrBadArgument, "[url=http://[::1]/]", "IPv6"},
		{"spaces around", bbcode.URL(" https://x.io"), bbcode.ErrBadArgument, "[url= https://x.io]", "spaces around"},
		{"empty link", bbcode.URL(""), bbcode.ErrBadArgument, "[url=]", "empty"},
		{"not an address", bbcode.Email("Kim <kim@example.com>"), bbcode.ErrBadArgument, "[email=Kim <kim@example.com>]", "not an email address"},
		{"an address with a colon", bbcode.Email(`"a:b"@example.com`), bbcode.ErrBadArgument, `[email="a:b"@example.com]`, ""},
		{"a color with CSS", bbcode.Color("red;background:url(x)"), bbcode.ErrBadArgument, "[color=red;background:url(x)]", "not a color name"},
		{"a short hex color", bbcode.Color("#12"), bbcode.ErrBadArgument, "[color=#12]", "not #rgb or #rrggbb"},
		{"size 0", bbcode.Size(0), bbcode.ErrBadArgument, "[size=0]", "0 is not between 1 and 999"},
		{"size 1000", bbcode.Size(1000), bbcode.ErrBadArgument, "[size=1000]", "between 1 and 999"},
		{"unsupported", bbcode.Tag("s", "", txt("x")), bbcode.ErrUnsupportedTag, "[s]", "supported tags are"},
		{"unsupported img", bbcode.Tag("img", "https://x.io/a.png"), bbcode.ErrUnsupportedTag, "[img=https://x.io/a.png]", ""},
		{"an argument on b", bbcode.Tag("b", "1", txt("x")), bbcode.ErrBadArgument, "[b=1]", "[b] takes no argument"},
		{"a bad size argument", bbcode.Tag("size", "12px"), bbcode.ErrBadArgument, "[size=12px]", `"12px" is not a whole number`},
		{"li by name", bbcode.Tag("li", "", txt("x")), bbcode.ErrMisplacedTag, "[li]", "make lists with UL, OL and LI"},
		{"hr with content", bbcode.Tag("hr", "", txt("x")), bbcode.ErrMisplacedTag, "[hr]", "no content"},
		{"code with tags", bbcode.Tag("code", "", bbcode.Bold()), bbcode.ErrMisplacedTag, "[code]", "text only"},
		{"a link in a link", bbcode.URL("https://a.io", bbcode.Email("kim@example.com")), bbcode.ErrMisplacedTag, "[email]", "a link inside a link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bbcode.Render(bbcode.Text("before "), bbcode.Bold(tc.node))
			assert.Empty(t, got)
			require.ErrorIs(t, err, tc.kind)
			var e *bbcode.Error
			require.ErrorAs(t, err, &e)
			require.Len(t, e.Problems, 1)
			p := e.Problems[0]
			assert.Equal(t, tc.tag, p.Tag)
			assert.Equal(t, -1, p.Offset)
			assert.ErrorIs(t, p, tc.kind)
			assert.Contains(t, p.Detail, tc.detail)
			assert.Contains(t, err.Error(), "bbcode: "+tc.tag+": ")
		})
	}
}

func TestRenderReportsEveryProblem(t *testing.T) {
	_, err := bbcode.Render(
		bbcode.URL("javascript:x"),
		bbcode.UL(bbcode.LI(bbcode.Color("nope!"))),
		bbcode.Tag("marquee", ""),
	)
	var e *bbcode.Error
	require.ErrorAs(t, err, &e)
	kinds := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		kinds[i] = p.Err
	}
	assert.Equal(t, []error{bbcode.ErrUnsafeURL, bbcode.ErrBadArgument, bbcode.ErrUnsupportedTag}, kinds)
	var p bbcode.Problem
	require.ErrorAs(t, err, &p, "a Problem is an error")
	assert.Equal(t, "[url=javascript:x]", p.Tag)
	assert.False(t, errors.Is(err, bbcode.ErrUnclosedTag))
}

func TestEscapeAndUnescape(t *testing.T) {
	for _, s := range []string{"", "plain", "[b]", "[/B]", "[" + wj + "b]", "[[[", "]]][", "a[" + wj + wj, "[ *]", "[/ url=x]", "[1][", "ünï[çødé]", "[\u00a0A]"} {
		e := bbcode.Escape(s)
		assert.Equal(t, s, bbcode.Unescape(e), "%q", s)
		assert.NoError(t, bbcode.Validate(e), "%q escapes to %q", s, e)
	}
	assert.Equal(t, "[1] [:-)", bbcode.Escape("[1] [:-)"), "brackets that start no tag stay")
	assert.Equal(t, "[b]", bbcode.Unescape("["+wj+"b]"))
	assert.Equal(t, "x"+wj+"y", bbcode.Unescape("x"+wj+"y"), "a joiner not after a bracket is text")
}
