package tribehr_test

import (
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// ikuFetchPicture downloads a picture URL from the fake as the
// administrator and returns its status and bytes.
func ikuFetchPicture(t *testing.T, srv *tribehrtest.Server, pictureURL string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(testCtx(t), http.MethodGet, pictureURL, nil)
	require.NoError(t, err)
	ident, key := srv.Credentials(tribehrtest.AdminUsername)
	req.SetBasicAuth(ident, key)
	resp, err := srv.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, body
}

func TestIntegrationKudosList(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	list, err := client.Kudos.List(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, list)
	assert.LessOrEqual(t, len(list), 50)

	for i, k := range list {
		// Partial kudos: no values, no comments, but a comment count.
		assert.True(t, k.Values.Absent(), "kudos %s", k.ID)
		assert.True(t, k.Comments.Absent(), "kudos %s", k.ID)
		assert.True(t, k.CommentCount.Present(), "kudos %s", k.ID)
		assert.Equal(t, fmt.Sprintf("/notes/%d.json", k.ID.Value()), k.URL.Value())
		if i > 0 {
			assert.False(t, k.Created.Value().Time().After(list[i-1].Created.Value().Time()),
				"newest first: %s after %s", k.Created, list[i-1].Created)
		}
	}
	assert.Equal(t, []tribehr.ID{87, 86, 83, 82}, collect(list, kudosID))
	assert.Equal(t, 2, list[2].CommentCount.Value(), "kudos 83 has two comments")
	assert.Equal(t, "TribeHR for iOS", list[0].Source.Value())
	assert.Equal(t, srv.URL+"/attachments/view/s3--pic_commitment-bccd5b21.jpg", list[2].Picture.Value().URL.Value())
	assert.True(t, list[0].Picture.Absent(), "a kudos without picture has none")

	// 51 kudos: the 50 newest are listed.
	for i := range 47 {
		_, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{
			Recipients: tribehr.IDs{2}, Text: fmt.Sprintf("bulk %d", i),
		})
		require.NoError(t, err)
	}
	list, err = client.Kudos.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 50)
	assert.Equal(t, "bulk 46", list[0].Text.Value())
	ids := collect(list, kudosID)
	assert.Contains(t, ids, tribehr.ID(83), "kudos 83 is among the 50 newest")
	assert.NotContains(t, ids, tribehr.ID(82), "the oldest kudos is cut off")
}

func TestIntegrationKudosGetSample(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	k, err := client.Kudos.Get(ctx, 83)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(83), k.ID.Value())
	assert.Equal(t, "Great job pulling together to meet our iteration commitments!", k.Text.Value())
	assert.Equal(t, tribehr.ID(1), k.Poster.Value().ID.Value())
	assert.Equal(t, []tribehr.ID{17, 6, 16}, collect(k.Recipients.Value(), userID))
	assert.Equal(t, "web", k.Source.Value())
	assert.Equal(t, "/notes/83.json", k.URL.Value())
	assert.Equal(t, srv.URL+"/attachments/view/s3--pic_commitment-bccd5b21.jpg", k.Picture.Value().URL.Value())

	assert.Equal(t, []tribehr.ID{10, 11}, collect(must(t, k.Values), valueID))
	values := k.Values.Value()
	assert.Equal(t, "Respect", values[0].Name.Value())
	assert.Equal(t, "Teamwork", values[1].Name.Value())
	assert.Equal(t, srv.URL+"/attachments/view/respect/icon.png", values[0].Image.Value().URL.Value())

	comments, ok := k.Comments.Get()
	require.True(t, ok)
	require.Len(t, comments, 2)
	assert.Equal(t, 2, k.CommentCount.Value())
	assert.Equal(t, tribehr.ID(87), comments[0].ID.Value())
	assert.Equal(t, "You guys are great - no one even had to come in on the weekend!", comments[0].Comment.Value())
	assert.Equal(t, tribehr.ID(2), comments[0].Poster.Value().ID.Value())
	assert.Equal(t, tribehr.ID(88), comments[1].ID.Value())
	assert.Equal(t, tribehr.ID(6), comments[1].Poster.Value().ID.Value())
	assert.Equal(t, "web", comments[1].Source.Value())
	assert.Equal(t, "/comments/88.json", comments[1].URL.Value())

	// The seeded picture comes back from its URL.
	status, body := ikuFetchPicture(t, srv, k.Picture.Value().URL.Value())
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, tinyGIF, body, "the seeded 1×1 GIF")

	// Without comments or values, a full kudos still carries them, empty.
	k87, err := client.Kudos.Get(ctx, 87)
	require.NoError(t, err)
	assert.Empty(t, collect(must(t, k87.Values), valueID))
	c87, ok := k87.Comments.Get()
	assert.True(t, ok, "comments present: %s", k87.Comments)
	assert.Empty(t, c87)

	_, err = client.Kudos.Get(ctx, 999999)
	assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
}

func TestIntegrationKudosFull(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	list, err := client.Kudos.List(ctx)
	require.NoError(t, err)
	i := slices.IndexFunc(list, func(k tribehr.Kudos) bool { return k.ID.Value() == 86 })
	require.GreaterOrEqual(t, i, 0, "kudos 86 listed")
	partial := &list[i]
	require.True(t, partial.Values.Absent())

	full, err := client.Kudos.Full(ctx, partial)
	require.NoError(t, err)
	assert.Equal(t, tribehr.ID(86), full.ID.Value())
	assert.Equal(t, partial.Text.Value(), full.Text.Value())
	assert.Equal(t, collect(partial.Recipients.Value(), userID), collect(full.Recipients.Value(), userID))
	assert.Equal(t, []tribehr.ID{11, 12}, collect(must(t, full.Values), valueID))
	assert.True(t, full.Comments.Present())
	assert.True(t, partial.Values.Absent(), "Full does not change the partial kudos")

	// Nothing to fetch: an error, no request.
	srv.ResetLog()
	_, err = client.Kudos.Full(ctx, nil)
	assert.EqualError(t, err, "tribehr: invalid partial kudos: it is nil")
	assert.Equal(t, []string{""}, validationFields(t, err))
	_, err = client.Kudos.Full(ctx, &tribehr.Kudos{})
	assert.EqualError(t, err, "tribehr: invalid partial kudos: id: missing (<absent>)")
	assert.Equal(t, []string{"id"}, validationFields(t, err))
	assert.Empty(t, srv.Requests(), "nothing was sent")
}

func TestIntegrationKudosCreateWithPicture(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	text := "Merci, Zoë & Łukasz! 🎉 Q&A=done, 1+1=2 #release 100%\nSecond line: [b]BBCode[/b] stays as sent\r\nend"
	created, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{
		Recipients: tribehr.IDs{2, 53},
		Text:       text,
		Values:     tribehr.IDs{11, 12},
		Picture:    tribehr.FileFromBytes("team photo.gif", tinyGIF),
	})
	require.NoError(t, err)
	id, ok := created.ID.Get()
	require.True(t, ok)
	assert.Equal(t, text, created.Text.Value())

	// Sent as multipart, with the picture in a part named "picture".
	post := lastRequest(t, srv)
	assert.Equal(t, http.MethodPost, post.Method)
	assert.Equal(t, "/kudos.json", post.Path)
	assert.True(t, strings.HasPrefix(post.Header.Get("Content-Type"), "multipart/form-data; boundary="), post.Header.Get("Content-Type"))
	assert.Equal(t, []string{"team photo.gif"}, post.Form["picture"])
	assert.Equal(t, []string{"2", "53"}, post.Form["recipients[][id]"])
	assert.Equal(t, []string{"11", "12"}, post.Form["values[][id]"])
	assert.Equal(t, []string{text}, post.Form["text"])

	got, err := client.Kudos.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, text, got.Text.Value(), "text read back byte for byte")
	assert.Equal(t, []tribehr.ID{2, 53}, collect(got.Recipients.Value(), userID))
	assert.Equal(t, []tribehr.ID{11, 12}, collect(must(t, got.Values), valueID))
	assert.Equal(t, tribehr.ID(1), got.Poster.Value().ID.Value(), "the poster is the caller")
	assert.Equal(t, "web", got.Source.Value(), "no X-Source: web")
	assert.Equal(t, 0, got.CommentCount.Value())

	pic, ok := got.Picture.Get()
	require.True(t, ok, "the kudos has a picture")
	wantURL := fmt.Sprintf("%s/attachments/view/s3--pic_team_photo-%08x.gif", srv.URL, crc32.ChecksumIEEE(tinyGIF))
	assert.Equal(t, wantURL, pic.URL.Value())
	status, body := ikuFetchPicture(t, srv, pic.URL.Value())
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, tinyGIF, body, "the picture comes back as sent")

	// Listed newest first.
	list, err := client.Kudos.List(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, list)
	assert.Equal(t, id, list[0].ID.Value())
	assert.Equal(t, text, list[0].Text.Value())
}

func TestIntegrationKudosSource(t *testing.T) {
	srv, _ := newFake(t)
	bot := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithSource("my-bot"))
	other := clientAs(t, srv, tribehrtest.AdminUsername, tribehr.WithSource("other-app"))
	ctx := testCtx(t)

	created, err := bot.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{7}, Text: "From the bot"})
	require.NoError(t, err)
	assert.Equal(t, "my-bot", created.Source.Value())
	assert.Equal(t, "my-bot", lastRequest(t, srv).Header.Get("X-Source"))

	got, err := bot.Kudos.Get(ctx, created.ID.Value())
	require.NoError(t, err)
	assert.Equal(t, "my-bot", got.Source.Value())

	// An update from another source does not change it.
	updated, err := other.Kudos.Update(ctx, created.ID.Value(), &tribehr.KudosUpdate{Text: tribehr.String("Edited elsewhere")})
	require.NoError(t, err)
	assert.Equal(t, "other-app", lastRequest(t, srv).Header.Get("X-Source"))
	assert.Equal(t, "my-bot", updated.Source.Value())
	got, err = other.Kudos.Get(ctx, created.ID.Value())
	require.NoError(t, err)
	assert.Equal(t, "my-bot", got.Source.Value())
	assert.Equal(t, "Edited elsewhere", got.Text.Value())
}

func TestIntegrationKudosUpdateAndDelete(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	created, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{
		Recipients: tribehr.IDs{6, 17},
		Text:       "Before",
		Values:     tribehr.IDs{10, 13},
		Picture:    tribehr.FileFromBytes("before.gif", tinyGIF),
	})
	require.NoError(t, err)
	id := created.ID.Value()
	require.Equal(t, []tribehr.ID{10, 13}, collect(must(t, created.Values), valueID))
	picture := created.Picture.Value().URL.Value()
	require.NotEmpty(t, picture)

	srv.ResetLog()
	updated, err := client.Kudos.Update(ctx, id, &tribehr.KudosUpdate{
		Text:   tribehr.String("After: [i]better[/i]"),
		Values: tribehr.IDs{},
	})
	require.NoError(t, err)
	assert.Equal(t, "After: [i]better[/i]", updated.Text.Value())
	assert.Empty(t, collect(must(t, updated.Values), valueID))
	put := lastRequest(t, srv)
	assert.Equal(t, http.MethodPut, put.Method)
	assert.Equal(t, fmt.Sprintf("/kudos/%d.json", id), put.Path)
	assert.Equal(t, []string{""}, put.Form["values[][id]"], "IDs{} is sent as an empty values[][id]")
	assert.Equal(t, []string{id.String()}, put.Form["id"])
	assert.NotContains(t, put.Form, "recipients[][id]", "nil recipients are not sent")

	got, err := client.Kudos.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "After: [i]better[/i]", got.Text.Value())
	values, ok := got.Values.Get()
	assert.True(t, ok, "values present (as an empty list): %s", got.Values)
	assert.Empty(t, values)
	assert.Equal(t, []tribehr.ID{6, 17}, collect(got.Recipients.Value(), userID), "recipients left as they were")
	assert.Equal(t, picture, got.Picture.Value().URL.Value(), "picture left as it was")

	require.NoError(t, client.Kudos.Delete(ctx, id))
	_, err = client.Kudos.Get(ctx, id)
	assertAPIError(t, err, http.StatusNotFound, tribehr.CodeNotFound, tribehr.ErrNotFound)
	list, err := client.Kudos.List(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, list, "the seeded kudos remain")
	assert.NotContains(t, collect(list, kudosID), id, "deleted kudos listed")
}

func TestIntegrationKudosFormattedText(t *testing.T) {
	_, client := newFake(t)
	ctx := testCtx(t)
	html := tribehr.FormattedTextAs(tribehr.TextFormatHTML)
	bbcode := tribehr.FormattedTextAs(tribehr.TextFormatBBCode)

	const stored = "[b]x[/b] & <y>\nnext"
	const rendered = "<b>x</b> &amp; &lt;y&gt;<br />next"

	created, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}, Text: stored}, html)
	require.NoError(t, err)
	assert.Equal(t, rendered, created.Text.Value(), "Create honours formattedTextAs")
	id := created.ID.Value()

	k, err := client.Kudos.Get(ctx, id, html)
	require.NoError(t, err)
	assert.Equal(t, rendered, k.Text.Value())

	k, err = client.Kudos.Get(ctx, id, bbcode)
	require.NoError(t, err)
	assert.Equal(t, stored, k.Text.Value(), "bbcode returns the text as stored")

	k, err = client.Kudos.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, stored, k.Text.Value(), "bbcode is the default")

	list, err := client.Kudos.List(ctx, html)
	require.NoError(t, err)
	require.NotEmpty(t, list)
	assert.Equal(t, id, list[0].ID.Value())
	assert.Equal(t, rendered, list[0].Text.Value())

	// The seeded kudos 86: bold, newline and a link.
	k, err = client.Kudos.Get(ctx, 86, html)
	require.NoError(t, err)
	assert.Equal(t, `<b>Thank you</b> for covering the release!<br />Notes are <a href="https://example.com/release">here</a>.`, k.Text.Value())

	updated, err := client.Kudos.Update(ctx, id, &tribehr.KudosUpdate{Text: tribehr.String("[u]u[/u]")}, html)
	require.NoError(t, err)
	assert.Equal(t, "<u>u</u>", updated.Text.Value(), "Update honours formattedTextAs")
}

func TestIntegrationKudosClientValidationSendsNothing(t *testing.T) {
	srv, client := newFake(t)
	ctx := testCtx(t)

	_, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Text: "Nobody to thank"})
	assert.Equal(t, []string{"recipients[][id]"}, validationFields(t, err))

	_, err = client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{2}})
	assert.Equal(t, []string{"text"}, validationFields(t, err), "no text and no picture")

	_, err = client.Kudos.Update(ctx, 83, &tribehr.KudosUpdate{Recipients: tribehr.IDs{}})
	assert.Equal(t, []string{"recipients[][id]"}, validationFields(t, err), "recipients cannot be cleared")

	_, err = client.Kudos.Get(ctx, 83, tribehr.FormattedTextAs("markdown"))
	assert.Equal(t, []string{"formattedTextAs"}, validationFields(t, err))

	assert.Empty(t, srv.Requests(), "nothing was sent")
}
