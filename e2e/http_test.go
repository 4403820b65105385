package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// httpToken is the bearer token most HTTP tests configure.
const httpToken = "e2e-http-token-0123456789abcdef"

// httpProc is the wix-mcp binary serving --transport http or sse.
type httpProc struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	// base is http://127.0.0.1:PORT, whatever the listen address.
	base   string
	exited chan struct{}
	err    error // the process's exit error, once exited is closed
}

// startHTTP runs the binary with args (add --addr 127.0.0.1:0 or similar)
// and waits until it logs the address it listens on.
func startHTTP(t *testing.T, env []string, args ...string) *httpProc {
	t.Helper()
	return startHTTPHome(t, t.TempDir(), env, args...)
}

func startHTTPHome(t *testing.T, home string, env []string, args ...string) *httpProc {
	t.Helper()
	p := &httpProc{cmd: exec.Command(binary, args...), stderr: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home}, env...)
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill() // fails only when it has already exited
		<-p.exited
	})
	deadline := time.After(30 * time.Second)
	for {
		for _, line := range strings.Split(p.stderr.String(), "\n") {
			var entry struct {
				ListenAddr string `json:"listen_addr"`
			}
			if json.Unmarshal([]byte(line), &entry) == nil && entry.ListenAddr != "" {
				_, port, _ := net.SplitHostPort(entry.ListenAddr)
				p.base = "http://127.0.0.1:" + port
				return p
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("wix-mcp exited before serving: %v\nstderr:\n%s", p.err, p.stderr.String())
		case <-deadline:
			t.Fatalf("wix-mcp logged no listen address\nstderr:\n%s", p.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// withBearer adds a token to every request an MCP client sends.
type withBearer struct{ token string }

func (b withBearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if b.token != "" {
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// connectHTTP connects the official Go SDK client over http (/mcp) or sse.
func connectHTTP(ctx context.Context, p *httpProc, transport, token string) (*gomcp.ClientSession, error) {
	hc := &http.Client{Transport: withBearer{token}}
	var tr gomcp.Transport = &gomcp.StreamableClientTransport{Endpoint: p.base + "/mcp", HTTPClient: hc, MaxRetries: -1}
	if transport == "sse" {
		tr = &gomcp.SSEClientTransport{Endpoint: p.base + "/sse", HTTPClient: hc}
	}
	client := gomcp.NewClient(&gomcp.Implementation{Name: "e2e-http", Version: "1"}, nil)
	return client.Connect(ctx, tr, &gomcp.ClientSessionOptions{ProtocolVersion: protocolVersion})
}

func mustConnectHTTP(t *testing.T, p *httpProc, transport, token string) *session {
	t.Helper()
	// The go-sdk SSE client reads its event stream under the connect
	// context, so that context lives as long as the session.
	ctx, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(20*time.Second, cancel)
	cs, err := connectHTTP(ctx, p, transport, token)
	timer.Stop()
	if err != nil {
		cancel()
		t.Fatalf("connect over %s: %v\nstderr:\n%s", transport, err, p.stderr.String())
	}
	t.Cleanup(func() { cs.Close(); cancel() })
	return &session{ClientSession: cs, stderr: p.stderr}
}

// rawResponse is one plain HTTP exchange.
type rawResponse struct {
	status int
	header http.Header
	body   string
}

const initializeBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"` + protocolVersion + `","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`

// raw sends one request; host, when set, replaces the Host header.
func raw(t *testing.T, method, url, host string, header map[string]string, body string) rawResponse {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if host != "" {
		req.Host = host
	}
	client := &http.Client{Timeout: 20 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	return rawResponse{resp.StatusCode, resp.Header, string(b)}
}

// checkGate runs the token, Host and Origin checks against a running server.
func checkGate(t *testing.T, p *httpProc) {
	t.Helper()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(p.base, "http://"))
	auth := map[string]string{"Authorization": "Bearer " + httpToken}
	tests := []struct {
		name       string
		host       string
		header     map[string]string
		wantStatus int
	}{
		{"no token", "", nil, 401},
		{"wrong token", "", map[string]string{"Authorization": "Bearer wrong-" + httpToken}, 401},
		{"right token", "", auth, 200},
		{"localhost name", "localhost:" + port, auth, 200},
		{"foreign Origin", "", map[string]string{"Authorization": "Bearer " + httpToken, "Origin": "https://evil.example"}, 403},
		{"rebinding Host", "evil.example:" + port, auth, 403},
		{"rebinding Host without token", "evil.example:" + port, nil, 403},
		{"container address as Host", "172.17.0.2:" + port, auth, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := raw(t, "POST", p.base+"/mcp", tt.host, tt.header, initializeBody)
			if r.status != tt.wantStatus {
				t.Fatalf("HTTP %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if tt.wantStatus == 401 && !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without WWW-Authenticate: Bearer: %v", r.header)
			}
			if tt.wantStatus == 200 && (r.header.Get("Mcp-Session-Id") == "" || !strings.Contains(r.body, `"serverInfo"`)) {
				t.Errorf("initialize not served: %v %s", r.header, r.body)
			}
			if r.header.Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("CORS header on a request without an allowed origin: %q", r.header.Get("Access-Control-Allow-Origin"))
			}
		})
	}
	h := raw(t, "GET", p.base+"/healthz", "", nil, "")
	if h.status != 200 || h.body != "ok\n" {
		t.Errorf("/healthz without a token: %d %q, want 200 \"ok\\n\"", h.status, h.body)
	}
	if strings.Contains(p.stderr.String(), httpToken) {
		t.Error("the token appears in the logs")
	}
}

// TestHTTPSecurityLoopback checks the token, Host and Origin gate of the
// binary on a loopback address.
func TestHTTPSecurityLoopback(t *testing.T) {
	t.Parallel()
	p := startHTTP(t, []string{"WIX_MCP_HTTP_TOKEN=" + httpToken}, "--sandbox", "--transport", "http", "--addr", "127.0.0.1:0")
	checkGate(t, p)
	if strings.Contains(p.stderr.String(), "non-loopback") {
		t.Error("a loopback server warns about a non-loopback address")
	}
	// A client without the token cannot connect; with it, it can.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if cs, err := connectHTTP(ctx, p, "http", ""); err == nil {
		cs.Close()
		t.Error("a client without the token connected")
	}
	s := mustConnectHTTP(t, p, "http", httpToken)
	if !slices.Contains(toolNames(t, s), "list_sites") {
		t.Error("tools/list lacks list_sites")
	}
}

// TestHTTPSecurityAllInterfaces runs the same checks with the server on
// 0.0.0.0, as in a container, where mcp-go's loopback check does not fire.
// The test still only connects through 127.0.0.1.
func TestHTTPSecurityAllInterfaces(t *testing.T) {
	t.Parallel()
	p := startHTTP(t, []string{"WIX_MCP_HTTP_TOKEN=" + httpToken}, "--sandbox", "--transport", "http", "--addr", "0.0.0.0:0", "--allowed-hosts", "mcp.internal")
	checkGate(t, p)
	logs := p.stderr.String()
	if !strings.Contains(logs, "non-loopback") || !strings.Contains(logs, "bearer token") {
		t.Errorf("no warning naming the token requirement:\n%s", logs)
	}
	r := raw(t, "POST", p.base+"/mcp", "mcp.internal", map[string]string{"Authorization": "Bearer " + httpToken}, initializeBody)
	if r.status != 200 {
		t.Errorf("an allowlisted Host got %d: %s", r.status, r.body)
	}
}

func TestHTTPUnsafeNoAuth(t *testing.T) {
	t.Parallel()
	// Refused off loopback: a configuration error, exit 2.
	cmd := exec.Command(binary, "--sandbox", "--transport", "http", "--unsafe-no-auth", "--addr", "0.0.0.0:0")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "--unsafe-no-auth is refused") {
		t.Fatalf("want exit 2 refusing --unsafe-no-auth, got %v:\n%s", err, out)
	}
	// Allowed on loopback, where Host and Origin are still checked.
	p := startHTTP(t, nil, "--sandbox", "--transport", "http", "--unsafe-no-auth", "--addr", "127.0.0.1:0")
	if r := raw(t, "POST", p.base+"/mcp", "", nil, initializeBody); r.status != 200 {
		t.Errorf("no-auth initialize: %d %s", r.status, r.body)
	}
	if r := raw(t, "POST", p.base+"/mcp", "", map[string]string{"Origin": "https://evil.example"}, initializeBody); r.status != 403 {
		t.Errorf("foreign Origin without auth: %d, want 403", r.status)
	}
}

func TestHTTPBodyLimit(t *testing.T) {
	t.Parallel()
	p := startHTTP(t, []string{"WIX_MCP_HTTP_TOKEN=" + httpToken}, "--sandbox", "--transport", "http", "--addr", "127.0.0.1:0")
	auth := map[string]string{"Authorization": "Bearer " + httpToken}
	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 1<<20) + `"}}`
	if r := raw(t, "POST", p.base+"/mcp", "", auth, big); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over 1 MiB got %d, want 413", r.status)
	}
	if r := raw(t, "POST", p.base+"/mcp", "", auth, initializeBody); r.status != 200 {
		t.Errorf("a small body got %d", r.status)
	}
}

// TestHTTPTokenFileGenerated starts the server with no token configured:
// it must generate one into a file only its owner can read, log the file's
// path and never the token, and accept the token from the file.
func TestHTTPTokenFileGenerated(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	p := startHTTPHome(t, home, nil, "--sandbox", "--transport", "http", "--addr", "127.0.0.1:0")
	path := filepath.Join(home, ".config", "wix-mcp", "http-token")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no token file at %s: %v\nstderr:\n%s", path, err, p.stderr.String())
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %04o, want 0600", info.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	token := strings.TrimSpace(string(data))
	if len(token) < 32 {
		t.Fatalf("weak generated token (%d characters)", len(token))
	}
	logs := p.stderr.String()
	if !strings.Contains(logs, path) {
		t.Errorf("the log does not name the token file:\n%s", logs)
	}
	if strings.Contains(logs, token) {
		t.Error("the generated token appears in the logs")
	}
	s := mustConnectHTTP(t, p, "http", token)
	if res := s.call(t, "list_sites", map[string]any{"account": "agency"}); res.IsError {
		t.Errorf("list_sites: %s", text(res))
	}
	if r := raw(t, "POST", p.base+"/mcp", "", nil, initializeBody); r.status != 401 {
		t.Errorf("no token: %d, want 401", r.status)
	}
}

// toolFixtures are valid arguments for every tool, in sandbox mode. A tool
// without a fixture fails TestEveryToolOverHTTPAndSSE.
var toolFixtures = map[string]map[string]any{
	"list_sites":       {"account": "agency"},
	"call_site_api":    {"site_id": "", "method": "GET", "path": "/site-properties/v4/properties"},
	"call_account_api": {"account": "agency", "method": "POST", "path": "/site-list/v2/sites/count", "body": map[string]any{}},
	"search_wix_api":   {"query": "query contacts"},
	"describe_wix_api": {"method": "POST", "path": "/contacts/v4/contacts/query"},
	"run_wix_script":   {"script": "return (await wix.sites()).map(s => s.displayName)"},
}

// TestEveryToolOverHTTPAndSSE lists and calls every tool over both network
// transports with the token.
func TestEveryToolOverHTTPAndSSE(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"http", "sse"} {
		t.Run(transport, func(t *testing.T) {
			p := startHTTP(t, []string{"WIX_MCP_HTTP_TOKEN=" + httpToken}, "--sandbox", "--transport", transport, "--addr", "127.0.0.1:0")
			if transport == "sse" {
				if r := raw(t, "GET", p.base+"/sse", "", nil, ""); r.status != 401 {
					t.Errorf("/sse without a token: %d, want 401", r.status)
				}
				if r := raw(t, "POST", p.base+"/message?sessionId=x", "", nil, `{}`); r.status != 401 {
					t.Errorf("/message without a token: %d, want 401", r.status)
				}
			}
			s := mustConnectHTTP(t, p, transport, httpToken)
			names := toolNames(t, s)
			if len(names) < 3 {
				t.Fatalf("tools: %v", names)
			}
			sites := s.call(t, "list_sites", toolFixtures["list_sites"])
			bakery := firstSiteID(t, sites)
			for _, name := range names {
				args, ok := toolFixtures[name]
				if !ok {
					t.Errorf("no fixture for tool %s; add one to toolFixtures", name)
					continue
				}
				if name == "call_site_api" {
					args = map[string]any{"site_id": bakery, "method": "GET", "path": "/site-properties/v4/properties"}
				}
				if res := s.call(t, name, args); res.IsError || text(res) == "" {
					t.Errorf("%s over %s: %s", name, transport, text(res))
				}
			}
		})
	}
}

func firstSiteID(t *testing.T, res *gomcp.CallToolResult) string {
	t.Helper()
	var listed struct {
		Sites []struct{ ID string } `json:"sites"`
	}
	raw, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(raw, &listed); err != nil || len(listed.Sites) == 0 {
		t.Fatalf("list_sites gave no sites: %v %s", err, text(res))
	}
	return listed.Sites[0].ID
}

// TestHTTPStateless serves two independent clients without sessions.
func TestHTTPStateless(t *testing.T) {
	t.Parallel()
	p := startHTTP(t, []string{"WIX_MCP_HTTP_TOKEN=" + httpToken}, "--sandbox", "--transport", "http", "--stateless", "--state-secret-file", stateSecretFile(t), "--addr", "127.0.0.1:0")
	r := raw(t, "POST", p.base+"/mcp", "", map[string]string{"Authorization": "Bearer " + httpToken}, initializeBody)
	if r.status != 200 || r.header.Get("Mcp-Session-Id") != "" {
		t.Errorf("stateless initialize: %d, session %q", r.status, r.header.Get("Mcp-Session-Id"))
	}
	a := mustConnectHTTP(t, p, "http", httpToken)
	b := mustConnectHTTP(t, p, "http", httpToken)
	for i, s := range []*session{a, b, a} {
		if res := s.call(t, "list_sites", map[string]any{"account": "agency"}); res.IsError || !strings.Contains(text(res), "Sandbox Bakery") {
			t.Errorf("client %d: %s", i, text(res))
		}
	}
	b.Close()
	if res := a.call(t, "search_wix_api", map[string]any{"query": "list contacts"}); res.IsError {
		t.Errorf("a client failed after the other left: %s", text(res))
	}
}

// TestHTTPGracefulShutdown sends SIGTERM while a call waits on a slow Wix
// answer: the call must complete and the process exit 0.
func TestHTTPGracefulShutdown(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("SIGTERM is not deliverable on Windows")
	}
	up := newUpstream(t)
	path := "/site-properties/v4/properties"
	up.sim.Inject(wixsim.Fault{Match: path, Latency: 2 * time.Second})
	p := startHTTP(t, append(agencyEnvURL(up.URL), "WIX_MCP_HTTP_TOKEN="+httpToken), "--transport", "http", "--addr", "127.0.0.1:0")
	s := mustConnectHTTP(t, p, "http", httpToken)
	type outcome struct {
		res *gomcp.CallToolResult
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		res, err := s.CallTool(ctx, &gomcp.CallToolParams{Name: "call_site_api", Arguments: map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": path}})
		done <- outcome{res, err}
	}()
	up.waitArrival(t, path)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	got := <-done
	if got.err != nil || got.res.IsError || !strings.Contains(text(got.res), "Sandbox Bakery") {
		t.Fatalf("the call in flight did not complete: %v %v\nstderr:\n%s", got.err, got.res, p.stderr.String())
	}
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("wix-mcp did not exit after SIGTERM\nstderr:\n%s", p.stderr.String())
	}
	if p.err != nil {
		t.Errorf("exit: %v, want 0\nstderr:\n%s", p.err, p.stderr.String())
	}
	if logs := p.stderr.String(); !strings.Contains(logs, "shutting down") || strings.Contains(logs, "calls_cut_off") {
		t.Errorf("shutdown log:\n%s", logs)
	}
}

// TestNoTokenPassthrough checks that the MCP client's bearer token never
// reaches Wix: every upstream request carries the configured key, and no
// header of any upstream request holds the client's token.
func TestNoTokenPassthrough(t *testing.T) {
	t.Parallel()
	rec := newHeaderRecorder(t)
	const clientToken = "client-bearer-token-must-stay-here-0123"
	for _, transport := range []string{"http", "sse"} {
		p := startHTTP(t, append(agencyEnvURL(rec.URL), "WIX_MCP_HTTP_TOKEN="+clientToken), "--transport", transport, "--addr", "127.0.0.1:0")
		s := mustConnectHTTP(t, p, transport, clientToken)
		s.call(t, "list_sites", map[string]any{})
		s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "/site-properties/v4/properties"})
		s.call(t, "call_account_api", map[string]any{"method": "POST", "path": "/site-list/v2/sites/count", "body": map[string]any{}})
	}
	headers := rec.all()
	if len(headers) < 6 {
		t.Fatalf("only %d requests reached the emulator", len(headers))
	}
	for i, h := range headers {
		if got := h.Get("Authorization"); got != wixsim.AgencyKey {
			t.Errorf("request %d: Authorization is not the configured key (%d characters)", i, len(got))
		}
		for name, values := range h {
			for _, v := range values {
				if strings.Contains(v, clientToken) {
					t.Errorf("request %d: header %s carries the MCP client's token", i, name)
				}
			}
		}
	}
}

// agencyEnvURL configures the emulator's agency account at a base URL.
func agencyEnvURL(url string) []string {
	return []string{"WIX_API_KEY=" + wixsim.AgencyKey, "WIX_ACCOUNT_ID=" + wixsim.AgencyAccountID, "WIX_API_BASE_URL=" + url}
}

// headerRecorder is the emulator behind a handler that keeps every
// request's headers; the emulator's own log keeps only whether a key came.
type headerRecorder struct {
	*httptest.Server
	mu      sync.Mutex
	headers []http.Header
}

func newHeaderRecorder(t *testing.T) *headerRecorder {
	sim := wixsim.New()
	rec := &headerRecorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.headers = append(rec.headers, r.Header.Clone())
		rec.mu.Unlock()
		sim.ServeHTTP(w, r)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (h *headerRecorder) all() []http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]http.Header(nil), h.headers...)
}
