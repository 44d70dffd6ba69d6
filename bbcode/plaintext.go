package bbcode

import "strings"

// PlainText returns BBCode as plain text, as a reader of the rendered text
// would copy it: tags are gone; each list item is on a line of its own
// with "- " or "1. ", nested lists indented; quotes are marked with "> ";
// [left], [right], [center], [code] and [hr] ("---") stand on lines of
// their own; a link shows its target after its text when they differ
// ("notes (https://example.com/notes)"). Tags the server would show as
// text (unsupported, unclosed, with a bad argument) stay as written, and
// escaped brackets are unescaped. Entities are not decoded: in BBCode,
// "&amp;" is what the writer typed. Line breaks are "\n"; runs of blank
// lines become one, and the text has no leading or trailing blank line.
func PlainText(s string) string {
	l := newLayout(len(s))
	plainNodes(l, parse(s, nil), false)
	return l.String()
}

func plainNodes(l *layout, parent *pnode, inList bool) {
	n := 0
	for _, c := range parent.children {
		if c.name == "" {
			if !(inList && strings.TrimSpace(c.raw) == "") {
				l.text(c.raw)
			}
			continue
		}
		if c.name == "li" && c.closed && argProblem(c) == nil && inList {
			n++
		}
		plainTag(l, c, n, parent.name == "ol")
	}
}

// plainTag writes a tag; n is its number in an ordered list.
func plainTag(l *layout, c *pnode, n int, ordered bool) {
	if !c.closed || argProblem(c) != nil {
		// The server shows the tag as text, and what it holds.
		l.text(c.raw)
		plainNodes(l, c, false)
		l.text(c.closeRaw)
		return
	}
	switch c.spec.kind {
	case rule:
		l.rule()
	case literal:
		l.block()
		l.verbatim = true
		for _, t := range c.children {
			l.text(t.raw)
		}
		l.verbatim = false
		l.block()
	case list:
		l.block()
		plainNodes(l, c, true)
		l.block()
	case item:
		if !ordered {
			n = 0
		}
		d := l.depth()
		l.item(n)
		plainNodes(l, c, false)
		l.popTo(d)
	case block:
		d := l.depth()
		if c.name == "quote" {
			l.quote()
		} else {
			l.block()
		}
		plainNodes(l, c, false)
		l.popTo(d)
		l.block()
	default:
		m := l.mark()
		plainNodes(l, c, false)
		if c.hasArg && (c.name == "url" || c.name == "email") {
			shown := l.written(m)
			switch {
			case shown == "":
				l.write(c.arg)
			case shown != c.arg && shown != unbracket(c.arg):
				l.write(" (" + c.arg + ")")
			}
		}
	}
}

// unbracket undoes the percent-encoding of brackets URL does in a target.
func unbracket(href string) string {
	if !strings.Contains(href, "%5") {
		return href
	}
	for _, r := range [...][2]string{{"%5B", "["}, {"%5D", "]"}, {"%5b", "["}, {"%5d", "]"}} {
		href = strings.ReplaceAll(href, r[0], r[1])
	}
	return href
}
