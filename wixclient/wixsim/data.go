package wixsim

import (
	"net/http"
)

// Wix Data items v2 (@wix/wix-data-items-sdk; docs:
// https://dev.wix.com/docs/rest/business-solutions/cms/data-items/query-data-items):
// the collection is named by
// dataCollectionId (in the body, or the query string for GET and DELETE),
// every user field is filterable, both paging styles are offered and the
// metadata is PagingMetadataV2.
var dataItemsSpec = &querySpec{
	name: "data.items", root: "query",
	sortKey:     "sort",
	defaultSort: []sortItem{{FieldName: "_createdDate", Order: "DESC"}},
	idField:     "_id",
	offset:      true, cursor: true, defaultLimit: 50, maxLimit: 1000,
}

// collection finds the collection a request names. Wix Data reports an
// unknown collection with WDE0025.
func (c *call) collection(id string) (*dataCollection, *apiError) {
	if id == "" {
		return nil, violation("dataCollectionId", "is required", "REQUIRED_FIELD")
	}
	for _, dc := range c.site.collections {
		if dc.id == id {
			return dc, nil
		}
	}
	return nil, appErrData(http.StatusNotFound, "WDE0025",
		"The "+id+" collection does not exist. You cannot work with a collection that does not exist in the Data Manager.",
		map[string]any{"collectionId": id})
}

func dataItem(dc *dataCollection, data Object) Object {
	return Object{"id": data["_id"], "dataCollectionId": dc.id, "data": data}
}

func itemNotFound(dc *dataCollection, id string) *apiError {
	return appErrData(http.StatusNotFound, "WDE0073", "Item "+id+" not found in collection "+dc.id,
		map[string]any{"itemId": id, "collectionId": dc.id})
}

func handleQueryDataItems(c *call) (any, *apiError) {
	in, q, err := c.queryInput("query")
	if err != nil {
		return nil, err
	}
	dc, err := c.collection(stringField(in, "dataCollectionId"))
	if err != nil {
		return nil, err
	}
	fields, err := parseFields(q["fields"], "query.fields")
	if err != nil {
		return nil, err
	}
	res, err := dataItemsSpec.run(q, c.site.id+"/"+dc.id, dc.items.items, nil)
	if err != nil {
		return nil, err
	}
	items := make([]Object, len(res.items))
	for i, d := range res.items {
		items[i] = dataItem(dc, project(d, fields, "_id"))
	}
	meta := res.meta()
	if withTotal, _ := in["returnTotalCount"].(bool); !withTotal {
		delete(meta, "total")
	} else {
		meta["total"] = res.total
	}
	return Object{"dataItems": items, "pagingMetadata": meta}, nil
}

// itemFromQuery finds the item named by the path's {id} in the collection
// named by the dataCollectionId query parameter, as Get and Remove take it.
func (c *call) itemFromQuery() (*dataCollection, int, *apiError) {
	dc, err := c.collection(c.r.URL.Query().Get("dataCollectionId"))
	if err != nil {
		return nil, 0, err
	}
	id := c.params["id"]
	i := dc.items.index(id)
	if i < 0 {
		return nil, 0, itemNotFound(dc, id)
	}
	return dc, i, nil
}

func handleGetDataItem(c *call) (any, *apiError) {
	dc, i, err := c.itemFromQuery()
	if err != nil {
		return nil, err
	}
	return Object{"dataItem": dataItem(dc, dc.items.items[i])}, nil
}

// itemBody reads {dataCollectionId, dataItem: {id?, data}}.
func (c *call) itemBody() (*dataCollection, string, Object, *apiError) {
	in, dc, err := c.inputCollection()
	if err != nil {
		return nil, "", nil, err
	}
	di, ok := objectField(in, "dataItem")
	if !ok {
		return nil, "", nil, violation("dataItem", "is required", "REQUIRED_FIELD")
	}
	id, data := itemOf(di)
	return dc, id, data, nil
}

// inputCollection decodes a request and finds the collection its
// dataCollectionId names.
func (c *call) inputCollection() (Object, *dataCollection, *apiError) {
	in, err := c.input()
	if err != nil {
		return nil, nil, err
	}
	dc, err := c.collection(stringField(in, "dataCollectionId"))
	if err != nil {
		return nil, nil, err
	}
	return in, dc, nil
}

func handleInsertDataItem(c *call) (any, *apiError) {
	dc, id, data, err := c.itemBody()
	if err != nil {
		return nil, err
	}
	item, err := c.insertData(dc, id, data)
	if err != nil {
		return nil, err
	}
	return Object{"dataItem": item}, nil
}

// handleUpdateDataItem replaces an item's data, keeping its system fields.
func handleUpdateDataItem(c *call) (any, *apiError) {
	dc, id, data, err := c.itemBody()
	if err != nil {
		return nil, err
	}
	pathID := c.params["id"]
	if id != "" && id != pathID {
		return nil, violation("dataItem.id", "must match the item ID in the path", "OTHER")
	}
	item, err := c.replaceData(dc, pathID, data)
	if err != nil {
		return nil, err
	}
	return Object{"dataItem": item}, nil
}

func handleRemoveDataItem(c *call) (any, *apiError) {
	dc, i, err := c.itemFromQuery()
	if err != nil {
		return nil, err
	}
	removed := dc.items.items[i]
	t := dc.items
	t.items = append(t.items[:i:i], t.items[i+1:]...)
	return Object{"dataItem": dataItem(dc, removed)}, nil
}

var collectionsSpec = &querySpec{
	name: "data.collections", root: "", idField: "id",
	sortKey: "sort", offset: true, defaultLimit: 50, maxLimit: 1000,
}

// handleListCollections is GET /wix-data/v2/collections with
// paging.limit and paging.offset.
func handleListCollections(c *call) (any, *apiError) {
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	all := make([]Object, 0, len(c.site.collections))
	for _, dc := range c.site.collections {
		all = append(all, dc.object())
	}
	q := Object{}
	if p, ok := in["paging"]; ok {
		q["paging"] = p
	}
	res, err := collectionsSpec.run(q, c.site.id, all, nil)
	if err != nil {
		return nil, err
	}
	return Object{"collections": orEmpty(res.items), "pagingMetadata": res.offsetMeta()}, nil
}

// object renders a collection as the Data Collections API returns it.
func (dc *dataCollection) object() Object {
	fields := make([]any, len(dc.fields))
	for i, f := range dc.fields {
		fields[i] = Object{"key": f.Key, "displayName": f.DisplayName, "type": f.Type}
	}
	return Object{
		"id": dc.id, "displayName": dc.displayName, "collectionType": "NATIVE", "revision": itoa(max(dc.revision, 1)),
		"fields":      fields,
		"permissions": Object{"insert": "ADMIN", "update": "ADMIN", "remove": "ADMIN", "read": "ANYONE"},
	}
}
