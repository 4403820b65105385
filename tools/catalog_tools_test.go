package tools

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

func TestDescribeWixAPI(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		args    map[string]any
		isError bool
		want    []string
		// maxLen bounds the answer: a description must stay cheap to read.
		maxLen int
	}{
		{"query spec of Query Contacts", map[string]any{"id": "crm.contacts.queryContacts"}, false,
			[]string{`"filter":{`, `"info.name.first"`, `$startsWith`, `"sort":["createdDate"`, `"maxLimit":1000`, `"field":"query.paging"`, `"tool":"call_site_api"`}, 2000},
		{"search spec with enum values", map[string]any{"id": "ecom.orders.searchOrders"}, false,
			[]string{`"paymentStatus":["NOT_PAID"`, `"priceSummary.total.amount"`, `"field":"search.cursorPaging"`}, 4000},
		{"update says what it changes", map[string]any{"id": "crm.contacts.updateContact"}, false,
			[]string{"changes only the paths fieldMask names", `"required":["contactId","info","revision"]`, `"exampleBody":{"fieldMask":"info.name"`}, 3000},
		{"both methods of a GET query", map[string]any{"id": "stores.products-v-3.queryProducts"}, false,
			[]string{`"methods":["GET","POST"]`, `"exampleBody":{"query"`}, 3000},
		{"path alone resolves a unique match", map[string]any{"path": "/ecom/v1/orders/search"}, false,
			[]string{`"id":"ecom.orders.searchOrders"`}, 0},
		{"alias path", map[string]any{"path": "/ecom/v1/ep-orders/search"}, false,
			[]string{`"id":"ecom.orders.searchOrders"`}, 0},
		{"path with filled-in id", map[string]any{"method": "post", "path": "/contacts/v4/contacts/1234/labels"}, false,
			[]string{`"path":"/contacts/v4/contacts/{contactId}/labels"`}, 0},
		{"path served by several methods", map[string]any{"path": "/contacts/v4/contacts/1234"}, true,
			[]string{"several endpoints serve", "GET /contacts/v4/contacts/{id}", "DELETE /contacts/v4/contacts/{contactId}"}, 0},
		{"unknown path", map[string]any{"path": "/contacts/v4/contactz/query"}, true,
			[]string{"not in the catalog", "/contacts/v4/contacts/query"}, 0},
		{"nothing passed", map[string]any{}, true, []string{"pass id, or path"}, 0},
	}
	f := newFixture(t, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			text := wantResult(t, f.call(t, "describe_wix_api", tc.args), tc.isError, tc.want)
			if tc.maxLen > 0 && len(text) > tc.maxLen {
				t.Errorf("answer is %d chars, want at most %d", len(text), tc.maxLen)
			}
			if !tc.isError && !json.Valid([]byte(text)) {
				t.Errorf("answer is not JSON: %s", text)
			}
		})
	}
}

// TestSearchWixAPIForASite asserts what reached the emulator and what the
// model reads: the site's apps are listed once per few minutes, endpoints
// of apps the site lacks go last and are marked, and a 428 teaches the same
// when the listing is not allowed.
func TestSearchWixAPIForASite(t *testing.T) {
	t.Parallel()
	const query = "query products in the store"
	count := func(f *fixture, path string) int {
		n := 0
		for _, r := range f.sim.Sim.Requests() {
			if r.Path == path {
				n++
			}
		}
		return n
	}
	// One server's tools, built once as the server builds them: the
	// site cache lives as long as they do.
	server := func(f *fixture) func(name string, args map[string]any) *mcp.CallToolResult {
		tools := All(f.deps())
		return func(name string, args map[string]any) *mcp.CallToolResult {
			for _, st := range tools {
				if st.Tool.Name == name {
					req := mcp.CallToolRequest{}
					req.Params.Name, req.Params.Arguments = name, args
					res, err := st.Handler(context.Background(), req)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					return res
				}
			}
			t.Fatalf("no tool %s", name)
			return nil
		}
	}
	storesLine := func(text string) string {
		for _, l := range strings.Split(text, "\n") {
			if strings.Contains(l, " /stores/v3/products/query ") {
				return l
			}
		}
		return ""
	}
	t.Run("listed apps", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, nil)
		call := server(f)
		bakery := resultText(call("search_wix_api", map[string]any{"query": query, "site_id": wixsim.SiteBakery, "limit": 10}))
		bookshop := resultText(call("search_wix_api", map[string]any{"query": query, "site_id": wixsim.SiteBookshop, "limit": 10}))
		plain := resultText(call("search_wix_api", map[string]any{"query": query, "limit": 10}))
		if l := storesLine(bakery); !strings.HasSuffix(l, "| not installed on this site") {
			t.Errorf("bakery has no Stores: want Query Products marked, got %q in\n%s", l, bakery)
		}
		lines := strings.Split(bakery, "\n")
		seenMissing := false
		for _, l := range lines[:len(lines)-1] {
			missing := strings.HasSuffix(l, "not installed on this site")
			if seenMissing && !missing {
				t.Errorf("an installed endpoint after a missing one:\n%s", bakery)
			}
			seenMissing = seenMissing || missing
		}
		if l := storesLine(bookshop); l == "" || strings.Contains(l, "not installed") {
			t.Errorf("bookshop has Stores: want Query Products unmarked, got %q in\n%s", l, bookshop)
		}
		if strings.Contains(plain, "not installed") {
			t.Errorf("without a site nothing is marked:\n%s", plain)
		}
		// Cached per site: a second search asks Wix nothing more.
		call("search_wix_api", map[string]any{"query": "list orders", "site_id": wixsim.SiteBakery})
		if n := count(f, "/apps-installer-service/v1/app-instances"); n != 2 {
			t.Errorf("Get Installed Apps called %d times for two sites, want 2", n)
		}
	})
	t.Run("learned from 428", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, func(c *config.Config) {
			c.Accounts[0].Policy.Deny = []string{"/apps-installer-service/**"}
		})
		call := server(f)
		before := resultText(call("search_wix_api", map[string]any{"query": query, "site_id": wixsim.SiteBakery, "limit": 10}))
		if strings.Contains(storesLine(before), "not installed") {
			t.Fatalf("nothing is known yet, nothing may be marked:\n%s", before)
		}
		res := call("call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/stores/v3/products/query", "body": map[string]any{}})
		if !res.IsError || !strings.Contains(resultText(res), "428") {
			t.Fatalf("want Wix's 428: %s", resultText(res))
		}
		after := resultText(call("search_wix_api", map[string]any{"query": query, "site_id": wixsim.SiteBakery, "limit": 10}))
		if !strings.HasSuffix(storesLine(after), "| not installed on this site") {
			t.Errorf("after a 428 Query Products must be marked:\n%s", after)
		}
		if n := count(f, "/apps-installer-service/v1/app-instances"); n != 0 {
			t.Errorf("a denied path reached Wix %d times", n)
		}
	})
}
