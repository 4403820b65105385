// Package metrics counts what wix-mcp does, for Prometheus: tool calls by
// tool, outcome and user; Wix requests by status; latencies;
// confirmations asked, accepted, declined and refused; rate-limit waits and
// refusals; sessions. A nil *Recorder counts nothing, so packages take one
// without caring whether metrics are on.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Recorder holds the server's metrics in a registry of its own.
type Recorder struct {
	registry     *prometheus.Registry
	toolCalls    *prometheus.CounterVec
	toolLatency  *prometheus.HistogramVec
	wixRequests  *prometheus.CounterVec
	wixLatency   prometheus.Histogram
	confirmation *prometheus.CounterVec
	rateLimit    *prometheus.CounterVec
	rateWait     prometheus.Histogram
	sessions     prometheus.Gauge
}

// New returns a Recorder with Go runtime and process metrics included.
func New() *Recorder {
	r := &Recorder{
		registry: prometheus.NewRegistry(),
		toolCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wixmcp_tool_calls_total", Help: "Tool calls by tool, outcome (ok, tool_error, bug) and user.",
		}, []string{"tool", "outcome", "user"}),
		toolLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wixmcp_tool_call_duration_seconds", Help: "Time to answer a tool call.", Buckets: prometheus.DefBuckets,
		}, []string{"tool"}),
		wixRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wixmcp_wix_requests_total", Help: "Requests sent to Wix by HTTP status (0: no answer).",
		}, []string{"status"}),
		wixLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "wixmcp_wix_request_duration_seconds", Help: "Time Wix took to answer one request.", Buckets: prometheus.DefBuckets,
		}),
		confirmation: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wixmcp_confirmations_total", Help: "Confirmation questions asked and their answers: asked, accepted, declined, expired, replayed, invalid.",
		}, []string{"outcome"}),
		rateLimit: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wixmcp_rate_limit_total", Help: "Calls that waited for Wix's rate budget (waited) or were refused after the longest wait (refused).",
		}, []string{"outcome"}),
		rateWait: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "wixmcp_rate_limit_wait_seconds", Help: "Time calls waited for Wix's rate budget.", Buckets: []float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5},
		}),
		sessions: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "wixmcp_sessions", Help: "Open MCP sessions (stateful HTTP and SSE).",
		}),
	}
	r.registry.MustRegister(r.toolCalls, r.toolLatency, r.wixRequests, r.wixLatency, r.confirmation, r.rateLimit, r.rateWait, r.sessions,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// Handler serves the metrics in Prometheus's text format.
func (r *Recorder) Handler() http.Handler {
	return promhttp.HandlerFor(r.registry, promhttp.HandlerOpts{Registry: r.registry})
}

// ToolCall counts one finished tool call.
func (r *Recorder) ToolCall(tool, outcome, user string, took time.Duration) {
	if r == nil {
		return
	}
	r.toolCalls.WithLabelValues(tool, outcome, user).Inc()
	r.toolLatency.WithLabelValues(tool).Observe(took.Seconds())
}

// WixRequest counts one request to Wix; status 0 means no answer.
func (r *Recorder) WixRequest(status int, took time.Duration) {
	if r == nil {
		return
	}
	r.wixRequests.WithLabelValues(strconv.Itoa(status)).Inc()
	r.wixLatency.Observe(took.Seconds())
}

// Confirmation counts a question asked, or what became of its answer.
func (r *Recorder) Confirmation(outcome string) {
	if r == nil {
		return
	}
	r.confirmation.WithLabelValues(outcome).Inc()
}

// RateLimited counts a call that waited (and how long) or was refused.
func (r *Recorder) RateLimited(refused bool, waited time.Duration) {
	if r == nil {
		return
	}
	outcome := "waited"
	if refused {
		outcome = "refused"
	}
	r.rateLimit.WithLabelValues(outcome).Inc()
	r.rateWait.Observe(waited.Seconds())
}

// SessionOpened and SessionClosed track open sessions.
func (r *Recorder) SessionOpened() {
	if r != nil {
		r.sessions.Inc()
	}
}

// SessionClosed counts a session that ended.
func (r *Recorder) SessionClosed() {
	if r != nil {
		r.sessions.Dec()
	}
}
