// Package tools defines wix-mcp's MCP tools. Each tool has one constructor
// that takes its dependencies and returns the tool definition and its
// handler, so tests can build a tool over a local Wix emulator.
package tools

import (
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/config"
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
	// MaxResultChars caps one result's size for the model; zero means
	// config.DefaultMaxResultChars.
	MaxResultChars int
	// Logger receives the audit lines of write and destructive calls.
	Logger zerolog.Logger
	// NoElicitation says the transport cannot carry questions to the person
	// (SSE, stateless HTTP), so destructive calls that need confirmation are
	// refused with instructions instead of asked about.
	NoElicitation bool
}

func (d Deps) maxChars() int {
	if d.MaxResultChars <= 0 {
		return config.DefaultMaxResultChars
	}
	return d.MaxResultChars
}

// All returns every tool wix-mcp serves for this configuration: list_sites
// and call_account_api only when an account is configured; the catalog
// tools always.
func All(d Deps) []server.ServerTool {
	var out []server.ServerTool
	hasAccount := len(d.Directory.AccountNames()) > 0
	if hasAccount {
		out = append(out, tool(ListSites(d.Directory, d.maxChars())))
	}
	c := &caller{gate: NewGate(d.Logger, d.NoElicitation), readOnly: d.ReadOnly, maxChars: d.maxChars()}
	out = append(out, tool(CallSiteAPI(d.Directory, c)))
	if hasAccount {
		out = append(out, tool(CallAccountAPI(d.Directory, c)))
	}
	out = append(out, tool(SearchWixAPI(catalog.Default)), tool(DescribeWixAPI(catalog.Default, d.maxChars())))
	return out
}

func tool(t mcp.Tool, h server.ToolHandlerFunc) server.ServerTool {
	return server.ServerTool{Tool: t, Handler: h}
}
