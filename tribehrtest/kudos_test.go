package tribehrtest

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const kudosPostSample = `recipients[][id]=6&
recipients[][id]=17&
text=You%27ve%20done%20a%20%3Ci%3Ewonderful%3C%2Fi%3E%20job%20recently.&
values[][id]=11`

const kudosPutSample = `text=Congratulations%20on%20your%20new%20certification.&
values%5B%5D%5Bid%5D=&
id=88`

func TestKudosSamples(t *testing.T) {
	clock := newClock("2013-08-20T20:05:18Z")
	srv := NewServer(t, WithClock(clock.Now))
	res := do(t, srv, "POST", "/kudos.json?formattedTextAs=html", docBody(kudosPostSample), header("X-Source", "Awesome Kudos-Posting App"))
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	// As the sample, except that the fake escapes the HTML a client sent
	// (input is never HTML) and shows the empty comments list.
	assert.JSONEq(t, `{
		"id": 88,
		"poster": {"id": 1, "username": "admin", "email": "devnull+admin@tribehr.com", "display_name": "Tribe Admin",
			"employee_record": {"first_name": "Tribe", "last_name": "Admin", "url": "/employee_records/58.json"}, "url": "/users/1.json"},
		"recipients": [
			{"id": 6, "username": "abbyring", "email": "devnull+abbyring@tribehr.com", "display_name": "Abby Ring",
				"employee_record": {"first_name": "Abby", "last_name": "Ring", "url": "/employee_records/46.json"}, "url": "/users/6.json"},
			{"id": 17, "username": "willytrainer", "email": "devnull+willytrainer@tribehr.com", "display_name": "Willy Trainer",
				"employee_record": {"first_name": "Willy", "last_name": "Trainer", "url": "/employee_records/56.json"}, "url": "/users/17.json"}
		],
		"values": [{"id": 11, "name": "Teamwork", "image": {"url": "teamwork/icon.png"}, "url": "/values/11.json"}],
		"comments": [],
		"text": "You've done a &lt;i&gt;wonderful&lt;/i&gt; job recently.",
		"comment_count": 0, "url": "/notes/88.json", "source": "Awesome Kudos-Posting App",
		"created": "2013-08-20T20:05:18+00:00"
	}`, string(res.body))
	raw := do(t, srv, "GET", "/kudos/88.json", "").obj(t)
	assert.Equal(t, "You've done a <i>wonderful</i> job recently.", raw["text"], "bbcode (the default) returns the text as stored")

	clock.Advance(49 * time.Second)
	res = do(t, srv, "PUT", "/kudos/88.json?formattedTextAs=html", docBody(kudosPutSample), header("X-Source", "Another App"))
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	k := res.obj(t)
	assert.Equal(t, "Congratulations on your new certification.", k["text"])
	assert.Equal(t, []any{}, k["values"], "values[][id]= clears the values")
	assert.Equal(t, "Awesome Kudos-Posting App", k["source"], "X-Source on PUT does not change the source")
	assert.Equal(t, []string{"6", "17"}, ids(t, k["recipients"].([]any)), "omitted recipients are left alone")
	assert.Equal(t, "2013-08-20T20:05:18+00:00", k["created"])

	t.Run("default source is web", func(t *testing.T) {
		k := do(t, srv, "POST", "/kudos.json", "recipients%5B%5D%5Bid%5D=2&text=Thanks", asUser("alice")).obj(t)
		assert.Equal(t, "web", k["source"])
		assert.Equal(t, "alice", k["poster"].(map[string]any)["username"], "the poster is the caller")
	})
	t.Run("only the poster or an administrator edits", func(t *testing.T) {
		do(t, srv, "PUT", "/kudos/88.json", "id=88&text=mine", asUser("abbyring")).apiError(t, http.StatusForbidden, "ACCESS_ERROR")
	})
	t.Run("validation", func(t *testing.T) {
		msgs := do(t, srv, "POST", "/kudos.json", "recipients%5B%5D%5Bid%5D=999&recipients%5B%5D%5Bid%5D=30&values%5B%5D%5Bid%5D=1&poster%5Bid%5D=2&picture=x.jpg").
			apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
		assert.Len(t, msgs, 5, "%q", msgs)
		do(t, srv, "GET", "/kudos.json?formattedTextAs=markdown", "").apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
	})
	t.Run("neither text nor recipients is enforced", func(t *testing.T) {
		assert.Equal(t, http.StatusOK, do(t, srv, "POST", "/kudos.json", "text=").status)
	})
}

func TestListAndGetKudos(t *testing.T) {
	srv := NewServer(t)
	list := do(t, srv, "GET", "/kudos.json?formattedTextAs=html", "").arr(t)
	assert.Equal(t, []string{"87", "86", "83", "82"}, ids(t, list), "newest first")
	k83 := list[2].(map[string]any)
	assert.ElementsMatch(t, []string{"id", "poster", "recipients", "picture", "text", "comment_count", "url", "source", "created"}, keys(k83))
	assert.Equal(t, map[string]any{"url": "s3--pic_commitment-bccd5b21.jpg"}, k83["picture"])
	assert.Equal(t, jsonNum("2"), k83["comment_count"])
	assert.Equal(t, "/notes/83.json", k83["url"])
	assert.NotContains(t, list[3].(map[string]any), "picture", "no picture: no field")
	assert.Equal(t, `<b>Thank you</b> for covering the release!<br />Notes are <a href="https://example.com/release">here</a>.`, list[1].(map[string]any)["text"])

	full := do(t, srv, "GET", "/kudos/83.json?formattedTextAs=html", "").obj(t)
	assert.ElementsMatch(t, []string{"id", "poster", "recipients", "values", "comments", "picture", "text", "comment_count", "url", "source", "created"}, keys(full))
	assert.Equal(t, []string{"17", "6", "16"}, ids(t, full["recipients"].([]any)))
	assert.Equal(t, []string{"10", "11"}, ids(t, full["values"].([]any)))
	c := full["comments"].([]any)[1].(map[string]any)
	assert.Equal(t, "Hopefully it stays that way :) More slack time next iteration!", c["comment"])
	assert.Equal(t, "/comments/88.json", c["url"])
	assert.Equal(t, "abbyring", c["poster"].(map[string]any)["username"])

	t.Run("at most 50, most recent", func(t *testing.T) {
		var f Fixtures
		base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 60 {
			f.Kudos = append(f.Kudos, FixtureKudos{PosterID: 1, RecipientIDs: []int{2}, Text: fmt.Sprint(i), Created: base.Add(time.Duration(i) * time.Hour)})
		}
		big := NewServer(t, WithFixtureData(f), WithClock(func() time.Time { return base }))
		list := do(t, big, "GET", "/kudos.json", "").arr(t)
		require.Len(t, list, 50)
		assert.Equal(t, "59", list[0].(map[string]any)["text"])
		assert.Equal(t, "10", list[49].(map[string]any)["text"])
	})
}

// multipartBody builds a kudos body with a picture part.
func multipartBody(t *testing.T, fields map[string]string, filename string, data []byte) (string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		require.NoError(t, w.WriteField(k, v))
	}
	if filename != "" {
		fw, err := w.CreateFormFile("picture", filename)
		require.NoError(t, err)
		fw.Write(data)
	}
	require.NoError(t, w.Close())
	return b.String(), w.FormDataContentType()
}

func TestKudosPicture(t *testing.T) {
	srv := NewServer(t)
	body, ct := multipartBody(t, map[string]string{"recipients[][id]": "6", "text": "Look!"}, "team photo.gif", demoPicture())
	res := do(t, srv, "POST", "/kudos.json", body, header("Content-Type", ct), header("X-Source", "Photo App"))
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	k := res.obj(t)
	pic := k["picture"].(map[string]any)["url"].(string)
	assert.Regexp(t, `^s3--pic_team_photo-[0-9a-f]{8}\.gif$`, pic)
	assert.Equal(t, "Photo App", k["source"])

	img := do(t, srv, "GET", "/attachments/view/"+pic, "")
	require.Equal(t, http.StatusOK, img.status)
	assert.Equal(t, demoPicture(), img.body)
	assert.Equal(t, "image/gif", img.header.Get("Content-Type"))
	assert.Equal(t, http.StatusUnauthorized, do(t, srv, "GET", "/attachments/view/"+pic, "", noAuth()).status)

	reqs := srv.Requests()
	posted := reqs[len(reqs)-3]
	assert.Equal(t, []string{"team photo.gif"}, posted.Form["picture"], "the log lists file parts by name")

	body, ct = multipartBody(t, map[string]string{"text": "Not a picture"}, "notes.txt", []byte("hello"))
	msgs := do(t, srv, "POST", "/kudos.json", body, header("Content-Type", ct)).apiError(t, http.StatusBadRequest, "VALIDATION_ERROR")
	assert.Contains(t, msgs[0], "not an image")

	body, ct = multipartBody(t, map[string]string{"id": "83"}, "new.gif", demoPicture())
	k = do(t, srv, "PUT", "/kudos/83.json", body, header("Content-Type", ct)).obj(t)
	assert.NotEqual(t, "s3--pic_commitment-bccd5b21.jpg", k["picture"].(map[string]any)["url"], "PUT replaces the picture")
}

func TestBBCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"[b]bold[/b] [i]it[/i] [u]u[/u]", "<b>bold</b> <i>it</i> <u>u</u>"},
		{"[B]upper[/B]", "<b>upper</b>"},
		{"<script>alert('x')</script> & \"q\"", "&lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;q&quot;"},
		{"[url]https://tribehr.com[/url]", `<a href="https://tribehr.com">https://tribehr.com</a>`},
		{"[url=https://tribehr.com/?a=1&b=2]site[/url]", `<a href="https://tribehr.com/?a=1&amp;b=2">site</a>`},
		{"[url=javascript:alert(1)]x[/url]", "[url=javascript:alert(1)]x"},
		{"[email]kim@example.com[/email]", `<a href="mailto:kim@example.com">kim@example.com</a>`},
		{"[email=kim@example.com]Kim[/email]", `<a href="mailto:kim@example.com">Kim</a>`},
		{"a[hr]b", "a<hr />b"},
		{"[color=red]r[/color][color=#00ff00]g[/color]", `<span style="color: red">r</span><span style="color: #00ff00">g</span>`},
		{`[color=red" onclick="x]r[/color]`, `[color=red&quot; onclick=&quot;x]r`},
		{"[size=14]big[/size]", `<span style="font-size: 14px">big</span>`},
		{"[ul][li]one[/li][li]two[/li][/ul]", "<ul><li>one</li><li>two</li></ul>"},
		{"[ol][li]one[/li][/ol]", "<ol><li>one</li></ol>"},
		{"[left]l[/left][right]r[/right][center]c[/center]", `<div style="text-align: left">l</div><div style="text-align: right">r</div><div style="text-align: center">c</div>`},
		{"[code][b]not bold[/b] <x>\n[/code]", "<pre><code>[b]not bold[/b] &lt;x&gt;\n</code></pre>"},
		{"[quote]wise[/quote]", "<blockquote>wise</blockquote>"},
		{"[b]unclosed", "[b]unclosed"},
		{"stray[/b] close", "stray[/b] close"},
		{"[img]x.png[/img]", "[img]x.png[/img]"},
		{"[b][i]nested[/i][/b]", "<b><i>nested</i></b>"},
		{"[b][i]crossed[/b][/i]", "<b>[i]crossed</b>[/i]"},
		{"line one\nline two\r\nthree", "line one<br />line two<br />three"},
		{"[ no tag", "[ no tag"},
		{"[x [b]bold[/b] [y]", "[x <b>bold</b> [y]"},
		{"[[b]b[/b]]", "[<b>b</b>]"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, bbcodeToHTML(tt.in))
		})
	}
}
