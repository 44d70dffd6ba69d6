package tribehr

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFullNeedsAnID: every service's Full refuses, with a *ValidationError
// and before anything is sent, a nil object or one whose id is absent,
// null or not positive: it never fetches /users/0.json or the like.
func TestFullNeedsAnID(t *testing.T) {
	ctx := context.Background()
	fulls := map[string]func(c *Client, id Field[ID], isNil bool) error{
		"users": func(c *Client, id Field[ID], isNil bool) error {
			u := &User{ID: id}
			if isNil {
				u = nil
			}
			_, err := c.Users.Full(ctx, u)
			return err
		},
		"leave requests": func(c *Client, id Field[ID], isNil bool) error {
			l := &LeaveRequest{ID: id}
			if isNil {
				l = nil
			}
			_, err := c.LeaveRequests.Full(ctx, l)
			return err
		},
		"events": func(c *Client, id Field[ID], isNil bool) error {
			e := &Event{ID: id}
			if isNil {
				e = nil
			}
			_, err := c.Events.Full(ctx, e)
			return err
		},
		"kudos": func(c *Client, id Field[ID], isNil bool) error {
			k := &Kudos{ID: id}
			if isNil {
				k = nil
			}
			_, err := c.Kudos.Full(ctx, k, nil)
			return err
		},
	}
	cases := []struct {
		name    string
		id      Field[ID]
		isNil   bool
		field   string
		message string
	}{
		{name: "nil", isNil: true, field: "", message: "it is nil"},
		{name: "absent id", field: "id", message: "missing (<absent>)"},
		{name: "null id", id: NullField[ID](), field: "id", message: "missing (<null>)"},
		{name: "zero id", id: NewField[ID](0), field: "id", message: "must be positive, got 0"},
		{name: "negative id", id: NewField[ID](-4), field: "id", message: "must be positive, got -4"},
	}
	for service, full := range fulls {
		for _, tc := range cases {
			t.Run(service+"/"+tc.name, func(t *testing.T) {
				c, rec := countingClient(t)
				err := full(c, tc.id, tc.isNil)
				assertNotSent(t, rec, err, tc.field)
				var verr *ValidationError
				if assert.ErrorAs(t, err, &verr) && assert.Len(t, verr.Problems, 1) {
					assert.Equal(t, tc.message, verr.Problems[0].Message)
				}
			})
		}
	}
}
