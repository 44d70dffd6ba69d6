package bbcode

import "strings"

// The parser reads BBCode the way the server renders it: a "[" starts a
// tag that ends at the next "]" (unless another "[" comes first); a tag
// whose name is not supported, or that is never closed, is text; a closing
// tag closes the nearest open tag of its name, and the tags opened inside
// it and still open stay text; [code] holds text up to [/code]; [hr]
// stands alone.

// pnode is a node of parsed BBCode: text (name == "") or a tag.
type pnode struct {
	name     string // lower case; "" for text
	arg      string
	hasArg   bool
	raw      string // the opening tag as written, or the text
	offset   int    // of raw in the text
	spec     tagSpec
	children []*pnode
	closed   bool
	closeRaw string // the closing tag as written
}

// parse reads s into a tree, adding the problems of its tags to ps (nil
// when the caller does not want them).
func parse(s string, ps *problems) *pnode {
	p := parser{src: s, ps: ps}
	root := &pnode{closed: true}
	p.stack = []*pnode{root}
	p.run()
	for _, n := range p.stack[1:] {
		p.report(n.raw, n.offset, ErrUnclosedTag, "[/%s] is missing", n.name)
	}
	return root
}

type parser struct {
	src   string
	pos   int
	stack []*pnode
	open  [numTags + 1]int // how many tags of each id the stack holds
	ps    *problems
	// noCodeEnd is set once a search for [/code] failed: none follows.
	noCodeEnd bool
}

func (p *parser) report(tag string, offset int, kind error, format string, args ...any) {
	if p.ps != nil {
		p.ps.add(tag, offset, kind, format, args...)
	}
}

func (p *parser) top() *pnode { return p.stack[len(p.stack)-1] }

func (p *parser) text(end int) {
	if end > p.pos {
		p.top().children = append(p.top().children, &pnode{raw: p.src[p.pos:end], offset: p.pos})
		p.pos = end
	}
}

func (p *parser) run() {
	for p.pos < len(p.src) {
		open := strings.IndexByte(p.src[p.pos:], '[')
		if open < 0 {
			p.text(len(p.src))
			return
		}
		p.text(p.pos + open)
		rest := p.src[p.pos:]
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			p.text(len(p.src))
			return
		}
		if last := strings.LastIndexByte(rest[:end], '['); last > 0 {
			p.text(p.pos + last) // "[x [b]": the first "[" is text
			continue
		}
		p.tag(rest[:end+1])
	}
}

// tag handles the bracketed run raw at p.pos.
func (p *parser) tag(raw string) {
	at := p.pos
	inner := raw[1 : len(raw)-1]
	name, closing := strings.CutPrefix(inner, "/")
	var arg string
	var hasArg bool
	if !closing {
		name, arg, hasArg = strings.Cut(name, "=")
	}
	lower := strings.ToLower(name)
	spec, ok := lookup(lower)
	if !ok {
		if looksLikeTag(lower) {
			p.report(raw, at, ErrUnsupportedTag, "supported tags are b i u url email hr color size ul ol li left right center code quote")
		}
		p.text(at + len(raw))
		return
	}
	p.pos += len(raw)
	if closing {
		p.close(lower, spec.id, raw, at)
		return
	}
	n := &pnode{name: lower, arg: arg, hasArg: hasArg, raw: raw, offset: at, spec: spec}
	p.top().children = append(p.top().children, n)
	switch spec.kind {
	case rule:
		n.closed = true
	case literal:
		i := -1
		if !p.noCodeEnd {
			i = indexFold(p.src[p.pos:], "[/code]")
			p.noCodeEnd = i < 0
		}
		if i < 0 {
			p.report(raw, at, ErrUnclosedTag, "[/code] is missing")
			return
		}
		if i > 0 {
			n.children = []*pnode{{raw: p.src[p.pos : p.pos+i], offset: p.pos}}
		}
		n.closed, n.closeRaw = true, p.src[p.pos+i:p.pos+i+len("[/code]")]
		p.pos += i + len("[/code]")
	default:
		p.stack = append(p.stack, n)
		p.open[spec.id]++
	}
}

// close handles the closing tag raw of name at offset at.
func (p *parser) close(name string, id uint8, raw string, at int) {
	if p.open[id] == 0 {
		p.report(raw, at, ErrUnopenedTag, "no [%s] is open here", name)
		p.top().children = append(p.top().children, &pnode{raw: raw, offset: at})
		return
	}
	i := len(p.stack) - 1
	for p.stack[i].name != name {
		i--
	}
	for _, n := range p.stack[i+1:] {
		p.report(n.raw, n.offset, ErrUnclosedTag, "[%s] is still open at %s (byte %d)", n.name, raw, at)
	}
	for _, n := range p.stack[i:] {
		p.open[n.spec.id]--
	}
	p.stack[i].closed, p.stack[i].closeRaw = true, raw
	p.stack = p.stack[:i]
}

// looksLikeTag reports whether a bracketed name reads as a tag a writer
// meant ("s", "img", "*", "quote author"), rather than text in brackets
// ("1", "sic!", "JIRA-12"): letters, then letters or digits.
func looksLikeTag(name string) bool {
	name = strings.Trim(name, " \t") // as Escape skips them
	if name == "*" {
		return true
	}
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isAlnum(name[i]) {
			return false
		}
	}
	return true
}

// indexFold is strings.Index ignoring ASCII case; sub is lower case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
