package wixsim

import (
	"net/http"
	"strings"
	"testing"
)

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): Members sorts with "sorting", wraps paging in
// "metadata", and fieldsets choose the fields (PUBLIC by default).
func TestQueryMembers(t *testing.T) {
	t.Parallel()
	s := New()
	q := func(body any) resp { return site(t, s, SiteYoga, "POST", "/members/v1/members/query", body) }
	r := q(map[string]any{"query": map[string]any{"sorting": []any{map[string]any{"fieldName": "profile.nickname", "order": "ASC"}}}})
	wantStatus(t, r, 200)
	if dig(r.json, "metadata.total") != 5.0 || r.json["pagingMetadata"] != nil {
		t.Fatalf("metadata wrapper wrong: %s", r.raw)
	}
	if got := strings.Join(pluck(t, r, "members", "profile.nickname"), ","); got != "Asha R.,Ben O.,Carla M.,Dana L.,Emil N." {
		t.Errorf("sorted nicknames = %s", got)
	}
	if dig(r.json, "members.0.loginEmail") != nil {
		t.Error("PUBLIC fieldset leaks loginEmail")
	}
	r = q(map[string]any{"fieldsets": []any{"FULL"}, "query": map[string]any{"filter": map[string]any{"status": "PENDING"}}})
	if got := pluck(t, r, "members", "loginEmail"); len(got) != 1 || got[0] != "carla.mendes@yoga.example.com" {
		t.Errorf("FULL PENDING members = %v", got)
	}
	if dig(r.json, "members.0.contact.firstName") != "Carla" {
		t.Errorf("FULL member lacks contact: %s", r.raw)
	}
	wantViolation(t, q(map[string]any{"query": map[string]any{"sort": []any{map[string]any{"fieldName": "createdDate"}}}}), "sorts with 'sorting'")
	wantViolation(t, q(map[string]any{"fieldsets": []any{"EVERYTHING"}}), "PUBLIC, EXTENDED or FULL")
}

func TestGetMember(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteYoga, "POST", "/members/v1/members/query", nil)
	id := dig(r.json, "members.0.id").(string)
	r = site(t, s, SiteYoga, "GET", "/members/v1/members/"+id+"?fieldsets=FULL", nil)
	wantStatus(t, r, 200)
	if dig(r.json, "member.id") != id || dig(r.json, "member.loginEmail") == nil {
		t.Errorf("member = %s", r.raw)
	}
	wantAppError(t, site(t, s, SiteYoga, "GET", "/members/v1/members/nope", nil), http.StatusNotFound, "MEMBER_NOT_FOUND")
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors, dev.wix.com/docs/rest/articles/get-started/api-query-language): a site without catalog v3 answers 428
// REQUIRED_APP_NOT_INSTALLED on /stores/v3/*.
func TestStoresNotInstalled(t *testing.T) {
	t.Parallel()
	s := New()
	for _, r := range []req{
		{method: "POST", path: "/stores/v3/products/query"},
		{method: "GET", path: "/stores/v3/products/search"},
		{method: "GET", path: "/stores/v3/products/some-id"},
	} {
		r.key, r.site = AgencyKey, SiteBakery
		wantAppError(t, r.send(t, s), http.StatusPreconditionRequired, "REQUIRED_APP_NOT_INSTALLED")
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): Stores v3 query: cursor paging with pagingMetadata,
// filterable fields without price.
func TestQueryProducts(t *testing.T) {
	t.Parallel()
	s := New()
	q := func(query map[string]any) resp {
		return site(t, s, SiteBookshop, "POST", "/stores/v3/products/query", map[string]any{"query": query})
	}
	var names []string
	r := q(map[string]any{"sort": []any{map[string]any{"fieldName": "name"}}, "cursorPaging": map[string]any{"limit": 3}})
	for i := 0; i < 5; i++ {
		wantStatus(t, r, 200)
		names = append(names, pluck(t, r, "products", "name")...)
		next, _ := dig(r.json, "pagingMetadata.cursors.next").(string)
		if next == "" {
			break
		}
		r = q(map[string]any{"cursorPaging": map[string]any{"limit": 3, "cursor": next}})
	}
	if len(names) != 8 || names[0] != "Cursor of Fate" || names[7] != "Unpublished Manuscript" {
		t.Errorf("names = %v", names)
	}
	r = q(map[string]any{"filter": map[string]any{"visible": false}})
	if got := pluck(t, r, "products", "name"); len(got) != 1 || got[0] != "Unpublished Manuscript" {
		t.Errorf("hidden products = %v", got)
	}
	wantViolation(t, q(map[string]any{"filter": map[string]any{"actualPriceRange.minValue.amount": map[string]any{"$gt": 10}}}),
		"not declared as filterable")
	wantViolation(t, q(map[string]any{"paging": map[string]any{"limit": 3}}), "cursorPaging only")
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): Stores v3 search takes {search:{..., search:{expression}}}
// and can filter on price.
func TestSearchProducts(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteBookshop, "POST", "/stores/v3/products/search", map[string]any{"search": map[string]any{
		"filter": map[string]any{"actualPriceRange.minValue.amount": map[string]any{"$lt": 16}},
		"sort":   []any{map[string]any{"fieldName": "actualPriceRange.minValue.amount", "order": "DESC"}},
	}})
	wantStatus(t, r, 200)
	if got := strings.Join(pluck(t, r, "products", "name"), ","); got != "Cursor of Fate,The Test Fixture,Go Gently,Mocking Birds" {
		t.Errorf("price search = %s", got)
	}
	r = site(t, s, SiteBookshop, "POST", "/stores/v3/products/search", map[string]any{"search": map[string]any{
		"search": map[string]any{"expression": "FIXTURE"}, "cursorPaging": map[string]any{"limit": 1}}})
	if got := pluck(t, r, "products", "name"); len(got) != 1 || got[0] != "The Test Fixture" || dig(r.json, "pagingMetadata.hasNext") != false {
		t.Errorf("text search = %v %v", got, r.json["pagingMetadata"])
	}
}

func TestGetProduct(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteHeadless, "POST", "/stores/v3/products/query", nil)
	id := dig(r.json, "products.0.id").(string)
	r = site(t, s, SiteHeadless, "GET", "/stores/v3/products/"+id, nil)
	wantStatus(t, r, 200)
	if dig(r.json, "product.id") != id || dig(r.json, "product.revision") != "1" {
		t.Errorf("product = %s", r.raw)
	}
	wantAppError(t, site(t, s, SiteHeadless, "GET", "/stores/v3/products/nope", nil), http.StatusNotFound, "PRODUCT_NOT_FOUND")
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): Search Orders wraps the query in "search" and answers
// with "metadata" and cursor paging.
func TestSearchOrders(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteBakery, "POST", "/ecom/v1/orders/search", map[string]any{"search": map[string]any{
		"filter": map[string]any{"paymentStatus": "PAID"}, "sort": []any{map[string]any{"fieldName": "number"}},
		"cursorPaging": map[string]any{"limit": 1}}})
	wantStatus(t, r, 200)
	if got := pluck(t, r, "orders", "number"); len(got) != 1 || got[0] != "10001" {
		t.Fatalf("orders = %v", got)
	}
	next, _ := dig(r.json, "metadata.cursors.next").(string)
	if next == "" || dig(r.json, "metadata.hasNext") != true || r.json["pagingMetadata"] != nil {
		t.Fatalf("metadata = %s", r.raw)
	}
	r = site(t, s, SiteBakery, "POST", "/ecom/v1/orders/search", map[string]any{"search": map[string]any{"cursorPaging": map[string]any{"cursor": next}}})
	if got := pluck(t, r, "orders", "number"); len(got) != 1 || got[0] != "10003" {
		t.Errorf("page 2 = %v", got)
	}
	o := dig(r.json, "orders.0").(map[string]any)
	for _, k := range []string{"id", "createdDate", "lineItems", "buyerInfo.contactId", "paymentStatus", "fulfillmentStatus", "priceSummary.total.amount", "status", "currency"} {
		if dig(o, k) == nil {
			t.Errorf("order lacks %s", k)
		}
	}
	id := o["id"].(string)
	if r := site(t, s, SiteBakery, "GET", "/ecom/v1/orders/"+id, nil); dig(r.json, "order.number") != "10003" {
		t.Errorf("get order = %s", r.raw)
	}
	wantAppError(t, site(t, s, SiteBakery, "GET", "/ecom/v1/orders/nope", nil), http.StatusNotFound, "ORDER_NOT_FOUND")
}

// TestGenericStoresNeedsTheApp checks that Stores catalog v3 endpoints the
// engine serves answer 428 on a site without the app, like the
// hand-written ones.
func TestGenericStoresNeedsTheApp(t *testing.T) {
	t.Parallel()
	s := New()
	body := map[string]any{"ribbon": map[string]any{"name": "Sale"}}
	if r := site(t, s, SiteBakery, "POST", "/stores/v3/ribbons", body); r.status != 428 {
		t.Errorf("create ribbon without Stores: %d %s", r.status, r.raw)
	}
	if r := site(t, s, SiteBookshop, "POST", "/stores/v3/ribbons", body); r.status != 200 {
		t.Errorf("create ribbon with Stores: %d %s", r.status, r.raw)
	}
}

// TestGetOrCreateAndCurrentCart checks two generic patterns: find-or-create
// by name (Find Or Create Label answers newLabel), and the current cart,
// one per site, reset by Delete Current Cart.
func TestGetOrCreateAndCurrentCart(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteBakery, "POST", "/contacts/v4/labels", map[string]any{"displayName": "Regulars"})
	first, _ := dig(r.json, "label.id").(string)
	if r.status != 200 || dig(r.json, "newLabel") != true || first == "" {
		t.Fatalf("first find-or-create: %d %s", r.status, r.raw)
	}
	r = site(t, s, SiteBakery, "POST", "/contacts/v4/labels", map[string]any{"displayName": "Regulars"})
	if dig(r.json, "newLabel") != false || dig(r.json, "label.id") != first {
		t.Errorf("second find-or-create made another label: %s", r.raw)
	}
	r = site(t, s, SiteBakery, "PATCH", "/ecom/v2/carts/current", map[string]any{"cart": map[string]any{"buyerNote": "ring twice"}})
	if r.status != 200 || dig(r.json, "cart.buyerNote") != "ring twice" {
		t.Fatalf("update current cart: %d %s", r.status, r.raw)
	}
	r = site(t, s, SiteBakery, "POST", "/ecom/v2/carts/current/refresh", map[string]any{})
	if dig(r.json, "cart.buyerNote") != "ring twice" {
		t.Errorf("refresh lost the cart: %s", r.raw)
	}
	site(t, s, SiteBakery, "DELETE", "/ecom/v2/carts/current", nil)
	r = site(t, s, SiteBakery, "GET", "/ecom/v2/carts/current", nil)
	if dig(r.json, "cart.buyerNote") == "ring twice" {
		t.Errorf("delete did not reset the cart: %s", r.raw)
	}
}

// TestGenericRequiredFields checks that the engine answers a missing
// required field (the catalog's Required, from the SDK) with Wix's
// validation error, naming the field.
func TestGenericRequiredFields(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteBakery, "POST", "/blog/v3/tags", map[string]any{"slug": "no-label"})
	if r.status != 400 || dig(r.json, "details.validationError.fieldViolations.0.field") != "label" ||
		dig(r.json, "details.validationError.fieldViolations.0.violatedRule") != "REQUIRED_FIELD" {
		t.Fatalf("create tag without label: %d %s", r.status, r.raw)
	}
}
