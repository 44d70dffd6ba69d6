// Package bbcode writes and reads the rich text of the TribeHR API.
//
// The API takes rich text (a kudos' text) as plain text or BBCode, never
// HTML, and supports a subset of BBCode: b i u url email hr color size ul
// ol li left right center code quote. It returns rich text as BBCode, or as
// HTML with formattedTextAs=html; event notes come back as HTML and are
// sent as plain text.
//
//   - Render writes BBCode from a tree of nodes (Text, Bold, URL, UL, …) that
//     nests correctly by construction, escapes plain text so that brackets a
//     user typed are never read as markup, and refuses what the server would
//     mangle (a link to a javascript: target, an unsupported tag, a bad
//     color) with an *Error naming each problem, before anything is sent.
//   - Validate checks BBCode written by hand and names its unsupported,
//     unbalanced and misplaced tags and bad arguments.
//   - PlainText and PlainTextFromHTML turn rich text received as BBCode or
//     as HTML into plain text for chat messages or CSV cells: lists and line
//     breaks stay readable, links keep their targets, HTML entities are
//     decoded (HTML is read with golang.org/x/net/html's tokenizer).
//
// # Escaping
//
// BBCode has no escape character, and the server renders every run of
// "[name]" it knows as markup. So Text writes U+2060 WORD JOINER, an
// invisible character that joins without a line break, after each "[" that
// would otherwise start a tag: "[b]" becomes "[\u2060b]", which no BBCode
// parser reads as the b tag and every browser shows as "[b]". This is done
// for each "[" followed, after an optional "/" and spaces, by a letter or
// "*" (a parser could read "[sic]" as a tag too, and Validate names it);
// brackets that cannot start a tag ("[1]", "[ ]", "[:-)") are left alone. A
// "[" already followed by U+2060 gets one more, so that Unescape (which
// removes one U+2060 after each "[") returns exactly what was escaped;
// PlainText and PlainTextFromHTML unescape what they read. Inside Code,
// only a "[/code]" is escaped, since the server reads nothing else there.
package bbcode
