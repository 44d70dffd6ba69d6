package redislimit_test

// The Go block of the README's "Running several replicas" (the root's
// README.md), compiled and run here: TestREADMEGoBlocks of the root module
// keeps the region and the README equal.

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go"
	"github.com/tribehr/tribehr-go/redislimit"
	"github.com/tribehr/tribehr-go/tribehrtest"
)

// readme:begin replicas
// newReplicaClient returns the Client of one replica. Every replica's
// requests share the account's limit through the Redis at redisAddr.
func newReplicaClient(redisAddr, baseURL, user, apiKey string) (*tribehr.Client, error) {
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr, ContextTimeoutEnabled: true,
		DialTimeout: 200 * time.Millisecond, ReadTimeout: 200 * time.Millisecond, WriteTimeout: 200 * time.Millisecond})
	// The account's limit, 100 a minute, in small bursts; the Redis key is the account's.
	lim, err := redislimit.New(rdb, baseURL, redislimit.PerMinute(100, 5))
	if err != nil {
		return nil, err
	}
	return tribehr.NewClient("", tribehr.WithBaseURL(baseURL), tribehr.WithBasicAuth(user, apiKey),
		tribehr.WithLimiter(lim), tribehr.WithCAFile(os.Getenv("TRIBEHR_CA_FILE")))
}

// readme:end

func TestREADMEReplicas(t *testing.T) {
	addr := redisAddr(t)
	srv := tribehrtest.NewServer(t, tribehrtest.WithRateLimit(100, time.Minute))
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(caFile, srv.CACertPEM(), 0o600))
	t.Setenv("TRIBEHR_CA_FILE", caFile)
	key, err := redislimit.AccountKey(srv.URL)
	require.NoError(t, err)
	rdb := newRedis(t, addr)
	rdb.Del(context.Background(), "rate:"+key, key+":hold")
	t.Cleanup(func() { rdb.Del(context.Background(), "rate:"+key, key+":hold") })

	user, apiKey := srv.Credentials(tribehrtest.AdminUsername)
	a, err := newReplicaClient(addr, srv.URL, user, apiKey)
	require.NoError(t, err)
	b, err := newReplicaClient(addr, srv.URL, user, apiKey)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, c := range []*tribehr.Client{a, b, a, b, a} {
		_, err := c.Users.Get(ctx, 7)
		require.NoError(t, err)
	}
	// The two replicas spent one budget: its burst of 5, in Redis.
	n, err := rdb.Exists(ctx, "rate:"+key).Result()
	require.NoError(t, err)
	assert.EqualValues(t, 1, n)
	short, cancelShort := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancelShort()
	_, err = b.Users.Get(short, 7)
	assert.ErrorIs(t, err, tribehr.ErrClientRateLimit, "the sixth waits for the shared budget, longer than its deadline")
}
