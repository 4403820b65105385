package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// Tokens of the users in usersConfig: 43 characters, like wix-mcp token new makes.
const (
	aliceToken   = "alice-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	internToken  = "intern-token-iiiiiiiiiiiiiiiiiiiiiiiiiiiiiii"
	revokedToken = "revoked-token-rrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"
)

// usersConfig has two accounts, two sites and two users: alice reaches
// the agency account, the intern only the bakery site and only to read.
func usersConfig(t *testing.T) (cfgPath string, env []string) {
	t.Helper()
	dir := t.TempDir()
	aliceFile := filepath.Join(dir, "alice-token")
	if err := os.WriteFile(aliceFile, []byte(aliceToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfigFile(t, fmt.Sprintf(`
accounts:
  - name: agency
    id: %s
    key_env: WIX_AGENCY_KEY
  - name: other
    id: %s
    key_env: WIX_OTHER_KEY
sites:
  - alias: bakery
    id: %s
    account: agency
  - alias: yoga
    id: %s
    account: agency
users:
  - name: alice
    token_file: %s
    accounts: [agency]
  - name: intern
    token_env: WIX_MCP_TOKEN_INTERN
    sites: [bakery]
    read_only: true
`, wixsim.AgencyAccountID, wixsim.OtherAccountID, wixsim.SiteBakery, wixsim.SiteYoga, aliceFile))
	return cfg, []string{"WIX_AGENCY_KEY=" + wixsim.AgencyKey, "WIX_OTHER_KEY=" + wixsim.OtherKey, "WIX_MCP_TOKEN_INTERN=" + internToken}
}

// TestUsersReachOnlyTheirScopes runs one HTTP server for two users and
// checks, on what reached the emulator and what each user was told, that
// each reaches only its own accounts and sites, that a read-only user
// cannot write, that an unknown token gets 401, that the logs name the
// user of every call, and that no token is ever logged.
func TestUsersReachOnlyTheirScopes(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	cfg, env := usersConfig(t)
	// At debug level, so that no log line of any component carries a token.
	p := startHTTP(t, append(env, "WIX_API_BASE_URL="+sim.URL), "--transport", "http", "--addr", "127.0.0.1:0", "--config", cfg, "--log-level", "debug")

	for _, tok := range []string{revokedToken, "", httpToken} {
		r := raw(t, "POST", p.base+"/mcp", "", map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json", "Accept": "application/json, text/event-stream"}, initializeBody)
		if r.status != 401 {
			t.Errorf("token %q: status %d, want 401", tok, r.status)
		}
	}

	alice := mustConnectHTTP(t, p, "http", aliceToken)
	intern := mustConnectHTTP(t, p, "http", internToken)

	// Each sees only its accounts in the tools' schemas; the intern, who
	// reaches no account, gets no call_account_api at all.
	schemas := func(s *session) string {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := s.ListTools(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(res.Tools)
		return string(b)
	}
	if a := schemas(alice); strings.Contains(a, `"other"`) || !strings.Contains(a, `"enum":["agency"]`) || !strings.Contains(a, "call_account_api") {
		t.Errorf("alice's tools must offer the agency account only: %s", a)
	}
	if i := schemas(intern); strings.Contains(i, `"other"`) || strings.Contains(i, "call_account_api") || !strings.Contains(i, "list_sites") {
		t.Errorf("the intern's tools: %s", i)
	}
	query := func(site string) map[string]any {
		return map[string]any{"site_id": site, "method": "POST", "path": "/contacts/v4/contacts/query", "body": map[string]any{"query": map[string]any{}}}
	}

	// alice: the agency's sites, not the other account's.
	if res := alice.call(t, "list_sites", map[string]any{"account": "agency"}); res.IsError || !strings.Contains(text(res), wixsim.SiteYoga) {
		t.Errorf("alice lists agency: %s", text(res))
	}
	if res := alice.call(t, "call_site_api", query("yoga")); res.IsError {
		t.Errorf("alice queries yoga: %s", text(res))
	}
	sim.Sim.ResetRequests()
	other := alice.call(t, "call_site_api", query(wixsim.SiteOther))
	missing := alice.call(t, "call_site_api", query("5a1d0c0a-0000-4000-8000-00000000beef"))
	want := strings.ReplaceAll(text(missing), "5a1d0c0a-0000-4000-8000-00000000beef", wixsim.SiteOther)
	if !other.IsError || text(other) != want {
		t.Errorf("alice on the other account's site must be told exactly what a missing site is:\n got %q\nwant %q", text(other), want)
	}
	for _, r := range sim.Sim.Requests() {
		if r.SiteID == wixsim.SiteOther {
			t.Errorf("a request reached the other account's site: %s %s", r.Method, r.Path)
		}
	}
	if res := alice.call(t, "list_sites", map[string]any{"account": "other"}); !res.IsError || !strings.Contains(text(res), `unknown account "other"`) {
		t.Errorf("alice lists other: %s", text(res))
	}
	if res := alice.call(t, "call_account_api", map[string]any{"account": "other", "method": "POST", "path": "/site-list/v2/sites/query"}); !res.IsError || strings.Contains(text(res), wixsim.OtherAccountID) {
		t.Errorf("alice on the other account: %s", text(res))
	}

	// intern: bakery only, read only; list_sites shows only bakery.
	res := intern.call(t, "list_sites", map[string]any{"account": "agency"})
	if res.IsError || !strings.Contains(text(res), wixsim.SiteBakery) || strings.Contains(text(res), wixsim.SiteYoga) {
		t.Errorf("intern's listing must hold bakery and nothing else: %s", text(res))
	}
	// The wix://sites resource reads through list_sites, for the intern's
	// reach only.
	rctx, rcancel := context.WithTimeout(context.Background(), 20*time.Second)
	read, err := intern.ReadResource(rctx, &gomcp.ReadResourceParams{URI: "wix://sites"})
	rcancel()
	if err != nil || len(read.Contents) != 1 || !strings.Contains(read.Contents[0].Text, wixsim.SiteBakery) ||
		strings.Contains(read.Contents[0].Text, wixsim.SiteYoga) || strings.Contains(read.Contents[0].Text, `"other"`) {
		t.Errorf("the intern's wix://sites: %v %+v", err, read)
	}
	if res := intern.call(t, "call_site_api", query("bakery")); res.IsError {
		t.Errorf("intern reads bakery: %s", text(res))
	}
	// Without an account, list_sites lists every account the user may
	// list: alice's agency sites, the intern's bakery alone.
	if res := alice.call(t, "list_sites", map[string]any{}); res.IsError || !strings.Contains(text(res), wixsim.SiteYoga) || strings.Contains(text(res), wixsim.SiteOther) {
		t.Errorf("alice's whole listing: %s", text(res))
	}
	if res := intern.call(t, "list_sites", map[string]any{}); res.IsError || !strings.Contains(text(res), wixsim.SiteBakery) || strings.Contains(text(res), wixsim.SiteYoga) {
		t.Errorf("the intern's whole listing: %s", text(res))
	}
	// Scripts resolve their sites for the user too, and obey read_only.
	sim.Sim.ResetRequests()
	res = intern.call(t, "run_wix_script", map[string]any{"script": `
		const out = {};
		try { await wix.site("yoga").get("/contacts/v4/contacts"); out.yoga = "sent"; } catch (e) { out.yoga = String(e.message || e); }
		try { await wix.site("bakery").post("/contacts/v4/contacts", {info: {name: {first: "Z"}}}); out.write = "sent"; } catch (e) { out.write = String(e.message || e); }
		const sites = await wix.sites({});
		out.sites = JSON.stringify(sites);
		return out;`})
	if !strings.Contains(text(res), `unknown site \"yoga\"`) && !strings.Contains(text(res), `unknown site "yoga"`) {
		t.Errorf("the intern's script on yoga: %s", text(res))
	}
	if strings.Contains(text(res), `"write":"sent"`) || !strings.Contains(text(res), "read-only") {
		t.Errorf("the intern's script must not write: %s", text(res))
	}
	if strings.Contains(text(res), wixsim.SiteYoga) {
		t.Errorf("the intern's script saw yoga: %s", text(res))
	}
	for _, r := range sim.Sim.Requests() {
		if r.SiteID == wixsim.SiteYoga || r.Method == "POST" && strings.HasSuffix(r.Path, "/contacts") {
			t.Errorf("the intern's script sent %s %s to %s", r.Method, r.Path, r.SiteID)
		}
	}
	sim.Sim.ResetRequests()
	if res := intern.call(t, "search_wix_api", map[string]any{"query": "list contacts", "site_id": "yoga"}); !res.IsError || !strings.Contains(text(res), `unknown site "yoga"`) {
		t.Errorf("the intern's search on yoga's apps: %s", text(res))
	}
	for _, r := range sim.Sim.Requests() {
		if r.SiteID == wixsim.SiteYoga {
			t.Errorf("the intern's search reached yoga: %s %s", r.Method, r.Path)
		}
	}
	if res := intern.call(t, "call_site_api", query("yoga")); !res.IsError || !strings.Contains(text(res), `unknown site "yoga"`) || strings.Contains(text(res), wixsim.SiteYoga) {
		t.Errorf("intern on yoga: %s", text(res))
	}
	sim.Sim.ResetRequests()
	res = intern.call(t, "call_site_api", map[string]any{"site_id": "bakery", "method": "POST", "path": "/contacts/v4/contacts", "body": map[string]any{"info": map[string]any{"name": map[string]any{"first": "X"}}}})
	if !res.IsError || !strings.Contains(text(res), "read-only") {
		t.Errorf("intern's write: %s", text(res))
	}
	if n := len(sim.Sim.Requests()); n != 0 {
		t.Errorf("intern's refused write sent %d requests", n)
	}
	if res := alice.call(t, "call_site_api", map[string]any{"site_id": "bakery", "method": "POST", "path": "/contacts/v4/contacts", "body": map[string]any{"info": map[string]any{"name": map[string]any{"first": "Y"}}}}); res.IsError {
		t.Errorf("alice's write: %s", text(res))
	}

	// Prometheus sees the same calls, by user; /metrics needs a token.
	if r := raw(t, "GET", p.base+"/metrics", "", nil, ""); r.status != 401 {
		t.Errorf("/metrics without a token: %d", r.status)
	}
	m := raw(t, "GET", p.base+"/metrics", "", map[string]string{"Authorization": "Bearer " + aliceToken}, "")
	for _, want := range []string{
		`wixmcp_tool_calls_total{outcome="ok",tool="list_sites",user="alice"} 2`,
		`wixmcp_tool_calls_total{outcome="tool_error",tool="call_site_api",user="intern"}`,
		`wixmcp_wix_requests_total{status="200"}`,
	} {
		if !strings.Contains(m.body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	logs := p.stderr.String()
	for _, tok := range []string{aliceToken, internToken, revokedToken} {
		if strings.Contains(logs, tok) || strings.Contains(logs, tok[:20]) {
			t.Errorf("a token reached the logs")
		}
	}
	var sawInternAudit, sawAliceAudit bool
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, `"tool call"`) && !strings.Contains(line, `"user":"alice"`) && !strings.Contains(line, `"user":"intern"`) {
			t.Errorf("a tool call line names no user: %s", line)
		}
		if strings.Contains(line, `"log":"audit"`) {
			sawInternAudit = sawInternAudit || (strings.Contains(line, `"user":"intern"`) && strings.Contains(line, "refused_read_only"))
			sawAliceAudit = sawAliceAudit || (strings.Contains(line, `"user":"alice"`) && strings.Contains(line, `"decision":"sent"`))
		}
	}
	if !sawInternAudit || !sawAliceAudit {
		t.Errorf("audit lines must name the user (intern refused: %v, alice sent: %v)\n%s", sawInternAudit, sawAliceAudit, logs)
	}
}
