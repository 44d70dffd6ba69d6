package tribehr

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/h2non/gock.v1"
)

// ekWantUser is the partial user the kudos samples embed.
type ekWantUser struct {
	id                      ID
	username, email, name   string
	first, last, recordPath string
}

// ekAssertUser checks every field of an embedded partial user.
func ekAssertUser(t *testing.T, want ekWantUser, got User) {
	t.Helper()
	assert.Equal(t, NewField(want.id), got.ID)
	assert.Equal(t, NewField(want.username), got.Username)
	assert.Equal(t, NewField(want.email), got.Email)
	assert.Equal(t, NewField(want.name), got.DisplayName)
	rec, ok := got.EmployeeRecord.Get()
	require.True(t, ok, "employee_record")
	assert.Equal(t, NewField(want.first), rec.FirstName)
	assert.Equal(t, NewField(want.last), rec.LastName)
	assert.Equal(t, NewField(want.recordPath), rec.URL)
	assert.Equal(t, NewField("/users/"+want.id.String()+".json"), got.URL)
	// A partial user: what the full user has beyond is absent.
	assert.True(t, got.Avatar.Absent())
	assert.True(t, got.AssignmentRecord.Absent())
	assert.Empty(t, got.Extra)
}

func ekAssertUsers(t *testing.T, want []ekWantUser, got Field[[]User]) {
	t.Helper()
	users, ok := got.Get()
	require.True(t, ok)
	require.Len(t, users, len(want))
	for i := range want {
		ekAssertUser(t, want[i], users[i])
	}
}

var (
	ekAdmin      = ekWantUser{1, "admin", "admin@example.com", "Tribe Admin", "Tribe", "Admin", "/employee_records/58.json"}
	ekAdminDev   = ekWantUser{1, "admin", "devnull+admin@tribehr.com", "Tribe Admin", "Tribe", "Admin", "/employee_records/58.json"}
	ekWilly      = ekWantUser{17, "willytrainer", "willytrainer@example.com", "Willy Trainer", "Willy", "Trainer", "/employee_records/55.json"}
	ekAbby       = ekWantUser{6, "abbyring", "abbyring@example.com", "Abby Ring", "Abby", "Ring", "/employee_records/46.json"}
	ekSalvatore  = ekWantUser{16, "salvatoredelnero", "salvatoredelnero@example.com", "Salvatore Delnero", "Salvatore", "Delnero", "/employee_records/23.json"}
	ekSalley     = ekWantUser{20, "salleyfitzgibbon", "salleyfitzgibbon@example.com", "Salley Fitzgibbon", "Salley", "Fitzgibbon", "/employee_records/51.json"}
	ekEmma       = ekWantUser{2, "emma", "emma@tribehr.com", "Emma Manager", "Emma", "Manager", "/employee_records/45.json"}
	ekDev        = func(u ekWantUser) ekWantUser { u.email = "devnull+" + u.username + "@tribehr.com"; return u }
	ekPictureRel = "s3--pic_commitment-bccd5b21.jpg"
)

func ekValue(id ID, name, icon string) Value {
	return Value{ID: NewField(id), Name: NewField(name), Image: NewObject(Image{URL: NewField(icon)}), URL: NewField("/values/" + id.String() + ".json")}
}

func TestDecodeKudosList(t *testing.T) {
	got := decodeFixture[[]Kudos](t, "kudos_list.json")
	require.Len(t, got, 2)

	k := got[0]
	assert.Equal(t, NewField[ID](83), k.ID)
	ekAssertUser(t, ekAdmin, k.Poster.Value())
	ekAssertUsers(t, []ekWantUser{ekWilly, ekAbby, ekSalvatore}, k.Recipients)
	// Decoded as sent; the service resolves it (see TestKudosList).
	assert.Equal(t, NewObject(Image{URL: NewField(ekPictureRel)}), k.Picture)
	assert.Equal(t, NewField("<p>Great job pulling together to meet our iteration commitments!</p>"), k.Text)
	assert.Equal(t, NewField(2), k.CommentCount)
	assert.Equal(t, NewField("/notes/83.json"), k.URL, "kudos urls name /notes/, kept as sent")
	assert.Equal(t, NewField("web"), k.Source)
	assert.Equal(t, dtField(t, "2013-08-20T18:42:31+00:00"), k.Created)
	// Partial: no values, no comments (absent, not empty), though it has two.
	assert.True(t, k.Values.Absent())
	assert.True(t, k.Comments.Absent())
	assert.Empty(t, k.Extra)

	k = got[1]
	assert.Equal(t, NewField[ID](82), k.ID)
	ekAssertUser(t, ekAdmin, k.Poster.Value())
	ekAssertUsers(t, []ekWantUser{ekSalley}, k.Recipients)
	assert.True(t, k.Picture.Absent(), "no picture: absent")
	assert.Equal(t, NewField("<p>You did a great job on that presentation yesterday!</p>"), k.Text)
	assert.Equal(t, NewField(0), k.CommentCount)
	assert.Equal(t, NewField("/notes/82.json"), k.URL)
	assert.Equal(t, NewField("web"), k.Source)
	assert.Equal(t, dtField(t, "2013-08-17T18:42:39+00:00"), k.Created)
	assert.True(t, k.Values.Absent())
	assert.True(t, k.Comments.Absent())

	ekAssertRoundTrip(t, "kudos_list.json", got)
}

func TestDecodeKudosGet(t *testing.T) {
	k := decodeFixture[Kudos](t, "kudos_get.json")
	assert.Equal(t, NewField[ID](83), k.ID)
	ekAssertUser(t, ekAdminDev, k.Poster.Value())
	ekAssertUsers(t, []ekWantUser{ekDev(ekWilly), ekDev(ekAbby), ekDev(ekSalvatore)}, k.Recipients)
	assert.Equal(t, NewField([]Value{ekValue(10, "Respect", "respect/icon.png"), ekValue(11, "Teamwork", "teamwork/icon.png")}), k.Values)

	comments, ok := k.Comments.Get()
	require.True(t, ok)
	require.Len(t, comments, 2)
	wantComments := []struct {
		id       ID
		text     string
		at       string
		poster   ekWantUser
		commentP string
	}{
		{87, "You guys are great - no one even had to come in on the weekend!", "2013-08-20T18:46:53+00:00", ekEmma, "/comments/87.json"},
		{88, "Hopefully it stays that way :) More slack time next iteration!", "2013-08-20T18:47:31+00:00", ekDev(ekAbby), "/comments/88.json"},
	}
	for i, w := range wantComments {
		c := comments[i]
		assert.Equal(t, NewField(w.id), c.ID)
		assert.Equal(t, NewField(w.text), c.Comment)
		assert.Equal(t, NewField("web"), c.Source)
		assert.Equal(t, dtField(t, w.at), c.Created)
		assert.Equal(t, dtField(t, w.at), c.Modified)
		assert.Equal(t, NewField(w.commentP), c.URL)
		ekAssertUser(t, w.poster, c.Poster.Value())
		assert.Empty(t, c.Extra)
	}

	assert.Equal(t, NewObject(Image{URL: NewField(ekPictureRel)}), k.Picture)
	assert.Equal(t, NewField("<p>Great job pulling together to meet our iteration commitments!</p>"), k.Text)
	assert.Equal(t, NewField(2), k.CommentCount)
	assert.Equal(t, NewField("/notes/83.json"), k.URL)
	assert.Equal(t, NewField("web"), k.Source)
	assert.Equal(t, dtField(t, "2013-08-20T18:42:43+00:00"), k.Created)
	assert.Empty(t, k.Extra)
	ekAssertRoundTrip(t, "kudos_get.json", k)
}

func TestDecodeKudosCreateAndUpdate(t *testing.T) {
	recipients := []ekWantUser{ekDev(ekAbby), ekDev(ekWilly)}

	k := decodeFixture[Kudos](t, "kudos_create.json")
	assert.Equal(t, NewField[ID](88), k.ID)
	ekAssertUser(t, ekAdminDev, k.Poster.Value())
	ekAssertUsers(t, recipients, k.Recipients)
	assert.Equal(t, NewField([]Value{ekValue(11, "Teamwork", "teamwork/icon.png")}), k.Values)
	assert.True(t, k.Comments.Absent(), "the sample has no comments member")
	assert.True(t, k.Picture.Absent())
	// The document's own sample sends HTML in text; it comes back as sent.
	assert.Equal(t, NewField("You've done a <i>wonderful</i> job recently."), k.Text)
	assert.Equal(t, NewField(0), k.CommentCount)
	assert.Equal(t, NewField("/notes/88.json"), k.URL)
	assert.Equal(t, NewField("Awesome Kudos-Posting App"), k.Source, "the X-Source of the creating request")
	assert.Equal(t, dtField(t, "2013-08-20T20:05:18+00:00"), k.Created)
	ekAssertRoundTrip(t, "kudos_create.json", k)

	k = decodeFixture[Kudos](t, "kudos_update.json")
	assert.Equal(t, NewField[ID](88), k.ID)
	ekAssertUser(t, ekAdminDev, k.Poster.Value())
	ekAssertUsers(t, recipients, k.Recipients)
	// The values were cleared, and the sample leaves the member out (rather
	// than sending []): absent.
	assert.True(t, k.Values.Absent())
	assert.True(t, k.Comments.Absent())
	assert.True(t, k.Picture.Absent())
	assert.Equal(t, NewField("Congratulations on your new certification."), k.Text)
	assert.Equal(t, NewField(0), k.CommentCount)
	assert.Equal(t, NewField("/notes/88.json"), k.URL)
	assert.Equal(t, NewField("Awesome Kudos-Posting App"), k.Source, "a PUT does not change the source")
	// The sample's created differs from the create sample's (20:05:18):
	// the SDK reports what the server sent.
	assert.Equal(t, dtField(t, "2013-08-20T20:06:07+00:00"), k.Created)
	ekAssertRoundTrip(t, "kudos_update.json", k)
}

func TestDecodeKudosNullsAndExtra(t *testing.T) {
	var k Kudos
	require.NoError(t, json.Unmarshal([]byte(`{"id":"5","text":"","values":[],"picture":null,"comment_count":"x","likes":3}`), &k))
	assert.Equal(t, ID(5), k.ID.Value())
	txt, ok := k.Text.Get()
	assert.True(t, ok, "empty text is a value")
	assert.Empty(t, txt)
	vals, ok := k.Values.Get()
	assert.True(t, ok)
	assert.Empty(t, vals)
	assert.True(t, k.Picture.Null())
	assert.True(t, k.CommentCount.Unparsed())
	assert.True(t, k.Poster.Absent())
	assert.Equal(t, Extra{"likes": json.RawMessage(`3`)}, k.Extra)
}

func TestKudosList(t *testing.T) {
	tests := []struct {
		name      string
		opts      []CallOption
		wantQuery string
	}{
		{"defaults", nil, ""},
		{"zero options", []CallOption{FormattedTextAs("")}, ""},
		{"html", []CallOption{FormattedTextAs(TextFormatHTML)}, "formattedTextAs=html"},
		{"bbcode", []CallOption{FormattedTextAs(TextFormatBBCode)}, "formattedTextAs=bbcode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			var cap capture
			gock.New(acmeHost).Get("/kudos.json").AddMatcher(cap.match).
				Reply(200).Body(bytes.NewReader(fixture(t, "kudos_list.json")))
			list, err := c.Kudos.List(context.Background(), tt.opts...)
			require.NoError(t, err)
			require.Len(t, list, 2)
			assert.Equal(t, tt.wantQuery, cap.req.URL.RawQuery)
			assert.Equal(t, acmeHost+"/attachments/view/"+ekPictureRel, list[0].Picture.Value().URL.Value(), "resolved under /attachments/view/")
			assert.True(t, list[1].Picture.Absent())
			assert.Equal(t, "/notes/83.json", list[0].URL.Value(), "the object's own url stays as sent")
			assert.Equal(t, "/users/1.json", list[0].Poster.Value().URL.Value())
			assert.True(t, gock.IsDone())
		})
	}
}

func TestKudosGet(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	gock.New(acmeHost).Get("/kudos/83.json").MatchParam("formattedTextAs", "^html$").
		Reply(200).Body(bytes.NewReader(fixture(t, "kudos_get.json")))
	k, err := c.Kudos.Get(context.Background(), 83, FormattedTextAs(TextFormatHTML))
	require.NoError(t, err)
	assert.Equal(t, acmeHost+"/attachments/view/"+ekPictureRel, k.Picture.Value().URL.Value())
	values := k.Values.Value()
	require.Len(t, values, 2)
	assert.Equal(t, acmeHost+"/attachments/view/respect/icon.png", values[0].Image.Value().URL.Value())
	assert.Equal(t, acmeHost+"/attachments/view/teamwork/icon.png", values[1].Image.Value().URL.Value())
	assert.Equal(t, "/values/10.json", values[0].URL.Value())
	assert.Len(t, k.Comments.Value(), 2)
	assert.True(t, gock.IsDone())
}

func TestKudosImageResolution(t *testing.T) {
	tests := []struct {
		name string
		ref  string
		want string
	}{
		{"relative to attachments/view", "s3--pic.jpg", "https://acme.mytribehr.com/attachments/view/s3--pic.jpg"},
		{"leading slash: account root", "/attachments/view/Note/picture/88", "https://acme.mytribehr.com/attachments/view/Note/picture/88"},
		{"absolute S3 stays", "https://s3.amazonaws.com/tribehr/pic.jpg?sig=1", "https://s3.amazonaws.com/tribehr/pic.jpg?sig=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			body := map[string]any{
				"id":      5,
				"picture": map[string]any{"url": tt.ref},
				"values":  []any{map[string]any{"id": 1, "image": map[string]any{"url": tt.ref}}},
				"poster":  map[string]any{"id": 2, "avatar": map[string]any{"url": "/users/view/2/picture"}},
				"comments": []any{map[string]any{"id": 3, "poster": map[string]any{"id": 4,
					"avatar": map[string]any{"url": "https://s3.amazonaws.com/a/4.png"}}}},
				"recipients": []any{map[string]any{"id": 6, "avatar": map[string]any{"url": "/attachments/view/User/avatar/6"}}},
			}
			gock.New(acmeHost).Get("/kudos/5.json").Reply(200).JSON(body)
			k, err := c.Kudos.Get(context.Background(), 5)
			require.NoError(t, err)
			assert.Equal(t, tt.want, k.Picture.Value().URL.Value())
			assert.Equal(t, tt.want, k.Values.Value()[0].Image.Value().URL.Value())
			assert.Equal(t, acmeHost+"/users/view/2/picture", k.Poster.Value().Avatar.Value().URL.Value())
			assert.Equal(t, acmeHost+"/attachments/view/User/avatar/6", k.Recipients.Value()[0].Avatar.Value().URL.Value())
			assert.Equal(t, "https://s3.amazonaws.com/a/4.png", k.Comments.Value()[0].Poster.Value().Avatar.Value().URL.Value())
		})
	}
}

func TestKudosFull(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	gock.New(acmeHost).Get("/kudos/83.json").MatchParam("formattedTextAs", "^bbcode$").
		Reply(200).Body(bytes.NewReader(fixture(t, "kudos_get.json")))
	partial := decodeFixture[[]Kudos](t, "kudos_list.json")[0]
	full, err := c.Kudos.Full(context.Background(), &partial, FormattedTextAs(TextFormatBBCode))
	require.NoError(t, err)
	assert.True(t, full.Values.Present())
	assert.True(t, partial.Values.Absent(), "the partial kudos is not changed")
	assert.True(t, gock.IsDone())

}

// The document's POST /kudos.json sample body, with its wrapping removed.
const kudosCreateSample = `recipients[][id]=6& recipients[][id]=17&
text=You%27ve%20done%20a%20%3Ci%3Ewonderful%3C%2Fi%3E%20job%20recently.& values[][id]=11`

func sampleKudosCreate() *KudosCreate {
	return &KudosCreate{
		Recipients: IDs{6, 17},
		Text:       "You've done a <i>wonderful</i> job recently.",
		Values:     IDs{11},
	}
}

func TestKudosCreate(t *testing.T) {
	defer gock.Off()
	c := gockClient(t, WithSource("Awesome Kudos-Posting App"))
	var cap capture
	gock.New(acmeHost).Post("/kudos.json").
		MatchParam("formattedTextAs", "^html$").
		MatchHeader("X-Source", "^Awesome Kudos-Posting App$").
		MatchType("url").
		AddMatcher(cap.match).
		Reply(200).Body(bytes.NewReader(fixture(t, "kudos_create.json")))

	k, err := c.Kudos.Create(context.Background(), sampleKudosCreate(), FormattedTextAs(TextFormatHTML))
	require.NoError(t, err)
	assert.Equal(t, ID(88), k.ID.Value())
	assert.Equal(t, "Awesome Kudos-Posting App", k.Source.Value())
	assert.Equal(t, acmeHost+"/attachments/view/teamwork/icon.png", k.Values.Value()[0].Image.Value().URL.Value())
	assert.True(t, gock.IsDone())

	got, _, _ := cap.formParts(t)
	want := sample(t, kudosCreateSample)
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"6", "17"}, got["recipients[][id]"], "recipients in the caller's order")
}

func TestKudosCreateTextIntact(t *testing.T) {
	texts := []string{
		"Ünïcødé ☃ 日本語 😀",
		"a & b = c + d # e % f",
		"[b]bold[/b] [url=https://example.com/?a=1&b=2]link[/url] [color=#ff0000]red[/color]",
		"line one\nline two\r\nline three\ttab",
		"brackets [] {} () <> and quotes ' \" `",
	}
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			var cap capture
			gock.New(acmeHost).Post("/kudos.json").AddMatcher(cap.match).Reply(200).JSON(map[string]any{"id": 1})
			_, err := c.Kudos.Create(context.Background(), &KudosCreate{Recipients: IDs{6}, Text: text})
			require.NoError(t, err)
			got, _, _ := cap.formParts(t)
			assert.Equal(t, url.Values{"recipients[][id]": {"6"}, "text": {text}}, got)
			assert.Empty(t, cap.req.URL.RawQuery)
		})
	}
}

func TestKudosCreatePicture(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR fake image bytes")
	tests := []struct {
		name     string
		picture  *File
		text     string
		wantName string
		wantType string
	}{
		{"from bytes, with text", FileFromBytes("team.png", png), "Go team & co", "team.png", "image/png"},
		{"from a reader, picture only", &File{Name: "ünï \"q\".jpg", ContentType: "image/jpeg", Content: strings.NewReader(string(png))}, "", `ünï \"q\".jpg`, "image/jpeg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			var cap capture
			gock.New(acmeHost).Post("/kudos.json").
				MatchHeader("Content-Type", "^multipart/form-data; boundary=").
				AddMatcher(cap.match).
				Reply(200).Body(bytes.NewReader(fixture(t, "kudos_create.json")))
			_, err := c.Kudos.Create(context.Background(), &KudosCreate{Recipients: IDs{6, 17}, Text: tt.text, Values: IDs{11}, Picture: tt.picture})
			require.NoError(t, err)
			assert.True(t, gock.IsDone())

			values, parts, files := cap.formParts(t)
			want := url.Values{"recipients[][id]": {"6", "17"}, "values[][id]": {"11"}}
			if tt.text != "" {
				want.Set("text", tt.text)
			}
			assert.Equal(t, want, values)
			require.Contains(t, parts, "picture")
			assert.Equal(t, png, files["picture"])
			assert.Equal(t, tt.wantType, parts["picture"].Header.Get("Content-Type"))
			assert.Contains(t, parts["picture"].Header.Get("Content-Disposition"), `filename="`+tt.wantName+`"`)
		})
	}
}

func TestKudosCreateValidation(t *testing.T) {
	tests := []struct {
		name   string
		params *KudosCreate
		opts   []CallOption
		fields []string
	}{
		{"nil", nil, nil, []string{""}},
		{"empty", &KudosCreate{}, nil, []string{"recipients[][id]", "text"}},
		{"blank text, no picture", &KudosCreate{Recipients: IDs{6}, Text: " \n\t"}, nil, []string{"text"}},
		{"bad ids", &KudosCreate{Recipients: IDs{6, 0}, Text: "hi", Values: IDs{-1}}, nil, []string{"recipients[][id]", "values[][id]"}},
		{"picture without content", &KudosCreate{Recipients: IDs{6}, Picture: &File{Name: "x.png"}}, nil, []string{"picture"}},
		{"unknown text format, with the rest", &KudosCreate{}, []CallOption{FormattedTextAs("markdown")}, []string{"recipients[][id]", "text", "formattedTextAs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := countingClient(t)
			_, err := c.Kudos.Create(context.Background(), tt.params, tt.opts...)
			assertNotSent(t, rec, err, tt.fields...)
		})
	}
	// A picture alone is enough.
	assert.NoError(t, checked((&KudosCreate{Recipients: IDs{6}, Picture: FileFromBytes("a.png", []byte("x"))}).check))
}

func TestKudosUpdate(t *testing.T) {
	tests := []struct {
		name   string
		id     ID
		params *KudosUpdate
		sample string
	}{
		{
			name:   "the document's PUT /kudos/{id}.json sample: new text, values cleared",
			id:     88,
			params: &KudosUpdate{Text: String("Congratulations on your new certification."), Values: IDs{}},
			sample: `text=Congratulations%20on%20your%20new%20certification.& values%5B%5D%5Bid%5D=& id=88`,
		},
		{
			name:   "replace recipients and values",
			id:     88,
			params: &KudosUpdate{Recipients: IDs{17, 6}, Values: IDs{10, 11}},
			sample: `recipients%5B%5D%5Bid%5D=17&recipients%5B%5D%5Bid%5D=6&values%5B%5D%5Bid%5D=10&values%5B%5D%5Bid%5D=11&id=88`,
		},
		{
			name:   "nothing to change: only the id",
			id:     88,
			params: &KudosUpdate{},
			sample: `id=88`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			// The client's X-Source is sent, and the server keeps the
			// kudos' original source.
			c := gockClient(t, WithSource("Another App"))
			var cap capture
			gock.New(acmeHost).Put("/kudos/"+tt.id.String()+".json").
				MatchParam("formattedTextAs", "^html$").
				MatchType("url").AddMatcher(cap.match).
				Reply(200).Body(bytes.NewReader(fixture(t, "kudos_update.json")))
			k, err := c.Kudos.Update(context.Background(), tt.id, tt.params, FormattedTextAs(TextFormatHTML))
			require.NoError(t, err)
			assert.Equal(t, "Awesome Kudos-Posting App", k.Source.Value())
			got, _, _ := cap.formParts(t)
			assert.Equal(t, sample(t, tt.sample), got)
			assert.Equal(t, tt.id.String(), got.Get("id"), "the body carries the URL's id")
			assert.True(t, gock.IsDone())
		})
	}
}

func TestKudosUpdatePicture(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	var cap capture
	gock.New(acmeHost).Put("/kudos/88.json").
		MatchHeader("Content-Type", "^multipart/form-data; boundary=").
		AddMatcher(cap.match).
		Reply(200).Body(bytes.NewReader(fixture(t, "kudos_update.json")))
	_, err := c.Kudos.Update(context.Background(), 88, &KudosUpdate{Picture: FileFromBytes("new.gif", []byte("GIF89a..."))})
	require.NoError(t, err)
	values, parts, files := cap.formParts(t)
	assert.Equal(t, url.Values{"id": {"88"}}, values, "a multipart PUT carries the id too")
	assert.Equal(t, []byte("GIF89a..."), files["picture"])
	assert.Equal(t, "image/gif", parts["picture"].Header.Get("Content-Type"))
	assert.True(t, gock.IsDone())
}

func TestKudosUpdateValidation(t *testing.T) {
	tests := []struct {
		name   string
		id     ID
		params *KudosUpdate
		opts   []CallOption
		fields []string
	}{
		{"zero id", 0, &KudosUpdate{}, nil, []string{"id"}},
		{"nil params", 88, nil, nil, []string{""}},
		{"clearing recipients", 88, &KudosUpdate{Recipients: IDs{}}, nil, []string{"recipients[][id]"}},
		{"bad ids", -88, &KudosUpdate{Recipients: IDs{0}, Values: IDs{-11}}, []CallOption{FormattedTextAs("HTML")}, []string{"id", "recipients[][id]", "values[][id]", "formattedTextAs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := countingClient(t)
			_, err := c.Kudos.Update(context.Background(), tt.id, tt.params, tt.opts...)
			assertNotSent(t, rec, err, tt.fields...)
		})
	}
	// An empty text is allowed on an update (a kudos with a picture).
	assert.NoError(t, checked(func(p *problems) { (&KudosUpdate{Text: String("")}).check(p, 88) }))
}

func TestKudosIDAndOptionsValidation(t *testing.T) {
	c, rec := countingClient(t)
	ctx := context.Background()
	_, err := c.Kudos.Get(ctx, 0)
	assertNotSent(t, rec, err, "id")
	_, err = c.Kudos.Get(ctx, 0, FormattedTextAs("text"))
	assertNotSent(t, rec, err, "id", "formattedTextAs")
	_, err = c.Kudos.List(ctx, FormattedTextAs("xml"))
	assertNotSent(t, rec, err, "formattedTextAs")
	_, err = c.Kudos.Full(ctx, &Kudos{ID: NewField[ID](-1)})
	assertNotSent(t, rec, err, "id")
	err = c.Kudos.Delete(ctx, 0)
	assertNotSent(t, rec, err, "id")
}

func TestKudosDelete(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	var cap capture
	gock.New(acmeHost).Delete("/kudos/88.json").AddMatcher(cap.match).
		Reply(200).Body(bytes.NewReader(fixture(t, "events_delete.json")))
	require.NoError(t, c.Kudos.Delete(context.Background(), 88))
	assert.Empty(t, cap.body)
	assert.Empty(t, cap.req.URL.RawQuery)
	assert.True(t, gock.IsDone())
}

// TestKudosErrors runs every call of the service against the typical errors
// of the API.
func TestKudosErrors(t *testing.T) {
	html := FormattedTextAs(TextFormatHTML)
	calls := []struct {
		name   string
		method string
		path   string
		call   func(c *Client) error
	}{
		{"List", http.MethodGet, "/kudos.json", func(c *Client) error {
			_, err := c.Kudos.List(context.Background(), html)
			return err
		}},
		{"Get", http.MethodGet, "/kudos/9.json", func(c *Client) error {
			_, err := c.Kudos.Get(context.Background(), 9, html)
			return err
		}},
		{"Full", http.MethodGet, "/kudos/9.json", func(c *Client) error {
			_, err := c.Kudos.Full(context.Background(), &Kudos{ID: NewField[ID](9)})
			return err
		}},
		{"Create", http.MethodPost, "/kudos.json", func(c *Client) error {
			_, err := c.Kudos.Create(context.Background(), sampleKudosCreate(), html)
			return err
		}},
		{"Update", http.MethodPut, "/kudos/9.json", func(c *Client) error {
			_, err := c.Kudos.Update(context.Background(), 9, &KudosUpdate{Text: String("x")}, html)
			return err
		}},
		{"Delete", http.MethodDelete, "/kudos/9.json", func(c *Client) error {
			return c.Kudos.Delete(context.Background(), 9)
		}},
	}
	for _, call := range calls {
		for _, tc := range ekErrorCases {
			t.Run(call.name+"/"+tc.name, func(t *testing.T) {
				defer gock.Off()
				c := gockClient(t)
				gock.New(acmeHost).Path(call.path).
					AddMatcher(func(r *http.Request, _ *gock.Request) (bool, error) { return r.Method == call.method, nil }).
					Reply(tc.status).JSON(tc.body())
				tc.check(t, call.call(c), call.method, call.path)
				assert.True(t, gock.IsDone())
			})
		}
	}
}
