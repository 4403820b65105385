package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// FloorOptions configure the floor server.
type FloorOptions struct {
	// Addr is the listen address.
	Addr string
	// BaseURL, Key and SiteID are where and how it forwards: the Wix
	// origin (the emulator), the key and the site sent with every call.
	BaseURL, Key, SiteID string
}

// ServeFloor serves the floor of what a forwarding MCP server costs: an
// mcp-go server over stateful streamable HTTP, like wix-mcp's, with one
// tool named call_site_api that sends the method, path and body it is
// given to BaseURL with net/http and returns Wix's answer as text. It has
// none of wix-mcp's work (path parsing, classification, rules, the call
// log, result shaping, fencing); measured against wix-mcp under the same
// load, it shows what that work costs per call.
func ServeFloor(ctx context.Context, o FloorOptions) error {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 128 // as wix-mcp's Wix client keeps
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	srv := server.NewMCPServer("floor", "1", server.WithToolCapabilities(false))
	srv.AddTool(mcp.NewTool("call_site_api",
		mcp.WithString("site_id"), mcp.WithString("method"), mcp.WithString("path"), mcp.WithAny("body")),
		func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			method, path := req.GetString("method", "GET"), req.GetString("path", "/")
			var body io.Reader
			if b, ok := req.GetArguments()["body"]; ok {
				raw, err := json.Marshal(b)
				if err != nil {
					return mcp.NewToolResultError(err.Error()), nil
				}
				body = bytes.NewReader(raw)
			}
			r, err := http.NewRequestWithContext(ctx, method, o.BaseURL+path, body)
			if err != nil {
				return mcp.NewToolResultError(err.Error()), nil
			}
			r.Header.Set("Authorization", o.Key)
			r.Header.Set("wix-site-id", o.SiteID)
			r.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(r)
			if err != nil {
				return mcp.NewToolResultError(err.Error()), nil
			}
			defer resp.Body.Close()
			data, err := io.ReadAll(resp.Body)
			if err != nil {
				return mcp.NewToolResultError(err.Error()), nil
			}
			return mcp.NewToolResultText(string(data)), nil
		})
	return serveHTTP(ctx, o.Addr, server.NewStreamableHTTPServer(srv, server.WithStateful(true)))
}
