package tools

import (
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// knownEndpoint404 renders a 404 on a path the catalog knows: the endpoint
// exists, so the path is not what is wrong; what it names (an ID in the
// path or the body) was not found. Telling the model to "check the path"
// here would send it away from a correct endpoint.
func knownEndpoint404(e *wixclient.APIError, ep *catalog.Endpoint) *mcp.CallToolResult {
	hint := fmt.Sprintf("%s %s is a known endpoint (%s); the 404 means what the call names was not found: check the IDs in the path and body (list or query to find them)",
		ep.Method, ep.Path, ep.Title)
	return mcp.NewToolResultError(describeAPIErrorHint(e, hint))
}
