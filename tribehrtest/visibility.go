package tribehrtest

// The visibility rules of the fake. The document says that Administrators
// see all data; Employees see data marked "Everyone" plus their own data
// marked "Manager and Employee"; Managers see "Everyone" data plus data of
// the users they manage; and (2.0.1) a user sees their own group, a manager
// the group of the users they manage, an administrator everybody's.
// The fake marks fields as follows:
//
//   - Everyone: a user's id, username, email, display_name, avatar, the
//     social links, created/modified, badge_count; the employee record's
//     first_name and last_name; the assignment record's status, full_time,
//     phone, ext, job, department, manager, employee_class and location.
//   - Manager and Employee (the user, the managers above them, admins):
//     group, custom_field_records, leave_usages, the assignment record's
//     employee_num, date_hired and pay_info, and every other employee
//     record field (address, birthdate, emergency contact…).
//   - The user alone: api_key.
//
// A manager manages their direct reports and, through them, the reports'
// reports. Only users in the Managers group manage anyone.

func isAdmin(u *user) bool { return u.Group == GroupAdministrators }

// manages reports whether m manages u (directly or indirectly).
func (st *store) manages(m, u *user) bool {
	if m.Group != GroupManagers || m.ID == u.ID {
		return false
	}
	seen := map[int]bool{}
	for cur := u; cur.ManagerID != 0 && !seen[cur.ID]; {
		seen[cur.ID] = true
		if cur.ManagerID == m.ID {
			return true
		}
		next := st.users[cur.ManagerID]
		if next == nil {
			return false
		}
		cur = next
	}
	return false
}

// seesPrivate reports whether viewer may see u's "Manager and Employee"
// data.
func (st *store) seesPrivate(viewer, u *user) bool {
	return viewer.ID == u.ID || isAdmin(viewer) || st.manages(viewer, u)
}

// canApprove reports whether viewer may approve or reject u's leave: an
// administrator, or a manager of u (nobody approves their own leave unless
// they are an administrator).
func (st *store) canApprove(viewer, u *user) bool {
	return isAdmin(viewer) || st.manages(viewer, u)
}
