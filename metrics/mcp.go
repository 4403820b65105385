package metrics

import (
	"context"
	"net/http"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/access"
)

// Tools is tool middleware counting each call by tool, outcome and user.
func (r *Recorder) Tools() server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		if r == nil {
			return next
		}
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			start := time.Now()
			res, err := next(ctx, req)
			outcome := "ok"
			switch {
			case err != nil:
				outcome = "bug"
			case res != nil && res.IsError:
				outcome = "tool_error"
			case res != nil && res.ResultType == mcp.ResultTypeInputRequired:
				outcome = "input_required"
			}
			r.ToolCall(req.Params.Name, outcome, access.NameFrom(ctx), time.Since(start))
			return res, err
		}
	}
}

// Transport counts every request sent to Wix through base, by status.
func (r *Recorder) Transport(base http.RoundTripper) http.RoundTripper {
	if r == nil {
		return base
	}
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		start := time.Now()
		resp, err := base.RoundTrip(req)
		status := 0
		if err == nil {
			status = resp.StatusCode
		}
		r.WixRequest(status, time.Since(start))
		return resp, err
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
