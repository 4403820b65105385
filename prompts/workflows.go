package prompts

// Workflows are the server's prompts. Paths and bodies follow the Wix REST
// reference (https://dev.wix.com/docs/rest); each is run step by step on
// the sandbox by the e2e tests.
func Workflows() []Workflow {
	siteArg := Arg{Name: "site", Description: "Site ID from list_sites, or a configured site alias.", Required: true}
	return []Workflow{
		{
			Name: "audit_sites", Title: "Audit my Wix sites",
			Description: "List every site the configured accounts can reach and check each one's publishing, plan and business details.",
			Goal:        "Audit my Wix sites: for every site, whether it is published and premium, and whether its business details (name, email, phone, address) are filled in.",
			Steps: []Step{
				{Tool: "list_sites", Args: map[string]any{"account": "<each configured account>"},
					Why: "Lists the sites with their IDs, published and premium flags, once per account (with a single account, leave account out); follow nextCursor if there are more."},
				{Tool: "call_site_api", Args: map[string]any{"site_id": "<each site ID>", "method": "GET", "path": "/site-properties/v4/properties"},
					Why: "Reads each site's properties: business name, email, phone, address, locale and time zone (https://dev.wix.com/docs/rest/business-management/site-properties/properties/get-site-properties)."},
			},
			Report: "Then show one line per site (name, ID, published, premium) and list, per site, the business details that are missing.",
		},
		{
			Name: "contact_orders", Title: "Find a contact and show their orders",
			Description: "Find a contact by email on one site, then list the eCommerce orders they placed.",
			Args:        []Arg{siteArg, {Name: "email", Description: "The contact's email address.", Required: true}},
			Goal:        "Find the contact with email {email} on site {site} and show their orders.",
			Steps: []Step{
				{Tool: "call_site_api", Args: map[string]any{"site_id": "{site}", "method": "POST", "path": "/contacts/v4/contacts/query",
					"body": map[string]any{"query": map[string]any{"filter": map[string]any{"info.emails.email": map[string]any{"$eq": "{email}"}}, "paging": map[string]any{"limit": 5}}}},
					Why: "Finds the contact (Query Contacts); take its id. If none matches, say so and stop."},
				{Tool: "call_site_api", Args: map[string]any{"site_id": "{site}", "method": "POST", "path": "/ecom/v1/orders/search",
					"body": map[string]any{"search": map[string]any{"filter": map[string]any{"buyerInfo.contactId": map[string]any{"$eq": "<contact id>"}}, "cursorPaging": map[string]any{"limit": 50}}}},
					Why: "Lists the orders that contact placed (Search Orders); follow the next cursor if there are more."},
			},
			Report: "Then show the contact's name and email, and a table of the orders: number, date, total, payment and fulfillment status.",
		},
		{
			Name: "add_product", Title: "Add a product with an image",
			Description: "Create a physical product with a price and an image (by URL) in a site's Wix Stores catalog (v3).",
			Args: []Arg{siteArg,
				{Name: "name", Description: "The product's name.", Required: true},
				{Name: "price", Description: "The price, e.g. 19.99 (in the store's currency).", Required: true},
				{Name: "image_url", Description: "A public https URL of the product image.", Required: true}},
			Goal: "Add a product named {name} priced {price} with the image {image_url} to the store of site {site}.",
			Steps: []Step{
				{Tool: "describe_wix_api", Args: map[string]any{"method": "POST", "path": "/stores/v3/products"},
					Why: "Shows Create Product's fields, in case the store needs more than the body below."},
				{Tool: "call_site_api", Args: map[string]any{"site_id": "{site}", "method": "POST", "path": "/stores/v3/products",
					"body": map[string]any{"product": map[string]any{
						"name": "{name}", "productType": "PHYSICAL", "physicalProperties": map[string]any{},
						"media":        map[string]any{"itemsInfo": map[string]any{"items": []any{map[string]any{"url": "{image_url}", "altText": "{name}"}}}},
						"variantsInfo": map[string]any{"variants": []any{map[string]any{"price": map[string]any{"actualPrice": map[string]any{"amount": "{price}"}}, "physicalProperties": map[string]any{}}}},
					}}},
					Why: "Creates the product with the image taken from the URL (https://dev.wix.com/docs/rest/business-solutions/stores/catalog-v3/products-v3/create-product); take the new product's id. A 428 means Wix Stores (catalog v3) is not installed on the site."},
				{Tool: "call_site_api", Args: map[string]any{"site_id": "{site}", "method": "GET", "path": "/stores/v3/products/<new product id>"},
					Why: "Reads the product back to confirm its name, price and image."},
			},
			Report: "Then show the product's name, ID, price and image URL.",
		},
		{
			Name: "export_collection", Title: "Export a CMS collection",
			Description: "Export every item of a Wix Data (CMS) collection of one site, page by page.",
			Args:        []Arg{siteArg, {Name: "collection", Description: "The collection's ID, e.g. Recipes.", Required: true}},
			Goal:        "Export every item of the CMS collection {collection} on site {site}.",
			Steps: []Step{
				{Tool: "call_site_api", Args: map[string]any{"site_id": "{site}", "method": "GET", "path": "/wix-data/v2/collections"},
					Why: "Lists the site's collections and their fields; check that {collection} exists (IDs are case-sensitive) and note its field keys."},
				{Tool: "call_site_api", Args: map[string]any{"site_id": "{site}", "method": "POST", "path": "/wix-data/v2/items/query",
					"body": map[string]any{"dataCollectionId": "{collection}", "query": map[string]any{"cursorPaging": map[string]any{"limit": 100}}}},
					Why: "Reads the items (Query Data Items); repeat with cursorPaging.cursor set to the next cursor until there is none."},
			},
			Report: "Then give the items as CSV, one column per field key (the _id first), and say how many items were exported.",
		},
		{
			Name: "week_bookings", Title: "Review this week's bookings",
			Description: "List a site's bookings from today through the next seven days, with who booked what and their status.",
			Args:        []Arg{siteArg},
			Goal:        "Review this week's bookings on site {site}: from the start of today (UTC) to seven days later.",
			Steps: []Step{
				{Tool: "call_site_api", Args: map[string]any{"site_id": "{site}", "method": "POST", "path": "/bookings/bookings-reader/v2/extended-bookings/query",
					"body": map[string]any{"query": map[string]any{
						"filter":       map[string]any{"startDate": map[string]any{"$gte": "<today, e.g. 2026-01-05T00:00:00.000Z>", "$lt": "<seven days later>"}},
						"sort":         []any{map[string]any{"fieldName": "startDate", "order": "ASC"}},
						"cursorPaging": map[string]any{"limit": 100},
					}}},
					Why: "Lists the bookings that start this week (https://dev.wix.com/docs/rest/business-solutions/bookings/bookings/bookings-reader-v2/query-extended-bookings); follow the next cursor if there are more."},
			},
			Report: "Then show them by day: time, service, who booked (name), participants and status; count the confirmed, pending and canceled ones.",
		},
	}
}
