package tools_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wix-mcp/wix-mcp/internal/redistest"
	"github.com/wix-mcp/wix-mcp/metrics"
	"github.com/wix-mcp/wix-mcp/ratelimit"
	"github.com/wix-mcp/wix-mcp/replicas"
)

// BenchmarkToolCallSharedBudget is BenchmarkToolCallInProcess with the
// rate budget kept in a real Redis on loopback (a budget too large to
// wait on): the difference is the limiter's one round trip per call.
func BenchmarkToolCallSharedBudget(b *testing.B) {
	upstream, _ := benchUpstream(b)
	rdb := redis.NewClient(&redis.Options{Addr: redistest.Start(b)})
	b.Cleanup(func() { rdb.Close() })
	limiter := ratelimit.New(ratelimit.Limit{Count: 1 << 30, Per: time.Second}, 0, ratelimit.NewRedis(rdb, "bench:"), nil)
	benchInProcess(b, benchServerShared(b, upstream, &replicas.Parts{Limiter: limiter}), toolCallMessage(1, "GET", benchPath, ""))
}

// BenchmarkToolCallMetrics is BenchmarkToolCallInProcess with the
// Prometheus metrics and the per-process limiter on, as the binary runs.
func BenchmarkToolCallMetrics(b *testing.B) {
	upstream, _ := benchUpstream(b)
	rec := metrics.New()
	limiter := ratelimit.New(ratelimit.Limit{Count: 1 << 30, Per: time.Second}, 0, ratelimit.NewMemory(), rec)
	benchInProcess(b, benchServerShared(b, upstream, &replicas.Parts{Limiter: limiter, Metrics: rec}), toolCallMessage(1, "GET", benchPath, ""))
}
