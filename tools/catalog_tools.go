package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Limits of search_wix_api.
const (
	searchDefaultLimit = 8
	searchMaxLimit     = 25
)

// SearchWixAPI finds Wix REST endpoints in the offline catalog from plain
// words, so an agent needs no documentation lookups to pick an endpoint.
func SearchWixAPI(cat func() *catalog.Catalog) (mcp.Tool, server.ToolHandlerFunc) {
	t := mcp.NewTool("search_wix_api",
		mcp.WithDescription("Find Wix REST endpoints by plain words (\"find contacts by email\", \"cancel a booking\"), offline. One line each: method, path, title, scope, class, id. Then describe_wix_api."),
		withTitle("Search the Wix REST API"),
		mcp.WithReadOnlyHintAnnotation(true),
		mcp.WithDestructiveHintAnnotation(false),
		mcp.WithIdempotentHintAnnotation(true),
		mcp.WithOpenWorldHintAnnotation(false),
		mcp.WithString("query", mcp.Required(), mcp.Description("What you want to do, in plain words.")),
		mcp.WithNumber("limit", mcp.Description(fmt.Sprintf("Most results (default %d, up to %d).", searchDefaultLimit, searchMaxLimit)), mcp.Min(1), mcp.Max(searchMaxLimit)),
	)
	return t, func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		q, err := requiredString(req, "query", "describe what you want to do, e.g. \"query contacts by email\"")
		if err != nil {
			return toolError(err)
		}
		limit, err := optionalInt(req, "limit", searchDefaultLimit, 1, searchMaxLimit)
		if err != nil {
			return toolError(err)
		}
		results := cat().Search(q, limit)
		if len(results) == 0 {
			return mcp.NewToolResultText(fmt.Sprintf("No Wix endpoint matches %q. Try other words (the entity, e.g. contacts, products, bookings, orders, data items) or the REST reference at https://dev.wix.com/docs/rest.", q)), nil
		}
		var b strings.Builder
		for _, r := range results {
			b.WriteString(endpointLine(r.Endpoint))
			b.WriteString("\n")
		}
		b.WriteString("Use describe_wix_api with an id for the body and fields; site-level endpoints go through call_site_api, account-level through call_account_api.")
		return mcp.NewToolResultText(b.String()), nil
	}
}

// endpointLine is an endpoint in one line, as search and the CLI show it.
func endpointLine(e *catalog.Endpoint) string {
	return fmt.Sprintf("%s %s | %s | %s-level | %s | id %s", e.Method, e.Path, e.Title, e.Scope, e.Class, e.ID)
}

// endpointDescription is describe_wix_api's answer: what an agent needs to
// build a valid call, without the catalog's internals.
type endpointDescription struct {
	ID             string               `json:"id"`
	Title          string               `json:"title"`
	Method         string               `json:"method"`
	FallbackMethod string               `json:"fallbackMethod,omitempty"`
	Path           string               `json:"path"`
	Scope          string               `json:"scope"`
	Tool           string               `json:"tool"`
	Class          string               `json:"class"`
	Paging         *catalog.Paging      `json:"paging,omitempty"`
	QueryKey       string               `json:"queryKey,omitempty"`
	Filterable     []catalog.QueryField `json:"filterable,omitempty"`
	Sortable       []catalog.QueryField `json:"sortable,omitempty"`
	ExampleBody    json.RawMessage      `json:"exampleBody,omitempty"`
	Request        []catalog.Field      `json:"request,omitempty"`
	Response       []catalog.Field      `json:"response,omitempty"`
	DocsURL        string               `json:"docsUrl,omitempty"`
	Note           string               `json:"note,omitempty"`
}

// DescribeWixAPI returns one endpoint's request and response fields,
// paging, scope, classification and a minimal example body.
func DescribeWixAPI(cat func() *catalog.Catalog, maxChars int) (mcp.Tool, server.ToolHandlerFunc) {
	t := mcp.NewTool("describe_wix_api",
		mcp.WithDescription("Describe a Wix REST endpoint from the offline catalog: request and response fields, filters, paging, scope and a minimal example body. Pass id (from search_wix_api) or method and path."),
		withTitle("Describe a Wix REST endpoint"),
		mcp.WithReadOnlyHintAnnotation(true),
		mcp.WithDestructiveHintAnnotation(false),
		mcp.WithIdempotentHintAnnotation(true),
		mcp.WithOpenWorldHintAnnotation(false),
		mcp.WithString("id", mcp.Description("Endpoint id from search_wix_api.")),
		mcp.WithString("method", mcp.Description("HTTP method, with path.")),
		mcp.WithString("path", mcp.Description("Endpoint path; IDs may be filled in.")),
	)
	return t, func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		e, err := lookupEndpoint(cat(), req)
		if err != nil {
			return toolError(err)
		}
		d := endpointDescription{
			ID: e.ID, Title: e.Title, Method: e.Method, FallbackMethod: e.FallbackMethod, Path: e.Path,
			Scope: string(e.Scope), Class: string(e.Class), Paging: e.Paging, QueryKey: e.QueryKey,
			Filterable: e.Filterable, Sortable: e.Sortable, Request: e.Request, Response: e.Response, DocsURL: e.DocsURL,
			Tool: "call_site_api",
		}
		if e.Scope == wixclient.ScopeAccount {
			d.Tool = "call_account_api"
		}
		if e.Method != "GET" && e.Method != "DELETE" {
			d.ExampleBody = e.ExampleBody()
		}
		if e.HandWritten {
			d.Note = "hand-written entry (no SDK package describes this endpoint); fields are from Wix's documentation"
		}
		raw, err := json.Marshal(d)
		if err != nil {
			return nil, fmt.Errorf("encoding endpoint %s: %w", e.ID, err)
		}
		return renderOwnJSON(raw, maxChars)
	}
}

func lookupEndpoint(c *catalog.Catalog, req mcp.CallToolRequest) (*catalog.Endpoint, error) {
	id, err := optionalString(req, "id")
	if err != nil {
		return nil, err
	}
	if id != "" {
		if e, ok := c.Get(id); ok {
			return e, nil
		}
		return nil, argErrorf("no endpoint has id %q; use an id from search_wix_api", id)
	}
	method, err := optionalString(req, "method")
	if err != nil {
		return nil, err
	}
	path, err := optionalString(req, "path")
	if err != nil {
		return nil, err
	}
	if method == "" || path == "" {
		return nil, argErrorf("pass id, or both method and path")
	}
	method = strings.ToUpper(method)
	parsed, err := wixclient.ParsePath(fillPlaceholders(path))
	if err != nil {
		return nil, err
	}
	if e, ok := c.Match(method, parsed); ok {
		return e, nil
	}
	var lines []string
	for _, e := range c.Suggest(method, parsed, 5) {
		lines = append(lines, endpointLine(e))
	}
	return nil, argErrorf("%s %s is not in the catalog. Closest endpoints:\n%s", method, path, strings.Join(lines, "\n"))
}

// fillPlaceholders turns a path template as the docs write it
// (/contacts/v4/contacts/{contactId}) into a concrete path, so describe can
// look up either form: each {name} becomes name.
func fillPlaceholders(path string) string {
	return strings.NewReplacer("{", "", "}", "").Replace(path)
}
