package ratelimit

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wix-mcp/wix-mcp/internal/redistest"
)

func TestParseLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Limit
		ok   bool
	}{
		{"200/1m", Limit{200, time.Minute}, true},
		{"5/10s", Limit{5, 10 * time.Second}, true},
		{"off", Limit{}, true},
		{"0/1m", Limit{}, false},
		{"200", Limit{}, false},
		{"200/1ms", Limit{}, false},
		{"x/1m", Limit{}, false},
	}
	for _, tt := range tests {
		got, err := ParseLimit(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseLimit(%q) = %v, %v", tt.in, got, err)
		}
	}
}

// TestBudgetShared runs two limiters (two replicas) on one backend: the
// Redis one (a real redis-server) and, for comparison, one in-process
// backend shared by both. Together they let through at most the budget;
// the rest are refused with a time to retry.
func TestBudgetShared(t *testing.T) {
	t.Parallel()
	addr := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { rdb.Close() })
	backends := map[string]Backend{"redis": NewRedis(rdb, "test:"), "memory": NewMemory()}
	for name, backend := range backends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			limit := Limit{Count: 5, Per: time.Minute}
			replicas := []*Limiter{New(limit, time.Second, backend, nil), New(limit, time.Second, backend, nil)}
			var allowed, refused atomic.Int32
			var wg sync.WaitGroup
			for i := range 12 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := replicas[i%2].Wait(context.Background(), "site:s1")
					var ex *ExceededError
					switch {
					case err == nil:
						allowed.Add(1)
					case errors.As(err, &ex) && ex.RetryAfter > 0:
						refused.Add(1)
					default:
						t.Errorf("unexpected: %v", err)
					}
				}()
			}
			wg.Wait()
			if allowed.Load() != 5 || refused.Load() != 7 {
				t.Errorf("allowed %d, refused %d; want 5 and 7", allowed.Load(), refused.Load())
			}
			if err := replicas[0].Wait(context.Background(), "site:other"); err != nil {
				t.Errorf("another site has its own budget: %v", err)
			}
		})
	}
}

// TestWaitIsBoundedAndCancellable: a call waits for the next slot when
// it comes within the bound, and a cancelled wait returns at once.
func TestWaitIsBoundedAndCancellable(t *testing.T) {
	t.Parallel()
	l := New(Limit{Count: 2, Per: time.Second}, 2*time.Second, NewMemory(), nil)
	ctx := context.Background()
	for range 2 {
		if err := l.Wait(ctx, "k"); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if err := l.Wait(ctx, "k"); err != nil {
		t.Fatalf("the third call fits within the bound: %v", err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("the third call should have waited for a slot, waited %s", waited)
	}
	cctx, cancel := context.WithCancel(ctx)
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if err := l.Wait(cctx, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
	if New(Limit{}, 0, NewMemory(), nil).Wait(ctx, "k") != nil {
		t.Error("off lets everything through")
	}
}

// BenchmarkRedisTake measures the limiter's one Redis round trip (EVALSHA
// of the GCRA script) on loopback.
func BenchmarkRedisTake(b *testing.B) {
	addr := redistest.Start(b)
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	backend := NewRedis(rdb, "bench:")
	ctx := context.Background()
	limit := Limit{Count: 1 << 30, Per: time.Second}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := backend.Take(ctx, "site:s1", limit); err != nil {
			b.Fatal(err)
		}
	}
}
