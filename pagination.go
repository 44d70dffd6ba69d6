package tribehr

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Paging is the paging state of a response to a paginated collection. A
// TribeHR collection today is one JSON array, so its Paging is zero; the
// fields are filled from the conventions of the API's neighbours when a
// server sends them: a Link (or Links) header with rel="next", "prev",
// "first", "last" and "self", and X-Paging-PageNumber, X-Paging-PageSize,
// X-Paging-TotalPages and X-Paging-TotalRecords, or a {"data": [...],
// "total", "page", "limit"} envelope (total, page and limit fill
// TotalRecords, PageNumber and PageSize; TotalPages is worked out). The
// list calls and iterators follow them; CaptureResponse reports the last
// page's.
type Paging struct {
	// Next, Prev, First, Last and Self are the Link header's URLs, as sent
	// (they may be relative to the page).
	Next, Prev, First, Last, Self string
	// PageNumber, PageSize, TotalPages and TotalRecords are the X-Paging-*
	// headers, or the envelope's page, limit and total (TotalPages then
	// worked out from them); zero when absent.
	PageNumber, PageSize, TotalPages, TotalRecords int
}

// HasNext reports whether the server named a next page: a next link, or a
// page number below the page count. The list calls read that page next.
func (p Paging) HasNext() bool {
	return p.Next != "" || (p.TotalPages > 0 && p.PageNumber > 0 && p.PageNumber < p.TotalPages)
}

// parsePaging reads the Link and X-Paging-* headers.
func parsePaging(h http.Header) Paging {
	var p Paging
	// Employgroup's document calls the header "Links"; its sample, and
	// RFC 8288, "Link". Both are read.
	for _, link := range append(h.Values("Link"), h.Values("Links")...) {
		for _, part := range splitLinks(link) {
			target, rels, ok := parseLink(part)
			if !ok {
				continue
			}
			for _, rel := range rels {
				switch rel {
				case "next":
					p.Next = target
				case "prev", "previous":
					p.Prev = target
				case "first":
					p.First = target
				case "last":
					p.Last = target
				case "self":
					p.Self = target
				}
			}
		}
	}
	// The keys are written canonically (as net/http stores them), so that
	// reading them costs no allocation.
	p.PageNumber = headerInt(h, "X-Paging-Pagenumber")
	p.PageSize = headerInt(h, "X-Paging-Pagesize")
	p.TotalPages = headerInt(h, "X-Paging-Totalpages")
	p.TotalRecords = headerInt(h, "X-Paging-Totalrecords")
	return p
}

// headerInt reads an integer header, or 0 when it is missing or not one.
func headerInt(h http.Header, key string) int {
	v := h.Get(key)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0
	}
	return n
}

// splitLinks splits a Link header on the commas between links, not those
// inside <...> or quotes.
func splitLinks(v string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '<':
			depth++
		case c == '>':
			depth--
		case c == ',' && depth == 0:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// parseLink reads `<url>; rel="next prev"` and returns the URL and rels.
func parseLink(s string) (string, []string, bool) {
	s = strings.TrimSpace(s)
	end := strings.IndexByte(s, '>')
	if !strings.HasPrefix(s, "<") || end < 0 {
		return "", nil, false
	}
	target := s[1:end]
	if _, err := url.Parse(target); err != nil {
		return "", nil, false
	}
	var rels []string
	for _, param := range strings.Split(s[end+1:], ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
			continue
		}
		rels = append(rels, strings.Fields(strings.ToLower(strings.Trim(strings.TrimSpace(v), `"`)))...)
	}
	return target, rels, true
}
