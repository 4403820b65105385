package wixsim

import (
	"net/http"
	"strings"
	"testing"
)

const contactsPath = "/contacts/v4/contacts"

func contactsQuery(t *testing.T, s *Sim, siteID string, body any) resp {
	t.Helper()
	return site(t, s, siteID, "POST", contactsPath+"/query", body)
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): Query Contacts answers contacts[] with v4 fields and
// pagingMetadata; the default sort is createdDate DESC.
func TestQueryContacts(t *testing.T) {
	t.Parallel()
	r := contactsQuery(t, New(), SiteYoga, map[string]any{})
	wantStatus(t, r, 200)
	cs := list(t, r, "contacts")
	if len(cs) != 12 || dig(r.json, "pagingMetadata.total") != 12.0 {
		t.Fatalf("got %d contacts, metadata %v", len(cs), r.json["pagingMetadata"])
	}
	c := cs[0].(map[string]any)
	for _, k := range []string{"id", "revision", "createdDate", "updatedDate", "info.name.first", "info.name.last",
		"info.emails.items.0.email", "info.emails.items.0.tag", "info.emails.items.0.primary", "info.phones.items.0.phone",
		"primaryInfo.email", "primaryInfo.phone"} {
		if dig(c, k) == nil {
			t.Errorf("contact lacks %s", k)
		}
	}
	dates := pluck(t, r, "contacts", "createdDate")
	for i := 1; i < len(dates); i++ {
		if dates[i-1] < dates[i] {
			t.Fatalf("not createdDate DESC: %v", dates)
		}
	}
}

// Query Contacts filters only on the fields its query spec declares
// (@wix/auto_sdk_crm_contacts, the queryContacts spec: info.name.first is
// one of them, source.sourceType is not); the 400 names the field as Wix
// does.
func TestQueryContactsDeclaredFilters(t *testing.T) {
	t.Parallel()
	s := New()
	r := contactsQuery(t, s, SiteBakery, map[string]any{"query": map[string]any{"filter": map[string]any{"info.name.first": "Ada"}}})
	if got := pluck(t, r, "contacts", "info.name.first"); len(got) != 1 || got[0] != "Ada" {
		t.Errorf("filter on info.name.first = %v, want [Ada]", got)
	}
	r = contactsQuery(t, s, SiteBakery, map[string]any{"query": map[string]any{"filter": map[string]any{"source.sourceType": "OTHER"}}})
	v := wantViolation(t, r, "Field 'source.sourceType' is not declared as filterable")
	if v["field"] != "value" {
		t.Errorf("field = %v, want value (as Wix answers)", v["field"])
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): limit max 1000, at most one sort item, search at most
// 100 characters.
func TestQueryContactsLimits(t *testing.T) {
	t.Parallel()
	s := New()
	wantViolation(t, contactsQuery(t, s, SiteBakery, map[string]any{"query": map[string]any{"paging": map[string]any{"limit": 1001}}}), "at most 1000")
	wantViolation(t, contactsQuery(t, s, SiteBakery, map[string]any{"query": map[string]any{"sort": []any{
		map[string]any{"fieldName": "createdDate"}, map[string]any{"fieldName": "id"}}}}), "at most 1 items")
	wantViolation(t, contactsQuery(t, s, SiteBakery, map[string]any{"search": strings.Repeat("a", 101)}), "at most 100 characters")
	wantViolation(t, contactsQuery(t, s, SiteBakery, map[string]any{"query": map[string]any{"cursorPaging": map[string]any{"limit": 5}}}), "paging (limit and offset) only")
}

func TestQueryContactsSearchAndBasicFieldset(t *testing.T) {
	t.Parallel()
	s := New()
	r := contactsQuery(t, s, SiteBakery, map[string]any{"search": "patel"})
	if got := pluck(t, r, "contacts", "info.name.first"); len(got) != 1 || got[0] != "Dev" {
		t.Errorf("search patel = %v", got)
	}
	r = contactsQuery(t, s, SiteBakery, map[string]any{"query": map[string]any{"fieldsets": []any{"BASIC"}}})
	c := dig(r.json, "contacts.0").(map[string]any)
	if dig(c, "info.name.first") == nil || dig(c, "info.emails") != nil {
		t.Errorf("BASIC contact = %v", c)
	}
}

// The poisoned contact keeps its hidden instructions and invisible
// characters verbatim, for the server's sanitising tests.
func TestPoisonedContact(t *testing.T) {
	t.Parallel()
	r := site(t, New(), SiteBakery, "GET", contactsPath+"/"+PoisonedContactID, nil)
	wantStatus(t, r, 200)
	first, _ := dig(r.json, "contact.info.name.first").(string)
	if first != PoisonedFirstName {
		t.Fatalf("first name = %q", first)
	}
	for _, bad := range []string{"\u200b", "\u202e", "\U000E0041", "IGNORE ALL PREVIOUS INSTRUCTIONS"} {
		if !strings.Contains(string(r.raw), bad) && !strings.Contains(first, bad) {
			t.Errorf("poisoned name lacks %q", bad)
		}
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors): Get Contact of an unknown ID -> 404 CONTACT_NOT_FOUND.
func TestGetContactNotFound(t *testing.T) {
	t.Parallel()
	wantAppError(t, site(t, New(), SiteBakery, "GET", contactsPath+"/00000000-0000-4000-8000-000000000000", nil),
		http.StatusNotFound, "CONTACT_NOT_FOUND")
}

// Writes change state: create, find, update with revision, stale revision
// -> 409, delete -> 404.
func TestContactLifecycle(t *testing.T) {
	t.Parallel()
	s := New()
	info := map[string]any{
		"name":   map[string]any{"first": "Nina", "last": "Newcomer"},
		"emails": map[string]any{"items": []any{map[string]any{"email": "nina@new.example.com", "tag": "MAIN", "primary": true}}},
	}
	r := site(t, s, SiteBakery, "POST", contactsPath, map[string]any{"info": info})
	wantStatus(t, r, 200)
	id, _ := dig(r.json, "contact.id").(string)
	if id == "" || dig(r.json, "contact.revision") != 1.0 || dig(r.json, "contact.primaryInfo.email") != "nina@new.example.com" {
		t.Fatalf("created %s", r.raw)
	}
	r = contactsQuery(t, s, SiteBakery, map[string]any{"query": map[string]any{"filter": map[string]any{"primaryInfo.email": "nina@new.example.com"}}})
	if got := pluck(t, r, "contacts", "id"); len(got) != 1 || got[0] != id {
		t.Fatalf("query after create = %v", got)
	}
	// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors): Create Contact codes DUPLICATE_CONTACT_EXISTS, INSUFFICIENT_CONTACT_DATA.
	wantAppError(t, site(t, s, SiteBakery, "POST", contactsPath, map[string]any{"info": info}), http.StatusConflict, "DUPLICATE_CONTACT_EXISTS")
	wantAppError(t, site(t, s, SiteBakery, "POST", contactsPath, map[string]any{"info": map[string]any{}}), http.StatusBadRequest, "INSUFFICIENT_CONTACT_DATA")

	patch := map[string]any{"revision": 1, "info": map[string]any{"name": map[string]any{"first": "Nina", "last": "Renamed"}}}
	r = site(t, s, SiteBakery, "PATCH", contactsPath+"/"+id, patch)
	wantStatus(t, r, 200)
	if dig(r.json, "contact.revision") != 2.0 || dig(r.json, "contact.info.name.last") != "Renamed" ||
		dig(r.json, "contact.info.emails.items.0.email") != "nina@new.example.com" {
		t.Fatalf("updated %s", r.raw)
	}
	if dig(r.json, "contact.updatedDate") == dig(r.json, "contact.createdDate") {
		t.Error("updatedDate did not move")
	}
	// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors): a revision that doesn't match -> 409.
	r = site(t, s, SiteBakery, "PATCH", contactsPath+"/"+id, patch)
	wantAppError(t, r, http.StatusConflict, "INVALID_REVISION")
	if dig(r.json, "details.applicationError.data.currentRevision") != 2.0 {
		t.Errorf("409 data = %v", dig(r.json, "details.applicationError.data"))
	}
	wantViolation(t, site(t, s, SiteBakery, "PATCH", contactsPath+"/"+id, map[string]any{"info": map[string]any{}}), "is required")

	wantStatus(t, site(t, s, SiteBakery, "DELETE", contactsPath+"/"+id, nil), 200)
	wantAppError(t, site(t, s, SiteBakery, "GET", contactsPath+"/"+id, nil), http.StatusNotFound, "CONTACT_NOT_FOUND")
	wantAppError(t, site(t, s, SiteBakery, "DELETE", contactsPath+"/"+id, nil), http.StatusNotFound, "CONTACT_NOT_FOUND")
	// Other sites are untouched.
	if n := len(list(t, contactsQuery(t, s, SiteYoga, nil), "contacts")); n != 12 {
		t.Errorf("yoga has %d contacts", n)
	}
}

func TestMalformedBody(t *testing.T) {
	t.Parallel()
	wantViolation(t, contactsQuery(t, New(), SiteBakery, "{not json"), "not valid JSON")
}

// WithExtraContacts: 1000 contacts of about 2 KB answer about 2 MB.
func TestExtraContactsMakeBigAnswers(t *testing.T) {
	t.Parallel()
	s := New(WithExtraContacts(SiteYoga, 1000))
	r := contactsQuery(t, s, SiteYoga, map[string]any{"query": map[string]any{"paging": map[string]any{"limit": 1000}}})
	wantStatus(t, r, 200)
	if n := len(list(t, r, "contacts")); n != 1000 || dig(r.json, "pagingMetadata.total") != 1012.0 {
		t.Fatalf("got %d contacts, metadata %v", n, r.json["pagingMetadata"])
	}
	if size := len(r.raw); size < 1800_000 || size > 2600_000 {
		t.Errorf("answer is %d bytes, want about 2 MB", size)
	}
}

func BenchmarkQueryContacts1000(b *testing.B) {
	s := New(WithExtraContacts(SiteYoga, 1000))
	body := map[string]any{"query": map[string]any{
		"filter": map[string]any{"primaryInfo.email": map[string]any{"$startsWith": "bulk"}},
		"paging": map[string]any{"limit": 1000}}}
	for b.Loop() {
		r := site(b, s, SiteYoga, "POST", contactsPath+"/query", body)
		if r.status != 200 {
			b.Fatal(r.status)
		}
	}
}
