// Package httpserve serves an MCP server over HTTP: the streamable HTTP
// transport at /mcp, or the older HTTP+SSE transport at /sse and /message,
// plus /healthz. It puts the security every network-reachable MCP server
// needs in front of mcp-go's handlers, on by default: a bearer token,
// Host and Origin allowlists against DNS rebinding and cross-site requests,
// no wildcard CORS, body, header-time and session limits, and a graceful
// shutdown that lets running tool calls finish.
package httpserve

import (
	"context"
	"errors"
	"fmt"
	stdlog "log"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/access"
	"github.com/wix-mcp/wix-mcp/config"
)

// Transports served by Serve.
const (
	TransportHTTP = config.TransportHTTP
	TransportSSE  = config.TransportSSE
)

// Defaults for zero Options fields.
const (
	DefaultMaxBodyBytes      = 1 << 20
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultIdleTimeout       = 30 * time.Minute
	DefaultMaxSessions       = 1000
	DefaultShutdownGrace     = 10 * time.Second
	DefaultBodyReadTimeout   = 30 * time.Second
)

// streamCloseDelay is how long a shutdown waits, after the last owed answer
// was written, before it closes the event streams.
const streamCloseDelay = 250 * time.Millisecond

// Options configure Serve.
type Options struct {
	// Transport is TransportHTTP (streamable HTTP at /mcp) or TransportSSE
	// (/sse and /message).
	Transport config.Transport
	// Token is the bearer token every MCP request must carry. It must be
	// set unless UnsafeNoAuth is, or Users are.
	Token string
	// Users, when it holds any, replaces Token: each request must carry
	// one user's token, and goes on with that user in its context.
	Users *access.Users
	// UnsafeNoAuth serves without a token; Serve refuses it unless the
	// listener is on a loopback address.
	UnsafeNoAuth bool
	// AllowedHosts are Host values accepted besides the names of the
	// listen address: "name" (any port) or "name:port".
	AllowedHosts []string
	// AllowedOrigins are browser origins (https://app.example.com) that
	// may send requests; a request with any other Origin gets 403.
	AllowedOrigins []string
	// Stateless serves streamable HTTP without sessions.
	Stateless bool
	// MaxBodyBytes caps a request body; larger ones get 413.
	MaxBodyBytes int64
	// ReadHeaderTimeout bounds reading a request's headers.
	ReadHeaderTimeout time.Duration
	// BodyReadTimeout bounds reading a request's body.
	BodyReadTimeout time.Duration
	// IdleTimeout closes idle keep-alive connections and forgets sessions
	// that made no request for this long.
	IdleTimeout time.Duration
	// MaxSessions caps concurrent sessions (streamable HTTP sessions, or
	// SSE streams).
	MaxSessions int
	// ShutdownGrace is how long running calls may finish once ctx ends.
	ShutdownGrace time.Duration
	// Metrics, when set, is served at /metrics behind the same checks and
	// token as /mcp.
	Metrics http.Handler
	// Ready, when set, is asked by /readyz whether the server can serve
	// (Redis answers); /readyz then answers 503 until it returns nil.
	Ready func(ctx context.Context) error
	// Logger receives the server's log lines.
	Logger zerolog.Logger
}

func (o *Options) setDefaults() {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.ReadHeaderTimeout <= 0 {
		o.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if o.BodyReadTimeout <= 0 {
		o.BodyReadTimeout = DefaultBodyReadTimeout
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = DefaultMaxSessions
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = DefaultShutdownGrace
	}
}

// Serve serves mcp on l until ctx ends, then shuts down gracefully: it
// stops accepting connections and new requests, waits up to ShutdownGrace
// for running calls to be answered, closes the remaining streams and
// returns nil. It closes l.
func Serve(ctx context.Context, mcp *server.MCPServer, l net.Listener, opts Options) error {
	opts.setDefaults()
	handler, shutdown, err := newHandler(mcp, l.Addr().String(), opts)
	if err != nil {
		l.Close()
		return err
	}
	log := opts.Logger
	hs := &http.Server{
		Handler:           boundReads(handler.mux, opts.BodyReadTimeout),
		ReadHeaderTimeout: opts.ReadHeaderTimeout,
		IdleTimeout:       opts.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          stdlog.New(log.With().Str("component", "http").Logger(), "", 0),
	}
	addr := l.Addr().String()
	path := "/mcp"
	if opts.Transport == TransportSSE {
		path = "/sse"
	}
	if !isLoopbackAddr(addr) {
		log.Warn().Str("addr", addr).Bool("auth", !opts.UnsafeNoAuth).
			Msg("listening on a non-loopback address: every MCP request must carry the bearer token (Authorization: Bearer <token>); publish the port only where needed, e.g. docker run -p 127.0.0.1:8080:8080")
	}
	log.Info().Str("transport", string(opts.Transport)).Str("listen_addr", addr).Str("listen_url", "http://"+addr+path).
		Bool("stateless", opts.Stateless && opts.Transport == TransportHTTP).Bool("auth", !opts.UnsafeNoAuth).
		Int("max_sessions", opts.MaxSessions).Int64("max_body_bytes", opts.MaxBodyBytes).Msg("serving MCP over HTTP")

	served := make(chan error, 1)
	go func() { served <- hs.Serve(l) }()
	select {
	case err := <-served:
		shutdown(context.Background())
		return fmt.Errorf("serving HTTP on %s: %w", addr, err)
	case <-ctx.Done():
	}

	log.Info().Dur("grace", opts.ShutdownGrace).Int("calls_in_flight", handler.owed.pending()).
		Msg("shutting down: no new connections or requests; waiting for calls in flight")
	handler.draining.Store(true)
	graceCtx, cancel := context.WithTimeout(context.Background(), opts.ShutdownGrace)
	defer cancel()
	stopped := make(chan error, 1)
	go func() { stopped <- hs.Shutdown(graceCtx) }()
	answered := handler.owed.drain(graceCtx)
	if answered {
		// An answer just written may still sit in the client's socket
		// buffer; clients treat the end of their event stream as the end
		// of the session and fail calls still waiting, so give them a
		// moment to read it first.
		select {
		case <-time.After(streamCloseDelay):
		case <-graceCtx.Done():
		}
	}
	// Listening streams never end on their own; end them once every owed
	// answer is out, so Shutdown can finish.
	shutdown(graceCtx)
	select {
	case err := <-stopped:
		if err != nil {
			log.Debug().Err(err).Msg("HTTP server shutdown")
		}
	case <-graceCtx.Done():
	}
	if !answered {
		log.Warn().Int("calls_cut_off", handler.owed.pending()).Msg("shutdown grace period over; closing connections with calls still running")
	}
	// Whatever is still open after the grace period is cut; the error
	// only repeats that connections were closed.
	_ = hs.Close()
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving HTTP: %w", err)
	}
	return nil
}

// handler is the routed, guarded HTTP surface.
type handler struct {
	mux      *http.ServeMux
	draining *atomic.Bool
	owed     *inflight
	sessions *sessionLimiter // nil unless stateful streamable HTTP
}

// newHandler builds the routes for a server listening on listenAddr and a
// function that ends every session and stream.
func newHandler(mcp *server.MCPServer, listenAddr string, opts Options) (*handler, func(context.Context), error) {
	if opts.Transport != TransportHTTP && opts.Transport != TransportSSE {
		return nil, nil, fmt.Errorf("transport %q is not served over HTTP; use %s or %s", opts.Transport, TransportHTTP, TransportSSE)
	}
	if opts.UnsafeNoAuth && !isLoopbackAddr(listenAddr) {
		return nil, nil, fmt.Errorf("--unsafe-no-auth is refused on %s: serving without a token is allowed only on a loopback address such as 127.0.0.1", listenAddr)
	}
	hasUsers := opts.Users != nil && opts.Users.Len() > 0
	if !opts.UnsafeNoAuth && !hasUsers && len(opts.Token) < MinTokenLength {
		return nil, nil, fmt.Errorf("no bearer token (at least %d characters) for the HTTP transport", MinTokenLength)
	}
	policy, err := newHostPolicy(listenAddr, opts.AllowedHosts, opts.AllowedOrigins)
	if err != nil {
		return nil, nil, err
	}
	h := &handler{mux: http.NewServeMux(), draining: &atomic.Bool{}, owed: newInflight()}
	g := &guard{
		policy: policy, requireAuth: !opts.UnsafeNoAuth, maxBody: opts.MaxBodyBytes,
		draining: h.draining, log: opts.Logger,
	}
	switch {
	case g.requireAuth && hasUsers:
		g.users = opts.Users
	case g.requireAuth:
		g.tokenHash = sha256Sum(opts.Token)
	}
	slogger := slog.New(zerolog.NewSlogHandler(opts.Logger.With().Str("component", "mcp-go").Logger()))
	h.mux.Handle("/healthz", health(h.draining))
	h.mux.Handle("/readyz", ready(h.draining, opts.Ready, opts.Logger))
	if opts.Metrics != nil {
		h.mux.Handle("/metrics", g.wrap(opts.Metrics))
	}

	var shutdown func(context.Context)
	switch opts.Transport {
	case TransportHTTP:
		// mcp-go's own rebinding check is off: the guard's is stricter
		// (it also covers wildcard listeners and Origin) and honours
		// --allowed-hosts.
		httpOpts := []server.StreamableHTTPOption{
			server.WithDisableLocalhostProtection(true),
			server.WithStreamableHTTPLogger(slogger),
		}
		if opts.Stateless {
			// No session means no listening stream to route anything to;
			// and no event store, which would keep every answer forever
			// with no session to purge it with.
			httpOpts = append(httpOpts, server.WithStateLess(true), server.WithDisableStreaming(true))
		} else {
			h.sessions = newSessionLimiter(opts.MaxSessions)
			// The event store works around mcp-go dropping notifications
			// sent just before a handler returns (mcp-go PR #969); the
			// idle TTL bounds how long a session's events are kept.
			httpOpts = append(httpOpts, server.WithSessionIdManager(h.sessions),
				server.WithEventStore(newBoundedEventStore(eventBudget)), server.WithSessionIdleTTL(opts.IdleTimeout))
		}
		streamable := server.NewStreamableHTTPServer(mcp, httpOpts...)
		var endpoint http.Handler = streamable
		if h.sessions != nil {
			endpoint = limitSessions(h.sessions, endpoint)
		}
		h.mux.Handle("/mcp", g.wrap(h.owed.trackPosts(endpoint)))
		shutdown = func(ctx context.Context) { _ = streamable.Shutdown(ctx) }
	case TransportSSE:
		sse := server.NewSSEServer(mcp,
			server.WithSSEEndpoint("/sse"), server.WithMessageEndpoint("/message"),
			server.WithSSEDisableLocalhostProtection(true), server.WithKeepAlive(true))
		streams := &streamLimiter{max: opts.MaxSessions}
		stream := h.owed.trackSSEStream(sse.SSEHandler())
		h.mux.Handle("/sse", g.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				if !streams.acquire() {
					tooManySessions(w)
					return
				}
				defer streams.releaseStream()
			}
			stream.ServeHTTP(w, r)
		})))
		h.mux.Handle("/message", g.wrap(h.owed.trackSSEMessages(sse.MessageHandler())))
		shutdown = func(context.Context) { sse.CloseSessions() }
	}
	// Everything else is 404, after the same checks, so an unauthenticated
	// caller cannot map the server.
	// The OAuth discovery documents are 404 without a token (wellknown.go).
	h.mux.Handle("/", withoutOAuth(g, g.wrap(http.NotFoundHandler())))
	return h, shutdown, nil
}

// isLoopbackAddr reports whether a listen address (host:port) accepts
// connections from this machine only. config refuses --unsafe-no-auth off
// loopback already; Serve checks again because it can be used without
// config (tests, the benchmark stand-in).
func isLoopbackAddr(addr string) bool { return config.IsLoopbackAddr(addr) }
