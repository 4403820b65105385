package wixsim

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAuth(t *testing.T) {
	t.Parallel()
	s := New()
	const contacts = "/contacts/v4/contacts/query"
	const sites = "/site-list/v2/sites/query"
	tests := []struct {
		name   string
		r      req
		status int
		code   string
	}{
		// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-keys, dev.wix.com/docs/rest/articles/get-started/errors): missing Authorization -> 401 UNAUTHENTICATED.
		{"missing key", req{method: "POST", path: contacts, site: SiteBakery}, 401, "UNAUTHENTICATED"},
		// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-keys): revoked or invalid API key -> 401.
		{"unknown key", req{method: "POST", path: contacts, key: "IST.sim-nope", site: SiteBakery}, 401, "UNAUTHENTICATED"},
		// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-keys): the key is sent raw; "Bearer <key>" is unverified, so the sim refuses it.
		{"bearer prefix", req{method: "POST", path: contacts, key: "Bearer " + AgencyKey, site: SiteBakery}, 401, "UNAUTHENTICATED"},
		// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-keys): site-level methods need wix-site-id (listed under 403).
		{"site call without wix-site-id", req{method: "POST", path: contacts, key: AgencyKey}, 403, "PERMISSION_DENIED"},
		// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-keys): account-level methods need wix-account-id.
		{"account call without wix-account-id", req{method: "POST", path: sites, key: AgencyKey, site: SiteBakery}, 403, "PERMISSION_DENIED"},
		// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-keys): site-level calls work only with a key of the owning account.
		{"site of another account", req{method: "POST", path: contacts, key: AgencyKey, site: SiteOther}, 403, "PERMISSION_DENIED"},
		{"unknown site", req{method: "POST", path: contacts, key: AgencyKey, site: "00000000-0000-4000-8000-000000000000"}, 403, "PERMISSION_DENIED"},
		// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-keys): a key scoped to specific sites gets 403 elsewhere.
		{"restricted key on other site", req{method: "POST", path: contacts, key: RestrictedKey, site: SiteYoga}, 403, "PERMISSION_DENIED"},
		{"restricted key on its site", req{method: "POST", path: contacts, key: RestrictedKey, site: SiteBakery}, 200, ""},
		{"account ID not the key's", req{method: "POST", path: sites, key: AgencyKey, account: OtherAccountID}, 403, "PERMISSION_DENIED"},
		{"foreign account ID on a site call", req{method: "POST", path: contacts, key: AgencyKey, site: SiteBakery, account: OtherAccountID}, 403, "PERMISSION_DENIED"},
		// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-keys): accept both headers and pick the scope from the endpoint.
		{"both headers, site call", req{method: "POST", path: contacts, key: AgencyKey, site: SiteBakery, account: AgencyAccountID}, 200, ""},
		{"both headers, account call", req{method: "POST", path: sites, key: AgencyKey, site: SiteOther, account: AgencyAccountID}, 200, ""},
		{"other key on its own site", req{method: "POST", path: contacts, key: OtherKey, site: SiteOther}, 200, ""},
		{"other key on agency site", req{method: "POST", path: contacts, key: OtherKey, site: SiteBakery}, 403, "PERMISSION_DENIED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r.send(t, s)
			if tc.code == "" {
				wantStatus(t, r, tc.status)
				return
			}
			wantAppError(t, r, tc.status, tc.code)
			// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors): application messages carry the gRPC status prefix.
			if msg := r.json["message"].(string); !strings.HasPrefix(msg, tc.code+": ") {
				t.Errorf("message %q lacks the %s prefix", msg, tc.code)
			}
			for _, k := range []string{AgencyKey, RestrictedKey, OtherKey} {
				if strings.Contains(string(r.raw), k) {
					t.Errorf("error body leaks a key: %s", r.raw)
				}
			}
		})
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors) and github.com/wix/skills PR #1119: permission errors of platformized services such
// as Stores catalog v3 have an empty description.
func TestPlatformizedPermissionDeniedHasEmptyDescription(t *testing.T) {
	t.Parallel()
	s := New()
	r := req{method: "POST", path: "/stores/v3/products/query", key: RestrictedKey, site: SiteBookshop}.send(t, s)
	wantAppError(t, r, http.StatusForbidden, "PERMISSION_DENIED")
	if d := dig(r.json, "details.applicationError.description"); d != "" {
		t.Errorf("description = %q, want empty", d)
	}
	r = req{method: "POST", path: "/contacts/v4/contacts/query", key: RestrictedKey, site: SiteBookshop}.send(t, s)
	if d := dig(r.json, "details.applicationError.description"); d == "" {
		t.Error("contacts 403 description is empty; only platformized services leave it empty")
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors): X-Wix-Request-Id on every response, errors included.
func TestRequestIDOnEveryResponse(t *testing.T) {
	t.Parallel()
	s := New()
	s.Inject(Fault{Match: "/ecom/", Status: 503})
	seen := map[string]bool{}
	for _, r := range []req{
		{method: "POST", path: "/contacts/v4/contacts/query", key: AgencyKey, site: SiteBakery},
		{method: "POST", path: "/contacts/v4/contacts/query"},
		{method: "GET", path: "/no/such/api", key: AgencyKey, site: SiteBakery},
		{method: "POST", path: "/ecom/v1/orders/search", key: AgencyKey, site: SiteBakery},
	} {
		got := r.send(t, s)
		id := got.header.Get("X-Wix-Request-Id")
		if id == "" {
			t.Fatalf("%s %s (status %d): no X-Wix-Request-Id", r.method, r.path, got.status)
		}
		if seen[id] {
			t.Fatalf("request ID %s repeated", id)
		}
		seen[id] = true
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors): an unknown path is a 404 in Wix's error shape.
func TestUnknownPathIs404(t *testing.T) {
	t.Parallel()
	s := New()
	for _, r := range []req{
		{method: "GET", path: "/no/such/api", key: AgencyKey, site: SiteBakery},
		{method: "DELETE", path: "/site-list/v2/sites/query", key: AgencyKey, account: AgencyAccountID},
		{method: "GET", path: "/no/such/api"}, // routing comes before authentication
	} {
		wantAppError(t, r.send(t, s), http.StatusNotFound, "NOT_FOUND")
	}
}

func TestRequestLogNeverHoldsTheKey(t *testing.T) {
	t.Parallel()
	s := New()
	site(t, s, SiteBakery, "POST", "/contacts/v4/contacts/query", map[string]any{})
	req{method: "POST", path: "/contacts/v4/contacts/query", key: "IST.sim-wrong-key", site: SiteBakery}.send(t, s)
	log := s.Requests()
	if len(log) != 2 || !log[0].HasKey || log[0].Status != 200 || log[1].Status != 401 {
		t.Fatalf("log = %+v", log)
	}
	dump := fmt.Sprintf("%+v", log)
	for _, k := range []string{AgencyKey, "IST.sim-wrong-key"} {
		if strings.Contains(dump, k) {
			t.Fatalf("request log holds a key: %s", dump)
		}
	}
}
