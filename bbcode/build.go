package bbcode

import (
	"strconv"
	"strings"
)

// Node is a piece of rich text: plain text, or a tag with its content.
// Make nodes with Text and the tag functions (Bold, URL, UL, …) and write
// them with Render. Nodes are values; a tree can be reused and shared.
type Node struct {
	name     string // "" for text
	arg      string
	text     string // the text of a text node, or the content of [code]
	children []Node
	items    []Item
	// problem is what a tag function found wrong with its arguments; it is
	// reported by Render.
	problem *Problem
}

// Item is an item of a list: [li]. Make items with LI and put them in UL
// or OL; an item cannot stand anywhere else.
type Item struct {
	children []Node
}

// Text is plain text. Render escapes it, so "[b]" in it shows as "[b]";
// newlines are line breaks.
func Text(s string) Node { return Node{text: s} }

// Bold is [b]…[/b].
func Bold(children ...Node) Node { return tag("b", "", children) }

// Italic is [i]…[/i].
func Italic(children ...Node) Node { return tag("i", "", children) }

// Underline is [u]…[/u].
func Underline(children ...Node) Node { return tag("u", "", children) }

// URL is a link, [url=href]…[/url], to an absolute http or https URL.
// Without children the link shows href itself. Any other target
// (javascript:, data:, a relative URL) is an ErrUnsafeURL or
// ErrBadArgument at Render. Brackets in href are percent-encoded, since a
// "]" would end the tag.
func URL(href string, children ...Node) Node {
	n := tag("url", href, children)
	if target, err := checkURL(href); err != nil {
		n.problem = &Problem{Tag: "[url=" + href + "]", Offset: -1, Err: err.kind, Detail: err.detail}
	} else {
		n.arg = target
	}
	if len(children) == 0 {
		n.children = []Node{Text(href)}
	}
	return n
}

// Email is a mailto: link, [email=addr]…[/email]. Without children the
// link shows the address. An address that is not a bare email address is
// an ErrBadArgument at Render.
func Email(addr string, children ...Node) Node {
	n := tag("email", addr, children)
	if err := checkEmail(addr); err != nil {
		n.problem = &Problem{Tag: "[email=" + addr + "]", Offset: -1, Err: err.kind, Detail: err.detail}
	}
	if len(children) == 0 {
		n.children = []Node{Text(addr)}
	}
	return n
}

// Color is [color=c]…[/color]: c is a color name ("red") or "#rgb" /
// "#rrggbb"; anything else is an ErrBadArgument at Render.
func Color(c string, children ...Node) Node {
	n := tag("color", c, children)
	if err := checkColor(c); err != nil {
		n.problem = &Problem{Tag: "[color=" + c + "]", Offset: -1, Err: ErrBadArgument, Detail: err.Error()}
	}
	return n
}

// Size is [size=n]…[/size], a font size from 1 to 999; another size is an
// ErrBadArgument at Render.
func Size(n int, children ...Node) Node {
	s := strconv.Itoa(n)
	node := tag("size", s, children)
	if err := checkSize(n); err != nil {
		node.problem = &Problem{Tag: "[size=" + s + "]", Offset: -1, Err: ErrBadArgument, Detail: err.Error()}
	}
	return node
}

// HR is a horizontal rule, [hr].
func HR() Node { return Node{name: "hr"} }

// UL is an unordered (bulleted) list, [ul][li]…[/li][/ul].
func UL(items ...Item) Node { return Node{name: "ul", items: items} }

// OL is an ordered (numbered) list, [ol][li]…[/li][/ol].
func OL(items ...Item) Node { return Node{name: "ol", items: items} }

// LI is a list item, [li]…[/li], for UL and OL.
func LI(children ...Node) Item { return Item{children: children} }

// Left is a left-aligned block, [left]…[/left].
func Left(children ...Node) Node { return tag("left", "", children) }

// Right is a right-aligned block, [right]…[/right].
func Right(children ...Node) Node { return tag("right", "", children) }

// Center is a centred block, [center]…[/center].
func Center(children ...Node) Node { return tag("center", "", children) }

// Quote is a block quote, [quote]…[/quote].
func Quote(children ...Node) Node { return tag("quote", "", children) }

// Code is text in monospace, [code]…[/code]. Its content is shown as
// written: tags in it are not read, and only a "[/code]" in it is escaped.
func Code(code string) Node { return Node{name: "code", text: code} }

// Tag is the tag with the given name (in any case) and argument ("" for
// none), for code that picks tags at run time: Tag("b", "", …) is
// Bold(…), Tag("url", href, …) is URL(href, …), Tag("size", "12", …) is
// Size(12, …). A name TribeHR does not support is an ErrUnsupportedTag at
// Render, an argument on a tag that takes none an ErrBadArgument. Lists
// are made with UL, OL and LI only (Tag("li", …) is an ErrMisplacedTag);
// the content of Tag("code", …) must be text.
func Tag(name, arg string, children ...Node) Node {
	lower := strings.ToLower(name)
	spec, ok := lookup(lower)
	written := "[" + name
	if arg != "" {
		written += "=" + arg
	}
	written += "]"
	bad := func(kind error, detail string) Node {
		n := tag(lower, arg, children)
		n.problem = &Problem{Tag: written, Offset: -1, Err: kind, Detail: detail}
		return n
	}
	switch {
	case !ok:
		return bad(ErrUnsupportedTag, "supported tags are b i u url email hr color size ul ol li left right center code quote")
	case spec.kind == list || spec.kind == item:
		return bad(ErrMisplacedTag, "make lists with UL, OL and LI")
	case spec.arg == argNone && arg != "":
		return bad(ErrBadArgument, "["+lower+"] takes no argument")
	}
	switch spec.arg {
	case argColor:
		return Color(arg, children...)
	case argSize:
		n, err := checkSizeArg(arg)
		if err != nil {
			return bad(ErrBadArgument, err.Error())
		}
		return Size(n, children...)
	case argURL:
		return URL(arg, children...)
	case argEmail:
		return Email(arg, children...)
	}
	switch spec.kind {
	case rule:
		if len(children) > 0 {
			return bad(ErrMisplacedTag, "[hr] has no content")
		}
		return HR()
	case literal:
		var b strings.Builder
		for _, c := range children {
			if c.name != "" {
				return bad(ErrMisplacedTag, "[code] holds text only")
			}
			b.WriteString(c.text)
		}
		return Code(b.String())
	}
	return tag(lower, "", children)
}

func tag(name, arg string, children []Node) Node {
	return Node{name: name, arg: arg, children: children}
}

// Render writes the nodes as BBCode, one after the other. Every problem of
// the tree (a bad link, color or size, an unsupported tag, a link inside
// a link) is reported at once in an *Error, and then the text is "".
// Render's output passes Validate.
func Render(nodes ...Node) (string, error) {
	var r renderer
	r.b.Grow(256)
	r.nodes(nodes)
	if err := r.problems.err(); err != nil {
		return "", err
	}
	return r.b.String(), nil
}

type renderer struct {
	b        strings.Builder
	problems problems
	inLink   int
}

func (r *renderer) nodes(nodes []Node) {
	for i := range nodes {
		r.node(&nodes[i])
	}
}

func (r *renderer) node(n *Node) {
	if n.problem != nil {
		r.problems = append(r.problems, *n.problem)
	}
	switch n.name {
	case "":
		r.b.WriteString(Escape(n.text))
		return
	case "hr":
		r.b.WriteString("[hr]")
		return
	case "code":
		r.b.WriteString("[code]")
		r.b.WriteString(escapeCode(n.text))
		r.b.WriteString("[/code]")
		return
	}
	link := n.name == "url" || n.name == "email"
	if link {
		if r.inLink > 0 {
			r.problems.add("["+n.name+"]", -1, ErrMisplacedTag, "a link inside a link")
		}
		r.inLink++
	}
	r.b.WriteByte('[')
	r.b.WriteString(n.name)
	if n.arg != "" {
		r.b.WriteByte('=')
		r.b.WriteString(n.arg)
	}
	r.b.WriteByte(']')
	if n.name == "ul" || n.name == "ol" {
		for _, it := range n.items {
			r.b.WriteString("[li]")
			r.nodes(it.children)
			r.b.WriteString("[/li]")
		}
	} else {
		r.nodes(n.children)
	}
	r.b.WriteString("[/")
	r.b.WriteString(n.name)
	r.b.WriteByte(']')
	if link {
		r.inLink--
	}
}
