package tribehrtest

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

func userURL(id int) string { return fmt.Sprintf("/users/%d.json", id) }

// partialUser is the user object of collections and embedded objects.
func (st *store) partialUser(u *user) object {
	return object{
		{"id", u.ID},
		{"username", u.Username},
		{"email", u.Email},
		{"display_name", u.displayName()},
		{"employee_record", object{
			{"first_name", u.Employee.FirstName},
			{"last_name", u.Employee.LastName},
			{"url", fmt.Sprintf("/employee_records/%d.json", u.Employee.ID)},
		}},
		{"url", userURL(u.ID)},
	}
}

// leaveListUser is the embedded user of the leave request list sample, which
// carries avatar and a partial assignment record besides the usual fields.
func (st *store) leaveListUser(u *user) object {
	return object{
		{"id", u.ID},
		{"username", u.Username},
		{"avatar", object{{"url", st.avatarURL(u)}}},
		{"email", u.Email},
		{"display_name", u.displayName()},
		{"assignment_record", object{
			{"current", !u.Terminated},
			{"url", fmt.Sprintf("/assignment_records/%d.json", u.Assignment.ID)},
		}},
		{"employee_record", object{
			{"first_name", u.Employee.FirstName},
			{"last_name", u.Employee.LastName},
			{"url", fmt.Sprintf("/employee_records/%d.json", u.Employee.ID)},
		}},
		{"url", userURL(u.ID)},
	}
}

// fullUser is the user object of GET /users/{id}.json, as viewer may see it.
func (st *store) fullUser(viewer, u *user) object {
	private := st.seesPrivate(viewer, u)
	o := object{{"id", u.ID}, {"username", u.Username}}
	if viewer.ID == u.ID {
		if u.APIKey == "" {
			o.set("api_key", nil)
		} else {
			o.set("api_key", u.APIKey)
		}
	}
	o = append(o, object{
		{"email", u.Email},
		{"twitter_username", u.TwitterUsername},
		{"linkedin_url", u.LinkedinURL},
		{"blog_url", u.BlogURL},
		{"display_name", u.displayName()},
		{"avatar", object{{"url", st.avatarURL(u)}}},
		{"created", formatDateTime(u.Created)},
		{"modified", formatDateTime(u.Modified)},
		{"assignment_record", st.assignmentRecord(u, private)},
		{"employee_record", st.employeeRecord(u, private)},
	}...)
	if private {
		cfr := []any{}
		for _, c := range u.CustomFields {
			cfr = append(cfr, object{
				{"id", strconv.Itoa(c.ID)}, // a string, as in the sample
				{"content", c.Content},
				{"custom_field", object{{"id", c.Field.ID}, {"name", c.Field.Name}, {"url", fmt.Sprintf("/custom_fields/%d.json", c.Field.ID)}}},
			})
		}
		o.set("custom_field_records", cfr)
		o.set("group", u.Group)
		usages := []any{}
		for _, lu := range u.LeaveUsages {
			lt := st.leaveTypes[lu.LeaveTypeID]
			if lt == nil {
				continue
			}
			item := object{{"leave_type", leaveTypeObject(lt)}, {"days_used", lu.DaysUsed}}
			if lu.DaysRemaining != "" {
				item.set("days_remaining", lu.DaysRemaining)
			}
			usages = append(usages, item)
		}
		o.set("leave_usages", usages)
	}
	o.set("badge_count", u.BadgeCount)
	o.set("url", userURL(u.ID))
	return o
}

func (st *store) assignmentRecord(u *user, private bool) object {
	a := u.Assignment
	status := a.EmployeeStatus
	if u.Terminated {
		status = "TERMINATED"
	}
	o := object{
		{"id", a.ID},
		{"current", !u.Terminated},
		{"employee_status", status},
		{"full_time", a.FullTime},
		{"phone", a.Phone},
	}
	if a.Ext == 0 {
		o.set("ext", nil)
	} else {
		o.set("ext", a.Ext)
	}
	if private {
		o.set("employee_num", a.EmployeeNum)
		o.set("date_hired", a.DateHired)
	}
	o.set("created", formatDateTime(a.Created))
	o.set("modified", formatDateTime(a.Modified))
	o.set("job", refOrNull(a.Job, "title", "/jobs/%d.json"))
	o.set("department", refOrNull(a.Department, "name", "/departments/%d.json"))
	if m := st.users[u.ManagerID]; m != nil {
		o.set("manager", st.partialUser(m))
	} else {
		o.set("manager", nil)
	}
	if a.EmployeeClass.ID != 0 {
		o.set("employee_class", object{{"id", a.EmployeeClass.ID}, {"class", a.EmployeeClass.Name}})
	} else {
		o.set("employee_class", nil)
	}
	if l := st.locations[a.LocationID]; l != nil {
		o.set("location", locationObject(l))
	} else {
		o.set("location", nil)
	}
	o.set("url", fmt.Sprintf("/assignment_records/%d.json", a.ID))
	if private {
		o.set("pay_info", object{{"type", a.Pay.Type}, {"label", a.Pay.Label}, {"rate", a.Pay.Rate}, {"currency", a.Pay.Currency}})
	}
	return o
}

func refOrNull(r idName, nameKey, urlFormat string) any {
	if r.ID == 0 {
		return nil
	}
	return object{{"id", r.ID}, {nameKey, r.Name}, {"url", fmt.Sprintf(urlFormat, r.ID)}}
}

func (st *store) employeeRecord(u *user, private bool) object {
	e := u.Employee
	url := fmt.Sprintf("/employee_records/%d.json", e.ID)
	if !private {
		return object{{"first_name", e.FirstName}, {"last_name", e.LastName}, {"url", url}}
	}
	return object{
		{"id", e.ID},
		{"effective_date", e.EffectiveDate},
		{"current", true},
		{"first_name", e.FirstName},
		{"last_name", e.LastName},
		{"middle_name", e.MiddleName},
		{"phone", e.Phone},
		{"address1", e.Address1},
		{"address2", e.Address2},
		{"city", e.City},
		{"state", e.State},
		{"country", e.Country},
		{"postal", e.Postal},
		{"birthdate", e.Birthdate},
		{"emergency_name", e.EmergencyName},
		{"emergency_number", e.EmergencyNumber},
		{"created", formatDateTime(e.Created)},
		{"modified", formatDateTime(e.Modified)},
		{"url", url},
	}
}

// sortedUsers returns the users in creation order.
func (st *store) sortedUsers() []*user {
	out := make([]*user, 0, len(st.users))
	for _, u := range st.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// listUsers answers GET /users.json: active users in creation order.
func listUsers(c *call) reply {
	out := []any{}
	for _, u := range c.st().sortedUsers() {
		if !u.Terminated {
			out = append(out, c.st().partialUser(u))
		}
	}
	if n := c.srv.streamedUsers; n > 0 {
		return c.listReply(listSource{n: len(out) + n, at: func(i int) any {
			if i < len(out) {
				return out[i]
			}
			return streamedUser(i - len(out))
		}})
	}
	return c.listReply(sliceSource(out))
}

// getUser answers GET /users/{id}.json.
func getUser(c *call) reply {
	u := c.st().users[c.id]
	if u == nil {
		return notFound("User")
	}
	return jsonReply(http.StatusOK, c.st().fullUser(c.me, u))
}

// getMe answers GET /users/me.json[?requireApiKey=true]. Asked for a key
// by a user authenticated with their password, it issues one if the user
// has none.
func getMe(c *call) reply {
	if strings.EqualFold(c.queryGet("requireApiKey"), "true") && c.me.APIKey == "" && c.viaPassword {
		c.me.APIKey = newAPIKey()
		c.me.Modified = c.now
		c.fire("User", "Edit", c.me.ID)
	}
	return jsonReply(http.StatusOK, c.st().fullUser(c.me, c.me))
}

// userFields are the fields PUT /users/{id}.json accepts.
var userEmployeeFields = []string{"first_name", "last_name", "middle_name", "phone", "address1", "address2",
	"city", "state", "country", "postal", "birthdate", "emergency_name", "emergency_number"}

// updateUser answers PUT /users/{id}.json. A user may edit themselves; an
// administrator anybody.
func updateUser(c *call) reply {
	st := c.st()
	u := st.users[c.id]
	if u == nil {
		return notFound("User")
	}
	if c.me.ID != u.ID && !isAdmin(c.me) {
		return accessDenied("You do not have permission to edit this user.")
	}
	allowed := []string{"id", "email", "twitter_username", "linkedin_url", "blog_url",
		"assignment_record[phone]", "assignment_record[ext]"}
	for _, k := range userEmployeeFields {
		allowed = append(allowed, "employee_record["+k+"]")
	}
	f := c.form
	var v validation
	v.checkUnknown(f, allowed...)
	next := *u
	if s, ok := f.get("email"); ok {
		if !strings.Contains(s, "@") {
			v.addf("email: %q is not an email address", s)
		} else if other := st.userByIdentifier(s); other != nil && other.ID != u.ID {
			v.addf("email: %q is already in use", s)
		}
		next.Email = s
	}
	if s, ok := f.get("twitter_username"); ok {
		next.TwitterUsername = s
	}
	if s, ok := f.get("linkedin_url"); ok {
		next.LinkedinURL = s
	}
	if s, ok := f.get("blog_url"); ok {
		next.BlogURL = s
	}
	if s, ok := f.get("assignment_record[phone]"); ok {
		next.Assignment.Phone = s
	}
	if n, ok := v.integer(f, "assignment_record[ext]"); ok {
		next.Assignment.Ext = n
	}
	emp := map[string]*string{
		"first_name": &next.Employee.FirstName, "last_name": &next.Employee.LastName,
		"middle_name": &next.Employee.MiddleName, "phone": &next.Employee.Phone,
		"address1": &next.Employee.Address1, "address2": &next.Employee.Address2,
		"city": &next.Employee.City, "state": &next.Employee.State, "country": &next.Employee.Country,
		"postal": &next.Employee.Postal, "birthdate": &next.Employee.Birthdate,
		"emergency_name": &next.Employee.EmergencyName, "emergency_number": &next.Employee.EmergencyNumber,
	}
	for _, k := range userEmployeeFields {
		if s, ok := f.get("employee_record[" + k + "]"); ok {
			if k == "birthdate" && s != "" {
				if _, err := parseDate(s); err != nil {
					v.addf("employee_record[birthdate]: %q is not a date (YYYY-MM-DD)", s)
				}
			}
			if k == "first_name" && strings.TrimSpace(s) == "" {
				v.addf("employee_record[first_name]: must not be empty")
			}
			*emp[k] = s
		}
	}
	if v.failed() {
		return invalid(v.msgs)
	}
	next.Modified = c.now
	if f.has("assignment_record[phone]") || f.has("assignment_record[ext]") {
		next.Assignment.Modified = c.now
		c.fire("AssignmentRecord", "Edit", u.Assignment.ID)
	}
	for _, k := range userEmployeeFields {
		if f.has("employee_record[" + k + "]") {
			next.Employee.Modified = c.now
			c.fire("EmployeeRecord", "Edit", u.Employee.ID)
			break
		}
	}
	*u = next
	// A change to either record fires User.Edit too, as TribeHR does; one
	// for the whole request.
	c.fire("User", "Edit", u.ID)
	return jsonReply(http.StatusOK, st.fullUser(c.me, u))
}

// deleteUser answers DELETE /users/{id}.json: an administrator terminates
// a user, who leaves /users.json and can no longer authenticate.
func deleteUser(c *call) reply {
	u := c.st().users[c.id]
	if u == nil || u.Terminated {
		return notFound("User")
	}
	if !isAdmin(c.me) {
		return accessDenied("You do not have permission to delete this user.")
	}
	if u.ID == c.me.ID {
		return errReply(http.StatusBadRequest, "DELETE_ERROR", "You cannot delete yourself.")
	}
	u.Terminated = true
	u.Modified = c.now
	c.fire("User", "Delete", u.ID)
	return deleted()
}

func deleted() reply {
	return jsonReply(http.StatusOK, object{{"success", object{{"code", "DELETED"}, {"messages", []string{"Operation successfully completed."}}}}})
}
