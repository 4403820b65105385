package wixsim

import (
	"net/http"
	"testing"
)

// TestFormSubmissions queries submissions by namespace and "seen".
func TestFormSubmissions(t *testing.T) {
	t.Parallel()
	s := New()
	query := func(siteID string, filter map[string]any) resp {
		return site(t, s, siteID, "POST", "/form-submission-service/v4/submissions/namespace/query", map[string]any{"query": map[string]any{"filter": filter}})
	}
	wantAppError(t, query(SiteBakery, map[string]any{"seen": false}), http.StatusBadRequest, "MISSING_NAMESPACE")
	r := query(SiteBakery, map[string]any{"namespace": FormsNamespace, "seen": false})
	wantStatus(t, r, http.StatusOK)
	if got := list(t, r, "submissions"); len(got) != 2 || dig(r.json, "submissions.0.submissions.email") == nil || dig(r.json, "metadata.hasNext") != false {
		t.Errorf("unseen bakery submissions: %v", r.json)
	}
	if got := list(t, query(SiteYoga, map[string]any{"namespace": FormsNamespace, "seen": false}), "submissions"); len(got) != 0 {
		t.Errorf("the yoga studio has seen every submission: %v", got)
	}
	if got := list(t, query(SiteBookshop, map[string]any{"namespace": FormsNamespace}), "submissions"); len(got) != 0 {
		t.Errorf("the bookshop has none: %v", got)
	}
}

// TestCategoriesAndProductUpdate lists the store's categories, finds the
// Sale products, and raises one price, with Wix's revision check.
func TestCategoriesAndProductUpdate(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteBookshop, "POST", "/categories/v1/categories/query", map[string]any{"query": map[string]any{}})
	if got := pluck(t, r, "categories", "name"); len(got) != 2 || got[1] != "Sale" {
		t.Fatalf("categories = %v", got)
	}
	sale := dig(r.json, "categories.1.id")
	wantAppError(t, site(t, s, SiteBakery, "POST", "/categories/v1/categories/query", nil), http.StatusPreconditionRequired, "REQUIRED_APP_NOT_INSTALLED")

	r = site(t, s, SiteBookshop, "POST", "/stores/v3/products/query", map[string]any{"query": map[string]any{}})
	var product map[string]any
	onSale := 0
	for _, p := range list(t, r, "products") {
		po := p.(map[string]any)
		for _, c := range dig(po, "allCategoriesInfo.categories").([]any) {
			if c.(map[string]any)["id"] == sale {
				onSale++
				product = po
			}
		}
	}
	if onSale == 0 || onSale == len(list(t, r, "products")) {
		t.Fatalf("some products, not all, are on sale: %d", onSale)
	}
	id, variant := product["id"].(string), dig(product, "variantsInfo.variants.0.id")
	patch := func(rev string, amount string) resp {
		return site(t, s, SiteBookshop, "PATCH", "/stores/v3/products/"+id, map[string]any{"product": map[string]any{
			"revision": rev, "variantsInfo": map[string]any{"variants": []any{map[string]any{"id": variant, "price": map[string]any{"actualPrice": map[string]any{"amount": amount}}}}},
		}})
	}
	r = patch("1", "99.99")
	wantStatus(t, r, http.StatusOK)
	if dig(r.json, "product.actualPriceRange.minValue.amount") != "99.99" || dig(r.json, "product.revision") != "2" {
		t.Errorf("updated product: %v", r.json)
	}
	wantAppError(t, patch("1", "1.00"), http.StatusConflict, "INVALID_REVISION")
	r = site(t, s, SiteBookshop, "GET", "/stores/v3/products/"+id, nil)
	if dig(r.json, "product.variantsInfo.variants.0.price.actualPrice.amount") != "99.99" {
		t.Errorf("the new price must stick: %v", r.json)
	}
}
