package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// Iterators over HTTP: every paging style of the fake, and the ways a walk
// can go wrong.

// iterIDs walks seq to its end and returns the ids it yielded and the
// error it ended with, checking that an error comes once and last.
func iterIDs[T interface{ GetID() tribehr.ID }](t *testing.T, seq func(func(T, error) bool)) ([]tribehr.ID, error) {
	t.Helper()
	var ids []tribehr.ID
	var failed error
	for v, err := range seq {
		require.Nil(t, failed, "nothing after an error")
		if err != nil {
			failed = err
			continue
		}
		ids = append(ids, v.GetID())
	}
	return ids, failed
}

// userPtrs adapts a walk of users to iterIDs.
func userPtrs(seq func(func(tribehr.User, error) bool)) func(func(*tribehr.User, error) bool) {
	return func(yield func(*tribehr.User, error) bool) {
		for u, err := range seq {
			if !yield(&u, err) {
				return
			}
		}
	}
}

// listIDs returns the ids of a list, in order.
func listIDs[T any, P interface {
	*T
	GetID() tribehr.ID
}](list []T) []tribehr.ID {
	ids := make([]tribehr.ID, len(list))
	for i := range list {
		ids[i] = P(&list[i]).GetID()
	}
	return ids
}

// pathRequested counts the GETs of path the fake answered.
func pathRequested(srv *tribehrtest.Server, path string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodGet && r.Path == path {
			n++
		}
	}
	return n
}

func usersRequested(srv *tribehrtest.Server) int { return pathRequested(srv, "/users.json") }

func TestIntegrationIteratorEveryPagingStyle(t *testing.T) {
	// The same 57 users (the demo company and generated employees), and
	// the same other collections, whole and in every style.
	_, baseClient := newFake(t, tribehrtest.WithUsers(45))
	ctx := testCtx(t)
	want, err := baseClient.Users.List(ctx)
	require.NoError(t, err)
	wantIDs := collect(want, userID)
	require.Greater(t, len(wantIDs), 50)

	// Every other collection, listed by a client.
	all := &tribehr.LeaveRequestListOptions{Status: tribehr.LeaveFilterAll}
	others := []struct {
		path string
		list func(*tribehr.Client) ([]tribehr.ID, error)
	}{
		{"/leave_requests.json", func(c *tribehr.Client) ([]tribehr.ID, error) {
			l, err := c.LeaveRequests.List(ctx, all)
			return listIDs(l), err
		}},
		{"/kudos.json", func(c *tribehr.Client) ([]tribehr.ID, error) {
			l, err := c.Kudos.List(ctx)
			return listIDs(l), err
		}},
		{"/events/holidays.json", func(c *tribehr.Client) ([]tribehr.ID, error) {
			l, err := c.Events.Holidays(ctx, nil)
			return listIDs(l), err
		}},
		{"/events/upcoming.json", func(c *tribehr.Client) ([]tribehr.ID, error) {
			l, err := c.Events.Upcoming(ctx)
			return listIDs(l), err
		}},
		{"/leave_types.json", func(c *tribehr.Client) ([]tribehr.ID, error) {
			l, err := c.LeaveTypes.List(ctx)
			return listIDs(l), err
		}},
	}
	wantOthers := make([][]tribehr.ID, len(others))
	for i, o := range others {
		wantOthers[i], err = o.list(baseClient)
		require.NoError(t, err, o.path)
		require.NotEmpty(t, wantOthers[i], o.path)
	}

	for _, tc := range []struct {
		style tribehrtest.Pagination
		size  int // the page size: 0 for one page
	}{
		// Small pages, so that every collection spans several.
		{tribehrtest.PaginationNone, 0},
		{tribehrtest.PaginationLink, 3},
		{tribehrtest.PaginationHeaders, 4},
		{tribehrtest.PaginationEnvelope, 25}, // limit 25 by default
	} {
		pages := func(n int) int {
			if tc.size == 0 {
				return 1
			}
			return max(1, (n+tc.size-1)/tc.size)
		}
		t.Run(tc.style.String(), func(t *testing.T) {
			size := tc.size
			if tc.style == tribehrtest.PaginationEnvelope {
				size = 0 // the fake's default limit
			}
			srv, client := newFake(t, tribehrtest.WithUsers(45), tribehrtest.WithPagination(tc.style, size))
			var meta tribehr.Response
			got, err := iterIDs(t, userPtrs(client.Users.ListIter(ctx, tribehr.CaptureResponse(&meta))))
			require.NoError(t, err)
			assert.Equal(t, wantIDs, got, "every user once, in order")
			assert.Equal(t, pages(len(wantIDs)), usersRequested(srv), "one request a page")
			if tc.style != tribehrtest.PaginationNone {
				assert.Equal(t, len(wantIDs), meta.Paging.TotalRecords, "the totals are reachable")
				assert.Equal(t, pages(len(wantIDs)), meta.Paging.TotalPages)
				assert.Equal(t, pages(len(wantIDs)), meta.Paging.PageNumber, "the metadata of the last page")
			}

			// The slice call is the same walk.
			list, err := client.Users.List(ctx)
			require.NoError(t, err)
			assert.Equal(t, wantIDs, collect(list, userID))

			// Every collection is paged the same way.
			for i, o := range others {
				got, err := o.list(client)
				require.NoError(t, err, o.path)
				assert.Equal(t, wantOthers[i], got, "%s: every element once, in order", o.path)
				assert.Equal(t, pages(len(got)), pathRequested(srv, o.path), "%s: one request a page", o.path)
			}
		})
	}
}

func TestIntegrationIteratorRequestsNothingUntilTheLoop(t *testing.T) {
	srv, client := newFake(t)
	opts := &tribehr.LeaveRequestListOptions{Status: tribehr.LeaveFilterPending}
	seq := client.LeaveRequests.ListIter(testCtx(t), opts)
	opts.Status = tribehr.LeaveFilterRejected // the iterator copied the options
	assert.Empty(t, srv.Requests(), "nothing sent before the loop")
	var n int
	for lr, err := range seq {
		require.NoError(t, err)
		assert.Equal(t, tribehr.LeavePending, lr.Status.Value())
		n++
	}
	assert.Positive(t, n)
	require.Len(t, srv.Requests(), 1)
	assert.Equal(t, "pending", srv.Requests()[0].Query.Get("status"))
}

// closeCounter counts the response bodies a client closed.
type closeCounter struct {
	next   http.RoundTripper
	closed atomic.Int32
}

func (c *closeCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if resp != nil {
		resp.Body = &countedBody{ReadCloser: resp.Body, n: &c.closed}
	}
	return resp, err
}

type countedBody struct {
	io.ReadCloser
	n    *atomic.Int32
	done bool
}

func (b *countedBody) Close() error {
	if !b.done {
		b.done = true
		b.n.Add(1)
	}
	return b.ReadCloser.Close()
}

func TestIntegrationIteratorEarlyBreak(t *testing.T) {
	for _, style := range []tribehrtest.Pagination{tribehrtest.PaginationNone, tribehrtest.PaginationLink} {
		t.Run(style.String(), func(t *testing.T) {
			// A long list (100,000 users streamed by the fake): breaking
			// early closes the body and asks for no more.
			srv := tribehrtest.NewServer(t, tribehrtest.WithStreamedUsers(100_000), tribehrtest.WithPagination(style, 1000))
			counter := &closeCounter{next: srv.HTTPClient().Transport}
			client := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithHTTPClient(&http.Client{Transport: counter}))
			n := 0
			for _, err := range client.Users.ListIter(testCtx(t)) {
				require.NoError(t, err)
				if n++; n == 3 {
					break
				}
			}
			assert.Equal(t, 3, n)
			assert.Equal(t, 1, usersRequested(srv), "no further request")
			assert.Equal(t, int32(1), counter.closed.Load(), "the body was closed")
		})
	}
}

func TestIntegrationIteratorErrorOnPage3(t *testing.T) {
	srv, client := newFake(t, tribehrtest.WithUsers(45), tribehrtest.WithPagination(tribehrtest.PaginationLink, 10))
	var ids []tribehr.ID
	var errs []error
	for u, err := range client.Users.ListIter(testCtx(t)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, u.ID.Value())
		if len(ids) == 20 {
			srv.FailNext(1, http.StatusInternalServerError) // the request for page 3
		}
	}
	require.Len(t, errs, 1, "an error is yielded once, and ends the loop")
	assert.Len(t, ids, 20)
	var listErr *tribehr.ListError
	require.ErrorAs(t, errs[0], &listErr)
	assert.Equal(t, 20, listErr.Delivered)
	assert.Equal(t, 3, listErr.Page)
	assertAPIError(t, errs[0], http.StatusInternalServerError, tribehr.CodeUnknown, tribehr.ErrInternalServer)
	assert.Contains(t, errs[0].Error(), "stopped after 20 elements (page 3)")
	assert.Equal(t, 3, usersRequested(srv))
}

// scripted serves pages of users as a test says: page(n) returns the
// answer to the n-th request for /users.json (from 1).
func scripted(t *testing.T, page func(n int, w http.ResponseWriter, r *http.Request)) (*tribehr.Client, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page(int(requests.Add(1)), w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := tribehr.NewClient("", tribehr.WithBaseURL(srv.URL), tribehr.WithHTTPClient(srv.Client()),
		tribehr.WithBasicAuth("alice", "key"), tribehr.WithRetryPolicy(quickRetry()), instantClock())
	require.NoError(t, err)
	return c, &requests
}

func usersJSON(ids ...int) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf(`{"id":%d,"username":"u%d","url":"/users/%d.json"}`, id, id, id)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func pagedHeaders(w http.ResponseWriter, page, size, pages, total int) {
	w.Header().Set("X-Paging-PageNumber", strconv.Itoa(page))
	w.Header().Set("X-Paging-PageSize", strconv.Itoa(size))
	w.Header().Set("X-Paging-TotalPages", strconv.Itoa(pages))
	w.Header().Set("X-Paging-TotalRecords", strconv.Itoa(total))
}

func TestIntegrationIteratorRepeatedPage(t *testing.T) {
	t.Run("a server that ignores the page number", func(t *testing.T) {
		client, requests := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
			pagedHeaders(w, n, 3, 5, 15) // it says it moves on, and sends page 1 again
			io.WriteString(w, usersJSON(1, 2, 3))
		})
		ids, err := iterIDs(t, userPtrs(client.Users.ListIter(context.Background())))
		assert.Equal(t, []tribehr.ID{1, 2, 3}, ids, "nothing yielded twice")
		require.ErrorIs(t, err, tribehr.ErrPagingStalled)
		assert.Equal(t, int32(2), requests.Load())
	})
	t.Run("a next link to the same page", func(t *testing.T) {
		client, requests := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", `</users.json?pageNumber=1>; rel="self", </users.json?pageNumber=2>; rel="next"`)
			io.WriteString(w, usersJSON(n*10+1, n*10+2))
		})
		ids, err := iterIDs(t, userPtrs(client.Users.ListIter(context.Background())))
		assert.Equal(t, []tribehr.ID{11, 12, 21, 22}, ids)
		require.ErrorIs(t, err, tribehr.ErrPagingStalled)
		assert.Equal(t, int32(2), requests.Load(), "page 2 is not asked for twice")
	})
}

func TestIntegrationIteratorEmptyPageEndsTheWalk(t *testing.T) {
	client, requests := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		pagedHeaders(w, n, 2, 4, 8) // four pages promised, the second empty
		if n == 1 {
			io.WriteString(w, usersJSON(1, 2))
			return
		}
		io.WriteString(w, "[]")
	})
	ids, err := iterIDs(t, userPtrs(client.Users.ListIter(context.Background())))
	require.NoError(t, err)
	assert.Equal(t, []tribehr.ID{1, 2}, ids)
	assert.Equal(t, int32(2), requests.Load(), "no page after an empty one")
}

func TestIntegrationIteratorRateLimitedMidWalk(t *testing.T) {
	srv, client := newFake(t, tribehrtest.WithUsers(45), tribehrtest.WithPagination(tribehrtest.PaginationEnvelope, 0))
	want, err := client.Users.List(testCtx(t))
	require.NoError(t, err)
	srv.ResetLog()
	var ids []tribehr.ID
	for u, err := range client.Users.ListIter(testCtx(t)) {
		require.NoError(t, err, "the 429 is retried, the walk goes on")
		ids = append(ids, u.ID.Value())
		if len(ids) == 25 {
			srv.FaultNext(1, http.MethodGet, "/users", tribehrtest.FaultTooManyRequests)
		}
	}
	assert.Equal(t, collect(want, userID), ids)
	var statuses []int
	for _, r := range srv.Requests() {
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []int{200, 429, 200, 200}, statuses, "page 2 answered 429 once, then served")
}

func TestIntegrationIteratorBodyCutMidArray(t *testing.T) {
	t.Run("read again, nothing twice, nothing skipped", func(t *testing.T) {
		srv, client := newFake(t, tribehrtest.WithUsers(300))
		want, err := client.Users.List(testCtx(t))
		require.NoError(t, err)
		srv.ResetLog()
		srv.FaultNext(1, http.MethodGet, "/users", tribehrtest.FaultCutBody) // half the body, then a reset
		got, err := iterIDs(t, userPtrs(client.Users.ListIter(testCtx(t))))
		require.NoError(t, err)
		assert.Equal(t, collect(want, userID), got)
		assert.Equal(t, 2, usersRequested(srv), "the cut answer and the one read again")
	})
	t.Run("the list changed meanwhile", func(t *testing.T) {
		client, requests := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
			body := usersJSON(1, 2, 3, 4)
			if n > 1 {
				body = usersJSON(1, 3, 4) // user 2 was removed before the second read
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			if n == 1 {
				io.WriteString(w, body[:len(body)*3/5]) // users 1 and 2, then the connection ends
				return
			}
			io.WriteString(w, body)
		})
		ids, err := iterIDs(t, userPtrs(client.Users.ListIter(context.Background())))
		assert.Equal(t, []tribehr.ID{1, 2}, ids, "nothing skipped silently, nothing twice")
		require.ErrorIs(t, err, tribehr.ErrListChanged)
		var listErr *tribehr.ListError
		require.ErrorAs(t, err, &listErr)
		assert.Equal(t, 2, listErr.Delivered)
		assert.Equal(t, int32(2), requests.Load())
	})
	t.Run("cut every time", func(t *testing.T) {
		client, requests := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
			body := usersJSON(1, 2, 3, 4)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			io.WriteString(w, body[:len(body)/2])
		})
		ids, err := iterIDs(t, userPtrs(client.Users.ListIter(context.Background())))
		assert.Equal(t, []tribehr.ID{1, 2}, ids)
		require.Error(t, err)
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		assert.Contains(t, err.Error(), "stopped after 2 elements")
		assert.Equal(t, int32(quickRetry().MaxAttempts), requests.Load(), "read as many times as the policy allows")
	})
}

func TestIntegrationIteratorContextCancelledMidWalk(t *testing.T) {
	srv, client := newFake(t, tribehrtest.WithUsers(45), tribehrtest.WithPagination(tribehrtest.PaginationHeaders, 10))
	ctx, cancel := context.WithCancel(testCtx(t))
	defer cancel()
	var ids []tribehr.ID
	var errs []error
	for u, err := range client.Users.ListIter(ctx) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, u.ID.Value())
		if len(ids) == 5 {
			cancel()
		}
	}
	assert.Len(t, ids, 5, "no element after the context ended")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, 1, usersRequested(srv))
}

func TestIntegrationIteratorLimitsAndRefusals(t *testing.T) {
	srv, client := newFake(t, tribehrtest.WithUsers(45))
	_, err := client.Users.List(testCtx(t), tribehr.MaxItems(10))
	require.ErrorIs(t, err, tribehr.ErrListTooLong, "a list longer than the caller allows fails")
	n := 0
	for _, err := range client.Users.ListIter(testCtx(t), tribehr.MaxItems(10)) {
		if err != nil {
			assert.ErrorIs(t, err, tribehr.ErrListTooLong)
			break
		}
		n++
	}
	assert.Equal(t, 10, n, "the iterator yields what the limit allows first")

	srv.ResetLog()
	_, err = iterIDs(t, userPtrs(client.Users.ListIter(testCtx(t), tribehr.MaxItems(-1))))
	var verr *tribehr.ValidationError
	assert.ErrorAs(t, err, &verr, "a bad option is refused before anything is sent")
	assert.Empty(t, srv.Requests(), "nothing was sent")

	other, _ := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `<https://elsewhere.example/users.json?pageNumber=2>; rel="next"`)
		io.WriteString(w, usersJSON(1))
	})
	ids, err := iterIDs(t, userPtrs(other.Users.ListIter(context.Background())))
	assert.Equal(t, []tribehr.ID{1}, ids)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing a next page on another host: https://elsewhere.example/users.json")

	empty, _ := scripted(t, func(int, http.ResponseWriter, *http.Request) {})
	_, err = empty.Users.List(context.Background())
	assert.ErrorIs(t, err, tribehr.ErrEmptyResponse, "an empty body is not an empty list")
	var reqErr *tribehr.RequestError
	assert.True(t, errors.As(err, &reqErr))
	var listErr *tribehr.ListError
	assert.False(t, errors.As(err, &listErr), "a failure before the first element is returned as it is")
}

func TestIntegrationIteratorNotModified(t *testing.T) {
	// A 304 without an ETag of its own: the tag the call sent still holds,
	// as for every conditional call.
	client, requests := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		io.WriteString(w, usersJSON(1, 2))
	})
	ctx := context.Background()
	var meta tribehr.Response
	users, err := client.Users.List(ctx, tribehr.IfNoneMatch(`"v1"`), tribehr.CaptureResponse(&meta))
	require.NoError(t, err)
	assert.Nil(t, users, "a nil list, not an empty one")
	assert.True(t, meta.NotModified)
	assert.Equal(t, http.StatusNotModified, meta.StatusCode)
	assert.Equal(t, `"v1"`, meta.ETag)

	meta = tribehr.Response{}
	ids, err := iterIDs(t, userPtrs(client.Users.ListIter(ctx, tribehr.IfNoneMatch(`"v1"`), tribehr.CaptureResponse(&meta))))
	require.NoError(t, err)
	assert.Empty(t, ids, "nothing yielded")
	assert.True(t, meta.NotModified)
	assert.Equal(t, `"v1"`, meta.ETag)

	ids, err = iterIDs(t, userPtrs(client.Users.ListIter(ctx, tribehr.IfNoneMatch(`"v0"`), tribehr.CaptureResponse(&meta))))
	require.NoError(t, err)
	assert.Equal(t, []tribehr.ID{1, 2}, ids, "changed: the list")
	assert.False(t, meta.NotModified)
	assert.Equal(t, `"v1"`, meta.ETag)
	assert.Equal(t, int32(3), requests.Load())
}

func TestIntegrationIteratorListSizedFromContentLength(t *testing.T) {
	// The slice call sizes its slice from the first page's Content-Length
	// once 16 elements have come: the elements before are kept, in order,
	// and the pages after are appended.
	page := func(from, n int) string {
		ids := make([]int, n)
		for i := range ids {
			ids[i] = from + i
		}
		return usersJSON(ids...)
	}
	client, requests := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		pagedHeaders(w, n, 40, 2, 70)
		body := page(1, 40)
		if n == 2 {
			body = page(41, 30)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		io.WriteString(w, body)
	})
	list, err := client.Users.List(context.Background())
	require.NoError(t, err)
	want := make([]tribehr.ID, 70)
	for i := range want {
		want[i] = tribehr.ID(i + 1)
	}
	assert.Equal(t, want, collect(list, userID))
	assert.Equal(t, int32(2), requests.Load())
}

func TestIntegrationIteratorBodyCutOnALaterPage(t *testing.T) {
	// Pages of 3 users in the X-Paging-* style; page n's body is cut on
	// its first read, after its second user.
	pageBody := func(page int, ids ...int) string {
		if ids == nil {
			ids = []int{page*10 + 1, page*10 + 2, page*10 + 3}
		}
		return usersJSON(ids...)
	}
	serve := func(cutPage int, again func(page int) string) (*tribehr.Client, *atomic.Int32) {
		var mu sync.Mutex
		reads := map[int]int{}
		return scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
			page, _ := strconv.Atoi(r.URL.Query().Get("pageNumber"))
			page = max(page, 1)
			mu.Lock()
			reads[page]++
			read := reads[page]
			mu.Unlock()
			pagedHeaders(w, page, 3, 3, 9)
			body := pageBody(page)
			if page == cutPage && read > 1 {
				body = again(page)
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			if page == cutPage && read == 1 {
				body = body[:strings.LastIndex(body, `{"id"`)] // two users, then the connection ends
			}
			io.WriteString(w, body)
		})
	}

	t.Run("resumed where it was", func(t *testing.T) {
		client, requests := serve(2, func(page int) string { return pageBody(page) })
		ids, err := iterIDs(t, userPtrs(client.Users.ListIter(context.Background())))
		require.NoError(t, err)
		assert.Equal(t, []tribehr.ID{11, 12, 13, 21, 22, 23, 31, 32, 33}, ids)
		assert.Equal(t, int32(4), requests.Load(), "page 2 read twice")
	})
	t.Run("read again, the page is shorter than what was yielded", func(t *testing.T) {
		client, _ := serve(2, func(page int) string { return pageBody(page, 21) })
		ids, err := iterIDs(t, userPtrs(client.Users.ListIter(context.Background())))
		assert.Equal(t, []tribehr.ID{11, 12, 13, 21, 22}, ids)
		require.ErrorIs(t, err, tribehr.ErrListChanged)
		assert.ErrorContains(t, err, "page 2 has 1 elements, where 2 were read before")
		var listErr *tribehr.ListError
		require.ErrorAs(t, err, &listErr)
		assert.Equal(t, 5, listErr.Delivered)
		assert.Equal(t, 2, listErr.Page)
		assert.Equal(t, "/users.json", listErr.Path)
	})
	t.Run("read again, an element was added before", func(t *testing.T) {
		client, _ := serve(3, func(page int) string { return pageBody(page, 30, 31, 32, 33) })
		ids, err := iterIDs(t, userPtrs(client.Users.ListIter(context.Background())))
		assert.Equal(t, []tribehr.ID{11, 12, 13, 21, 22, 23, 31, 32}, ids, "nothing twice")
		require.ErrorIs(t, err, tribehr.ErrListChanged)
		assert.ErrorContains(t, err, "element 2 of page 3 is id 31, where id 32 was")
		var listErr *tribehr.ListError
		require.ErrorAs(t, err, &listErr)
		assert.Equal(t, 8, listErr.Delivered)
		assert.Equal(t, 3, listErr.Page)
	})
}

// Answers that are not a list fail the walk, and are not read again.
func TestIntegrationIteratorMalformedAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		ids        []tribehr.ID
		err        string // "" for none
	}{
		{"a string", `"users"`, nil, "decode response: the json is a string, want a list"},
		{"an element that is not an object", `[{"id":1},7]`, []tribehr.ID{1}, "element 1 is a number, not an object"},
		{"an envelope without data", `{"total":3}`, nil, "the json is an object without a data list"},
		{"an envelope whose data is not a list", `{"data":{"id":1}}`, nil, "the data of the envelope is not a list"},
		{"something after the list", `[{"id":1}] [{"id":2}]`, []tribehr.ID{1}, "invalid json"},
		{"a syntax error", `[{"id":1},{"id":2,}]`, []tribehr.ID{1}, "invalid json"},
		{"an envelope's other members are skipped", `{"meta":{"x":[1,2]},"data":[{"id":1}],"links":{"next":null}}`, []tribehr.ID{1}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, requests := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, tc.body)
			})
			ids, err := iterIDs(t, userPtrs(client.Users.ListIter(context.Background())))
			assert.Equal(t, tc.ids, ids)
			if tc.err == "" {
				require.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tc.err)
				assert.NotErrorIs(t, err, io.ErrUnexpectedEOF)
			}
			assert.Equal(t, int32(1), requests.Load(), "not read again")
		})
	}
}
