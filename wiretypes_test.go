package tribehr

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below on any machine
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDate(t *testing.T) {
	var d Date
	require.NoError(t, json.Unmarshal([]byte(`"2013-09-30"`), &d))
	assert.Equal(t, NewDate(2013, time.September, 30), d)
	assert.True(t, d.Valid())
	assert.Equal(t, "2013-09-30", d.String())

	// A calendar day never shifts, whatever the zone it is placed in.
	for _, zone := range []string{"Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Los_Angeles", "UTC"} {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		assert.Equal(t, d, DateOf(d.In(loc)), zone)
		assert.Equal(t, 30, d.In(loc).Day(), zone)
	}
	assert.Equal(t, NewDate(2013, time.October, 1), d.AddDays(1))
	assert.Equal(t, NewDate(2012, time.March, 1), NewDate(2012, time.February, 28).AddDays(2), "leap year")
	assert.Equal(t, time.Monday, d.Weekday())
	assert.True(t, d.Before(d.AddDays(1)))
	assert.True(t, d.After(d.AddDays(-1)))
	assert.Equal(t, 0, d.Compare(d))
	assert.False(t, NewDate(2013, time.February, 30).Valid())

	for _, bad := range []string{`"2013-9-30"`, `"2013-09-30T00:00:00"`, `"30/09/2013"`, `20130930`, `"2013-13-01"`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &d), bad)
	}
	b, err := json.Marshal(Date{})
	require.NoError(t, err)
	assert.Equal(t, `""`, string(b))
}

func TestDateTime(t *testing.T) {
	tests := []struct {
		in        string
		local     bool
		wantOut   string
		wantUTC   time.Time
		wantDay   Date
		wantHourL int
	}{
		{in: "2013-09-30T14:39:21+00:00", wantOut: "2013-09-30T14:39:21+00:00", wantUTC: time.Date(2013, 9, 30, 14, 39, 21, 0, time.UTC), wantDay: NewDate(2013, 9, 30)},
		{in: "2013-09-30T23:30:00-05:00", wantOut: "2013-09-30T23:30:00-05:00", wantUTC: time.Date(2013, 10, 1, 4, 30, 0, 0, time.UTC), wantDay: NewDate(2013, 9, 30)},
		{in: "2013-09-30T14:39:21Z", wantOut: "2013-09-30T14:39:21+00:00", wantUTC: time.Date(2013, 9, 30, 14, 39, 21, 0, time.UTC), wantDay: NewDate(2013, 9, 30)},
		{in: "2012-09-30T14:39:21", local: true, wantOut: "2012-09-30T14:39:21", wantDay: NewDate(2012, 9, 30)},
		{in: "2013-08-30T00:00:00", local: true, wantOut: "2013-08-30T00:00:00", wantDay: NewDate(2013, 8, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var d DateTime
			require.NoError(t, json.Unmarshal([]byte(`"`+tt.in+`"`), &d))
			assert.Equal(t, tt.local, d.IsLocal())
			assert.Equal(t, tt.wantOut, d.String())
			assert.Equal(t, tt.wantDay, d.Date())
			if !tt.local {
				assert.True(t, tt.wantUTC.Equal(d.Time()))
			} else {
				// Always-local: the same wall clock in every zone.
				tokyo := time.FixedZone("JST", 9*3600)
				assert.Equal(t, d.Time().Hour(), d.In(tokyo).Hour())
				assert.Equal(t, d.Time().Day(), d.In(tokyo).Day())
			}
			b, err := json.Marshal(d)
			require.NoError(t, err)
			assert.Equal(t, `"`+tt.wantOut+`"`, string(b))
		})
	}
	var d DateTime
	for _, bad := range []string{`"2013-09-30"`, `"14:39:21"`, `"2013-09-30 14:39:21"`, `1380551961`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &d), bad)
	}
	a := NewDateTime(time.Date(2013, 9, 30, 14, 0, 0, 0, time.UTC))
	b := NewDateTime(time.Date(2013, 9, 30, 16, 0, 0, 0, time.FixedZone("", 2*3600)))
	assert.True(t, a.Equal(b), "the same instant in two offsets")
	assert.False(t, a.Equal(NewLocalDateTime(2013, 9, 30, 14, 0, 0)), "zoned is never equal to local")
	assert.Equal(t, NewLocalDateTime(2013, 9, 30, 14, 0, 0), LocalDateTimeOf(time.Date(2013, 9, 30, 14, 0, 0, 0, time.FixedZone("X", 3600))))
}

func TestID(t *testing.T) {
	var ids []ID
	require.NoError(t, json.Unmarshal([]byte(`[1, "226", 7]`), &ids))
	assert.Equal(t, []ID{1, 226, 7}, ids)
	b, err := json.Marshal(ids)
	require.NoError(t, err)
	assert.Equal(t, `[1,226,7]`, string(b))
	var id ID
	for _, bad := range []string{`1.5`, `"x"`, `true`, `""`, `{}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &id), bad)
	}
}

func TestDecimal(t *testing.T) {
	var v struct {
		Rate     Decimal `json:"rate"`
		DaysUsed Decimal `json:"days_used"`
		Number   Decimal `json:"number"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"rate":"65346.30","days_used":"5.0","number":0.1}`), &v))
	assert.Equal(t, "65346.30", v.Rate.String(), "kept exactly, trailing zero included")
	assert.Equal(t, "5.0", v.DaysUsed.String())
	assert.Equal(t, "0.1", v.Number.String())
	assert.Equal(t, "653463/10", v.Rate.Rat().String())
	assert.Equal(t, 0, MustDecimal("5").Cmp(v.DaysUsed))
	assert.Equal(t, 1, v.Rate.Cmp(v.DaysUsed))
	assert.InDelta(t, 65346.30, v.Rate.Float64(), 1e-9)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"rate":"65346.30","days_used":"5.0","number":"0.1"}`, string(b))
	var d Decimal
	for _, bad := range []string{`"1e5"`, `"abc"`, `"1."`, `"."`, `""`, `true`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &d), bad)
	}
	assert.Panics(t, func() { MustDecimal("x") })
}

func TestOneOrMany(t *testing.T) {
	var l OneOrMany[Location]
	require.NoError(t, json.Unmarshal([]byte(`{"id":3,"name":"London"}`), &l))
	require.Len(t, l, 1)
	assert.Equal(t, ID(3), l[0].ID.Value())
	require.NoError(t, json.Unmarshal([]byte(`[{"id":1},{"id":7}]`), &l))
	require.Len(t, l, 2)
	assert.Equal(t, ID(7), l[1].ID.Value())
	b, err := json.Marshal(l)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"id":1},{"id":7}]`, string(b))
}

func TestFieldStates(t *testing.T) {
	type obj struct {
		A Field[string]    `json:"a,omitzero"`
		B Field[string]    `json:"b,omitzero"`
		C Field[string]    `json:"c,omitzero"`
		D Field[Date]      `json:"d,omitzero"`
		E Object[Location] `json:"e,omitzero"`
		F Field[[]ID]      `json:"f,omitzero"`
		G Field[string]    `json:"g,omitzero"`
	}
	var o obj
	require.NoError(t, json.Unmarshal([]byte(`{"a":"x","b":null,"d":"not a date","e":[],"f":[],"g":""}`), &o))

	v, ok := o.A.Get()
	assert.True(t, ok)
	assert.Equal(t, "x", v)

	assert.True(t, o.B.Null())
	assert.True(t, o.B.Present())
	_, ok = o.B.Get()
	assert.False(t, ok)

	assert.True(t, o.C.Absent())
	assert.False(t, o.C.Present())
	assert.Equal(t, "fallback", o.C.Or("fallback"))

	assert.True(t, o.D.Unparsed(), "an unknown form never fails the response")
	assert.ErrorContains(t, o.D.Err(), "cannot read")
	assert.Equal(t, `"not a date"`, string(o.D.Raw()))

	// PHP's empty object: present and empty, so that a sync clears it.
	// (Before the model-layer rebuild it read as absent.)
	e, ok := o.E.Get()
	assert.True(t, ok, "an empty array where an object belongs is an empty object")
	assert.Equal(t, Location{}, e)
	f, ok := o.F.Get()
	assert.True(t, ok, "an empty array where a list belongs is an empty list")
	assert.Empty(t, f)

	g, ok := o.G.Get()
	assert.True(t, ok, "present and empty is a value")
	assert.Equal(t, "", g)

	b, err := json.Marshal(o)
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"x","b":null,"d":"not a date","e":{},"f":[],"g":""}`, string(b), "absent stays absent; unparsed goes back raw")

	assert.Equal(t, "<absent>", o.C.String())
	assert.Equal(t, "<null>", o.B.String())
	assert.Equal(t, "x", o.A.String())
	assert.Equal(t, "x", NewField("x").Value())
	assert.True(t, NullField[int]().Null())
}

func TestExtraMembersAreKept(t *testing.T) {
	in := `{"id":3,"name":"London","url":"/locations/3.json","timezone":"Europe/London","floor":{"n":2}}`
	var l Location
	require.NoError(t, json.Unmarshal([]byte(in), &l))
	assert.Equal(t, "London", l.Name.Value())
	assert.Equal(t, Extra{"timezone": json.RawMessage(`"Europe/London"`), "floor": json.RawMessage(`{"n":2}`)}, l.Extra)
	b, err := json.Marshal(l)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(b))
}

func TestResolveURL(t *testing.T) {
	c, err := NewClient("acme")
	require.NoError(t, err)
	tests := map[string][2]string{
		"avatar with slash":       {"/users/view/7/picture", "https://acme.mytribehr.com/users/view/7/picture"},
		"attachment avatar":       {"/attachments/view/User/avatar/1", "https://acme.mytribehr.com/attachments/view/User/avatar/1"},
		"kudos picture":           {"s3--pic_commitment-bccd5b21.jpg", "https://acme.mytribehr.com/attachments/view/s3--pic_commitment-bccd5b21.jpg"},
		"absolute s3 stays":       {"https://s3.amazonaws.com/bucket/a.jpg", "https://s3.amazonaws.com/bucket/a.jpg"},
		"protocol-relative stays": {"//cdn.example.com/a.jpg", "//cdn.example.com/a.jpg"},
	}
	for name, tt := range tests {
		assert.Equal(t, tt[1], c.resolveURL(tt[0], "attachments/view/"), name)
	}
	img := NewObject(Image{URL: NewField("pic.jpg")})
	(&decoder{client: c}).resolveImage(&img, "attachments/view")
	assert.Equal(t, "https://acme.mytribehr.com/attachments/view/pic.jpg", img.Value().URL.Value())
}

// A DateTime made from time.Now() is sent in whole seconds, as the
// documents write date/times; JSON keeps what it holds.
func TestDateTimeIsSentInWholeSeconds(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 30, 15, 987654321, time.FixedZone("", -5*3600))
	v := url.Values{}
	require.NoError(t, NewDateTime(now).EncodeValues("start_date", &v))
	require.NoError(t, LocalDateTimeOf(now).EncodeValues("end_date", &v))
	assert.Equal(t, "2026-12-01T09:30:15-05:00", v.Get("start_date"))
	assert.Equal(t, "2026-12-01T09:30:15", v.Get("end_date"))
	assert.Equal(t, "2026-12-01T09:30:15.987654321-05:00", NewDateTime(now).String())
	assert.Equal(t, 16, int(unsafe.Sizeof(DateTime{})), "a DateTime is two words")
}

// %#v prints a Field or an Object as the Go expression that makes it.
func TestFieldsPrintAsGoSyntax(t *testing.T) {
	for want, v := range map[string]any{
		`tribehr.NewField[string]("x")`:                NewField("x"),
		`tribehr.NullField[string]()`:                  NullField[string](),
		`tribehr.Field[string]{}`:                      Field[string]{},
		`tribehr.NullObject[tribehr.Location]()`:       NullObject[Location](),
		`tribehr.Object[tribehr.Location]{}`:           Object[Location]{},
		`tribehr.Field[tribehr.Secret]{}`:              Field[Secret]{},
		`tribehr.NewField[tribehr.Secret]([redacted])`: NewField(NewSecret("k")),
	} {
		assert.Equal(t, want, fmt.Sprintf("%#v", v))
	}
	got := fmt.Sprintf("%#v", NewObject(Location{ID: NewField[ID](3)}))
	assert.True(t, strings.HasPrefix(got, `tribehr.NewObject[tribehr.Location](tribehr.Location{ID:tribehr.NewField[tribehr.ID](3)`), got)

	var unparsed Object[Location]
	require.NoError(t, json.Unmarshal([]byte(`"HQ"`), &unparsed))
	assert.Equal(t, `tribehr.Object[tribehr.Location]{unparsed: "\"HQ\""}`, fmt.Sprintf("%#v", unparsed))
}

// A Decimal field writes back as a number only when it arrived as one,
// through the model and through the Field alone.
func TestDecimalKeepsItsJSONKind(t *testing.T) {
	for _, in := range []string{`1.5`, `"1.5"`} {
		var f Field[Decimal]
		require.NoError(t, json.Unmarshal([]byte(in), &f))
		b, err := json.Marshal(f)
		require.NoError(t, err)
		assert.Equal(t, in, string(b))
		var lr LeaveRequest
		require.NoError(t, json.Unmarshal([]byte(`{"days":`+in+`}`), &lr))
		b, err = json.Marshal(lr)
		require.NoError(t, err)
		assert.Equal(t, `{"days":`+in+`}`, string(b))
	}
	b, err := json.Marshal(NewField(MustDecimal("2.50")))
	require.NoError(t, err)
	assert.Equal(t, `"2.50"`, string(b), "a decimal made in code writes as the API sends one")
	b, err = json.Marshal(NewField(mustDT("2013-08-30T17:00:00Z")))
	require.NoError(t, err)
	assert.Equal(t, `"2013-08-30T17:00:00+00:00"`, string(b), "a date/time writes as the models write it")
}
