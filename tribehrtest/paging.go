package tribehrtest

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

// Pagination is how the fake serves its collections. TribeHR itself
// answers every collection with one JSON array (PaginationNone); the
// others are the conventions of the API's neighbours, which an SDK's
// iterators follow, so that they can be tested over HTTP.
type Pagination int

const (
	// PaginationNone answers a collection with one JSON array, as TribeHR
	// does.
	PaginationNone Pagination = iota
	// PaginationLink pages a collection with the pageNumber and pageSize
	// parameters, a Link header (rel="self", "first", "last", and "prev"
	// and "next" where they exist, relative URLs) and the X-Paging-*
	// headers, as Employgroup documents it.
	PaginationLink
	// PaginationHeaders pages with pageNumber and pageSize and the
	// X-Paging-PageNumber, -PageSize, -TotalPages and -TotalRecords
	// headers, without a Link header.
	PaginationHeaders
	// PaginationEnvelope pages with the page and limit parameters (limit
	// 25 by default, 100 at most) and answers {"data": [...], "total": N,
	// "page": p, "limit": l}.
	PaginationEnvelope
)

// String names the pagination.
func (p Pagination) String() string {
	switch p {
	case PaginationNone:
		return "none"
	case PaginationLink:
		return "link"
	case PaginationHeaders:
		return "headers"
	case PaginationEnvelope:
		return "envelope"
	}
	return "Pagination(" + strconv.Itoa(int(p)) + ")"
}

// defaultEnvelopeLimit and maxEnvelopeLimit are the envelope style's page
// sizes, as the endpoint template documents them.
const (
	defaultEnvelopeLimit = 25
	maxEnvelopeLimit     = 100
)

// paging is the fake's pagination setting.
type paging struct {
	mu    sync.Mutex
	style Pagination
	size  int // the default page size of the pageNumber styles
}

func (p *paging) get() (Pagination, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.style, p.size
}

// WithPagination serves every collection (users, leave requests, events,
// holidays, kudos, leave types and the other reference lists) in the given
// style; pageSize is the default page size of PaginationLink and
// PaginationHeaders (20 when 0). See Server.SetPagination.
func WithPagination(p Pagination, pageSize int) Option {
	return func(c *config) { c.pagination, c.pageSize = p, pageSize }
}

// SetPagination changes how collections are served from the next request
// on: PaginationNone (TribeHR's one array) or a neighbouring API's paging,
// with pageSize the default page size of PaginationLink and
// PaginationHeaders (20 when it is 0 or less; a request's pageSize
// parameter overrides it).
func (s *Server) SetPagination(p Pagination, pageSize int) {
	if pageSize <= 0 {
		pageSize = 20
	}
	s.paging.mu.Lock()
	s.paging.style, s.paging.size = p, pageSize
	s.paging.mu.Unlock()
}

// listSource is a collection to answer: n elements, made by at.
type listSource struct {
	n  int
	at func(i int) any
}

// sliceSource is a listSource of elements already made.
func sliceSource(items []any) listSource {
	return listSource{n: len(items), at: func(i int) any { return items[i] }}
}

// listReply answers a collection in the server's pagination style.
func (c *call) listReply(src listSource) reply {
	style, size := c.srv.paging.get()
	q := c.r.URL.Query()
	lo, hi := 0, src.n
	header := http.Header{}
	page, limit := 1, size
	switch style {
	case PaginationLink, PaginationHeaders, PaginationEnvelope:
		pageKey, sizeKey := "pageNumber", "pageSize"
		if style == PaginationEnvelope {
			pageKey, sizeKey, limit = "page", "limit", defaultEnvelopeLimit
		}
		var v validation
		if s := q.Get(pageKey); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				v.addf("%s: %q is not a page number (1 or more)", pageKey, s)
			}
			page = n
		}
		if s := q.Get(sizeKey); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				v.addf("%s: %q is not a page size (1 or more)", sizeKey, s)
			}
			limit = n
		}
		if v.failed() {
			return invalid(v.msgs)
		}
		if style == PaginationEnvelope && limit > maxEnvelopeLimit {
			limit = maxEnvelopeLimit
		}
		lo = min((page-1)*limit, src.n)
		hi = min(lo+limit, src.n)
	}
	pages := (src.n + limit - 1) / limit
	if style == PaginationLink || style == PaginationHeaders {
		header.Set("X-Paging-PageNumber", strconv.Itoa(page))
		header.Set("X-Paging-PageSize", strconv.Itoa(limit))
		header.Set("X-Paging-TotalPages", strconv.Itoa(pages))
		header.Set("X-Paging-TotalRecords", strconv.Itoa(src.n))
	}
	if style == PaginationLink {
		link := func(p int, rel string) string {
			u := url.URL{Path: c.r.URL.Path}
			pq := c.r.URL.Query()
			pq.Set("pageNumber", strconv.Itoa(p))
			pq.Set("pageSize", strconv.Itoa(limit))
			u.RawQuery = pq.Encode()
			return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
		}
		links := []string{link(page, "self"), link(1, "first"), link(max(pages, 1), "last")}
		if page > 1 {
			links = append(links, link(min(page-1, max(pages, 1)), "prev"))
		}
		if page < pages {
			links = append(links, link(page+1, "next"))
		}
		for _, l := range links {
			header.Add("Link", l)
		}
	}
	rep := reply{status: http.StatusOK, header: header}
	rep.stream = func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 32<<10)
		if style == PaginationEnvelope {
			bw.WriteString(`{"data":`)
		}
		bw.WriteByte('[')
		for i := lo; i < hi; i++ {
			if i > lo {
				bw.WriteByte(',')
			}
			b, err := marshal(src.at(i))
			if err != nil {
				return err
			}
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
		bw.WriteByte(']')
		if style == PaginationEnvelope {
			fmt.Fprintf(bw, `,"total":%d,"page":%d,"limit":%d}`, src.n, page, limit)
		}
		return bw.Flush()
	}
	return rep
}

// WithStreamedUsers adds n employees that are made up as they are served
// and never stored: GET /users.json lists them after the stored users
// (ids from StreamedUserBaseID on, partial users of about 210 bytes), in
// constant memory however many there are, for tests of very long lists
// (a million users is about 210 MiB of JSON). They appear in that list
// only. See WithUsers for employees that are stored.
func WithStreamedUsers(n int) Option {
	return func(c *config) { c.streamedUsers = n }
}

// StreamedUserBaseID is the id of the first user of WithStreamedUsers.
const StreamedUserBaseID = 10_000_000

// streamedUser is the partial user i of WithStreamedUsers.
func streamedUser(i int) any {
	id := StreamedUserBaseID + i
	return rawJSON(fmt.Sprintf(`{"id":%d,"username":"streamed%d","email":"streamed%d@example.com","display_name":"Streamed User %d",`+
		`"employee_record":{"first_name":"Streamed","last_name":"User %d","url":"/employee_records/%d.json"},"url":"/users/%d.json"}`,
		id, i, i, i, i, id, id))
}

// rawJSON is an element already in JSON.
type rawJSON string

// MarshalJSON implements json.Marshaler.
func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }
