package safety

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Sources in the table: "facts" = an endpoint of Wix's REST reference
// (https://dev.wix.com/docs/rest), "brief" = named in an issue of this
// project as a Wix endpoint, "catalog" = an entry of catalog/catalog.json.gz
// (read from Wix's npm SDK packages), "shape" = a path built to pin down one
// rule of the heuristic (not claimed to exist at Wix).
const guid = "5e8a2f3c-1b4d-4e6f-9a0b-7c8d9e0f1a2b"

func TestHeuristic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src, method, path string
		want              Class
	}{
		// Account level (https://dev.wix.com/docs/rest/account-level/sites).
		{"facts", "POST", "/site-list/v2/sites/query", Read},
		{"facts", "POST", "/site-list/v2/sites/count", Read},
		{"facts", "POST", "/site-folders/v2/folders", Write},
		{"facts", "GET", "/site-properties/v4/properties", Read},
		// A read at Wix, but nothing in the path says so; the catalog has to.
		{"facts", "POST", "/_api/dynamic-context/v1/dynamic-context", Write},
		// Contacts and members (https://dev.wix.com/docs/rest/crm/members-contacts).
		{"facts", "POST", "/contacts/v4/contacts/query", Read},
		{"facts", "GET", "/contacts/v4/contacts/" + guid, Read},
		{"facts", "GET", "/contacts/v4/contacts", Read},
		{"facts", "POST", "/contacts/v4/contacts", Write},
		{"facts", "PATCH", "/contacts/v4/contacts/" + guid, Write},
		{"facts", "POST", "/contacts/v5/contacts/query", Read},
		{"facts", "POST", "/contacts/v5/contacts/search", Read},
		{"facts", "POST", "/contacts/v5/contacts", Write},
		{"facts", "POST", "/contacts/v5/bulk/contacts/upsert", Write},
		{"facts", "POST", "/members/v1/members/query", Read},
		{"facts", "GET", "/members/v1/members/" + guid, Read},
		{"facts", "GET", "/members/v1/members", Read},
		// Stores (https://dev.wix.com/docs/rest/business-solutions/stores): the SDK (@wix/auto_sdk_stores_products-v-3) sends some queries as GET.
		{"facts", "POST", "/stores/v3/products/query", Read},
		{"facts", "GET", "/stores/v3/products/query", Read},
		{"facts", "POST", "/stores/v3/products/search", Read},
		{"facts", "POST", "/stores/v3/products/count", Read},
		{"facts", "GET", "/stores/v3/products/{productId}", Read},
		{"facts", "POST", "/stores/v1/products/query", Read},
		{"facts", "POST", "/stores-reader/v1/products/query", Read},
		{"facts", "GET", "/stores-reader/v1/products/query-platformized", Read},
		{"facts", "POST", "/stores-reader/v1/products/query-platformized", Read},
		// CMS (https://dev.wix.com/docs/rest/business-solutions/cms).
		{"facts", "POST", "/wix-data/v2/items/query", Read},
		{"brief", "POST", "/wix-data/v2/items/aggregate", Read},
		{"facts", "POST", "/wix-data/v2/items", Write},
		{"facts", "GET", "/wix-data/v2/items/" + guid + "?dataCollectionId=Products", Read},
		{"facts", "POST", "/wix-data/v2/bulk/items/insert", Write},
		{"facts", "GET", "/wix-data/v2/collections", Read},
		{"brief", "POST", "/wix-data/v2/bulk/items/remove", Destructive},
		{"brief", "POST", "/wix-data/v2/items/truncate", Destructive},
		{"brief", "DELETE", "/wix-data/v2/items/" + guid, Destructive},
		// Bookings, eCom, analytics, docs search (https://dev.wix.com/docs/rest).
		{"facts", "POST", "/bookings/v2/services/query", Read},
		{"facts", "POST", "/bookings/v2/services/search", Read},
		{"facts", "GET", "/bookings/v2/services/{serviceId}", Read},
		{"brief", "POST", "/bookings/v2/bookings/" + guid + "/cancel", Destructive},
		{"facts", "POST", "/ecom/v1/orders/search", Read},
		{"facts", "GET", "/ecom/v1/orders/" + guid, Read},
		{"brief", "POST", "/ecom/v1/orders/" + guid + "/cancel", Destructive},
		{"brief", "POST", "/ecom/v1/payments/refund", Destructive},
		{"brief", "GET", "/analytics/v2/site-analytics/data", Read},
		{"facts", "POST", "/mcp-docs-search/v1/docs/search", Read},
		{"brief", "POST", "/site-publisher/v1/site/publish", Destructive},
		{"facts", "DELETE", "/contacts/v4/contacts/" + guid, Destructive},
		// Destructive verbs as words: kebab, camelCase, bulk, after IDs.
		{"shape", "POST", "/contacts/v4/contacts/delete-by-filter", Destructive},
		{"shape", "POST", "/stores/v3/bulk/products/delete", Destructive},
		{"shape", "POST", "/wix-data/v2/items/bulk-delete", Destructive},
		{"shape", "POST", "/wix-data/v2/items/bulkDelete", Destructive},
		{"shape", "POST", "/stores/v3/products:bulkDeleteProducts", Destructive},
		{"shape", "POST", "/blog/v3/draft-posts/" + guid + "/publish", Destructive},
		{"shape", "POST", "/blog/v3/posts/" + guid + "/unpublish", Destructive},
		{"shape", "POST", "/pricing-plans/v2/plans/" + guid + "/archive", Destructive},
		{"shape", "POST", "/gift-cards/v1/gift-cards/" + guid + "/void", Destructive},
		{"shape", "POST", "/ecom/v1/orders/10001/cancel", Destructive},
		{"shape", "POST", "/ecom/v1/orders/{orderId}/cancel", Destructive},
		{"shape", "post", "/ECOM/V1/ORDERS/" + guid + "/CANCEL/", Destructive},
		{"catalog", "POST", "/v1/anonymous-bookings/{token}/cancel", Destructive},
		{"shape", "DELETE", "/contacts/v4/contacts/" + guid + "/labels/custom.vip", Destructive},
		// Any method: a GET to a verb segment is still destructive ...
		{"shape", "GET", "/wix-data/v2/items/remove", Destructive},
		// ... and a slug ID that looks like a verb cannot be told apart, so
		// it errs towards asking for confirmation.
		{"shape", "GET", "/wix-data/v2/collections/cancel", Destructive},
		// A leading non-destructive verb makes later destructive words its
		// object ...
		{"shape", "POST", "/site-publisher/v1/site/query-publish-status", Read},
		{"catalog", "POST", "/ecom/v1/order-billing/calculate-refund", Read},
		{"catalog", "POST", "/wix-data/v2/collections/add-publish-plugin", Write},
		{"catalog", "POST", "/ecom/v1/payments/orders/{orderId}/update-refund-transaction", Write},
		{"catalog", "POST", "/contacts/v4/bulk/contacts/add-remove-labels", Write},
		// ... but any other leading word does not.
		{"catalog", "POST", "/ecom/v1/payments-collector/orders/{ecomOrderId}/trigger-refund", Destructive},
		{"catalog", "POST", "/comments/v1/bulk/comments/publish-by-filter", Destructive},
		{"catalog", "POST", "/bookings/v2/confirmation/{bookingId}:confirmOrDecline", Destructive},
		{"catalog", "POST", "/ecom/v1/order-billing/void-authorized-payments", Destructive},
		{"catalog", "POST", "/stores/v1/products/{id}/variants/resetToDefault", Destructive},
		{"catalog", "POST", "/bookings/v2/bookings/{bookingId}/decline", Destructive},
		{"catalog", "POST", "/social-groups-proxy/join/v2/groups/{groupId}/join-requests/reject", Destructive},
		{"catalog", "POST", "/data-mover/v1/jobs/{jobId}/terminate", Destructive},
		{"catalog", "POST", "/form-submission-service/v4/submissions/trash-bin/delete", Destructive},
		{"catalog", "DELETE", "/blog/v3/draft-posts/trash-bin/{draftPostId}", Destructive},
		// "trash-bin" is a noun and "unarchive" is not destructive; "restore"
		// overwrites what is there, so it is.
		{"catalog", "GET", "/blog/v3/draft-posts/trash-bin/{draftPostId}", Read},
		{"catalog", "POST", "/form-schema-service/v4/forms/trash-bin/query", Read},
		{"catalog", "POST", "/blog/v3/draft-posts/trash-bin/{draftPostId}/restore", Destructive},
		{"catalog", "POST", "/table-reservations/reservations/v1/bulk/reservations/unarchive", Write},
		{"catalog", "POST", "/table-reservations/reservations/v1/bulk/reservations/archive", Destructive},
		// Side-effect-free computations are reads; get-or-create is not.
		{"catalog", "POST", "/ecom/v2/carts/{cartId}/calculate", Read},
		{"catalog", "POST", "/ecom/v1/carts/{id}/estimate-totals", Read},
		{"catalog", "POST", "/contacts/v4/contacts/{targetContactId}/preview-merge", Read},
		{"catalog", "POST", "/form-submission-service/v4/submissions/validate", Read},
		{"catalog", "POST", "/stores/v3/brands/get-or-create", Write},
		{"catalog", "POST", "/stores/v3/bulk/ribbons/get-or-create", Write},
		// A vetoed read stays a write (conservative; the catalog knows better).
		{"catalog", "POST", "/bookings/v2/services/add-on-groups/list-add-on-groups-by-service-id", Write},
		// Money moves, merges, restores, ends and blocks are destructive,
		// whatever the SDK calls them (issue: outside review).
		{"catalog", "POST", "/members/v1/members/{id}/block", Destructive},
		{"catalog", "POST", "/members/v1/members/{id}/BLOCK", Destructive},
		{"catalog", "POST", "/members/v1/members/bulk/block-by-filter", Destructive},
		{"catalog", "POST", "/ecom/v1/order-billing/charge-order", Destructive},
		{"catalog", "POST", "/ecom/v1/order-billing/authorize-charge-with-saved-payment-method", Destructive},
		{"catalog", "POST", "/ecom/v1/order-billing/capture-authorized-payments", Destructive},
		{"catalog", "POST", "/ecom/v1/order-billing/charge-memberships", Destructive},
		{"catalog", "POST", "/ecom/v1/checkouts/{id}/create-order-and-charge", Destructive},
		{"catalog", "POST", "/ecom/v1/order-payment-requests/charge", Destructive},
		{"catalog", "POST", "/events/v1/events/orders/{orderNumber}/capture", Destructive},
		{"catalog", "POST", "/contacts/v4/contacts/{targetContactId}/merge", Destructive},
		{"catalog", "POST", "/wix-data/v2/backups/{backupId}/restore", Destructive},
		{"catalog", "POST", "/wix-data/v2/backups/{backupId}/partial-restore", Destructive},
		{"shape", "POST", "/benefit-programs/v1/programs/{id}/end", Destructive},
		{"catalog", "POST", "/_api/iam/recovery/v1/send-email", Destructive},
		{"shape", "POST", "/stores/v3/products:bulkdelete", Destructive},
		{"shape", "POST", "/stores/v3/products:BULKDELETE", Destructive},
		{"shape", "POST", "/stores/v3/products:bulkDeleteProducts", Destructive},
		{"shape", "POST", "/ecom/v1/orders/%63ancel", Destructive},
		// "end" as a noun at the start of an action is not a verb.
		{"catalog", "POST", "/service-availability/v2/time-slots/end-options", Write},
		// GETs that change state are writes, so read-only mode refuses them.
		{"catalog", "GET", "/ecom/v1/checkout-templates/{checkoutTemplateId}/create-and-redirect-to-checkout", Write},
		{"catalog", "GET", "/ecom/v1/checkouts/mark-checkout-as-completed-and-redirect-to-url", Write},
		{"catalog", "GET", "/iam/authentication/v1/logout", Write},
		{"catalog", "GET", "/ecom/v1/abandoned-checkout/{abandonedCheckoutId}/redirect-to-checkout", Read},
		// No false positives from substrings or earlier segments.
		{"shape", "GET", "/blog/v3/categories", Read},
		{"shape", "POST", "/blog/v3/categories", Write},
		{"shape", "POST", "/blog/v3/categories/query", Read},
		{"shape", "PATCH", "/wix-data/v2/collections/cancellation-policy", Write},
		{"shape", "POST", "/bookings/v1/cancellation-policies/query", Read},
		{"shape", "POST", "/ecom/v1/orders/" + guid + "/get-refundability", Read},
		{"shape", "POST", "/contacts/v4/contacts/query-deleted", Read},
		{"shape", "POST", "/site-publisher/v1/site/settings", Write},
		{"shape", "POST", "/refunds/v1/cancel-requests/" + guid + "/notes", Write},
		{"shape", "POST", "/bookings/v2/bookings/" + guid + "/reschedule", Write},
		// Read verbs need POST, come first, and are vetoed by a mutation.
		{"shape", "PUT", "/wix-data/v2/items/query", Write},
		{"shape", "PATCH", "/contacts/v4/contacts/search", Write},
		{"shape", "POST", "/members/v1/members/get-or-create", Write},
		{"shape", "POST", "/wix-data/v2/items/query-distinct-values", Read},
		{"shape", "POST", "/wix-data/v2/bulk/items/get", Read},
		{"shape", "POST", "/wix-data/v2/items/save-query", Write},
		{"shape", "POST", "/wix-data/v2/items/{itemId}/query", Read},
		// A hex-only word is a word, not an ID; a hex ID needs length and a digit.
		{"shape", "POST", "/contacts/v4/contacts/add", Write},
		{"shape", "POST", "/x/v1/items/0123456789abcdef0123/delete", Destructive},
		// IDs after the verb are skipped when finding the action segment.
		{"shape", "POST", "/x/v1/orders/cancel/10001", Destructive},
		{"shape", "POST", "/x/v1/orders/cancel/" + guid, Destructive},
		{"shape", "POST", "/x/v1/orders/search/{orderId}", Read},
		{"shape", "POST", "/x/v1/orders/cancel/not-an-id", Write},
		// Normalisation: query strings, fragments, trailing slashes, hosts.
		{"shape", "POST", "/contacts/v4/contacts/query/?fieldsets=FULL", Read},
		{"shape", "POST", "/contacts/v4/contacts/query#x", Read},
		{"shape", "POST", "https://www.wixapis.com/ecom/v1/orders/search", Read},
		{"shape", "POST", "/wix-data/v2/items?x=/remove", Write},
		{"shape", "head", "/contacts/v4/contacts", Read},
		// Unknown methods are Write (the HTTP client rejects them).
		{"shape", "TRACE", "/contacts/v4/contacts", Write},
		{"shape", "", "/contacts/v4/contacts/query", Write},
		{"shape", "OPTIONS", "/contacts/v4/contacts", Write},
		{"shape", "PURGE", "/contacts/v4/contacts", Write},
		{"shape", "GET", "", Read},
		{"shape", "POST", "/", Write},
	}
	counts := map[string]int{}
	for _, tc := range tests {
		counts[tc.src]++
		t.Run(fmt.Sprintf("%s %s", tc.method, tc.path), func(t *testing.T) {
			if got := Heuristic(tc.method, testPath(t, tc.path)); got != tc.want {
				t.Errorf("Heuristic(%q, %q) = %s, want %s (%s)", tc.method, tc.path, got, tc.want, tc.src)
			}
		})
	}
	if realPaths := counts["facts"] + counts["brief"] + counts["catalog"]; realPaths < 40 {
		t.Errorf("table has %d real Wix paths, want at least 40", realPaths)
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	tests := map[string][]string{
		"bulkDelete":             {"bulk", "delete"},
		"delete-by-filter":       {"delete", "by", "filter"},
		"query_platformized":     {"query", "platformized"},
		"products:bulkDelete":    {"products", "bulk", "delete"},
		"HTTPServerCancel":       {"http", "server", "cancel"},
		"v3Products":             {"v3", "products"},
		"cancellation-policy":    {"cancellation", "policy"},
		"":                       nil,
		"--":                     nil,
		"getRefundabilityStatus": {"get", "refundability", "status"},
	}
	for in, want := range tests {
		got := words(in)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClassifyTakesTheStricterOfCatalogAndHeuristic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, path string
		catalog            Class // what the catalog says; "" unknown
		want               Class
	}{
		{"a catalog read never lowers the heuristic", "post", "/_api/dynamic-context/v1/dynamic-context/?x=1", Read, Write},
		{"a stricter catalog answer wins", "POST", "/stores/v3/products/query", Write, Write},
		{"the catalog raises to destructive", "POST", "/members/v1/members/" + guid + "/block", Destructive, Destructive},
		{"a misleading SDK name stays a write", "POST", "/stores/v3/ribbons/get-or-create", Read, Write},
		{"a placeholder match cannot hide a delete", "POST", "/ecom/v1/gift-cards/delete-all", Read, Destructive},
		{"invalid catalog class is ignored", "POST", "/contacts/v4/contacts/query", Class("bogus"), Read},
		{"unknown endpoint falls back", "POST", "/ecom/v1/payments/refund", "", Destructive},
		{"unknown delete", "DELETE", "/contacts/v4/contacts/" + guid, "", Destructive},
		{"lower-case method", "delete", "/contacts/v4/contacts/" + guid, Read, Destructive},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Classify(tc.method, testPath(t, tc.path), tc.catalog); got != tc.want {
				t.Errorf("Classify(%q, %q, %q) = %s, want %s", tc.method, tc.path, tc.catalog, got, tc.want)
			}
		})
	}
}

func TestClassValid(t *testing.T) {
	t.Parallel()
	for _, c := range []Class{Read, Write, Destructive} {
		if !c.Valid() {
			t.Errorf("%q.Valid() = false", c)
		}
	}
	for _, c := range []Class{"", "READ", "delete"} {
		if c.Valid() {
			t.Errorf("%q.Valid() = true", c)
		}
	}
}

// testPath turns a table's path into the parsed Path the classifier takes,
// the way the call tools do: a scheme and host, a query string and a
// fragment are dropped, and an empty path is the root.
func testPath(t *testing.T, s string) wixclient.Path {
	t.Helper()
	if i := strings.Index(s, "://"); i >= 0 {
		rest := s[i+3:]
		s = "/"
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			s = rest[j:]
		}
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		s = "/"
	}
	// A template's {placeholder} stands for an ID.
	for strings.Contains(s, "{") {
		i, j := strings.IndexByte(s, '{'), strings.IndexByte(s, '}')
		if j < i {
			break
		}
		s = s[:i] + guid + s[j+1:]
	}
	p, err := wixclient.ParsePath(s)
	if err != nil {
		t.Fatalf("ParsePath(%q): %v", s, err)
	}
	return p
}
