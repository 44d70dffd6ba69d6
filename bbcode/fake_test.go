package bbcode_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/bbcode"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// These tests send Render's output to the fake of package tribehrtest, an
// independent implementation of the API's BBCode rendering, and read it
// back as HTML.

// roundTrip posts text as a kudos and returns it as the server renders it
// in HTML.
func roundTrip(t *testing.T, client *tribehr.Client, text string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	k, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: text},
		tribehr.FormattedTextAs(tribehr.TextFormatHTML))
	require.NoError(t, err)
	return k.Text.Value()
}

func TestRenderOnTheFake(t *testing.T) {
	client := tribehrtest.NewServer(t).Client(t)
	txt := bbcode.Text
	text, err := bbcode.Render(
		bbcode.Bold(txt("Thank you")), txt(", "), bbcode.Italic(txt("Sam")), txt(" & "), bbcode.Underline(txt("[team]")), txt("!\n"),
		bbcode.URL("https://example.com/notes?q=a[1]&x=\"y\"", txt("notes")), txt(" "), bbcode.Email("kim@example.com"),
		bbcode.UL(bbcode.LI(txt("one")), bbcode.LI(bbcode.Color("#00ff00", txt("two")), bbcode.OL(bbcode.LI(bbcode.Size(18, txt("a")))))),
		bbcode.Quote(txt("Ship it.")), bbcode.Center(txt("mid")), bbcode.HR(),
		bbcode.Code("a[i] = [b]x[/b]; // [/code] here"),
	)
	require.NoError(t, err)
	require.NoError(t, bbcode.Validate(text))

	html := roundTrip(t, client, text)
	assert.Equal(t, `<b>Thank you</b>, <i>Sam</i> &amp; <u>[`+wj+`team]</u>!<br />`+
		`<a href="https://example.com/notes?q=a%5B1%5D&amp;x=&quot;y&quot;">notes</a> <a href="mailto:kim@example.com">kim@example.com</a>`+
		`<ul><li>one</li><li><span style="color: #00ff00">two</span><ol><li><span style="font-size: 18px">a</span></li></ol></li></ul>`+
		`<blockquote>Ship it.</blockquote><div style="text-align: center">mid</div><hr />`+
		`<pre><code>a[i] = [b]x[/b]; // [`+wj+`/code] here</code></pre>`, html)

	want := "Thank you, Sam & [team]!\nnotes (https://example.com/notes?q=a%5B1%5D&x=\"y\") kim@example.com\n" +
		"- one\n- two\n  1. a\n> Ship it.\nmid\n---\na[i] = [b]x[/b]; // [/code] here"
	assert.Equal(t, want, bbcode.PlainTextFromHTML(html), "the plain text of the server's HTML")
	assert.Equal(t, want, bbcode.PlainText(text), "the plain text of the BBCode")
}

// TestEscapedTextShowsAsWrittenOnTheFake sends text full of brackets and
// tag names through Text: the server must read none of it as markup, and
// the plain text of its HTML must be the text again.
func TestEscapedTextShowsAsWrittenOnTheFake(t *testing.T) {
	client := tribehrtest.NewServer(t).Client(t)
	texts := []string{
		"[b]not bold[/b]", "[B]x[/B] [/i] [url=https://x.io]y[/url] [url]https://x.io[/url]",
		"[code]x[/code] [hr] [quote]q[/quote] [ul][li]a[/li][/ul]", "[ b ] [/ b] [b=1]x[/b]", "[*] item",
		"[x [b]y[/b]", "[[b]]", "]]] [[[", "a[i] + b[j] = c[k]", "[sic] [1] [ ] [:-)",
		"[" + wj + "b] is the escape", "[color=red]r[/color] [size=99]s[/size] [email]k@x.io[/email]",
		"<b>html</b> &amp; \"quotes\" 'single'", "ünïcødé [çødé] 🎉[🎉]",
	}
	rng := rand.New(rand.NewPCG(2060, 91))
	pieces := []string{"[", "]", "/", "=", "b", "B", "i", "url", "code", "CODE", "li", "ul", "*", " ", "x", "\n", wj, "https://a.io", "<", "&"}
	for range 150 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if strings.TrimSpace(s) == "" {
			continue // a kudos needs text
		}
		text, err := bbcode.Render(bbcode.Text(s))
		require.NoError(t, err)
		require.NoError(t, bbcode.Validate(text), "%q", s)
		html := roundTrip(t, client, text)
		assert.Equal(t, "", strings.ReplaceAll(stripText(html), "<br />", ""), "no markup read in %q: %s", s, html)
		assert.Equal(t, strings.Fields(s), strings.Fields(bbcode.PlainTextFromHTML(html)), "%q shows as written: %s", s, html)
		assert.Equal(t, strings.Fields(s), strings.Fields(bbcode.PlainText(text)), "%q", s)
	}
}

// stripText returns the tags of html, without the text between them.
func stripText(html string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(html, '<')
		if i < 0 {
			return b.String()
		}
		j := strings.IndexByte(html[i:], '>')
		if j < 0 {
			return b.String()
		}
		b.WriteString(html[i : i+j+1])
		html = html[i+j+1:]
	}
}
