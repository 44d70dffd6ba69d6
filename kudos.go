package tribehr

// KudosService makes the calls of the API's kudos (/kudos).
// Reach it as Client.Kudos.
type KudosService struct {
	client *Client
}
