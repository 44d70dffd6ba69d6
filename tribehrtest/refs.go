package tribehrtest

import (
	"fmt"
	"net/http"
	"sort"
)

// Reference data: leave types, event types, locations and values. The API
// documents them only through the objects that embed them; the fake also
// answers GET on their collections and items, read-only.

// leaveTypeObject is the partial leave type of lists and embedded objects,
// as every v2 sample shows it.
func leaveTypeObject(l *leaveType) object {
	return object{{"id", l.ID}, {"name", l.Name}, {"accrual", l.Accrual}, {"url", leaveTypeURL(l.ID)}}
}

// fullLeaveType is one leave type, with the fields the later API
// documentation's sample adds (action_phrase, unpaid, created, modified).
func fullLeaveType(l *leaveType) object {
	return object{{"id", l.ID}, {"name", l.Name}, {"accrual", l.Accrual}, {"action_phrase", l.ActionPhrase},
		{"unpaid", l.Unpaid}, {"created", formatDateTime(l.Created)}, {"modified", formatDateTime(l.Modified)},
		{"url", leaveTypeURL(l.ID)}}
}

func leaveTypeURL(id int) string { return fmt.Sprintf("/leave_types/%d.json", id) }

func eventTypeObject(t *eventType) object {
	return object{{"id", t.ID}, {"name", t.Name}, {"url", fmt.Sprintf("/event_types/%d.json", t.ID)}}
}

func locationObject(l *location) object {
	return object{{"id", l.ID}, {"name", l.Name}, {"url", fmt.Sprintf("/locations/%d.json", l.ID)}}
}

func valueObject(v *value) object {
	return object{{"id", v.ID}, {"name", v.Name}, {"image", object{{"url", v.Image}}}, {"url", fmt.Sprintf("/values/%d.json", v.ID)}}
}

// sortedIDs returns the keys of m in increasing order.
func sortedIDs[T any](m map[int]T) []int {
	ids := make([]int, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

func listOf[T any](c *call, m map[int]*T, render func(*T) object) reply {
	out := []any{}
	for _, id := range sortedIDs(m) {
		out = append(out, render(m[id]))
	}
	return c.listReply(sliceSource(out))
}

func oneOf[T any](m map[int]*T, id int, name string, render func(*T) object) reply {
	v := m[id]
	if v == nil {
		return notFound(name)
	}
	return jsonReply(http.StatusOK, render(v))
}

func listLeaveTypes(c *call) reply { return listOf(c, c.st().leaveTypes, leaveTypeObject) }
func getLeaveType(c *call) reply {
	return oneOf(c.st().leaveTypes, c.id, "Leave Type", fullLeaveType)
}
func listEventTypes(c *call) reply { return listOf(c, c.st().eventTypes, eventTypeObject) }
func getEventType(c *call) reply {
	return oneOf(c.st().eventTypes, c.id, "Event Type", eventTypeObject)
}
func listLocations(c *call) reply { return listOf(c, c.st().locations, locationObject) }
func getLocation(c *call) reply   { return oneOf(c.st().locations, c.id, "Location", locationObject) }
func listValues(c *call) reply    { return listOf(c, c.st().values, valueObject) }
func getValue(c *call) reply      { return oneOf(c.st().values, c.id, "Value", valueObject) }
