// Package redislimit is a rate limiter for the TribeHR SDK
// (github.com/tribehr/tribehr-go) that every replica of a service shares
// through Redis, so that N replicas of an integration (a Kubernetes
// deployment, serverless functions, cron workers) send no more than the
// account's limit in all, instead of N times it.
//
// It is its own Go module, so that the SDK's module does not depend on
// Redis. Get it with
//
//	go get github.com/tribehr/tribehr-go/redislimit
//
// and give every replica's Client the same account:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379",
//		DialTimeout: 200 * time.Millisecond, ReadTimeout: 200 * time.Millisecond, WriteTimeout: 200 * time.Millisecond,
//		ContextTimeoutEnabled: true})
//	lim, err := redislimit.New(rdb, "acme", redislimit.PerMinute(100, 10))
//	if err != nil { ... }
//	client, err := tribehr.NewClient("acme", tribehr.WithBasicAuth(user, key), tribehr.WithLimiter(lim))
//
// # The shared budget
//
// A Limiter is GCRA (the generic cell rate algorithm, a token bucket kept
// as one timestamp) in Redis, by github.com/go-redis/redis_rate: one key
// per account, derived from the account (its subdomain or base URL, see
// AccountKey) unless WithKey names another. Every Limiter with the same
// key and the same Redis shares one budget, whichever process it is in.
// Each Wait costs two Redis round trips (the hold, then the budget), made
// by one goroutine and bounded by the call's context and by WithTimeout.
//
// # Guided by the server
//
// The Client tells its Limiter what the server says after every answer
// (see tribehr.Limiter). When an answer says that none of the account's
// requests remain until a reset (X-RateLimit-Remaining: 0 with
// X-RateLimit-Reset), or a 429 says when to come back (Retry-After), the
// Limiter writes that hold to Redis (the key's ":hold" companion, with the
// hold as its time to live, so replicas with skewed clocks agree on it):
// every goroutine of every replica sharing the key waits until then,
// instead of each discovering the 429 on its own.
//
// # When Redis is unreachable
//
// A Redis command that fails or does not answer within WithTimeout makes
// the Limiter fall back to a local bucket (golang.org/x/time/rate, the
// same limit unless WithFallback says otherwise, and guided by the server
// as before), and it logs so once, at warning level (WithLogger; the
// program's slog.Default otherwise; the key and the error, never a
// password). Calls go on: a Redis outage does not stop the integration,
// and the server's 429s and Retry-After remain the last word, each replica
// holding its own goroutines when told to. While on the fallback, the
// Limiter pings Redis in the background at most once every
// WithProbeInterval; when Redis answers, it shares the budget again and
// logs that once. WithFailFast chooses the other way: while Redis is
// unreachable every Wait fails at once with an error matching ErrUnavailable
// and tribehr.ErrClientRateLimit (the call is not sent).
//
// Either way a Wait never outlasts its context: a wait that would end after
// the context's deadline (for the budget, or for a hold) is refused at
// once, and a Redis command is abandoned when the context ends.
package redislimit
