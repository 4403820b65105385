// Package replicas builds what wix-mcp replicas behind a load balancer
// share, from the configuration: the Redis client (optional), the sealed
// confirmation store and its replay guard, the Wix rate limiter and the
// metrics, plus the readiness check of /readyz.
package replicas

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/metrics"
	"github.com/wix-mcp/wix-mcp/ratelimit"
	"github.com/wix-mcp/wix-mcp/sealedstate"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// keyPrefix starts every Redis key wix-mcp writes.
const keyPrefix = "wix-mcp:"

// Parts are the shared pieces; any may be nil when not configured.
type Parts struct {
	// Redis is the shared Redis, when --redis-url is set.
	Redis *redis.Client
	// Confirmations is the sealed store for --stateless; nil keeps the
	// gate's in-memory store.
	Confirmations *sealedstate.Store
	// Limiter keeps calls within Wix's budget; nil when off.
	Limiter *ratelimit.Limiter
	// Metrics counts everything.
	Metrics *metrics.Recorder
	// Owners is the site-owner cache shared in Redis; nil without Redis.
	Owners *OwnerCache
}

// Setup builds the parts for cfg, logging how single use and the budget
// are shared.
func Setup(cfg *config.Config, logger zerolog.Logger) (*Parts, error) {
	p := &Parts{Metrics: metrics.New()}
	if url := cfg.RedisURL.Reveal(); url != "" {
		opts, err := redis.ParseURL(url)
		if err != nil {
			return nil, errors.New("--redis-url is not a Redis URL")
		}
		opts.DialTimeout, opts.ReadTimeout, opts.WriteTimeout = 2*time.Second, 2*time.Second, 2*time.Second
		p.Redis = redis.NewClient(opts)
		p.Owners = NewOwnerCache(p.Redis, logger)
		logger.Info().Str("redis", opts.Addr).Msg("replicas share Redis: confirmations are used once across replicas, and the Wix rate budget is shared")
	}
	stateless := cfg.Transport == "http" && cfg.HTTP.Stateless
	if stateless {
		var guard sealedstate.ReplayGuard = sealedstate.NewMemoryGuard()
		if p.Redis != nil {
			guard = sealedstate.NewRedisGuard(p.Redis, keyPrefix)
		} else {
			logger.Warn().Msg("--stateless without --redis-url: a confirmation is used once per replica only, so with more than one replica an answer could be replayed to another; set WIX_MCP_REDIS_URL when running replicas")
		}
		store, err := sealedstate.New([]byte(cfg.HTTP.StateSecret.Reveal()), cfg.ConfirmTimeout, guard)
		if err != nil {
			return nil, fmt.Errorf("--state-secret-file: %w", err)
		}
		p.Confirmations = store
	}
	var backend ratelimit.Backend = ratelimit.NewMemory()
	if p.Redis != nil {
		backend = ratelimit.NewRedis(p.Redis, keyPrefix)
	}
	p.Limiter = ratelimit.New(cfg.WixRateLimit, ratelimit.DefaultMaxWait, backend, p.Metrics)
	return p, nil
}

// Ready reports whether the replica can serve: Redis, when configured,
// must answer.
func (p *Parts) Ready(ctx context.Context) error {
	if p.Redis == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := p.Redis.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// Close releases the Redis connections.
func (p *Parts) Close() error {
	if p.Redis == nil {
		return nil
	}
	return p.Redis.Close()
}

// ownerTTL is how long a shared site owner is trusted: sites rarely move
// between accounts, and a stale entry only costs a refused call.
const ownerTTL = 24 * time.Hour

// OwnerCache is the site-owner cache of scopes, in Redis.
type OwnerCache struct {
	rdb    redis.UniversalClient
	prefix string
	log    zerolog.Logger
}

// NewOwnerCache keeps owners under "<prefix>owner:<site ID>".
func NewOwnerCache(rdb redis.UniversalClient, logger zerolog.Logger) *OwnerCache {
	return &OwnerCache{rdb: rdb, prefix: keyPrefix + "owner:", log: logger}
}

// Owner implements scopes.OwnerCache; a Redis failure is a miss.
func (c *OwnerCache) Owner(ctx context.Context, siteID string) (account, accountID, siteName string, ok bool) {
	v, err := c.rdb.HMGet(ctx, c.prefix+siteID, "account", "account_id", "name").Result()
	if err != nil {
		if !errors.Is(err, redis.Nil) {
			c.log.Debug().Err(err).Msg("shared site-owner cache unavailable")
		}
		return "", "", "", false
	}
	account, _ = v[0].(string)
	accountID, _ = v[1].(string)
	siteName, _ = v[2].(string)
	return account, accountID, siteName, account != ""
}

// Remember implements scopes.OwnerCache in one pipelined round trip.
func (c *OwnerCache) Remember(ctx context.Context, account, accountID string, sites []wixclient.Site) {
	_, err := c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, s := range sites {
			key := c.prefix + s.ID
			p.HSet(ctx, key, "account", account, "account_id", accountID, "name", s.DisplayName)
			p.Expire(ctx, key, ownerTTL)
		}
		return nil
	})
	if err != nil {
		c.log.Debug().Err(err).Msg("could not share site owners")
	}
}
