package tribehr

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/h2non/gock.v1"
)

func TestClientDelete(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		wantErr bool
	}{
		{"document sample", 200, `{ "success": { "code": "DELETED", "messages": [ "Operation successfully completed." ] } }`, false},
		{"no content", 204, ``, false},
		{"empty 200", 200, ``, false},
		{"whitespace", 200, " \n", false},
		{"other success code", 200, `{"success":{"code":"OK","messages":[]}}`, false},
		{"json without success", 200, `{}`, false},
		{"json array", 200, `[]`, false},
		{"null error member", 200, `{"error":null}`, false},
		{"error body with 200", 200, `{"error":{"code":"DELETE_ERROR","messages":["Could not delete"]}}`, true},
		{"not json", 200, `Deleted!`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t)
			var cap capture
			gock.New(acmeHost).Delete("/events/252.json").AddMatcher(cap.match).Reply(tt.status).BodyString(tt.body)
			err := c.delete(context.Background(), callConfig{}, "events/252.json")
			if tt.wantErr {
				assert.Error(t, err)
			} else {
				assert.NoError(t, err)
			}
			assert.Equal(t, http.MethodDelete, cap.req.Method)
			assert.Empty(t, cap.body, "a DELETE has no body")
			ulAssertHeaders(t, cap.req)
			assert.True(t, gock.IsDone())
		})
	}
}

func TestClientDeleteErrorBodyWith200(t *testing.T) {
	defer gock.Off()
	c := gockClient(t)
	gock.New(acmeHost).Delete("/kudos/88.json").Reply(200).
		BodyString(`{"error":{"code":"DELETE_ERROR","messages":["Could not delete"]}}`)
	err := c.delete(context.Background(), callConfig{}, "kudos/88.json")
	assert.ErrorIs(t, err, CodeDelete)
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, []string{"Could not delete"}, apiErr.Messages)
	assert.Equal(t, "/kudos/88.json", apiErr.Path)
}

func TestClientDeleteFailures(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		code     ErrorCode
		sentinel error
	}{
		{"not found", 404, `{"error":{"code":"NOT_FOUND","messages":["Invalid Leave Request"]}}`, CodeNotFound, ErrNotFound},
		{"access", 403, `{"error":{"code":"ACCESS_ERROR","messages":[]}}`, CodeAccess, ErrForbidden},
		{"delete error", 500, `{"error":{"code":"DELETE_ERROR","messages":["Could not delete"]}}`, CodeDelete, ErrInternalServer},
		{"unknown url", 404, ``, "", ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer gock.Off()
			c := gockClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
			gock.New(acmeHost).Delete("/leave_requests/3.json").Reply(tt.status).BodyString(tt.body)
			err := c.delete(context.Background(), callConfig{}, "leave_requests/3.json")
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.sentinel)
			if tt.code != "" {
				assert.ErrorIs(t, err, tt.code)
			}
			assert.True(t, gock.IsDone())
		})
	}
}
