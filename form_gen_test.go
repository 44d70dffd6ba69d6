package tribehr

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go/internal/form"
)

// The generated form encoders write exactly what go-querystring (through
// internal/form) writes for the same parameters: every parameter type, with
// fields zero, set, set to empty, and nested.
func TestGeneratedFormsMatchGoQuerystring(t *testing.T) {
	d := NewDate(2013, 11, 15)
	dt := NewDateTime(mustDT("2013-08-30T17:00:00+00:00").Time())
	local := NewLocalDateTime(2013, 8, 30, 9, 0, 0)
	status := LeaveApproved
	params := []any{
		&LeaveRequestCreate{},
		&LeaveRequestCreate{DateStart: d, DateEnd: d.AddDays(3), Days: Int(2), Status: "pending", User: Ptr[ID](20), LeaveType: 1, Comments: String("I'm off & \"away\" +1")},
		&LeaveRequestCreate{DateStart: d, DateEnd: d, Hours: Int(4), LeaveType: 3, Comments: String("")},
		&LeaveRequestUpdate{},
		&LeaveRequestUpdate{DateStart: &d, DateEnd: &d, Days: Int(1), Hours: Int(8), Status: &status, User: Ptr[ID](2), LeaveType: Ptr[ID](1), Comments: String("")},
		&LeaveRequestListOptions{},
		&LeaveRequestListOptions{Status: LeaveFilterAll, FilterByHasPermissionToApprove: Bool(false)},
		&LeaveRequestListOptions{Status: LeaveFilterPending, FilterByHasPermissionToApprove: Bool(true)},
		&EventCreate{},
		&EventCreate{Name: "Picnic", Notes: String("<b>not html</b>"), StartDate: dt, EndDate: local, IsOfficialHoliday: Bool(true), EventType: Ptr[ID](1), Locations: IDs{1, 7}},
		&EventCreate{Name: "x", IsOfficialHoliday: Bool(false), Locations: IDs{}},
		&EventUpdate{},
		&EventUpdate{Name: String(""), Notes: String("n"), StartDate: &dt, EndDate: &local, IsOfficialHoliday: Bool(false), EventType: Ptr[ID](5), Locations: IDs{}},
		&HolidayListOptions{}, &HolidayListOptions{Year: 2013},
		&KudosCreate{},
		&KudosCreate{Recipients: IDs{6, 17}, Text: "[b]great[/b]", Values: IDs{11}, Picture: FileFromBytes("a.png", []byte("\x89PNG"))},
		&KudosUpdate{Recipients: IDs{6}, Values: IDs{}, Text: String("")},
		&UserUpdate{},
		&UserUpdate{TwitterUsername: String("@tribehr"), BlogURL: String(""), LinkedInURL: String("https://x"), AssignmentRecord: &AssignmentRecordUpdate{Phone: String("519-555-1234")}},
		&UserUpdate{AssignmentRecord: &AssignmentRecordUpdate{}},
		&meQuery{}, &meQuery{RequireAPIKey: true},
	}
	for _, p := range params {
		want, wantParts, err := form.Values(p, fileOf)
		require.NoError(t, err)
		got, gotParts, err := formValues(p)
		require.NoError(t, err)
		assert.Equal(t, want.Encode(), got.Encode(), "%T %+v", p, p)
		assert.Equal(t, len(wantParts), len(gotParts), "%T", p)
		for i := range wantParts {
			assert.Equal(t, wantParts[i].Field, gotParts[i].Field)
			assert.Equal(t, wantParts[i].File.Name, gotParts[i].File.Name)
		}
	}
	// A nil pointer writes nothing, as go-querystring writes nothing.
	got, _, err := formValues((*KudosUpdate)(nil))
	require.NoError(t, err)
	assert.Equal(t, url.Values{}, got)
}
