package webhook

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseHandle(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Handle
	}{
		{"Note", Handle{Object: ObjectNote}},
		{"Note.Edit", Handle{Object: ObjectNote, Action: ActionEdit}},
		{"Note.Edit.34", Handle{Object: ObjectNote, Action: ActionEdit, ID: 34}},
		{"leaverequest.approve.7", Handle{Object: ObjectLeaveRequest, Action: ActionApprove, ID: 7}},
		{"WEBHOOK.ADD", Handle{Object: ObjectWebHook, Action: ActionAdd}},
		{"Payslip.Publish.9", Handle{Object: "Payslip", Action: "Publish", ID: 9}},
		{"User.Delete.9223372036854775807", Handle{Object: ObjectUser, Action: ActionDelete, ID: 9223372036854775807}},
	} {
		got, err := ParseHandle(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{
		"", ".", "Note.", ".Edit", "Note..34", "Note.Edit.34.1", "Note.Edit.0", "Note.Edit.-3",
		"Note.Edit.+3", "Note.Edit. 3", "Note.Edit.3x", "Note.Edit.9223372036854775808", "1Note",
		"Note.Ed it", "Nöte", "Note.Edit.34\n", "Note/Edit", "Note.Edit.034a",
	} {
		_, err := ParseHandle(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestHandleStringAndMatch(t *testing.T) {
	full := Handle{Object: ObjectNote, Action: ActionEdit, ID: 34}
	assert.Equal(t, "Note.Edit.34", full.String())
	assert.Equal(t, "Note.Edit", Handle{Object: ObjectNote, Action: ActionEdit}.String())
	assert.Equal(t, "Note", Handle{Object: ObjectNote}.String())
	assert.True(t, full.Full())
	assert.False(t, Handle{Object: ObjectNote, Action: ActionEdit}.Full())

	for pattern, want := range map[string]bool{
		"Note": true, "Note.Edit": true, "Note.Edit.34": true, "note.edit": true,
		"Note.Add": false, "Note.Edit.35": false, "NoteX": false, "Kudos": false,
	} {
		p, err := ParseHandle(pattern)
		require.NoError(t, err)
		assert.Equal(t, want, p.Match(full), pattern)
	}
}

func TestDocumentedObjectsAndActions(t *testing.T) {
	assert.Len(t, Objects(), 15)
	for _, o := range Objects() {
		assert.True(t, o.Documented(), o)
		assert.NotEmpty(t, o.Actions(), o)
		for _, a := range o.Actions() {
			assert.True(t, a.Documented(), "%s.%s", o, a)
		}
	}
	assert.Equal(t, []Action{ActionEdit}, ObjectConfig.Actions(), "Config has Edit only")
	assert.ElementsMatch(t, []Action{ActionAdd, ActionEdit, ActionDelete, ActionReview, ActionApprove, ActionReject}, ObjectLeaveRequest.Actions())
	assert.ElementsMatch(t, []Action{ActionAdd, ActionEdit, ActionDelete}, ObjectUser.Actions())
	assert.False(t, Object("Payslip").Documented())
	assert.Nil(t, Object("Payslip").Actions())
	assert.False(t, Action("Publish").Documented())

	for _, a := range []Action{ActionReview, ActionApprove, ActionReject} {
		assert.True(t, a.Companion(ObjectLeaveRequest), a)
		assert.False(t, a.Companion(ObjectUser), a)
	}
	for _, a := range []Action{ActionAdd, ActionEdit, ActionDelete} {
		assert.False(t, a.Companion(ObjectLeaveRequest), a)
	}
}

func TestQuoteCutsLongValues(t *testing.T) {
	assert.Equal(t, `"short"`, quote("short"))
	long := quote(string(make([]byte, 1000)))
	assert.Less(t, len(long), 200)
	assert.Contains(t, long, "…")
	// A cut never splits a UTF-8 sequence.
	s := quote("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa€€€")
	assert.NotContains(t, s, `\x`)
}
