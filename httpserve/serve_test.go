package httpserve

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
)

const protocolVersion = "2025-11-25"

// testServer is an MCP server with one tool, "slow", that reports when it
// starts and answers when released or when its context ends.
type testServer struct {
	mcp     *server.MCPServer
	started chan struct{}
	release chan struct{}
}

func newTestServer() *testServer {
	ts := &testServer{mcp: server.NewMCPServer("test", "1", server.WithToolCapabilities(false)),
		started: make(chan struct{}, 10), release: make(chan struct{})}
	ts.mcp.AddTool(mcp.NewTool("slow", mcp.WithDescription("waits to be released")),
		func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			ts.started <- struct{}{}
			select {
			case <-ts.release:
				return mcp.NewToolResultText("finished"), nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		})
	return ts
}

// running is a Serve call on a loopback port.
type running struct {
	url    string
	cancel context.CancelFunc
	done   chan error
}

func serveTest(t *testing.T, ts *testServer, opts Options) *running {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts.Logger = zerolog.Nop()
	if opts.Token == "" && !opts.UnsafeNoAuth {
		opts.Token = testToken
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{url: "http://" + l.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- Serve(ctx, ts.mcp, l, opts) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-r.done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("Serve did not return")
		}
	})
	return r
}

// bearer adds the token to every request of an HTTP client.
type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

func connect(ctx context.Context, transport gomcp.Transport) (*gomcp.ClientSession, error) {
	client := gomcp.NewClient(&gomcp.Implementation{Name: "httpserve-test", Version: "1"}, nil)
	return client.Connect(ctx, transport, &gomcp.ClientSessionOptions{ProtocolVersion: protocolVersion})
}

func streamable(r *running) gomcp.Transport {
	return &gomcp.StreamableClientTransport{Endpoint: r.url + "/mcp", HTTPClient: &http.Client{Transport: bearer{testToken}}, MaxRetries: -1}
}

func TestSessionCap(t *testing.T) {
	t.Parallel()
	r := serveTest(t, newTestServer(), Options{Transport: TransportHTTP, MaxSessions: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a, err := connect(ctx, streamable(r))
	if err != nil {
		t.Fatal(err)
	}
	b, err := connect(ctx, streamable(r))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := connect(ctx, streamable(r)); err == nil || !strings.Contains(err.Error(), "Service Unavailable") {
		t.Fatalf("a third session must be refused, got %v", err)
	}
	a.Close() // DELETE frees the slot
	c, err := connect(ctx, streamable(r))
	if err != nil {
		t.Fatalf("after a session ended, a new one must be admitted: %v", err)
	}
	c.Close()
}

func TestStreamsNeedALiveSession(t *testing.T) {
	t.Parallel()
	r := serveTest(t, newTestServer(), Options{Transport: TransportHTTP})
	for _, tt := range []struct {
		method, session string
		want            int
	}{
		{"GET", "", http.StatusBadRequest},
		{"GET", "mcp-session-00000000000000000000000000000000", http.StatusNotFound},
		{"DELETE", "mcp-session-made-up", http.StatusNotFound},
	} {
		req, _ := http.NewRequest(tt.method, r.url+"/mcp", nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Accept", "text/event-stream")
		if tt.session != "" {
			req.Header.Set("Mcp-Session-Id", tt.session)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%s with session %q: %d, want %d", tt.method, tt.session, resp.StatusCode, tt.want)
		}
	}
}

func TestIdleSessionsExpire(t *testing.T) {
	t.Parallel()
	ts := newTestServer()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	opts := Options{Transport: TransportHTTP, Token: testToken, IdleTimeout: time.Second, Logger: zerolog.Nop()}
	opts.setDefaults()
	h, shutdown, err := newHandler(ts.mcp, l.Addr().String(), opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: h.mux}
	go func() { _ = hs.Serve(l) }() // returns ErrServerClosed when the test ends
	defer func() { shutdown(context.Background()); hs.Close() }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cs, err := connect(ctx, &gomcp.StreamableClientTransport{Endpoint: "http://" + l.Addr().String() + "/mcp",
		HTTPClient: &http.Client{Transport: bearer{testToken}}, MaxRetries: -1, DisableStandaloneSSE: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if n := h.sessions.count(); n != 1 {
		t.Fatalf("%d live sessions, want 1", n)
	}
	for deadline := time.Now().Add(8 * time.Second); h.sessions.count() > 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if n := h.sessions.count(); n != 0 {
		t.Fatalf("the idle session was not forgotten: %d live", n)
	}
	if _, err := cs.ListTools(ctx, nil); err == nil {
		t.Error("an expired session must not be served")
	}
}

// TestGracefulShutdown cancels the context while a call runs: the call
// must be answered, new connections refused, and Serve must return nil.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	for _, transport := range []config.Transport{TransportHTTP, TransportSSE} {
		t.Run(string(transport), func(t *testing.T) {
			ts := newTestServer()
			r := serveTest(t, ts, Options{Transport: transport, ShutdownGrace: 10 * time.Second})
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			// No standalone stream: the client would open it in the
			// background, and one opened after shutdown began is refused.
			var tr gomcp.Transport = &gomcp.StreamableClientTransport{Endpoint: r.url + "/mcp",
				HTTPClient: &http.Client{Transport: bearer{testToken}}, MaxRetries: -1, DisableStandaloneSSE: true}
			if transport == TransportSSE {
				tr = &gomcp.SSEClientTransport{Endpoint: r.url + "/sse", HTTPClient: &http.Client{Transport: bearer{testToken}}}
			}
			cs, err := connect(ctx, tr)
			if err != nil {
				t.Fatal(err)
			}
			defer cs.Close()
			type outcome struct {
				res *gomcp.CallToolResult
				err error
			}
			called := make(chan outcome, 1)
			go func() {
				res, err := cs.CallTool(ctx, &gomcp.CallToolParams{Name: "slow"})
				called <- outcome{res, err}
			}()
			<-ts.started
			r.cancel()
			// The listener closes at once; the call is still running.
			for deadline := time.Now().Add(5 * time.Second); ; {
				conn, err := net.DialTimeout("tcp", strings.TrimPrefix(r.url, "http://"), time.Second)
				if err != nil {
					break
				}
				conn.Close()
				if time.Now().After(deadline) {
					t.Fatal("the listener still accepts connections while shutting down")
				}
				time.Sleep(10 * time.Millisecond)
			}
			select {
			case err := <-r.done:
				t.Fatalf("Serve returned (%v) before the call in flight finished", err)
			case <-time.After(200 * time.Millisecond):
			}
			close(ts.release)
			got := <-called
			if got.err != nil || got.res.IsError || got.res.Content[0].(*gomcp.TextContent).Text != "finished" {
				t.Fatalf("the call in flight was not answered: %v %+v", got.err, got.res)
			}
			select {
			case err := <-r.done:
				if err != nil {
					t.Fatalf("Serve: %v", err)
				}
				r.done <- nil // for cleanup
			case <-time.After(5 * time.Second):
				t.Fatal("Serve did not return after the last call finished")
			}
		})
	}
}

// TestShutdownGraceEnds checks that a call that never finishes is cut off
// when the grace period ends.
func TestShutdownGraceEnds(t *testing.T) {
	t.Parallel()
	ts := newTestServer()
	r := serveTest(t, ts, Options{Transport: TransportHTTP, ShutdownGrace: 300 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cs, err := connect(ctx, streamable(r))
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	called := make(chan error, 1)
	go func() {
		_, err := cs.CallTool(ctx, &gomcp.CallToolParams{Name: "slow"})
		called <- err
	}()
	<-ts.started
	start := time.Now()
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
		r.done <- nil
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return when the grace period ended")
	}
	if elapsed := time.Since(start); elapsed < 300*time.Millisecond {
		t.Errorf("Serve returned after %v, before the grace period", elapsed)
	}
	if err := <-called; err == nil {
		t.Error("the cut-off call reported success")
	}
}

func TestServeRefusals(t *testing.T) {
	t.Parallel()
	ts := newTestServer()
	for _, tt := range []struct {
		name, listen string
		opts         Options
		want         string
	}{
		{"no auth on a wildcard address", "0.0.0.0:0", Options{Transport: TransportHTTP, UnsafeNoAuth: true}, "loopback"},
		{"no token", "127.0.0.1:0", Options{Transport: TransportHTTP}, "no bearer token"},
		{"stdio", "127.0.0.1:0", Options{Transport: "stdio", Token: testToken}, "not served over HTTP"},
		{"wildcard origin", "127.0.0.1:0", Options{Transport: TransportHTTP, Token: testToken, AllowedOrigins: []string{"*"}}, "wildcards"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, err := net.Listen("tcp", tt.listen)
			if err != nil {
				t.Fatal(err)
			}
			err = Serve(context.Background(), ts.mcp, l, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
				t.Errorf("the listener was left open: %v", err)
			}
		})
	}
}
