package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/tribehr/tribehr-go"
)

// This file is the sync itself: what a user of the SDK would copy into
// their own job. It reads TribeHR and writes a local JSON store; main.go
// only parses flags, connects and prints.
//
// The rules, field by field:
//
//   - absent (the server did not send the field: this account may not see
//     it): the stored value is left alone. Writing it as empty would wipe
//     data that a better-placed account (an administrator's nightly run)
//     stored, only because this account is not allowed to see it.
//   - null or "" (the server sent it, empty): the stored value is cleared
//     (stored as JSON null).
//   - a value: the stored value is set.
//   - unparsed (the server sent something the SDK could not read): left
//     alone, and reported, so one odd value never wipes good data.
//
// A field missing from a stored record was never seen by any sync; a field
// stored as null is known to be empty in TribeHR.
//
// Users, as a whole:
//
//   - every user in the active-user list (GET /users.json) is fetched in
//     full, created or updated in the store, and marked active.
//   - a stored user who was active but is no longer listed has been
//     terminated (TribeHR lists active users only) or removed. They are
//     fetched once more, to record their final state (such as
//     employee_status TERMINATED), and marked inactive. Their record is
//     kept, never deleted: a warehouse or payroll system needs the history.
//     If TribeHR no longer serves them (404) or hides them from this
//     account (403), they are marked inactive as they are. Inactive users
//     are not fetched again unless they reappear in the list (rehired).
//   - a listed user who fails with an error about that user alone (404:
//     removed between the list and the fetch; 403 ACCESS_ERROR: hidden from
//     this account) is reported and skipped: their stored record, if any,
//     is left exactly as it was, and the next run tries again.
//   - any other failure (401 bad credentials, 429 rate limit still hit after
//     the retry policy gave up, maintenance, network, the program being
//     interrupted) aborts the run, and the store file is not touched.
//
// The store file is written once, at the end of a successful run, to a
// temporary file in the same directory that is then renamed over the old
// one: a reader sees the old store or the new one, never half of one. A run
// that changes nothing does not rewrite the file.

// defaultWorkers is how many users are fetched at a time unless the
// caller says otherwise.
const defaultWorkers = 4

// syncConfig is what a sync needs besides the client.
type syncConfig struct {
	// StorePath is the JSON file the users are kept in; it is created if
	// it does not exist.
	StorePath string
	// Workers is how many users are fetched at the same time (at least 1;
	// 0 means defaultWorkers). The client's rate limit still applies to
	// all of them together.
	Workers int
	// Now gives the time recorded on the records that change; nil means
	// time.Now.
	Now func() time.Time
}

// summary is what a sync did.
type summary struct {
	// Listed is how many users the active-user list held.
	Listed int
	// Created, Updated and Unchanged count the listed users by what
	// happened to their record; Deactivated counts the stored users who
	// left the list (terminated or removed) and were marked inactive.
	Created, Updated, Unchanged, Deactivated int
	// Skipped are the users that failed with an error about them alone.
	Skipped []skippedUser
	// FieldsSet counts the stored fields given a new value, FieldsCleared
	// those newly stored as empty (null), new records included;
	// FieldsLeftAlone counts the fields the server did not send (or sent
	// unreadable), whose stored values were kept.
	FieldsSet, FieldsCleared, FieldsLeftAlone int
	// Unreadable lists the fields the server sent in a form the SDK could
	// not read, as "user 7 pay_rate: reason".
	Unreadable []string
	// Written reports whether the store file was written; a run that
	// changes nothing leaves it as it was.
	Written bool
}

// skippedUser is a user a sync could not read, and why.
type skippedUser struct {
	ID   tribehr.ID
	Name string
	Err  error
}

// store is the local copy of the users: the stand-in for a data warehouse
// table or a payroll database.
type store struct {
	// Account is the host name of the TribeHR account the users came from,
	// so that one store never mixes the users of two accounts.
	Account string
	// Users are the records, by TribeHR user id; the file lists them
	// sorted by id.
	Users map[tribehr.ID]*record
}

// record is one user in the store.
type record struct {
	ID tribehr.ID `json:"id"`
	// Active reports whether the user was in the active-user list at the
	// last sync that saw them.
	Active bool `json:"active"`
	// Fields are the columns (see observeUser): a missing key was never
	// seen, null is known to be empty, a string is the value.
	Fields map[string]*string `json:"fields"`
	// Changed is when this record last changed in the store.
	Changed time.Time `json:"changed"`
}

// storeFile is the JSON form of a store.
type storeFile struct {
	Account string    `json:"account"`
	Users   []*record `json:"users"`
}

// loadStore reads the store at path; a file that does not exist is an
// empty store. A file that cannot be read or parsed is an error, so that a
// damaged store is never overwritten by a fresh one.
func loadStore(path string) (*store, error) {
	s := &store{Users: map[tribehr.ID]*record{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read store: %w", err)
	}
	var f storeFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("read store %s: %w", path, err)
	}
	s.Account = f.Account
	for _, r := range f.Users {
		if r == nil || r.ID <= 0 {
			return nil, fmt.Errorf("read store %s: a user record has no valid id", path)
		}
		if r.Fields == nil {
			r.Fields = map[string]*string{}
		}
		s.Users[r.ID] = r
	}
	return s, nil
}

// marshal returns the store's JSON, with the users sorted by id, so that
// an unchanged store always has the same bytes.
func (s *store) marshal() ([]byte, error) {
	f := storeFile{Account: s.Account, Users: make([]*record, 0, len(s.Users))}
	for _, r := range s.Users {
		f.Users = append(f.Users, r)
	}
	slices.SortFunc(f.Users, func(a, b *record) int { return cmp.Compare(a.ID, b.ID) })
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, flushed to disk and then renamed over path, so that path holds
// either its old content or all of data. The file is private to its owner
// (0600): it holds pay rates and personal details.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("set permissions of %s: %w", tmp.Name(), err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("flush %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	return nil
}

// job is one user to fetch in full.
type job struct {
	id   tribehr.ID
	name string
	// departed marks a stored active user missing from the active list.
	departed bool
}

// fetched is the outcome of one job: the full user, or an error about
// that user alone.
type fetched struct {
	user *tribehr.User
	err  error
}

// perUserError reports whether err concerns one user only, so the sync
// may skip that user and go on: the user is gone (404) or hidden from this
// account (403 ACCESS_ERROR). Everything else (401, 429 after retries, 5xx,
// network errors, cancellation) would fail for the next user too, and
// aborts the run.
func perUserError(err error) bool {
	return errors.Is(err, tribehr.ErrNotFound) || errors.Is(err, tribehr.CodeAccess)
}

// runSync copies the users client may see into the store at cfg.StorePath
// and reports what it did. On error the store file is left as it was; the
// error wraps the SDK's (a *tribehr.APIError, matching sentinels such as
// tribehr.ErrUnauthorized or tribehr.ErrRateLimited) or the context's.
func runSync(ctx context.Context, client *tribehr.Client, cfg syncConfig) (*summary, error) {
	workers := cfg.Workers
	if workers == 0 {
		workers = defaultWorkers
	}
	if workers < 0 {
		return nil, fmt.Errorf("workers must be at least 1, got %d", workers)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}

	st, err := loadStore(cfg.StorePath)
	if err != nil {
		return nil, err
	}
	account := client.BaseURL().Hostname()
	if st.Account != "" && st.Account != account {
		return nil, fmt.Errorf("store %s holds the users of %s, not of %s: use another -store", cfg.StorePath, st.Account, account)
	}
	before, err := st.marshal()
	if err != nil {
		return nil, fmt.Errorf("encode store: %w", err)
	}

	// The list is walked as it arrives (a company of any size costs one
	// partial user of memory at a time); only the ids and names are kept.
	sum := &summary{}
	var jobs []job
	inList := map[tribehr.ID]bool{}
	for u, err := range client.Users.ListIter(ctx) {
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		sum.Listed++
		id, ok := u.ID.Get()
		if !ok || id <= 0 {
			sum.Skipped = append(sum.Skipped, skippedUser{Name: u.DisplayName.Or(u.Username.Or("?")),
				Err: errors.New("listed without an id")})
			continue
		}
		inList[id] = true
		jobs = append(jobs, job{id: id, name: u.DisplayName.Or(u.Username.Or(""))})
	}
	for id, r := range st.Users {
		if r.Active && !inList[id] {
			jobs = append(jobs, job{id: id, name: r.stored("display_name"), departed: true})
		}
	}
	// An empty list while the store holds active users is far more likely
	// a fault than every employee leaving at once: refuse to deactivate
	// them all.
	if len(inList) == 0 && len(jobs) > 0 {
		return nil, fmt.Errorf("the active-user list is empty but the store has %d active users: refusing to mark them all inactive", len(jobs))
	}

	results, err := fetchAll(ctx, client, jobs, workers)
	if err != nil {
		return nil, err
	}

	stamp := now().UTC().Truncate(time.Second)
	for i, j := range jobs {
		res := results[i]
		r := st.Users[j.id]
		if res.err != nil && !j.departed {
			sum.Skipped = append(sum.Skipped, skippedUser{ID: j.id, Name: j.name, Err: res.err})
			continue
		}
		isNew := r == nil
		if isNew {
			r = &record{ID: j.id, Fields: map[string]*string{}}
		}
		changed := false
		if res.user != nil { // nil for a departed user TribeHR no longer serves
			changed = apply(r, observeUser(res.user), sum)
		}
		if active := !j.departed; r.Active != active {
			r.Active, changed = active, true
		}
		switch {
		case j.departed:
			sum.Deactivated++
		case isNew:
			sum.Created++
		case changed:
			sum.Updated++
		default:
			sum.Unchanged++
		}
		if changed {
			r.Changed = stamp
			st.Users[j.id] = r
		}
	}

	st.Account = account
	after, err := st.marshal()
	if err != nil {
		return nil, fmt.Errorf("encode store: %w", err)
	}
	if string(after) == string(before) {
		return sum, nil
	}
	// The last chance to stop: once the rename is done, the run counts.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(cfg.StorePath, after); err != nil {
		return nil, fmt.Errorf("write store: %w", err)
	}
	sum.Written = true
	return sum, nil
}

// fetchAll gets every job's user in full, with at most workers requests in
// flight. It is errgroup-style without the dependency: the first error
// that is not about one user alone cancels the rest and is returned.
// results[i] belongs to jobs[i]; a departed user's 404 or 403 is kept as
// its result, not returned.
func fetchAll(ctx context.Context, client *tribehr.Client, jobs []job, workers int) ([]fetched, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	results := make([]fetched, len(jobs))
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
feed:
	for i, j := range jobs {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			break feed
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			u, err := client.Users.Get(ctx, j.id)
			if err != nil && !perUserError(err) {
				cancel(fmt.Errorf("get user %d: %w", j.id, err))
				return
			}
			results[i] = fetched{user: u, err: err}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return results, nil
}

// obsState is what a sync learnt about one field.
type obsState int

// The states of an obs, one for each state of a tribehr.Field.
const (
	obsAbsent     obsState = iota // not sent: leave the stored value alone
	obsEmpty                      // sent as null or "": clear it
	obsValue                      // sent with a value: set it
	obsUnreadable                 // sent, but unreadable: leave it alone, report it
)

// obs is one field of one user as the server sent it, reduced to the text
// the store keeps.
type obs struct {
	state obsState
	value string
	err   error // why an unreadable field could not be read
}

// column is one stored field and what the server said about it.
type column struct {
	name string
	obs  obs
}

// observeUser reduces a full user to the store's columns. Nested fields
// (a job title inside a job inside an assignment record) are absent when
// any object on the way is absent, and empty when one is null: a user
// whose job is null has no job title.
func observeUser(u *tribehr.User) []column {
	ar, er := u.AssignmentRecord, u.EmployeeRecord
	pay := func(get func(tribehr.PayInfo) obs) obs {
		return within(ar, func(a tribehr.AssignmentRecord) obs { return within(a.PayInfo, get) })
	}
	return []column{
		{"username", text(u.Username)},
		{"email", text(u.Email)},
		{"display_name", text(u.DisplayName)},
		{"first_name", within(er, func(e tribehr.EmployeeRecord) obs { return text(e.FirstName) })},
		{"last_name", within(er, func(e tribehr.EmployeeRecord) obs { return text(e.LastName) })},
		{"employee_status", within(ar, func(a tribehr.AssignmentRecord) obs { return text(a.EmployeeStatus) })},
		{"job_title", within(ar, func(a tribehr.AssignmentRecord) obs {
			return within(a.Job, func(j tribehr.Job) obs { return text(j.Title) })
		})},
		{"department", within(ar, func(a tribehr.AssignmentRecord) obs {
			return within(a.Department, func(d tribehr.Department) obs { return text(d.Name) })
		})},
		{"manager_id", within(ar, func(a tribehr.AssignmentRecord) obs {
			return within(a.Manager, func(m tribehr.User) obs { return observe(m.ID, tribehr.ID.String) })
		})},
		{"work_phone", within(ar, func(a tribehr.AssignmentRecord) obs { return text(a.Phone) })},
		{"work_phone_ext", within(ar, func(a tribehr.AssignmentRecord) obs { return number(a.Ext) })},
		// The fields below are private: the user, their managers and
		// administrators see them; anyone else gets them absent.
		{"group", text(u.Group)},
		{"employee_num", within(ar, func(a tribehr.AssignmentRecord) obs { return number(a.EmployeeNum) })},
		{"date_hired", within(ar, func(a tribehr.AssignmentRecord) obs { return observe(a.DateHired, tribehr.Date.String) })},
		{"pay_type", pay(func(p tribehr.PayInfo) obs { return text(p.Type) })},
		// The exact decimal text the server sent ("65346.30"): money never
		// goes through a float64.
		{"pay_rate", pay(func(p tribehr.PayInfo) obs { return observe(p.Rate, tribehr.Decimal.String) })},
		{"pay_currency", pay(func(p tribehr.PayInfo) obs { return text(p.Currency) })},
		{"home_phone", within(er, func(e tribehr.EmployeeRecord) obs { return text(e.Phone) })},
		{"city", within(er, func(e tribehr.EmployeeRecord) obs { return text(e.City) })},
	}
}

// observe reduces a field to an obs, formatting a value with format; a
// value that formats as "" (an empty text, the zero Date or Decimal) is
// empty.
func observe[T any](f tribehr.Field[T], format func(T) string) obs {
	switch {
	case f.Absent():
		return obs{state: obsAbsent}
	case f.Null():
		return obs{state: obsEmpty}
	case f.Unparsed():
		return obs{state: obsUnreadable, err: f.Err()}
	}
	v, _ := f.Get()
	if s := format(v); s != "" {
		return obs{state: obsValue, value: s}
	}
	return obs{state: obsEmpty}
}

// within observes a field of a nested object: absent or unreadable when
// the object is, empty when the object is null.
func within[P any](parent tribehr.Object[P], child func(P) obs) obs {
	switch {
	case parent.Absent():
		return obs{state: obsAbsent}
	case parent.Null():
		return obs{state: obsEmpty}
	case parent.Unparsed():
		return obs{state: obsUnreadable, err: parent.Err()}
	}
	return child(parent.Value())
}

// text observes a text field.
func text(f tribehr.Field[string]) obs {
	return observe(f, func(s string) string { return s })
}

// number observes an integer field.
func number(f tribehr.Field[int64]) obs {
	return observe(f, func(n int64) string { return strconv.FormatInt(n, 10) })
}

// apply writes what the server said into r, by the rules at the top of this
// file, counts it in sum, and reports whether r changed.
func apply(r *record, cols []column, sum *summary) bool {
	changed := false
	for _, c := range cols {
		cur, known := r.Fields[c.name]
		switch c.obs.state {
		case obsAbsent:
			sum.FieldsLeftAlone++
		case obsUnreadable:
			sum.FieldsLeftAlone++
			sum.Unreadable = append(sum.Unreadable, fmt.Sprintf("user %d %s: %v", r.ID, c.name, c.obs.err))
		case obsEmpty:
			if !known || cur != nil {
				r.Fields[c.name] = nil
				sum.FieldsCleared++
				changed = true
			}
		case obsValue:
			if !known || cur == nil || *cur != c.obs.value {
				v := c.obs.value
				r.Fields[c.name] = &v
				sum.FieldsSet++
				changed = true
			}
		}
	}
	return changed
}

// stored returns the stored value of a field, or "" when it has none.
func (r *record) stored(name string) string {
	if v := r.Fields[name]; v != nil {
		return *v
	}
	return ""
}
