package tribehrtest

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// received is one request a test receiver got.
type received struct {
	method, rawQuery, contentType, body string
}

// receiver records the deliveries it gets and answers status.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	status int
	gate   chan struct{} // when set, each request waits for it (or its context)
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{status: http.StatusNoContent}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, received{r.Method, r.URL.RawQuery, r.Header.Get("Content-Type"), string(b)})
		gate, status := rc.gate, rc.status
		rc.mu.Unlock()
		if gate != nil {
			select {
			case <-gate:
			case <-r.Context().Done():
				return
			}
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

func wait(t *testing.T, srv *Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitDeliveries(ctx))
}

func addHook(t *testing.T, srv *Server, w Webhook) int {
	t.Helper()
	id, err := srv.AddWebhook(w)
	require.NoError(t, err)
	return id
}

func hooksOf(ds []Delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Hook)
	}
	return out
}

func TestAddWebhookValidates(t *testing.T) {
	srv := NewServer(t)
	for _, tc := range []struct {
		w    Webhook
		want string
	}{
		{Webhook{Event: "", URL: "http://127.0.0.1/"}, "is not Object[.Action[.ID]]"},
		{Webhook{Event: "Leave Request", URL: "http://127.0.0.1/"}, "is not Object[.Action[.ID]]"},
		{Webhook{Event: "LeaveRequest.Add.0", URL: "http://127.0.0.1/"}, "is not Object[.Action[.ID]]"},
		{Webhook{Event: "LeaveRequest.Add.7.1", URL: "http://127.0.0.1/"}, "is not Object[.Action[.ID]]"},
		{Webhook{Event: "LeaveRequest..7", URL: "http://127.0.0.1/"}, "is not Object[.Action[.ID]]"},
		{Webhook{Event: "Note", URL: "/relative"}, "not an absolute http(s) URL"},
		{Webhook{Event: "Note", URL: "ftp://127.0.0.1/"}, "not an absolute http(s) URL"},
		{Webhook{Event: "Note", URL: "http://127.0.0.1/", SecureKey: "seventeen chars!!"}, "17 characters, at most 16"},
		{Webhook{Event: "Note", URL: "http://127.0.0.1/", Method: "PUT"}, "is not GET or POST"},
		{Webhook{Event: "Note", URL: "http://127.0.0.1/", Ciphertext: 9}, "placement 9 is unknown"},
	} {
		_, err := srv.AddWebhook(tc.w)
		assert.ErrorContains(t, err, tc.want, "%+v", tc.w)
	}
	w := Webhook{Name: "n", Event: "Note", URL: "http://127.0.0.1/", SecureKey: "clé de seize car"}
	_, err := srv.AddWebhook(w)
	assert.NoError(t, err, "16 characters, more bytes")
	for _, s := range []string{fmt.Sprint(w), fmt.Sprintf("%v %+v %#v %s", w, w, w, &w)} {
		assert.NotContains(t, s, "seize", "the key never prints")
		assert.Contains(t, s, "Note")
	}
}

// TestWritesSendDeliveries checks the events every write of the API
// fires, in order, and the fields of a delivery.
func TestWritesSendDeliveries(t *testing.T) {
	clock := newClock("2030-01-15T10:00:00Z")
	srv := NewServer(t, WithClock(clock.Now))
	rc := newReceiver(t)
	for _, ev := range []string{"LeaveRequest", "User", "AssignmentRecord", "EmployeeRecord", "Event", "Kudos"} {
		addHook(t, srv, Webhook{Event: ev, URL: rc.URL + "/hook?token=t0k3n"})
	}
	ok := func(res result) map[string]any {
		t.Helper()
		require.Equal(t, http.StatusOK, res.status, "%s", res.body)
		return res.obj(t)
	}
	id := func(m map[string]any) string { return m["id"].(interface{ String() string }).String() }

	// Leave requests: added pending by emma, reviewed and approved by her
	// manager alice, approved again (no Approve), added approved by alice
	// for emma, rejected, deleted.
	lr := id(ok(do(t, srv, "POST", "/leave_requests.json", "date_start=2030-02-01&date_end=2030-02-02&days=2&leave_type%5Bid%5D=1", asUser(EmployeeUsername))))
	ok(do(t, srv, "PUT", "/leave_requests/"+lr+".json", "id="+lr+"&comments=shorter&days=1&status=APPROVED", asUser(ManagerUsername)))
	ok(do(t, srv, "PUT", "/leave_requests/"+lr+".json", "id="+lr+"&status=approved", asUser(ManagerUsername)))
	lr2 := id(ok(do(t, srv, "POST", "/leave_requests.json", "date_start=2030-03-01&date_end=2030-03-01&days=1&leave_type%5Bid%5D=1&user%5Bid%5D=2&status=APPROVED", asUser(ManagerUsername))))
	ok(do(t, srv, "PUT", "/leave_requests/"+lr2+".json", "id="+lr2+"&status=REJECTED", asUser(ManagerUsername)))
	ok(do(t, srv, "DELETE", "/leave_requests/"+lr2+".json", ""))
	// A pending request edited by its employee is no review; rejected at
	// creation fires Reject.
	lr3 := id(ok(do(t, srv, "POST", "/leave_requests.json", "date_start=2030-04-01&date_end=2030-04-01&days=1&leave_type%5Bid%5D=1&status=rejected")))
	lr4 := id(ok(do(t, srv, "POST", "/leave_requests.json", "date_start=2030-05-01&date_end=2030-05-01&days=1&leave_type%5Bid%5D=1", asUser(EmployeeUsername))))
	ok(do(t, srv, "PUT", "/leave_requests/"+lr4+".json", "id="+lr4+"&comments=mine", asUser(EmployeeUsername)))

	// Users: the user's own fields, then each record (with User.Edit
	// after it), a key issued, a termination.
	ok(do(t, srv, "PUT", "/users/2.json", "id=2&blog_url=https%3A%2F%2Femma.example%2F", asUser(EmployeeUsername)))
	ok(do(t, srv, "PUT", "/users/2.json", "id=2&assignment_record%5Bphone%5D=555", asUser(EmployeeUsername)))
	ok(do(t, srv, "PUT", "/users/2.json", "id=2&employee_record%5Bcity%5D=Ottawa&assignment_record%5Bext%5D=12", asUser(EmployeeUsername)))
	ok(do(t, srv, "GET", "/users/me.json?requireApiKey=true", "", asUser("tsmith")))
	ok(do(t, srv, "GET", "/users/me.json?requireApiKey=true", "", asUser("tsmith"))) // has one now: no change
	ok(do(t, srv, "DELETE", "/users/53.json", ""))

	// Events and kudos.
	ev := id(ok(do(t, srv, "POST", "/events.json", "name=Offsite&start_date=2030-06-01T09%3A00%3A00&end_date=2030-06-01T17%3A00%3A00")))
	ok(do(t, srv, "PUT", "/events/"+ev+".json", "id="+ev+"&name=Offsite+II"))
	ok(do(t, srv, "DELETE", "/events/"+ev+".json", ""))
	k := id(ok(do(t, srv, "POST", "/kudos.json", "recipients%5B%5D%5Bid%5D=2&text=thanks")))
	ok(do(t, srv, "PUT", "/kudos/"+k+".json", "id="+k+"&text=thanks%21"))
	ok(do(t, srv, "DELETE", "/kudos/"+k+".json", ""))

	wait(t, srv)
	ds := srv.Deliveries()
	assert.Equal(t, []string{
		"LeaveRequest.Add." + lr,
		"LeaveRequest.Edit." + lr, "LeaveRequest.Review." + lr, "LeaveRequest.Approve." + lr,
		"LeaveRequest.Edit." + lr,
		"LeaveRequest.Add." + lr2, "LeaveRequest.Approve." + lr2,
		"LeaveRequest.Edit." + lr2, "LeaveRequest.Reject." + lr2,
		"LeaveRequest.Delete." + lr2,
		"LeaveRequest.Add." + lr3, "LeaveRequest.Reject." + lr3,
		"LeaveRequest.Add." + lr4,
		"LeaveRequest.Edit." + lr4,
		"User.Edit.2",
		"AssignmentRecord.Edit.102", "User.Edit.2",
		"AssignmentRecord.Edit.102", "EmployeeRecord.Edit.2", "User.Edit.2",
		"User.Edit.23",
		"User.Delete.53",
		"Event.Add." + ev, "Event.Edit." + ev, "Event.Delete." + ev,
		"Kudos.Add." + k, "Kudos.Edit." + k, "Kudos.Delete." + k,
	}, hooksOf(ds))

	first := ds[0]
	assert.Equal(t, 1, first.Webhook)
	assert.False(t, first.Encrypted)
	assert.Equal(t, http.StatusNoContent, first.Status)
	assert.Empty(t, first.Err)
	assert.Equal(t, clock.Now(), first.Time)
	system := srv.URL + "/"
	want := url.Values{
		"user_id": {"2"}, "user_name": {EmployeeUsername}, "system": {system}, "object_id": {lr},
		"object": {"LeaveRequest"}, "hook": {"LeaveRequest.Add." + lr},
		"text": {"LeaveRequest.Add." + lr + " by emma at " + system},
	}
	assert.Equal(t, want, first.Payload)
	req := rc.requests()[0]
	assert.Equal(t, "POST", req.method)
	assert.Equal(t, "token=t0k3n", req.rawQuery, "the receiver's own query is kept")
	assert.Equal(t, "application/x-www-form-urlencoded", req.contentType)
	assert.True(t, strings.HasPrefix(req.body, "user_id=2&user_name=emma&system="), "TribeHR's field order: %s", req.body)
	got, err := url.ParseQuery(req.body)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// TestFailedWritesSendNothing: only a change that was made sends
// deliveries; a dropped answer still does, since the change was made.
func TestFailedWritesSendNothing(t *testing.T) {
	srv := NewServer(t)
	rc := newReceiver(t)
	addHook(t, srv, Webhook{Event: "LeaveRequest", URL: rc.URL})
	addHook(t, srv, Webhook{Event: "Event", URL: rc.URL})
	for _, res := range []result{
		do(t, srv, "POST", "/leave_requests.json", "date_start=2030-02-01&days=2&leave_type%5Bid%5D=1"),                                             // invalid
		do(t, srv, "POST", "/events.json", "name=No&start_date=2030-06-01T09%3A00%3A00&end_date=2030-06-01T17%3A00%3A00", asUser(EmployeeUsername)), // forbidden
		do(t, srv, "PUT", "/leave_requests/9999.json", "id=9999&comments=x"),                                                                        // not found
		do(t, srv, "PUT", "/leave_requests/33.json", "id=33&status=APPROVED", asUser(EmployeeUsername)),                                             // not allowed
	} {
		assert.NotEqual(t, http.StatusOK, res.status)
	}
	srv.FailNext(1, http.StatusInternalServerError)
	assert.Equal(t, http.StatusInternalServerError, do(t, srv, "DELETE", "/leave_requests/33.json", "").status)
	wait(t, srv)
	assert.Empty(t, srv.Deliveries())

	srv.DropNext(1, "DELETE", "/leave_requests")
	_, err := send(context.Background(), srv, "DELETE", "/leave_requests/33.json", "")
	require.Error(t, err, "the answer was dropped")
	wait(t, srv)
	assert.Equal(t, []string{"LeaveRequest.Delete.33"}, hooksOf(srv.Deliveries()), "the change was made")
}

func TestWebhookPatterns(t *testing.T) {
	srv := NewServer(t)
	rc := newReceiver(t)
	res := do(t, srv, "POST", "/leave_requests.json", "date_start=2030-02-01&date_end=2030-02-02&days=2&leave_type%5Bid%5D=1", asUser(EmployeeUsername))
	require.Equal(t, "34", res.obj(t)["id"].(interface{ String() string }).String(), "before any webhook")
	patterns := []string{"LeaveRequest", "LeaveRequest.Add", "leaverequest.approve", "LeaveRequest.Edit.33", "LeaveRequest.Edit.34", "Kudos", "WebHook"}
	ids := map[int]string{}
	for _, p := range patterns {
		ids[addHook(t, srv, Webhook{Event: p, URL: rc.URL})] = p
	}
	require.Equal(t, http.StatusOK, do(t, srv, "PUT", "/leave_requests/34.json", "id=34&status=APPROVED").status)
	wait(t, srv)
	got := map[string][]string{}
	for _, d := range srv.Deliveries() {
		got[ids[d.Webhook]] = append(got[ids[d.Webhook]], d.Hook)
	}
	assert.Equal(t, map[string][]string{
		// The WebHook subscription hears its own registration and the
		// later ones.
		"WebHook":              {"WebHook.Add.7"},
		"LeaveRequest":         {"LeaveRequest.Edit.34", "LeaveRequest.Approve.34"},
		"leaverequest.approve": {"LeaveRequest.Approve.34"},
		"LeaveRequest.Edit.34": {"LeaveRequest.Edit.34"},
	}, got)
	first := srv.Deliveries()[0]
	assert.Equal(t, "1", first.Payload.Get("user_id"), "registrations are the administrator's")
	assert.Equal(t, AdminUsername, first.Payload.Get("user_name"))

	srv.ResetDeliveries()
	require.True(t, srv.RemoveWebhook(1))
	require.False(t, srv.RemoveWebhook(1))
	require.Equal(t, http.StatusOK, do(t, srv, "PUT", "/leave_requests/34.json", "id=34&comments=x").status)
	wait(t, srv)
	got = map[string][]string{}
	for _, d := range srv.Deliveries() {
		got[ids[d.Webhook]] = append(got[ids[d.Webhook]], d.Hook)
	}
	assert.Equal(t, map[string][]string{
		"WebHook":              {"WebHook.Delete.1"},
		"LeaveRequest.Edit.34": {"LeaveRequest.Edit.34"},
	}, got, "the removed webhook hears nothing more")
}

func TestTriggerWebhook(t *testing.T) {
	srv := NewServer(t)
	rc := newReceiver(t)
	addHook(t, srv, Webhook{Event: "Note.Edit", URL: rc.URL})
	require.NoError(t, srv.TriggerWebhook("Note.Edit.34", ManagerUsername))
	require.NoError(t, srv.TriggerWebhook("Note.Add.34", ManagerUsername)) // not subscribed
	for _, bad := range []string{"Note.Edit", "Note.Edit.x", "Note.Edit.0", "Note.Edit.07", "No te.Edit.1", "Note.Edit.1.2"} {
		assert.ErrorContains(t, srv.TriggerWebhook(bad, ManagerUsername), "not a full Object.Action.ID handle", bad)
	}
	assert.Error(t, srv.TriggerWebhook("Note.Edit.1", "nobody"))
	wait(t, srv)
	ds := srv.Deliveries()
	require.Len(t, ds, 1)
	assert.Equal(t, "Note.Edit.34", ds[0].Hook)
	assert.Equal(t, "7", ds[0].Payload.Get("user_id"))
	assert.Equal(t, "Note.Edit.34 by alice at "+srv.URL+"/", ds[0].Payload.Get("text"))
}

// decryptForTest decrypts as the receiving end would, written here from
// the documents' description (AES-128-CBC, key = IV = the key's bytes
// zero-padded, PKCS#7, base64).
func decryptForTest(t *testing.T, key, b64 string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	require.NoError(t, err, "%q", b64)
	k := make([]byte, 16)
	copy(k, key)
	block, err := aes.NewCipher(k)
	require.NoError(t, err)
	require.Zero(t, len(raw)%16)
	cipher.NewCBCDecrypter(block, k).CryptBlocks(raw, raw)
	pad := int(raw[len(raw)-1])
	require.True(t, pad >= 1 && pad <= 16)
	return string(raw[:len(raw)-pad])
}

func TestEncryptedDeliveries(t *testing.T) {
	// The documents' own example, encrypted the way the fake does.
	const docPlain = "user_id=25&user_name=username+25&system=https%3A%2F%2Fperformance.mytribehr.dev%2F&object_id=25&object=User&hook=User.Edit.25&text=User.Edit.25+by+username+25+at+https%3A%2F%2Fperformance.mytribehr.dev%2F"
	assert.Equal(t, "3jP7YzjldS1cBbcTriOnjCyz6PRlKx5hS0mJzSaq4QFQ9hJo6Q5HYA5Plk6L4VQ5BqQ3mTNx/lQPAef3YBEgTCgSr2MP4K4v8sTUjnUa0WP9467PbUkcSWJb2flKKscbLJpfNCVNb0unhlXWAXsifUwGPIo8VKfFhMNhX9Vn7kgRX0Ww2l6U7/vgPavM+DDixoXFq/oFYNJWbUu4gtJhZiRRQy16yZik0MbTeiM/q0wH+ai7UDoWvJCOmartGQD2wyWchui3dl1ccMudoylhvg==",
		encryptPayload("1234567890123456", docPlain))

	srv := NewServer(t)
	const key = "abc" // zero-padded
	for _, tc := range []struct {
		placement CiphertextPlacement
		method    string
		check     func(t *testing.T, r received) string // returns the base64
	}{
		{CiphertextInBody, "", func(t *testing.T, r received) string {
			assert.Equal(t, "POST", r.method)
			assert.Equal(t, "application/x-www-form-urlencoded", r.contentType)
			return r.body
		}},
		{CiphertextInField, "", func(t *testing.T, r received) string {
			v, err := url.ParseQuery(r.body)
			require.NoError(t, err)
			return v.Get("payload")
		}},
		{CiphertextInFieldUnescaped, "", func(t *testing.T, r received) string {
			b, ok := strings.CutPrefix(r.body, "payload=")
			require.True(t, ok)
			assert.NotContains(t, b, "%", "not escaped")
			return b
		}},
		{CiphertextInQuery, "", func(t *testing.T, r received) string {
			assert.Empty(t, r.body)
			return r.rawQuery
		}},
		{CiphertextInField, "GET", func(t *testing.T, r received) string {
			assert.Equal(t, "GET", r.method)
			assert.Empty(t, r.body)
			v, err := url.ParseQuery(r.rawQuery)
			require.NoError(t, err)
			return v.Get("payload")
		}},
	} {
		t.Run(fmt.Sprintf("%d %s", tc.placement, tc.method), func(t *testing.T) {
			srv.ResetDeliveries()
			rc := newReceiver(t)
			id := addHook(t, srv, Webhook{Event: "Note", URL: rc.URL, SecureKey: key, Ciphertext: tc.placement, Field: "payload", Method: tc.method})
			require.NoError(t, srv.TriggerWebhook("Note.Add.5", EmployeeUsername))
			wait(t, srv)
			require.True(t, srv.RemoveWebhook(id))
			reqs := rc.requests()
			require.Len(t, reqs, 1)
			b64 := tc.check(t, reqs[0])
			plain := decryptForTest(t, key, b64)
			assert.True(t, strings.HasPrefix(plain, "user_id=2&user_name=emma&system="), plain)
			v, err := url.ParseQuery(plain)
			require.NoError(t, err)
			assert.Equal(t, "Note.Add.5", v.Get("hook"))
			var d Delivery
			for _, x := range srv.Deliveries() {
				if x.Webhook == id {
					d = x
				}
			}
			assert.True(t, d.Encrypted)
			assert.Equal(t, v, d.Payload, "the log holds the plaintext")
		})
	}
}

// TestDeliveriesNeverHoldUpTheAPI: a receiver that does not answer does
// not delay or change the API's answers, and WaitDeliveries honours its
// context.
func TestDeliveriesNeverHoldUpTheAPI(t *testing.T) {
	srv := NewServer(t)
	rc := newReceiver(t)
	gate := make(chan struct{})
	rc.gate = gate
	addHook(t, srv, Webhook{Event: "Kudos", URL: rc.URL})
	for i := 0; i < 3; i++ {
		res := do(t, srv, "POST", "/kudos.json", "recipients%5B%5D%5Bid%5D=2&text=thanks")
		require.Equal(t, http.StatusOK, res.status, "answered while the receiver hangs")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, srv.WaitDeliveries(ctx), context.Canceled)
	close(gate)
	wait(t, srv)
	assert.Len(t, srv.Deliveries(), 3)
}

func TestFailedDeliveriesAreLogged(t *testing.T) {
	srv := NewServer(t)
	failing := newReceiver(t)
	failing.status = http.StatusInternalServerError
	gone := newReceiver(t)
	gone.Close()
	addHook(t, srv, Webhook{Event: "Kudos", URL: failing.URL})
	addHook(t, srv, Webhook{Event: "Kudos", URL: gone.URL})
	res := do(t, srv, "POST", "/kudos.json", "recipients%5B%5D%5Bid%5D=2&text=thanks")
	require.Equal(t, http.StatusOK, res.status)
	wait(t, srv)
	ds := srv.Deliveries()
	require.Len(t, ds, 2)
	assert.Equal(t, http.StatusInternalServerError, ds[0].Status)
	assert.Empty(t, ds[0].Err)
	assert.Zero(t, ds[1].Status)
	assert.NotEmpty(t, ds[1].Err)
	assert.Len(t, failing.requests(), 1, "never retried")
}

// TestCloseStopsDeliveries: Close cancels the delivery being sent and
// logs the queued ones as not sent, without waiting for the receiver.
func TestCloseStopsDeliveries(t *testing.T) {
	srv, err := Start()
	require.NoError(t, err)
	rc := newReceiver(t)
	rc.gate = make(chan struct{}) // never opened
	_, err = srv.AddWebhook(Webhook{Event: "Kudos", URL: rc.URL})
	require.NoError(t, err)
	for i := 0; i < 2; i++ {
		req, _ := http.NewRequest("POST", srv.URL+"/kudos.json", strings.NewReader("recipients%5B%5D%5Bid%5D=2&text=hi"))
		req.SetBasicAuth(AdminUsername, DemoPassword)
		req.Header.Set("X-API-Version", "2.0.0")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := srv.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
	}
	srv.Close()
	ds := srv.Deliveries()
	require.Len(t, ds, 2)
	assert.NotEmpty(t, ds[0].Err, "the one being sent was cancelled")
	assert.Equal(t, "not sent: the server was closed", ds[1].Err)
	assert.NoError(t, srv.WaitDeliveries(context.Background()))
}
