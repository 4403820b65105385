// Package ratelimit keeps wix-mcp's calls within Wix's rate budget, per
// site (or account): 200 requests per minute per app instance by default
// (https://dev.wix.com/docs/rest/articles/get-started/rate-limits). A
// call over budget waits up to a bound, then is refused with the time to
// retry. The budget lives in this process, or in Redis when replicas share
// one (GCRA with Redis's own clock, through github.com/go-redis/redis_rate).
package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// DefaultLimit is Wix's documented budget.
const DefaultLimit = "200/1m"

// DefaultMaxWait bounds how long one call waits for the budget.
const DefaultMaxWait = 5 * time.Second

// Limit is a budget: Count requests per Per, all of which may come at once.
type Limit struct {
	Count int
	Per   time.Duration
}

// Off reports whether the limit is disabled.
func (l Limit) Off() bool { return l.Count == 0 }

func (l Limit) String() string {
	if l.Off() {
		return "off"
	}
	return strconv.Itoa(l.Count) + "/" + l.Per.String()
}

// ParseLimit reads "COUNT/DURATION" (200/1m, 5/10s) or "off".
func ParseLimit(s string) (Limit, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") {
		return Limit{}, nil
	}
	count, per, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(count)
	if !ok || err != nil || n < 1 {
		return Limit{}, fmt.Errorf("%q is not a rate limit; write COUNT/DURATION such as 200/1m, or off", s)
	}
	d, err := time.ParseDuration(per)
	if err != nil || d < time.Second {
		return Limit{}, fmt.Errorf("%q is not a rate limit; the period must be a duration of a second or more, such as 1m or 10s", s)
	}
	return Limit{Count: n, Per: d}, nil
}

// Backend decides one request against a key's budget: it either takes a
// slot (0) or says how long until one frees up.
type Backend interface {
	Take(ctx context.Context, key string, l Limit) (retryAfter time.Duration, err error)
}

// ExceededError is a call refused because the budget stayed used up for
// the whole bound; nothing was sent.
type ExceededError struct {
	Key        string
	Limit      Limit
	RetryAfter time.Duration
}

func (e *ExceededError) Error() string {
	return fmt.Sprintf("Wix's rate budget for %s (%s) is used up; nothing was sent. Retry in %s.",
		e.Key, e.Limit, e.RetryAfter.Round(100*time.Millisecond))
}

// Observer hears about waits and refusals (metrics); nil hears nothing.
type Observer interface {
	RateLimited(refused bool, waited time.Duration)
}

// Limiter waits for a key's budget.
type Limiter struct {
	limit   Limit
	maxWait time.Duration
	backend Backend
	observe Observer
}

// New returns a Limiter; a nil Limiter (or an Off limit) lets every call go.
func New(l Limit, maxWait time.Duration, backend Backend, observe Observer) *Limiter {
	if l.Off() {
		return nil
	}
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	return &Limiter{limit: l, maxWait: maxWait, backend: backend, observe: observe}
}

// Wait takes a slot of key's budget, waiting up to the bound. It returns
// an *ExceededError when no slot frees up in time, ctx's error when the
// call is cancelled while waiting, or the backend's error.
func (l *Limiter) Wait(ctx context.Context, key string) error {
	if l == nil {
		return nil
	}
	start := time.Now()
	for {
		retry, err := l.backend.Take(ctx, key, l.limit)
		if err != nil {
			return fmt.Errorf("rate limit: %w", err)
		}
		waited := time.Since(start)
		if retry <= 0 {
			if waited > 0 && l.observe != nil && waited > time.Millisecond {
				l.observe.RateLimited(false, waited)
			}
			return nil
		}
		if waited+retry > l.maxWait {
			if l.observe != nil {
				l.observe.RateLimited(true, waited)
			}
			return &ExceededError{Key: key, Limit: l.limit, RetryAfter: retry}
		}
		t := time.NewTimer(retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Memory is a per-process GCRA backend.
type Memory struct {
	mu  sync.Mutex
	tat map[string]time.Time // theoretical arrival time of the next request
	now func() time.Time
}

// NewMemory returns an empty per-process backend.
func NewMemory() *Memory { return &Memory{tat: map[string]time.Time{}, now: time.Now} }

// Take implements Backend with the generic cell rate algorithm: the same
// arithmetic as the Redis backend, so both behave alike.
func (m *Memory) Take(_ context.Context, key string, l Limit) (time.Duration, error) {
	interval := l.Per / time.Duration(l.Count)
	burst := l.Per - interval // how far ahead of now the TAT may run
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	tat := m.tat[key]
	if tat.Before(now) {
		tat = now
	}
	if allowAt := tat.Add(-burst); now.Before(allowAt) {
		return allowAt.Sub(now), nil
	}
	m.tat[key] = tat.Add(interval)
	if len(m.tat) > 10_000 {
		for k, t := range m.tat {
			if t.Before(now) {
				delete(m.tat, k)
			}
		}
	}
	return 0, nil
}

// Redis is a backend shared by every replica using the same Redis: one
// round trip (EVALSHA of redis_rate's GCRA script) per request.
type Redis struct {
	limiter *redis_rate.Limiter
	prefix  string
}

// NewRedis returns a shared backend whose keys start with prefix.
func NewRedis(client redis.UniversalClient, prefix string) *Redis {
	return &Redis{limiter: redis_rate.NewLimiter(client), prefix: prefix}
}

// Take implements Backend.
func (r *Redis) Take(ctx context.Context, key string, l Limit) (time.Duration, error) {
	res, err := r.limiter.Allow(ctx, r.prefix+key, redis_rate.Limit{Rate: l.Count, Burst: l.Count, Period: l.Per})
	if err != nil {
		return 0, fmt.Errorf("redis: %w", err)
	}
	if res.Allowed > 0 {
		return 0, nil
	}
	if res.RetryAfter <= 0 {
		return 0, errors.New("redis: no slot and no retry time")
	}
	return res.RetryAfter, nil
}
