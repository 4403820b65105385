package wixsim

import "testing"

// TestAlwaysPresentFields checks that answers carry the fields the SDK's
// types declare always present (from sdkshapes.json.gz), filled with empty
// values, on hand-written and generic endpoints alike, without changing
// what is stored.
func TestAlwaysPresentFields(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteBakery, "GET", "/site-properties/v4/properties", nil)
	for _, p := range []string{"properties.address.hint.placement", "properties.businessSchedule.periods", "properties.address.coordinates.latitude"} {
		if dig(r.json, p) == nil {
			t.Errorf("site properties lack %s", p)
		}
	}
	r = site(t, s, SiteBakery, "POST", "/blog/v3/tags", map[string]any{"label": "shape"})
	for _, p := range []string{"tag.slug", "tag.postCount", "tag.publishedPostCount"} {
		if dig(r.json, p) == nil {
			t.Errorf("created tag lacks %s: %s", p, r.raw)
		}
	}
	// A projection answers only what it asked for.
	r = site(t, s, SiteBakery, "GET", "/site-properties/v4/properties?fields=businessName", nil)
	if dig(r.json, "properties.address") != nil {
		t.Errorf("a masked answer got filled: %s", r.raw)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	addr, _ := s.siteByID[SiteBakery].properties["address"].(map[string]any)
	if _, ok := addr["coordinates"]; ok {
		t.Errorf("the fill reached the stored properties: %v", addr)
	}
}

// TestSDKQuerySpecsDeclared checks that the fields the SDK's query specs
// declare (sdkshapes.json.gz) are filterable and sortable on hand-written
// endpoints, with their operators, and that others stay refused.
func TestSDKQuerySpecsDeclared(t *testing.T) {
	t.Parallel()
	s := New()
	search := func(body map[string]any) resp {
		return site(t, s, SiteBakery, "POST", "/ecom/v1/orders/search", map[string]any{"search": body})
	}
	r := search(map[string]any{
		"filter": map[string]any{"buyerInfo.email": map[string]any{"$exists": true}},
		"sort":   []any{map[string]any{"fieldName": "priceSummary.total.amount", "order": "DESC"}},
	})
	if r.status != 200 || len(list(t, r, "orders")) == 0 {
		t.Fatalf("declared filter and sort: %d %s", r.status, r.raw)
	}
	// fulfillmentStatus takes $eq $in $ne $nin only.
	if r = search(map[string]any{"filter": map[string]any{"fulfillmentStatus": map[string]any{"$startsWith": "F"}}}); r.status != 400 {
		t.Errorf("an operator the spec does not declare: %d %s", r.status, r.raw)
	}
	if r = search(map[string]any{"filter": map[string]any{"nope": "x"}}); r.status != 400 {
		t.Errorf("an undeclared field: %d %s", r.status, r.raw)
	}
}
