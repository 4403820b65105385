// Package resources serves wix-mcp's MCP resources: the site list
// (wix://sites), one site's summary (wix://sites/{id}) and one catalog
// entry (wix://api/{id}, the describe_wix_api output).
//
// Resources are read through the same tool handlers a model calls, wrapped
// in the same call log, so a resource read passes every check a tool call
// passes (path validation, classification, read-only mode, path rules, the
// confirmation gate), is logged as sent, and returns Wix data inside the
// untrusted fence exactly as the tool would.
package resources

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// URIs and templates served.
const (
	SitesURI        = "wix://sites"
	SiteTemplate    = "wix://sites/{id}"
	APITemplate     = "wix://api/{id}"
	sitePrefix      = "wix://sites/"
	apiPrefix       = "wix://api/"
	sitePropsPath   = "/site-properties/v4/properties"
	textMIME        = "text/plain"
	listSitesTool   = "list_sites"
	callSiteTool    = "call_site_api"
	describeAPITool = "describe_wix_api"
)

// Deps are what the resources read with.
type Deps struct {
	// Tools are the server's tools, as tools.All builds them.
	Tools []server.ServerTool
	// Middleware wraps each tool handler the way the server does, so a
	// resource read is logged like a tool call (tools.LogCalls).
	Middleware server.ToolHandlerMiddleware
	// Accounts are the configured account names; the site list lists each.
	Accounts []string
	// Reach, when set, narrows Accounts to those the caller may list (the
	// users of a shared server, see tools.ListableAccounts).
	Reach func(ctx context.Context, accounts []string) []string
}

// All returns the static resources and the resource templates for deps:
// the site list only when an account is configured (list_sites exists).
func All(d Deps) ([]server.ServerResource, []server.ServerResourceTemplate) {
	call := d.caller()
	var res []server.ServerResource
	if _, ok := call[listSitesTool]; ok {
		res = append(res, Sites(call[listSitesTool], d.Accounts, d.Reach))
	}
	templates := []server.ServerResourceTemplate{
		Site(call[callSiteTool]),
		API(call[describeAPITool]),
	}
	return res, templates
}

// caller indexes the tool handlers by name, wrapped in the middleware.
func (d Deps) caller() map[string]server.ToolHandlerFunc {
	out := map[string]server.ToolHandlerFunc{}
	for _, st := range d.Tools {
		h := st.Handler
		if d.Middleware != nil {
			h = d.Middleware(h)
		}
		out[st.Tool.Name] = h
	}
	return out
}

// Sites is wix://sites: list_sites for every configured account.
func Sites(listSites server.ToolHandlerFunc, all []string, reach func(context.Context, []string) []string) server.ServerResource {
	r := mcp.NewResource(SitesURI, "sites",
		mcp.WithResourceTitle("Wix sites"),
		mcp.WithResourceDescription("The Wix sites of every configured account, with their IDs (what list_sites returns). Read wix://sites/{id} for one site."),
		mcp.WithMIMEType(textMIME))
	return server.ServerResource{Resource: r, Handler: func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		var parts []string
		accounts := all
		if reach != nil {
			accounts = reach(ctx, all)
		}
		for _, a := range accounts {
			args := map[string]any{"limit": 1000}
			if len(all) > 1 {
				args["account"] = a
			}
			text, err := callTool(ctx, listSites, listSitesTool, args)
			if err != nil {
				return nil, fmt.Errorf("listing the sites of account %s: %w", a, err)
			}
			parts = append(parts, text)
		}
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, MIMEType: textMIME, Text: strings.Join(parts, "\n\n")}}, nil
	}}
}

// Site is wix://sites/{id}: the site's properties (name, business
// details, locale), read with call_site_api as a model would.
func Site(callSite server.ToolHandlerFunc) server.ServerResourceTemplate {
	t := mcp.NewResourceTemplate(SiteTemplate, "site",
		mcp.WithTemplateTitle("Wix site summary"),
		mcp.WithTemplateDescription("One site's properties (display name, business name and contact details, locale, time zone): GET "+sitePropsPath+". {id} is a site ID from wix://sites, or a configured alias."),
		mcp.WithTemplateMIMEType(textMIME))
	return server.ServerResourceTemplate{Template: t, Handler: func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		id, err := idOf(req.Params.URI, sitePrefix)
		if err != nil {
			return nil, err
		}
		text, err := callTool(ctx, callSite, callSiteTool, map[string]any{"site_id": id, "method": "GET", "path": sitePropsPath})
		if err != nil {
			return nil, err
		}
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, MIMEType: textMIME, Text: text}}, nil
	}}
}

// API is wix://api/{id}: describe_wix_api's description of one endpoint of
// the offline catalog.
func API(describe server.ToolHandlerFunc) server.ServerResourceTemplate {
	t := mcp.NewResourceTemplate(APITemplate, "api",
		mcp.WithTemplateTitle("Wix REST endpoint"),
		mcp.WithTemplateDescription("One endpoint of the offline Wix REST catalog, as describe_wix_api gives it: request and response fields, paging, scope and an example body. {id} is an id from search_wix_api."),
		mcp.WithTemplateMIMEType("application/json"))
	return server.ServerResourceTemplate{Template: t, Handler: func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		id, err := idOf(req.Params.URI, apiPrefix)
		if err != nil {
			return nil, err
		}
		text, err := callTool(ctx, describe, describeAPITool, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, MIMEType: "application/json", Text: text}}, nil
	}}
}

// idOf takes the one path segment after prefix.
func idOf(uri, prefix string) (string, error) {
	id, ok := strings.CutPrefix(uri, prefix)
	if !ok || id == "" || strings.ContainsAny(id, "/?#") {
		return "", fmt.Errorf("%q is not %s{id} with one ID", uri, prefix)
	}
	return id, nil
}

// errNoTool means the configuration does not offer the tool a resource
// reads with (e.g. list_sites without an account).
var errNoTool = errors.New("not available with this configuration")

// callTool runs a tool handler and returns its text. A tool error (the
// model-fixable kind: unknown site, refused path, Wix's error) becomes the
// read's error, with the tool's explanation.
func callTool(ctx context.Context, h server.ToolHandlerFunc, name string, args map[string]any) (string, error) {
	if h == nil {
		return "", fmt.Errorf("%s: %w", name, errNoTool)
	}
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := h(ctx, req)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, c := range res.Content {
		if t, ok := c.(mcp.TextContent); ok {
			parts = append(parts, t.Text)
		}
	}
	text := strings.Join(parts, "\n")
	if res.IsError {
		return "", errors.New(text)
	}
	return text, nil
}
