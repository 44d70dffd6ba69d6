package tribehrtest

import (
	"fmt"
	"hash/crc32"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strings"
)

// maxKudosList is the most kudos GET /kudos.json returns.
const maxKudosList = 50

// defaultSource is the source of a kudos created without an X-Source
// header, as the samples show for kudos made in the web app.
const defaultSource = "web"

// kudosURL is the url the samples give kudos: they are "notes" inside
// TribeHR. (The fake does not serve /notes/{id}.json, as the document's
// known issues allow.)
func kudosURL(id int) string { return fmt.Sprintf("/notes/%d.json", id) }

// textFormat reads formattedTextAs: html reports whether to render HTML.
func textFormat(c *call) (html bool, rep reply, ok bool) {
	switch f := c.queryGet("formattedTextAs"); strings.ToLower(f) {
	case "", "bbcode":
		return false, reply{}, true
	case "html":
		return true, reply{}, true
	default:
		return false, invalid([]string{fmt.Sprintf("formattedTextAs: %q is not html or bbcode", f)}), false
	}
}

func (st *store) kudosObject(k *kudos, html, full bool) object {
	o := object{{"id", k.ID}}
	if p := st.users[k.PosterID]; p != nil {
		o.set("poster", st.partialUser(p))
	}
	recipients := []any{}
	for _, id := range k.RecipientIDs {
		if u := st.users[id]; u != nil {
			recipients = append(recipients, st.partialUser(u))
		}
	}
	o.set("recipients", recipients)
	if full {
		values := []any{}
		for _, id := range k.ValueIDs {
			if v := st.values[id]; v != nil {
				values = append(values, valueObject(v))
			}
		}
		o.set("values", values)
		comments := []any{}
		for _, cm := range k.Comments {
			item := object{
				{"id", cm.ID},
				{"comment", cm.Text},
				{"source", cm.Source},
				{"created", formatDateTime(cm.Created)},
				{"modified", formatDateTime(cm.Modified)},
				{"url", fmt.Sprintf("/comments/%d.json", cm.ID)},
			}
			if p := st.users[cm.PosterID]; p != nil {
				item.set("poster", st.partialUser(p))
			}
			comments = append(comments, item)
		}
		o.set("comments", comments)
	}
	if k.Picture != "" {
		o.set("picture", object{{"url", k.Picture}})
	}
	text := k.Text
	if html {
		text = bbcodeToHTML(text)
	}
	o.set("text", text)
	o.set("comment_count", len(k.Comments))
	o.set("url", kudosURL(k.ID))
	o.set("source", k.Source)
	o.set("created", formatDateTime(k.Created))
	return o
}

// listKudos answers GET /kudos.json: the 50 most recent kudos, newest first.
func listKudos(c *call) reply {
	html, rep, ok := textFormat(c)
	if !ok {
		return rep
	}
	st := c.st()
	all := make([]*kudos, 0, len(st.kudos))
	for _, k := range st.kudos {
		all = append(all, k)
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].Created.Equal(all[j].Created) {
			return all[i].Created.After(all[j].Created)
		}
		return all[i].ID > all[j].ID
	})
	if len(all) > maxKudosList {
		all = all[:maxKudosList]
	}
	out := []any{}
	for _, k := range all {
		out = append(out, st.kudosObject(k, html, false))
	}
	return c.listReply(sliceSource(out))
}

// getKudos answers GET /kudos/{id}.json.
func getKudos(c *call) reply {
	html, rep, ok := textFormat(c)
	if !ok {
		return rep
	}
	k := c.st().kudos[c.id]
	if k == nil {
		return notFound("Kudos")
	}
	return jsonReply(http.StatusOK, c.st().kudosObject(k, html, true))
}

var kudosFields = []string{"recipients[][id]", "text", "values[][id]", "picture"}

var unsafeFileChars = regexp.MustCompile(`[^a-zA-Z0-9_-]+`)

// applyKudosForm validates the form and applies it to k.
func (c *call) applyKudosForm(k *kudos, creating bool) []string {
	st, f := c.st(), c.form
	var v validation
	allowed := kudosFields
	if !creating {
		allowed = append([]string{"id"}, kudosFields...)
	}
	v.checkUnknown(f, allowed...)
	if ids, ok := v.idList(f, "recipients[][id]"); ok {
		for _, id := range ids {
			if u := st.users[id]; u == nil || u.Terminated {
				v.addf("recipients[][id]: no active user has id %d", id)
			}
		}
		k.RecipientIDs = ids
	}
	if ids, ok := v.idList(f, "values[][id]"); ok {
		for _, id := range ids {
			if st.values[id] == nil {
				v.addf("values[][id]: no value has id %d", id)
			}
		}
		k.ValueIDs = ids
	}
	if s, ok := f.get("text"); ok {
		k.Text = s
	}
	if s, ok := f.get("picture"); ok {
		if s != "" {
			v.addf("picture: must be sent as a file part of a multipart/form-data body")
		} else {
			k.Picture = "" // an empty picture field removes the picture
		}
	}
	if file := f.files["picture"]; file != nil {
		kind := http.DetectContentType(file.Data)
		if len(file.Data) == 0 || !strings.HasPrefix(kind, "image/") {
			v.addf("picture: %q is not an image", file.Filename)
		} else {
			ext := strings.ToLower(path.Ext(file.Filename))
			base := unsafeFileChars.ReplaceAllString(strings.TrimSuffix(path.Base(file.Filename), path.Ext(file.Filename)), "_")
			k.Picture = fmt.Sprintf("s3--pic_%s-%08x%s", base, crc32.ChecksumIEEE(file.Data), ext)
			st.pictures[k.Picture] = file.Data
		}
	}
	return v.msgs
}

// createKudos answers POST /kudos.json. The poster is the caller; the
// source is the X-Source header, or "web" without one.
func createKudos(c *call) reply {
	html, rep, ok := textFormat(c)
	if !ok {
		return rep
	}
	st := c.st()
	k := &kudos{PosterID: c.me.ID, RecipientIDs: []int{}, ValueIDs: []int{}}
	if msgs := c.applyKudosForm(k, true); len(msgs) > 0 {
		return invalid(msgs)
	}
	k.Source = strings.TrimSpace(c.r.Header.Get("X-Source"))
	if k.Source == "" {
		k.Source = defaultSource
	}
	k.ID = st.nextID("kudos")
	k.Created, k.Modified = c.now, c.now
	st.kudos[k.ID] = k
	c.fire("Kudos", "Add", k.ID)
	return jsonReply(http.StatusOK, st.kudosObject(k, html, true))
}

// updateKudos answers PUT /kudos/{id}.json: the poster or an administrator
// may edit; X-Source is ignored (the source is set at creation).
func updateKudos(c *call) reply {
	html, rep, ok := textFormat(c)
	if !ok {
		return rep
	}
	st := c.st()
	k := st.kudos[c.id]
	if k == nil {
		return notFound("Kudos")
	}
	if k.PosterID != c.me.ID && !isAdmin(c.me) {
		return accessDenied("You do not have permission to edit this kudos.")
	}
	next := *k
	if msgs := c.applyKudosForm(&next, false); len(msgs) > 0 {
		return invalid(msgs)
	}
	next.Modified = c.now
	*k = next
	c.fire("Kudos", "Edit", k.ID)
	return jsonReply(http.StatusOK, st.kudosObject(k, html, true))
}

// deleteKudos answers DELETE /kudos/{id}.json: the poster or an
// administrator may delete.
func deleteKudos(c *call) reply {
	st := c.st()
	k := st.kudos[c.id]
	if k == nil {
		return notFound("Kudos")
	}
	if k.PosterID != c.me.ID && !isAdmin(c.me) {
		return accessDenied("You do not have permission to delete this kudos.")
	}
	delete(st.kudos, k.ID)
	c.fire("Kudos", "Delete", k.ID)
	return deleted()
}
