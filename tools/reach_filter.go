package tools

import (
	"context"
	"maps"
	"slices"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/access"
	"github.com/wix-mcp/wix-mcp/scopes"
)

// ReachFilter narrows the tools a user sees to its reach: the account
// argument lists only the accounts it may use, and a tool with no account
// left is not offered (nor callable: mcp-go applies the filter to
// tools/call too). Without a user the tools are unchanged.
func ReachFilter(dir *scopes.Directory) server.ToolFilterFunc {
	return func(ctx context.Context, tools []mcp.Tool) []mcp.Tool {
		u := access.UserFrom(ctx)
		if u == nil {
			return tools
		}
		out := make([]mcp.Tool, 0, len(tools))
		for _, t := range tools {
			var accounts []string
			switch t.Name {
			case "call_account_api":
				for _, a := range dir.AccountNames() {
					if u.ReachesAccount(a) {
						accounts = append(accounts, a)
					}
				}
			case "list_sites":
				accounts = listableAccounts(ctx, dir, u)
			default:
				out = append(out, t)
				continue
			}
			if len(accounts) == 0 {
				continue
			}
			out = append(out, withAccountEnum(t, accounts))
		}
		return out
	}
}

// withAccountEnum returns a copy of t whose account argument, if it has
// one, offers only accounts.
func withAccountEnum(t mcp.Tool, accounts []string) mcp.Tool {
	prop, ok := t.InputSchema.Properties["account"].(map[string]any)
	if !ok {
		return t
	}
	prop = maps.Clone(prop)
	prop["enum"] = accounts
	t.InputSchema.Properties = maps.Clone(t.InputSchema.Properties)
	t.InputSchema.Properties["account"] = prop
	return t
}

// ListableAccounts narrows accounts to those whose sites the calling user
// may list, whole or in part; without a user it is accounts itself.
func ListableAccounts(dir *scopes.Directory) func(ctx context.Context, accounts []string) []string {
	return func(ctx context.Context, accounts []string) []string {
		u := access.UserFrom(ctx)
		if u == nil {
			return accounts
		}
		listable := listableAccounts(ctx, dir, u)
		var out []string
		for _, a := range accounts {
			if slices.Contains(listable, a) {
				out = append(out, a)
			}
		}
		return out
	}
}
