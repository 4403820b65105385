package resources

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

func TestIDOf(t *testing.T) {
	t.Parallel()
	for uri, want := range map[string]string{
		"wix://sites/abc":     "abc",
		"wix://sites/":        "",
		"wix://sites/a/b":     "",
		"wix://sites/a?x=1":   "",
		"wix://other/abc":     "",
		"wix://sites/bakery#": "",
	} {
		got, err := idOf(uri, sitePrefix)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("idOf(%q) = %q, %v", uri, got, err)
		}
	}
}

// TestReadsGoThroughTheToolAndItsMiddleware: a read calls the tool with the
// arguments a model would pass, wrapped in the server's middleware, and a
// tool error becomes the read's error.
func TestReadsGoThroughTheToolAndItsMiddleware(t *testing.T) {
	t.Parallel()
	var got mcp.CallToolRequest
	var wrapped int
	site := server.ServerTool{Tool: mcp.NewTool(callSiteTool), Handler: func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		got = req
		if req.GetArguments()["site_id"] == "bad" {
			return mcp.NewToolResultError("unknown site"), nil
		}
		return mcp.NewToolResultText("props"), nil
	}}
	mw := func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			wrapped++
			return next(ctx, req)
		}
	}
	static, templates := All(Deps{Tools: []server.ServerTool{site}, Middleware: mw})
	if len(static) != 0 {
		t.Errorf("without list_sites there is no site list: %v", static)
	}
	var h server.ResourceTemplateHandlerFunc
	for _, tpl := range templates {
		if tpl.Template.URITemplate.Raw() == SiteTemplate {
			h = tpl.Handler
		}
	}
	req := mcp.ReadResourceRequest{}
	req.Params.URI = "wix://sites/bakery"
	contents, err := h(context.Background(), req)
	if err != nil || len(contents) != 1 || contents[0].(mcp.TextResourceContents).Text != "props" {
		t.Fatalf("%v %v", contents, err)
	}
	args := got.GetArguments()
	if got.Params.Name != callSiteTool || args["site_id"] != "bakery" || args["method"] != "GET" || args["path"] != sitePropsPath || wrapped != 1 {
		t.Errorf("tool called with %+v (wrapped %d)", got.Params, wrapped)
	}
	req.Params.URI = "wix://sites/bad"
	if _, err := h(context.Background(), req); err == nil || !strings.Contains(err.Error(), "unknown site") {
		t.Errorf("a tool error must be the read's error: %v", err)
	}
}
