package tribehr

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// Download tests serve the account at acme.example.com and an S3 stand-in
// at s3.example.com, both on loopback HTTPS (httptest's certificate names
// example.com and its subdomains), so that "another host" is another name,
// not just another port.

const (
	dlAccount   = "https://acme.example.com"
	dlS3        = "https://s3.example.com"
	dlSignature = "X-Amz-Signature=c2VjcmV0LXNpZ25hdHVyZQ"
)

// dlSeen is a request a stand-in server received.
type dlSeen struct {
	host, path, query string
	header            http.Header
}

type dlServers struct {
	mu      sync.Mutex
	seen    []dlSeen
	account *httptest.Server
	s3      *httptest.Server
	hc      *http.Client
}

func (s *dlServers) record(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = append(s.seen, dlSeen{host: r.Host, path: r.URL.Path, query: r.URL.RawQuery, header: r.Header.Clone()})
}

func (s *dlServers) requests() []dlSeen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]dlSeen(nil), s.seen...)
}

// newDLServers starts the two servers with the handlers given (by host);
// every request is recorded first.
func newDLServers(t *testing.T, account, s3 http.HandlerFunc) *dlServers {
	t.Helper()
	s := &dlServers{}
	wrap := func(h http.HandlerFunc) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.record(r); h(w, r) })
	}
	s.account = httptest.NewTLSServer(wrap(account))
	s.s3 = httptest.NewTLSServer(wrap(s3))
	t.Cleanup(s.account.Close)
	t.Cleanup(s.s3.Close)
	pool := x509.NewCertPool()
	pool.AddCert(s.account.Certificate())
	addrs := map[string]string{"acme.example.com:443": s.account.Listener.Addr().String(), "s3.example.com:443": s.s3.Listener.Addr().String()}
	var d net.Dialer
	s.hc = &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if to, ok := addrs[addr]; ok {
				addr = to
			}
			return d.DialContext(ctx, network, addr)
		},
	}}
	return s
}

func (s *dlServers) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{WithBaseURL(dlAccount), WithBasicAuth(testUser, testSecret), WithHTTPClient(s.hc),
		WithRetryPolicy(fastRetry()), WithSource("Kudos Wall")}, opts...)
	c, err := NewClient("", all...)
	require.NoError(t, err)
	return c
}

func picture(n int) []byte { return bytes.Repeat([]byte("GIF89a.."), n)[:n] }

func serveBytes(b []byte, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b)
	}
}

func TestDownloadFromTheAccountHost(t *testing.T) {
	pic := picture(3000)
	s := newDLServers(t, serveBytes(pic, "image/gif"), serveBytes(nil, ""))
	c := s.client(t)
	for _, raw := range []string{dlAccount + "/attachments/view/s3--pic_x.gif", "/attachments/view/s3--pic_x.gif"} {
		var buf bytes.Buffer
		info, err := c.Download(context.Background(), raw, &buf)
		require.NoError(t, err, raw)
		assert.Equal(t, pic, buf.Bytes())
		assert.Equal(t, &DownloadInfo{ContentType: "image/gif", Size: 3000, StatusCode: 200, Header: info.Header, Attempts: 1, Authenticated: true}, info)
	}
	reqs := s.requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, "acme.example.com", r.host)
		assert.Equal(t, "/attachments/view/s3--pic_x.gif", r.path, "a relative URL is the account's")
		user, pass, ok := (&http.Request{Header: r.header}).BasicAuth()
		assert.True(t, ok)
		assert.Equal(t, testUser, user)
		assert.Equal(t, testSecret, pass)
		assert.Equal(t, DefaultAPIVersion, r.header.Get("X-Api-Version"))
		assert.Equal(t, "Kudos Wall", r.header.Get("X-Source"))
		assert.Equal(t, "*/*", r.header.Get("Accept"))
		assert.Contains(t, r.header.Get("User-Agent"), "tribehr-go/")
	}
}

func TestDownloadFromAnotherHostHasNoCredentials(t *testing.T) {
	pic := picture(100)
	s := newDLServers(t, serveBytes(nil, ""), serveBytes(pic, "image/jpeg"))
	c := s.client(t)
	var buf bytes.Buffer
	raw := dlS3 + "/tribehr/avatar-7.jpg?X-Amz-Expires=300&" + dlSignature
	info, err := c.Download(context.Background(), raw, &buf, FormattedTextAs(TextFormatHTML))
	require.NoError(t, err)
	assert.Equal(t, pic, buf.Bytes())
	assert.False(t, info.Authenticated)
	assert.Equal(t, "image/jpeg", info.ContentType)

	reqs := s.requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, "s3.example.com", r.host)
	assert.Equal(t, "X-Amz-Expires=300&"+dlSignature, r.query, "the signed query is sent as it is, with no call option added")
	for _, h := range []string{"Authorization", "X-Api-Version", "X-Source"} {
		assert.Empty(t, r.header.Get(h), "%s must not reach another host", h)
	}
	assert.Contains(t, r.header.Get("User-Agent"), "tribehr-go/")

	t.Run("another port of the account's name is another host", func(t *testing.T) {
		c := s.client(t)
		assert.True(t, c.isAccountHost(mustParse(t, "https://ACME.example.com:443/x.gif")), "default port, any case")
		assert.False(t, c.isAccountHost(mustParse(t, "https://acme.example.com:8443/x.gif")))
		assert.False(t, c.isAccountHost(mustParse(t, "http://acme.example.com/x.gif")))
		assert.False(t, c.isAccountHost(mustParse(t, "https://acme.example.com.evil.test/x.gif")))
	})
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}

func TestDownloadRedirectToAnotherHostDropsCredentials(t *testing.T) {
	pic := picture(64)
	s := newDLServers(t,
		func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, dlS3+"/bucket/pic.png?"+dlSignature, http.StatusFound)
		},
		serveBytes(pic, "image/png"))
	c := s.client(t)
	var buf bytes.Buffer
	info, err := c.Download(context.Background(), dlAccount+"/attachments/view/pic.png", &buf)
	require.NoError(t, err)
	assert.Equal(t, pic, buf.Bytes())
	assert.False(t, info.Authenticated, "the answer came from another host")
	reqs := s.requests()
	require.Len(t, reqs, 2)
	assert.NotEmpty(t, reqs[0].header.Get("Authorization"), "the account's host gets the credentials")
	assert.Equal(t, "s3.example.com", reqs[1].host)
	for _, h := range []string{"Authorization", "X-Api-Version", "X-Source"} {
		assert.Empty(t, reqs[1].header.Get(h), "%s must not follow a redirect to another host", h)
	}

	t.Run("to plain http", func(t *testing.T) {
		s := newDLServers(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://s3.example.com/pic.png", http.StatusFound)
		}, serveBytes(pic, "image/png"))
		_, err := s.client(t).Download(context.Background(), dlAccount+"/attachments/view/pic.png", &bytes.Buffer{})
		require.ErrorIs(t, err, errInsecureRedirect)
		assert.Len(t, s.requests(), 1)
	})
}

func TestDownloadSizeCap(t *testing.T) {
	big := picture(5000)
	chunked := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		for i := 0; i < len(big); i += 1000 {
			w.Write(big[i : i+1000])
			w.(http.Flusher).Flush() // no Content-Length
		}
	}
	t.Run("announced", func(t *testing.T) {
		s := newDLServers(t, serveBytes(big, "image/gif"), serveBytes(nil, ""))
		var buf bytes.Buffer
		_, err := s.client(t).Download(context.Background(), "/attachments/view/big.gif", &buf, MaxDownloadSize(4999))
		require.ErrorIs(t, err, ErrDownloadTooLarge)
		var tooLarge *DownloadTooLargeError
		require.ErrorAs(t, err, &tooLarge)
		assert.Equal(t, &DownloadTooLargeError{URL: "/attachments/view/big.gif", Limit: 4999, Size: 5000}, tooLarge)
		assert.Zero(t, buf.Len(), "nothing is written")
		assert.Contains(t, err.Error(), "announced 5000 bytes, above the cap of 4999")
	})
	t.Run("streamed past", func(t *testing.T) {
		s := newDLServers(t, chunked, serveBytes(nil, ""))
		var buf bytes.Buffer
		info, err := s.client(t).Download(context.Background(), "/attachments/view/big.gif", &buf, MaxDownloadSize(2500))
		var tooLarge *DownloadTooLargeError
		require.ErrorAs(t, err, &tooLarge)
		assert.Equal(t, &DownloadTooLargeError{URL: "/attachments/view/big.gif", Limit: 2500, Size: -1, Written: 2500}, tooLarge)
		assert.Equal(t, big[:2500], buf.Bytes(), "at most the cap is written")
		assert.EqualValues(t, 2500, info.Size)
	})
	t.Run("exactly the cap", func(t *testing.T) {
		for name, h := range map[string]http.HandlerFunc{"announced": serveBytes(big, "image/gif"), "streamed": chunked} {
			s := newDLServers(t, h, serveBytes(nil, ""))
			var buf bytes.Buffer
			info, err := s.client(t).Download(context.Background(), "/attachments/view/big.gif", &buf, MaxDownloadSize(5000))
			require.NoError(t, err, name)
			assert.EqualValues(t, 5000, info.Size, name)
			assert.Equal(t, big, buf.Bytes(), name)
		}
	})
	t.Run("the default", func(t *testing.T) {
		s := newDLServers(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.FormatInt(DefaultMaxDownloadSize+1, 10))
			w.WriteHeader(http.StatusOK) // the body is never read
		}, serveBytes(nil, ""))
		_, err := s.client(t).Download(context.Background(), "/attachments/view/huge.gif", &bytes.Buffer{})
		var tooLarge *DownloadTooLargeError
		require.ErrorAs(t, err, &tooLarge)
		assert.Equal(t, DefaultMaxDownloadSize, tooLarge.Limit)
	})
}

func TestDownloadRetriesLikeAGet(t *testing.T) {
	pic := picture(10)
	var mu sync.Mutex
	n := 0
	s := newDLServers(t, serveBytes(nil, ""), func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		k := n
		mu.Unlock()
		switch k {
		case 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2:
			w.WriteHeader(http.StatusBadGateway)
		default:
			w.Write(pic)
		}
	})
	var buf bytes.Buffer
	info, err := s.client(t).Download(context.Background(), dlS3+"/pic.gif", &buf)
	require.NoError(t, err)
	assert.Equal(t, 3, info.Attempts)
	assert.Equal(t, pic, buf.Bytes(), "the body of the answer that succeeded, once")

	t.Run("500 is not retried", func(t *testing.T) {
		s := newDLServers(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }, serveBytes(nil, ""))
		_, err := s.client(t).Download(context.Background(), "/attachments/view/x.gif", &bytes.Buffer{})
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 1, apiErr.Attempts)
		assert.Len(t, s.requests(), 1)
	})
}

func TestDownloadErrorsHideTheQuery(t *testing.T) {
	s := newDLServers(t,
		func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":{"code":"NOT_FOUND","messages":["Invalid Attachment"]}}`))
		},
		func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`))
		})
	c := s.client(t)

	_, err := c.Download(context.Background(), "/attachments/view/gone.gif", &bytes.Buffer{})
	require.ErrorIs(t, err, CodeNotFound)
	require.ErrorIs(t, err, ErrNotFound)

	_, err = c.Download(context.Background(), dlS3+"/bucket/a.jpg?"+dlSignature, &bytes.Buffer{})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
	assert.Equal(t, dlS3+"/bucket/a.jpg", apiErr.Path)
	assert.Contains(t, apiErr.Body, "Request has expired")
	assert.NotContains(t, err.Error(), "Signature")

	s.s3.Close()
	_, err = c.Download(context.Background(), dlS3+"/bucket/a.jpg?"+dlSignature, &bytes.Buffer{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), dlS3+"/bucket/a.jpg")
	assert.NotContains(t, err.Error(), "Signature", "a network error names the URL without its query")
	assert.NotContains(t, err.Error(), testSecret)
}

func TestDownloadBodyFailureIsNotRetried(t *testing.T) {
	s := newDLServers(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write(picture(300))
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}, serveBytes(nil, ""))
	var buf bytes.Buffer
	info, err := s.client(t).Download(context.Background(), "/attachments/view/cut.gif", &buf)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "300 bytes written")
	require.NotNil(t, info)
	assert.EqualValues(t, 300, info.Size)
	assert.Len(t, s.requests(), 1, "a body already being written is not fetched again")
}

func TestDownloadRateLimitIsTheAccountsOnly(t *testing.T) {
	s := newDLServers(t, serveBytes(picture(5), "image/gif"), serveBytes(picture(5), "image/gif"))
	c := s.client(t, WithRateLimit(rate.Limit(1.0/3600), 1))
	_, err := c.Download(context.Background(), "/attachments/view/a.gif", &bytes.Buffer{})
	require.NoError(t, err, "the one token")
	for i := 0; i < 3; i++ {
		_, err := c.Download(context.Background(), dlS3+"/b.gif", &bytes.Buffer{})
		require.NoError(t, err, "another host spends no token")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err = c.Download(ctx, "/attachments/view/a.gif", &bytes.Buffer{})
	require.ErrorIs(t, err, ErrClientRateLimit, "the account's host does")
	assert.Len(t, s.requests(), 4)
}

func TestDownloadRefusesBeforeSending(t *testing.T) {
	c, rec := countingClient(t)
	var buf bytes.Buffer
	for _, tt := range []struct {
		raw    string
		w      *bytes.Buffer
		opts   []CallOption
		fields []string
		msg    string
	}{
		{"", &buf, nil, []string{"url"}, "is empty (is the image absent?)"},
		{"  ", &buf, nil, []string{"url"}, "is empty"},
		{"ftp://files.example.com/a.gif", &buf, nil, []string{"url"}, `scheme "ftp"`},
		{"http://s3.amazonaws.com/a.gif", &buf, nil, []string{"url"}, "must be https"},
		{"https://user:pw@s3.amazonaws.com/a.gif", &buf, nil, []string{"url"}, "must not hold credentials"},
		{"https://[::1/a.gif", &buf, nil, []string{"url"}, "does not parse"},
		{"/attachments/view/a.gif", nil, []CallOption{MaxDownloadSize(0)}, []string{"w", "maxDownloadSize"}, "must be positive"},
	} {
		var w *bytes.Buffer = tt.w
		var err error
		if w == nil {
			_, err = c.Download(context.Background(), tt.raw, nil, tt.opts...)
		} else {
			_, err = c.Download(context.Background(), tt.raw, w, tt.opts...)
		}
		assertNotSent(t, rec, err, tt.fields...)
		assert.Contains(t, err.Error(), tt.msg, tt.raw)
		assert.NotContains(t, err.Error(), "pw@", "credentials in a URL are not repeated")
	}
}

func TestDownloadPlainHTTPToLoopback(t *testing.T) {
	rec, srv := newRecorder(t, func(_ int, w http.ResponseWriter, r *http.Request) { w.Write([]byte("GIF89a")) })
	c := newTestClient(t, srv.URL)
	var buf bytes.Buffer
	info, err := c.Download(context.Background(), strings.TrimSuffix(srv.URL, "/")+"/users/view/7/picture", &buf)
	require.NoError(t, err)
	assert.True(t, info.Authenticated, "the same loopback host and port is the account's")
	assert.Equal(t, "GIF89a", buf.String())
	assert.Equal(t, 1, rec.count())
	assert.False(t, errors.Is(err, ErrDownloadTooLarge))
}
