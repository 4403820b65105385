package sealedstate

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wix-mcp/wix-mcp/internal/redistest"
)

var secret = []byte(strings.Repeat("k", 32))

func TestSealedStateRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := New(secret, time.Minute, NewMemoryGuard())
	if err != nil {
		t.Fatal(err)
	}
	other, _ := New([]byte(strings.Repeat("o", 32)), time.Minute, NewMemoryGuard())
	state, err := s.Issue(ctx, "call-a", 0)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(state)
	raw[len(raw)-1] ^= 1
	tampered := base64.RawURLEncoding.EncodeToString(raw)
	tests := []struct {
		name, state, digest string
		store               *Store
		want                error
	}{
		{"another call", state, "call-b", s, ErrInvalid},
		{"another secret", state, "call-a", other, ErrInvalid},
		{"tampered", tampered, "call-a", s, ErrInvalid},
		{"garbage", "not-a-state", "call-a", s, ErrInvalid},
		{"empty", "", "call-a", s, ErrInvalid},
	}
	for _, tt := range tests {
		if err := tt.store.Claim(ctx, tt.state, tt.digest); !errors.Is(err, tt.want) {
			t.Errorf("%s: Claim = %v, want %v", tt.name, err, tt.want)
		}
	}
	if err := s.Claim(ctx, state, "call-a"); err != nil {
		t.Fatalf("the right answer: %v", err)
	}
	if err := s.Claim(ctx, state, "call-a"); !errors.Is(err, ErrReplayed) {
		t.Errorf("replay: %v", err)
	}
	expiring, _ := New(secret, time.Minute, NewMemoryGuard())
	old, _ := expiring.Issue(ctx, "call-a", 0)
	expiring.now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	if err := expiring.Claim(ctx, old, "call-a"); !errors.Is(err, ErrExpired) {
		t.Errorf("expired: %v", err)
	}
	if _, err := New([]byte("short"), 0, NewMemoryGuard()); err == nil {
		t.Error("a short secret must be refused")
	}
}

// TestRedisGuardSingleUseAcrossHolders claims one state from two stores
// (two replicas) at once through one real Redis: exactly one wins.
func TestRedisGuardSingleUseAcrossHolders(t *testing.T) {
	t.Parallel()
	addr := redistest.Start(t)
	ctx := context.Background()
	var stores []*Store
	for range 2 {
		rdb := redis.NewClient(&redis.Options{Addr: addr})
		t.Cleanup(func() { rdb.Close() })
		s, err := New(secret, time.Minute, NewRedisGuard(rdb, "test:"))
		if err != nil {
			t.Fatal(err)
		}
		stores = append(stores, s)
	}
	for round := range 20 {
		state, _ := stores[round%2].Issue(ctx, "call", 0)
		var wg sync.WaitGroup
		results := make([]error, 4)
		for i := range results {
			wg.Add(1)
			go func() { defer wg.Done(); results[i] = stores[i%2].Claim(ctx, state, "call") }()
		}
		wg.Wait()
		wins := 0
		for _, err := range results {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, ErrReplayed):
				t.Fatalf("unexpected refusal: %v", err)
			}
		}
		if wins != 1 {
			t.Fatalf("round %d: %d claims won, want exactly 1", round, wins)
		}
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	keys, _ := rdb.Keys(ctx, "test:state:*").Result()
	ttl, _ := rdb.PTTL(ctx, keys[0]).Result()
	if len(keys) != 20 || ttl <= 0 || ttl > time.Minute+time.Second {
		t.Errorf("claimed keys %d, ttl %s: each must expire with its question", len(keys), ttl)
	}
}

func BenchmarkSealUnseal(b *testing.B) {
	ctx := context.Background()
	s, _ := New(secret, time.Minute, NewMemoryGuard())
	digest := strings.Repeat("d", 64)
	b.ReportAllocs()
	for b.Loop() {
		state, err := s.Issue(ctx, digest, 0)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.open(state, digest); err != nil {
			b.Fatal(err)
		}
	}
}
