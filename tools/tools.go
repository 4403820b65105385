// Package tools defines wix-mcp's MCP tools. Each tool has one constructor
// that takes its dependencies and returns the tool definition and its
// handler, so tests can build a tool over a local Wix emulator.
package tools

import (
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/metrics"
	"github.com/wix-mcp/wix-mcp/ratelimit"
	"github.com/wix-mcp/wix-mcp/scopes"
)

// Deps are what the tools need. New fills in what is left zero.
type Deps struct {
	// Directory resolves scopes.
	Directory *scopes.Directory
	// Catalog returns the offline catalog of Wix's REST API; nil means the
	// embedded one (catalog.Default). It is a function so that the catalog
	// is decoded on first use, not at start-up.
	Catalog func() *catalog.Catalog
	// Gate judges every Wix call; nil means one built from the fields below.
	Gate *Gate
	// ReadOnly says the whole server refuses writes; descriptions say so.
	ReadOnly bool
	// Sandbox says the server runs on the built-in emulator.
	Sandbox bool
	// MaxResultChars caps one result's size for the model; zero means
	// config.DefaultMaxResultChars.
	MaxResultChars int
	// Logger receives the audit lines of write and destructive calls.
	Logger zerolog.Logger
	// NoElicitation names the transport when it cannot carry questions to
	// the person (SSE, stateless HTTP), so destructive calls that need
	// confirmation are refused with instructions instead of asked about.
	NoElicitation string
	// ConfirmTimeout bounds how long a confirmation question waits; zero
	// means config.DefaultConfirmTimeout.
	ConfirmTimeout time.Duration
	// ScriptLimits bound each run of run_wix_script; zero fields take
	// config's defaults.
	ScriptLimits config.ScriptLimits
	// Confirmations, when set, keeps the state of confirmation questions
	// (a sealed store, for stateless replicas) instead of this process's
	// memory; ModernOnlyElicitation then says only clients of protocol
	// 2026-07-28 can be asked.
	Confirmations         ConfirmationStore
	ModernOnlyElicitation bool
	// Limiter keeps calls within Wix's rate budget; nil lets all through.
	Limiter *ratelimit.Limiter
	// Metrics counts confirmations; nil counts nothing.
	Metrics *metrics.Recorder
}

// withDefaults fills in the catalog, the gate and the result cap.
func (d Deps) withDefaults() Deps {
	if d.MaxResultChars <= 0 {
		d.MaxResultChars = config.DefaultMaxResultChars
	}
	if d.Catalog == nil {
		d.Catalog = catalog.Default
	}
	if d.Gate == nil {
		d.Gate = NewGate(GateOptions{
			Catalog:        d.Catalog,
			Logger:         d.Logger,
			NoElicitation:  d.NoElicitation,
			ConfirmTimeout: d.ConfirmTimeout,
			Confirmations:  d.Confirmations,
			ModernOnly:     d.ModernOnlyElicitation,
			Metrics:        d.Metrics,
		})
	}
	return d
}

// All returns every tool wix-mcp serves for this configuration: list_sites
// and call_account_api only when an account is configured; the catalog
// tools always.
func All(d Deps) []server.ServerTool {
	d = d.withDefaults()
	var out []server.ServerTool
	hasAccount := len(d.Directory.AccountNames()) > 0
	if hasAccount {
		out = append(out, tool(ListSites(d.Directory, d.MaxResultChars)))
	}
	c := &Caller{Gate: d.Gate, Catalog: d.Catalog, ReadOnly: d.ReadOnly, MaxChars: d.MaxResultChars, apps: newSiteApps(d.Catalog), Limiter: d.Limiter}
	out = append(out, tool(CallSiteAPI(d.Directory, c)))
	if hasAccount {
		out = append(out, tool(CallAccountAPI(d.Directory, c)))
	}
	out = append(out, tool(RunScript(d.Directory, c, d.ScriptLimits, d.Logger)))
	out = append(out, tool(SearchWixAPI(d.Catalog, d.Directory, c)), tool(DescribeWixAPI(d.Catalog, d.MaxResultChars)))
	return out
}

func tool(t mcp.Tool, h server.ToolHandlerFunc) server.ServerTool {
	return server.ServerTool{Tool: t, Handler: h}
}

// withTitle sets a tool's display title both where MCP 2025-06-18 put it
// (the tool's own title) and where earlier clients read it (the title
// annotation); see https://modelcontextprotocol.io/specification/2025-06-18/server/tools.
func withTitle(title string) mcp.ToolOption {
	return func(t *mcp.Tool) {
		t.Title = title
		t.Annotations.Title = title
	}
}

// jsonObjectOrArray gives a property the JSON types a Wix request body can
// have. Without a type, strict schema checkers (the MCP Inspector's
// strict mode) warn that the property accepts anything.
func jsonObjectOrArray(schema map[string]any) {
	schema["type"] = []string{"object", "array"}
}
