package tribehr

import "net/url"

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
	textFormat TextFormat
	// maxDownload is Download's size cap (MaxDownloadSize), when set.
	maxDownload    int64
	maxDownloadSet bool
}

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
