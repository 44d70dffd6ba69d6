package bbcode

import (
	"strconv"
	"strings"
)

// layout writes plain text for PlainText and PlainTextFromHTML: runs of
// text, line breaks, blocks on lines of their own, list items with their
// markers and quotes with "> ", indented as they nest. Leading and trailing
// blank lines are never written, nor spaces at the end of a line.
type layout struct {
	out         strings.Builder
	indents     []indent
	breaks      int    // line breaks wanted before the next text
	pending     string // white space wanted before the next text on the same line
	verbatim    bool   // keep white space at the start of lines (code, pre)
	atLineStart bool
	started     bool
}

// indent is what an open quote or list item puts at the start of its
// lines: marker on the item's first line, then prefix.
type indent struct {
	prefix string
	marker string
}

// newLayout returns a layout for the plain text of about n bytes of input.
func newLayout(n int) *layout {
	l := &layout{atLineStart: true}
	l.out.Grow(n)
	return l
}

// write writes text that holds no line break; white space at the start of
// a line is dropped, unless verbatim.
func (l *layout) write(s string) {
	if (l.breaks > 0 || l.atLineStart) && !l.verbatim {
		s = strings.TrimLeft(s, " \t")
	}
	if s == "" {
		return
	}
	if l.started && l.breaks > 0 {
		for i := range l.breaks {
			l.out.WriteByte('\n')
			if i < l.breaks-1 { // a blank line keeps the quote marks
				l.out.WriteString(strings.TrimRight(l.prefix(false), " "))
			}
		}
		l.atLineStart = true
	}
	l.breaks = 0
	if l.atLineStart {
		l.out.WriteString(l.prefix(true))
		l.atLineStart, l.pending = false, ""
	}
	l.out.WriteString(l.pending)
	l.pending = ""
	l.out.WriteString(s)
	l.started = true
}

// maxIndents is how many nested quotes and list items indent a line;
// deeper ones only write their marker, so that deep nesting cannot make the
// output grow with the square of the input.
const maxIndents = 8

// prefix returns the indentation of a line; first marks the line where
// pending markers are written (and so used up).
func (l *layout) prefix(first bool) string {
	if len(l.indents) == 0 {
		return ""
	}
	var b strings.Builder
	n := min(len(l.indents), maxIndents)
	for i := range n {
		in := &l.indents[i]
		if first && in.marker != "" {
			b.WriteString(in.marker)
			in.marker = ""
			continue
		}
		b.WriteString(in.prefix)
	}
	if last := len(l.indents) - 1; first && last >= n {
		b.WriteString(l.indents[last].marker)
		l.indents[last].marker = ""
	}
	return b.String()
}

// text writes text in which "\n" (or "\r\n") breaks the line. White
// space at the end of a line is dropped; at the end of s it is kept for
// the text that follows on the same line.
func (l *layout) text(s string) {
	s = strings.ReplaceAll(Unescape(s), "\r\n", "\n")
	for {
		line, rest, more := strings.Cut(s, "\n")
		body := strings.TrimRight(line, " \t\r")
		l.write(body)
		if !more {
			if trailing := line[len(body):]; trailing != "" {
				l.pending = trailing
			}
			return
		}
		l.lineBreak()
		s = rest
	}
}

// collapsed writes HTML text: runs of white space are one space, and none
// at the start of a line.
func (l *layout) collapsed(s string) {
	s = Unescape(s)
	for s != "" {
		i := strings.IndexFunc(s, isHTMLSpace)
		if i < 0 {
			l.write(s)
			return
		}
		l.write(s[:i])
		for i < len(s) && isHTMLSpace(rune(s[i])) {
			i++
		}
		l.pending = " "
		s = s[i:]
	}
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}

// lineBreak ends the line; two in a row leave a blank line, more are not
// written.
func (l *layout) lineBreak() {
	l.pending = ""
	if l.breaks < 2 {
		l.breaks++
	}
}

// block puts what follows on a new line, unless the line is empty.
func (l *layout) block() {
	l.pending = ""
	if !l.atLineStart && l.breaks == 0 {
		l.breaks = 1
	}
}

// push opens a quote or a list item; pop closes the last one opened.
func (l *layout) push(in indent) {
	l.block()
	l.indents = append(l.indents, in)
}

func (l *layout) pop() {
	if len(l.indents) > 0 {
		l.indents = l.indents[:len(l.indents)-1]
	}
	l.block()
}

func (l *layout) depth() int { return len(l.indents) }

// popTo closes what was opened since depth d.
func (l *layout) popTo(d int) {
	for len(l.indents) > d {
		l.pop()
	}
}

// quote opens a block quote.
func (l *layout) quote() { l.push(indent{prefix: "> "}) }

// item opens the n-th item of a list (n counts from 1; 0 for a bulleted
// list).
func (l *layout) item(n int) {
	marker := "- "
	if n > 0 {
		marker = strconv.Itoa(n) + ". "
	}
	l.push(indent{prefix: strings.Repeat(" ", len(marker)), marker: marker})
}

// rule writes a horizontal rule on a line of its own.
func (l *layout) rule() {
	l.block()
	l.write("---")
	l.block()
}

// mark returns where the text written from now on starts, for written.
func (l *layout) mark() int { return l.out.Len() }

// written returns the text written since mark m, trimmed.
func (l *layout) written(m int) string { return strings.TrimSpace(l.out.String()[m:]) }

func (l *layout) String() string { return l.out.String() }
