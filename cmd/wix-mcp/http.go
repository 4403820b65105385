package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/access"
	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/httpserve"
	"github.com/wix-mcp/wix-mcp/replicas"
)

// serveHTTP serves the http and sse transports until ctx ends, then shuts
// down gracefully.
func serveHTTP(ctx context.Context, cfg *config.Config, srv *server.MCPServer, shared *replicas.Parts, logger zerolog.Logger) error {
	h := cfg.HTTP
	opts := httpserve.Options{
		Transport:         cfg.Transport,
		UnsafeNoAuth:      h.UnsafeNoAuth,
		AllowedHosts:      h.AllowedHosts,
		AllowedOrigins:    h.AllowedOrigins,
		Stateless:         h.Stateless,
		MaxBodyBytes:      h.MaxBodyBytes,
		ReadHeaderTimeout: h.ReadHeaderTimeout,
		IdleTimeout:       h.IdleTimeout,
		MaxSessions:       h.MaxSessions,
		ShutdownGrace:     h.ShutdownGrace,
		Ready:             shared.Ready,
		Logger:            logger.With().Str("component", "http").Logger(),
	}
	if h.MetricsAddr == "" {
		opts.Metrics = shared.Metrics.Handler()
	} else if err := serveMetrics(ctx, h.MetricsAddr, shared.Metrics.Handler(), logger); err != nil {
		return err
	}
	switch {
	case len(cfg.Users) > 0:
		users, err := access.NewUsers(cfg.AccessUsers())
		if err != nil {
			return err
		}
		opts.Users = users
		logger.Info().Int("users", users.Len()).Msg("HTTP clients authenticate with their user's token (users: in the config file), as Authorization: Bearer <token>")
	case h.UnsafeNoAuth:
		logger.Warn().Msg("--unsafe-no-auth: serving MCP over HTTP without a token; any program on this machine can use the configured Wix keys")
	default:
		tok, err := httpserve.ResolveToken(h.Token.Reveal(), h.TokenFile)
		if err != nil {
			return err
		}
		opts.Token = tok.Value
		switch {
		case tok.Generated:
			logger.Warn().Str("token_file", tok.File).
				Msg("generated a bearer token for HTTP clients and wrote it to the file (readable only by you); clients must send it as Authorization: Bearer <token>")
		case tok.File != "":
			logger.Info().Str("token_file", tok.File).Msg("HTTP clients must send the token from this file as Authorization: Bearer <token>")
		default:
			logger.Info().Msg("HTTP clients must send the token from WIX_MCP_HTTP_TOKEN as Authorization: Bearer <token>")
		}
		if tok.Warning != "" {
			logger.Warn().Msg(tok.Warning)
		}
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (--addr): %w", cfg.Addr, err)
	}
	return httpserve.Serve(ctx, srv, l, opts)
}

// serveMetrics serves /metrics without a token on its own address (a
// cluster-internal one, for Prometheus) until ctx ends.
func serveMetrics(ctx context.Context, addr string, h http.Handler, logger zerolog.Logger) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (--metrics-addr): %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", h)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(l) }()
	go func() {
		<-ctx.Done()
		_ = hs.Close()
	}()
	logger.Info().Str("metrics_addr", l.Addr().String()).Msg("serving Prometheus /metrics without a token; keep this address internal")
	return nil
}
