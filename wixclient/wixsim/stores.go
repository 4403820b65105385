package wixsim

import (
	"net/http"
	"strings"
)

// Stores catalog v3 (@wix/auto_sdk_stores_products-v-3, queryProducts and
// searchProducts): cursor paging with pagingMetadata,
// the query under "query" and search under "search", GET with ".r" or POST,
// and 428 when the site has no catalog v3.

var productFilter = filterRules{
	"id": {}, "handle": {}, "slug": {}, "createdDate": {}, "updatedDate": {}, "visible": {},
	"options.id": {},
}

var productsSpec = &querySpec{
	name: "products.query", root: "query", filter: productFilter,
	sortKey:     "sort",
	sortable:    map[string]bool{"id": true, "name": true, "slug": true, "createdDate": true, "updatedDate": true},
	defaultSort: []sortItem{{FieldName: "createdDate", Order: "DESC"}},
	idField:     "id",
	cursor:      true, defaultLimit: 100, maxLimit: 100,
}

// searchProductsSpec also filters on price, which Query cannot do.
var searchProductsSpec = func() *querySpec {
	s := *productsSpec
	s.name, s.root = "products.search", "search"
	s.filter = filterRules{"name": {}, "actualPriceRange.minValue.amount": {}, "actualPriceRange.maxValue.amount": {},
		"inventory.availabilityStatus": {}}
	for k, v := range productFilter {
		s.filter[k] = v
	}
	s.sortable = map[string]bool{"id": true, "name": true, "slug": true, "createdDate": true, "updatedDate": true,
		"actualPriceRange.minValue.amount": true, "actualPriceRange.maxValue.amount": true}
	return &s
}()

func (c *call) requireStores() *apiError {
	if !c.site.storesV3 {
		return appErr(http.StatusPreconditionRequired, "REQUIRED_APP_NOT_INSTALLED",
			"Wix Stores catalog v3 is not installed on this site")
	}
	return nil
}

func handleQueryProducts(c *call) (any, *apiError) {
	if err := c.requireStores(); err != nil {
		return nil, err
	}
	_, q, err := c.queryInput("query")
	if err != nil {
		return nil, err
	}
	res, err := productsSpec.run(q, c.site.id, c.site.products.items, nil)
	if err != nil {
		return nil, err
	}
	return Object{"products": orEmpty(res.items), "pagingMetadata": res.cursorMeta()}, nil
}

// handleSearchProducts takes {search: {filter, sort, cursorPaging,
// search: {expression}}}; the expression matches name and description.
func handleSearchProducts(c *call) (any, *apiError) {
	if err := c.requireStores(); err != nil {
		return nil, err
	}
	_, q, err := c.queryInput("search")
	if err != nil {
		return nil, err
	}
	q = cloneObject(q)
	text, _ := objectField(q, "search")
	delete(q, "search")
	expr := strings.TrimSpace(stringField(text, "expression"))
	var adjust func(any) any
	if expr != "" {
		adjust = func(f any) any {
			match := map[string]any{"$or": []any{
				map[string]any{"name": map[string]any{"$contains": expr}},
				map[string]any{"plainDescription": map[string]any{"$contains": expr}},
			}}
			if f == nil {
				return match
			}
			return map[string]any{"$and": []any{f, match}}
		}
	}
	res, err := searchProductsSpec.run(q, c.site.id, c.site.products.items, adjust)
	if err != nil {
		return nil, err
	}
	return Object{"products": orEmpty(res.items), "pagingMetadata": res.cursorMeta()}, nil
}

func handleGetProduct(c *call) (any, *apiError) {
	if err := c.requireStores(); err != nil {
		return nil, err
	}
	id := c.params["id"]
	i := c.site.products.index(id)
	if i < 0 {
		return nil, notFound("PRODUCT_NOT_FOUND", "product", id)
	}
	return Object{"product": c.site.products.items[i]}, nil
}
