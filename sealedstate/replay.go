package sealedstate

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// maxRemembered bounds the memory guard; past it, expired entries are
// dropped first and then the oldest, which can only make an answer fail.
const maxRemembered = 100_000

// MemoryGuard remembers used questions in this process only: replicas
// behind a load balancer need a RedisGuard to refuse a replay sent to
// another replica.
type MemoryGuard struct {
	mu   sync.Mutex
	used map[string]time.Time
}

// NewMemoryGuard returns an empty in-process guard.
func NewMemoryGuard() *MemoryGuard { return &MemoryGuard{used: map[string]time.Time{}} }

// Claim implements ReplayGuard.
func (g *MemoryGuard) Claim(_ context.Context, nonce string, until time.Time) (bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	if len(g.used) >= maxRemembered {
		for k, exp := range g.used {
			if now.After(exp) {
				delete(g.used, k)
			}
		}
	}
	if _, ok := g.used[nonce]; ok {
		return false, nil
	}
	if len(g.used) >= maxRemembered {
		// Still full of live entries: refusing is the safe side.
		return false, fmt.Errorf("too many questions waiting (%d)", maxRemembered)
	}
	g.used[nonce] = until
	return true, nil
}

// RedisGuard claims questions in Redis, so every replica sharing the Redis
// refuses an answer another replica already used.
type RedisGuard struct {
	client redis.UniversalClient
	prefix string
}

// NewRedisGuard claims under keys "<prefix>state:<nonce>".
func NewRedisGuard(client redis.UniversalClient, prefix string) *RedisGuard {
	return &RedisGuard{client: client, prefix: prefix}
}

// Claim implements ReplayGuard with one SET NX that expires with the
// question (https://redis.io/docs/latest/commands/set/): atomic, so of two
// replicas claiming at once exactly one wins.
func (g *RedisGuard) Claim(ctx context.Context, nonce string, until time.Time) (bool, error) {
	ttl := time.Until(until)
	if ttl < time.Millisecond {
		ttl = time.Millisecond
	}
	// One more second than the question lives, so a clock slightly ahead
	// on another replica cannot see the key gone while the state is valid.
	ok, err := g.client.SetNX(ctx, g.prefix+"state:"+nonce, 1, ttl+time.Second).Result()
	if err != nil {
		return false, fmt.Errorf("redis: %w", err)
	}
	return ok, nil
}
