package tribehr

import (
	"net/http"
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
