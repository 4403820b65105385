// Package mcpserver assembles wix-mcp's MCP server from a validated
// configuration: the key directory, the tools, logging and hooks. The
// transports (stdio, HTTP, SSE) serve what it builds.
package mcpserver

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/prompts"
	"github.com/wix-mcp/wix-mcp/replicas"
	"github.com/wix-mcp/wix-mcp/resources"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/tools"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Name is the server's MCP name.
const Name = "wix-mcp"

// Options are what New needs besides the configuration.
type Options struct {
	// Version is reported as serverInfo.version and in the User-Agent.
	Version string
	// Logger receives every log line; it must write to stderr in stdio mode.
	Logger zerolog.Logger
	// Transport carries Wix requests; nil means the default. Tests use it.
	Transport http.RoundTripper
	// Shared are the parts replicas share (confirmation store, rate
	// limiter, metrics); nil serves without them.
	Shared *replicas.Parts
}

// New builds the MCP server for cfg.
func New(cfg *config.Config, opts Options) *server.MCPServer {
	logger := opts.Logger
	shared := opts.Shared
	if shared == nil {
		shared = &replicas.Parts{}
	}
	transport := opts.Transport
	if shared.Metrics != nil {
		if transport == nil {
			transport = wixclient.DefaultTransport()
		}
		transport = shared.Metrics.Transport(transport)
	}
	dir := scopes.New(cfg, scopes.ClientOptions{
		BaseURL:   cfg.BaseURL,
		Timeout:   cfg.Timeout,
		UserAgent: "wix-mcp/" + opts.Version,
		Transport: transport,
	})
	if shared.Owners != nil {
		dir.ShareOwners(shared.Owners)
	}
	deps := tools.Deps{
		Directory:      dir,
		ReadOnly:       cfg.ReadOnly,
		Sandbox:        cfg.Sandbox,
		MaxResultChars: cfg.MaxResultChars,
		Logger:         logger,
		NoElicitation:  noElicitation(cfg, shared),
		ConfirmTimeout: cfg.ConfirmTimeout,
		ScriptLimits:   cfg.Script,
		Limiter:        shared.Limiter,
		Metrics:        shared.Metrics,
	}
	if shared.Confirmations != nil {
		deps.Confirmations = shared.Confirmations
		deps.ModernOnlyElicitation = cfg.Transport == config.TransportHTTP && cfg.HTTP.Stateless
	}

	hooks := &server.Hooks{}
	hooks.AddOnRegisterSession(func(context.Context, server.ClientSession) { shared.Metrics.SessionOpened() })
	hooks.AddOnUnregisterSession(func(context.Context, server.ClientSession) { shared.Metrics.SessionClosed() })
	hooks.AddOnError(func(ctx context.Context, id any, method mcp.MCPMethod, _ any, err error) {
		logger.Debug().Any("id", id).Str("mcp_method", string(method)).Err(err).Msg("request failed")
	})
	var warm sync.Once
	hooks.AddAfterInitialize(func(ctx context.Context, id any, req *mcp.InitializeRequest, _ *mcp.InitializeResult) {
		// Decode the embedded catalog while the client reads the tool list,
		// not during start-up and not on the first tool call.
		warm.Do(func() { go catalog.Default() })
		logger.Info().Str("client", req.Params.ClientInfo.Name).Str("client_version", req.Params.ClientInfo.Version).
			Str("protocol", req.Params.ProtocolVersion).Msg("client connected")
	})

	s := server.NewMCPServer(Name, opts.Version,
		server.WithToolCapabilities(false),
		server.WithResourceCapabilities(false, false),
		server.WithPromptCapabilities(false),
		server.WithLogging(),
		server.WithRecovery(),
		// No server.WithElicitation(): elicitation is a client capability
		// (https://modelcontextprotocol.io/specification/2025-06-18/client/elicitation);
		// the gate asks whenever the client declared it.
		server.WithHooks(hooks),
		server.WithInstructions(tools.Instructions(deps)),
		server.WithLogger(slog.New(zerolog.NewSlogHandler(mcpGoLogger(logger)))),
		server.WithToolHandlerMiddleware(tools.LogCalls(logger)),
		server.WithToolHandlerMiddleware(shared.Metrics.Tools()),
		server.WithToolFilter(tools.ReachFilter(dir)),
	)
	all := tools.All(deps)
	s.AddTools(all...)
	// Resources read through the same tool handlers and call log.
	static, templates := resources.All(resources.Deps{Tools: all, Middleware: tools.LogCalls(logger), Accounts: dir.AccountNames(), Reach: tools.ListableAccounts(dir)})
	s.AddResources(static...)
	s.AddResourceTemplates(templates...)
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = t.Tool.Name
	}
	s.AddPrompts(prompts.All(names)...)
	return s
}

// noElicitation names the transport when it cannot carry a question to the
// person: mcp-go v1.2.1 refuses server-initiated requests on SSE sessions
// ("session does not support elicitation") and has no session to route the
// answer to in stateless HTTP (server/elicitation.go, server/sse.go).
// Stateless HTTP with a sealed confirmation store can still ask clients of
// protocol 2026-07-28, whose answers come back with the sealed state.
func noElicitation(cfg *config.Config, shared *replicas.Parts) string {
	switch {
	case cfg.Transport == config.TransportSSE:
		return "SSE"
	case cfg.Transport == config.TransportHTTP && cfg.HTTP.Stateless && shared.Confirmations == nil:
		return "stateless HTTP"
	}
	return ""
}

// mcpGoLogger bridges mcp-go's own logs into zerolog. Below debug level its
// per-request lines are dropped: LogCalls already writes one line per call.
func mcpGoLogger(logger zerolog.Logger) zerolog.Logger {
	l := logger.With().Str("component", "mcp-go").Logger()
	if logger.GetLevel() > zerolog.DebugLevel {
		l = l.Level(zerolog.WarnLevel)
	}
	return l
}
