package redislimit_test

import (
	"log"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/redislimit"
)

// Every replica makes its Client so: with the same Redis and the same
// account, they share one budget.
func ExampleNew() {
	user, apiKey := "payroll-sync@acme.example", "the-api-key"
	// readme:begin redislimit-setup
	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379", ContextTimeoutEnabled: true,
		DialTimeout: 200 * time.Millisecond, ReadTimeout: 200 * time.Millisecond, WriteTimeout: 200 * time.Millisecond})
	lim, err := redislimit.New(rdb, "acme", redislimit.PerMinute(100, 5)) // the account: a subdomain or a base URL
	if err != nil {
		log.Fatal(err)
	}
	client, err := tribehr.NewClient("acme", tribehr.WithBasicAuth(user, apiKey), tribehr.WithLimiter(lim))
	// readme:end
	if err != nil {
		log.Fatal(err)
	}
	_ = client // client.Users.List(ctx), ...
}
