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
		"users": fullCall(func(c *Client, u *User) error { _, err := c.Users.Full(ctx, u); return err },
			func(id Field[ID]) *User { return &User{ID: id} }),
		"leave requests": fullCall(func(c *Client, l *LeaveRequest) error { _, err := c.LeaveRequests.Full(ctx, l); return err },
			func(id Field[ID]) *LeaveRequest { return &LeaveRequest{ID: id} }),
		"events": fullCall(func(c *Client, e *Event) error { _, err := c.Events.Full(ctx, e); return err },
			func(id Field[ID]) *Event { return &Event{ID: id} }),
		"kudos": fullCall(func(c *Client, k *Kudos) error { _, err := c.Kudos.Full(ctx, k, nil); return err },
			func(id Field[ID]) *Kudos { return &Kudos{ID: id} }),
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

// fullCall adapts a service's Full to the table of TestFullNeedsAnID: it
// calls full on nil, or on the object withID makes.
func fullCall[T any](full func(c *Client, partial *T) error, withID func(Field[ID]) *T) func(*Client, Field[ID], bool) error {
	return func(c *Client, id Field[ID], isNil bool) error {
		if isNil {
			return full(c, nil)
		}
		return full(c, withID(id))
	}
}
