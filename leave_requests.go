package tribehr

// LeaveRequestsService makes the calls of the API's leave requests (/leave_requests).
// Reach it as Client.LeaveRequests.
type LeaveRequestsService struct {
	client *Client
}
