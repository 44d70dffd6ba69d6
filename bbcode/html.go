package bbcode

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PlainTextFromHTML returns rich text received as HTML (kudos text asked
// for with formattedTextAs=html, event notes) as plain text, laid out as
// PlainText lays out BBCode: paragraphs, divs, headings, table rows,
// quotes ("> ") and <pre> on lines of their own, <br> a line break, list
// items on lines of their own with "- " or "1. ", a link's target after
// its text when they differ, an image's alt text. White space collapses
// as a browser collapses it (except in <pre>), entities are decoded,
// scripts, styles and the document head are left out, and escaped
// brackets are unescaped. It reads the HTML with the tokenizer of
// golang.org/x/net/html, so it copes with any input, well-formed or not.
func PlainTextFromHTML(s string) string {
	w := htmlWriter{l: newLayout(len(s))}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return w.l.String()
		case html.TextToken:
			w.textToken(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			var attr string // the one attribute the tag needs
			if want := neededAttr(a); hasAttr && want != "" {
				for more := true; more; {
					var k, v []byte
					k, v, more = z.TagAttr()
					if string(k) == want {
						attr = string(v)
					}
				}
			}
			w.start(a, attr)
			if tt == html.SelfClosingTagToken {
				w.end(a)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			w.end(atom.Lookup(name))
		}
	}
}

// htmlWriter turns the tokens of HTML into a layout.
type htmlWriter struct {
	l      *layout
	skip   int // inside script, style, head, template…: text is dropped
	pre    int // inside <pre>: white space is kept
	lists  []htmlList
	quotes []int // layout depth at each open <blockquote>
	links  []htmlLink
}

type htmlList struct {
	ordered bool
	next    int // the number of the next item
	depth   int // layout depth when the list opened
}

type htmlLink struct {
	href string
	mark int
}

func (w *htmlWriter) textToken(b []byte) {
	switch {
	case w.skip > 0:
	case w.pre > 0:
		w.l.verbatim = true
		w.l.text(string(b))
		w.l.verbatim = false
	default:
		w.l.collapsed(string(b))
	}
}

// neededAttr names the attribute start reads for a tag.
func neededAttr(a atom.Atom) string {
	switch a {
	case atom.A:
		return "href"
	case atom.Img:
		return "alt"
	case atom.Ol:
		return "start"
	}
	return ""
}

// start handles a start tag; attr is its neededAttr.
func (w *htmlWriter) start(a atom.Atom, attr string) {
	if isHTMLSkipped(a) {
		w.skip++
		return
	}
	switch a {
	case atom.Br:
		w.l.lineBreak()
	case atom.Hr:
		w.l.rule()
	case atom.Pre:
		w.l.block()
		w.pre++
	case atom.Blockquote:
		w.quotes = append(w.quotes, w.l.depth())
		w.l.quote()
	case atom.Ul, atom.Ol, atom.Menu:
		w.l.block()
		next := 1
		if n, err := strconv.Atoi(attr); err == nil && a == atom.Ol {
			next = n
		}
		w.lists = append(w.lists, htmlList{ordered: a == atom.Ol, next: next, depth: w.l.depth()})
	case atom.Li:
		n := 0
		if len(w.lists) > 0 {
			top := &w.lists[len(w.lists)-1]
			w.l.popTo(top.depth) // an item ends at the next one, </li> or not
			if top.ordered {
				n = top.next
				top.next++
			}
		}
		w.l.item(n)
	case atom.A:
		w.links = append(w.links, htmlLink{href: attr, mark: w.l.mark()})
	case atom.Img:
		if alt := strings.TrimSpace(attr); alt != "" {
			w.l.collapsed(alt)
		}
	case atom.Td, atom.Th:
		w.l.pending = " "
	default:
		if isHTMLBlock(a) {
			w.l.block()
		}
	}
}

func (w *htmlWriter) end(a atom.Atom) {
	if isHTMLSkipped(a) {
		if w.skip > 0 {
			w.skip--
		}
		return
	}
	switch a {
	case atom.Pre:
		if w.pre > 0 {
			w.pre--
		}
		w.l.block()
	case atom.Blockquote:
		if n := len(w.quotes); n > 0 {
			w.l.popTo(w.quotes[n-1])
			w.quotes = w.quotes[:n-1]
		}
		w.l.block()
	case atom.Ul, atom.Ol, atom.Menu:
		if n := len(w.lists); n > 0 {
			w.l.popTo(w.lists[n-1].depth)
			w.lists = w.lists[:n-1]
		}
		w.l.block()
	case atom.Li:
		if n := len(w.lists); n > 0 {
			w.l.popTo(w.lists[n-1].depth)
		} else {
			w.l.pop()
		}
	case atom.A:
		if n := len(w.links); n > 0 {
			link := w.links[n-1]
			w.links = w.links[:n-1]
			w.linkTarget(link)
		}
	case atom.Td, atom.Th:
		w.l.pending = " "
	default:
		if isHTMLBlock(a) {
			w.l.block()
		}
	}
}

// linkTarget writes the target of a link after its text, when it shows
// something the text does not.
func (w *htmlWriter) linkTarget(link htmlLink) {
	target := strings.TrimSpace(link.href)
	lower := strings.ToLower(target)
	switch {
	case strings.HasPrefix(lower, "mailto:"):
		target = target[len("mailto:"):]
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
	default:
		return // no target, a fragment, a relative or script link: nothing a reader could use
	}
	switch shown := w.l.written(link.mark); {
	case target == "" || shown == target:
	case shown == "":
		w.l.write(target)
	default:
		w.l.write(" (" + target + ")")
	}
}

// isHTMLSkipped reports whether an element's content is left out of the
// plain text: scripts, styles, the document head, embedded content.
func isHTMLSkipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Template, atom.Noscript, atom.Iframe, atom.Object:
		return true
	}
	return false
}

// isHTMLBlock reports whether an element starts and ends a line.
func isHTMLBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Aside, atom.Header, atom.Footer, atom.Nav, atom.Main,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Thead, atom.Tbody, atom.Tfoot,
		atom.Tr, atom.Caption, atom.Form, atom.Fieldset, atom.Figure, atom.Figcaption, atom.Address, atom.Dt,
		atom.Dd, atom.Center, atom.Details, atom.Summary, atom.Body, atom.Html, atom.Option:
		return true
	}
	return false
}
