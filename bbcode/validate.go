package bbcode

import (
	"slices"
	"strings"
)

// Validate checks BBCode written by hand before it is sent. It returns nil,
// or an *Error naming, in the order of the text, each tag the server would
// not render as meant:
//
//   - ErrUnsupportedTag: a tag outside TribeHR's subset ([s], [img], [*]).
//     Brackets that do not read as a tag ("[1]", "[sic!]") are text.
//   - ErrUnclosedTag and ErrUnopenedTag: unbalanced or misnested tags.
//   - ErrMisplacedTag: [li] outside a list, text directly inside a list, a
//     link inside a link, [url] or [email] without a target holding more
//     than its address.
//   - ErrUnsafeURL and ErrBadArgument: bad link targets, addresses, colors
//     and sizes, and arguments on tags that take none.
//
// Text written by Render always passes.
func Validate(s string) error {
	var ps problems
	root := parse(s, &ps)
	checkTree(root, 0, &ps)
	slices.SortStableFunc(ps, func(a, b Problem) int { return a.Offset - b.Offset })
	return ps.err()
}

// checkTree reports the argument and placement problems of n's children;
// links is how many links enclose them. (The root and text nodes have the
// zero tagSpec, an inline kind: they are never a list.)
func checkTree(n *pnode, links int, ps *problems) {
	for _, c := range n.children {
		if c.name == "" {
			if n.closed && n.spec.kind == list && strings.TrimSpace(c.raw) != "" {
				ps.add(n.raw, n.offset, ErrMisplacedTag, "text %q directly inside [%s]: put it in [li]", clip(c.raw), n.name)
			}
			continue
		}
		if c.closed {
			checkTag(c, n, links, ps)
		}
		inner := links
		if c.closed && (c.name == "url" || c.name == "email") {
			inner++
		}
		checkTree(c, inner, ps)
	}
}

// checkTag reports the problems of a closed tag c inside parent.
func checkTag(c, parent *pnode, links int, ps *problems) {
	switch {
	case c.spec.kind == item && parent.spec.kind != list:
		ps.add(c.raw, c.offset, ErrMisplacedTag, "[li] outside [ul] or [ol]")
	case c.spec.kind != item && c.spec.kind != rule && parent.spec.kind == list:
		ps.add(c.raw, c.offset, ErrMisplacedTag, "[%s] directly inside [%s]: put it in [li]", c.name, parent.name)
	}
	if (c.name == "url" || c.name == "email") && links > 0 {
		ps.add(c.raw, c.offset, ErrMisplacedTag, "a link inside a link")
	}
	if p := argProblem(c); p != nil {
		ps.add(c.raw, c.offset, p.kind, "%s", p.detail)
	}
}

// argProblem returns what is wrong with the argument (or, for a link
// without one, the content) of a supported tag, or nil.
func argProblem(n *pnode) *linkError {
	switch n.spec.arg {
	case argNone:
		if n.hasArg {
			return &linkError{ErrBadArgument, "[" + n.name + "] takes no argument"}
		}
	case argColor:
		if err := checkColor(n.arg); err != nil {
			return &linkError{ErrBadArgument, err.Error()}
		}
	case argSize:
		if _, err := checkSizeArg(n.arg); err != nil {
			return &linkError{ErrBadArgument, err.Error()}
		}
	case argURL, argEmail:
		target := n.arg
		if !n.hasArg {
			t, ok := onlyText(n)
			if !ok {
				return &linkError{ErrMisplacedTag, "[" + n.name + "] without a target holds its address only, no tags"}
			}
			target = t
		}
		if n.spec.arg == argEmail {
			return checkEmail(target)
		}
		_, err := checkURL(target)
		return err
	}
	return nil
}

// onlyText returns the text of a tag that holds text only.
func onlyText(n *pnode) (string, bool) {
	var b strings.Builder
	for _, c := range n.children {
		if c.name != "" {
			return "", false
		}
		b.WriteString(c.raw)
	}
	return b.String(), true
}

// clip shortens text quoted in a problem.
func clip(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:17]) + "..."
	}
	return s
}
