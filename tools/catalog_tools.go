package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Limits of search_wix_api.
const (
	searchDefaultLimit = 8
	searchMaxLimit     = 25
)

// SearchWixAPI finds Wix REST endpoints in the offline catalog from plain
// words, so an agent needs no documentation lookups to pick an endpoint.
// With a site, endpoints of apps installed there come first and the others
// are marked: a site answers only the APIs of its apps.
func SearchWixAPI(cat func() *catalog.Catalog, dir *scopes.Directory, c *Caller) (mcp.Tool, server.ToolHandlerFunc) {
	t := mcp.NewTool("search_wix_api",
		mcp.WithDescription("Find Wix REST endpoints by plain words (\"find contacts by email\", \"cancel a booking\") in the offline catalog. One line each: method, path, title, scope, class, id. Then describe_wix_api. With site_id, endpoints of apps that site has come first (this reads the site's installed apps from Wix)."),
		withTitle("Search the Wix REST API"),
		mcp.WithReadOnlyHintAnnotation(true),
		mcp.WithDestructiveHintAnnotation(false),
		mcp.WithIdempotentHintAnnotation(true),
		// With site_id the tool reads the site's installed apps from Wix.
		mcp.WithOpenWorldHintAnnotation(true),
		mcp.WithString("query", mcp.Required(), mcp.Description("What you want to do, in plain words.")),
		mcp.WithNumber("limit", mcp.Description(fmt.Sprintf("Most results (default %d, up to %d).", searchDefaultLimit, searchMaxLimit)), mcp.Min(1), mcp.Max(searchMaxLimit)),
		mcp.WithString("site_id", mcp.Description("Optional site ID (from list_sites) or alias: endpoints of apps installed on that site come first, the others are marked not installed (the site would answer them 428). Asks Wix which apps the site has, at most every few minutes.")),
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
		siteRef, err := optionalString(req, "site_id")
		if err != nil {
			return toolError(err)
		}
		var target *scopes.Target
		if siteRef != "" {
			if target, err = siteFor(ctx, dir, siteRef); err != nil {
				return toolError(err)
			}
		}
		var eps []*catalog.Endpoint
		var states []appState
		if target == nil {
			for _, r := range cat().Search(q, limit) {
				eps = append(eps, r.Endpoint)
			}
		} else {
			eps, states = installedFirst(ctx, c, req, target, cat().Search(q, min(limit*siteSearchWidening, searchMaxLimit*siteSearchWidening)), limit)
		}
		if len(eps) == 0 {
			return mcp.NewToolResultText(fmt.Sprintf("No Wix endpoint matches %q. Try other words (the entity, e.g. contacts, products, bookings, orders, data items) or the REST reference at https://dev.wix.com/docs/rest.", q)), nil
		}
		var b strings.Builder
		for i, e := range eps {
			b.WriteString(endpointLine(e))
			if states != nil && states[i] == appMissing {
				b.WriteString(" | not installed on this site")
			}
			b.WriteString("\n")
		}
		b.WriteString("Use describe_wix_api with an id for the body and fields; site-level endpoints go through call_site_api, account-level through call_account_api.")
		return mcp.NewToolResultText(b.String()), nil
	}
}

// siteSearchWidening is how many more candidates a site search ranks, so
// that installed apps' endpoints can rise into the results.
const siteSearchWidening = 3

// installedFirst orders results for a site: endpoints whose app is
// installed (or that need none) first, in rank order, then the others.
func installedFirst(ctx context.Context, c *Caller, req mcp.CallToolRequest, target *scopes.Target, results []catalog.Result, limit int) ([]*catalog.Endpoint, []appState) {
	all := make([]*catalog.Endpoint, len(results))
	for i, r := range results {
		all[i] = r.Endpoint
	}
	states := c.apps.states(ctx, c, req, target, all)
	var eps []*catalog.Endpoint
	var out []appState
	for _, missing := range []bool{false, true} {
		for i, e := range all {
			if (states[i] == appMissing) == missing && len(eps) < limit {
				eps, out = append(eps, e), append(out, states[i])
			}
		}
	}
	return eps, out
}

// endpointLine is an endpoint in one line, as search and the CLI show it.
func endpointLine(e *catalog.Endpoint) string {
	return fmt.Sprintf("%s %s | %s | %s-level | %s | id %s", e.Method, e.Path, e.Title, e.Scope, e.Class, e.ID)
}

// endpointDescription is describe_wix_api's answer: the catalog's compact
// description and the tool that makes the call.
type endpointDescription struct {
	*catalog.Description
	Tool string `json:"tool"`
}

// describeEndpoint is describe_wix_api's answer for e (wix.describe in
// scripts gives the same).
func describeEndpoint(e *catalog.Endpoint) endpointDescription {
	d := endpointDescription{Description: e.Describe(), Tool: "call_site_api"}
	if e.Scope == wixclient.ScopeAccount {
		d.Tool = "call_account_api"
	}
	return d
}

// DescribeWixAPI returns one endpoint's request and response fields,
// paging, scope, classification and a minimal example body.
func DescribeWixAPI(cat func() *catalog.Catalog, maxChars int) (mcp.Tool, server.ToolHandlerFunc) {
	t := mcp.NewTool("describe_wix_api",
		mcp.WithDescription("Describe a Wix REST endpoint from the offline catalog: how to call it (methods, scope, tool), filterable fields with their operators, sortable fields, enum values, required fields, paging and its limit, the field mask of an update, request and response fields, and a small example body. Pass id (from search_wix_api), or path (with method when several share it)."),
		withTitle("Describe a Wix REST endpoint"),
		mcp.WithReadOnlyHintAnnotation(true),
		mcp.WithDestructiveHintAnnotation(false),
		mcp.WithIdempotentHintAnnotation(true),
		mcp.WithOpenWorldHintAnnotation(false),
		mcp.WithString("id", mcp.Description("Endpoint id from search_wix_api.")),
		mcp.WithString("method", mcp.Description("HTTP method; needed only when several endpoints share the path.")),
		mcp.WithString("path", mcp.Description("Endpoint path; IDs may be filled in.")),
	)
	return t, func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		e, err := lookupEndpoint(cat(), req)
		if err != nil {
			return toolError(err)
		}
		d := describeEndpoint(e)
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
	if path == "" {
		return nil, argErrorf("pass id, or path (and method when several endpoints share it)")
	}
	parsed, err := wixclient.ParsePath(fillPlaceholders(path))
	if err != nil {
		return nil, err
	}
	if method == "" {
		return matchPathOnly(c, parsed)
	}
	method = strings.ToUpper(method)
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

// matchPathOnly resolves a path given without a method: the one endpoint
// any method matches, or a refusal listing the candidates.
func matchPathOnly(c *catalog.Catalog, path wixclient.Path) (*catalog.Endpoint, error) {
	var found []*catalog.Endpoint
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		if e, ok := c.Match(m, path); ok && !slices.Contains(found, e) {
			found = append(found, e)
		}
	}
	// /ecom/v1/orders/search also fits /ecom/v1/orders/{id}: the template
	// that spells out more of the path is the one meant.
	found = mostLiteral(found, len(path.Segments()))
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		var lines []string
		for _, e := range c.Suggest("", path, 5) {
			lines = append(lines, endpointLine(e))
		}
		return nil, argErrorf("%s is not in the catalog. Closest endpoints:\n%s", path, strings.Join(lines, "\n"))
	}
	var lines []string
	for _, e := range found {
		lines = append(lines, endpointLine(e))
	}
	return nil, argErrorf("several endpoints serve %s; pass method, or the id of one of:\n%s", path, strings.Join(lines, "\n"))
}

// mostLiteral keeps the endpoints whose matching template has the most
// literal segments.
func mostLiteral(eps []*catalog.Endpoint, n int) []*catalog.Endpoint {
	best, out := -1, []*catalog.Endpoint(nil)
	for _, e := range eps {
		lit := 0
		for _, p := range append([]string{e.Path}, e.Aliases...) {
			segs := strings.Split(strings.Trim(p, "/"), "/")
			if len(segs) != n {
				continue
			}
			c := 0
			for _, s := range segs {
				if !strings.Contains(s, "{") {
					c++
				}
			}
			lit = max(lit, c)
		}
		switch {
		case lit > best:
			best, out = lit, []*catalog.Endpoint{e}
		case lit == best:
			out = append(out, e)
		}
	}
	return out
}
