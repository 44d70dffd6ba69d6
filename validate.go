package tribehr

import "fmt"

// Client-side validation shared by the resource services: every write is
// checked before anything is sent, and a *ValidationError lists every
// problem at once.

// problems collects the problems of a request's parameters; err returns a
// *ValidationError when there is any. Resource services use it to check
// parameters before anything is sent.
type problems struct {
	op   string
	list []FieldError
}

func (p *problems) add(field, format string, args ...any) {
	p.list = append(p.list, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Op: p.op, Problems: p.list}
}

// validated checks a call: check (when not nil) adds the problems of its
// parameters, then the call's options add theirs, so that one
// *ValidationError lists them all. It returns the options to send with.
func validated(op string, opts []CallOption, check func(p *problems)) (callConfig, error) {
	p := problems{op: op}
	if check != nil {
		check(&p)
	}
	cfg := p.options(opts)
	return cfg, p.err()
}

// checkCall checks the options of a call that has no parameters.
func checkCall(op string, opts []CallOption) (callConfig, error) {
	return validated(op, opts, nil)
}

// checkItemID checks the id and options of a call on one item.
func checkItemID(op string, id ID, opts []CallOption) (callConfig, error) {
	return validated(op, opts, func(p *problems) { checkID(p, id) })
}

// checkID reports an id that cannot name an item.
func checkID(p *problems, id ID) {
	if id <= 0 {
		p.add("id", "must be positive, got %d", id)
	}
}

// partialID returns the id of the partial object a Full call turns into the
// full one: a *ValidationError when the object is nil or its id is absent,
// null or not positive, so that Full never fetches a wrong URL.
func partialID[T any](op string, partial *T, id func(*T) Field[ID]) (ID, error) {
	p := problems{op: op}
	if partial == nil {
		p.add("", "it is nil")
		return 0, p.err()
	}
	v, ok := id(partial).Get()
	switch {
	case !ok:
		p.add("id", "missing (%s)", id(partial))
	case v <= 0:
		p.add("id", "must be positive, got %d", v)
	}
	return v, p.err()
}

// checkRef reports a reference to a non-positive id.
func checkRef(p *problems, field string, id *ID) {
	if id != nil && *id <= 0 {
		p.add(field, "must be positive, got %d", *id)
	}
}

// checkRefs reports the non-positive ids of a list of references.
func checkRefs(p *problems, field string, ids IDs) {
	for i, id := range ids {
		if id <= 0 {
			p.add(field, "item %d must be positive, got %d", i, id)
		}
	}
}
