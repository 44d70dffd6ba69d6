package tribehrtest

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPicturesNeedCredentials(t *testing.T) {
	srv := NewServer(t)
	for _, path := range []string{
		"/users/view/7/picture",                             // alice's avatar
		"/attachments/view/User/avatar/1",                   // jstevens', as the leave list sample has it
		"/attachments/view/s3--pic_commitment-bccd5b21.jpg", // kudos 83's picture
		"/attachments/view/teamwork/icon.png",               // value 11's icon
	} {
		res := do(t, srv, "GET", path, "")
		require.Equal(t, http.StatusOK, res.status, path)
		assert.Equal(t, http.DetectContentType(res.body), res.header.Get("Content-Type"), path)
		assert.Equal(t, http.StatusUnauthorized, do(t, srv, "GET", path, "", noAuth()).status, path)
	}
	icon := do(t, srv, "GET", "/attachments/view/teamwork/icon.png", "")
	assert.Equal(t, "image/png", icon.header.Get("Content-Type"))
	_, err := png.Decode(bytes.NewReader(icon.body))
	require.NoError(t, err, "a value's icon is a real PNG")
	assert.NotEqual(t, icon.body, do(t, srv, "GET", "/attachments/view/respect/icon.png", "").body, "each value has its own icon")

	for _, path := range []string{"/users/view/99/picture", "/users/view/x/picture", "/attachments/view/none.gif", "/users/view/7/other"} {
		assert.Equal(t, http.StatusNotFound, do(t, srv, "GET", path, "").status, path)
	}
}

func TestS3Avatars(t *testing.T) {
	srv := NewServer(t, WithS3Avatars())
	require.NotEmpty(t, srv.S3URL)
	require.NotEqual(t, srv.URL, srv.S3URL)

	avatar := do(t, srv, "GET", "/users/7.json", "").obj(t)["avatar"].(map[string]any)["url"].(string)
	assert.True(t, strings.HasPrefix(avatar, srv.S3URL+"/tribehr-avatars/users/7.gif?"), avatar)
	var listed string
	for _, lr := range do(t, srv, "GET", "/leave_requests.json", "").arr(t) {
		if u := lr.(map[string]any)["user"].(map[string]any); u["id"] == jsonNum("3") {
			listed = u["avatar"].(map[string]any)["url"].(string)
		}
	}
	assert.True(t, strings.HasPrefix(listed, srv.S3URL+"/tribehr-avatars/users/3.gif?"), "the leave list's users too: %s", listed)

	get := func(raw string, auth bool) (int, string) {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, raw, nil)
		require.NoError(t, err)
		if auth {
			req.SetBasicAuth(AdminUsername, AdminAPIKey)
		}
		res, err := srv.HTTPClient().Do(req)
		require.NoError(t, err, "the fake's client trusts the S3 stand-in")
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(b)
	}
	status, body := get(avatar, false)
	assert.Equal(t, http.StatusOK, status)
	assert.True(t, strings.HasPrefix(body, "GIF89a"))

	status, body = get(avatar, true)
	assert.Equal(t, http.StatusBadRequest, status, "credentials sent to S3 are refused, as S3 does")
	assert.Contains(t, body, "<Code>InvalidArgument</Code>")

	u, err := url.Parse(avatar)
	require.NoError(t, err)
	q := u.Query()
	q.Set("X-Amz-Signature", "forged")
	u.RawQuery = q.Encode()
	status, body = get(u.String(), false)
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, body, "<Code>AccessDenied</Code>")
	status, _ = get(srv.S3URL+"/tribehr-avatars/users/999.gif?X-Amz-Signature=x", false)
	assert.Equal(t, http.StatusNotFound, status)

	var s3Reqs []Request
	for _, r := range srv.Requests() {
		if "https://"+r.Host == srv.S3URL {
			s3Reqs = append(s3Reqs, r)
		}
	}
	require.Len(t, s3Reqs, 4, "the S3 stand-in's requests are logged with its host")
	assert.Empty(t, s3Reqs[0].Header.Get("Authorization"))
	assert.Equal(t, "REDACTED", s3Reqs[1].Header.Get("Authorization"))
	assert.Equal(t, http.StatusBadRequest, s3Reqs[1].Status)
}
