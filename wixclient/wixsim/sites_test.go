package wixsim

import (
	"net/http"
	"strings"
	"testing"
)

const querySites = "/site-list/v2/sites/query"

// Wix docs (dev.wix.com/docs/rest/account-level/sites/sites/query-sites): headless sites are excluded unless the filter asks for
// namespace HEADLESS; {} is a valid body.
func TestQuerySitesNamespaceDefault(t *testing.T) {
	t.Parallel()
	s := New()
	tests := []struct {
		name string
		body any
		want []string
	}{
		{"empty body", nil, []string{SiteBakery, SiteBookshop, SiteYoga}},
		{"empty query", map[string]any{"query": map[string]any{}}, []string{SiteBakery, SiteBookshop, SiteYoga}},
		{"namespace in WIX, HEADLESS", map[string]any{"query": map[string]any{"filter": map[string]any{
			"namespace": map[string]any{"$in": []any{"WIX", "HEADLESS"}}}}},
			[]string{SiteBakery, SiteBookshop, SiteHeadless, SiteYoga}},
		{"namespace HEADLESS only", map[string]any{"query": map[string]any{"filter": map[string]any{"namespace": "HEADLESS"}}},
			[]string{SiteHeadless}},
		{"other filter keeps the default", map[string]any{"query": map[string]any{"filter": map[string]any{"published": true}}},
			[]string{SiteBakery, SiteBookshop, SiteYoga}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := account(t, s, "POST", querySites, tc.body)
			wantStatus(t, r, 200)
			if got := sorted(pluck(t, r, "sites", "id")); strings.Join(got, ",") != strings.Join(sorted(tc.want), ",") {
				t.Errorf("sites = %v, want %v", got, tc.want)
			}
			if _, ok := r.json["pagingMetadata"]; ok {
				t.Error("Query Sites has no pagingMetadata, only metadata")
			}
			if dig(r.json, "metadata.hasNext") != false {
				t.Errorf("metadata.hasNext = %v, want false", dig(r.json, "metadata.hasNext"))
			}
		})
	}
}

// Wix docs (dev.wix.com/docs/rest/account-level/sites/sites/query-sites): the Site object's fields; headless names are headless-<id>.
func TestQuerySitesObjectFields(t *testing.T) {
	t.Parallel()
	r := account(t, New(), "POST", querySites, map[string]any{"query": map[string]any{
		"filter": map[string]any{"namespace": "HEADLESS"}}})
	site := list(t, r, "sites")[0].(map[string]any)
	want := map[string]any{
		"id": SiteHeadless, "name": "headless-" + SiteHeadless, "namespace": "HEADLESS",
		"ownerAccountId": AgencyAccountID, "published": false, "viewUrl": "",
	}
	for k, v := range want {
		if site[k] != v {
			t.Errorf("%s = %v, want %v", k, site[k], v)
		}
	}
	for _, k := range []string{"htmlAppId", "displayName", "createdDate", "updatedDate", "premium", "blocked", "editUrl", "editorType", "folderId"} {
		if _, ok := site[k]; !ok {
			t.Errorf("site lacks %s", k)
		}
	}
	if !strings.HasPrefix(site["displayName"].(string), "Sandbox ") {
		t.Errorf("displayName %q is not obviously a sandbox", site["displayName"])
	}
}

// Wix docs (dev.wix.com/docs/rest/account-level/sites/sites/query-sites): cursor paging, limit up to 100, metadata.cursors.next
// and hasNext; follow-up pages send only cursorPaging.
func TestQuerySitesCursorPaging(t *testing.T) {
	t.Parallel()
	s := New(WithExtraSites(AgencyAccountID, 250))
	body := map[string]any{"query": map[string]any{
		"filter":       map[string]any{"name": map[string]any{"$startsWith": "sandbox-"}},
		"sort":         []any{map[string]any{"fieldName": "displayName", "order": "ASC"}},
		"cursorPaging": map[string]any{"limit": 100},
	}}
	seen := map[string]bool{}
	var sizes []int
	var names []string
	for page := 0; page < 10; page++ {
		r := account(t, s, "POST", querySites, body)
		wantStatus(t, r, 200)
		ids := pluck(t, r, "sites", "id")
		names = append(names, pluck(t, r, "sites", "displayName")...)
		sizes = append(sizes, len(ids))
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("site %s returned twice", id)
			}
			seen[id] = true
		}
		if dig(r.json, "metadata.count") != float64(len(ids)) {
			t.Errorf("metadata.count = %v, want %d", dig(r.json, "metadata.count"), len(ids))
		}
		next, _ := dig(r.json, "metadata.cursors.next").(string)
		if dig(r.json, "metadata.hasNext") != (next != "") {
			t.Fatalf("hasNext %v disagrees with next %q", dig(r.json, "metadata.hasNext"), next)
		}
		if next == "" {
			break
		}
		body = map[string]any{"query": map[string]any{"cursorPaging": map[string]any{"limit": 100, "cursor": next}}}
	}
	// 250 extra + 3 classic seeded sites; the headless one stays hidden.
	if len(sizes) != 3 || sizes[0] != 100 || sizes[1] != 100 || sizes[2] != 53 {
		t.Fatalf("page sizes = %v, want [100 100 53]", sizes)
	}
	if seen[SiteHeadless] {
		t.Error("the cursor lost the implicit namespace filter")
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] > names[i] {
			t.Fatalf("the cursor lost the sort: %q before %q", names[i-1], names[i])
		}
	}
}

func TestQuerySitesValidation(t *testing.T) {
	t.Parallel()
	s := New()
	q := func(query map[string]any) resp {
		return account(t, s, "POST", querySites, map[string]any{"query": query})
	}
	// Wix docs (dev.wix.com/docs/rest/account-level/sites/sites/query-sites): cursorPaging limit max 100.
	v := wantViolation(t, q(map[string]any{"cursorPaging": map[string]any{"limit": 101}}), "at most 100")
	if v["violatedRule"] != "MAX" || v["field"] != "query.cursorPaging.limit" {
		t.Errorf("violation = %v", v)
	}
	// Wix docs (dev.wix.com/docs/rest/account-level/sites/sites/query-sites): displayName is sortable, not filterable.
	wantViolation(t, q(map[string]any{"filter": map[string]any{"displayName": "Sandbox Bakery"}}),
		"Field 'displayName' is not declared as filterable")
	// Wix docs (dev.wix.com/docs/rest/account-level/sites/sites/query-sites): namespace takes $eq $ne $exists $in $hasSome only.
	wantViolation(t, q(map[string]any{"filter": map[string]any{"namespace": map[string]any{"$startsWith": "W"}}}),
		"not supported for field 'namespace'")
	wantViolation(t, q(map[string]any{"sort": []any{map[string]any{"fieldName": "name"}}}), "not declared as sortable")
	wantViolation(t, q(map[string]any{"paging": map[string]any{"limit": 10}}), "cursorPaging only")
	wantViolation(t, q(map[string]any{"cursorPaging": map[string]any{"cursor": "not-a-cursor"}}), "not a valid cursor")
}

// A cursor is bound to the account that got it.
func TestQuerySitesCursorOfAnotherAccount(t *testing.T) {
	t.Parallel()
	s := New(WithExtraSites(OtherAccountID, 3))
	r := req{method: "POST", path: querySites, key: OtherKey, account: OtherAccountID,
		body: map[string]any{"query": map[string]any{"cursorPaging": map[string]any{"limit": 1}}}}.send(t, s)
	next, _ := dig(r.json, "metadata.cursors.next").(string)
	if next == "" {
		t.Fatalf("no cursor: %s", r.raw)
	}
	r = account(t, s, "POST", querySites, map[string]any{"query": map[string]any{"cursorPaging": map[string]any{"cursor": next}}})
	wantViolation(t, r, "not a valid cursor")
}

// Wix docs (dev.wix.com/docs/rest/account-level/sites/sites/query-sites): each account sees only its own sites.
func TestQuerySitesOnlyOwnAccount(t *testing.T) {
	t.Parallel()
	r := req{method: "POST", path: querySites, key: OtherKey, account: OtherAccountID}.send(t, New())
	if got := pluck(t, r, "sites", "id"); len(got) != 1 || got[0] != SiteOther {
		t.Errorf("other account sees %v", got)
	}
}

// Wix docs (dev.wix.com/docs/rest/account-level/sites/sites/query-sites): Count Sites takes {filter}, answers {count}, and does
// not support premium.
func TestCountSites(t *testing.T) {
	t.Parallel()
	s := New(WithExtraSites(AgencyAccountID, 7))
	tests := []struct {
		body any
		want float64
	}{
		{nil, 10},
		{map[string]any{"filter": map[string]any{"namespace": map[string]any{"$in": []any{"WIX", "HEADLESS"}}}}, 11},
		{map[string]any{"filter": map[string]any{"published": true}}, 3 + 3},
	}
	for _, tc := range tests {
		r := account(t, s, "POST", "/site-list/v2/sites/count", tc.body)
		wantStatus(t, r, 200)
		if r.json["count"] != tc.want {
			t.Errorf("count(%v) = %v, want %v", tc.body, r.json["count"], tc.want)
		}
	}
	wantViolation(t, account(t, s, "POST", "/site-list/v2/sites/count",
		map[string]any{"filter": map[string]any{"premium": true}}), "Field 'premium' is not declared as filterable")
}

// Wix docs (dev.wix.com/docs/rest/account-level/sites/sites/query-sites): GET /site-properties/v4/properties answers {version, properties}
// with an optional field mask.
func TestSiteProperties(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteYoga, "GET", "/site-properties/v4/properties", nil)
	wantStatus(t, r, 200)
	if dig(r.json, "properties.siteDisplayName") != "Sandbox Yoga Studio" || dig(r.json, "properties.timeZone") != "Europe/London" {
		t.Errorf("properties = %s", r.raw)
	}
	if v, _ := r.json["version"].(string); v == "" {
		t.Error("no version")
	}
	r = site(t, s, SiteYoga, "GET", "/site-properties/v4/properties?fields=businessName,locale", nil)
	props := r.json["properties"].(map[string]any)
	if len(props) != 2 || props["businessName"] != "Sandbox Yoga" {
		t.Errorf("masked properties = %v", props)
	}
	wantStatus(t, req{method: "GET", path: "/site-properties/v4/properties", key: AgencyKey, account: AgencyAccountID}.send(t, s),
		http.StatusForbidden)
}

// TestUpdateSiteProperties checks the business contact and schedule
// updates: the answer of Get Site Properties changes and its version
// moves on.
func TestUpdateSiteProperties(t *testing.T) {
	t.Parallel()
	s := New()
	before := site(t, s, SiteBakery, "GET", "/site-properties/v4/properties", nil)
	r := site(t, s, SiteBakery, "POST", "/site-properties/v4/properties/business-contact",
		map[string]any{"businessContact": map[string]any{"email": "new@bakery.example.com", "phone": "+1-555-0199"}, "fields": []any{"email"}})
	if r.status != 200 {
		t.Fatalf("update contact: %d %s", r.status, r.raw)
	}
	site(t, s, SiteBakery, "POST", "/site-properties/v4/properties/business-schedule",
		map[string]any{"businessSchedule": map[string]any{"periods": []any{map[string]any{"openDay": "MONDAY", "openTime": "08:00", "closeDay": "MONDAY", "closeTime": "16:00"}}}})
	after := site(t, s, SiteBakery, "GET", "/site-properties/v4/properties", nil)
	if dig(after.json, "properties.email") != "new@bakery.example.com" {
		t.Errorf("email = %v", dig(after.json, "properties.email"))
	}
	if dig(after.json, "properties.phone") != dig(before.json, "properties.phone") {
		t.Errorf("phone changed though fields named only email: %v", dig(after.json, "properties.phone"))
	}
	if dig(after.json, "properties.businessSchedule.periods.0.openTime") != "08:00" {
		t.Errorf("schedule: %s", after.raw)
	}
	if dig(after.json, "version") == dig(before.json, "version") {
		t.Errorf("version did not move: %v", dig(after.json, "version"))
	}
}
