package catalog

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"strings"
	"testing"
)

// Floors are the counts the committed data had when generated; a
// regeneration that loses endpoints or packages fails here.
const (
	minEndpoints   = 2240
	minPackages    = 311
	minHandWritten = 7
	minPaged       = 300
	minFilterable  = 170
)

func TestDefaultLoadsAndCountsHold(t *testing.T) {
	t.Parallel()
	c := Default()
	if c.Len() != len(c.All()) {
		t.Fatalf("Len %d != len(All) %d", c.Len(), len(c.All()))
	}
	pkgs := map[string]bool{}
	hand, paged, filterable := 0, 0, 0
	for _, e := range c.All() {
		if e.Package != "" {
			pkgs[e.Package] = true
		}
		if e.HandWritten {
			hand++
		}
		if e.Paging != nil {
			paged++
		}
		if len(e.Filterable) > 0 {
			filterable++
		}
	}
	t.Logf("endpoints %d, packages %d, hand-written %d, paged %d, with filterable fields %d", c.Len(), len(pkgs), hand, paged, filterable)
	for _, f := range []struct {
		name      string
		got, want int
	}{
		{"endpoints", c.Len(), minEndpoints},
		{"packages", len(pkgs), minPackages},
		{"hand-written", hand, minHandWritten},
		{"paged", paged, minPaged},
		{"filterable", filterable, minFilterable},
	} {
		if f.got < f.want {
			t.Errorf("%s: %d, want >= %d", f.name, f.got, f.want)
		}
	}
	if Default() != c {
		t.Error("Default returned a different catalog on the second call")
	}
}

func TestEveryEndpointIsWellFormed(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, e := range Default().All() {
		if seen[e.ID] {
			t.Errorf("duplicate id %s", e.ID)
		}
		seen[e.ID] = true
		switch e.Class {
		case "read", "write", "destructive":
		default:
			t.Errorf("%s: class %q", e.ID, e.Class)
		}
		if e.Scope != "site" && e.Scope != "account" {
			t.Errorf("%s: scope %q", e.ID, e.Scope)
		}
		// /_api paths are www.wixapis.com aliases; one is kept only for a
		// method that has no other public path.
		apiOnly := strings.HasPrefix(e.Path, "/_api/")
		for _, p := range append([]string{e.Path}, e.Aliases...) {
			if !strings.HasPrefix(p, "/") || (strings.HasPrefix(p, "/_api") && !apiOnly) {
				t.Errorf("%s: path %q", e.ID, p)
			}
		}
		switch e.Method {
		case "GET", "POST", "PUT", "PATCH", "DELETE":
		default:
			t.Errorf("%s: method %q", e.ID, e.Method)
		}
		if e.Title == "" || e.SDKMethod == "" || e.Vertical == "" || e.Entity == "" {
			t.Errorf("%s: missing title, SDK method, vertical or entity", e.ID)
		}
		if e.Paging != nil && e.Paging.Style != "offset" && e.Paging.Style != "cursor" {
			t.Errorf("%s: paging style %q", e.ID, e.Paging.Style)
		}
	}
}

func TestKnownEndpoints(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		id, method, path, class, scope, pagingStyle, metadata string
	}{
		{"crm.contacts.queryContacts", "POST", "/contacts/v4/contacts/query", "read", "site", "offset", "pagingMetadata"},
		{"members.members.queryMembers", "POST", "/members/v1/members/query", "read", "site", "offset", "metadata"},
		{"ecom.orders.searchOrders", "POST", "/ecom/v1/orders/search", "read", "site", "cursor", "metadata"},
		{"stores.products-v-3.queryProducts", "GET", "/stores/v3/products/query", "read", "site", "cursor", "pagingMetadata"},
		{"sites.sites.querySites", "POST", "/site-list/v2/sites/query", "read", "account", "cursor", "metadata"},
		{"crm.contacts.deleteContact", "DELETE", "/contacts/v4/contacts/{contactId}", "destructive", "site", "", ""},
		{"bookings.bookings.cancelBooking", "POST", "/bookings/v2/bookings/{bookingId}/cancel", "destructive", "site", "", ""},
		{"crm.contacts.createContact", "POST", "/contacts/v4/contacts", "write", "site", "", ""},
		{"data.items.insertDataItem", "POST", "/wix-data/v2/items", "write", "site", "", ""},
		{"blog.posts.listPosts", "GET", "/blog/v3/posts", "read", "site", "", ""},
	}
	for _, tt := range tests {
		e, ok := c.Get(tt.id)
		if !ok {
			t.Errorf("Get(%q): not found", tt.id)
			continue
		}
		if e.Method != tt.method || e.Path != tt.path || string(e.Class) != tt.class || string(e.Scope) != tt.scope {
			t.Errorf("%s = %s %s class=%s scope=%s, want %s %s class=%s scope=%s", tt.id, e.Method, e.Path, e.Class, e.Scope, tt.method, tt.path, tt.class, tt.scope)
		}
		if tt.pagingStyle != "" && (e.Paging == nil || e.Paging.Style != tt.pagingStyle || e.Paging.Metadata != tt.metadata) {
			t.Errorf("%s paging = %+v, want %s/%s", tt.id, e.Paging, tt.pagingStyle, tt.metadata)
		}
	}
	if _, ok := c.Get("no.such.endpoint"); ok {
		t.Error("Get of an unknown id succeeded")
	}
	q, _ := c.Get("crm.contacts.queryContacts")
	if !hasField(q.Filterable, "primaryInfo.email") || !hasField(q.Filterable, "id") {
		t.Errorf("queryContacts filterable fields lack primaryInfo.email or id (SDK _id renamed): %+v", q.Filterable)
	}
	if !hasField(q.Response, "contacts") || !hasField(q.Request, "query") {
		t.Errorf("queryContacts request/response fields: %+v / %+v", q.Request, q.Response)
	}
	if p, _ := c.Get("stores.products-v-3.queryProducts"); p.FallbackMethod != "POST" {
		t.Errorf("stores v3 queryProducts fallback = %q, want POST", p.FallbackMethod)
	}
}

func hasField[T Field | QueryField](list []T, name string) bool {
	for _, f := range list {
		switch v := any(f).(type) {
		case Field:
			if v.Name == name {
				return true
			}
		case QueryField:
			if v.Name == name {
				return true
			}
		}
	}
	return false
}

func TestLoadRejectsBadInput(t *testing.T) {
	t.Parallel()
	if _, err := Load(strings.NewReader("not gzip")); err == nil {
		t.Error("Load accepted non-gzip input")
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(map[string]any{"endpoints": []map[string]string{{"id": "a"}, {"id": "a"}}}); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	if _, err := Load(&buf); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("Load with duplicate ids: err = %v, want duplicate id error", err)
	}
}
