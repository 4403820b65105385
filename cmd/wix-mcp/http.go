package main

import (
	"context"
	"fmt"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
)

// serveHTTP serves the http and sse transports.
func serveHTTP(ctx context.Context, cfg *config.Config, srv *server.MCPServer, logger zerolog.Logger) error {
	return fmt.Errorf("--transport %s is not available in this build yet; use --transport stdio", cfg.Transport)
}
