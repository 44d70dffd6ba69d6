package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tribehr/tribehr-go"
)

// maxChain bounds the walk up the manager chain: no company is deeper, and
// a loop in the data must not hang the program.
const maxChain = 50

// errNoApprover: nobody up the chain may approve.
var errNoApprover = errors.New("no approver up the manager chain")

// approvers is the list of people who approve leave: usernames, emails or
// ids, as given on the command line. An empty list means "the requester's
// manager".
type approvers []string

func (a approvers) has(u *tribehr.User) bool {
	if len(a) == 0 {
		return true
	}
	for _, s := range a {
		switch {
		case strings.EqualFold(s, u.Username.Value()), strings.EqualFold(s, u.Email.Value()), s == u.ID.Value().String():
			return true
		}
	}
	return false
}

// managerID returns the id of u's manager, from u's assignment record;
// ok is false when u has none or the caller may not see it. It is the one
// place that reads the manager out of a user.
func managerID(u *tribehr.User) (id tribehr.ID, ok bool) {
	ar, ok := u.AssignmentRecord.Get()
	if !ok {
		return 0, false
	}
	m, ok := ar.Manager.Get()
	if !ok {
		return 0, false
	}
	return m.ID.Get()
}

// findApprover walks up the manager chain of the user with id requester,
// fetching each manager in full, until it reaches someone on the list. It
// returns that person and the chain from the requester up to them.
func findApprover(ctx context.Context, client *tribehr.Client, requester tribehr.ID, list approvers) (*tribehr.User, []*tribehr.User, error) {
	u, err := client.Users.Get(ctx, requester)
	if err != nil {
		return nil, nil, fmt.Errorf("fetch the requester %d: %w", requester, err)
	}
	chain := []*tribehr.User{u}
	seen := map[tribehr.ID]bool{requester: true}
	for len(chain) <= maxChain {
		id, ok := managerID(u)
		if !ok {
			return nil, chain, fmt.Errorf("%w: %s has no manager", errNoApprover, name(u))
		}
		if seen[id] {
			return nil, chain, fmt.Errorf("%w: the chain loops back to user %d", errNoApprover, id)
		}
		seen[id] = true
		if u, err = client.Users.Get(ctx, id); err != nil {
			return nil, chain, fmt.Errorf("fetch the manager %d: %w", id, err)
		}
		chain = append(chain, u)
		if list.has(u) {
			return u, chain, nil
		}
	}
	return nil, chain, fmt.Errorf("%w: more than %d managers up", errNoApprover, maxChain)
}

// name is a user's display name, else their username.
func name(u *tribehr.User) string {
	if n := strings.TrimSpace(u.DisplayName.Value()); n != "" {
		return n
	}
	if n := u.Username.Value(); n != "" {
		return n
	}
	return "user " + u.ID.Value().String()
}

// notification is the message to the approver of a leave request, in the
// words of TribeHR's post: "Stephanie Miller has requested 5 hours of PTO
// time starting on March 6".
func notification(approver *tribehr.User, chain []*tribehr.User, lr *tribehr.LeaveRequest) string {
	requester := chain[0]
	kind := strings.TrimSpace(lr.LeaveType.Value().Name.Value())
	if kind == "" {
		kind = "leave"
	}
	var amount string
	days, hasDays := lr.Days.Get()
	hours, hasHours := lr.Hours.Get()
	switch {
	case hasDays && hasHours:
		amount = plural(days, "day") + " (" + plural(hours, "hour") + ")"
	case hasDays:
		amount = plural(days, "day")
	case hasHours:
		amount = plural(hours, "hour")
	default:
		amount = "time"
	}
	when := "starting on " + lr.DateStart.Value().String()
	if end, ok := lr.DateEnd.Get(); ok && end != lr.DateStart.Value() {
		when = "from " + lr.DateStart.Value().String() + " to " + end.String()
	}
	var path []string
	for _, u := range chain {
		path = append(path, name(u))
	}
	to := name(approver)
	if email := approver.Email.Value(); email != "" {
		to += " <" + email + ">"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "To: %s\n", to)
	fmt.Fprintf(&b, "Subject: %s has requested %s of %s\n\n", name(requester), amount, kind)
	fmt.Fprintf(&b, "%s has requested %s of %s %s (leave request #%d, %s).\n",
		name(requester), amount, kind, when, lr.ID.Value(), strings.ToLower(string(lr.Status.Value())))
	if c := strings.TrimSpace(lr.Comments.Value()); c != "" {
		fmt.Fprintf(&b, "Their note: %s\n", c)
	}
	fmt.Fprintf(&b, "You are told as the first approver up the chain: %s.\n", strings.Join(path, " → "))
	b.WriteString("Log in to TribeHR to approve or reject it.\n")
	return b.String()
}

// plural writes an amount of days or hours, exact as the API sent it
// ("1.5 days"): they are decimals.
func plural(n tribehr.Decimal, unit string) string {
	s := n.Normalized().String()
	if s == "1" {
		return "1 " + unit
	}
	return s + " " + unit + "s"
}
