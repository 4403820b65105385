package tools

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Limits of list_sites.
const (
	listSitesDefaultLimit = 50
	listSitesMaxLimit     = 1000
	// sitesPageSize is Query Sites' largest page.
	sitesPageSize = 100
	// maxSitePages bounds the Wix requests of one list_sites call when a
	// name filter matches few sites in a large account.
	maxSitePages = 30
)

// SiteSummary is the trimmed site list_sites returns: the fields an agent
// uses, not Wix's whole site object.
type SiteSummary struct {
	ID          string `json:"id" jsonschema:"site ID, for call_site_api's site_id"`
	DisplayName string `json:"displayName"`
	Name        string `json:"name" jsonschema:"URL slug"`
	Namespace   string `json:"namespace,omitempty" jsonschema:"WIX for classic sites, HEADLESS for headless projects"`
	Published   bool   `json:"published"`
	Premium     bool   `json:"premium"`
	ViewURL     string `json:"viewUrl,omitempty"`
	EditorType  string `json:"editorType,omitempty"`
	CreatedDate string `json:"createdDate,omitempty"`
}

// ListSitesResult is list_sites' structured content.
type ListSitesResult struct {
	Account    string        `json:"account" jsonschema:"the configured account the sites belong to"`
	Sites      []SiteSummary `json:"sites"`
	NextCursor string        `json:"nextCursor,omitempty" jsonschema:"pass as cursor to continue; absent when there are no more sites"`
}

// sitesCursor is list_sites' own cursor: Wix's cursor of the page being
// read plus how many of its sites were already returned, so a listing cut
// off mid-page (by limit or by the name filter) resumes exactly.
type sitesCursor struct {
	Account string `json:"a"`
	Name    string `json:"n,omitempty"`
	Wix     string `json:"c,omitempty"`
	Skip    int    `json:"s,omitempty"`
}

func (c sitesCursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeSitesCursor(s string) (sitesCursor, error) {
	var c sitesCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		return c, argErrorf("cursor is not one list_sites returned; pass nextCursor from a previous list_sites result unchanged")
	}
	return c, nil
}

// ListSites lists an account's sites, headless projects included.
func ListSites(dir *scopes.Directory) (mcp.Tool, server.ToolHandlerFunc) {
	opts := []mcp.ToolOption{
		mcp.WithDescription("List the Wix sites (and headless projects) of the account, with their site IDs. Use the IDs with call_site_api."),
		mcp.WithTitleAnnotation("List Wix sites"),
		mcp.WithReadOnlyHintAnnotation(true),
		mcp.WithDestructiveHintAnnotation(false),
		mcp.WithIdempotentHintAnnotation(true),
		mcp.WithOpenWorldHintAnnotation(true),
		mcp.WithString("name", mcp.Description("Only sites whose display name or slug contains this text (case-insensitive).")),
		mcp.WithNumber("limit", mcp.Description(fmt.Sprintf("Most sites to return (default %d, up to %d).", listSitesDefaultLimit, listSitesMaxLimit)), mcp.Min(1), mcp.Max(listSitesMaxLimit)),
		mcp.WithString("cursor", mcp.Description("nextCursor from a previous list_sites call, to continue.")),
		mcp.WithOutputSchema[ListSitesResult](),
	}
	if names := dir.AccountNames(); len(names) > 1 {
		opts = append(opts, mcp.WithString("account", mcp.Required(), mcp.Enum(names...), mcp.Description("Which configured account to list.")))
	}
	return mcp.NewTool("list_sites", opts...), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		res, err := listSites(ctx, dir, req)
		if err != nil {
			return toolError(err)
		}
		return mcp.NewToolResultStructured(res, renderSites(res)), nil
	}
}

func listSites(ctx context.Context, dir *scopes.Directory, req mcp.CallToolRequest) (*ListSitesResult, error) {
	account, err := optionalString(req, "account")
	if err != nil {
		return nil, err
	}
	name, err := optionalString(req, "name")
	if err != nil {
		return nil, err
	}
	limit, err := optionalInt(req, "limit", listSitesDefaultLimit, 1, listSitesMaxLimit)
	if err != nil {
		return nil, err
	}
	rawCursor, err := optionalString(req, "cursor")
	if err != nil {
		return nil, err
	}
	target, err := dir.Account(account)
	if err != nil {
		return nil, err
	}
	cur := sitesCursor{Account: target.Account, Name: name}
	if rawCursor != "" {
		if cur, err = decodeSitesCursor(rawCursor); err != nil {
			return nil, err
		}
		if cur.Account != target.Account || cur.Name != name {
			return nil, argErrorf("cursor belongs to a listing of account %q with name %q; repeat those arguments with it, or drop the cursor to start over", cur.Account, cur.Name)
		}
	}
	rec := record(ctx)
	rec.target(target.Scope, "POST", "/site-list/v2/sites/query")
	progress := newProgress(ctx, req)

	out := &ListSitesResult{Account: target.Account, Sites: []SiteSummary{}}
	needle := strings.ToLower(name)
	fetched := 0
	for pages := 0; ; pages++ {
		if pages == maxSitePages {
			// Stop before the request budget runs out; the cursor resumes.
			out.NextCursor = cur.encode()
			break
		}
		page, err := target.Client.QuerySites(ctx, wixclient.SitesQuery{Limit: sitesPageSize, Cursor: cur.Wix})
		if err != nil {
			rec.noteOutcome(nil, err)
			return nil, err
		}
		rec.upstream(200, 1, page.RequestID)
		dir.Remember(target.Account, page.Sites)
		fetched += len(page.Sites)
		if pages > 0 || page.HasNext {
			progress.send(fetched, page.Total, "sites fetched")
		}
		full := false
		for i := cur.Skip; i < len(page.Sites); i++ {
			s := page.Sites[i]
			if needle != "" && !strings.Contains(strings.ToLower(s.DisplayName), needle) && !strings.Contains(strings.ToLower(s.Name), needle) {
				continue
			}
			out.Sites = append(out.Sites, summarize(s))
			if len(out.Sites) == limit {
				if i+1 < len(page.Sites) {
					out.NextCursor = sitesCursor{Account: cur.Account, Name: cur.Name, Wix: cur.Wix, Skip: i + 1}.encode()
				} else if page.HasNext {
					out.NextCursor = sitesCursor{Account: cur.Account, Name: cur.Name, Wix: page.NextCursor}.encode()
				}
				full = true
				break
			}
		}
		if full || !page.HasNext || page.NextCursor == "" {
			break
		}
		cur = sitesCursor{Account: cur.Account, Name: cur.Name, Wix: page.NextCursor}
	}
	return out, nil
}

func summarize(s wixclient.Site) SiteSummary {
	return SiteSummary{
		ID: s.ID, DisplayName: s.DisplayName, Name: s.Name, Namespace: s.Namespace,
		Published: s.Published, Premium: s.Premium, ViewURL: s.ViewURL,
		EditorType: s.EditorType, CreatedDate: s.CreatedDate,
	}
}

// renderSites is the text rendering: one line per site, much smaller than
// the JSON so that text and structured content together stay small.
func renderSites(r *ListSitesResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d site(s) of account %s:\n", len(r.Sites), r.Account)
	for _, s := range r.Sites {
		state := "unpublished"
		if s.Published {
			state = "published"
		}
		if s.Premium {
			state += ", premium"
		}
		fmt.Fprintf(&b, "- %s | %s | slug %s | %s | %s", s.ID, s.DisplayName, s.Name, s.Namespace, state)
		if s.ViewURL != "" {
			fmt.Fprintf(&b, " | %s", s.ViewURL)
		}
		b.WriteString("\n")
	}
	if r.NextCursor != "" {
		fmt.Fprintf(&b, "More sites: call list_sites again with cursor %q.", r.NextCursor)
	} else {
		b.WriteString("No more sites.")
	}
	return b.String()
}

// progress sends MCP progress notifications when the client asked for them
// with a progress token.
type progress struct {
	ctx   context.Context
	token mcp.ProgressToken
}

func newProgress(ctx context.Context, req mcp.CallToolRequest) progress {
	p := progress{ctx: ctx}
	if req.Params.Meta != nil {
		p.token = req.Params.Meta.ProgressToken
	}
	return p
}

func (p progress) send(done, total int, message string) {
	srv := server.ServerFromContext(p.ctx)
	if p.token == nil || srv == nil {
		return
	}
	params := map[string]any{"progressToken": p.token, "progress": done, "message": fmt.Sprintf("%d %s", done, message)}
	if total > 0 {
		params["total"] = total
	}
	// A failed notification must not fail the call: the client may be gone.
	_ = srv.SendNotificationToClient(p.ctx, string(mcp.MethodNotificationProgress), params)
}
