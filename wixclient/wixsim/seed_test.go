package wixsim

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
)

var guidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// The default seed is what the constants document.
func TestDefaultSeed(t *testing.T) {
	t.Parallel()
	seed := DefaultSeed()
	owner := map[string]string{}
	for _, st := range seed.Sites {
		owner[st.ID] = st.AccountID
		if !strings.HasPrefix(st.DisplayName, "Sandbox ") {
			t.Errorf("site %s display name %q is not obviously fake", st.ID, st.DisplayName)
		}
		if len(st.Contacts) < 12 || len(st.Members) == 0 || len(st.Orders) == 0 || len(st.Collections) == 0 {
			t.Errorf("site %s is thin: %d contacts, %d members, %d orders, %d collections",
				st.DisplayName, len(st.Contacts), len(st.Members), len(st.Orders), len(st.Collections))
		}
		if st.StoresV3 != (len(st.Products) > 0) {
			t.Errorf("site %s: StoresV3 %v with %d products", st.DisplayName, st.StoresV3, len(st.Products))
		}
	}
	for _, id := range []string{AgencyAccountID, OtherAccountID, SiteBakery, SiteYoga, SiteBookshop, SiteHeadless, SiteOther, PoisonedContactID} {
		if !guidRE.MatchString(id) {
			t.Errorf("%s is not GUID-shaped", id)
		}
	}
	for _, id := range []string{SiteBakery, SiteYoga, SiteBookshop, SiteHeadless} {
		if owner[id] != AgencyAccountID {
			t.Errorf("site %s owned by %q", id, owner[id])
		}
	}
	if owner[SiteOther] != OtherAccountID {
		t.Errorf("SiteOther owned by %q", owner[SiteOther])
	}
	accounts := New().Accounts()
	if len(accounts) != 2 || accounts[0] != (AccountInfo{AgencyAccountID, "Sandbox Agency", AgencyKey}) || accounts[1].Key != OtherKey {
		t.Errorf("Accounts() = %+v", accounts)
	}
	for _, k := range []string{AgencyKey, OtherKey, RestrictedKey} {
		if !strings.HasPrefix(k, "IST.sim-") {
			t.Errorf("key %q lacks the IST.sim- prefix", k)
		}
	}
	if got := len(New(WithExtraSites(OtherAccountID, 2)).Sites()); got != 7 {
		t.Errorf("Sites() with 2 extra = %d", got)
	}
}

func TestWithSeed(t *testing.T) {
	t.Parallel()
	seed := Seed{
		Accounts: []SeedAccount{{ID: "acc-1", Name: "Tiny"}},
		Keys:     []SeedKey{{Key: "IST.sim-tiny", AccountID: "acc-1"}},
		Sites: []SeedSite{{ID: "site-1", AccountID: "acc-1", Name: "tiny", DisplayName: "Sandbox Tiny", Namespace: "WIX",
			Contacts: []Object{{"id": "c-1", "revision": 1, "createdDate": "2024-01-01T00:00:00.000Z", "primaryInfo": map[string]any{"email": "t@example.com"}}}}},
	}
	s := New(WithSeed(seed))
	r := req{method: "POST", path: "/contacts/v4/contacts/query", key: "IST.sim-tiny", site: "site-1"}.send(t, s)
	if got := pluck(t, r, "contacts", "id"); len(got) != 1 || got[0] != "c-1" {
		t.Errorf("contacts = %s", r.raw)
	}
	wantStatus(t, req{method: "POST", path: "/contacts/v4/contacts/query", key: AgencyKey, site: SiteBakery}.send(t, s), 401)
}

// Everything is deterministic: two sims give byte-identical answers, also
// to writes.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	run := func() []byte {
		s := New(WithExtraContacts(SiteBakery, 3))
		var out bytes.Buffer
		out.Write(site(t, s, SiteBakery, "POST", contactsPath, map[string]any{"info": map[string]any{"name": map[string]any{"first": "Det"}}}).raw)
		out.Write(site(t, s, SiteBakery, "POST", contactsPath+"/query", nil).raw)
		out.Write(account(t, s, "POST", querySites, nil).raw)
		r := site(t, s, SiteBookshop, "POST", "/stores/v3/products/query", map[string]any{"query": map[string]any{"cursorPaging": map[string]any{"limit": 2}}})
		out.Write(r.raw)
		out.WriteString(r.header.Get("X-Wix-Request-Id"))
		return out.Bytes()
	}
	if a, b := run(), run(); !bytes.Equal(a, b) {
		t.Error("two sims answered differently")
	}
}

// Safe for concurrent use: 50 goroutines create, update and query.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s := New()
	const workers = 50
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := fmt.Sprintf("worker%02d@concurrent.example.com", w)
			r := site(t, s, SiteYoga, "POST", contactsPath, map[string]any{"info": map[string]any{
				"emails": map[string]any{"items": []any{map[string]any{"email": email, "primary": true}}}}})
			id, _ := dig(r.json, "contact.id").(string)
			if r.status != 200 || id == "" {
				errs <- fmt.Sprintf("create: %d %s", r.status, r.raw)
				return
			}
			for rev := 1; rev <= 3; rev++ {
				r = site(t, s, SiteYoga, "PATCH", contactsPath+"/"+id, map[string]any{"revision": rev,
					"info": map[string]any{"name": map[string]any{"first": fmt.Sprintf("W%d", rev)}}})
				if r.status != 200 {
					errs <- fmt.Sprintf("patch rev %d: %d %s", rev, r.status, r.raw)
					return
				}
			}
			site(t, s, SiteYoga, "POST", contactsPath+"/query", map[string]any{"query": map[string]any{"paging": map[string]any{"limit": 5}}})
			site(t, s, SiteBakery, "POST", ordersSearch, nil)
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	r := site(t, s, SiteYoga, "POST", contactsPath+"/query", map[string]any{"query": map[string]any{
		"filter": map[string]any{"primaryInfo.email": map[string]any{"$startsWith": "worker"}}, "paging": map[string]any{"limit": 100}}})
	if n := len(list(t, r, "contacts")); n != workers {
		t.Fatalf("found %d created contacts, want %d", n, workers)
	}
	for _, c := range list(t, r, "contacts") {
		if dig(c, "revision") != 4.0 || dig(c, "info.name.first") != "W3" {
			t.Errorf("contact %v", c)
		}
	}
	if n := len(s.Requests()); n != workers*6+1 {
		t.Errorf("logged %d requests, want %d", n, workers*6+1)
	}
}
