package wixsim

import (
	"sync"

	"github.com/wix-mcp/wix-mcp/catalog"
)

// The hand-written verticals declare their filterable and sortable fields
// themselves, and take in as well what the SDK's query specs declare for
// the same endpoint (the catalog's filterable and sortable fields, or the
// spec in sdkshapes.json.gz, both read from the @wix/auto_sdk_* packages). The merge runs once, on the first query,
// so start-up does not decode the catalog.
var (
	handSpecsOnce sync.Once
	handSpecs     = map[*querySpec]string{
		contactsSpec:       "crm.contacts.queryContacts",
		membersSpec:        "members.members.queryMembers",
		productsSpec:       "stores.products-v-3.queryProducts",
		searchProductsSpec: "stores.products-v-3.searchProducts",
		ordersSpec:         "ecom.orders.searchOrders",
	}
)

// mergeHandSpecs adds the catalog's declared fields to the hand-written
// specs. Operators the SDK declares replace the hand-written ones; a
// hand-written storage path (contacts' info.labelKeys.items) is kept.
func mergeHandSpecs() {
	handSpecsOnce.Do(func() {
		cat := defaultEngine().cat
		for spec, id := range handSpecs {
			ep, ok := cat.Get(id)
			if !ok {
				continue
			}
			filterable, sortable := declaredFields(ep)
			if spec.filter != nil {
				for _, f := range filterable {
					rule := spec.filter[f.Name]
					if ops := declaredOps(f.Operators); ops != nil {
						rule.ops = ops
					}
					spec.filter[f.Name] = rule
				}
			}
			if spec.sortable != nil {
				for _, name := range sortable {
					spec.sortable[name] = true
				}
			}
		}
	})
}

// declaredFields are an endpoint's filterable fields (with operators) and
// sortable fields: the catalog's, and those of the SDK query spec in
// sdkshapes.json.gz.
func declaredFields(ep *catalog.Endpoint) ([]catalog.QueryField, []string) {
	filterable := append([]catalog.QueryField(nil), ep.Filterable...)
	seen := map[string]bool{}
	for _, f := range filterable {
		seen[f.Name] = true
	}
	var sortable []string
	for _, f := range ep.Sortable {
		sortable = append(sortable, f.Name)
		seen["sort:"+f.Name] = true
	}
	if spec := sdkSpecFor(ep); spec != nil {
		for _, f := range spec.fields() {
			if !seen[f.Name] {
				filterable = append(filterable, f)
			}
		}
		for _, name := range spec.Sort {
			if !seen["sort:"+name] {
				sortable = append(sortable, name)
			}
		}
	}
	return filterable, sortable
}
