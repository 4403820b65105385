// Package tools defines wix-mcp's MCP tools. Each tool has one constructor
// that takes its dependencies and returns the tool definition and its
// handler, so tests can build a tool over a local Wix emulator.
package tools

import (
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/scopes"
)

// Deps are what the tools need.
type Deps struct {
	// Directory resolves scopes.
	Directory *scopes.Directory
	// ReadOnly says the whole server refuses writes; descriptions say so.
	ReadOnly bool
	// Sandbox says the server runs on the built-in emulator.
	Sandbox bool
	// MaxResultChars caps one result's size for the model.
	MaxResultChars int
}

// All returns every tool wix-mcp serves for this configuration: list_sites
// and call_account_api only when an account is configured.
func All(d Deps) []server.ServerTool {
	var out []server.ServerTool
	hasAccount := len(d.Directory.AccountNames()) > 0
	if hasAccount {
		out = append(out, tool(ListSites(d.Directory)))
	}
	out = append(out, tool(CallSiteAPI(d.Directory, d.ReadOnly)))
	if hasAccount {
		out = append(out, tool(CallAccountAPI(d.Directory, d.ReadOnly)))
	}
	return out
}

func tool(t mcp.Tool, h server.ToolHandlerFunc) server.ServerTool {
	return server.ServerTool{Tool: t, Handler: h}
}
