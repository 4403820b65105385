package tools

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/internal/toolsnaps"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// fixture is a Directory over a fresh emulator.
type fixture struct {
	sim    *wixsim.Server
	dir    *scopes.Directory
	cfg    *config.Config
	logger zerolog.Logger
}

// newFixture configures accounts and sites the way a user's config file
// would, pointing at a local emulator.
func newFixture(t *testing.T, edit func(*config.Config), opts ...wixsim.Option) *fixture {
	t.Helper()
	sim := wixsim.NewServer(opts...)
	t.Cleanup(sim.Close)
	cfg := &config.Config{
		BaseURL:        sim.URL,
		Timeout:        config.DefaultTimeout,
		MaxResultChars: config.DefaultMaxResultChars,
		Accounts: []config.Account{
			{Name: "agency", ID: wixsim.AgencyAccountID, Key: config.Secret(wixsim.AgencyKey)},
		},
	}
	if edit != nil {
		edit(cfg)
	}
	return &fixture{sim: sim, cfg: cfg, logger: zerolog.Nop(), dir: scopes.New(cfg, scopes.ClientOptions{BaseURL: sim.URL, UserAgent: "wix-mcp/test"})}
}

func (f *fixture) deps() Deps {
	return Deps{Directory: f.dir, ReadOnly: f.cfg.ReadOnly, MaxResultChars: f.cfg.MaxResultChars, Logger: f.logger, ScriptLimits: f.cfg.Script}
}

// find returns the named tool of the fixture's configuration.
func (f *fixture) find(t *testing.T, name string) server.ServerTool {
	t.Helper()
	for _, st := range All(f.deps()) {
		if st.Tool.Name == name {
			return st
		}
	}
	t.Fatalf("tool %s not registered", name)
	return server.ServerTool{}
}

// call runs a tool's handler the way the MCP server does.
func (f *fixture) call(t *testing.T, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	st := f.find(t, name)
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := st.Handler(context.Background(), req)
	if err != nil {
		t.Fatalf("%s returned a JSON-RPC error (a bug): %v", name, err)
	}
	return res
}

// TestToolSnapshots keeps every tool's definition, in each configuration
// that changes it, under review in __toolsnaps__.
func TestToolSnapshots(t *testing.T) {
	t.Parallel()
	variants := map[string]func(*config.Config){
		"": nil,
		"multi_account": func(c *config.Config) {
			c.Accounts = append(c.Accounts, config.Account{Name: "other", ID: wixsim.OtherAccountID, Key: config.Secret(wixsim.OtherKey)})
		},
		"pinned_site": func(c *config.Config) {
			c.Sites = []config.Site{{Alias: "bakery", ID: wixsim.SiteBakery, Account: "agency", Pin: true}}
		},
		"read_only": func(c *config.Config) { c.ReadOnly = true },
	}
	var tested []string
	for variant, edit := range variants {
		f := newFixture(t, edit)
		for _, st := range All(f.deps()) {
			name := st.Tool.Name
			if variant != "" {
				name += "." + variant
			}
			tested = append(tested, name)
			if err := toolsnaps.Test(name, st.Tool); err != nil {
				t.Error(err)
			}
		}
	}
	orphans, err := toolsnaps.Orphans(tested)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orphans {
		t.Errorf("%s is a snapshot no tool produces any more; delete it (UPDATE_TOOLSNAPS=true go test ./tools deletes orphans)", o)
	}
}

func TestAnnotationsAreHonest(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	for _, st := range All(f.deps()) {
		a := st.Tool.Annotations
		if a.ReadOnlyHint == nil || a.DestructiveHint == nil || a.OpenWorldHint == nil || a.IdempotentHint == nil {
			t.Errorf("%s: every hint must be set explicitly: %+v", st.Tool.Name, a)
			continue
		}
		readOnly := strings.HasPrefix(st.Tool.Name, "list_") || strings.HasPrefix(st.Tool.Name, "search_") || strings.HasPrefix(st.Tool.Name, "describe_")
		if *a.ReadOnlyHint != readOnly {
			t.Errorf("%s: readOnlyHint = %v", st.Tool.Name, *a.ReadOnlyHint)
		}
		if strings.HasPrefix(st.Tool.Name, "call_") && (!*a.DestructiveHint || *a.IdempotentHint) {
			t.Errorf("%s: a call tool may delete and is not idempotent: %+v", st.Tool.Name, a)
		}
		if st.Tool.Description == "" {
			t.Errorf("%s has no description", st.Tool.Name)
		}
	}
}

func TestToolSetFollowsConfiguration(t *testing.T) {
	t.Parallel()
	siteOnly := newFixture(t, func(c *config.Config) {
		c.Accounts = nil
		c.Sites = []config.Site{{Alias: "bakery", ID: wixsim.SiteBakery, Key: config.Secret(wixsim.AgencyKey)}}
	})
	var names []string
	for _, st := range All(siteOnly.deps()) {
		names = append(names, st.Tool.Name)
	}
	if strings.Contains(strings.Join(names, ","), "list_sites") || strings.Contains(strings.Join(names, ","), "call_account_api") {
		t.Errorf("without an account, list_sites and call_account_api cannot work and must not be offered: %v", names)
	}
}

// TestPinnedSiteIsInjected checks that a pinned site disappears from the
// schema and every call goes to it.
func TestPinnedSiteIsInjected(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *config.Config) {
		c.Sites = []config.Site{{Alias: "bakery", ID: wixsim.SiteBakery, Account: "agency", Pin: true}}
	})
	st := f.find(t, "call_site_api")
	if _, ok := st.Tool.InputSchema.Properties["site_id"]; ok {
		t.Fatal("site_id must not be in the schema of a pinned server")
	}
	res := f.call(t, "call_site_api", map[string]any{"method": "GET", "path": "/site-properties/v4/properties"})
	if res.IsError {
		t.Fatalf("pinned call failed: %s", resultText(res))
	}
	reqs := f.sim.Sim.Requests()
	if len(reqs) != 1 || reqs[0].SiteID != wixsim.SiteBakery {
		t.Fatalf("pinned call went to %+v", reqs)
	}
	// Naming another site explicitly is refused before any request.
	f.sim.Sim.ResetRequests()
	res = f.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteYoga, "method": "GET", "path": "/site-properties/v4/properties"})
	if !res.IsError || !strings.Contains(resultText(res), "pinned") || len(f.sim.Sim.Requests()) != 0 {
		t.Fatalf("another site must be refused: %s, %d requests", resultText(res), len(f.sim.Sim.Requests()))
	}
}

// TestRightKeyPickedAutomatically configures two accounts and checks that
// each site's call carries the key of the account that owns it.
func TestRightKeyPickedAutomatically(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *config.Config) {
		c.Accounts = append(c.Accounts, config.Account{Name: "other", ID: wixsim.OtherAccountID, Key: config.Secret(wixsim.OtherKey)})
	})
	for _, site := range []string{wixsim.SiteOther, wixsim.SiteBakery} {
		res := f.call(t, "call_site_api", map[string]any{"site_id": site, "method": "GET", "path": "/site-properties/v4/properties"})
		if res.IsError {
			t.Fatalf("site %s: %s", site, resultText(res))
		}
	}
	var calls []wixsim.Request
	for _, r := range f.sim.Sim.Requests() {
		if r.Path == "/site-properties/v4/properties" {
			calls = append(calls, r)
		}
	}
	if len(calls) != 2 || calls[0].Status != 200 || calls[1].Status != 200 {
		t.Fatalf("both site calls must succeed with the owner's key: %+v", calls)
	}
	// The second call for the same site needs no owner lookup.
	f.sim.Sim.ResetRequests()
	f.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteOther, "method": "GET", "path": "/site-properties/v4/properties"})
	if n := len(f.sim.Sim.Requests()); n != 1 {
		t.Errorf("owner should be cached; got %d requests", n)
	}
}

func TestListSitesPagingAndFilter(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil, wixsim.WithExtraSites(wixsim.AgencyAccountID, 150))
	decode := func(res *mcp.CallToolResult) listedSites { t.Helper(); return decodeListing(t, res) }
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		args := map[string]any{"limit": 70}
		if cursor != "" {
			args["cursor"] = cursor
		}
		l := decode(f.call(t, "list_sites", args))
		for _, s := range l.Sites {
			if seen[s.ID] {
				t.Fatalf("site %s listed twice across cursor pages", s.ID)
			}
			seen[s.ID] = true
		}
		if cursor = l.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != 154 {
		t.Errorf("paging with limit 70 should list all 154 sites once, got %d", len(seen))
	}
	l := decode(f.call(t, "list_sites", map[string]any{"name": "BAKERY"}))
	if len(l.Sites) != 1 || l.Sites[0].ID != wixsim.SiteBakery {
		t.Errorf("name filter: %+v", l.Sites)
	}
	// The only match, with the limit reached at it: no cursor to an empty
	// page, though 150 more sites follow it.
	l = decode(f.call(t, "list_sites", map[string]any{"name": "BAKERY", "limit": 1}))
	if len(l.Sites) != 1 || l.NextCursor != "" {
		t.Errorf("name filter, limit 1: %d sites, cursor %q; want the bakery and no cursor", len(l.Sites), l.NextCursor)
	}
	// Two matches, limit 1: the cursor leads to the second, then ends.
	l = decode(f.call(t, "list_sites", map[string]any{"name": "extra site 010", "limit": 5}))
	if len(l.Sites) != 5 || l.NextCursor == "" {
		t.Fatalf("name filter with more matches: %d sites, cursor %q", len(l.Sites), l.NextCursor)
	}
	l2 := decode(f.call(t, "list_sites", map[string]any{"name": "extra site 010", "limit": 5, "cursor": l.NextCursor}))
	if len(l2.Sites) != 5 || l2.NextCursor != "" {
		t.Errorf("second page of 10 matches: %d sites, cursor %q; want 5 and no cursor", len(l2.Sites), l2.NextCursor)
	}
	l = decode(f.call(t, "list_sites", map[string]any{"name": "headless"}))
	if len(l.Sites) != 1 || l.Sites[0].Namespace != "HEADLESS" {
		t.Errorf("headless project by slug: %+v", l.Sites)
	}
	res := f.call(t, "list_sites", map[string]any{"cursor": "garbage"})
	if !res.IsError || !strings.Contains(resultText(res), "cursor") {
		t.Errorf("a bad cursor must be a clear tool error: %s", resultText(res))
	}
	res = f.call(t, "list_sites", map[string]any{"limit": 5000})
	if !res.IsError || !strings.Contains(resultText(res), "1000") {
		t.Errorf("limit over 1000: %s", resultText(res))
	}
}

// TestListSitesUnusableAnswer checks that a proxy page standing in for
// Query Sites is a tool error, not a JSON-RPC error.
func TestListSitesUnusableAnswer(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.sim.Sim.Inject(wixsim.Fault{Match: "/site-list/", Malformed: true})
	res := f.call(t, "list_sites", map[string]any{})
	if !res.IsError || !strings.Contains(resultText(res), "cannot be used") {
		t.Fatalf("want a tool error, got %s", resultText(res))
	}
}
