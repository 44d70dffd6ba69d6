package bbcode_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tribehr/tribehr-go/bbcode"
	"golang.org/x/net/html"
)

// Benchmarks of a typical kudos against what an integration writes by
// hand: string concatenation with a replacer for Render, a regular
// expression for PlainText, a loop over the tokenizer's text for
// PlainTextFromHTML. The baselines do less (no checks, no layout): the
// ratios are the cost of doing it right.

const benchName = "Sam [QA lead]"

func BenchmarkRender(b *testing.B) {
	b.Run("SDK", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s, err := bbcode.Render(
				bbcode.Bold(bbcode.Text("Thank you")), bbcode.Text(", "+benchName+", for covering the release!\n"),
				bbcode.Text("Notes are "), bbcode.URL("https://example.com/release/42", bbcode.Text("here")),
				bbcode.UL(bbcode.LI(bbcode.Text("the fix")), bbcode.LI(bbcode.Text("the tests")), bbcode.LI(bbcode.Italic(bbcode.Text("the docs")))),
			)
			if err != nil || len(s) == 0 {
				b.Fatal(err)
			}
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		esc := strings.NewReplacer("[", "[\u2060")
		b.ReportAllocs()
		for b.Loop() {
			var sb strings.Builder
			sb.WriteString("[b]Thank you[/b], " + esc.Replace(benchName) + ", for covering the release!\n")
			sb.WriteString("Notes are [url=https://example.com/release/42]here[/url]")
			sb.WriteString("[ul][li]the fix[/li][li]the tests[/li][li][i]the docs[/i][/li][/ul]")
			if sb.Len() == 0 {
				b.Fatal()
			}
		}
	})
}

const benchBBCode = "[b]Thank you[/b], Sam [\u2060QA lead], for covering the release!\n" +
	"Notes are [url=https://example.com/release/42]here[/url][ul][li]the fix[/li][li]the tests[/li][li][i]the docs[/i][/li][/ul]" +
	"[quote]Ship it.[/quote]"

func BenchmarkPlainText(b *testing.B) {
	b.Run("SDK", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if bbcode.PlainText(benchBBCode) == "" {
				b.Fatal()
			}
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		tags := regexp.MustCompile(`\[/?[a-z]+(=[^\]]*)?\]`)
		b.ReportAllocs()
		for b.Loop() {
			if tags.ReplaceAllString(benchBBCode, "") == "" {
				b.Fatal()
			}
		}
	})
}

const benchHTML = "<p><b>Thank you</b>, Sam [\u2060QA lead], for covering the release!<br />" +
	`Notes are <a href="https://example.com/release/42">here</a></p><ul><li>the fix</li><li>the tests</li>` +
	"<li><i>the docs</i></li></ul>\r\n<blockquote>Ship it &amp; celebrate.</blockquote>"

func BenchmarkPlainTextFromHTML(b *testing.B) {
	b.Run("SDK", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if bbcode.PlainTextFromHTML(benchHTML) == "" {
				b.Fatal()
			}
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var sb strings.Builder
			z := html.NewTokenizer(strings.NewReader(benchHTML))
			for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
				if tt == html.TextToken {
					sb.Write(z.Text())
				}
			}
			if sb.Len() == 0 {
				b.Fatal()
			}
		}
	})
}
