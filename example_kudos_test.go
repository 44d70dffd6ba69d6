package tribehr_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/bbcode"
)

// List returns the 50 most recent kudos, partial: no values or comments.
// Picture URLs are made absolute, under /attachments/view/.
func ExampleKudosService_List() {
	client, done := exampleClient(map[string]string{"GET /kudos.json": "kudos_list.json"})
	defer done()

	list, err := client.Kudos.List(context.Background(), tribehr.FormattedTextAs(tribehr.TextFormatHTML))
	if err != nil {
		log.Fatal(err)
	}
	base := client.BaseURL().String()
	for _, k := range list {
		var names []string
		for _, u := range k.Recipients.Value() {
			names = append(names, u.DisplayName.Value())
		}
		fmt.Printf("#%d from %s to %s: %s\n", k.ID.Value(), k.Poster.Value().DisplayName.Value(), strings.Join(names, ", "), k.Text.Value())
		if pic, ok := k.Picture.Get(); ok {
			fmt.Println("  picture:", strings.TrimPrefix(pic.URL.Value(), base))
		}
		fmt.Println("  comments:", k.CommentCount.Value(), "values known:", k.Values.Present())
	}
	// Output:
	// sent GET /kudos.json?formattedTextAs=html
	// #83 from Tribe Admin to Willy Trainer, Abby Ring, Salvatore Delnero: <p>Great job pulling together to meet our iteration commitments!</p>
	//   picture: attachments/view/s3--pic_commitment-bccd5b21.jpg
	//   comments: 2 values known: false
	// #82 from Tribe Admin to Salley Fitzgibbon: <p>You did a great job on that presentation yesterday!</p>
	//   comments: 0 values known: false
}

// Get returns the full kudos, with its values and comments.
func ExampleKudosService_Get() {
	client, done := exampleClient(map[string]string{"GET /kudos/83.json": "kudos_get.json"})
	defer done()

	k, err := client.Kudos.Get(context.Background(), 83)
	if err != nil {
		log.Fatal(err)
	}
	base := client.BaseURL().String()
	for _, v := range k.Values.Value() {
		fmt.Println("value:", v.Name.Value(), strings.TrimPrefix(v.Image.Value().URL.Value(), base))
	}
	for _, c := range k.Comments.Value() {
		fmt.Printf("%s: %s\n", c.Poster.Value().DisplayName.Value(), c.Comment.Value())
	}
	// Output:
	// value: Respect attachments/view/respect/icon.png
	// value: Teamwork attachments/view/teamwork/icon.png
	// Emma Manager: You guys are great - no one even had to come in on the weekend!
	// Abby Ring: Hopefully it stays that way :) More slack time next iteration!
}

// Create posts a kudos as the authenticated user. The client's WithSource
// name travels as X-Source and becomes the kudos' source; a picture makes
// the request multipart/form-data.
func ExampleKudosService_Create() {
	client, done := exampleClient(map[string]string{"POST /kudos.json": "kudos_create.json"},
		tribehr.WithSource("Awesome Kudos-Posting App"))
	defer done()

	k, err := client.Kudos.Create(context.Background(), &tribehr.KudosCreate{
		Recipients: tribehr.IDs{6, 17},
		Text:       "You've done a [i]wonderful[/i] job recently.", // plain text or BBCode
		Values:     tribehr.IDs{11},
		Picture:    tribehr.FileFromBytes("team.gif", []byte("GIF89a...")),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.ID.Value(), k.Source.Value())
	// Output:
	// sent POST /kudos.json: recipients%5B%5D%5Bid%5D=6&recipients%5B%5D%5Bid%5D=17&text=You%27ve+done+a+%5Bi%5Dwonderful%5B%2Fi%5D+job+recently.&values%5B%5D%5Bid%5D=11
	// sent file picture: team.gif, image/gif, 9 bytes
	// sent X-Source: Awesome Kudos-Posting App
	// 88 Awesome Kudos-Posting App
}

// A kudos takes BBCode built with package bbcode as its text, escaped and
// checked before anything is sent; PlainText reads it back for a chat
// message.
func ExampleKudosService_Create_bbcode() {
	client, done := exampleClient(map[string]string{"POST /kudos.json": "kudos_create.json"})
	defer done()

	text, err := bbcode.Render(
		bbcode.Text("You've done a "), bbcode.Italic(bbcode.Text("wonderful")), bbcode.Text(" job on [release-42]!"),
	)
	if err != nil {
		log.Fatal(err) // an unsafe link or an unsupported tag, named
	}
	k, err := client.Kudos.Create(context.Background(), &tribehr.KudosCreate{Recipients: tribehr.IDs{6, 17}, Text: text})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.ID.Value(), bbcode.PlainText(text))
	// Output:
	// sent POST /kudos.json: recipients%5B%5D%5Bid%5D=6&recipients%5B%5D%5Bid%5D=17&text=You%27ve+done+a+%5Bi%5Dwonderful%5B%2Fi%5D+job+on+%5B%E2%81%A0release-42%5D%21
	// 88 You've done a wonderful job on [release-42]!
}

// Update changes only the given fields; IDs{} clears a list, as the values
// here.
func ExampleKudosService_Update() {
	client, done := exampleClient(map[string]string{"PUT /kudos/88.json": "kudos_update.json"})
	defer done()

	k, err := client.Kudos.Update(context.Background(), 88, &tribehr.KudosUpdate{
		Text:   tribehr.String("Congratulations on your new certification."),
		Values: tribehr.IDs{},
	}, tribehr.FormattedTextAs(tribehr.TextFormatHTML))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.Text.Value(), "| values present:", k.Values.Present())
	// Output:
	// sent PUT /kudos/88.json?formattedTextAs=html
	// sent PUT /kudos/88.json: id=88&text=Congratulations+on+your+new+certification.&values%5B%5D%5Bid%5D=
	// Congratulations on your new certification. | values present: false
}

// Delete removes a kudos; deleting one that is gone is an error matching
// ErrNotFound.
func ExampleKudosService_Delete() {
	client, done := exampleClient(map[string]string{"DELETE /kudos/88.json": "events_delete.json"})
	defer done()
	ctx := context.Background()

	fmt.Println(client.Kudos.Delete(ctx, 88))
	err := client.Kudos.Delete(ctx, 89)
	fmt.Println(errors.Is(err, tribehr.ErrNotFound))
	// Output:
	// <nil>
	// true
}
