package tribehr

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParsePaging(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   Paging
	}{
		{name: "bare array: no paging", header: http.Header{}, want: Paging{}},
		{name: "employgroup headers", header: http.Header{
			"Link":                  {`</ExpenseApplications?pageNumber=3&pageSize=20>;rel="self"`},
			"X-Paging-Pagenumber":   {"3"},
			"X-Paging-Pagesize":     {"20"},
			"X-Paging-Totalpages":   {"5"},
			"X-Paging-Totalrecords": {"96"},
		}, want: Paging{Self: "/ExpenseApplications?pageNumber=3&pageSize=20", PageNumber: 3, PageSize: 20, TotalPages: 5, TotalRecords: 96}},
		{name: "several links, commas inside urls", header: http.Header{
			"Link": {`<https://x.example/a?list=1,2>; rel="next", <https://x.example/a?p=0>; rel="prev first"`, `<https://x.example/a?p=9>; rel=last`},
		}, want: Paging{Next: "https://x.example/a?list=1,2", Prev: "https://x.example/a?p=0", First: "https://x.example/a?p=0", Last: "https://x.example/a?p=9"}},
		{name: `"Links", as Employgroup's text names it`, header: http.Header{"Links": {`</a?pageNumber=2>; rel="next"`}}, want: Paging{Next: "/a?pageNumber=2"}},
		{name: "malformed link ignored", header: http.Header{"Link": {`https://x.example/a; rel="next"`}}, want: Paging{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				for _, s := range v {
					h.Add(k, s)
				}
			}
			assert.Equal(t, tt.want, parsePaging(h))
		})
	}
	assert.True(t, Paging{PageNumber: 3, TotalPages: 5}.HasNext())
	assert.False(t, Paging{PageNumber: 5, TotalPages: 5}.HasNext())
	assert.True(t, Paging{Next: "/x"}.HasNext())
}

// nextPage follows the server's signals: a next link (relative to the page
// or absolute, on the account's host only), the X-Paging-* headers, the
// envelope's totals.
func TestNextPage(t *testing.T) {
	c, err := NewClient("acme")
	if err != nil {
		t.Fatal(err)
	}
	cur := mustURL(t, "https://acme.mytribehr.com/users.json?status=all&pageNumber=2&pageSize=20")
	tests := []struct {
		name string
		pg   pageInfo
		want string // "" for no next page
		err  string
	}{
		{"bare array", pageInfo{count: 5}, "", ""},
		{"relative next link", pageInfo{paging: Paging{Next: "users.json?pageNumber=3"}}, "https://acme.mytribehr.com/users.json?pageNumber=3", ""},
		{"rooted next link", pageInfo{paging: Paging{Next: "/users.json?pageNumber=3"}}, "https://acme.mytribehr.com/users.json?pageNumber=3", ""},
		{"absolute next link on the host", pageInfo{paging: Paging{Next: "https://acme.mytribehr.com/users.json?p=3"}}, "https://acme.mytribehr.com/users.json?p=3", ""},
		{"next link to another host", pageInfo{paging: Paging{Next: "https://evil.example/users.json"}}, "", "refusing a next page on another host: https://evil.example/users.json"},
		{"next link to plain http", pageInfo{paging: Paging{Next: "http://acme.mytribehr.com/users.json"}}, "", "refusing a next page on another host"},
		{"headers with pages left", pageInfo{paging: Paging{PageNumber: 2, PageSize: 20, TotalPages: 5}}, "https://acme.mytribehr.com/users.json?pageNumber=3&pageSize=20&status=all", ""},
		{"headers on the last page", pageInfo{paging: Paging{PageNumber: 5, PageSize: 20, TotalPages: 5}}, "", ""},
		// An envelope's TotalPages is worked out by finishPage.
		{"envelope with records left", pageInfo{envelope: true, paging: Paging{PageNumber: 2, PageSize: 25, TotalRecords: 51, TotalPages: 3}}, "https://acme.mytribehr.com/users.json?limit=25&page=3&pageNumber=2&pageSize=20&status=all", ""},
		{"envelope done", pageInfo{envelope: true, paging: Paging{PageNumber: 3, PageSize: 25, TotalRecords: 51, TotalPages: 3}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.pg.paging.HasNext(), tt.want != "" || tt.err != "", "HasNext says what the walk does")
			next, err := c.nextPage(cur, tt.pg)
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			assert.NoError(t, err)
			if tt.want == "" {
				assert.Nil(t, next)
				return
			}
			assert.Equal(t, tt.want, next.String())
		})
	}
}

// finishPage works out an envelope's page count; a member the envelope
// leaves out keeps what the headers said.
func TestFinishPageEnvelope(t *testing.T) {
	var w walk[User, *User]
	for _, tt := range []struct {
		name string
		in   Paging
		want int
	}{
		{"51 records, 25 a page", Paging{TotalRecords: 51, PageNumber: 1, PageSize: 25}, 3},
		{"50 records, 25 a page", Paging{TotalRecords: 50, PageNumber: 2, PageSize: 25}, 2},
		{"no records", Paging{PageNumber: 1, PageSize: 25}, 0},
		{"no limit: the header's count stays", Paging{TotalRecords: 51, PageNumber: 1, TotalPages: 4}, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			meta := &Response{Paging: tt.in}
			pg := pageInfo{envelope: true}
			w.finishPage(meta, &pg)
			want := tt.in
			want.TotalPages = tt.want
			assert.Equal(t, want, meta.Paging)
			assert.Equal(t, want, pg.paging, "nextPage reads what CaptureResponse reports")
		})
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
