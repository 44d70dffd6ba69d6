package tribehr

// EventsService makes the calls of the API's events and holidays (/events).
// Reach it as Client.Events.
type EventsService struct {
	client *Client
}
