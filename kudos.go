package tribehr

import (
	"context"
	"iter"
	"strings"
)

// KudosService makes the calls of the API's kudos (/kudos).
// Reach it as Client.Kudos.
//
// List returns partial kudos; Get, Create and Update return full ones,
// with their values and comments. Full turns a partial kudos into the full
// one. The kudos' rich text comes back as BBCode unless a call passes
// FormattedTextAs(TextFormatHTML).
type KudosService struct {
	client *Client
}

// Kudos is a message of recognition one user posts to one or more others,
// with text, a picture, or both, and the company values it honours. One
// type serves both representations: a partial kudos (from List) has no
// values or comments; a field the caller may not see is absent, never
// empty.
type Kudos struct {
	ID Field[ID] `json:"id,omitzero"`
	// Poster is the user who posted the kudos (a partial user).
	Poster Object[User] `json:"poster,omitzero"`
	// Recipients are the users the kudos recognises (partial users).
	Recipients Field[[]User] `json:"recipients,omitzero"`
	// Values are the company values the kudos honours. Only full kudos
	// carry them.
	Values Field[[]Value] `json:"values,omitzero"`
	// Comments are the comments on the kudos, oldest first. Only full kudos
	// carry them.
	Comments Field[[]Comment] `json:"comments,omitzero"`
	// Picture is the kudos' attached picture; it is absent when the kudos
	// has none. The API sends its URL relative to /attachments/view/ (or,
	// since 2.1.0, as an absolute S3 URL); the SDK makes it absolute, such
	// as https://acme.mytribehr.com/attachments/view/s3--pic.jpg.
	Picture Object[Image] `json:"picture,omitzero" tribehr:"resolve=attachments"`
	// Text is the kudos' rich text: BBCode, or HTML when the call asked for
	// TextFormatHTML.
	Text Field[string] `json:"text,omitzero"`
	// CommentCount is how many comments the kudos has; partial kudos carry
	// it although they have no Comments.
	CommentCount Field[int] `json:"comment_count,omitzero"`
	// URL is the API path of the kudos as the server sends it. Kudos are
	// notes inside TribeHR, so it reads "/notes/83.json" and does not
	// name /kudos/83.json; use ID (or Full) to fetch the kudos again.
	URL Field[string] `json:"url,omitzero"`
	// Source is where the kudos came from: "web", or the X-Source header
	// (see WithSource) of the API consumer that created it.
	Source  Field[string]   `json:"source,omitzero"`
	Created Field[DateTime] `json:"created,omitzero"`
	Extra   Extra           `json:"-"`
}

// Value is one of the company's values (such as "Teamwork") that a kudos
// can honour, set up in the administration section of the TribeHR web app.
type Value struct {
	ID   Field[ID]     `json:"id,omitzero"`
	Name Field[string] `json:"name,omitzero"`
	// Image is the value's icon. The API sends a relative URL such as
	// "respect/icon.png" and documents no base for it; the SDK resolves it
	// the way it resolves kudos pictures, under /attachments/view/ (so
	// https://acme.mytribehr.com/attachments/view/respect/icon.png). An
	// icon URL with a leading slash resolves against the account root and
	// an absolute one is kept.
	Image Object[Image] `json:"image,omitzero" tribehr:"resolve=attachments"`
	// URL is the API path of the value, such as "/values/11.json".
	URL   Field[string] `json:"url,omitzero"`
	Extra Extra         `json:"-"`
}

// Comment is a comment on a kudos, as full kudos carry them.
type Comment struct {
	ID Field[ID] `json:"id,omitzero"`
	// Comment is the comment's text.
	Comment Field[string] `json:"comment,omitzero"`
	// Source is where the comment came from: "web", or the X-Source of the
	// API consumer that created it.
	Source   Field[string]   `json:"source,omitzero"`
	Created  Field[DateTime] `json:"created,omitzero"`
	Modified Field[DateTime] `json:"modified,omitzero"`
	// URL is the API path of the comment, such as "/comments/87.json".
	URL Field[string] `json:"url,omitzero"`
	// Poster is the user who wrote the comment (a partial user).
	Poster Object[User] `json:"poster,omitzero"`
	Extra  Extra        `json:"-"`
}

// KudosCreate holds the fields of a new kudos (POST /kudos.json). A kudos
// needs at least one recipient and text, a picture, or both; the API does
// not enforce this, the SDK does. The poster is always the authenticated
// user.
type KudosCreate struct {
	// Recipients are the ids of the users the kudos recognises (one or
	// more), sent as recipients[][id].
	Recipients IDs `url:"recipients"`
	// Text is plain text or BBCode (the API's tags: b i u url email hr
	// color size ul ol li left right center code quote), such as the
	// output of bbcode.Render, which takes it as it is:
	//
	//	text, err := bbcode.Render(bbcode.Bold(bbcode.Text("Thank you")), bbcode.Text(" for the release!"))
	//	// …
	//	k, err := client.Kudos.Create(ctx, &tribehr.KudosCreate{Recipients: tribehr.IDs{6}, Text: text})
	//
	// The API does not support HTML input; the SDK sends the text as
	// given, and sends nothing when it is "".
	Text string `url:"text,omitempty"`
	// Values are the ids of the company values the kudos honours (zero or
	// more), sent as values[][id].
	Values IDs `url:"values"`
	// Picture, when set, is attached to the kudos; the request is then sent
	// as multipart/form-data with the picture in a part named "picture".
	// Use FileFromBytes, or a File with any io.Reader.
	Picture *File `url:"picture,omitempty"`
}

// KudosUpdate holds the fields to change on a kudos (PUT
// /kudos/{id}.json). Every field is optional: a nil field is left as it
// is.
type KudosUpdate struct {
	// Recipients, when set, replaces the recipients. A kudos keeps at
	// least one, so IDs{} is refused.
	Recipients IDs `url:"recipients"`
	// Text, when set, replaces the text (plain text or BBCode, such as the
	// output of bbcode.Render: Text: &text).
	Text *string `url:"text,omitempty"`
	// Values, when set, replaces the values; IDs{} removes them all
	// (values[][id]= with an empty value, as the API documents).
	Values IDs `url:"values"`
	// Picture, when set, replaces the picture (sent as multipart/form-data).
	Picture *File `url:"picture,omitempty"`
}

// List returns up to 50 of the most recently created kudos, newest first.
// The API warns that this call can take quite some time. It implements
// "GET /kudos Getting Kudos" (GET /kudos.json) and returns partial kudos:
// no values, no comments.
func (s *KudosService) List(ctx context.Context, opts ...CallOption) ([]Kudos, error) {
	cfg, err := checkCall("kudos list", opts)
	if err != nil {
		return nil, err
	}
	return collect[Kudos](s.client, ctx, cfg, "kudos.json", nil)
}

// ListIter is List as an iterator (see [UsersService.ListIter]).
func (s *KudosService) ListIter(ctx context.Context, opts ...CallOption) iter.Seq2[Kudos, error] {
	cfg, err := checkCall("kudos list", opts)
	if err != nil {
		return failedSeq[Kudos](err)
	}
	return iterate[Kudos](s.client, ctx, cfg, "kudos.json", nil)
}

// Get returns the full kudos with the given id, with its values and
// comments. It implements "View details about an individual kudos" (GET
// /kudos/{id}.json).
func (s *KudosService) Get(ctx context.Context, id ID, opts ...CallOption) (*Kudos, error) {
	cfg, err := checkItemID("get kudos", id, opts)
	if err != nil {
		return nil, err
	}
	var k Kudos
	if meta, err := s.client.get(ctx, cfg, kudosPath(id), nil, &k); err != nil || meta.NotModified {
		return nil, err
	}
	return &k, nil
}

// Full returns the full representation of a partial kudos, such as one from
// List, by fetching it with Get. The partial kudos is not changed.
// A nil object, or one without a positive id, is a *ValidationError and
// nothing is sent.
func (s *KudosService) Full(ctx context.Context, partial *Kudos, opts ...CallOption) (*Kudos, error) {
	id, err := partialID("partial kudos", partial, func(p *Kudos) Field[ID] { return p.ID })
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id, opts...)
}

// Create posts a kudos as the authenticated user and returns it in full. It
// implements "POST /kudos Sending Kudos" (POST /kudos.json). The server
// records the Client's WithSource name (the X-Source header) as the kudos'
// Source when it creates the kudos, and only then: an Update never changes
// it. The parameters are checked before anything is sent. With create
// recovery (WithCreateRecovery), a create whose answer was lost is looked
// for among the 50 most recent kudos (same poster, recipients and text,
// created since the call began) before it is ever sent again.
func (s *KudosService) Create(ctx context.Context, params *KudosCreate, opts ...CallOption) (*Kudos, error) {
	cfg, err := validated("kudos create", opts, params.check)
	if err != nil {
		return nil, err
	}
	var k Kudos
	find := func(ctx context.Context, l *lookup) (bool, error) { return s.findCreated(ctx, l, params, &k) }
	if err := s.client.create(ctx, cfg, "kudos.json", params, &k, find); err != nil {
		return nil, err
	}
	return &k, nil
}

// Update changes the given fields of the kudos with the given id and
// returns it in full. It implements "PUT /kudos Modifying Kudos" (PUT
// /kudos/{id}.json); the body carries id, equal to the URL's. The kudos'
// Source does not change.
func (s *KudosService) Update(ctx context.Context, id ID, params *KudosUpdate, opts ...CallOption) (*Kudos, error) {
	cfg, err := validated("kudos update", opts, func(p *problems) { params.check(p, id) })
	if err != nil {
		return nil, err
	}
	var k Kudos
	if err := s.client.update(ctx, cfg, kudosPath(id), id, params, &k); err != nil {
		return nil, err
	}
	return &k, nil
}

// Delete deletes the kudos with the given id. It implements "DELETE
// /[any resource]/{id} Deleting Resources" (DELETE /kudos/{id}.json).
func (s *KudosService) Delete(ctx context.Context, id ID, opts ...CallOption) error {
	cfg, err := checkItemID("delete kudos", id, opts)
	if err != nil {
		return err
	}
	return s.client.delete(ctx, cfg, kudosPath(id))
}

func kudosPath(id ID) string { return "kudos/" + id.String() + ".json" }

// attachmentsPath is where the API serves kudos pictures (and, as the SDK
// reads it, value icons) from.
const attachmentsPath = "attachments/view/"

func (params *KudosCreate) check(p *problems) {
	if params == nil {
		p.add("", "parameters are nil")
		return
	}
	if len(params.Recipients) == 0 {
		p.add("recipients[][id]", "at least one recipient is required")
	}
	checkRefs(p, "recipients[][id]", params.Recipients)
	if strings.TrimSpace(params.Text) == "" && params.Picture == nil {
		p.add("text", "a kudos needs text, a picture, or both")
	}
	checkPicture(p, params.Picture)
	checkRefs(p, "values[][id]", params.Values)
}

func (params *KudosUpdate) check(p *problems, id ID) {
	checkID(p, id)
	if params == nil {
		p.add("", "parameters are nil")
		return
	}
	if params.Recipients != nil && len(params.Recipients) == 0 {
		p.add("recipients[][id]", "cannot be cleared: a kudos needs at least one recipient")
	}
	checkRefs(p, "recipients[][id]", params.Recipients)
	checkPicture(p, params.Picture)
	checkRefs(p, "values[][id]", params.Values)
}

// checkPicture reports a picture without content.
func checkPicture(p *problems, f *File) {
	if f != nil && f.Content == nil {
		p.add("picture", "has no content")
	}
}
