package bbcode_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/tribehr/tribehr-go/bbcode"
)

func TestPlainText(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "Great job!", "Great job!"},
		{"inline tags", "[b]Thank you[/b] for [i]covering[/i] the [u]release[/u]!", "Thank you for covering the release!"},
		{"the seeded kudos", "[b]Thank you[/b] for covering the release!\nNotes are [url=https://example.com/release]here[/url].",
			"Thank you for covering the release!\nNotes are here (https://example.com/release)."},
		{"a bare link", "see [url]https://tribehr.com[/url]", "see https://tribehr.com"},
		{"a link whose text is its target", "[url=https://a.io]https://a.io[/url]", "https://a.io"},
		{"an empty link", "[url=https://a.io][/url]", "https://a.io"},
		{"email", "mail [email=kim@example.com]Kim[/email] or [email]lee@example.com[/email]", "mail Kim (kim@example.com) or lee@example.com"},
		{"color and size", "[color=red]red[/color] and [size=20]big[/size]", "red and big"},
		{"list", "Agenda:[ul][li]one[/li][li]two[/li][/ul]after", "Agenda:\n- one\n- two\nafter"},
		{"list written on lines", "[ul]\n[li]one[/li]\n[li]two[/li]\n[/ul]", "- one\n- two"},
		{"ordered and nested", "[ol][li]first[ul][li]a[/li][li]b[/li][/ul][/li][li]second\nline[/li][/ol]",
			"1. first\n   - a\n   - b\n2. second\n   line"},
		{"blocks", "x[center]middle[/center]y[left]l[/left][right]r[/right]", "x\nmiddle\ny\nl\nr"},
		{"quote", "He said:[quote]Ship it.\nNow.[/quote]So we did.", "He said:\n> Ship it.\n> Now.\nSo we did."},
		{"blank line in a quote", "[quote]a\n\nb[/quote]", "> a\n>\n> b"},
		{"nested quote", "[quote]a[quote]b[/quote][/quote]", "> a\n> > b"},
		{"deep nesting indents 8 levels", strings.Repeat("[quote]", 10) + "deep" + strings.Repeat("[/quote]", 10), "> > > > > > > > deep"},
		{"rule", "above[hr]below", "above\n---\nbelow"},
		{"code keeps its text", "run:[code]  if a[i] {\n    [b]x[/b]\n  }[/code]done", "run:\n  if a[i] {\n    [b]x[/b]\n  }\ndone"},
		{"line breaks", "one\r\ntwo\n\n\n\nthree  \nfour", "one\ntwo\n\nthree\nfour"},
		{"no blank lines around", "\n\n[quote]q[/quote]\n\n", "> q"},
		{"spaces between tags", "[b]a[/b] [i]b[/i]", "a b"},
		{"escaped brackets", "[" + wj + "b]not bold[" + wj + "/b]", "[b]not bold[/b]"},
		{"unsupported tags stay", "[s]strike[/s] [img]x.png[/img]", "[s]strike[/s] [img]x.png[/img]"},
		{"unclosed tags stay", "[b]unclosed [i]it[/i]", "[b]unclosed it"},
		{"misnested", "[b][i]crossed[/b][/i]", "[i]crossed[/i]"},
		{"bad arguments stay", "[url=javascript:alert(1)]x[/url] [color=red;x]c[/color]", "[url=javascript:alert(1)]x[/url] [color=red;x]c[/color]"},
		{"entities are text in BBCode", "Q&amp;A &lt;3", "Q&amp;A &lt;3"},
		{"li outside a list", "[li]x[/li]", "- x"},
		{"bracket before a tag", "[x [b]y[/b]", "[x y"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, bbcode.PlainText(tc.in))
		})
	}
}

func TestPlainTextFromHTML(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"kudos sample", "<p>Great job pulling together to meet our iteration commitments!</p>", "Great job pulling together to meet our iteration commitments!"},
		{"event notes sample", "<p>We'll have some BBQs on the lawn behind the building.</p>\r\n<p>Hope to see you there!</p>",
			"We'll have some BBQs on the lawn behind the building.\nHope to see you there!"},
		{"inline", "You've done a <i>wonderful</i> job <b>recently</b>.", "You've done a wonderful job recently."},
		{"entities", "Q&amp;A &lt;3 &quot;x&quot; &#39;y&#39; caf&eacute; &#x1F389; a&nbsp;b &amp;amp;", "Q&A <3 \"x\" 'y' café 🎉 a\u00a0b &amp;"},
		{"white space collapses", "  a \n\t b   <b> c </b>  d  ", "a b c d"},
		{"br", "one<br />two<br>three<br/><br/>four", "one\ntwo\nthree\n\nfour"},
		{"link", `Notes are <a href="https://example.com/release">here</a>.`, "Notes are here (https://example.com/release)."},
		{"link text is the target", `<a href="https://tribehr.com">https://tribehr.com</a>`, "https://tribehr.com"},
		{"mailto", `<a href="mailto:kim@example.com">Kim</a>, <a href="mailto:lee@example.com">lee@example.com</a>`, "Kim (kim@example.com), lee@example.com"},
		{"links a reader cannot use", `<a href="javascript:alert(1)">x</a> <a href="#top">top</a> <a href="/users/7">me</a> <a>none</a>`, "x top me none"},
		{"an empty link", `<a href="https://a.io"></a>`, "https://a.io"},
		{"list", "<p>Agenda:</p><ul><li>one</li><li>two</li></ul><p>after</p>", "Agenda:\n- one\n- two\nafter"},
		{"list items without end tags", "<ul><li>one<li>two</ul>", "- one\n- two"},
		{"ordered, nested, numbered from start", `<ol start="3"><li>c<ul><li>x</li></ul></li><li><p>d</p></li></ol>`, "3. c\n   - x\n4. d"},
		{"the fake's rendering", `<b>Thank you</b> for covering the release!<br />Notes are <a href="https://example.com/release">here</a>.`,
			"Thank you for covering the release!\nNotes are here (https://example.com/release)."},
		{"aligned blocks", `x<div style="text-align: center">middle</div>y`, "x\nmiddle\ny"},
		{"quote", "He said:<blockquote>Ship it.<br>Now.</blockquote>So we did.", "He said:\n> Ship it.\n> Now.\nSo we did."},
		{"pre keeps white space", "run:<pre><code>  if x {\n    y()\n  }</code></pre>done", "run:\n  if x {\n    y()\n  }\ndone"},
		{"rule", "above<hr />below", "above\n---\nbelow"},
		{"headings and tables", "<h1>Title</h1><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>", "Title\na b\n1 2"},
		{"scripts, styles and head are left out", "<html><head><title>T</title><style>p{}</style></head><body><script>alert(1)</script><p>body</p></body></html>", "body"},
		{"images show their alt text", `see <img src="x.png" alt="the chart"> here <img src="y.png">`, "see the chart here"},
		{"comments and doctype", "<!DOCTYPE html><!-- hidden -->shown", "shown"},
		{"malformed", "<p>open <b>bold <i>both</p> after</b> < 3 > 2 <unknown>tag</unknown> &bogus; <", "open bold both\nafter < 3 > 2 tag &bogus; <"},
		{"escaped brackets", "[" + wj + "b]not bold[" + wj + "/b]", "[b]not bold[/b]"},
		{"the sample's double-escaped end tag stays text", `<p>Official Holiday, no work.<\/p>`, `Official Holiday, no work.<\/p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, bbcode.PlainTextFromHTML(tc.in))
		})
	}
}
