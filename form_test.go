package tribehr

import (
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go/internal/form"
)

// formCase is a params struct shaped like the resources' own: the encoder
// is tested on every kind of field they use.
type formCase struct {
	Name       *string   `url:"name,omitempty"`
	Comments   *string   `url:"comments,omitempty"`
	DateStart  *Date     `url:"date_start,omitempty"`
	StartDate  *DateTime `url:"start_date,omitempty"`
	Days       *int      `url:"days,omitempty"`
	Official   *bool     `url:"is_official_holiday,int,omitempty"`
	User       *ID       `url:"user[id],omitempty"`
	LeaveType  *ID       `url:"leave_type[id],omitempty"`
	Locations  IDs       `url:"location"`
	Recipients IDs       `url:"recipients"`
	Assignment *struct {
		Phone *string `url:"phone,omitempty"`
	} `url:"assignment_record,omitempty"`
	Picture *File `url:"picture,omitempty"`
}

func encode(t *testing.T, v any) (string, url.Values) {
	t.Helper()
	b, err := encodeBody(v)
	require.NoError(t, err)
	require.Equal(t, form.URLEncoded, b.ContentType)
	parsed, err := url.ParseQuery(string(b.Data))
	require.NoError(t, err)
	return string(b.Data), parsed
}

func TestFormEncoding(t *testing.T) {
	utc := time.FixedZone("", 0)
	tests := []struct {
		name string
		in   formCase
		want url.Values
		raw  []string // substrings the raw body must hold
	}{
		{name: "nothing set sends nothing", in: formCase{}, want: url.Values{}},
		{name: "reference", in: formCase{User: Ptr(ID(20)), LeaveType: Ptr(ID(1))},
			want: url.Values{"user[id]": {"20"}, "leave_type[id]": {"1"}}, raw: []string{"user%5Bid%5D=20", "leave_type%5Bid%5D=1"}},
		{name: "reference list keeps order", in: formCase{Locations: IDs{1, 7}, Recipients: IDs{6, 17}},
			want: url.Values{"location[][id]": {"1", "7"}, "recipients[][id]": {"6", "17"}},
			raw:  []string{"location%5B%5D%5Bid%5D=1&location%5B%5D%5Bid%5D=7", "recipients%5B%5D%5Bid%5D=6&recipients%5B%5D%5Bid%5D=17"}},
		{name: "empty list clears", in: formCase{Locations: IDs{}}, want: url.Values{"location[][id]": {""}}, raw: []string{"location%5B%5D%5Bid%5D="}},
		{name: "nil list is left alone", in: formCase{Locations: nil, Name: String("x")}, want: url.Values{"name": {"x"}}},
		{name: "nested", in: formCase{Assignment: &struct {
			Phone *string `url:"phone,omitempty"`
		}{Phone: String("519-555-1234")}}, want: url.Values{"assignment_record[phone]": {"519-555-1234"}}, raw: []string{"assignment_record%5Bphone%5D=519-555-1234"}},
		{name: "booleans as 0 and 1", in: formCase{Official: Bool(true)}, want: url.Values{"is_official_holiday": {"1"}}},
		{name: "false is sent, not dropped", in: formCase{Official: Bool(false)}, want: url.Values{"is_official_holiday": {"0"}}},
		{name: "zero is sent, not dropped", in: formCase{Days: Int(0)}, want: url.Values{"days": {"0"}}},
		{name: "empty string clears", in: formCase{Comments: String("")}, want: url.Values{"comments": {""}}, raw: []string{"comments="}},
		{name: "date", in: formCase{DateStart: Ptr(NewDate(2013, time.November, 15))}, want: url.Values{"date_start": {"2013-11-15"}}},
		{name: "zero date clears", in: formCase{DateStart: &Date{}}, want: url.Values{"date_start": {""}}},
		{name: "date/time keeps its offset and its plus", in: formCase{StartDate: Ptr(NewDateTime(time.Date(2013, 8, 30, 17, 0, 0, 0, utc)))},
			want: url.Values{"start_date": {"2013-08-30T17:00:00+00:00"}}, raw: []string{"start_date=2013-08-30T17%3A00%3A00%2B00%3A00"}},
		{name: "negative offset", in: formCase{StartDate: Ptr(NewDateTime(time.Date(2013, 8, 30, 17, 0, 0, 0, time.FixedZone("", -5*3600))))},
			want: url.Values{"start_date": {"2013-08-30T17:00:00-05:00"}}},
		{name: "always-local date/time has no zone", in: formCase{StartDate: Ptr(NewLocalDateTime(2013, time.August, 30, 9, 30, 0))},
			want: url.Values{"start_date": {"2013-08-30T09:30:00"}}},
		{name: "text with every awkward character", in: formCase{Comments: String("Ünïcødé & = + # [b]bold[/b]\nnew line 100% ?a=b;c 😀")},
			want: url.Values{"comments": {"Ünïcødé & = + # [b]bold[/b]\nnew line 100% ?a=b;c 😀"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, got := encode(t, tt.in)
			assert.Equal(t, tt.want, got)
			for _, s := range tt.raw {
				assert.Contains(t, raw, s)
			}
		})
	}
}

// The documents' own request bodies, encoded from params, must parse to the
// same values.
func TestFormMatchesDocumentSamples(t *testing.T) {
	sample := "id=252&name=Updated%20Event&event_type%5Bid%5D=1&location%5B%5D%5Bid%5D=1&location%5B%5D%5Bid%5D=7"
	want, err := url.ParseQuery(sample)
	require.NoError(t, err)
	params := struct {
		Name      *string `url:"name,omitempty"`
		EventType *ID     `url:"event_type[id],omitempty"`
		Locations IDs     `url:"location"`
	}{Name: String("Updated Event"), EventType: Ptr(ID(1)), Locations: IDs{1, 7}}
	values, parts, err := form.Values(params, fileOf)
	require.NoError(t, err)
	assert.Empty(t, parts)
	values.Set("id", "252")
	assert.Equal(t, want, values)
}

func TestMultipartEncoding(t *testing.T) {
	in := formCase{Recipients: IDs{6, 17}, Comments: String("great work"),
		Picture: &File{Name: "team.png", Content: strings.NewReader("\x89PNG\r\n\x1a\n0000")}}
	b, err := encodeBody(in)
	require.NoError(t, err)
	mediaType, params, err := mime.ParseMediaType(b.ContentType)
	require.NoError(t, err)
	assert.Equal(t, form.Multipart, mediaType)

	r := multipart.NewReader(strings.NewReader(string(b.Data)), params["boundary"])
	fields := url.Values{}
	var file []byte
	var fileName, fileType string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		data, err := io.ReadAll(p)
		require.NoError(t, err)
		if p.FileName() != "" {
			file, fileName, fileType = data, p.FileName(), p.Header.Get("Content-Type")
			assert.Equal(t, "picture", p.FormName())
			continue
		}
		fields.Add(p.FormName(), string(data))
	}
	assert.Equal(t, url.Values{"recipients[][id]": {"6", "17"}, "comments": {"great work"}}, fields)
	assert.Equal(t, "team.png", fileName)
	assert.Equal(t, "image/png", fileType, "detected from the content")
	assert.Equal(t, "\x89PNG\r\n\x1a\n0000", string(file))
}

func TestFormRejectsWhatItCannotEncode(t *testing.T) {
	_, err := encodeBody(42)
	assert.Error(t, err)
	_, err = encodeBody(struct {
		Picture *File `url:",omitempty"`
	}{Picture: FileFromBytes("a", []byte("b"))})
	assert.ErrorContains(t, err, "no url tag name")
	_, err = encodeBody(struct {
		Picture *File `url:"picture"`
	}{Picture: &File{Name: "a"}})
	assert.ErrorContains(t, err, "has no content")
}

func TestFormPassesValuesThrough(t *testing.T) {
	in := url.Values{"a": {"1", "2"}}
	raw, got := encode(t, in)
	assert.Equal(t, "a=1&a=2", raw)
	assert.Equal(t, in, got)
	_, got = encode(t, nil)
	assert.Empty(t, got)
}

// A *File field is a file part and nothing else: none of its own fields
// leak into the form values, in the SDK's params or a caller's struct.
func TestFormFileFieldsAreNotValues(t *testing.T) {
	type mine struct {
		Note    string `url:"note"`
		Picture *File  `url:"picture"`
		Other   *File  `url:"other,omitempty"`
	}
	values, parts, err := form.Values(mine{Note: "hi", Picture: FileFromBytes("a.png", []byte("x"))}, fileOf)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"note": {"hi"}}, values)
	require.Len(t, parts, 1)
	assert.Equal(t, "picture", parts[0].Field)
	assert.Equal(t, "a.png", parts[0].File.Name)
}
