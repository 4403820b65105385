package wixsim

import (
	"net/http"
	"path/filepath"
	"testing"
)

const itemsPath = "/wix-data/v2/items"

func TestDataItemsErrors(t *testing.T) {
	t.Parallel()
	s := New()
	wantViolation(t, site(t, s, SiteBakery, "POST", itemsPath+"/query", map[string]any{}), "is required")
	// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors): Wix Data codes are WDE....
	wantAppError(t, site(t, s, SiteBakery, "POST", itemsPath+"/query", map[string]any{"dataCollectionId": "Nope"}),
		http.StatusNotFound, "WDE0025")
	wantAppError(t, site(t, s, SiteBakery, "GET", itemsPath+"/nope?dataCollectionId=Recipes", nil), http.StatusNotFound, "WDE0073")
	// A collection of another site is not visible.
	wantAppError(t, site(t, s, SiteYoga, "POST", itemsPath+"/query", map[string]any{"dataCollectionId": "Recipes"}),
		http.StatusNotFound, "WDE0025")
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/api-query-language): dataItems[] of {id, dataCollectionId, data}; the total
// only with returnTotalCount.
func TestQueryDataItemsShape(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteBakery, "POST", itemsPath+"/query", map[string]any{"dataCollectionId": "Testimonials"})
	wantStatus(t, r, 200)
	item := dig(r.json, "dataItems.0").(map[string]any)
	if item["dataCollectionId"] != "Testimonials" || item["id"] != dig(item, "data._id") || dig(item, "data._createdDate.$date") == nil {
		t.Errorf("item = %v", item)
	}
	if dig(r.json, "pagingMetadata.total") != nil {
		t.Error("total without returnTotalCount")
	}
	r = site(t, s, SiteBakery, "POST", itemsPath+"/query", map[string]any{"dataCollectionId": "Testimonials", "returnTotalCount": true,
		"query": map[string]any{"paging": map[string]any{"limit": 1}}})
	if dig(r.json, "pagingMetadata.total") != 3.0 || dig(r.json, "pagingMetadata.count") != 1.0 {
		t.Errorf("metadata = %v", r.json["pagingMetadata"])
	}
}

// Writes change state: insert, get, update, remove.
func TestDataItemLifecycle(t *testing.T) {
	t.Parallel()
	s := New()
	r := site(t, s, SiteBakery, "POST", itemsPath, map[string]any{"dataCollectionId": "Recipes",
		"dataItem": map[string]any{"data": map[string]any{"title": "Brioche", "minutes": 240, "vegan": false}}})
	wantStatus(t, r, 200)
	id, _ := dig(r.json, "dataItem.id").(string)
	if id == "" || dig(r.json, "dataItem.data._createdDate.$date") == nil {
		t.Fatalf("inserted %s", r.raw)
	}
	wantAppError(t, site(t, s, SiteBakery, "POST", itemsPath, map[string]any{"dataCollectionId": "Recipes",
		"dataItem": map[string]any{"id": id, "data": map[string]any{}}}), http.StatusConflict, "WDE0074")
	r = site(t, s, SiteBakery, "POST", itemsPath+"/query", map[string]any{"dataCollectionId": "Recipes",
		"query": map[string]any{"filter": map[string]any{"minutes": 240}}})
	if got := pluck(t, r, "dataItems", "id"); len(got) != 1 || got[0] != id {
		t.Fatalf("query after insert = %v", got)
	}
	r = site(t, s, SiteBakery, "PUT", itemsPath+"/"+id, map[string]any{"dataCollectionId": "Recipes",
		"dataItem": map[string]any{"id": id, "data": map[string]any{"title": "Brioche Loaf"}}})
	wantStatus(t, r, 200)
	if dig(r.json, "dataItem.data.title") != "Brioche Loaf" || dig(r.json, "dataItem.data.minutes") != nil {
		t.Errorf("update replaces data: %s", r.raw)
	}
	r = site(t, s, SiteBakery, "GET", itemsPath+"/"+id+"?dataCollectionId=Recipes", nil)
	if dig(r.json, "dataItem.data.title") != "Brioche Loaf" {
		t.Errorf("get after update = %s", r.raw)
	}
	if r.json["dataItem"].(map[string]any)["data"].(map[string]any)["_updatedDate"] == nil {
		t.Error("no _updatedDate")
	}
	wantStatus(t, site(t, s, SiteBakery, "DELETE", itemsPath+"/"+id+"?dataCollectionId=Recipes", nil), 200)
	wantAppError(t, site(t, s, SiteBakery, "GET", itemsPath+"/"+id+"?dataCollectionId=Recipes", nil), http.StatusNotFound, "WDE0073")
	wantAppError(t, site(t, s, SiteBakery, "PUT", itemsPath+"/"+id, map[string]any{"dataCollectionId": "Recipes",
		"dataItem": map[string]any{"data": map[string]any{}}}), http.StatusNotFound, "WDE0073")
}

func TestListCollections(t *testing.T) {
	t.Parallel()
	r := site(t, New(), SiteBakery, "GET", "/wix-data/v2/collections?paging.limit=1", nil)
	wantStatus(t, r, 200)
	if got := pluck(t, r, "collections", "id"); len(got) != 1 || got[0] != "Recipes" || dig(r.json, "pagingMetadata.total") != 2.0 {
		t.Fatalf("collections = %s", r.raw)
	}
	if dig(r.json, "collections.0.fields.1.key") != "minutes" {
		t.Errorf("fields = %v", dig(r.json, "collections.0.fields"))
	}
}

// TestDataCollectionsAndPatch walks a collection's life: create, insert,
// patch with field modifications, distinct values, search, truncate,
// delete; the state file keeps the new collection.
func TestDataCollectionsAndPatch(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	s := New(WithStateFile(path))
	do := func(method, p string, body any, want int) resp {
		t.Helper()
		r := site(t, s, SiteBakery, method, p, body)
		if r.status != want {
			t.Fatalf("%s %s: %d %s", method, p, r.status, r.raw)
		}
		return r
	}
	do("POST", "/wix-data/v2/collections", map[string]any{"collection": map[string]any{"id": "Jams", "displayName": "Jams",
		"fields": []any{map[string]any{"key": "flavour", "type": "TEXT"}}}}, 200)
	do("POST", "/wix-data/v2/collections", map[string]any{"collection": map[string]any{"id": "Jams"}}, 409)
	r := do("POST", "/wix-data/v2/items", map[string]any{"dataCollectionId": "Jams", "dataItem": map[string]any{"data": map[string]any{"flavour": "plum", "jars": 2.0}}}, 200)
	id, _ := dig(r.json, "dataItem.id").(string)
	do("POST", "/wix-data/v2/items", map[string]any{"dataCollectionId": "Jams", "dataItem": map[string]any{"data": map[string]any{"flavour": "fig"}}}, 200)
	r = do("POST", "/wix-data/v2/items/patch", map[string]any{"dataCollectionId": "Jams", "patch": map[string]any{"dataItemId": id,
		"fieldModifications": []any{
			map[string]any{"fieldPath": "jars", "action": "INCREMENT_FIELD", "incrementFieldOptions": map[string]any{"value": 3.0}},
			map[string]any{"fieldPath": "tags", "action": "APPEND_TO_ARRAY", "appendToArrayOptions": map[string]any{"value": "sweet"}},
		}}}, 200)
	if dig(r.json, "dataItem.data.jars") != 5.0 || dig(r.json, "dataItem.data.tags.0") != "sweet" {
		t.Errorf("patched item: %s", r.raw)
	}
	r = do("POST", "/wix-data/v2/items/query-distinct-values", map[string]any{"dataCollectionId": "Jams", "fieldName": "flavour"}, 200)
	if got := list(t, r, "distinctValues"); len(got) != 2 {
		t.Errorf("distinct flavours = %v", got)
	}
	r = do("POST", "/wix-data/v2/items/search", map[string]any{"dataCollectionId": "Jams", "search": map[string]any{"expression": "FIG"}}, 200)
	if got := list(t, r, "dataItems"); len(got) != 1 {
		t.Errorf("search fig found %d", len(got))
	}
	// Another process sees the collection and its items.
	other := New(WithStateFile(path))
	if r := site(t, other, SiteBakery, "GET", "/wix-data/v2/collections/Jams", nil); r.status != 200 {
		t.Errorf("state file lost the collection: %d %s", r.status, r.raw)
	}
	do("POST", "/wix-data/v2/items/truncate", map[string]any{"dataCollectionId": "Jams"}, 200)
	r = do("POST", "/wix-data/v2/items/count", map[string]any{"dataCollectionId": "Jams"}, 200)
	if dig(r.json, "totalCount") != 0.0 {
		t.Errorf("after truncate: %s", r.raw)
	}
	do("DELETE", "/wix-data/v2/collections/Jams", nil, 200)
	do("GET", "/wix-data/v2/collections/Jams", nil, 404)
}
