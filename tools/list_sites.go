package tools

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/untrusted"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Limits of list_sites.
const (
	listSitesDefaultLimit = 50
	listSitesMaxLimit     = 1000
	// maxSitePages bounds the Wix requests of one list_sites call when a
	// name filter matches few sites in a large account.
	maxSitePages = 30
)

// SiteSummary is the trimmed site list_sites returns: the fields an agent
// uses, not Wix's whole site object.
// Its fields, JSON names and descriptions are the one list of a site's
// fields: the output schema, the fields argument and the projection are
// all derived from it.
type SiteSummary struct {
	ID          string `json:"id" jsonschema:"site ID, for call_site_api's site_id"`
	DisplayName string `json:"displayName"`
	Name        string `json:"name" jsonschema:"URL slug"`
	Namespace   string `json:"namespace,omitempty" jsonschema:"WIX, or HEADLESS for headless projects"`
	// Account is the configured account the site belongs to.
	Account     string `json:"account,omitempty" jsonschema:"the configured account that owns the site"`
	Published   bool   `json:"published"`
	Premium     bool   `json:"premium"`
	ViewURL     string `json:"viewUrl,omitempty"`
	EditorType  string `json:"editorType,omitempty"`
	CreatedDate string `json:"createdDate,omitempty"`
}

// listSitesOutput is list_sites' structured content, as its output schema
// declares it.
type listSitesOutput struct {
	Account    string        `json:"account,omitempty" jsonschema:"the configured account the sites belong to; absent when every account is listed"`
	Sites      []SiteSummary `json:"sites"`
	NextCursor string        `json:"nextCursor,omitempty" jsonschema:"pass as cursor to continue; absent when there are no more sites"`
}

// sitesCursor is list_sites' own cursor: Wix's cursor of the page being
// read plus how many of its sites were already returned, so a listing cut
// off mid-page (by limit or by the name filter) resumes exactly.
type sitesCursor struct {
	// All says the listing covers every configured account; Account is
	// then the one being read.
	All     bool   `json:"all,omitempty"`
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

// listSitesOutputSchema is the JSON schema of listSitesOutput. Site
// fields are all optional because `fields` may select a few of them.
var listSitesOutputSchema = func() json.RawMessage {
	schema, err := jsonschema.For[listSitesOutput](nil)
	if err != nil {
		panic(err) // a fixed Go type; the tool tests build it
	}
	// As small as the hand-written schema was: tools/list goes into every
	// conversation. A nil slice is never sent, and the site objects carry
	// no property but theirs anyway.
	sites := schema.Properties["sites"]
	sites.Types, sites.Type = nil, "array"
	sites.Items.Required = nil
	sites.Items.AdditionalProperties, schema.AdditionalProperties = nil, nil
	raw, err := json.Marshal(schema)
	if err != nil {
		panic(err)
	}
	return raw
}()

// ListSites lists an account's sites, headless projects included.
func ListSites(dir *scopes.Directory, maxChars int) (mcp.Tool, server.ToolHandlerFunc) {
	opts := []mcp.ToolOption{
		mcp.WithDescription("List the Wix sites (and headless projects) of the configured accounts, each with its site ID and account. Use the IDs with call_site_api."),
		withTitle("List Wix sites"),
		mcp.WithReadOnlyHintAnnotation(true),
		mcp.WithDestructiveHintAnnotation(false),
		mcp.WithIdempotentHintAnnotation(true),
		mcp.WithOpenWorldHintAnnotation(true),
		mcp.WithString("name", mcp.Description("Only sites whose display name or slug contains this text (case-insensitive).")),
		mcp.WithNumber("limit", mcp.Description(fmt.Sprintf("Most sites to return (default %d, up to %d).", listSitesDefaultLimit, listSitesMaxLimit)), mcp.Min(1), mcp.Max(listSitesMaxLimit)),
		mcp.WithString("cursor", mcp.Description("nextCursor from a previous list_sites call, to continue.")),
		mcp.WithArray("fields", mcp.WithStringItems(), mcp.Description("Site fields to keep, e.g. [\"id\",\"displayName\"].")),
		mcp.WithRawOutputSchema(listSitesOutputSchema),
	}
	if names := dir.AccountNames(); len(names) > 1 {
		opts = append(opts, mcp.WithString("account", mcp.Enum(names...), mcp.Description("Only this configured account's sites; without it, every account's sites are listed, each with its account.")))
	}
	return mcp.NewTool("list_sites", opts...), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		fields, err := optionalStringList(req, "fields")
		if err != nil {
			return toolError(err)
		}
		l, err := listSites(ctx, dir, req)
		if err != nil {
			return toolError(err)
		}
		return l.render(fields, maxChars)
	}
}

// listing is list_sites' answer before rendering, with, for each site, the
// cursor that resumes right after it, so the size cap can cut anywhere.
type listing struct {
	account string
	sites   []SiteSummary
	after   []string
	// next resumes after the last site; "" when there are no more.
	next string
	// requests counts the Query Sites requests made.
	requests int
}

func listSites(ctx context.Context, dir *scopes.Directory, req mcp.CallToolRequest) (*listing, error) {
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
	cur := sitesCursor{Account: account, Name: name}
	if rawCursor != "" {
		if cur, err = decodeSitesCursor(rawCursor); err != nil {
			return nil, err
		}
		if (account != "" && (cur.All || cur.Account != account)) || cur.Name != name || (account == "" && !cur.All && len(listableNames(ctx, dir)) > 1) {
			return nil, argErrorf("cursor belongs to a listing of account %q with name %q; repeat those arguments with it, or drop the cursor to start over", cur.Account, cur.Name)
		}
	}
	progress := newProgress(ctx, req)
	if account == "" && len(listableNames(ctx, dir)) > 1 {
		return listEverySite(ctx, dir, cur, limit, progress)
	}
	target, err := listingFor(ctx, dir, account)
	if err != nil {
		return nil, err
	}
	if rawCursor == "" {
		cur.Account = target.Account
	} else if cur.Account != target.Account {
		return nil, argErrorf("cursor belongs to a listing of account %q with name %q; repeat those arguments with it, or drop the cursor to start over", cur.Account, cur.Name)
	}
	return listAccountSites(ctx, dir, target, cur, limit, progress)
}

// listAccountSites pages through one account's sites from cur, keeping
// those that match cur.Name, until limit sites or maxSitePages pages.
func listAccountSites(ctx context.Context, dir *scopes.Directory, target *scopes.Target, cur sitesCursor, limit int, progress progress) (*listing, error) {
	// list_sites is Query Sites on the model's behalf: the account's path
	// rules apply to it as to call_account_api.
	if d := target.Policy.Check(wixclient.QuerySitesPath); !d.Allowed {
		return nil, &refusalError{fmt.Sprintf("Refused before sending: listing the sites of %s calls POST %s, which is %s.", target.Label(), wixclient.QuerySitesPath, d.Reason)}
	}
	record(ctx).target(target.Scope, "POST", wixclient.QuerySitesPath)

	out := &listing{account: target.Account}
	keep := siteFilter(ctx, dir, target.Account)
	needle := strings.ToLower(cur.Name)
	fetched := 0
	for pages := 0; ; pages++ {
		if pages == maxSitePages {
			// Stop before the request budget runs out; the cursor resumes.
			out.next = cur.encode()
			return out, nil
		}
		page, err := target.Client.QuerySites(ctx, wixclient.SitesQuery{Limit: wixclient.MaxSitesLimit, Cursor: cur.Wix})
		if err != nil {
			return nil, err
		}
		out.requests++
		dir.Remember(target.Account, page.Sites)
		fetched += len(page.Sites)
		if pages > 0 || page.HasNext {
			progress.send(fetched, page.Total, "sites fetched")
		}
		more := page.HasNext && page.NextCursor != ""
		for i := cur.Skip; i < len(page.Sites); i++ {
			s := page.Sites[i]
			if keep != nil && !keep(s.ID) {
				continue
			}
			if needle != "" && !strings.Contains(strings.ToLower(s.DisplayName), needle) && !strings.Contains(strings.ToLower(s.Name), needle) {
				continue
			}
			if len(out.sites) == limit {
				// A name-filtered listing looks on for one more match, so
				// the cursor starts at a site that will be shown and never
				// leads to an empty page.
				out.next = sitesCursor{Account: cur.Account, Name: cur.Name, Wix: cur.Wix, Skip: i}.encode()
				return out, nil
			}
			after := ""
			switch {
			case i+1 < len(page.Sites):
				after = sitesCursor{All: cur.All, Account: cur.Account, Name: cur.Name, Wix: cur.Wix, Skip: i + 1}.encode()
			case more:
				after = sitesCursor{All: cur.All, Account: cur.Account, Name: cur.Name, Wix: page.NextCursor}.encode()
			}
			summary := summarize(s)
			summary.Account = target.Account
			out.sites = append(out.sites, summary)
			out.after = append(out.after, after)
			if len(out.sites) == limit && needle == "" {
				out.next = after
				return out, nil
			}
		}
		if !more {
			return out, nil
		}
		cur = sitesCursor{All: cur.All, Account: cur.Account, Name: cur.Name, Wix: page.NextCursor}
	}
}

// render builds the result: structured content plus a compact text
// rendering, together under maxChars. When they do not fit, fewer sites are
// shown and nextCursor resumes right after the last one shown.
func (l *listing) render(fields []string, maxChars int) (*mcp.CallToolResult, error) {
	keep, unmatched := siteFields(fields)
	build := func(k int) (map[string]any, string, error) {
		next := l.next
		if k < len(l.sites) {
			next = l.after[k-1]
		}
		sites := make([]map[string]any, 0, k)
		for _, s := range l.sites[:k] {
			sites = append(sites, projectSite(s, keep))
		}
		structured := map[string]any{"sites": sites}
		if l.account != "" {
			structured["account"] = l.account
		}
		if next != "" {
			structured["nextCursor"] = next
		}
		raw, err := json.Marshal(structured)
		if err != nil {
			return nil, "", fmt.Errorf("encoding sites: %w", err)
		}
		text := renderSites(l.account, sites, next, k, len(l.sites), unmatched)
		if len(raw)+len(text) > maxChars && k > 1 {
			return nil, "", errTooBig
		}
		return structured, text, nil
	}
	// Find the largest prefix that fits: sizes grow with k, so bisect.
	lo, hi := 1, len(l.sites)
	if hi == 0 {
		structured, text, err := build(0)
		if err != nil {
			return nil, err
		}
		return mcp.NewToolResultStructured(structured, text), nil
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if _, _, err := build(mid); err == nil {
			lo = mid
		} else if err != errTooBig {
			return nil, err
		} else {
			hi = mid - 1
		}
	}
	structured, text, err := build(lo)
	if err != nil {
		return nil, err
	}
	return mcp.NewToolResultStructured(structured, text), nil
}

var errTooBig = errors.New("over the size cap")

// siteField is one field of SiteSummary: its JSON name and index.
type siteField struct {
	name  string
	index int
}

// siteFieldList is SiteSummary's fields in output order, read from the
// struct's JSON tags.
var siteFieldList = func() []siteField {
	t := reflect.TypeFor[SiteSummary]()
	out := make([]siteField, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		out = append(out, siteField{name: name, index: i})
	}
	return out
}()

// siteFieldNamesList names the fields, for messages.
func siteFieldNamesList() []string {
	names := make([]string, len(siteFieldList))
	for i, f := range siteFieldList {
		names[i] = f.name
	}
	return names
}

// siteFields resolves the fields argument: "sites.id" and "id" both mean
// the site's id. It returns nil to keep everything.
func siteFields(fields []string) (keep map[string]bool, unmatched []string) {
	if len(fields) == 0 {
		return nil, nil
	}
	keep = map[string]bool{}
	for _, f := range fields {
		name := strings.TrimPrefix(f, "sites.")
		if slices.ContainsFunc(siteFieldList, func(sf siteField) bool { return sf.name == name }) {
			keep[name] = true
		} else {
			unmatched = append(unmatched, f)
		}
	}
	return keep, unmatched
}

// projectSite returns the site's fields as a map, empty strings left out
// (but the ID). Site names are written by people and also reach the
// structured result, which is not fenced, so they are reduced to one safe
// line (untrusted.Line); the URL only loses invisible characters, since
// cutting it would break it.
func projectSite(s SiteSummary, keep map[string]bool) map[string]any {
	s.DisplayName, s.Name = untrusted.Line(s.DisplayName), untrusted.Line(s.Name)
	s.ViewURL = untrusted.Sanitize(s.ViewURL)
	v := reflect.ValueOf(s)
	out := make(map[string]any, len(siteFieldList))
	for _, f := range siteFieldList {
		if keep != nil && !keep[f.name] {
			continue
		}
		value := v.Field(f.index).Interface()
		if str, ok := value.(string); ok && str == "" && f.name != "id" {
			continue
		}
		out[f.name] = value
	}
	return out
}

func summarize(s wixclient.Site) SiteSummary {
	return SiteSummary{
		ID: s.ID, DisplayName: s.DisplayName, Name: s.Name, Namespace: s.Namespace,
		Published: s.Published, Premium: s.Premium, ViewURL: s.ViewURL,
		EditorType: s.EditorType, CreatedDate: s.CreatedDate,
	}
}

// renderSites is the text rendering: one line per site, much smaller than
// the JSON, fenced because names and URLs come from Wix.
func renderSites(account string, sites []map[string]any, next string, shown, fetched int, unmatched []string) string {
	var b strings.Builder
	if account == "" {
		fmt.Fprintf(&b, "%d site(s) of every configured account.\n", len(sites))
	} else {
		fmt.Fprintf(&b, "%d site(s) of account %s.\n", len(sites), account)
	}
	if shown < fetched {
		fmt.Fprintf(&b, "Only %d of the %d sites fetched fit the result size cap; ask for fewer fields or continue with the cursor.\n", shown, fetched)
	}
	if next != "" {
		fmt.Fprintf(&b, "More sites: call list_sites again with cursor %q.\n", next)
	}
	if len(unmatched) > 0 {
		fmt.Fprintf(&b, "Unknown site fields (ignored): %s; known: %s.\n", strings.Join(unmatched, ", "), strings.Join(siteFieldNamesList(), ", "))
	}
	var lines strings.Builder
	for _, s := range sites {
		var parts []string
		for _, f := range siteFieldList {
			if v, ok := s[f.name]; ok {
				parts = append(parts, fmt.Sprintf("%s=%v", f.name, v))
			}
		}
		lines.WriteString(strings.Join(parts, " | "))
		lines.WriteString("\n")
	}
	b.WriteString(untrusted.Wrap(strings.TrimRight(lines.String(), "\n")))
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
