package httpserve

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/access"
)

// TestUsersAuthenticateAndTravelToTheTool serves with two users: each
// token reaches the tool with its user in the context, any other token
// (the single-token mode's included) gets 401, /metrics sits behind the
// same check and /readyz follows the readiness check.
func TestUsersAuthenticateAndTravelToTheTool(t *testing.T) {
	t.Parallel()
	ts := newTestServer()
	ts.mcp.AddTool(mcp.NewTool("whoami"), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText("user=" + access.NameFrom(ctx)), nil
	})
	users, err := access.NewUsers([]access.User{
		{Name: "alice", Accounts: []string{"a"}, TokenHash: access.HashToken("alice-token-0123456789")},
		{Name: "bob", Accounts: []string{"a"}, TokenHash: access.HashToken("bob-token-0123456789")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var notReady atomic.Bool
	r := serveTest(t, ts, Options{
		Transport: TransportHTTP, Stateless: true, Users: users, Token: "ignored-single-token-0123",
		Metrics: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "metrics") }),
		Ready: func(context.Context) error {
			if notReady.Load() {
				return errors.New("redis: connection refused")
			}
			return nil
		},
	})
	post := func(token, path, body string) (int, string) {
		req, _ := http.NewRequest("POST", r.url+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	call := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}`
	initialize := `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`
	for _, tt := range []struct{ token, want string }{{"alice-token-0123456789", "user=alice"}, {"bob-token-0123456789", "user=bob"}} {
		if status, _ := post(tt.token, "/mcp", initialize); status != 200 {
			t.Fatalf("initialize: %d", status)
		}
		if status, body := post(tt.token, "/mcp", call); status != 200 || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %s", tt.want, status, body)
		}
	}
	for _, tok := range []string{"ignored-single-token-0123", "alice-token-012345678", "", "carol-token-0123456789"} {
		if status, _ := post(tok, "/mcp", call); status != 401 {
			t.Errorf("token %q: %d, want 401", tok, status)
		}
		if status, _ := post(tok, "/metrics", ""); status != 401 {
			t.Errorf("/metrics with token %q: %d, want 401", tok, status)
		}
	}
	req, _ := http.NewRequest("GET", r.url+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer alice-token-0123456789")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/metrics with a user's token: %d", resp.StatusCode)
	}
	readyz := func() (int, string) {
		resp, err := http.Get(r.url + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := readyz(); status != 200 || body != "ready\n" {
		t.Errorf("/readyz: %d %q", status, body)
	}
	notReady.Store(true)
	if status, body := readyz(); status != 503 || strings.Contains(body, "redis") {
		t.Errorf("/readyz with Redis down: %d %q (must say no more than not ready)", status, body)
	}
}
