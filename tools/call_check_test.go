package tools

import (
	"context"
	"maps"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestCallsAreCheckedBeforeSending asserts on what reached the emulator: a
// request that does not fit its endpoint is refused with the fix and
// nothing is sent; validate: false sends it as written.
func TestCallsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	contact := "/contacts/v4/contacts/" + wixsim.PoisonedContactID
	cases := []struct {
		name      string
		args      map[string]any
		want      []string
		wantSent  bool
		wantError bool
	}{
		{"misspelt field", map[string]any{"method": "PATCH", "path": contact,
			"body": map[string]any{"revision": 1, "info": map[string]any{"emials": map[string]any{}}}},
			[]string{"Refused before sending", "info.emials", "did you mean info.emails", "Nothing was sent"}, false, true},
		{"undeclared filter field", map[string]any{"method": "POST", "path": "/contacts/v4/contacts/query",
			"body": map[string]any{"query": map[string]any{"filter": map[string]any{"info.shoeSize": 44}}}},
			[]string{"query.filter.info.shoeSize: cannot be filtered on", "info.name.first"}, false, true},
		{"wrong type", map[string]any{"method": "POST", "path": "/contacts/v4/contacts/query",
			"body": map[string]any{"query": map[string]any{"paging": map[string]any{"limit": "10"}}}},
			[]string{"query.paging.limit: must be a number, not a string"}, false, true},
		{"unchecked on request", map[string]any{"method": "POST", "path": "/contacts/v4/contacts/query", "validate": false,
			"body": map[string]any{"query": map[string]any{"paging": map[string]any{"limit": 5}, "extra": true}}},
			nil, true, false},
		{"valid call is sent", map[string]any{"method": "POST", "path": "/contacts/v4/contacts/query",
			"body": map[string]any{"query": map[string]any{"sort": []any{map[string]any{"fieldName": "createdDate", "order": "DESC"}}, "paging": map[string]any{"limit": 5}}}},
			nil, true, false},
		{"validate must be a boolean", map[string]any{"method": "POST", "path": "/contacts/v4/contacts/query", "validate": "no",
			"body": map[string]any{"query": map[string]any{}}},
			[]string{"validate must be true or false"}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			args := map[string]any{"site_id": wixsim.SiteBakery}
			for k, v := range tc.args {
				args[k] = v
			}
			wantResult(t, f.call(t, "call_site_api", args), tc.wantError, tc.want)
			// Resolving the site may query the account's sites first; only
			// the call's own path counts.
			sent := 0
			for _, r := range f.sim.Sim.Requests() {
				if r.Path == tc.args["path"] {
					sent++
				}
			}
			if (sent > 0) != tc.wantSent {
				t.Fatalf("requests to %s reaching Wix: %d, want sent=%v", tc.args["path"], sent, tc.wantSent)
			}
		})
	}
}

// wantResult checks a tool result's error flag and that its text holds
// every wanted piece, and returns the text.
func wantResult(t *testing.T, res *mcp.CallToolResult, isError bool, want []string) string {
	t.Helper()
	text := resultText(res)
	if res.IsError != isError {
		t.Fatalf("isError %v, want %v: %s", res.IsError, isError, text)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("result lacks %q:\n%s", w, text)
		}
	}
	return text
}

// TestOneCatalogMatchPerCall: a call's path is matched against the catalog
// once, however many steps read the endpoint (the gate's class, the
// pre-send check, what the site's apps are learned from, a 404's hints).
func TestOneCatalogMatchPerCall(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		args    map[string]any
		isError bool
	}{
		{"a read that succeeds", map[string]any{"method": "POST", "path": "/contacts/v4/contacts/query",
			"body": map[string]any{"query": map[string]any{"paging": map[string]any{"limit": 1}}}}, false},
		{"a known endpoint answering 404", map[string]any{"method": "GET", "path": "/contacts/v4/contacts/5a1d0c0a-0000-4000-8000-0000000dead0"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			var lookups atomic.Int32
			d := f.deps()
			d.Catalog = func() *catalog.Catalog { lookups.Add(1); return catalog.Default() }
			var handler server.ToolHandlerFunc
			for _, st := range All(d) {
				if st.Tool.Name == "call_site_api" {
					handler = st.Handler
				}
			}
			args := map[string]any{"site_id": wixsim.SiteBakery}
			maps.Copy(args, tc.args)
			req := mcp.CallToolRequest{}
			req.Params.Name, req.Params.Arguments = "call_site_api", args
			res, err := handler(context.Background(), req)
			if err != nil || res.IsError != tc.isError {
				t.Fatalf("call = %+v, %v; want isError %v", res, err, tc.isError)
			}
			if n := lookups.Load(); n != 1 {
				t.Errorf("the catalog was consulted %d times for one call, want 1", n)
			}
		})
	}
}
