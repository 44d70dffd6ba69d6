package tribehr

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// deleteResult is the body of a successful DELETE, as the document's
// "DELETE /[any resource]/{id} Deleting Resources" shows it:
//
//	{"success": {"code": "DELETED", "messages": ["Operation successfully completed."]}}
type deleteResult struct {
	Success *struct {
		Code     string          `json:"code"`
		Messages json.RawMessage `json:"messages"`
	} `json:"success"`
	Error json.RawMessage `json:"error"`
}

// delete sends DELETE to path (a single item, such as "events/7.json") and
// reports whether the item was deleted. Every resource service deletes
// through it.
//
// Any 2xx response is a deletion: the documented 200 with a success body,
// and the 204 or empty (or null) body of servers that answer DELETE that
// way (DELETE is idempotent). A JSON body without a success member is still a
// success: the status says so. Two 2xx answers are refused: a body that is
// not JSON at all (Do reports it as a decode error), and a body that is a
// TribeHR error object, which would mean the server reported a failure
// with the wrong status (an *APIError with StatusCode 200, wrapped).
// Failures are *APIError values from Do (NOT_FOUND, ACCESS_ERROR,
// DELETE_ERROR, ...).
func (c *Client) delete(ctx context.Context, cfg callConfig, path string) error {
	var raw json.RawMessage
	if _, err := c.callMeta(ctx, &cfg, http.MethodDelete, path, nil, nil, &raw, emptyAlways); err != nil {
		return err
	}
	return checkDeleteBody(path, raw)
}

// checkDeleteBody reads the body of a 2xx DELETE response.
func checkDeleteBody(path string, raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	var res deleteResult
	if json.Unmarshal(raw, &res) != nil {
		return nil
	}
	if res.Success == nil && len(res.Error) > 0 && !bytes.Equal(res.Error, []byte("null")) {
		e := &APIError{StatusCode: http.StatusOK, Method: http.MethodDelete, Path: "/" + path}
		parseErrorBody(e, raw)
		return fmt.Errorf("tribehr: delete answered 2xx with an error body: %w", e)
	}
	return nil
}
