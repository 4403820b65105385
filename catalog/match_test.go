package catalog

import (
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

func TestMatch(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		name, method, path, wantID string
	}{
		{"placeholder", "GET", "/contacts/v4/contacts/123", "crm.contacts.getContact"},
		{"case-insensitive literals", "POST", "/CONTACTS/v4/Contacts/QUERY", "crm.contacts.queryContacts"},
		{"case-insensitive action", "POST", "/members/v1/members/m1/BLOCK", "members.members.blockMember"},
		{"percent-encoded literal", "POST", "/contacts/v4/contacts/%71uery", "crm.contacts.queryContacts"},
		{"same path other method", "DELETE", "/contacts/v4/contacts/123", "crm.contacts.deleteContact"},
		{"literal beats placeholder", "POST", "/contacts/v4/contacts/query", "crm.contacts.queryContacts"},
		{"literal my beats {id}", "GET", "/members/v1/members/my", "members.members.getCurrentMember"},
		{"lower-case method", "post", "/ecom/v1/orders/search", "ecom.orders.searchOrders"},
		{"trailing slash", "GET", "/ecom/v1/orders/abc/", "ecom.orders.getOrder"},
		{"dotted placeholder", "PATCH", "/stores/v3/products/p1", "stores.products-v-3.updateProduct"},
		{"GET query via its POST fallback", "POST", "/stores/v3/products/query", "stores.products-v-3.queryProducts"},
		{"GET query as GET", "GET", "/stores/v3/products/query", "stores.products-v-3.queryProducts"},
		{"hand-written account endpoint", "POST", "/site-list/v2/sites/query", "sites.sites.querySites"},
		{"alias path", "POST", "/forms/v4/submissions/query", "forms.submissions.querySubmission"},
		{"placeholder with suffix", "POST", "/bookings/v2/confirmation/b1:confirmOrDecline", "bookings.bookings.confirmOrDeclineBooking"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := c.Match(tt.method, wixclient.MustParsePath(tt.path))
			if !ok {
				t.Fatalf("Match(%s %s): no match", tt.method, tt.path)
			}
			if e.ID != tt.wantID {
				t.Errorf("Match(%s %s) = %s (%s %s), want %s", tt.method, tt.path, e.ID, e.Method, e.Path, tt.wantID)
			}
		})
	}
	misses := []struct{ name, method, path string }{
		{"method mismatch", "PUT", "/contacts/v4/contacts/query"},
		{"too many segments", "GET", "/contacts/v4/contacts/query/extra/x"},
		{"unknown API", "GET", "/no/such/api"},
		{"empty placeholder value", "POST", "/bookings/v2/confirmation/:confirmOrDecline"},
	}
	for _, m := range misses {
		if e, ok := c.Match(m.method, wixclient.MustParsePath(m.path)); ok {
			t.Errorf("%s: Match(%s %s) = %s, want no match", m.name, m.method, m.path, e.ID)
		}
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	c := Default()
	got := c.Suggest("POST", wixclient.MustParsePath("/contacts/v4/contact/query"), 3)
	if len(got) != 3 {
		t.Fatalf("Suggest returned %d, want 3", len(got))
	}
	if got[0].ID != "crm.contacts.queryContacts" {
		var ids []string
		for _, e := range got {
			ids = append(ids, e.ID)
		}
		t.Errorf("Suggest for a misspelt contacts query = %v, want queryContacts first", ids)
	}
	got = c.Suggest("GET", wixclient.MustParsePath("/wix-data/v2/item/abc"), 5)
	found := false
	for _, e := range got {
		if e.ID == "data.items.getDataItem" {
			found = true
		}
	}
	if !found {
		t.Errorf("Suggest(GET /wix-data/v2/item/abc) lacks getDataItem")
	}
	if n := len(c.Suggest("GET", wixclient.MustParsePath("/x"), 0)); n != 0 {
		t.Errorf("Suggest with n=0 returned %d", n)
	}
}

func TestSearchBasics(t *testing.T) {
	t.Parallel()
	c := Default()
	if r := c.Search("", 5); len(r) != 0 {
		t.Errorf("empty query returned %d results", len(r))
	}
	if r := c.Search("contacts", 0); len(r) != 0 {
		t.Errorf("limit 0 returned %d results", len(r))
	}
	r := c.Search("customers", 3)
	if len(r) == 0 || r[0].Endpoint.Vertical != "crm" {
		t.Errorf("'customers' should reach CRM contacts via synonym, got %+v", r)
	}
	for i := 1; i < len(r); i++ {
		if r[i].Score > r[i-1].Score {
			t.Errorf("results not sorted by score")
		}
	}
}

func TestTokenize(t *testing.T) {
	t.Parallel()
	tests := map[string][]string{
		"queryContacts":       {"query", "contact"},
		"/contacts/v4/labels": {"contact", "label"},
		"add-cms-plugin":      {"add", "cms", "plugin"},
		"Categories":          {"category"},
		"getURLForSite":       {"get", "url", "site"},
		"addresses":           {"address"},
		"status":              {"status"},
	}
	for in, want := range tests {
		got := tokenize(in)
		if len(got) != len(want) {
			t.Errorf("tokenize(%q) = %v, want %v", in, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("tokenize(%q) = %v, want %v", in, got, want)
				break
			}
		}
	}
}
