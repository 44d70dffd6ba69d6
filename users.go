package tribehr

// UsersService makes the calls of the API's users (GET/PUT /users).
// Reach it as Client.Users.
type UsersService struct {
	client *Client
}
