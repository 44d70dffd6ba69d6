package bbcode

import (
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// kind is what a supported tag does.
type kind uint8

const (
	inline  kind = iota // b i u color size url email
	block               // left right center quote
	list                // ul ol
	item                // li
	rule                // hr: no content, no closing tag
	literal             // code: its content is text up to [/code]
)

// arg is what a supported tag takes as argument ([name=arg]).
type arg uint8

const (
	argNone  arg = iota
	argColor     // required
	argSize      // required
	argURL       // optional: without it the content is the target
	argEmail     // optional: without it the content is the address
)

// tagSpec describes a supported tag.
type tagSpec struct {
	kind kind
	arg  arg
	id   uint8 // 1 to numTags, distinct per name
}

// numTags is how many tags TribeHR supports.
const numTags = 16

// lookup returns the spec of a supported tag, by lower-case name.
func lookup(name string) (tagSpec, bool) {
	switch name {
	case "b":
		return tagSpec{inline, argNone, 1}, true
	case "i":
		return tagSpec{inline, argNone, 2}, true
	case "u":
		return tagSpec{inline, argNone, 3}, true
	case "color":
		return tagSpec{inline, argColor, 4}, true
	case "size":
		return tagSpec{inline, argSize, 5}, true
	case "url":
		return tagSpec{inline, argURL, 6}, true
	case "email":
		return tagSpec{inline, argEmail, 7}, true
	case "left":
		return tagSpec{block, argNone, 8}, true
	case "right":
		return tagSpec{block, argNone, 9}, true
	case "center":
		return tagSpec{block, argNone, 10}, true
	case "quote":
		return tagSpec{block, argNone, 11}, true
	case "ul":
		return tagSpec{list, argNone, 12}, true
	case "ol":
		return tagSpec{list, argNone, 13}, true
	case "li":
		return tagSpec{item, argNone, 14}, true
	case "hr":
		return tagSpec{rule, argNone, 15}, true
	case "code":
		return tagSpec{literal, argNone, 16}, true
	}
	return tagSpec{}, false
}

// maxSize is the largest [size] the server renders (a font size in pixels
// as the fake renders it; the document says only "font size").
const maxSize = 999

// checkColor accepts a color name (letters) or #rgb / #rrggbb.
func checkColor(c string) error {
	if h, ok := strings.CutPrefix(c, "#"); ok {
		if (len(h) == 3 || len(h) == 6) && strings.Trim(h, "0123456789abcdefABCDEF") == "" {
			return nil
		}
		return fmt.Errorf("%q is not #rgb or #rrggbb", c)
	}
	if c == "" || strings.Trim(c, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return fmt.Errorf("%q is not a color name (letters) or #rgb / #rrggbb", c)
	}
	return nil
}

// checkSizeArg reads a [size=n] argument.
func checkSizeArg(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return n, checkSize(n)
}

func checkSize(n int) error {
	if n < 1 || n > maxSize {
		return fmt.Errorf("%d is not between 1 and %d", n, maxSize)
	}
	return nil
}

// linkError is a problem with a link target: its kind and what is wrong.
type linkError struct {
	kind   error
	detail string
}

// checkURL checks a link target: an absolute http or https URL. It returns
// the target as it is written in a tag: brackets percent-encoded, since a
// "]" would end the tag.
func checkURL(href string) (string, *linkError) {
	u, err := url.Parse(href)
	switch {
	case href == "":
		return "", &linkError{ErrBadArgument, "the link target is empty"}
	case href != strings.TrimSpace(href):
		return "", &linkError{ErrBadArgument, fmt.Sprintf("%q has spaces around it", href)}
	case err != nil:
		if i := strings.IndexByte(href, ':'); i > 0 && !strings.ContainsAny(href[:i], "/?#") {
			if s := strings.ToLower(href[:i]); s != "http" && s != "https" {
				return "", &linkError{ErrUnsafeURL, fmt.Sprintf("scheme %q is not http or https", href[:i])}
			}
		}
		return "", &linkError{ErrBadArgument, fmt.Sprintf("%q is not a URL", href)}
	case u.Scheme == "":
		return "", &linkError{ErrBadArgument, fmt.Sprintf("%q is not an absolute http or https URL", href)}
	case u.Scheme != "http" && u.Scheme != "https":
		return "", &linkError{ErrUnsafeURL, fmt.Sprintf("scheme %q is not http or https", u.Scheme)}
	case u.Host == "" || u.Opaque != "":
		return "", &linkError{ErrBadArgument, fmt.Sprintf("%q has no host", href)}
	case strings.ContainsAny(u.Host, "[]"):
		return "", &linkError{ErrBadArgument, fmt.Sprintf("%q: an IPv6 host cannot be written in a BBCode tag", href)}
	case strings.ContainsAny(href, " \t\n\r"):
		return "", &linkError{ErrBadArgument, fmt.Sprintf("%q holds white space", href)}
	}
	if strings.ContainsAny(href, "[]") {
		href = strings.ReplaceAll(strings.ReplaceAll(href, "[", "%5B"), "]", "%5D")
	}
	return href, nil
}

// checkEmail checks an email address: a bare address, as the server links
// it with mailto:.
func checkEmail(addr string) *linkError {
	a, err := mail.ParseAddress(addr)
	switch {
	case err != nil || a.Name != "" || a.Address != addr:
		return &linkError{ErrBadArgument, fmt.Sprintf("%q is not an email address", addr)}
	case strings.ContainsAny(addr, " :/<>\"[]\\"):
		return &linkError{ErrBadArgument, fmt.Sprintf("%q holds characters a mailto: link cannot carry", addr)}
	}
	return nil
}
