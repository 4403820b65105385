package tools

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// callRecord collects what one tool call did upstream, for its log line.
// Handlers fill it; the logging middleware writes it when the call ends.
type callRecord struct {
	mu        sync.Mutex
	scope     string
	method    string
	path      string
	status    int
	attempts  int
	requests  int
	requestID string
}

type recordKey struct{}

// record returns the call's record, or a throwaway one outside the
// middleware (unit tests calling a handler directly).
func record(ctx context.Context) *callRecord {
	if r, ok := ctx.Value(recordKey{}).(*callRecord); ok {
		return r
	}
	return &callRecord{}
}

func (r *callRecord) target(scope wixclient.Scope, method, path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.scope, r.method, r.path = scope.String(), method, path
}

// upstream notes one finished Wix request; status is 0 when none came back.
func (r *callRecord) upstream(status, attempts int, requestID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status, r.requestID = status, requestID
	r.attempts += attempts
	r.requests++
}

// noteOutcome records what a wixclient call returned.
func (r *callRecord) noteOutcome(resp *wixclient.Response, err error) {
	var (
		apiErr       *wixclient.APIError
		transportErr *wixclient.TransportError
	)
	switch {
	case resp != nil:
		r.upstream(resp.Status, resp.Attempts, resp.RequestID)
	case errors.As(err, &apiErr):
		r.upstream(apiErr.Status, apiErr.Attempts, apiErr.RequestID)
	case errors.As(err, &transportErr):
		r.upstream(0, transportErr.Attempts, "")
	}
}

// LogCalls is tool middleware that writes one line per tool call: tool,
// scope, method, path, status, attempts, duration and Wix request ID. It
// never logs arguments or bodies, so no key or customer data reaches logs.
func LogCalls(logger zerolog.Logger) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			rec := &callRecord{}
			start := time.Now()
			res, err := next(context.WithValue(ctx, recordKey{}, rec), req)
			rec.mu.Lock()
			defer rec.mu.Unlock()
			ev := logger.Info()
			outcome := "ok"
			switch {
			case err != nil:
				ev, outcome = logger.Error().Err(err), "bug"
			case res != nil && res.IsError:
				ev, outcome = logger.Warn(), "tool_error"
			}
			ev = ev.Str("tool", req.Params.Name).Str("outcome", outcome)
			if rec.scope != "" {
				ev = ev.Str("scope", rec.scope).Str("method", rec.method).Str("path", rec.path)
			}
			if rec.requests > 0 {
				ev = ev.Int("status", rec.status).Int("attempts", rec.attempts).Int("wix_requests", rec.requests)
			}
			if rec.requestID != "" {
				ev = ev.Str("wix_request_id", rec.requestID)
			}
			ev.Dur("duration", time.Since(start)).Msg("tool call")
			return res, err
		}
	}
}
