package wixsim

import (
	"net/http"
	"strings"
)

// The Wix Data calls the SDK makes beyond insert, get and query by POST
// (@wix/auto_sdk_data_items, build/cjs/src/data-v2-data-item-items.http.js):
// queries as GET with ".r", update and remove as POST .../update and
// .../remove, count, save, and the bulk variants under /wix-data/v2/bulk.

func (s *Sim) dataRoutes(add func(string, string, scopeKind, func(*call) (any, *apiError))) {
	add("POST", "/wix-data/v2/items/query", siteLevel, handleQueryDataItems)
	add("GET", "/wix-data/v2/items/query", siteLevel, handleQueryDataItems)
	add("POST", "/wix-data/v2/items/update", siteLevel, handleUpdateDataItemPost)
	add("POST", "/wix-data/v2/items/remove", siteLevel, handleRemoveDataItemPost)
	add("POST", "/wix-data/v2/items/count", siteLevel, handleCountDataItems)
	add("POST", "/wix-data/v2/items/save", siteLevel, handleSaveDataItem)
	add("POST", "/wix-data/v2/bulk/items/insert", siteLevel, handleBulkInsertDataItems)
	add("POST", "/wix-data/v2/bulk/items/update", siteLevel, handleBulkUpdateDataItems)
	add("POST", "/wix-data/v2/bulk/items/save", siteLevel, handleBulkSaveDataItems)
	add("POST", "/wix-data/v2/bulk/items/remove", siteLevel, handleBulkRemoveDataItems)
	add("GET", "/wix-data/v2/items/{id}", siteLevel, handleGetDataItem)
	add("POST", "/wix-data/v2/items", siteLevel, handleInsertDataItem)
	add("PUT", "/wix-data/v2/items/{id}", siteLevel, handleUpdateDataItem)
	add("DELETE", "/wix-data/v2/items/{id}", siteLevel, handleRemoveDataItem)
	add("GET", "/wix-data/v2/collections", siteLevel, handleListCollections)
	s.dataMoreRoutes(add)
}

// handleUpdateDataItemPost is POST /wix-data/v2/items/update with
// {dataCollectionId, dataItem: {id, data}}.
func handleUpdateDataItemPost(c *call) (any, *apiError) {
	dc, id, data, err := c.itemBody()
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, violation("dataItem.id", "is required", "REQUIRED_FIELD")
	}
	item, err := c.replaceData(dc, id, data)
	if err != nil {
		return nil, err
	}
	return Object{"dataItem": item}, nil
}

// replaceData replaces an item's data, keeping its system fields.
func (c *call) replaceData(dc *dataCollection, id string, data Object) (Object, *apiError) {
	i := dc.items.index(id)
	if i < 0 {
		return nil, itemNotFound(dc, id)
	}
	old := dc.items.items[i]
	data["_id"] = id
	data["_createdDate"] = old["_createdDate"]
	data["_owner"] = old["_owner"]
	data["_updatedDate"] = Object{"$date": c.sim.tick()}
	dc.items.items[i] = data
	return dataItem(dc, data), nil
}

// insertData stores a new item; the ID may be chosen and must be free.
func (c *call) insertData(dc *dataCollection, id string, data Object) (Object, *apiError) {
	if id == "" {
		id = c.sim.newID("data-item")
	} else if dc.items.index(id) >= 0 {
		return nil, appErrData(http.StatusConflict, "WDE0074",
			"An item with _id ["+id+"] already exists in the "+dc.id+" collection",
			map[string]any{"itemId": id, "collectionId": dc.id})
	}
	now := Object{"$date": c.sim.tick()}
	data["_id"] = id
	data["_createdDate"] = now
	data["_updatedDate"] = now
	if _, ok := data["_owner"]; !ok {
		data["_owner"] = guid(c.site.id + "/owner")
	}
	dc.items.items = append(dc.items.items, data)
	return dataItem(dc, data), nil
}

// handleRemoveDataItemPost is POST /wix-data/v2/items/remove with
// {dataCollectionId, dataItemId}.
func handleRemoveDataItemPost(c *call) (any, *apiError) {
	in, dc, err := c.inputCollection()
	if err != nil {
		return nil, err
	}
	removed, err := removeData(dc, stringField(in, "dataItemId"))
	if err != nil {
		return nil, err
	}
	return Object{"dataItem": removed}, nil
}

func removeData(dc *dataCollection, id string) (Object, *apiError) {
	if id == "" {
		return nil, violation("dataItemId", "is required", "REQUIRED_FIELD")
	}
	i := dc.items.index(id)
	if i < 0 {
		return nil, itemNotFound(dc, id)
	}
	removed := dc.items.items[i]
	t := dc.items
	t.items = append(t.items[:i:i], t.items[i+1:]...)
	return dataItem(dc, removed), nil
}

// handleCountDataItems is POST /wix-data/v2/items/count: {totalCount}.
func handleCountDataItems(c *call) (any, *apiError) {
	in, dc, err := c.inputCollection()
	if err != nil {
		return nil, err
	}
	pred, err := compileFilter(in["filter"], nil, true, "filter")
	if err != nil {
		return nil, err
	}
	n := 0
	for _, it := range dc.items.items {
		if pred(it) {
			n++
		}
	}
	return Object{"totalCount": n}, nil
}

// handleSaveDataItem inserts the item, or replaces it when its ID exists;
// action says which ("INSERTED" or "UPDATED").
func handleSaveDataItem(c *call) (any, *apiError) {
	dc, id, data, err := c.itemBody()
	if err != nil {
		return nil, err
	}
	item, action, err := c.saveData(dc, id, data)
	if err != nil {
		return nil, err
	}
	return Object{"action": action, "dataItem": item}, nil
}

func (c *call) saveData(dc *dataCollection, id string, data Object) (Object, string, *apiError) {
	if id != "" && dc.items.index(id) >= 0 {
		item, err := c.replaceData(dc, id, data)
		return item, "UPDATED", err
	}
	item, err := c.insertData(dc, id, data)
	return item, "INSERTED", err
}

// bulkData runs one data operation per item and answers as the bulk
// methods do: results with itemMetadata, and bulkActionMetadata.
func (c *call) bulkData(listField string, each func(dc *dataCollection, raw any) (Object, string, *apiError)) (any, *apiError) {
	in, dc, err := c.inputCollection()
	if err != nil {
		return nil, err
	}
	list, _ := in[listField].([]any)
	if len(list) == 0 {
		return nil, violation(listField, "must have at least 1 item", "MIN_SIZE")
	}
	withItem, _ := in["returnEntity"].(bool)
	results := make([]any, 0, len(list))
	okN, failN := 0, 0
	for i, raw := range list {
		item, action, err := each(dc, raw)
		meta := Object{"originalIndex": i, "success": err == nil}
		if action != "" {
			meta["action"] = action
		}
		r := Object{"action": action, "itemMetadata": meta}
		if err != nil {
			failN++
			meta["error"] = Object{"code": err.app.Code, "description": err.app.Description}
		} else {
			okN++
			meta["id"] = item["id"]
			if withItem {
				r["dataItem"] = item
			}
		}
		results = append(results, r)
	}
	return Object{"results": results,
		"bulkActionMetadata": Object{"totalSuccesses": okN, "totalFailures": failN, "undetailedFailures": 0}}, nil
}

// itemOf reads one {id?, data} element of a bulk request.
func itemOf(raw any) (string, Object) {
	di, _ := raw.(map[string]any)
	data, _ := objectField(di, "data")
	data = cloneObject(data)
	if data == nil {
		data = Object{}
	}
	id := stringField(di, "id")
	if id == "" {
		id = stringField(data, "_id")
	}
	return id, data
}

func handleBulkInsertDataItems(c *call) (any, *apiError) {
	return c.bulkData("dataItems", func(dc *dataCollection, raw any) (Object, string, *apiError) {
		id, data := itemOf(raw)
		item, err := c.insertData(dc, id, data)
		return item, "INSERTED", err
	})
}

func handleBulkUpdateDataItems(c *call) (any, *apiError) {
	return c.bulkData("dataItems", func(dc *dataCollection, raw any) (Object, string, *apiError) {
		id, data := itemOf(raw)
		if id == "" {
			return nil, "", appErr(http.StatusBadRequest, "WDE0001", "dataItem.id is required")
		}
		item, err := c.replaceData(dc, id, data)
		return item, "UPDATED", err
	})
}

func handleBulkSaveDataItems(c *call) (any, *apiError) {
	return c.bulkData("dataItems", func(dc *dataCollection, raw any) (Object, string, *apiError) {
		id, data := itemOf(raw)
		return c.saveData(dc, id, data)
	})
}

func handleBulkRemoveDataItems(c *call) (any, *apiError) {
	return c.bulkData("dataItemIds", func(dc *dataCollection, raw any) (Object, string, *apiError) {
		id, _ := raw.(string)
		item, err := removeData(dc, strings.TrimSpace(id))
		return item, "DELETED", err
	})
}
