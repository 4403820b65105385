package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/ratelimit"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// publicOrigin is Wix's API origin; a path that starts with it (models copy
// whole URLs from the docs) is reduced to the path. Only this exact origin
// is stripped: anything else stays and is refused by the client.
const publicOrigin = "https://www.wixapis.com/"

// apiCall is a parsed call_site_api or call_account_api request. Its path
// was parsed once, by wixclient.ParsePath; the gate, the catalog and the
// Wix client all take that value.
type apiCall struct {
	method string
	path   wixclient.Path
	query  url.Values
	body   json.RawMessage
	// decodedBody is body as the tool call's arguments held it, already
	// decoded, so the pre-send check need not decode body again; nil for
	// a call without a body and for a script's calls, whose bodies are
	// JSON text.
	decodedBody any
	// fields projects the answer; empty keeps everything.
	fields []string
	// ep is the catalog endpoint serving the call (nil: the catalog does
	// not know it), once matched says the match was made: the path is
	// matched once per call, and the class, the pre-send check, the
	// endpoint a script names and what a site's apps are learned from
	// all read it.
	ep      *catalog.Endpoint
	matched bool
}

// endpoint returns the catalog endpoint serving the call, matching it in
// cat on first use; a nil cat knows no endpoint.
func (c *apiCall) endpoint(cat func() *catalog.Catalog) (*catalog.Endpoint, bool) {
	if !c.matched && cat != nil {
		c.ep, _ = cat().Match(c.method, c.path)
		c.matched = true
	}
	return c.ep, c.ep != nil
}

// Caller is what both call tools share: the safety gate every call passes,
// the catalog that suggests endpoints when a path is wrong, and the size
// cap of a result.
type Caller struct {
	// Gate judges every call before it is sent.
	Gate *Gate
	// Catalog returns the catalog that suggests the closest endpoints when a
	// call goes wrong; nil suggests nothing.
	Catalog func() *catalog.Catalog
	// ReadOnly says the whole server refuses writes; descriptions say so.
	ReadOnly bool
	// MaxChars caps one result for the model.
	MaxChars int
	// apps learns which apps each site has, for search_wix_api; nil learns
	// nothing.
	apps *siteApps
	// Limiter keeps calls within Wix's rate budget; nil lets all through.
	Limiter *ratelimit.Limiter
}

// CallSiteAPI makes any site-level Wix REST call with the right key.
func CallSiteAPI(dir *scopes.Directory, c *Caller) (mcp.Tool, server.ToolHandlerFunc) {
	readOnly := c.ReadOnly
	desc := "Call a site-level Wix REST API on one site (most Wix APIs: contacts, members, stores, bookings, eCommerce, Wix Data, blog, events, forms). " +
		"Paths and bodies are in the Wix REST reference, https://dev.wix.com/docs/rest. Example: POST /contacts/v4/contacts/query with body {\"query\":{\"paging\":{\"limit\":10}}}."
	if readOnly {
		desc += " This server is read-only: only reads (GET, POST …/query|search|count) are allowed."
	}
	opts := []mcp.ToolOption{
		mcp.WithDescription(desc),
		withTitle("Call a Wix site API"),
	}
	_, isPinned := dir.PinnedSite()
	if !isPinned {
		opts = append(opts, mcp.WithString("site_id", mcp.Required(), mcp.Description("Site ID from list_sites, or a configured site alias.")))
	}
	opts = append(opts, callOptions(readOnly)...)
	return mcp.NewTool("call_site_api", opts...), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		// A pinned server has no site_id in its schema; one sent anyway is
		// still checked, so naming another site is refused, not ignored.
		siteRef, err := optionalString(req, "site_id")
		if err != nil {
			return toolError(err)
		}
		if siteRef == "" && !isPinned {
			return toolError(argErrorf("site_id is required: pass a site ID from list_sites or a configured alias"))
		}
		call, err := parseCall(req)
		if err != nil {
			return toolError(err)
		}
		target, err := siteFor(ctx, dir, siteRef)
		if err != nil {
			return toolError(err)
		}
		return c.doCall(ctx, req, target, call)
	}
}

// CallAccountAPI makes any account-level Wix REST call.
func CallAccountAPI(dir *scopes.Directory, c *Caller) (mcp.Tool, server.ToolHandlerFunc) {
	readOnly := c.ReadOnly
	desc := "Call an account-level Wix REST API (sites, site folders, domains, account users), sent with the account's ID. " +
		"Reference: https://dev.wix.com/docs/rest (account-level APIs say so). Example: POST /site-list/v2/sites/query."
	if readOnly {
		desc += " This server is read-only: only reads are allowed."
	}
	opts := []mcp.ToolOption{
		mcp.WithDescription(desc),
		withTitle("Call a Wix account API"),
	}
	if names := dir.AccountNames(); len(names) > 1 {
		opts = append(opts, mcp.WithString("account", mcp.Required(), mcp.Enum(names...), mcp.Description("Which configured account to act for.")))
	}
	opts = append(opts, callOptions(readOnly)...)
	return mcp.NewTool("call_account_api", opts...), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		account, err := optionalString(req, "account")
		if err != nil {
			return toolError(err)
		}
		call, err := parseCall(req)
		if err != nil {
			return toolError(err)
		}
		target, err := accountFor(ctx, dir, account)
		if err != nil {
			return toolError(err)
		}
		return c.doCall(ctx, req, target, call)
	}
}

// callOptions are the arguments and annotations both call tools share.
func callOptions(readOnly bool) []mcp.ToolOption {
	return []mcp.ToolOption{
		// The tool can read, write or delete depending on its arguments:
		// the annotations must not promise more than that.
		mcp.WithReadOnlyHintAnnotation(false),
		mcp.WithDestructiveHintAnnotation(!readOnly),
		mcp.WithIdempotentHintAnnotation(false),
		mcp.WithOpenWorldHintAnnotation(true),
		mcp.WithString("method", mcp.Required(), mcp.Enum(wixclient.Methods...), mcp.Description("HTTP method.")),
		mcp.WithString("path", mcp.Required(), mcp.Description("Absolute API path, e.g. /contacts/v4/contacts/query.")),
		mcp.WithObject("query", mcp.Description("Query-string parameters, e.g. {\"paging.limit\": 10}; arrays repeat the parameter.")),
		mcp.WithAny("body", jsonObjectOrArray, mcp.Description("JSON request body (object or array).")),
		mcp.WithArray("fields", mcp.WithStringItems(), mcp.Description("Keep only these dotted paths of the answer, e.g. [\"contacts.id\",\"contacts.info.name\"]; paging metadata is always kept.")),
		mcp.WithBoolean(validateArg, mcp.Description(validateDescription)),
	}
}

func parseCall(req mcp.CallToolRequest) (*apiCall, error) {
	method, err := httpMethod(req)
	if err != nil {
		return nil, err
	}
	path, err := requiredString(req, "path", "an absolute Wix API path such as /contacts/v4/contacts/query")
	if err != nil {
		return nil, err
	}
	query, err := queryArg(req)
	if err != nil {
		return nil, err
	}
	body, decoded, err := bodyArg(req)
	if err != nil {
		return nil, err
	}
	call, err := newAPICall(method, path, query, body)
	if err != nil {
		return nil, err
	}
	if call.fields, err = optionalStringList(req, "fields"); err != nil {
		return nil, err
	}
	call.decodedBody = decoded
	return call, nil
}

// newAPICall normalizes and validates one call, from a tool's arguments or
// from a script: a whole Wix URL is reduced to its path, a query string in
// the path moves to query, and the path is canonicalized and validated
// before any policy sees it.
func newAPICall(method, path string, query url.Values, body json.RawMessage) (*apiCall, error) {
	if strings.HasPrefix(path, publicOrigin) {
		path = path[len(publicOrigin)-1:]
	}
	// A query string written into the path moves to the query parameters.
	if i := strings.IndexByte(path, '?'); i >= 0 && !strings.Contains(path, "#") {
		extra, err := url.ParseQuery(path[i+1:])
		if err != nil {
			return nil, argErrorf("the query string in path is malformed (%v); pass parameters in the query argument", err)
		}
		path = path[:i]
		if query == nil {
			query = url.Values{}
		}
		for k, vs := range extra {
			query[k] = append(query[k], vs...)
		}
	}
	// The one parse of the path: what the gate judges is what is sent, in
	// the form Wix routes it ("%76oid" is "void"). A hostile path is
	// reported as such here, not as a rule that refused it.
	parsed, err := wixclient.ParsePath(path)
	if err != nil {
		return nil, err
	}
	if method == "GET" && body != nil {
		return nil, argErrorf("a GET request cannot carry a body; put parameters in query, or use the POST …/query form of the endpoint")
	}
	return &apiCall{method: method, path: parsed, query: query, body: body}, nil
}

// doCall passes the call through the safety gate, sends it, and renders
// Wix's answer for the model.
func (c *Caller) doCall(ctx context.Context, req mcp.CallToolRequest, target *scopes.Target, call *apiCall) (*mcp.CallToolResult, error) {
	record(ctx).target(target.Scope, call.method, call.path)
	if err := c.checkAgainstCatalog(req, call); err != nil {
		return toolError(err)
	}
	if res, err := c.Gate.check(ctx, req, target, call); res != nil || err != nil {
		if err != nil {
			return toolError(err)
		}
		return res, nil
	}
	if res, err := c.waitForBudget(ctx, target); res != nil || err != nil {
		return res, err
	}
	resp, err := target.Client.Do(ctx, wixclient.Request{Method: call.method, Path: call.path, Query: call.query, Body: call.body})
	c.apps.observe(target, call, resp, err)
	if err != nil {
		return c.callError(err, call)
	}
	what := fmt.Sprintf("Wix answered %d to %s %s on %s", resp.Status, call.method, call.path, target.Label())
	return renderAnswer(resp.Body, call.fields, c.MaxChars, what)
}
