package wixsim

import (
	"fmt"
	"net/http"
	"strings"
)

// Wix Data collections (@wix/auto_sdk_data_collections: createDataCollection,
// getDataCollection, updateDataCollection, deleteDataCollection) and the
// item calls beyond CRUD (@wix/wix-data-items-sdk: truncate, patch,
// query-distinct-values, search).

func (s *Sim) dataMoreRoutes(add func(string, string, scopeKind, func(*call) (any, *apiError))) {
	add("POST", "/wix-data/v2/collections", siteLevel, handleCreateCollection)
	add("PUT", "/wix-data/v2/collections", siteLevel, handleUpdateCollection)
	add("GET", "/wix-data/v2/collections/{id}", siteLevel, handleGetCollection)
	add("DELETE", "/wix-data/v2/collections/{id}", siteLevel, handleDeleteCollection)
	add("POST", "/wix-data/v2/items/truncate", siteLevel, handleTruncateDataItems)
	add("POST", "/wix-data/v2/items/patch", siteLevel, handlePatchDataItem)
	add("POST", "/wix-data/v2/items/query-distinct-values", siteLevel, handleDistinctValues)
	add("POST", "/wix-data/v2/items/search", siteLevel, handleSearchDataItems)
}

// collectionBody reads {collection: {id, displayName, fields: [{key,
// displayName, type}]}}.
func collectionBody(in Object) (*dataCollection, *apiError) {
	co, ok := objectField(in, "collection")
	if !ok {
		return nil, violation("collection", "is required", "REQUIRED_FIELD")
	}
	dc := &dataCollection{id: stringField(co, "id"), displayName: stringField(co, "displayName"), items: &table{idField: "_id"}}
	if dc.id == "" {
		return nil, violation("collection.id", "is required", "REQUIRED_FIELD")
	}
	fields, _ := co["fields"].([]any)
	for _, f := range fields {
		m, _ := f.(map[string]any)
		dc.fields = append(dc.fields, SeedField{Key: stringField(m, "key"), DisplayName: stringField(m, "displayName"), Type: stringField(m, "type")})
	}
	return dc, nil
}

func handleCreateCollection(c *call) (any, *apiError) {
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	dc, err := collectionBody(in)
	if err != nil {
		return nil, err
	}
	for _, have := range c.site.collections {
		if have.id == dc.id {
			return nil, appErrData(http.StatusConflict, "WDE0074", "Collection "+dc.id+" already exists",
				map[string]any{"collectionId": dc.id})
		}
	}
	c.site.collections = append(c.site.collections, dc)
	return Object{"collection": dc.object()}, nil
}

func handleUpdateCollection(c *call) (any, *apiError) {
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	next, err := collectionBody(in)
	if err != nil {
		return nil, err
	}
	dc, err := c.collection(next.id)
	if err != nil {
		return nil, err
	}
	co, _ := objectField(in, "collection")
	if rev, ok := co["revision"]; ok && fmt.Sprint(rev) != itoa(max(dc.revision, 1)) {
		e := appErrData(http.StatusConflict, "WDE0080", "collection revision mismatch",
			map[string]any{"collectionId": dc.id, "currentRevision": itoa(max(dc.revision, 1))})
		e.message = "ABORTED: " + e.app.Description
		return nil, e
	}
	dc.revision = max(dc.revision, 1) + 1
	if next.displayName != "" {
		dc.displayName = next.displayName
	}
	if next.fields != nil {
		dc.fields = next.fields
	}
	return Object{"collection": dc.object()}, nil
}

func handleGetCollection(c *call) (any, *apiError) {
	dc, err := c.collection(c.params["id"])
	if err != nil {
		return nil, err
	}
	return Object{"collection": dc.object()}, nil
}

func handleDeleteCollection(c *call) (any, *apiError) {
	dc, err := c.collection(c.params["id"])
	if err != nil {
		return nil, err
	}
	kept := c.site.collections[:0:0]
	for _, have := range c.site.collections {
		if have != dc {
			kept = append(kept, have)
		}
	}
	c.site.collections = kept
	return Object{}, nil
}

func handleTruncateDataItems(c *call) (any, *apiError) {
	_, dc, err := c.inputCollection()
	if err != nil {
		return nil, err
	}
	dc.items.items = []Object{}
	return Object{}, nil
}

// handlePatchDataItem applies {patch: {dataItemId, fieldModifications:
// [{fieldPath, action, setFieldOptions: {value}, incrementFieldOptions:
// {value}, appendToArrayOptions: {value}, removeFromArrayOptions: {value}}]}}.
func handlePatchDataItem(c *call) (any, *apiError) {
	in, dc, err := c.inputCollection()
	if err != nil {
		return nil, err
	}
	patch, _ := objectField(in, "patch")
	id := stringField(patch, "dataItemId")
	i := dc.items.index(id)
	if i < 0 {
		return nil, itemNotFound(dc, id)
	}
	data := cloneObject(dc.items.items[i])
	mods, _ := patch["fieldModifications"].([]any)
	for n, raw := range mods {
		m, _ := raw.(map[string]any)
		field := stringField(m, "fieldPath")
		if field == "" || strings.HasPrefix(field, "_") {
			return nil, violation(fmt.Sprintf("patch.fieldModifications[%d].fieldPath", n), "must name a user field", "FORMAT")
		}
		value := func(opts string) any { o, _ := objectField(m, opts); return o["value"] }
		switch stringField(m, "action") {
		case "SET_FIELD":
			data[field] = value("setFieldOptions")
		case "REMOVE_FIELD":
			delete(data, field)
		case "INCREMENT_FIELD":
			cur, _ := data[field].(float64)
			by, _ := value("incrementFieldOptions").(float64)
			data[field] = cur + by
		case "APPEND_TO_ARRAY":
			arr, _ := data[field].([]any)
			data[field] = append(arr, value("appendToArrayOptions"))
		case "REMOVE_FROM_ARRAY":
			arr, _ := data[field].([]any)
			out := []any{}
			for _, e := range arr {
				if !valuesEqual(e, value("removeFromArrayOptions")) {
					out = append(out, e)
				}
			}
			data[field] = out
		default:
			return nil, violation(fmt.Sprintf("patch.fieldModifications[%d].action", n), "is not a known action", "FORMAT")
		}
	}
	item, err := c.replaceData(dc, id, data)
	if err != nil {
		return nil, err
	}
	return Object{"dataItem": item}, nil
}

// handleDistinctValues answers the distinct values of fieldName among the
// items the filter selects, in order of first appearance.
func handleDistinctValues(c *call) (any, *apiError) {
	in, dc, err := c.inputCollection()
	if err != nil {
		return nil, err
	}
	field := stringField(in, "fieldName")
	if field == "" {
		return nil, violation("fieldName", "is required", "REQUIRED_FIELD")
	}
	pred, err := compileFilter(in["filter"], nil, true, "filter")
	if err != nil {
		return nil, err
	}
	var values []any
	for _, it := range dc.items.items {
		if !pred(it) {
			continue
		}
		for _, v := range flatten(resolve(it, strings.Split(field, "."))) {
			if !anyEqual(values, v) {
				values = append(values, v)
			}
		}
	}
	if values == nil {
		values = []any{}
	}
	return Object{"distinctValues": values,
		"pagingMetadata": Object{"count": len(values), "offset": 0, "total": len(values), "tooManyToCount": false}}, nil
}

// handleSearchDataItems is a query whose search.expression matches any
// text field of the item.
func handleSearchDataItems(c *call) (any, *apiError) {
	in, dc, err := c.inputCollection()
	if err != nil {
		return nil, err
	}
	q, _ := objectField(in, "search")
	q = cloneObject(q)
	if q == nil {
		q = Object{}
	}
	expr := strings.ToLower(strings.TrimSpace(stringField(q, "expression")))
	delete(q, "expression")
	items := dc.items.items
	if expr != "" {
		items = nil
		for _, it := range dc.items.items {
			for k, v := range it {
				if s, ok := v.(string); ok && !strings.HasPrefix(k, "_") && strings.Contains(strings.ToLower(s), expr) {
					items = append(items, it)
					break
				}
			}
		}
	}
	res, err := dataItemsSpec.run(q, c.site.id+"/"+dc.id+"/search/"+expr, items, nil)
	if err != nil {
		return nil, err
	}
	out := make([]Object, len(res.items))
	for i, d := range res.items {
		out[i] = dataItem(dc, d)
	}
	return Object{"dataItems": out, "pagingMetadata": res.meta()}, nil
}
