package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// agencyEnv configures the binary for the emulator's agency account, the
// way a user configures it for real Wix.
func agencyEnv(sim *wixsim.Server, extra ...string) []string {
	return append([]string{
		"WIX_API_KEY=" + wixsim.AgencyKey,
		"WIX_ACCOUNT_ID=" + wixsim.AgencyAccountID,
		"WIX_API_BASE_URL=" + sim.URL,
	}, extra...)
}

// TestStdioCoreTools lists the three tools and calls each one, checking
// what reached Wix (headers, paths, bodies) and what the model received.
func TestStdioCoreTools(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	s := startStdio(t, agencyEnv(sim), nil)

	init := s.InitializeResult()
	if init.ServerInfo.Name != "wix-mcp" || init.ServerInfo.Version != testVersion {
		t.Errorf("serverInfo = %+v", init.ServerInfo)
	}
	if !strings.Contains(init.Instructions, "list_sites") {
		t.Errorf("instructions lack the workflow: %q", init.Instructions)
	}
	names := toolNames(t, s)
	for _, want := range []string{"list_sites", "call_site_api", "call_account_api"} {
		if !slices.Contains(names, want) {
			t.Errorf("tools/list lacks %s: %v", want, names)
		}
	}

	// list_sites: every agency site, the headless project included.
	res := s.call(t, "list_sites", map[string]any{})
	if res.IsError {
		t.Fatalf("list_sites failed: %s", text(res))
	}
	var listed struct {
		Account string `json:"account"`
		Sites   []struct {
			ID, DisplayName, Namespace string
		} `json:"sites"`
	}
	raw, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(raw, &listed); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, site := range listed.Sites {
		ids = append(ids, site.ID)
	}
	for _, want := range []string{wixsim.SiteBakery, wixsim.SiteYoga, wixsim.SiteBookshop, wixsim.SiteHeadless} {
		if !slices.Contains(ids, want) {
			t.Errorf("list_sites lacks %s: %v", want, ids)
		}
	}
	if slices.Contains(ids, wixsim.SiteOther) {
		t.Errorf("list_sites shows another account's site")
	}
	reqs := sim.Sim.Requests()
	last := reqs[len(reqs)-1]
	if last.Method != "POST" || last.Path != "/site-list/v2/sites/query" || last.AccountID != wixsim.AgencyAccountID || last.SiteID != "" || !last.HasKey {
		t.Errorf("Query Sites request = %+v", last)
	}
	if !strings.Contains(string(last.Body), `"HEADLESS"`) {
		t.Errorf("Query Sites must ask for headless sites, body %s", last.Body)
	}

	// call_site_api: the site header only, on the site's path.
	sim.Sim.ResetRequests()
	res = s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "/site-properties/v4/properties"})
	if res.IsError {
		t.Fatalf("call_site_api failed: %s", text(res))
	}
	if !strings.Contains(text(res), "Sandbox Bakery") {
		t.Errorf("site properties not returned: %s", text(res))
	}
	reqs = sim.Sim.Requests()
	// The unconfigured site's owner is known from list_sites: one request.
	if len(reqs) != 1 {
		t.Fatalf("want 1 upstream request, got %+v", reqs)
	}
	if r := reqs[0]; r.Method != "GET" || r.Path != "/site-properties/v4/properties" || r.SiteID != wixsim.SiteBakery || r.AccountID != "" || !r.HasKey {
		t.Errorf("site call = %+v", r)
	}

	// call_account_api: the account header only, with the body as sent.
	sim.Sim.ResetRequests()
	res = s.call(t, "call_account_api", map[string]any{"method": "POST", "path": "/site-list/v2/sites/count", "body": map[string]any{"filter": map[string]any{"namespace": map[string]any{"$in": []string{"WIX", "HEADLESS"}}}}})
	if res.IsError {
		t.Fatalf("call_account_api failed: %s", text(res))
	}
	if !strings.Contains(text(res), `"count":4`) {
		t.Errorf("count = %s", text(res))
	}
	reqs = sim.Sim.Requests()
	if len(reqs) != 1 || reqs[0].AccountID != wixsim.AgencyAccountID || reqs[0].SiteID != "" || !strings.Contains(string(reqs[0].Body), `"$in":["WIX","HEADLESS"]`) {
		t.Errorf("account call = %+v", reqs)
	}

	// A body sent as a JSON string is parsed, as models often do that.
	res = s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts/query", "body": `{"query":{"paging":{"limit":2}}}`})
	if res.IsError || !strings.Contains(text(res), `"contacts"`) {
		t.Fatalf("string body: %s", text(res))
	}
}

// TestStdioToolErrors checks that user-fixable failures are isError
// results that say what to do, never JSON-RPC errors.
func TestStdioToolErrors(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	s := startStdio(t, agencyEnv(sim), nil)
	tests := []struct {
		name string
		tool string
		args map[string]any
		want []string
	}{
		{"hostile path", "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "//evil.example/x"}, []string{"Path refused"}},
		{"wix 404", "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "/contacts/v4/contacts/00000000-0000-4000-8000-000000000000"}, []string{"404", "Wix request ID"}},
		{"428 stores not installed", "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/stores/v3/products/query", "body": map[string]any{}}, []string{"428", "not installed"}},
		{"bad filter", "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts/query", "body": map[string]any{"query": map[string]any{"filter": map[string]any{"shoeSize": 9}}}}, []string{"Refused before sending", "query.filter.shoeSize: cannot be filtered on", "info.name.first"}},
		// Unchecked, the same filter reaches Wix, whose 400 comes back with a hint.
		{"bad filter sent unchecked", "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts/query", "validate": false, "body": map[string]any{"query": map[string]any{"filter": map[string]any{"shoeSize": 9}}}}, []string{"400", "shoeSize", "Hint"}},
		{"another account's site", "call_site_api", map[string]any{"site_id": wixsim.SiteOther, "method": "GET", "path": "/site-properties/v4/properties"}, []string{"no configured account owns it"}},
		{"bad method", "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "TRACE", "path": "/x"}, []string{"method"}},
		{"bad body string", "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts/query", "body": `{"query": `}, []string{"not valid JSON"}},
		{"missing site", "call_site_api", map[string]any{"method": "GET", "path": "/x"}, []string{"site_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.call(t, tt.tool, tt.args)
			if !res.IsError {
				t.Fatalf("want isError, got %s", text(res))
			}
			for _, w := range tt.want {
				if !strings.Contains(text(res), w) {
					t.Errorf("result %q lacks %q", text(res), w)
				}
			}
		})
	}
}

// TestKeyNeverLeaks runs a whole session with a known key and scans every
// log line and every tool result for it.
func TestKeyNeverLeaks(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	s := startStdio(t, agencyEnv(sim, "WIX_MCP_LOG_LEVEL=debug"), nil)
	var results []string
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"list_sites", map[string]any{}},
		{"call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts/query", "body": map[string]any{}}},
		{"call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "/nope"}},
		{"call_site_api", map[string]any{"site_id": wixsim.SiteOther, "method": "GET", "path": "/site-properties/v4/properties"}},
		{"call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "http://127.0.0.1:1/steal"}},
		{"call_account_api", map[string]any{"method": "POST", "path": "/site-list/v2/sites/query", "body": map[string]any{"query": map[string]any{"cursorPaging": map[string]any{"limit": 1000}}}}},
	} {
		results = append(results, resultJSON(t, s.call(t, c.tool, c.args)))
	}
	s.Close()
	logs := s.stderr.String()
	if !strings.Contains(logs, `"tool call"`) {
		t.Fatalf("expected tool call log lines, got:\n%s", logs)
	}
	for _, secret := range []string{wixsim.AgencyKey, strings.TrimPrefix(wixsim.AgencyKey, "IST.")} {
		if strings.Contains(logs, secret) {
			t.Errorf("the key appears in the logs:\n%s", logs)
		}
		for _, r := range results {
			if strings.Contains(r, secret) {
				t.Errorf("the key appears in a result: %s", r)
			}
		}
	}
	// One line per tool call, with what an operator needs.
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if !strings.Contains(line, `"tool call"`) || !strings.Contains(line, `"path":"/contacts/v4/contacts/query"`) {
			continue
		}
		for _, field := range []string{`"tool":"call_site_api"`, `"scope":"site:` + wixsim.SiteBakery, `"method":"POST"`, `"status":200`, `"wix_requests":1`, `"outcome":"ok"`, `"duration_ms"`, `"wix_request_id"`} {
			if !strings.Contains(line, field) {
				t.Errorf("log line lacks %s: %s", field, line)
			}
		}
	}
}

// TestProgressNotifications checks that a listing that takes several Wix
// pages reports progress to a client that asked for it.
func TestProgressNotifications(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer(wixsim.WithExtraSites(wixsim.AgencyAccountID, 250))
	defer sim.Close()
	var mu syncBuffer
	opts := &gomcp.ClientOptions{ProgressNotificationHandler: func(_ context.Context, req *gomcp.ProgressNotificationClientRequest) {
		fmt.Fprintf(&mu, "%v/%v;", req.Params.Progress, req.Params.Total)
	}}
	// A larger cap, so that all 254 sites fit in one result.
	s := startStdio(t, agencyEnv(sim, "WIX_MCP_MAX_RESULT_CHARS=400000"), opts)
	params := &gomcp.CallToolParams{Name: "list_sites", Arguments: map[string]any{"limit": 1000}}
	params.SetProgressToken("p1")
	res, err := s.CallTool(context.Background(), params)
	if err != nil || res.IsError {
		t.Fatalf("list_sites: %v %s", err, text(res))
	}
	var listed struct{ Sites []any }
	raw, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(raw, &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed.Sites) != 254 {
		t.Errorf("want 254 sites over 3 pages, got %d", len(listed.Sites))
	}
	got := mu.String()
	if strings.Count(got, ";") != 3 || !strings.HasPrefix(got, "100/") {
		t.Errorf("progress notifications = %q, want 3 (100, 200, 254 fetched)", got)
	}
}
