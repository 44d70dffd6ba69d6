package tribehr

import (
	"net/url"
	"strings"
)

// A CallOption changes one call, and only that call. Every service method
// takes them last, in the same way:
//
//	k, err := client.Kudos.Get(ctx, 83, tribehr.FormattedTextAs(tribehr.TextFormatHTML))
//
// Options that do not apply to a call are ignored by the server. A bad
// option is a *ValidationError, reported with the call's other problems
// before anything is sent.
type CallOption func(*callConfig)

// callConfig is what a call's options set.
type callConfig struct {
	textFormat  TextFormat
	dst         *Response // CaptureResponse
	dstSet      bool      // CaptureResponse was given, maybe with nil
	ifNoneMatch string
	recovery    recoveryChoice
	// maxItems caps a list (MaxItems), when set.
	maxItems    int
	maxItemsSet bool
	// maxDownload is Download's size cap (MaxDownloadSize), when set.
	maxDownload    int64
	maxDownloadSet bool
}

// recoveryChoice is a call's CreateRecovery: the Client's choice, on or off.
type recoveryChoice int

const (
	recoveryDefault recoveryChoice = iota
	recoveryOn
	recoveryOff
)

// TextFormat is how the API returns rich text (the formattedTextAs query
// parameter). It affects responses only: requests always send plain text
// or BBCode.
type TextFormat string

// The formats of rich text in responses.
const (
	// TextFormatBBCode returns rich text as BBCode, the API's default.
	TextFormatBBCode TextFormat = "bbcode"
	// TextFormatHTML returns rich text as HTML.
	TextFormatHTML TextFormat = "html"
)

// FormattedTextAs chooses how the rich text of the call's response comes
// back: BBCode (the API's default) or HTML. It is sent as the
// formattedTextAs query parameter, which the API honours on GET, POST and
// PUT alike; today it changes the text of kudos (event notes may arrive as
// HTML whatever it says).
func FormattedTextAs(f TextFormat) CallOption {
	return func(c *callConfig) { c.textFormat = f }
}

// CaptureResponse makes the call fill dst with its metadata when it ends,
// success or failure: which request it sent, how many attempts, and the
// status and headers (rate limit, paging, ETag, Location) of the last
// answer. dst belongs to that call alone, so calls made in parallel, each
// with its own Response, never see each other's:
//
//	var meta tribehr.Response
//	users, err := client.Users.List(ctx, tribehr.CaptureResponse(&meta))
//	fmt.Println(meta.Rate.Remaining)
//
// dst must not be nil.
func CaptureResponse(dst *Response) CallOption {
	return func(c *callConfig) { c.dst, c.dstSet = dst, true }
}

// IfNoneMatch makes a GET call conditional: it sends If-None-Match with
// etag, the ETag of an earlier Response (the neighbouring APIs' convention;
// the server must support entity tags). When the server answers 304 Not
// Modified, the call decodes nothing and returns nil (a nil object or a nil
// list) and no error, and the call's Response has NotModified set: the copy
// the caller kept is current. Since that is the only sign of a 304, the call
// must capture its Response too (CaptureResponse), or it is refused:
//
//	var meta tribehr.Response
//	u, err := client.Users.Get(ctx, 7, tribehr.IfNoneMatch(etag), tribehr.CaptureResponse(&meta))
//	switch {
//	case err != nil: ...
//	case meta.NotModified: // keep the cached user
//	default: // u is the new version; meta.ETag its tag
//	}
//
// Any other answer is handled as usual. Only GET calls take it.
func IfNoneMatch(etag string) CallOption {
	return func(c *callConfig) { c.ifNoneMatch = etag }
}

// CreateRecovery turns create recovery (see WithCreateRecovery) on or off
// for one create, whatever the Client's setting. Calls other than creates
// ignore it.
func CreateRecovery(on bool) CallOption {
	return func(c *callConfig) {
		c.recovery = recoveryOff
		if on {
			c.recovery = recoveryOn
		}
	}
}

// newCallConfig applies opts in order; nil options are skipped.
func newCallConfig(opts []CallOption) callConfig {
	var c callConfig
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	return c
}

// check reports the options' problems.
func (c *callConfig) check(p *problems) {
	switch c.textFormat {
	case "", TextFormatBBCode, TextFormatHTML:
	default:
		p.add("formattedTextAs", "must be %q or %q, got %q", TextFormatHTML, TextFormatBBCode, c.textFormat)
	}
	if c.dstSet && c.dst == nil {
		p.add("CaptureResponse", "the destination is nil")
	}
	if c.ifNoneMatch != "" {
		if strings.ContainsAny(c.ifNoneMatch, "\r\n") {
			p.add("If-None-Match", "the etag contains a line break")
		}
		if c.dst == nil {
			p.add("If-None-Match", "a conditional call needs CaptureResponse: a 304 Not Modified is reported there")
		}
	}
	if c.maxItemsSet && c.maxItems < 0 {
		p.add("MaxItems", "must not be negative, got %d", c.maxItems)
	}
	if c.maxDownloadSet && c.maxDownload <= 0 {
		p.add("maxDownloadSize", "must be positive, got %d", c.maxDownload)
	}
}

// query returns the query parameters the options add to a request.
func (c *callConfig) query() url.Values {
	if c.textFormat == "" {
		return nil
	}
	return url.Values{"formattedTextAs": {string(c.textFormat)}}
}

// options applies a call's options and adds their problems to p, so that
// one *ValidationError lists the parameters' problems and the options'.
func (p *problems) options(opts []CallOption) callConfig {
	cfg := newCallConfig(opts)
	cfg.check(p)
	return cfg
}
