package catalog

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// blankValues finds blank placeholders ("", {}, [], null) in a decoded
// JSON value: sent as written, each clears what the entity had.
func blankValues(v any, path string) []string {
	switch x := v.(type) {
	case nil:
		return []string{path + " is null"}
	case string:
		if strings.TrimSpace(x) == "" {
			return []string{path + " is \"\""}
		}
	case []any:
		if len(x) == 0 {
			return []string{path + " is []"}
		}
		var out []string
		for i, el := range x {
			out = append(out, blankValues(el, fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case map[string]any:
		if len(x) == 0 {
			return []string{path + " is {}"}
		}
		var out []string
		for k, el := range x {
			out = append(out, blankValues(el, join(path, k))...)
		}
		return out
	}
	return nil
}

// TestEveryExampleBodyIsSafeAndFits walks every catalog endpoint: an
// example never holds a blank placeholder, and it passes the endpoint's
// own pre-send check (no unknown field, right types, required fields).
func TestEveryExampleBodyIsSafeAndFits(t *testing.T) {
	t.Parallel()
	withBody := 0
	for _, e := range Default().All() {
		body := e.ExampleBody()
		if body == nil {
			continue
		}
		withBody++
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("%s: example is not JSON: %v", e.ID, err)
		}
		if blanks := blankValues(v, ""); len(blanks) > 0 {
			t.Errorf("%s: example %s has blank placeholders: %v", e.ID, body, blanks)
		}
		if problems := e.CheckRequest(body, nil); len(problems) > 0 {
			t.Errorf("%s: example %s fails its own check: %v", e.ID, body, problems)
		}
	}
	if withBody < 1000 {
		t.Errorf("only %d endpoints have an example body", withBody)
	}
}

func TestExampleBody(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct{ id, want string }{
		{"crm.contacts.queryContacts", `{"query":{"paging":{"limit":10},"sort":[{"fieldName":"createdDate","order":"DESC"}]}}`},
		{"ecom.orders.searchOrders", `{"search":{"cursorPaging":{"limit":10},"sort":[{"fieldName":"createdDate","order":"DESC"}]}}`},
		{"crm.contacts.getContact", ``},
		// The update that wiped a contact's emails: only the revision and
		// one illustrative field now; contactId is in the path.
		{"crm.contacts.updateContact", `{"fieldMask":"info.name","info":{"name":{"first":"Ada"}},"revision":1}`},
		{"stores.products-v-3.updateProduct", `{"fieldMask":"name","product":{"name":"Example name","revision":"1"}}`},
		{"sites.folders.createFolder", `{"folder":{"name":"Example name"}}`},
		{"data.items.queryDataItems", `{"dataCollectionId":"\u003cdataCollectionId\u003e","query":{"cursorPaging":{"limit":10}}}`},
	}
	for _, tt := range tests {
		e, ok := c.Get(tt.id)
		if !ok {
			t.Fatalf("%s missing", tt.id)
		}
		if got := string(e.ExampleBody()); got != tt.want {
			t.Errorf("%s ExampleBody = %s, want %s", tt.id, got, tt.want)
		}
	}
}
