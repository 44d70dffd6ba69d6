package tribehrtest

import (
	"regexp"
	"strings"
)

// The BBCode subset TribeHR supports, rendered to HTML for
// formattedTextAs=html. Text outside tags is HTML-escaped (input is never
// HTML, so any markup a client sends shows as text); a tag that is unknown,
// unclosed or has an unsafe argument is kept as literal text; newlines
// become <br />. A "[" with another "[" before its "]" is text, as it is
// for the regular-expression parsers BBCode is usually read with ("[x
// [b]y[/b]" is "[x " and a bold "y").

var (
	bbColorArg = regexp.MustCompile(`^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]+)$`)
	bbSizeArg  = regexp.MustCompile(`^[0-9]{1,3}$`)
)

// bbNode is an element of the parsed text: a text run (tag == "") or a tag
// with its children.
type bbNode struct {
	tag, arg string
	raw      string // the opening tag as written, or the text
	children []*bbNode
	closed   bool
}

var bbTags = map[string]bool{
	"b": true, "i": true, "u": true, "url": true, "email": true, "hr": true, "color": true, "size": true,
	"ul": true, "ol": true, "li": true, "left": true, "right": true, "center": true, "code": true, "quote": true,
}

// bbcodeToHTML renders BBCode (or plain text) as HTML.
func bbcodeToHTML(s string) string {
	root := &bbNode{closed: true}
	stack := []*bbNode{root}
	top := func() *bbNode { return stack[len(stack)-1] }
	text := func(t string) {
		top().children = append(top().children, &bbNode{raw: t})
	}
	for len(s) > 0 {
		open := strings.IndexByte(s, '[')
		if open < 0 {
			text(s)
			break
		}
		if open > 0 {
			text(s[:open])
			s = s[open:]
		}
		end := strings.IndexByte(s, ']')
		if end < 0 {
			text(s)
			break
		}
		if next := strings.IndexByte(s[1:end], '['); next >= 0 {
			// "[x [b]": the first "[" is text; a tag may start at the next.
			text(s[:next+1])
			s = s[next+1:]
			continue
		}
		raw, inner := s[:end+1], s[1:end]
		s = s[end+1:]
		if name, ok := strings.CutPrefix(inner, "/"); ok {
			name = strings.ToLower(name)
			i := len(stack) - 1
			for i > 0 && stack[i].tag != name {
				i--
			}
			if i == 0 {
				text(raw)
				continue
			}
			stack[i].closed = true
			stack = stack[:i]
			continue
		}
		name, arg, _ := strings.Cut(inner, "=")
		name = strings.ToLower(name)
		if !bbTags[name] {
			text(raw)
			continue
		}
		n := &bbNode{tag: name, arg: arg, raw: raw}
		top().children = append(top().children, n)
		switch name {
		case "hr":
			n.closed = true
		case "code": // literal up to [/code]
			if i := strings.Index(strings.ToLower(s), "[/code]"); i >= 0 {
				n.children = []*bbNode{{raw: s[:i]}}
				n.closed = true
				s = s[i+len("[/code]"):]
			}
		default:
			stack = append(stack, n)
		}
	}
	var b strings.Builder
	renderBB(&b, root.children, false)
	return b.String()
}

func renderBB(b *strings.Builder, nodes []*bbNode, inCode bool) {
	for _, n := range nodes {
		if n.tag == "" {
			t := escapeHTML(n.raw)
			if !inCode {
				t = strings.ReplaceAll(strings.ReplaceAll(t, "\r\n", "\n"), "\n", "<br />")
			}
			b.WriteString(t)
			continue
		}
		open, closeTag, ok := bbElement(n)
		if !ok || !n.closed {
			b.WriteString(escapeHTML(n.raw))
			renderBB(b, n.children, inCode)
			continue
		}
		b.WriteString(open)
		if n.tag == "url" || n.tag == "email" {
			if n.arg == "" { // the link text is the address itself
				b.WriteString(escapeHTML(plainText(n.children)))
			} else {
				renderBB(b, n.children, inCode)
			}
		} else {
			renderBB(b, n.children, inCode || n.tag == "code")
		}
		b.WriteString(closeTag)
	}
}

// bbElement returns the HTML around a tag's content.
func bbElement(n *bbNode) (open, closeTag string, ok bool) {
	switch n.tag {
	case "b", "i", "u", "ul", "ol", "li":
		return "<" + n.tag + ">", "</" + n.tag + ">", true
	case "hr":
		return "<hr />", "", true
	case "left", "right", "center":
		return `<div style="text-align: ` + n.tag + `">`, "</div>", true
	case "code":
		return "<pre><code>", "</code></pre>", true
	case "quote":
		return "<blockquote>", "</blockquote>", true
	case "color":
		if !bbColorArg.MatchString(n.arg) {
			return "", "", false
		}
		return `<span style="color: ` + n.arg + `">`, "</span>", true
	case "size":
		if !bbSizeArg.MatchString(n.arg) {
			return "", "", false
		}
		return `<span style="font-size: ` + n.arg + `px">`, "</span>", true
	case "url":
		href := n.arg
		if href == "" {
			href = plainText(n.children)
		}
		l := strings.ToLower(href)
		if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
			return "", "", false
		}
		return `<a href="` + escapeHTML(href) + `">`, "</a>", true
	case "email":
		addr := n.arg
		if addr == "" {
			addr = plainText(n.children)
		}
		if !strings.Contains(addr, "@") || strings.ContainsAny(addr, " :/<>\"") {
			return "", "", false
		}
		return `<a href="mailto:` + escapeHTML(addr) + `">`, "</a>", true
	}
	return "", "", false
}

// plainText is the text of nodes with their tags written back as sent.
func plainText(nodes []*bbNode) string {
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(n.raw)
		b.WriteString(plainText(n.children))
		if n.tag != "" && n.closed && n.tag != "hr" {
			b.WriteString("[/" + n.tag + "]")
		}
	}
	return b.String()
}

// escapeHTML escapes the characters that matter in HTML text and attribute
// values. Apostrophes are left alone, as the samples show them.
func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
