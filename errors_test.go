package tribehr

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorTable(t *testing.T) {
	tribe := func(code string, msgs ...string) string {
		q := make([]string, len(msgs))
		for i, m := range msgs {
			q[i] = `"` + m + `"`
		}
		return `{"error":{"code":"` + code + `","messages":[` + strings.Join(q, ",") + `]}}`
	}
	tests := []struct {
		name      string
		status    int
		body      string
		code      ErrorCode
		messages  []string
		fields    []FieldError
		snippet   string
		sentinels []error
	}{
		{name: "401 without body", status: 401, sentinels: []error{ErrUnauthorized}},
		{name: "404 unknown url without body", status: 404, sentinels: []error{ErrNotFound}},
		{name: "INVALID_ID", status: 404, body: tribe("INVALID_ID", "No id given"), code: CodeInvalidID, messages: []string{"No id given"}, sentinels: []error{ErrNotFound, CodeInvalidID}},
		{name: "NOT_FOUND", status: 404, body: tribe("NOT_FOUND", "Invalid Event"), code: CodeNotFound, messages: []string{"Invalid Event"}, sentinels: []error{ErrNotFound, CodeNotFound}},
		{name: "ID_MISMATCH", status: 400, body: tribe("ID_MISMATCH", "ID mismatch"), code: CodeIDMismatch, messages: []string{"ID mismatch"}, sentinels: []error{ErrBadRequest, CodeIDMismatch}},
		{name: "VALIDATION_ERROR", status: 400, body: tribe("VALIDATION_ERROR", "Name is too short", "End date must be after start date"), code: CodeValidation,
			messages: []string{"Name is too short", "End date must be after start date"}, sentinels: []error{ErrBadRequest, CodeValidation}},
		{name: "SAVE_ERROR", status: 500, body: tribe("SAVE_ERROR"), code: CodeSave, sentinels: []error{ErrInternalServer, CodeSave}},
		{name: "DELETE_ERROR", status: 500, body: tribe("DELETE_ERROR", "in use"), code: CodeDelete, messages: []string{"in use"}, sentinels: []error{CodeDelete}},
		{name: "RIGHTS_ERROR", status: 403, body: tribe("RIGHTS_ERROR", "Upgrade"), code: CodeRights, messages: []string{"Upgrade"}, sentinels: []error{ErrForbidden, CodeRights}},
		{name: "ACCESS_ERROR", status: 403, body: tribe("ACCESS_ERROR", "Permission denied"), code: CodeAccess, messages: []string{"Permission denied"}, sentinels: []error{ErrForbidden, CodeAccess}},
		{name: "CONNECTION_ERROR", status: 500, body: tribe("CONNECTION_ERROR"), code: CodeConnection, sentinels: []error{ErrInternalServer, CodeConnection}},
		{name: "UNKNOWN_SUBDOMAIN", status: 404, body: tribe("UNKNOWN_SUBDOMAIN"), code: CodeUnknownSubdomain, sentinels: []error{ErrNotFound, CodeUnknownSubdomain}},
		{name: "MAINTENANCE", status: 503, body: tribe("MAINTENANCE", "Back soon"), code: CodeMaintenance, messages: []string{"Back soon"}, sentinels: []error{ErrServiceUnavailable, CodeMaintenance}},
		{name: "ERROR", status: 418, body: tribe("ERROR"), code: CodeUnknown, sentinels: []error{ErrTeapot, CodeUnknown}},
		{name: "402", status: 402, body: tribe("ERROR", "failed"), code: CodeUnknown, messages: []string{"failed"}, sentinels: []error{ErrRequestFailed}},
		{name: "405", status: 405, sentinels: []error{ErrMethodNotAllowed}},
		{name: "409", status: 409, body: `{"message":"idempotency key reused"}`, messages: []string{"idempotency key reused"}, sentinels: []error{ErrConflict}},
		{name: "422 shape", status: 422, body: `{"error":"validation_failed","message":"Name is required","details":{"field":"name","code":"required"}}`,
			code: "validation_failed", messages: []string{"Name is required"}, fields: []FieldError{{Field: "name", Message: "required"}}, sentinels: []error{ErrUnprocessable}},
		{name: "400 ModelState shape", status: 400, body: `{"Message":"The request is invalid.","ModelState":{"command.EmployeeId":["The field EmployeeId is a required field."],"command.ExpensePaycodeId":["The field ExpensePaycodeId is a required field."]}}`,
			messages: []string{"The request is invalid."}, fields: []FieldError{
				{Field: "command.EmployeeId", Message: "The field EmployeeId is a required field."},
				{Field: "command.ExpensePaycodeId", Message: "The field ExpensePaycodeId is a required field."}}, sentinels: []error{ErrBadRequest}},
		{name: "429", status: 429, sentinels: []error{ErrRateLimited}},
		{name: "500 html", status: 500, body: "<html><body>Internal error</body></html>", snippet: "<html><body>Internal error</body></html>", sentinels: []error{ErrInternalServer}},
		{name: "502", status: 502, body: "Bad gateway", snippet: "Bad gateway", sentinels: []error{ErrBadGateway}},
		{name: "504", status: 504, sentinels: []error{ErrGatewayTimeout}},
		{name: "json without known members", status: 500, body: `{"oops":true}`, snippet: `{"oops":true}`, sentinels: []error{ErrInternalServer}},
		{name: "messages as a string", status: 400, body: `{"error":{"code":"VALIDATION_ERROR","messages":"one"}}`, code: CodeValidation, messages: []string{"one"}, sentinels: []error{CodeValidation}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if tt.body != "" {
					w.Header().Set("Content-Type", "application/json")
				}
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			})
			c := newTestClient(t, srv.URL, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
			err := c.call(context.Background(), callConfig{}, http.MethodPut, "events/253.json?formattedTextAs=html", nil, nil, nil)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, tt.code, apiErr.Code)
			assert.Equal(t, tt.messages, apiErr.Messages)
			assert.Equal(t, tt.fields, apiErr.FieldErrors)
			assert.Equal(t, tt.snippet, apiErr.Body)
			assert.Equal(t, "PUT", apiErr.Method)
			assert.Equal(t, "/events/253.json", apiErr.Path)
			require.NotNil(t, apiErr.Response)
			assert.Equal(t, tt.status, apiErr.Response.StatusCode)
			for _, s := range tt.sentinels {
				assert.ErrorIs(t, err, s)
			}
			// It matches no other status sentinel.
			for _, other := range []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited, ErrServiceUnavailable} {
				if other.(*statusError).status != tt.status {
					assert.NotErrorIs(t, err, other)
				}
			}
			if tt.code != CodeNotFound {
				assert.NotErrorIs(t, err, CodeNotFound)
			}
			msg := err.Error()
			assert.Equal(t, strings.ToLower(msg[:1]), msg[:1], "lower-case message")
			if len(tt.messages)+len(tt.fields) == 0 {
				// The server's own messages are quoted as they came.
				assert.False(t, strings.HasSuffix(msg, "."), "no trailing punctuation: %q", msg)
			}
			assert.NotContains(t, msg, testSecret)
		})
	}
}

func TestErrorBodySnippetIsCapped(t *testing.T) {
	e := &APIError{}
	big := strings.Repeat("é", 2000)
	parseErrorBody(e, []byte(big))
	assert.LessOrEqual(t, len(e.Body), maxBodySnippet+3)
	assert.True(t, strings.HasSuffix(e.Body, "..."))
	assert.NotContains(t, e.Body, "\uFFFD", "cut on a rune boundary")
}

func TestAPIErrorMessage(t *testing.T) {
	e := &APIError{StatusCode: 400, Code: CodeValidation, Method: "POST", Path: "/events.json",
		Messages: []string{"Name is too short"}, FieldErrors: []FieldError{{Field: "end_date", Message: "must be after start"}}, Attempts: 1}
	assert.Equal(t, "tribehr: POST /events.json: 400 bad request VALIDATION_ERROR: Name is too short; end_date: must be after start", e.Error())
	e = &APIError{StatusCode: 401, Method: "GET", Path: "/users.json", Attempts: 1}
	assert.Equal(t, "tribehr: GET /users.json: 401 unauthorized", e.Error())
}

func TestTemporary(t *testing.T) {
	for status, want := range map[int]bool{429: true, 503: true, 502: true, 504: true, 500: false, 400: false, 404: false} {
		assert.Equal(t, want, (&APIError{StatusCode: status}).Temporary(), "status %d", status)
	}
}

func TestValidationError(t *testing.T) {
	p := problems{op: "create leave request"}
	assert.NoError(t, p.err())
	p.add("date_start", "is required")
	p.add("days", "give days or hours, not both")
	err := p.err()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Len(t, ve.Problems, 2)
	assert.Equal(t, "tribehr: invalid create leave request: date_start: is required; days: give days or hours, not both", err.Error())
}
