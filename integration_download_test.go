package tribehr_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// TestDownloadPicturesFromTheFake: the newcomer's "kudos with a picture"
// job: the pictures a kudos, a user and a value point at, fetched with the
// account's credentials from the account's host.
func TestDownloadPicturesFromTheFake(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	k, err := client.Kudos.Get(ctx, 83)
	require.NoError(t, err)
	pic, ok := k.Picture.Get()
	require.True(t, ok)
	var buf bytes.Buffer
	info, err := client.Download(ctx, pic.URL.Value(), &buf)
	require.NoError(t, err)
	assert.True(t, info.Authenticated)
	assert.Equal(t, "image/gif", info.ContentType)
	assert.True(t, bytes.HasPrefix(buf.Bytes(), []byte("GIF89a")))
	assert.EqualValues(t, buf.Len(), info.Size)

	values := k.Values.Value()
	require.NotEmpty(t, values)
	buf.Reset()
	info, err = client.Download(ctx, values[0].Image.Value().URL.Value(), &buf)
	require.NoError(t, err)
	assert.Equal(t, "image/png", info.ContentType)

	alice, err := client.Users.Get(ctx, 7)
	require.NoError(t, err)
	buf.Reset()
	_, err = client.Download(ctx, alice.Avatar.Value().URL.Value(), &buf)
	require.NoError(t, err)
	assert.NotZero(t, buf.Len())

	var last tribehrtest.Request
	for _, r := range srv.Requests() {
		last = r
	}
	assert.Equal(t, "/users/view/7/picture", last.Path)
	assert.Equal(t, tribehrtest.AdminUsername, last.User, "the account's host gets the credentials")

	_, err = client.Download(ctx, strings.TrimSuffix(pic.URL.Value(), ".jpg")+".png", &buf)
	assertAPIError(t, err, http.StatusNotFound, "", tribehr.ErrNotFound)
}

// TestDownloadS3AvatarsFromTheFake: avatars on the S3 stand-in, which
// refuses any request carrying credentials, as S3 does.
func TestDownloadS3AvatarsFromTheFake(t *testing.T) {
	srv, client := newFake(t, tribehrtest.WithS3Avatars())
	ctx := testCtx(t)
	users, err := client.Users.List(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, users)
	u, err := client.Users.Full(ctx, &users[0])
	require.NoError(t, err)
	avatar := u.Avatar.Value().URL.Value()
	require.True(t, strings.HasPrefix(avatar, srv.S3URL), avatar)

	var buf bytes.Buffer
	info, err := client.Download(ctx, avatar, &buf)
	require.NoError(t, err, "no credentials reach S3")
	assert.False(t, info.Authenticated)
	assert.True(t, bytes.HasPrefix(buf.Bytes(), []byte("GIF89a")))

	var s3 []tribehrtest.Request
	for _, r := range srv.Requests() {
		if "https://"+r.Host == srv.S3URL {
			s3 = append(s3, r)
		}
	}
	require.Len(t, s3, 1)
	assert.Empty(t, s3[0].Header.Get("Authorization"))
	assert.Empty(t, s3[0].Header.Get("X-Api-Version"))
	assert.Equal(t, http.StatusOK, s3[0].Status)
}
