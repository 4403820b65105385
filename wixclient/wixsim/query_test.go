package wixsim

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func queryRecipes(t *testing.T, s *Sim, query map[string]any) resp {
	t.Helper()
	return site(t, s, SiteBakery, "POST", "/wix-data/v2/items/query",
		map[string]any{"dataCollectionId": "Recipes", "query": query})
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): the query language's operators, logical operators,
// plain equality and dotted paths, run on the Bakery's Recipes collection.
func TestFilterOperators(t *testing.T) {
	t.Parallel()
	s := New()
	f := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name   string
		filter map[string]any
		want   string
	}{
		{"plain equality", f("vegan", true), "Focaccia,Rye Crackers,Sourdough Loaf"},
		{"$eq", f("title", f("$eq", "Croissant")), "Croissant"},
		{"$ne", f("vegan", f("$ne", true)), "Carrot Cake,Croissant,Lemon Tart"},
		{"$gt", f("minutes", f("$gt", 300)), "Croissant,Sourdough Loaf"},
		{"$gte", f("minutes", f("$gte", 300)), "Croissant,Focaccia,Sourdough Loaf"},
		{"$lt", f("minutes", f("$lt", 95)), "Rye Crackers"},
		{"$lte", f("minutes", f("$lte", 95)), "Carrot Cake,Rye Crackers"},
		{"$in", f("title", f("$in", []any{"Focaccia", "Nope", "Croissant"})), "Croissant,Focaccia"},
		{"$nin", f("title", f("$nin", []any{"Focaccia", "Croissant"})), "Carrot Cake,Lemon Tart,Rye Crackers,Sourdough Loaf"},
		{"$hasSome", f("tags", f("$hasSome", []any{"cake", "snack"})), "Carrot Cake,Rye Crackers"},
		{"$hasAll", f("tags", f("$hasAll", []any{"pastry", "classic"})), "Croissant"},
		{"$startsWith is case-insensitive", f("title", f("$startsWith", "c")), "Carrot Cake,Croissant"},
		{"$exists true", f("minutes", f("$exists", true)), "Carrot Cake,Croissant,Focaccia,Lemon Tart,Rye Crackers,Sourdough Loaf"},
		{"$exists false", f("calories", f("$exists", false)), "Carrot Cake,Croissant,Focaccia,Lemon Tart,Rye Crackers,Sourdough Loaf"},
		{"$and", f("$and", []any{f("vegan", true), f("minutes", f("$lt", 400))}), "Focaccia,Rye Crackers"},
		{"$or", f("$or", []any{f("title", "Croissant"), f("minutes", f("$lt", 70))}), "Croissant,Rye Crackers"},
		{"$not", f("$not", f("vegan", true)), "Carrot Cake,Croissant,Lemon Tart"},
		{"two operators on a field", f("minutes", f("$gt", 90, "$lt", 400)), "Carrot Cake,Focaccia,Lemon Tart"},
		{"date as {$date}", f("_createdDate", f("$gte", f("$date", "2024-03-15T00:00:00Z"))), "Lemon Tart,Rye Crackers"},
		{"date as string", f("_createdDate", f("$lt", "2024-03-10T00:00:00.000Z")), "Croissant,Sourdough Loaf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := queryRecipes(t, s, map[string]any{"filter": tc.filter})
			wantStatus(t, r, 200)
			if got := strings.Join(sorted(pluck(t, r, "dataItems", "data.title")), ","); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): dotted field paths, also through arrays.
func TestFilterDottedPaths(t *testing.T) {
	t.Parallel()
	s := New()
	q := func(filter map[string]any) resp {
		return site(t, s, SiteBakery, "POST", "/contacts/v4/contacts/query", map[string]any{"query": map[string]any{"filter": filter}})
	}
	r := q(map[string]any{"primaryInfo.email": "ada.baker@bakery.example.com"})
	if got := pluck(t, r, "contacts", "info.name.first"); len(got) != 1 || got[0] != "Ada" {
		t.Errorf("primaryInfo.email: %v", got)
	}
	r = q(map[string]any{"info.emails.email": map[string]any{"$startsWith": "MALLORY"}})
	if got := pluck(t, r, "contacts", "id"); len(got) != 1 || got[0] != PoisonedContactID {
		t.Errorf("info.emails.email through items[]: %v", got)
	}
	r = q(map[string]any{"info.labelKeys": map[string]any{"$hasAll": []any{"custom.vip", "custom.newsletter"}}})
	if got := pluck(t, r, "contacts", "info.name.first"); len(got) != 2 {
		t.Errorf("labelKeys $hasAll: %v", got)
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): unknown operators and bad operands are 400 validation errors.
func TestFilterErrors(t *testing.T) {
	t.Parallel()
	s := New()
	for _, tc := range []struct {
		filter map[string]any
		want   string
	}{
		{map[string]any{"title": map[string]any{"$regex": "^C"}}, "Unknown operator '$regex'"},
		{map[string]any{"$nor": []any{}}, "Unknown operator '$nor'"},
		{map[string]any{"title": map[string]any{"$in": "Croissant"}}, "expects an array"},
		{map[string]any{"minutes": map[string]any{"$gt": true}}, "expects a number, string or date"},
		{map[string]any{"minutes": map[string]any{"$exists": "yes"}}, "expects a boolean"},
		{map[string]any{"$or": map[string]any{}}, "expects an array of filters"},
	} {
		wantViolation(t, queryRecipes(t, s, map[string]any{"filter": tc.filter}), tc.want)
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): sort [{fieldName, order}], ASC by default.
func TestSort(t *testing.T) {
	t.Parallel()
	s := New()
	for _, tc := range []struct {
		sort []any
		want string
	}{
		{[]any{map[string]any{"fieldName": "minutes"}}, "Rye Crackers,Carrot Cake,Lemon Tart,Focaccia,Croissant,Sourdough Loaf"},
		{[]any{map[string]any{"fieldName": "vegan", "order": "DESC"}, map[string]any{"fieldName": "title", "order": "DESC"}},
			"Sourdough Loaf,Rye Crackers,Focaccia,Lemon Tart,Croissant,Carrot Cake"},
	} {
		r := queryRecipes(t, s, map[string]any{"sort": tc.sort})
		if got := strings.Join(pluck(t, r, "dataItems", "data.title"), ","); got != tc.want {
			t.Errorf("sort %v: got %s, want %s", tc.sort, got, tc.want)
		}
	}
	wantViolation(t, queryRecipes(t, s, map[string]any{"sort": []any{map[string]any{"fieldName": "title", "order": "UP"}}}), "ASC or DESC")
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): offset paging answers {count, offset, total, tooManyToCount}.
func TestOffsetPaging(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteBakery, "POST", "/contacts/v4/contacts/query", map[string]any{"query": map[string]any{
		"sort": []any{map[string]any{"fieldName": "createdDate", "order": "ASC"}}, "paging": map[string]any{"limit": 5, "offset": 10}}})
	wantStatus(t, r, 200)
	meta := r.json["pagingMetadata"].(map[string]any)
	want := map[string]any{"count": 2.0, "offset": 10.0, "total": 12.0, "tooManyToCount": false}
	for k, v := range want {
		if meta[k] != v {
			t.Errorf("pagingMetadata.%s = %v, want %v", k, meta[k], v)
		}
	}
	if got := pluck(t, r, "contacts", "id"); got[1] != PoisonedContactID {
		t.Errorf("last page = %v", got)
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): cursor paging with opaque cursors carrying filter and
// sort; following one needs only cursorPaging.
func TestCursorPagingWixData(t *testing.T) {
	t.Parallel()
	s := New()
	r := queryRecipes(t, s, map[string]any{
		"filter": map[string]any{"minutes": map[string]any{"$gt": 60}},
		"sort":   []any{map[string]any{"fieldName": "minutes"}}, "cursorPaging": map[string]any{"limit": 2}})
	var titles []string
	for i := 0; i < 5; i++ {
		wantStatus(t, r, 200)
		titles = append(titles, pluck(t, r, "dataItems", "data.title")...)
		next, _ := dig(r.json, "pagingMetadata.cursors.next").(string)
		if next == "" {
			break
		}
		r = queryRecipes(t, s, map[string]any{"cursorPaging": map[string]any{"cursor": next}})
	}
	if got := strings.Join(titles, ","); got != "Carrot Cake,Lemon Tart,Focaccia,Croissant,Sourdough Loaf" {
		t.Errorf("pages = %s", got)
	}
	wantViolation(t, queryRecipes(t, s, map[string]any{"paging": map[string]any{"limit": 1}, "cursorPaging": map[string]any{"limit": 1}}),
		"cannot be used together")
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): GET query methods take ".r", base64url JSON of the
// whole request without padding, and give what POST gives.
func TestDotRParameter(t *testing.T) {
	t.Parallel()
	s := New()
	request := map[string]any{"query": map[string]any{
		"filter": map[string]any{"visible": true}, "sort": []any{map[string]any{"fieldName": "name"}}}}
	raw, _ := json.Marshal(request)
	enc := base64.RawURLEncoding.EncodeToString(raw)
	get := site(t, s, SiteBookshop, "GET", "/stores/v3/products/query?.r="+url.QueryEscape(enc), nil)
	post := site(t, s, SiteBookshop, "POST", "/stores/v3/products/query", request)
	wantStatus(t, get, 200)
	g, p := strings.Join(pluck(t, get, "products", "name"), ","), strings.Join(pluck(t, post, "products", "name"), ",")
	if g != p || len(list(t, get, "products")) != 7 {
		t.Errorf("GET .r gave %s; POST gave %s", g, p)
	}
	wantViolation(t, site(t, s, SiteBookshop, "GET", "/stores/v3/products/query?.r="+url.QueryEscape("not base64!"), nil), "base64url")
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): GET with dotted parameters (List Contacts).
func TestDottedGetParameters(t *testing.T) {
	t.Parallel()
	r := site(t, New(), SiteBakery, "GET", "/contacts/v4/contacts?paging.limit=3&paging.offset=1&sort.fieldName=createdDate&sort.order=ASC", nil)
	wantStatus(t, r, 200)
	if n := len(list(t, r, "contacts")); n != 3 || dig(r.json, "pagingMetadata.offset") != 1.0 {
		t.Errorf("got %d contacts, metadata %v", n, r.json["pagingMetadata"])
	}
	if got := dig(r.json, "contacts.0.info.name.first"); got != "Bruno" {
		t.Errorf("first = %v, want Bruno", got)
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): "fields" projection keeps only the given paths.
func TestFieldsProjection(t *testing.T) {
	t.Parallel()
	s := New()
	r := queryRecipes(t, s, map[string]any{"fields": []any{"title"}})
	data := dig(r.json, "dataItems.0.data").(map[string]any)
	if len(data) != 2 || data["title"] == nil || data["_id"] == nil {
		t.Errorf("projected data = %v", data)
	}
	r = site(t, s, SiteBakery, "POST", "/contacts/v4/contacts/query", map[string]any{"query": map[string]any{"fields": []any{"primaryInfo.email"}}})
	c := dig(r.json, "contacts.0").(map[string]any)
	if len(c) != 2 || dig(c, "primaryInfo.email") == nil {
		t.Errorf("projected contact = %v", c)
	}
	wantStatus(t, queryRecipes(t, s, map[string]any{"fields": "title"}), http.StatusBadRequest)
}

// TestMatchItems checks $matchItems (declared by Stores catalog v3's search
// spec): some element of an array of objects matches the filter.
func TestMatchItems(t *testing.T) {
	t.Parallel()
	items := []Object{
		{"id": "a", "variants": []any{map[string]any{"sku": "A1"}, map[string]any{"sku": "A2"}}},
		{"id": "b", "variants": []any{map[string]any{"sku": "B1"}}},
	}
	spec := &querySpec{name: "t", root: "query", sortKey: "sort", idField: "id", cursor: true, defaultLimit: 10, maxLimit: 10}
	res, err := spec.run(Object{"filter": map[string]any{"variants": map[string]any{"$matchItems": []any{map[string]any{"sku": "A2"}}}}}, "s", items, nil)
	if err != nil || len(res.items) != 1 || res.items[0]["id"] != "a" {
		t.Fatalf("$matchItems sku A2 = %v, %v; want [a]", res, err)
	}
}
