package wixsim

import (
	"fmt"
	"net/http"
	"strconv"
)

// Stores catalog v3 categories and product updates. Categories come from
// the Categories API (SDK package @wix/categories, POST
// /categories/v1/categories/query), whose tree for Wix Stores is
// "@wix/stores"; a product lists its categories in directCategoriesInfo and
// allCategoriesInfo. In catalog v3 every product has at least one variant
// and prices live on the variants
// (https://dev.wix.com/docs/api-reference/business-solutions/stores/catalog-v3/catalog-v1-to-v3-migration-guide);
// Update Product takes {product: {revision, …}} and refuses a missing or
// stale revision
// (https://dev.wix.com/docs/api-reference/business-solutions/stores/skills/update-product-with-options-catalog-v3).

// Category IDs of the sandbox's stores sites.
func allProductsCategory(siteID string) string { return guid(siteID + "/category/all") }
func saleCategory(siteID string) string        { return guid(siteID + "/category/sale") }

// addCatalogDetails gives a seeded product its one variant (with the
// price) and its categories: every product is in "All Products", and
// every third one, from the second, in "Sale".
func addCatalogDetails(siteID string, i int, p Object, price string) {
	id, _ := p["id"].(string)
	p["variantsInfo"] = Object{"variants": []any{Object{
		"id": guid(id + "/variant/0"), "price": Object{"actualPrice": money(price)},
	}}}
	cats := []any{Object{"id": allProductsCategory(siteID)}}
	if i%3 == 1 {
		cats = append(cats, Object{"id": saleCategory(siteID)})
	}
	p["directCategoriesInfo"] = Object{"categories": cats}
	p["allCategoriesInfo"] = Object{"categories": cats}
	p["mainCategoryId"] = allProductsCategory(siteID)
}

func handleQueryCategories(c *call) (any, *apiError) {
	if err := c.requireStores(); err != nil {
		return nil, err
	}
	tree := Object{"appNamespace": "@wix/stores"}
	cats := []any{
		Object{"id": allProductsCategory(c.site.id), "name": "All Products", "visible": true, "treeReference": tree},
		Object{"id": saleCategory(c.site.id), "name": "Sale", "visible": true, "treeReference": tree},
	}
	return Object{"categories": cats, "pagingMetadata": Object{"count": len(cats), "hasNext": false}}, nil
}

// handleUpdateProduct updates a product's name, description, visibility
// and variant prices, checking the revision as Wix does.
func handleUpdateProduct(c *call) (any, *apiError) {
	if err := c.requireStores(); err != nil {
		return nil, err
	}
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	upd, ok := objectField(in, "product")
	if !ok {
		return nil, violation("product", "is required", "REQUIRED_FIELD")
	}
	i := c.site.products.index(c.params["id"])
	if i < 0 {
		return nil, notFound("PRODUCT_NOT_FOUND", "product", c.params["id"])
	}
	old := c.site.products.items[i]
	rev := stringField(upd, "revision")
	if rev == "" {
		return nil, violation("product.revision", "is required", "REQUIRED_FIELD")
	}
	if rev != stringField(old, "revision") {
		return nil, appErrData(http.StatusConflict, "INVALID_REVISION", "entity has already changed since the requested revision",
			map[string]any{"requestedRevision": rev, "currentRevision": old["revision"]})
	}
	p := cloneObject(old)
	for _, k := range []string{"name", "plainDescription", "visible"} {
		if v, ok := upd[k]; ok {
			p[k] = v
		}
	}
	if vi, ok := objectField(upd, "variantsInfo"); ok {
		if aerr := updateVariantPrices(p, vi); aerr != nil {
			return nil, aerr
		}
	}
	n, _ := strconv.Atoi(stringField(old, "revision"))
	p["revision"] = strconv.Itoa(n + 1)
	p["updatedDate"] = c.sim.tick()
	c.site.products.items[i] = p
	return Object{"product": p}, nil
}

// updateVariantPrices sets the prices of the variants named by id and
// recomputes the product's price range.
func updateVariantPrices(p, vi Object) *apiError {
	variants, _ := vi["variants"].([]any)
	current, _ := p["variantsInfo"].(Object)["variants"].([]any)
	for j, v := range variants {
		vo, _ := v.(Object)
		id := stringField(vo, "id")
		price, _ := objectField(vo, "price")
		actual, _ := objectField(price, "actualPrice")
		amount := stringField(actual, "amount")
		if _, err := strconv.ParseFloat(amount, 64); err != nil {
			return violation(fmt.Sprintf("product.variantsInfo.variants[%d].price.actualPrice.amount", j), "must be a decimal amount", "FORMAT")
		}
		found := false
		for _, cv := range current {
			cvo, _ := cv.(Object)
			if stringField(cvo, "id") == id {
				cvo["price"] = Object{"actualPrice": money(amount)}
				found = true
			}
		}
		if !found {
			return violation(fmt.Sprintf("product.variantsInfo.variants[%d].id", j), "is not a variant of this product", "INVALID_VARIANT")
		}
	}
	lo, hi := "", ""
	var loV, hiV float64
	for _, cv := range current {
		cvo, _ := cv.(Object)
		amount := stringField(cvo["price"].(Object)["actualPrice"].(Object), "amount")
		f, _ := strconv.ParseFloat(amount, 64)
		if lo == "" || f < loV {
			lo, loV = amount, f
		}
		if hi == "" || f > hiV {
			hi, hiV = amount, f
		}
	}
	p["actualPriceRange"] = Object{"minValue": money(lo), "maxValue": money(hi)}
	return nil
}
