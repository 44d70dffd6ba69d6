package tribehr

import (
	"net/url"
	"strings"
)

// The small reference objects below appear inside users, leave requests,
// events and kudos. Like every object of the API they come as partial
// objects ({id, name, url}) when embedded; each field is a Field, absent
// when the server did not send it.

// Location is an office or site of the company.
type Location struct {
	ID   Field[ID]     `json:"id,omitzero"`
	Name Field[string] `json:"name,omitzero"`
	// URL is the API path of the location, such as "/locations/1.json".
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// Image is a picture the API links to: a user's avatar, a kudos picture, a
// company value's icon. Services resolve a relative URL against the
// account's base URL (kudos pictures and value icons under
// /attachments/view/), so URL is absolute; an absolute URL (S3, since API
// 2.1.0) is kept as it is.
type Image struct {
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// resolveURL returns ref made absolute against the account's base URL.
// A reference with a leading slash is relative to the account root; one
// without is relative to under (such as "attachments/view/"). An absolute
// URL, or one that does not parse, is returned unchanged.
func (c *Client) resolveURL(ref, under string) string {
	u, err := url.Parse(ref)
	if err != nil || u.IsAbs() || u.Host != "" {
		return ref
	}
	base := c.baseURL
	if !strings.HasPrefix(ref, "/") && under != "" {
		b, err := base.Parse(strings.TrimLeft(under, "/"))
		if err != nil {
			return ref
		}
		if !strings.HasSuffix(b.Path, "/") {
			b.Path += "/"
		}
		base = b
	}
	return base.ResolveReference(&url.URL{Path: strings.TrimLeft(u.Path, "/"), RawQuery: u.RawQuery}).String()
}
