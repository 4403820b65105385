package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"
	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/rs/zerolog"
	"go.uber.org/goleak"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/mcpserver"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// upstream is the Wix emulator behind a handler that reports each request
// as it arrives: the sim logs a request only when it ends, and the fault
// tests must act while a request hangs.
type upstream struct {
	*httptest.Server
	sim *wixsim.Sim
	// arrived receives the path of every request as it reaches the sim.
	arrived chan string
}

func newUpstream(t *testing.T, opts ...wixsim.Option) *upstream {
	t.Helper()
	u := &upstream{sim: wixsim.New(opts...), arrived: make(chan string, 1024)}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case u.arrived <- r.URL.Path:
		default:
		}
		u.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

// waitArrival waits until a request for path reaches the sim.
func (u *upstream) waitArrival(t *testing.T, path string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case p := <-u.arrived:
			if p == path {
				return
			}
		case <-timeout:
			t.Fatalf("no request for %s reached the emulator", path)
		}
	}
}

// requestsTo returns the logged requests for one method and path.
func (u *upstream) requestsTo(method, path string) []wixsim.Request {
	var out []wixsim.Request
	for _, r := range u.sim.Requests() {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// waitLogged waits until the sim has logged a request for path that ended
// as want says (logging happens when the sim's handler returns).
func (u *upstream) waitLogged(t *testing.T, method, path string, want func(wixsim.Request) bool) wixsim.Request {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, r := range u.requestsTo(method, path) {
			if want(r) {
				return r
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the emulator logged no matching %s %s; log: %+v", method, path, u.requestsTo(method, path))
	return wixsim.Request{}
}

// inProcess is wix-mcp's MCP server and the emulator in the test process,
// served over streamable HTTP, so goroutines of both sides can be checked
// for leaks and cancellation observed on both sides.
type inProcess struct {
	up  *upstream
	mcp *httptest.Server
	// clientHTTP is the MCP client's HTTP client; wixTransport carries the
	// server's Wix requests. Both are closed at cleanup, so idle
	// keep-alive connections do not count as leaked goroutines.
	clientHTTP   *http.Client
	wixTransport *recordingTransport
	logs         *syncBuffer
}

// startInProcess loads a configuration the way the binary does (flags and
// environment, the emulator as base URL) and serves it over streamable
// HTTP. Every goroutine started from here on must be gone at cleanup.
func startInProcess(t *testing.T, args []string, env map[string]string, opts ...wixsim.Option) *inProcess {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	// Registered first, so it runs last, after every other cleanup.
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })

	p := &inProcess{up: newUpstream(t, opts...), logs: &syncBuffer{}}
	vars := map[string]string{"WIX_API_BASE_URL": p.up.URL, "WIX_MCP_TRANSPORT": "http"}
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.Load(args, func(k string) string { return vars[k] }, &bytes.Buffer{})
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	base := http.DefaultTransport.(*http.Transport).Clone()
	p.wixTransport = &recordingTransport{next: base}
	srv := mcpserver.New(cfg, mcpserver.Options{
		Version:   testVersion,
		Logger:    zerolog.New(p.logs).Level(zerolog.InfoLevel),
		Transport: p.wixTransport,
	})
	p.mcp = httptest.NewServer(server.NewStreamableHTTPServer(srv, server.WithStateful(true)))
	clientTransport := http.DefaultTransport.(*http.Transport).Clone()
	p.clientHTTP = &http.Client{Transport: clientTransport}
	t.Cleanup(func() {
		p.mcp.Close()
		clientTransport.CloseIdleConnections()
		base.CloseIdleConnections()
		p.checkCallLog(t)
	})
	return p
}

// checkCallLog checks that the call log states exactly what reached Wix:
// the wix_requests of every "tool call" line add up to the requests the
// server's transport sent (retries and site-owner lookups included). It
// runs at cleanup, when every call has ended, so every fault test checks
// it.
func (p *inProcess) checkCallLog(t *testing.T) {
	t.Helper()
	logged := 0
	for _, line := range strings.Split(strings.TrimSpace(p.logs.String()), "\n") {
		var entry struct {
			Message  string `json:"message"`
			Requests int    `json:"wix_requests"`
		}
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Message == "tool call" {
			logged += entry.Requests
		}
	}
	if sent := len(p.wixTransport.requests()); logged != sent {
		t.Errorf("the call log says %d Wix requests, the server sent %d:\n%s", logged, sent, p.logs.String())
	}
}

// connect opens an MCP session with the official Go SDK client.
func (p *inProcess) connect(t *testing.T) *gomcp.ClientSession {
	t.Helper()
	client := gomcp.NewClient(&gomcp.Implementation{Name: "faults", Version: "1"}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cs, err := client.Connect(ctx, &gomcp.StreamableClientTransport{Endpoint: p.mcp.URL, HTTPClient: p.clientHTTP, DisableStandaloneSSE: true},
		&gomcp.ClientSessionOptions{ProtocolVersion: protocolVersion})
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// callTool calls a tool with a generous bound; a JSON-RPC error fails the
// test, since faults must become isError results.
func callTool(t *testing.T, cs *gomcp.ClientSession, name string, args map[string]any) *gomcp.CallToolResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := cs.CallTool(ctx, &gomcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// sentRequest is what the server sent to Wix for one request.
type sentRequest struct {
	key, siteID, accountID, path, probe string
}

// recordingTransport records the key and scope headers of every request
// the server sends to Wix, which the emulator's log leaves out.
type recordingTransport struct {
	next http.RoundTripper
	mu   sync.Mutex
	sent []sentRequest
}

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.sent = append(rt.sent, sentRequest{
		key: r.Header.Get("Authorization"), siteID: r.Header.Get("wix-site-id"), accountID: r.Header.Get("wix-account-id"),
		path: r.URL.Path, probe: r.URL.Query().Get("probe"),
	})
	rt.mu.Unlock()
	return rt.next.RoundTrip(r)
}

func (rt *recordingTransport) requests() []sentRequest {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return append([]sentRequest(nil), rt.sent...)
}

// writeConfigFile writes a YAML config file into a test directory.
func writeConfigFile(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wix-mcp.yaml")
	if err := os.WriteFile(path, []byte(strings.TrimSpace(yaml)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// isCancellation reports whether err is the client giving up on a call.
func isCancellation(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		(err != nil && strings.Contains(err.Error(), "context canceled"))
}
