package tribehr

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/h2non/gock.v1"
)

// Helpers of the resource services' unit tests (users, leave requests,
// events, kudos, delete).

// acmeHost is the base URL of the "acme" account the gock tests mock.
const acmeHost = "https://acme.mytribehr.com"

// gockClient returns a Client for the "acme" account whose requests gock
// intercepts. The caller must defer gock.Off().
func gockClient(t *testing.T, opts ...Option) *Client {
	t.Helper()
	hc := &http.Client{}
	gock.InterceptClient(hc)
	all := append([]Option{WithBasicAuth(testUser, testSecret), WithHTTPClient(hc), WithRetryPolicy(fastRetry())}, opts...)
	c, err := NewClient("acme", all...)
	require.NoError(t, err)
	return c
}

// fixture returns the content of testdata/name.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// decodeFixture decodes the fixture testdata/name into a new T.
func decodeFixture[T any](t *testing.T, name string) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(fixture(t, name), &v))
	return v
}

// parseDT parses an API date/time, for expected values.
func parseDT(t *testing.T, s string) DateTime {
	t.Helper()
	d, err := ParseDateTime(s)
	require.NoError(t, err)
	return d
}

// dtField is parseDT as a present Field.
func dtField(t *testing.T, s string) Field[DateTime] {
	t.Helper()
	return NewField(parseDT(t, s))
}

// capture records the last request a gock mock matched, with its body,
// and counts the matches. Add it to a mock with AddMatcher(c.match).
type capture struct {
	req  *http.Request
	body []byte
	n    int
}

func (c *capture) match(req *http.Request, _ *gock.Request) (bool, error) {
	var b []byte
	if req.Body != nil {
		var err error
		if b, err = io.ReadAll(req.Body); err != nil {
			return false, err
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	c.req, c.body = req, b
	c.n++
	return true, nil
}

// form parses the captured body, which must be url-encoded.
func (c *capture) form(t *testing.T) url.Values {
	t.Helper()
	require.NotNil(t, c.req, "no request was captured")
	assert.Equal(t, "application/x-www-form-urlencoded", c.req.Header.Get("Content-Type"))
	v, err := url.ParseQuery(string(c.body))
	require.NoError(t, err)
	return v
}

// formParts parses the captured body: url-encoded, or the value parts of a
// multipart body (file parts are returned apart, by field name).
func (c *capture) formParts(t *testing.T) (url.Values, map[string]*multipart.Part, map[string][]byte) {
	t.Helper()
	require.NotNil(t, c.req, "no request was captured")
	mt, params, err := mime.ParseMediaType(c.req.Header.Get("Content-Type"))
	require.NoError(t, err)
	if mt == "application/x-www-form-urlencoded" {
		v, err := url.ParseQuery(string(c.body))
		require.NoError(t, err)
		return v, nil, nil
	}
	require.Equal(t, "multipart/form-data", mt)
	r := multipart.NewReader(bytes.NewReader(c.body), params["boundary"])
	values := url.Values{}
	parts := map[string]*multipart.Part{}
	files := map[string][]byte{}
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		data, err := io.ReadAll(p)
		require.NoError(t, err)
		if p.FileName() != "" {
			parts[p.FormName()] = p
			files[p.FormName()] = data
			continue
		}
		values.Add(p.FormName(), string(data))
	}
	return values, parts, files
}

// sample parses a request body sample of the document. The document wraps
// its samples after each "&"; the spaces and line breaks are removed
// before parsing.
func sample(t *testing.T, s string) url.Values {
	t.Helper()
	s = strings.Join(strings.Fields(s), "")
	v, err := url.ParseQuery(s)
	require.NoError(t, err)
	return v
}

// errorCase is one typical API error a call is tested against.
type errorCase struct {
	name     string
	status   int
	code     ErrorCode
	messages []string
	sentinel error
}

// ulErrorCases are the typical errors of the users and leave request
// calls, ekErrorCases those of the events and kudos calls.
var (
	ulErrorCases = []errorCase{
		{"not found", 404, CodeNotFound, []string{"Invalid User"}, ErrNotFound},
		{"validation", 400, CodeValidation, []string{"The end date must not be before the start date", "Please choose a leave type"}, ErrBadRequest},
		{"access", 403, CodeAccess, []string{"You do not have permission to do that"}, ErrForbidden},
	}
	ekErrorCases = []errorCase{
		{"not found", 404, CodeNotFound, []string{"Invalid Event"}, ErrNotFound},
		{"validation", 400, CodeValidation, []string{"The event must have a name.", "The end date must be after the start date."}, ErrBadRequest},
		{"access", 403, CodeAccess, []string{"You do not have permission to do that."}, ErrForbidden},
	}
)

// body returns the error body of the case.
func (ec errorCase) body() map[string]any {
	return map[string]any{"error": map[string]any{"code": string(ec.code), "messages": ec.messages}}
}

// check asserts err is the case's *APIError, for method and path.
func (ec errorCase) check(t *testing.T, err error, method, path string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, ec.code)
	assert.ErrorIs(t, err, ec.sentinel)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, ec.status, apiErr.StatusCode)
	assert.Equal(t, ec.code, apiErr.Code)
	assert.Equal(t, ec.messages, apiErr.Messages)
	assert.Equal(t, method, apiErr.Method)
	assert.Equal(t, path, apiErr.Path)
}

// assertNotSent asserts err is a *ValidationError naming fields, in order,
// and that nothing reached the counting server.
func assertNotSent(t *testing.T, rec *recorder, err error, fields ...string) {
	t.Helper()
	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
	got := make([]string, len(verr.Problems))
	for i, p := range verr.Problems {
		got[i] = p.Field
	}
	assert.Equal(t, fields, got, "problems: %v", verr.Problems)
	assert.Zero(t, rec.count(), "nothing may be sent")
}

// countingClient returns a Client for a server that counts requests and
// answers 500, for tests that must send nothing.
func countingClient(t *testing.T) (*Client, *recorder) {
	t.Helper()
	rec, srv := newRecorder(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	})
	return newTestClient(t, srv.URL), rec
}
