package tribehr

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/h2non/gock.v1"
)

// Every service method takes call options last, and a bad one is refused
// with the call's other problems before anything is sent.
func TestCallOptionsRefusedBeforeSending(t *testing.T) {
	bad := FormattedTextAs("markdown")
	calls := []struct {
		name   string
		call   func(c *Client) error
		fields []string
	}{
		{"Users.List", func(c *Client) error { _, err := c.Users.List(context.Background(), bad); return err }, []string{"formattedTextAs"}},
		{"Users.Me", func(c *Client) error { _, err := c.Users.Me(context.Background(), bad); return err }, []string{"formattedTextAs"}},
		{"Users.Update", func(c *Client) error {
			_, err := c.Users.Update(context.Background(), 0, &UserUpdate{}, bad)
			return err
		}, []string{"id", "formattedTextAs"}},
		{"LeaveRequests.List", func(c *Client) error {
			_, err := c.LeaveRequests.List(context.Background(), &LeaveRequestListOptions{Status: "ALL"}, bad)
			return err
		}, []string{"status", "formattedTextAs"}},
		{"LeaveRequests.Approve", func(c *Client) error { _, err := c.LeaveRequests.Approve(context.Background(), 3, bad); return err }, []string{"formattedTextAs"}},
		{"LeaveRequests.Delete", func(c *Client) error { return c.LeaveRequests.Delete(context.Background(), 3, bad) }, []string{"formattedTextAs"}},
		{"Events.Upcoming", func(c *Client) error { _, err := c.Events.Upcoming(context.Background(), bad); return err }, []string{"formattedTextAs"}},
		{"Events.Holidays", func(c *Client) error {
			_, err := c.Events.Holidays(context.Background(), &HolidayListOptions{Year: 13}, bad)
			return err
		}, []string{"year", "formattedTextAs"}},
		{"Events.Create", func(c *Client) error { _, err := c.Events.Create(context.Background(), nil, bad); return err }, []string{"", "formattedTextAs"}},
		{"Kudos.Full", func(c *Client) error {
			_, err := c.Kudos.Full(context.Background(), &Kudos{ID: NewField[ID](83)}, bad)
			return err
		}, []string{"formattedTextAs"}},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := countingClient(t)
			assertNotSent(t, rec, tt.call(c), tt.fields...)
		})
	}
}

// A call option applies to the one call it is given to, whatever the
// service, and the last of two options wins.
func TestCallOptionsApplyToTheirCall(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	var first, second capture
	gock.New(acmeHost).Get("/users/7.json").AddMatcher(first.match).
		Reply(200).Body(bytes.NewReader(fixture(t, "users_get.json")))
	gock.New(acmeHost).Get("/users/7.json").AddMatcher(second.match).
		Reply(200).Body(bytes.NewReader(fixture(t, "users_get.json")))

	_, err := c.Users.Get(context.Background(), 7, FormattedTextAs(TextFormatBBCode), nil, FormattedTextAs(TextFormatHTML))
	require.NoError(t, err)
	_, err = c.Users.Get(context.Background(), 7)
	require.NoError(t, err)
	assert.Equal(t, "formattedTextAs=html", first.req.URL.RawQuery)
	assert.Empty(t, second.req.URL.RawQuery, "options do not outlive their call")
	assert.True(t, gock.IsDone())
}
