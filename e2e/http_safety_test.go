package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

const httpTestToken = "e2e-token-0123456789abcdef"

// connectHTTPWith connects over http or sse with client options.
func connectHTTPWith(t *testing.T, p *httpProc, transport string, opts *gomcp.ClientOptions) *session {
	t.Helper()
	hc := &http.Client{Transport: withBearer{httpTestToken}}
	var tr gomcp.Transport = &gomcp.StreamableClientTransport{Endpoint: p.base + "/mcp", HTTPClient: hc, MaxRetries: -1}
	if transport == "sse" {
		tr = &gomcp.SSEClientTransport{Endpoint: p.base + "/sse", HTTPClient: hc}
	}
	ctx, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(20*time.Second, cancel)
	cs, err := gomcp.NewClient(&gomcp.Implementation{Name: "e2e-http-safety", Version: "1"}, opts).Connect(ctx, tr, &gomcp.ClientSessionOptions{ProtocolVersion: protocolVersion})
	timer.Stop()
	if err != nil {
		cancel()
		t.Fatalf("connect over %s: %v\nstderr:\n%s", transport, err, p.stderr.String())
	}
	t.Cleanup(func() { cs.Close(); cancel() })
	return &session{ClientSession: cs, stderr: p.stderr}
}

// TestDestructiveConfirmationOverHTTP checks the person's confirmation on
// each HTTP flavour: stateful HTTP asks and sends on yes; SSE and
// stateless HTTP cannot ask, so they refuse with instructions.
func TestDestructiveConfirmationOverHTTP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		transport string
		args      []string
		wantSent  bool
	}{
		{"http", nil, true},
		{"http", []string{"--stateless"}, false},
		{"sse", nil, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.transport, tt.args), func(t *testing.T) {
			sim := wixsim.NewServer()
			defer sim.Close()
			args := append([]string{"--transport", tt.transport, "--addr", "127.0.0.1:0"}, tt.args...)
			// A stateless server asks only clients of protocol 2026-07-28;
			// this one speaks 2025-11-25 and needs a session to be asked.
			p := startHTTP(t, agencyEnv(sim, "WIX_MCP_HTTP_TOKEN="+httpTestToken, "WIX_MCP_STATE_SECRET_FILE="+stateSecretFile(t)), args...)
			var asked []string
			s := connectHTTPWith(t, p, tt.transport, elicitingClient("accept", true, &asked))
			path := "/contacts/v4/contacts/" + wixsim.PoisonedContactID
			res := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "DELETE", "path": path})
			deletes := 0
			for _, r := range sim.Sim.Requests() {
				if r.Method == "DELETE" {
					deletes++
				}
			}
			if tt.wantSent {
				if res.IsError || deletes != 1 || len(asked) != 1 {
					t.Fatalf("want one confirmed delete: isError=%v deletes=%d asked=%d: %s", res.IsError, deletes, len(asked), text(res))
				}
				return
			}
			if !res.IsError || deletes != 0 || !strings.Contains(text(res), "--allow-destructive") {
				t.Fatalf("want a refusal with instructions and nothing sent: deletes=%d: %s", deletes, text(res))
			}
			// The client declared elicitation: the refusal must blame the
			// transport, not the client.
			if !strings.Contains(text(res), "transport cannot carry a question") || strings.Contains(text(res), "client cannot ask") {
				t.Errorf("the refusal must say the transport cannot carry the question: %s", text(res))
			}
		})
	}
}

// TestProgressOverHTTP checks that progress notifications survive the
// streamable HTTP transport (mcp-go drops them without an event store).
func TestProgressOverHTTP(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer(wixsim.WithExtraSites(wixsim.AgencyAccountID, 250))
	defer sim.Close()
	p := startHTTP(t, agencyEnv(sim, "WIX_MCP_HTTP_TOKEN="+httpTestToken, "WIX_MCP_MAX_RESULT_CHARS=400000"), "--transport", "http", "--addr", "127.0.0.1:0")
	var got syncBuffer
	s := connectHTTPWith(t, p, "http", &gomcp.ClientOptions{ProgressNotificationHandler: func(_ context.Context, req *gomcp.ProgressNotificationClientRequest) {
		fmt.Fprintf(&got, "%v;", req.Params.Progress)
	}})
	for i := 0; i < 5; i++ {
		params := &gomcp.CallToolParams{Name: "list_sites", Arguments: map[string]any{"limit": 1000, "fields": []string{"id"}}}
		params.SetProgressToken(fmt.Sprintf("p%d", i))
		res, err := s.CallTool(context.Background(), params)
		if err != nil || res.IsError {
			t.Fatalf("list_sites: %v %s", err, text(res))
		}
	}
	// Notifications may trail the result on the stream by a moment.
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(got.String(), ";") < 15 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := strings.Count(got.String(), ";"); n != 15 {
		t.Errorf("want 3 progress notifications per call over 5 calls, got %d: %s", n, got.String())
	}
}
