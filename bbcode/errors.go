package bbcode

import (
	"errors"
	"fmt"
	"strings"
)

// The kinds of problem Render and Validate report; match them with
// errors.Is on the returned error.
var (
	// ErrUnsupportedTag: a tag TribeHR does not support, such as [s] or
	// [img]. The server shows it as text.
	ErrUnsupportedTag = errors.New("tag not supported by TribeHR")
	// ErrUnclosedTag: an opening tag without its closing tag, or one
	// closed after a tag opened inside it (misnested). The server shows
	// it as text.
	ErrUnclosedTag = errors.New("tag not closed")
	// ErrUnopenedTag: a closing tag with no opening tag before it.
	ErrUnopenedTag = errors.New("closing tag without an opening tag")
	// ErrMisplacedTag: a tag where it cannot go, such as [li] outside a
	// list, text directly inside [ul], or a link inside a link.
	ErrMisplacedTag = errors.New("tag in the wrong place")
	// ErrUnsafeURL: a link whose target is not an http or https URL, such
	// as javascript:, data: or vbscript:.
	ErrUnsafeURL = errors.New("unsafe link target")
	// ErrBadArgument: a tag argument the server would not accept, such as
	// a color that is not a name or #rgb, a size that is not a number, an
	// address that is not an email address, or an argument on a tag that
	// takes none.
	ErrBadArgument = errors.New("bad tag argument")
)

// Problem is one thing wrong with BBCode. It is an error that matches its
// kind (Err) with errors.Is.
type Problem struct {
	// Tag is the tag as written, such as "[url=javascript:alert(1)]" or
	// "[/b]".
	Tag string
	// Offset is the byte offset of Tag in the text Validate checked, or -1
	// for a problem Render found in built nodes.
	Offset int
	// Err is the kind of problem: ErrUnsupportedTag, ErrUnclosedTag,
	// ErrUnopenedTag, ErrMisplacedTag, ErrUnsafeURL or ErrBadArgument.
	Err error
	// Detail says what exactly is wrong, such as `scheme "javascript" is
	// not http or https`; it may be empty.
	Detail string
}

// Error describes the problem: the tag, where it is, what is wrong.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.Tag)
	if p.Offset >= 0 {
		fmt.Fprintf(&b, " at byte %d", p.Offset)
	}
	b.WriteString(": ")
	b.WriteString(p.Err.Error())
	if p.Detail != "" {
		b.WriteString(": ")
		b.WriteString(p.Detail)
	}
	return b.String()
}

// Unwrap returns the kind of problem.
func (p Problem) Unwrap() error { return p.Err }

// Error is what Render and Validate return: every problem found, in the
// order of the text.
type Error struct {
	Problems []Problem
}

// Error lists the problems.
func (e *Error) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Error()
	}
	return "bbcode: " + strings.Join(parts, "; ")
}

// Unwrap returns the problems, so that errors.Is(err, ErrUnsafeURL) and
// errors.As(err, &problem) look into each.
func (e *Error) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}

// problems collects the problems of a text or a tree.
type problems []Problem

func (ps *problems) add(tag string, offset int, kind error, format string, args ...any) {
	*ps = append(*ps, Problem{Tag: tag, Offset: offset, Err: kind, Detail: fmt.Sprintf(format, args...)})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &Error{Problems: ps}
}
