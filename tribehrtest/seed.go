package tribehrtest

import (
	"fmt"
	"time"
)

// The demo accounts. All seeded users share DemoPassword; these three also
// have fixed API keys. They are demo values for a local fake, not secrets.
const (
	// DemoPassword is the password of every seeded and generated user.
	DemoPassword = "demo-password"

	// AdminUsername is the seeded administrator (user 1, "Tribe Admin",
	// group Administrators).
	AdminUsername = "admin"
	// AdminEmail is the administrator's email, also usable as identifier.
	AdminEmail = "devnull+admin@tribehr.com"
	// AdminAPIKey is the administrator's demo API key.
	AdminAPIKey = "dec0de00000000000000000000000000000000a1"

	// ManagerUsername is the seeded manager (user 7, "Alice McDonald",
	// group Managers), who manages emma (2), abbyring (6), willytrainer (17)
	// and mwong (53).
	ManagerUsername = "alice"
	// ManagerEmail is the manager's email.
	ManagerEmail = "alice@mycompany.com"
	// ManagerAPIKey is the manager's API key, as in the document's sample.
	ManagerAPIKey = "570675830ab61a31ef57f70ca335f64374b56281"

	// EmployeeUsername is the seeded employee (user 2, "Emma Employee",
	// group Employees), who reports to alice.
	EmployeeUsername = "emma"
	// EmployeeEmail is the employee's email.
	EmployeeEmail = "emma@tribehr.com"
	// EmployeeAPIKey is the employee's demo API key.
	EmployeeAPIKey = "dec0de00000000000000000000000000000000e1"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err) // seed literals only
	}
	return t.UTC()
}

// seed fills the store: the demo company (unless WithoutDemoData), the
// generated users of WithUsers, then the fixtures.
func (s *Server) seed(cfg config) error {
	now := s.now()
	if cfg.demo {
		s.seedDemo(now)
	}
	s.generateUsers(cfg.users, now)
	for _, f := range cfg.fixtures {
		if err := s.loadFixtures(f, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) seedDemo(now time.Time) {
	st := s.st
	for _, l := range []*leaveType{
		// Vacation's dates and phrase are those of the later
		// documentation's sample.
		{ID: 1, Name: "Vacation", Accrual: "BIWEEKLY", ActionPhrase: "Schedule Vacation",
			Created: ts("2010-03-01T17:25:05+00:00"), Modified: ts("2013-01-15T16:06:14+00:00")},
		{ID: 2, Name: "Sick", Accrual: "NONE", ActionPhrase: "Report a Sick Day",
			Created: ts("2010-03-01T17:25:05+00:00"), Modified: ts("2010-03-01T17:25:05+00:00")},
		{ID: 3, Name: "PTO", Accrual: "SEMIMONTHLY", ActionPhrase: "Request Time Off",
			Created: ts("2011-06-14T12:00:00+00:00"), Modified: ts("2012-11-02T08:30:00+00:00")},
	} {
		st.leaveTypes[l.ID] = l
		st.sawID("leave_types", l.ID)
	}
	for _, t := range []*eventType{
		{ID: 1, Name: "Lunch"},
		{ID: 2, Name: "Company Gathering"},
		{ID: 3, Name: "Training"},
		{ID: 5, Name: "Official Holiday"},
	} {
		st.eventTypes[t.ID] = t
		st.sawID("event_types", t.ID)
	}
	for _, l := range []*location{
		{ID: 1, Name: "Central Rental"},
		{ID: 2, Name: "Corporate Office [Headquarters] "}, // trailing space as in the sample
		{ID: 3, Name: "London Office [Product and Development]"},
		{ID: 4, Name: "Silicon Valley"},
		{ID: 7, Name: "Headquarters"},
	} {
		st.locations[l.ID] = l
		st.sawID("locations", l.ID)
	}
	for _, v := range []*value{
		{ID: 10, Name: "Respect", Image: "respect/icon.png"},
		{ID: 11, Name: "Teamwork", Image: "teamwork/icon.png"},
		{ID: 12, Name: "Innovation", Image: "innovation/icon.png"},
		{ID: 13, Name: "Customer Focus", Image: "customer-focus/icon.png"},
	} {
		st.values[v.ID] = v
		st.sawID("values", v.ID)
		st.pictures[v.Image] = demoIcon(v.Name)
	}
	s.seedUsers()
	s.seedLeave()
	s.seedEvents(now)
	s.seedKudos(now)
}

// demoUser builds a seeded user with sensible defaults.
func demoUser(id int, username, email, first, last, group string, manager, empID, created int) *user {
	c := ts("2012-01-01T09:00:00+00:00").Add(time.Duration(created) * 24 * time.Hour)
	return &user{
		ID: id, Username: username, Email: email, Password: DemoPassword,
		Group: group, ManagerID: manager, WorkHours: standardWeek(),
		Avatar:  fmt.Sprintf("/users/view/%d/picture", id),
		Created: c, Modified: c,
		Assignment: assignmentRecord{
			ID: 100 + id, EmployeeStatus: "ACTIVE", FullTime: true, EmployeeNum: id,
			DateHired: c.Format(dateLayout), Created: c, Modified: c,
			Job: idName{36, "Staff"}, Department: idName{4, "Operations"},
			EmployeeClass: idName{7, "Regular Employee"}, LocationID: 7,
			Pay: payInfo{Type: "ANNUAL", Label: "Annual Salary", Rate: "52000.00", Currency: "USD"},
		},
		Employee: employeeRecord{
			ID: empID, EffectiveDate: c.Format(dateLayout), FirstName: first, LastName: last,
			Country: "United States", Created: c, Modified: c,
		},
		CustomFields: []customFieldRecord{},
		LeaveUsages:  []leaveUsage{{LeaveTypeID: 1, DaysUsed: "0.0", DaysRemaining: "10.0"}},
	}
}

func (s *Server) seedUsers() {
	st := s.st
	admin := demoUser(1, AdminUsername, AdminEmail, "Tribe", "Admin", GroupAdministrators, 0, 58, 0)
	admin.APIKey = AdminAPIKey
	admin.Assignment.Job, admin.Assignment.Department = idName{1, "HR Administrator"}, idName{1, "Human Resources"}

	emma := demoUser(2, EmployeeUsername, EmployeeEmail, "Emma", "Employee", GroupEmployees, 7, 2, 10)
	emma.APIKey = EmployeeAPIKey
	emma.Assignment.Job, emma.Assignment.Department = idName{37, "Software Engineer"}, idName{5, "Development"}
	emma.Assignment.Pay.Rate = "61000.00"
	emma.Employee.City, emma.Employee.State = "Kitchener", "ON"
	emma.Employee.Country = "Canada"

	jst := demoUser(3, "jstevens", "jstevens@example.com", "Jennifer", "Stevens", GroupEmployees, 5, 73, 20)
	jst.Assignment.ID = 176
	jst.Avatar = "/attachments/view/User/avatar/1"

	george := demoUser(5, "george", "george@mycompany.com", "George", "Black", GroupManagers, 1, 47, 30)
	george.Assignment.Job, george.Assignment.Department = idName{38, "Director of Engineering"}, idName{5, "Development"}
	george.Assignment.Pay.Rate = "98000.00"

	abby := demoUser(6, "abbyring", "devnull+abbyring@tribehr.com", "Abby", "Ring", GroupEmployees, 7, 46, 40)
	abby.Assignment.LocationID = 3

	alice := demoUser(7, ManagerUsername, ManagerEmail, "Alice", "McDonald", GroupManagers, 5, 55, 0)
	alice.APIKey = ManagerAPIKey
	alice.TwitterUsername = "alicemcdonald82"
	alice.LinkedinURL = "http://ca.linkedin.com/in/alicemcdonald82/"
	alice.BlogURL = "http://alice.blogger.com/"
	alice.Created, alice.Modified = ts("2012-10-25T09:46:53+00:00"), ts("2013-07-22T15:18:02+00:00")
	alice.Assignment = assignmentRecord{
		ID: 100, EmployeeStatus: "ACTIVE", FullTime: true, Phone: "1 800 123 4567", Ext: 888,
		EmployeeNum: 15, DateHired: "2012-10-25",
		Created: ts("2013-01-10T10:21:19+00:00"), Modified: ts("2013-01-10T10:21:19+00:00"),
		Job: idName{37, "Software Engineer"}, Department: idName{5, "Development"},
		EmployeeClass: idName{7, "Regular Employee"}, LocationID: 4,
		Pay: payInfo{Type: "ANNUAL", Label: "Annual Salary", Rate: "65346.30", Currency: "USD"},
	}
	alice.Employee = employeeRecord{
		ID: 55, EffectiveDate: "2012-12-31", FirstName: "Alice", LastName: "McDonald", MiddleName: "Brenda",
		Phone: "1234567890", Address1: "260 Nowhere Avenue", City: "San Francisco", State: "CA",
		Country: "United States", Postal: "92500", Birthdate: "1982-02-21",
		EmergencyName: "John McDonald", EmergencyNumber: "0987654321",
		Created: ts("2012-12-31T15:35:19+00:00"), Modified: ts("2012-12-31T15:35:19+00:00"),
	}
	alice.CustomFields = []customFieldRecord{
		{ID: 226, Content: "Lamborghini", Field: idName{9, "Company Car"}},
		{ID: 224, Content: "OS/2", Field: idName{1, "Favorite operating system"}},
	}
	alice.LeaveUsages = []leaveUsage{
		{LeaveTypeID: 3, DaysUsed: "5.0", DaysRemaining: "5.0"},
		{LeaveTypeID: 2, DaysUsed: "1.0"},
	}

	salvatore := demoUser(16, "salvatoredelnero", "devnull+salvatoredelnero@tribehr.com", "Salvatore", "Delnero", GroupEmployees, 5, 23, 50)
	willy := demoUser(17, "willytrainer", "devnull+willytrainer@tribehr.com", "Willy", "Trainer", GroupEmployees, 7, 56, 60)
	salley := demoUser(20, "salleyfitzgibbon", "devnull+salleyfitzgibbon@tribehr.com", "Salley", "Fitzgibbon", GroupEmployees, 5, 51, 70)
	tsmith := demoUser(23, "tsmith", "tsmith@example.com", "Tanya", "Smith", GroupEmployees, 5, 74, 80) // no API key
	tsmith.Assignment.ID = 192
	tsmith.Avatar = "/attachments/view/User/avatar/23"
	former := demoUser(30, "frankformer", "frankformer@example.com", "Frank", "Former", GroupEmployees, 5, 80, 90)
	former.Terminated = true
	mwong := demoUser(53, "mwong", "mwong@example.com", "Marcus", "Wong", GroupEmployees, 7, 90, 100)
	mwong.Assignment.LocationID = 1

	for _, u := range []*user{admin, emma, jst, george, abby, alice, salvatore, willy, salley, tsmith, former, mwong} {
		st.users[u.ID] = u
		st.sawID("users", u.ID)
	}
}

func (s *Server) seedLeave() {
	st := s.st
	for _, l := range []*leaveRequest{
		{ID: 1, UserID: 2, LeaveTypeID: 1, DateStart: "2013-10-25", DateEnd: "2013-10-28", Days: 2, Hours: 16,
			Status: statusPending, Comments: "My cousin is getting married!", Created: ts("2012-05-09T14:46:03+00:00")},
		{ID: 17, UserID: 3, LeaveTypeID: 1, DateStart: "2013-12-03", DateEnd: "2013-12-04", Days: 2, Hours: 16,
			Status: statusApproved, Comments: "Headed to the beach!", Created: ts("2013-10-01T10:00:00+00:00")},
		{ID: 23, UserID: 23, LeaveTypeID: 1, DateStart: "2013-12-11", DateEnd: "2013-12-24", Days: 10, Hours: 80,
			Status: statusPending, Comments: "Off to see the family", Created: ts("2013-10-05T10:00:00+00:00")},
		{ID: 30, UserID: 6, LeaveTypeID: 2, DateStart: "2013-11-04", DateEnd: "2013-11-04", Days: 1, Hours: 8,
			Status: statusRejected, Comments: "Dentist", Created: ts("2013-10-06T10:00:00+00:00")},
		{ID: 31, UserID: 17, LeaveTypeID: 1, DateStart: "2013-12-23", DateEnd: "2013-12-27", Days: 3, Hours: 24,
			Status: statusPending, Comments: "Holidays with the kids", Created: ts("2013-10-07T10:00:00+00:00")},
		{ID: 32, UserID: 7, LeaveTypeID: 3, DateStart: "2013-11-20", DateEnd: "2013-11-22", Days: 3, Hours: 24,
			Status: statusPending, Comments: "Conference in Toronto", Created: ts("2013-10-08T10:00:00+00:00")},
		{ID: 33, UserID: 20, LeaveTypeID: 1, DateStart: "2013-09-02", DateEnd: "2013-09-06", Days: 5, Hours: 40,
			Status: statusApproved, Comments: "", Created: ts("2013-08-01T10:00:00+00:00")},
	} {
		l.Modified = l.Created
		st.leaveRequests[l.ID] = l
		st.sawID("leave_requests", l.ID)
	}
}

func (s *Server) seedEvents(now time.Time) {
	st := s.st
	// Ids of the events made up around the clock: free ids below the
	// samples' 252 and 253, so that the next event created is 254, as in
	// the POST sample.
	spare := []int{240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 253}
	add := func(e *event) {
		if e.ID == 0 {
			e.ID, spare = spare[0], spare[1:]
		}
		if e.Created.IsZero() {
			e.Created = ts("2013-01-28T11:41:07+00:00")
		}
		e.Modified = e.Created
		st.events[e.ID] = e
		st.sawID("events", e.ID)
	}
	at := func(s string) eventTime { return eventTime{T: ts(s)} }
	local := func(s string) eventTime { return eventTime{T: ts(s + "+00:00"), Local: true} }
	// The samples' events, at their sample dates.
	add(&event{ID: 12, Name: "New Year's Day", Notes: "<p>Official Holiday, no work.</p>", Start: local("2013-01-01T00:00:00"),
		End: local("2013-01-01T00:00:00"), Holiday: true, EventTypeID: 5, LocationIDs: []int{2}})
	add(&event{ID: 20, Name: "Company Picnic", Notes: "<p>We'll have some BBQs on the lawn behind the building.</p>\r\n<p>Hope to see you there!</p>",
		Start: at("2013-08-29T11:00:00+00:00"), End: at("2013-08-29T14:30:00+00:00"), EventTypeID: 1, LocationIDs: []int{3}})
	add(&event{ID: 33, Name: "Boxing Day", Notes: "<p>Official Holiday, no work.</p>", Start: local("2013-12-26T00:00:00"),
		End: local("2013-12-26T00:00:00"), Holiday: true, EventTypeID: 5, LocationIDs: []int{3}})
	add(&event{ID: 252, Name: "Product Launch", Notes: "<p>Spouses and significant others are welcome, too!</p>",
		Start: at("2013-08-30T17:00:00+00:00"), End: at("2013-08-30T22:00:00+00:00"), EventTypeID: 2, LocationIDs: []int{3}})

	// Events around the server clock, so that upcoming is never empty.
	day := now.UTC().Truncate(24 * time.Hour)
	add(&event{Name: "Sprint Review", Notes: "<p>Demo of the sprint's work.</p>", Start: eventTime{T: day.Add(-26 * time.Hour)},
		End: eventTime{T: day.Add(-25 * time.Hour)}, EventTypeID: 2, LocationIDs: []int{7}})
	add(&event{Name: "Security Training", Notes: "Mandatory for everyone.", Start: eventTime{T: day.Add(-24 * time.Hour)},
		End: eventTime{T: day.Add(48*time.Hour + 17*time.Hour)}, EventTypeID: 3, LocationIDs: []int{}})
	add(&event{Name: "Team Lunch", Notes: "<p>Pizza in the kitchen.</p>", Start: eventTime{T: day.Add(24*time.Hour + 12*time.Hour)},
		End: eventTime{T: day.Add(24*time.Hour + 13*time.Hour)}, EventTypeID: 1, LocationIDs: []int{7}})
	add(&event{Name: "Quarterly All-Hands", Notes: "<p>Results and plans.</p>", Start: eventTime{T: day.Add(10*24*time.Hour + 15*time.Hour)},
		End: eventTime{T: day.Add(10*24*time.Hour + 17*time.Hour)}, EventTypeID: 2, LocationIDs: []int{2, 3}})
	add(&event{Name: "Team Offsite", Notes: "", Start: local(day.Add(30*24*time.Hour + 9*time.Hour).Format(localTimeLayout)),
		End: local(day.Add(31*24*time.Hour + 17*time.Hour).Format(localTimeLayout)), EventTypeID: 2, LocationIDs: []int{1}})
	for _, y := range []int{now.Year(), now.Year() + 1} {
		for _, h := range []struct {
			name, date string
			locs       []int
		}{
			{"New Year's Day", "01-01", []int{2, 3}},
			{"Canada Day", "07-01", []int{2}},
			{"Christmas Day", "12-25", []int{2, 3}},
			{"Boxing Day", "12-26", []int{3}},
		} {
			d := fmt.Sprintf("%d-%sT00:00:00", y, h.date)
			add(&event{Name: h.name, Notes: "<p>Official Holiday, no work.</p>", Start: local(d), End: local(d),
				Holiday: true, EventTypeID: 5, LocationIDs: h.locs})
		}
	}
}

func (s *Server) seedKudos(now time.Time) {
	st := s.st
	const pic = "s3--pic_commitment-bccd5b21.jpg"
	st.pictures[pic] = demoPicture()
	for _, k := range []*kudos{
		{ID: 82, PosterID: 1, RecipientIDs: []int{20}, ValueIDs: []int{10},
			Text: "You did a great job on that presentation yesterday!", Source: "web", Created: ts("2013-08-17T18:42:39+00:00")},
		{ID: 83, PosterID: 1, RecipientIDs: []int{17, 6, 16}, ValueIDs: []int{10, 11}, Picture: pic,
			Text: "Great job pulling together to meet our iteration commitments!", Source: "web", Created: ts("2013-08-20T18:42:31+00:00"),
			Comments: []comment{
				{ID: 87, PosterID: 2, Text: "You guys are great - no one even had to come in on the weekend!", Source: "web",
					Created: ts("2013-08-20T18:46:53+00:00"), Modified: ts("2013-08-20T18:46:53+00:00")},
				{ID: 88, PosterID: 6, Text: "Hopefully it stays that way :) More slack time next iteration!", Source: "web",
					Created: ts("2013-08-20T18:47:31+00:00"), Modified: ts("2013-08-20T18:47:31+00:00")},
			}},
		{ID: 86, PosterID: 7, RecipientIDs: []int{2}, ValueIDs: []int{11, 12},
			Text:    "[b]Thank you[/b] for covering the release!\nNotes are [url=https://example.com/release]here[/url].",
			Source:  "web",
			Created: now.Add(-48 * time.Hour).UTC().Truncate(time.Second)},
		{ID: 87, PosterID: 2, RecipientIDs: []int{17, 53}, ValueIDs: []int{},
			Text: "Thanks for the [i]great[/i] onboarding session.", Source: "TribeHR for iOS",
			Created: now.Add(-24 * time.Hour).UTC().Truncate(time.Second)},
	} {
		k.Modified = k.Created
		st.kudos[k.ID] = k
		st.sawID("kudos", k.ID)
	}
	st.sawID("comments", 88)
}

// generateUsers adds n employees spread over the seeded managers (or
// without a manager when there is no demo data).
func (s *Server) generateUsers(n int, now time.Time) {
	st := s.st
	firstNames := []string{"Olivia", "Liam", "Noah", "Ava", "Mia", "Ethan", "Zoe", "Lucas", "Chloe", "Owen", "Maya", "Leo"}
	lastNames := []string{"Tremblay", "Gagnon", "Roy", "Cote", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagne"}
	managers := []int{}
	for _, id := range []int{5, 7} {
		if st.users[id] != nil {
			managers = append(managers, id)
		}
	}
	base := ts("2014-01-01T09:00:00+00:00")
	for i := 1; i <= n; i++ {
		id := st.nextID("users")
		mgr := 0
		if len(managers) > 0 {
			mgr = managers[i%len(managers)]
		}
		first, last := firstNames[i%len(firstNames)], lastNames[i%len(lastNames)]
		u := demoUser(id, fmt.Sprintf("user%d", i), fmt.Sprintf("user%d@example.com", i), first, last, GroupEmployees, mgr, 1000+id, 0)
		u.Created = base.Add(time.Duration(i) * time.Minute)
		u.Modified = u.Created
		st.users[id] = u
	}
}
