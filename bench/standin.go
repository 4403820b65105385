package bench

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/mcpserver"
)

// ServeStandIn serves wix-mcp's MCP server over streamable HTTP on addr,
// configured from args and getenv like the binary, until ctx ends. It is
// for builds of wix-mcp whose binary cannot serve HTTP yet: the server,
// tools and Wix client are the real ones; what it lacks is the HTTP
// transport's own layer (bearer auth, Host and Origin checks, session cap).
//
// idleConnsPerHost, when positive, gives the Wix client a transport that
// keeps that many idle connections to the Wix host instead of net/http's
// default of 2, to measure what that setting costs under concurrency.
func ServeStandIn(ctx context.Context, addr string, args []string, getenv config.Environment, logs io.Writer, idleConnsPerHost int) error {
	cfg, err := config.Load(args, getenv, logs)
	if err != nil {
		return err
	}
	level, err := zerolog.ParseLevel(cfg.LogLevel)
	if err != nil {
		level = zerolog.InfoLevel
	}
	opts := mcpserver.Options{Version: "bench-stand-in", Logger: zerolog.New(logs).Level(level).With().Timestamp().Logger()}
	if idleConnsPerHost > 0 {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = idleConnsPerHost
		opts.Transport = t
	}
	srv := mcpserver.New(cfg, opts)
	return serveHTTP(ctx, addr, server.NewStreamableHTTPServer(srv, server.WithStateful(true)))
}

// serveHTTP serves h on addr until ctx ends, then shuts down within 5 s.
func serveHTTP(ctx context.Context, addr string, h http.Handler) error {
	hs := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { //nolint:gosec // G118: shutdown starts after ctx is done, so it needs a fresh context
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shutdown)
	}()
	if err := hs.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
