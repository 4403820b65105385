package tools_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
)

// scriptCallMessage is a run_wix_script call whose script makes the same
// one Wix request as toolCallMessage(id, "GET", benchPath, "").
func scriptCallMessage(id int) []byte {
	src := fmt.Sprintf(`return await wix.site().get(%q)`, benchPath)
	return []byte(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"run_wix_script","arguments":{"script":%q}}}`, id, src))
}

// BenchmarkScriptOneCall is BenchmarkToolCallInProcess's request made by a
// one-call script: the difference of the two p50s is what a run costs over
// the same call through call_site_api (a fresh runtime, the prelude, the
// event loop and the rendering).
func BenchmarkScriptOneCall(b *testing.B) {
	upstream, _ := benchUpstream(b)
	srv := benchServer(b, upstream)
	msg := scriptCallMessage(1)
	check := func(resp mcp.JSONRPCMessage) {
		r, ok := resp.(mcp.JSONRPCResponse)
		if !ok {
			b.Fatalf("not a result: %#v", resp)
		}
		res, ok := r.Result.(*mcp.CallToolResult)
		if !ok || res.IsError || !strings.Contains(res.Content[0].(mcp.TextContent).Text, "Lovelace") {
			b.Fatalf("tool result: %#v", r.Result)
		}
	}
	check(srv.HandleMessage(context.Background(), msg))
	b.ReportAllocs()
	var lat latencies
	for b.Loop() {
		start := time.Now()
		resp := srv.HandleMessage(context.Background(), msg)
		lat = append(lat, time.Since(start))
		if _, ok := resp.(mcp.JSONRPCResponse); !ok {
			b.Fatalf("not a result: %#v", resp)
		}
	}
	lat.report(b)
}
