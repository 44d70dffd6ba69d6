package bbcode_test

import (
	"errors"
	"fmt"

	"github.com/tribehr/tribehr-go/bbcode"
)

// Render builds BBCode that nests correctly; a kudos takes it as its text
// (tribehr.KudosCreate{Text: text}).
func ExampleRender() {
	text, err := bbcode.Render(
		bbcode.Bold(bbcode.Text("Thank you")), bbcode.Text(" for covering the release!\n"),
		bbcode.Text("Notes are "), bbcode.URL("https://example.com/release", bbcode.Text("here")), bbcode.Text(":"),
		bbcode.UL(
			bbcode.LI(bbcode.Text("the fix")),
			bbcode.LI(bbcode.Italic(bbcode.Text("the tests"))),
		),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(text)
	// Output:
	// [b]Thank you[/b] for covering the release!
	// Notes are [url=https://example.com/release]here[/url]:[ul][li]the fix[/li][li][i]the tests[/i][/li][/ul]
}

// Text escapes what a user typed, so that brackets in it are never read as
// markup: a U+2060 WORD JOINER (invisible) follows each "[" that could
// start a tag.
func ExampleText() {
	text, _ := bbcode.Render(bbcode.Text("Use [b] for bold, see note [1]"))
	fmt.Printf("%q\n", text)
	fmt.Println(bbcode.PlainText(text))
	// Output:
	// "Use [\u2060b] for bold, see note [1]"
	// Use [b] for bold, see note [1]
}

// Render refuses what the server would mangle, naming each problem, before
// anything is sent.
func ExampleRender_refused() {
	_, err := bbcode.Render(
		bbcode.URL("javascript:alert(1)", bbcode.Text("click")),
		bbcode.Tag("marquee", "", bbcode.Text("news")),
	)
	fmt.Println(errors.Is(err, bbcode.ErrUnsafeURL), errors.Is(err, bbcode.ErrUnsupportedTag))
	var e *bbcode.Error
	if errors.As(err, &e) {
		for _, p := range e.Problems {
			fmt.Println(p.Tag, "-", p.Err)
		}
	}
	// Output:
	// true true
	// [url=javascript:alert(1)] - unsafe link target
	// [marquee] - tag not supported by TribeHR
}

// Validate checks text written by hand.
func ExampleValidate() {
	err := bbcode.Validate("[b]Great[/i] job on [s]the[/s] [url=javascript:x]demo[/url]")
	var e *bbcode.Error
	if errors.As(err, &e) {
		for _, p := range e.Problems {
			fmt.Printf("byte %d: %s: %v\n", p.Offset, p.Tag, p.Err)
		}
	}
	// Output:
	// byte 0: [b]: tag not closed
	// byte 8: [/i]: closing tag without an opening tag
	// byte 20: [s]: tag not supported by TribeHR
	// byte 26: [/s]: tag not supported by TribeHR
	// byte 31: [url=javascript:x]: unsafe link target
}

// PlainText turns BBCode (a kudos read in the API's default format) into
// text for a chat message or a CSV cell.
func ExamplePlainText() {
	fmt.Println(bbcode.PlainText("[b]Thank you[/b] for covering the release!\n" +
		"Notes are [url=https://example.com/release]here[/url]:[ol][li]the fix[/li][li]the tests[/li][/ol]" +
		"[quote]Ship it.[/quote]"))
	// Output:
	// Thank you for covering the release!
	// Notes are here (https://example.com/release):
	// 1. the fix
	// 2. the tests
	// > Ship it.
}

// PlainTextFromHTML turns rich text received as HTML (event notes, or a
// kudos read with formattedTextAs=html) into plain text.
func ExamplePlainTextFromHTML() {
	notes := "<p>We'll have some BBQs on the lawn behind the building.</p>\r\n<p>Hope to see you there!</p>"
	fmt.Println(bbcode.PlainTextFromHTML(notes))
	fmt.Println(bbcode.PlainTextFromHTML(`Q&amp;A at <b>3</b><br/>in the <a href="https://example.com/room">caf&eacute;</a><ul><li>bring questions</li></ul>`))
	// Output:
	// We'll have some BBQs on the lawn behind the building.
	// Hope to see you there!
	// Q&A at 3
	// in the café (https://example.com/room)
	// - bring questions
}
