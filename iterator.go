package tribehr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/tribehr/tribehr-go/internal/jsonscan"
)

// Collections as iterators.
//
// Every list call of the services has an iterator form, named after it
// with an Iter suffix (Users.ListIter, Events.UpcomingIter, ...), as
// go-github names its iterators: it returns an iter.Seq2 of the elements
// and their error, so a range loop is the whole API, and the list's
// metadata (paging totals) comes, like every call's, through the
// CaptureResponse call option. The slice-returning calls (Users.List, ...)
// are the same walk collected into a slice.
//
// The walk reads each answer as a stream, element by element, so memory
// stays flat however long the list: a TribeHR collection is one JSON
// array. It follows the paging of the API's neighbours when a server sends
// it: a Link header with rel="next" (on the account's host only), the
// X-Paging-PageNumber, -PageSize, -TotalPages and -TotalRecords headers
// (with pageNumber and pageSize), and the {"data": [...], "total", "page",
// "limit"} envelope (with page and limit).

// ErrListTooLong is matched by the error of a list call that received more
// elements than its MaxItems call option allows.
var ErrListTooLong = errors.New("tribehr: the list is longer than MaxItems allows")

// ErrPagingStalled is matched by the error of a walk that stopped because
// the server made no progress: it named a page already read as the next,
// or sent a page again (the first element of a new page was the first
// element of an earlier one). No element was yielded twice.
var ErrPagingStalled = errors.New("tribehr: the server repeated a page")

// ErrListChanged is matched by the error of a walk whose answer was cut
// and which could not resume: read again, the list no longer had, at the
// place the walk had reached, the element it had yielded last (an element
// was added or removed before it meanwhile). No element was yielded twice
// or skipped.
var ErrListChanged = errors.New("tribehr: the list changed while it was read")

// ListError is the error of a list call or iterator that stopped before
// the end of its list once elements had come (a failure before the first
// element is returned as it is). It says how far the walk got; Err says
// why.
type ListError struct {
	// Path is the collection's path, such as "/users.json".
	Path string
	// Delivered is how many elements the walk yielded (or, for a slice
	// call, collected and then dropped), in all pages.
	Delivered int
	// Page is the page the walk was reading, from 1.
	Page int
	// Err is the cause: a *RequestError, an *APIError, ErrPagingStalled,
	// ErrListChanged, ErrListTooLong, the context's error, ...
	Err error
}

// Error says which list stopped, how far it got and why.
func (e *ListError) Error() string {
	return fmt.Sprintf("tribehr: list %s: stopped after %d elements (page %d): %v", e.Path, e.Delivered, e.Page, e.Err)
}

// Unwrap returns Err, for errors.Is and errors.As.
func (e *ListError) Unwrap() error { return e.Err }

// MaxItems makes a list call fail, with an error matching ErrListTooLong,
// once it has received more than n elements: the caller's own cap on a
// list's memory. Without it a list has no limit; an iterator yields the
// first n elements before it fails. Calls other than lists ignore it.
func MaxItems(n int) CallOption {
	return func(c *callConfig) { c.maxItems, c.maxItemsSet = n, true }
}

// identified is a model with an id, which a walk uses to resume a cut
// answer and to see a repeated page.
type identified interface {
	GetID() ID
}

// listModel is what a walk needs of the models it lists.
type listModel[T any] interface {
	*T
	memberDecoder
	identified
}

// iterate walks the collection at path (with query, a parameter struct or
// nil) and yields its elements. The path and query are encoded now: what
// the caller changes in its options afterwards is not seen. Nothing is
// requested until the loop starts.
func iterate[T any, P listModel[T]](c *Client, ctx context.Context, cfg callConfig, path string, query any) iter.Seq2[T, error] {
	first, err := listPath(cfg, path, query)
	if err != nil {
		return failedSeq[T](err)
	}
	return func(yield func(T, error) bool) {
		w := &walk[T, P]{c: c, ctx: ctx, cfg: cfg, path: path, yield: yield}
		w.run(first)
	}
}

// failedSeq yields err once: the iterator of a call refused before
// anything was sent.
func failedSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// listPath is the path of a list's first page, with its query.
func listPath(cfg callConfig, path string, query any) (string, error) {
	first, err := addQuery(path, query)
	if err != nil {
		return "", err
	}
	if q := cfg.query(); q != nil {
		return addQuery(first, q)
	}
	return first, nil
}

// collect is a walk gathered into a slice: the slice-returning list calls.
// The slice is sized from the first page's Content-Length once a few
// elements have arrived, so that a long list grows once.
func collect[T any, P listModel[T]](c *Client, ctx context.Context, cfg callConfig, path string, query any) ([]T, error) {
	list := []T{}
	hint := func(n int) {
		if n > cap(list) {
			grown := make([]T, len(list), n)
			copy(grown, list)
			list = grown
		}
	}
	first, err := listPath(cfg, path, query)
	if err != nil {
		return nil, err
	}
	var failed error
	w := &walk[T, P]{c: c, ctx: ctx, cfg: cfg, path: path, hint: hint, yield: func(v T, err error) bool {
		if err != nil {
			failed = err
			return false
		}
		list = append(list, v)
		return true
	}}
	w.run(first)
	if failed != nil {
		return nil, failed
	}
	if w.notModified {
		return nil, nil
	}
	return list, nil
}

// walk is the state of one iteration.
type walk[T any, P listModel[T]] struct {
	c     *Client
	ctx   context.Context
	cfg   callConfig
	path  string // the collection's path, for errors
	yield func(T, error) bool
	hint  func(n int) // when not nil, told how many elements to expect

	elem        *T // the element being decoded
	delivered   int
	page        int
	firstIDs    map[ID]bool // the first element of every page read
	notModified bool
}

// fail yields err once: as it is when the walk's first page failed before
// any element, as a *ListError saying how far the walk got otherwise.
func (w *walk[T, P]) fail(err error) {
	var zero T
	if w.delivered == 0 && w.page <= 1 {
		w.yield(zero, err)
		return
	}
	w.yield(zero, &ListError{Path: "/" + w.path, Delivered: w.delivered, Page: w.page, Err: err})
}

// run reads the pages from first on.
func (w *walk[T, P]) run(first string) {
	ref, err := url.Parse(first)
	if err != nil {
		w.fail(fmt.Errorf("invalid path %q: %w", first, err))
		return
	}
	next := w.c.baseURL.ResolveReference(ref)
	seen := map[string]bool{}
	w.firstIDs = map[ID]bool{}
	for next != nil {
		if seen[next.String()] {
			w.fail(fmt.Errorf("%w: page %s named as the next page again", ErrPagingStalled, redirectTarget(next)))
			return
		}
		seen[next.String()] = true
		w.page++
		pg, ok := w.readPage(next)
		if !ok || pg.count == 0 {
			return
		}
		if next, err = w.c.nextPage(next, pg); err != nil {
			w.fail(err)
			return
		}
	}
}

// pageInfo is what a page said about the pages after it.
type pageInfo struct {
	count  int // elements in the page
	paging Paging
	// envelope reports that the page was a {"data": [...]} envelope.
	envelope bool
}

// progress is how far the reads of one page got: how many of its elements
// were yielded, and the id of the last of them.
type progress struct {
	yielded int
	lastID  ID
}

// readPage reads one page and yields its elements. A page whose answer is
// cut is read again (as many times as the retry policy allows attempts),
// skipping the elements already yielded after checking that the last of
// them is where it was. ok is false when the walk must stop.
func (w *walk[T, P]) readPage(u *url.URL) (pg pageInfo, ok bool) {
	var done progress
	for reads := 1; ; reads++ {
		resp, meta, err := w.c.openPage(w.ctx, &w.cfg, u, w.page == 1)
		if err != nil {
			w.fail(err)
			return pg, false
		}
		if meta.NotModified {
			w.notModified = true
			return pg, false
		}
		pg, err = w.readElements(resp, meta, &done)
		resp.Body.Close()
		if errors.Is(err, errStopped) {
			return pg, false
		}
		if err == nil {
			w.finishPage(meta, &pg)
			return pg, true
		}
		if !cutAnswer(err) || reads >= w.c.retry.MaxAttempts || w.ctx.Err() != nil {
			w.fail(err)
			return pg, false
		}
		w.c.debug("tribehr list answer cut: reading the page again", "path", meta.Path, "page", w.page, "yielded", done.yielded, "error", err.Error())
	}
}

// errStopped ends a page when the loop stopped (a break, or an error
// already yielded).
var errStopped = errors.New("stopped")

// cutAnswer reports whether err is an answer cut by the network, which
// reading the page again may mend: the stream failed, or ended inside the
// JSON (a syntax error, a list that changed or an empty answer is none).
func cutAnswer(err error) bool {
	return errors.Is(err, errReadFailed) || errors.Is(err, io.ErrUnexpectedEOF)
}

// errReadFailed marks an error of the stream under a page's decoder.
var errReadFailed = errors.New("read failed")

// readElements decodes the elements of one answer: it skips those an
// earlier read of the page yielded (done), checking that the last of them
// is where it was, and yields the rest, counting them in done. An
// envelope's totals go to meta.Paging.
func (w *walk[T, P]) readElements(resp *http.Response, meta *Response, done *progress) (pageInfo, error) {
	skip, lastID := done.yielded, done.lastID
	var pg pageInfo
	body := &readErrors{r: resp.Body}
	d := newStreamDecoder(body, w.c)
	switch k := d.r.Peek(); k {
	case jsonscan.Array:
	case jsonscan.Object:
		pg.envelope = true
		if !enterEnvelope(d, &meta.Paging) {
			return pg, decodeError(d, body, meta)
		}
	case jsonscan.Null:
		return pg, emptyAnswer(meta, "the body null")
	case jsonscan.Invalid:
		if body.err == nil && errors.Is(d.r.Err(), io.ErrUnexpectedEOF) {
			return pg, emptyAnswer(meta, "an empty body")
		}
		return pg, decodeError(d, body, meta)
	default:
		return pg, fmt.Errorf("decode response: the json is %s %s, want a list", article(k.String()), k)
	}
	d.r.BeginArray()
	// One element is decoded at a time into elem, which is yielded by
	// value: the copy is the caller's, and elem is cleared (not what it
	// points to) before the next.
	if w.elem == nil {
		w.elem = new(T)
	}
	v := w.elem
	for i := 0; d.r.Next(); i++ {
		if k := d.r.Peek(); k != jsonscan.Object {
			if k == jsonscan.Invalid {
				break
			}
			return pg, fmt.Errorf("decode response: element %d is %s %s, not an object", i, article(k.String()), k)
		}
		if i < skip-1 {
			d.r.Skip()
			pg.count++
			continue
		}
		*v = *new(T)
		P(v).decodeMembers(d)
		if d.r.Err() != nil {
			break
		}
		pg.count++
		id := P(v).GetID()
		if i == skip-1 {
			if id != lastID {
				return pg, fmt.Errorf("%w: read again, element %d of page %d is id %d, where id %d was", ErrListChanged, i+1, w.page, id, lastID)
			}
			continue
		}
		if i == 0 {
			if w.firstIDs[id] && w.page > 1 {
				return pg, fmt.Errorf("%w: page %d begins with id %d, as an earlier page did", ErrPagingStalled, w.page, id)
			}
			w.firstIDs[id] = true
		}
		if err := w.ctx.Err(); err != nil {
			w.fail(err)
			return pg, errStopped
		}
		if w.cfg.maxItemsSet && w.delivered >= w.cfg.maxItems {
			w.fail(fmt.Errorf("%w (%d)", ErrListTooLong, w.cfg.maxItems))
			return pg, errStopped
		}
		if !w.yield(*v, nil) {
			return pg, errStopped
		}
		w.delivered++
		done.yielded, done.lastID = done.yielded+1, id
		if w.hint != nil && w.page == 1 && w.delivered == 16 && resp.ContentLength > 0 {
			used := d.r.Offset()
			w.hint(int(float64(resp.ContentLength) / float64(used) * 16 * 1.05))
		}
	}
	if err := decodeError(d, body, meta); err != nil {
		return pg, err
	}
	if pg.count < skip {
		return pg, fmt.Errorf("%w: read again, page %d has %d elements, where %d were read before", ErrListChanged, w.page, pg.count, skip)
	}
	if pg.envelope {
		leaveEnvelope(d, &meta.Paging)
		if err := decodeError(d, body, meta); err != nil {
			return pg, err
		}
	}
	if err := d.end(); err != nil {
		return pg, decodeError(d, body, meta)
	}
	return pg, nil
}

// decodeError returns the error of a page's decoder, if any: the network's
// (a cut answer) or the JSON's.
func decodeError(d *decoder, body *readErrors, meta *Response) error {
	err := d.r.Err()
	if err == nil {
		err = d.err
	}
	if err == nil {
		return nil
	}
	if body.err != nil {
		return fmt.Errorf("%w: the answer of %s was cut: %w", errReadFailed, meta.Path, body.err)
	}
	return fmt.Errorf("decode response: %w", err)
}

// emptyAnswer is the error of a success with no list in it.
func emptyAnswer(meta *Response, what string) error {
	return &RequestError{Method: http.MethodGet, Path: meta.Path, Attempts: meta.Attempts, Outcome: OutcomeUnknown,
		Err: &described{msg: fmt.Sprintf("%d %s with %s, where a list was expected", meta.StatusCode, http.StatusText(meta.StatusCode), what), sentinel: ErrEmptyResponse}}
}

// enterEnvelope reads the members of an envelope up to its "data" array,
// keeping the totals it passes in p.
func enterEnvelope(d *decoder, p *Paging) bool {
	d.r.BeginObject()
	for {
		key, ok := d.r.Key()
		if !ok {
			if d.r.Err() == nil {
				d.err = errors.New("the json is an object without a data list")
			}
			return false
		}
		if string(key) == "data" {
			if d.r.Peek() != jsonscan.Array {
				d.err = errors.New("the data of the envelope is not a list")
				return false
			}
			return true
		}
		envelopeMember(d, key, p)
	}
}

// leaveEnvelope reads the members after "data".
func leaveEnvelope(d *decoder, p *Paging) {
	for {
		key, ok := d.r.Key()
		if !ok {
			return
		}
		envelopeMember(d, key, p)
	}
}

// envelopeMember reads total, page and limit into p's TotalRecords,
// PageNumber and PageSize.
func envelopeMember(d *decoder, key []byte, p *Paging) {
	var dst *int
	switch string(key) {
	case "total":
		dst = &p.TotalRecords
	case "page":
		dst = &p.PageNumber
	case "limit":
		dst = &p.PageSize
	default:
		d.r.Skip()
		return
	}
	var f Field[int]
	d.intField(&f)
	*dst = f.Value()
}

// finishPage works out an envelope's page count, keeps the page's paging
// for nextPage and hands the metadata to CaptureResponse.
func (w *walk[T, P]) finishPage(meta *Response, pg *pageInfo) {
	if p := &meta.Paging; pg.envelope && p.PageSize > 0 {
		p.TotalPages = (p.TotalRecords + p.PageSize - 1) / p.PageSize
	}
	pg.paging = meta.Paging
	if w.cfg.dst != nil {
		*w.cfg.dst = *meta
	}
}

// readErrors keeps the first error of the stream under a decoder.
type readErrors struct {
	r   io.Reader
	err error
}

func (r *readErrors) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

// nextPage returns the page after cur, as the page's paging names it, or
// nil after the last (when Paging.HasNext is false). A next link must be
// on the account's host; otherwise the next page is cur with the page
// number after the page's, in the parameters of the page's style.
func (c *Client) nextPage(cur *url.URL, pg pageInfo) (*url.URL, error) {
	p := pg.paging
	switch {
	case p.Next != "":
		ref, err := url.Parse(p.Next)
		if err != nil {
			return nil, fmt.Errorf("the next page's link %q does not parse: %w", p.Next, err)
		}
		next := cur.ResolveReference(ref)
		if next.Scheme != c.baseURL.Scheme || !sameHost(next, c.baseURL) {
			return nil, fmt.Errorf("refusing a next page on another host: %s", redirectTarget(next))
		}
		return next, nil
	case !p.HasNext():
		return nil, nil
	case pg.envelope:
		return withQuery(cur, "page", p.PageNumber+1, "limit", p.PageSize), nil
	}
	return withQuery(cur, "pageNumber", p.PageNumber+1, "pageSize", p.PageSize), nil
}

// withQuery returns u with its page parameters set (a size of 0 is left
// out).
func withQuery(u *url.URL, pageKey string, page int, sizeKey string, size int) *url.URL {
	next := *u
	q := next.Query()
	q.Set(pageKey, strconv.Itoa(page))
	if size > 0 {
		q.Set(sizeKey, strconv.Itoa(size))
	}
	next.RawQuery = q.Encode()
	return &next
}

// openPage sends a GET of one page of a collection, retrying as the
// retry policy allows, and returns its success answer with the body
// unread, for the caller to stream and close. A non-2xx answer is an
// *APIError; a 304 to a conditional first page is meta.NotModified.
func (c *Client) openPage(ctx context.Context, cfg *callConfig, u *url.URL, first bool) (*http.Response, *Response, error) {
	began := time.Now()
	st := &callState{method: http.MethodGet, path: u.Path, stream: true}
	meta := &Response{Method: http.MethodGet, Path: u.Path}
	req, err := c.newRequestURL(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, meta, err
	}
	if first && cfg.ifNoneMatch != "" {
		req.Header.Set("If-None-Match", cfg.ifNoneMatch)
	}
	done := func(err error) error {
		meta.Attempts = st.attempts
		c.logCall(meta, err, began)
		if cfg.dst != nil {
			*cfg.dst = *meta
		}
		return err
	}
	rreq, err := retryablehttp.FromRequest(req.WithContext(context.WithValue(req.Context(), callStateKey{}, st)))
	if err != nil {
		return nil, meta, done(c.requestError(st, err))
	}
	resp, err := c.retryingClient(st).Do(rreq)
	if resp != nil {
		meta.fill(resp, c.clock.Now())
	}
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, meta, done(c.requestError(st, err))
	}
	switch status := resp.StatusCode; {
	case status == http.StatusNotModified && first && cfg.ifNoneMatch != "":
		resp.Body.Close()
		meta.NotModified = true
		if meta.ETag == "" {
			meta.ETag = cfg.ifNoneMatch
		}
		return resp, meta, done(nil)
	case status < 200 || status > 299:
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		if rerr != nil {
			st.maybeProcessed = true
			return nil, meta, done(c.requestError(st, rerr))
		}
		return nil, meta, done(c.apiError(req, resp, meta, body, st))
	}
	return resp, meta, done(nil)
}

// maxErrorBody caps what is read of an error answer to a page.
const maxErrorBody = 1 << 20
