package tools

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDescribeWixAPI(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		args    map[string]any
		isError bool
		want    []string
		// maxLen bounds the answer: a description must stay cheap to read.
		maxLen int
	}{
		{"query spec of Query Contacts", map[string]any{"id": "crm.contacts.queryContacts"}, false,
			[]string{`"filter":{`, `"info.name.first"`, `$startsWith`, `"sort":["createdDate"`, `"maxLimit":1000`, `"field":"query.paging"`, `"tool":"call_site_api"`}, 2000},
		{"search spec with enum values", map[string]any{"id": "ecom.orders.searchOrders"}, false,
			[]string{`"paymentStatus":["NOT_PAID"`, `"priceSummary.total.amount"`, `"field":"search.cursorPaging"`}, 4000},
		{"update says what it changes", map[string]any{"id": "crm.contacts.updateContact"}, false,
			[]string{"changes only the paths fieldMask names", `"required":["contactId","info","revision"]`, `"exampleBody":{"fieldMask":"info.name"`}, 3000},
		{"both methods of a GET query", map[string]any{"id": "stores.products-v-3.queryProducts"}, false,
			[]string{`"methods":["GET","POST"]`, `"exampleBody":{"query"`}, 3000},
		{"path alone resolves a unique match", map[string]any{"path": "/ecom/v1/orders/search"}, false,
			[]string{`"id":"ecom.orders.searchOrders"`}, 0},
		{"alias path", map[string]any{"path": "/ecom/v1/ep-orders/search"}, false,
			[]string{`"id":"ecom.orders.searchOrders"`}, 0},
		{"path with filled-in id", map[string]any{"method": "post", "path": "/contacts/v4/contacts/1234/labels"}, false,
			[]string{`"path":"/contacts/v4/contacts/{contactId}/labels"`}, 0},
		{"path served by several methods", map[string]any{"path": "/contacts/v4/contacts/1234"}, true,
			[]string{"several endpoints serve", "GET /contacts/v4/contacts/{id}", "DELETE /contacts/v4/contacts/{contactId}"}, 0},
		{"unknown path", map[string]any{"path": "/contacts/v4/contactz/query"}, true,
			[]string{"not in the catalog", "/contacts/v4/contacts/query"}, 0},
		{"nothing passed", map[string]any{}, true, []string{"pass id, or path"}, 0},
	}
	f := newFixture(t, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := f.call(t, "describe_wix_api", tc.args)
			text := resultText(res)
			if res.IsError != tc.isError {
				t.Fatalf("isError %v, want %v: %s", res.IsError, tc.isError, text)
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("answer lacks %s:\n%s", w, text)
				}
			}
			if tc.maxLen > 0 && len(text) > tc.maxLen {
				t.Errorf("answer is %d chars, want at most %d", len(text), tc.maxLen)
			}
			if !tc.isError && !json.Valid([]byte(text)) {
				t.Errorf("answer is not JSON: %s", text)
			}
		})
	}
}
