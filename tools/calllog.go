package tools

import (
	"context"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/access"
	"github.com/wix-mcp/wix-mcp/untrusted"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Outcomes of a tool call, as the call log states them.
const (
	outcomeOK       = "ok"
	outcomeAsked    = "asked_person"
	outcomeRefused  = "refused"
	outcomeDeclined = "declined"
	outcomeError    = "tool_error"
	outcomeBug      = "bug"
)

// callRecord collects what one tool call did, for its log line. The
// handler names the target and the gate's verdict; how many requests
// reached Wix is counted by the Wix client's transport into tally, so the
// line states exactly what was sent (retries and owner lookups included).
type callRecord struct {
	tally wixclient.Tally

	mu      sync.Mutex
	scope   string
	method  string
	path    string
	outcome string // set by the gate when it refused or a person declined
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

func (r *callRecord) target(scope wixclient.Scope, method string, path wixclient.Path) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.scope, r.method, r.path = scope.String(), method, path.String()
}

// verdict notes a gate decision that ends the call without sending it.
func (r *callRecord) verdict(outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.outcome = outcome
}

// LogCalls is tool middleware that writes one line per tool call: tool,
// outcome, scope, method, path, the number of requests that reached Wix,
// the last status and Wix request ID, and the duration in milliseconds. It
// never logs arguments or bodies, so no key or customer data reaches logs.
func LogCalls(logger zerolog.Logger) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			rec := &callRecord{}
			start := time.Now()
			ctx = wixclient.WithTally(context.WithValue(ctx, recordKey{}, rec), &rec.tally)
			res, err := next(ctx, req)
			rec.log(logger, access.NameFrom(ctx), req.Params.Name, res, err, time.Since(start))
			return res, err
		}
	}
}

func (r *callRecord) log(logger zerolog.Logger, user, tool string, res *mcp.CallToolResult, err error, took time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ev, outcome := logger.Info(), outcomeOK
	switch {
	case err != nil:
		ev, outcome = logger.Error().Err(err), outcomeBug
	case res != nil && res.ResultType == mcp.ResultTypeInputRequired:
		outcome = outcomeAsked
	case r.outcome != "":
		ev, outcome = logger.Warn(), r.outcome
	case res != nil && res.IsError:
		ev, outcome = logger.Warn(), outcomeError
	}
	if user != "" {
		ev = ev.Str("user", user)
	}
	ev = ev.Str("tool", tool).Str("outcome", outcome)
	if r.scope != "" {
		ev = ev.Str("scope", r.scope).Str("method", r.method).Str("path", r.path)
	}
	sent := r.tally.Snapshot()
	ev = ev.Int("wix_requests", sent.Requests)
	if sent.Requests > 0 {
		ev = ev.Int("status", sent.Status)
	}
	if sent.RequestID != "" {
		ev = ev.Str("wix_request_id", untrusted.Line(sent.RequestID))
	}
	ev.Float64("duration_ms", float64(took.Microseconds())/1000).Msg("tool call")
}
