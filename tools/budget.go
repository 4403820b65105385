package tools

import (
	"context"
	"errors"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/ratelimit"
	"github.com/wix-mcp/wix-mcp/scopes"
)

// waitForBudget takes a slot of the target's Wix rate budget (per site,
// or per account for account-level calls), waiting up to the limiter's
// bound. It returns a result to give the model instead of sending: a
// refusal saying when to retry, or a note that the call was cancelled.
func (c *Caller) waitForBudget(ctx context.Context, target *scopes.Target) (*mcp.CallToolResult, error) {
	err := c.Limiter.Wait(ctx, target.Scope.String())
	var exceeded *ratelimit.ExceededError
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &exceeded):
		return mcp.NewToolResultError(exceeded.Error() + " Do not retry sooner: other calls to this site share the budget."), nil
	case ctx.Err() != nil:
		return mcp.NewToolResultError("The call was cancelled while waiting for Wix's rate budget; nothing was sent."), nil
	}
	// The shared budget cannot be read (Redis down): refusing keeps every
	// replica within Wix's limit.
	return mcp.NewToolResultError("Nothing was sent: the shared Wix rate budget cannot be checked right now (" + err.Error() + "). Try again shortly."), nil
}
