package wixsim

import (
	"strings"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/safety"
)

// This file sorts catalog endpoints into the engine's patterns.

// classify sorts an endpoint into a pattern.
func classify(ep *catalog.Endpoint, ent *entityInfo) *operation {
	op := &operation{ep: ep, entity: ent}
	if ent == nil {
		return op
	}
	if ent.typeName == "" {
		if ep.Class == safety.Read {
			// A read of a module whose entity the SDK shapes do not name
			// (storage quota, sender details, campaign statistics):
			// answered with its declared fields, empty, as other reads
			// the sandbox holds no data for.
			op.kind = opEmptyRead
		}
		return op
	}
	t := ent.typeName
	verb := verbOf(ep.SDKMethod)
	if f, ok := fieldOfType(ep.Response, t, false); ok {
		op.outField = f.Name
	}
	if f, ok := fieldOfType(ep.Response, t, true); ok {
		op.listField = f.Name
	}
	params := placeholders(ep.Path)
	if len(params) > 0 {
		op.idParam = params[len(params)-1]
	}
	reqItem, hasReqItem := fieldOfType(ep.Request, t, false)
	switch {
	case op.listField != "" && (ep.Paging != nil || verb == "query" || verb == "search" || verb == "list"):
		op.kind = opQuery
		op.spec = specFor(ep, ent)
	case verb == "count" && countField(ep) != "":
		op.kind = opCount
	case verb == "bulk":
		classifyBulk(op, ep, ent)
	case (verb == "create" || verb == "add" || verb == "insert" || verb == "register") && len(params) == 0 && op.outField != "":
		// Some creates take the entity's fields at the top level (Create
		// Tag: {label, slug}); itemField is then empty.
		op.kind = opCreate
		if hasReqItem {
			op.itemField = reqItem.Name
		}
	case verb == "get" && op.outField != "":
		op.kind = opGet
		switch {
		case len(params) > 0 && lastSegmentIsPlaceholder(ep.Path):
		case len(params) == 0 && requestID(ep) != "":
			op.idParam = requestID(ep)
		case len(params) == 0:
			op.kind = opGetSingleton
		default:
			op.kind = opAction
		}
	case (verb == "update" || verb == "patch" || verb == "set" || verb == "upsert") && hasReqItem:
		op.itemField = reqItem.Name
		switch {
		case len(params) > 0 && lastSegmentIsPlaceholder(ep.Path):
			op.kind = opUpdate
		case len(params) == 0:
			op.kind = opUpdateSingleton
		}
	case (verb == "delete" || verb == "remove") && len(params) > 0 && lastSegmentIsPlaceholder(ep.Path):
		op.kind = opDelete
	case (verb == "delete" || verb == "remove") && len(params) == 0 && requestID(ep) != "" && ep.Method == "DELETE":
		op.kind, op.idParam = opDelete, requestID(ep)
	case len(params) > 0:
		// Any other call on one entity (publish, cancel, archive, ...):
		// the entity must exist, and is answered unchanged.
		op.kind = opAction
	case requestID(ep) != "" && op.outField != "":
		// The same, with the entity named in the body.
		op.kind, op.idParam = opAction, requestID(ep)
	}
	if op.kind == opUnsupported && strings.Contains(ep.SDKMethod, "OrCreate") && op.outField != "" && len(params) == 0 {
		// getOrCreateRibbon, findOrCreateLabel: the item whose name the
		// request gives, created when there is none.
		op.kind = opGetOrCreate
	}
	if op.kind == opUnsupported && len(params) == 0 && strings.Contains(ep.Path, "/current") &&
		(op.outField != "" || ep.Method == "DELETE") {
		// Calls on the caller's current cart (or other "current" item),
		// one per site here: writes answer it unchanged, a delete resets it.
		op.kind = opSingletonAction
	}
	if op.kind == opUnsupported && hasRequestField(ep, "filter") && (verb == "bulk" || strings.Contains(ep.SDKMethod, "ByFilter")) {
		// Bulk calls on the items a filter selects (delete-by-filter,
		// update-by-filter, ...), answered with a job ID as Wix's
		// asynchronous bulk jobs are.
		op.kind = opByFilter
		if f, ok := fieldOfType(ep.Request, t, false); ok {
			op.itemField = f.Name
		}
	}
	if op.kind == opUnsupported && ep.Class == safety.Read {
		// A read the sandbox holds no data for (statistics, analytics,
		// availability): answered with its declared fields, empty.
		op.kind = opEmptyRead
	}
	return op
}

func hasRequestField(ep *catalog.Endpoint, name string) bool {
	for _, f := range ep.Request {
		if f.Name == name {
			return true
		}
	}
	return false
}

// classifyBulk handles bulk create, update and delete of the entity.
func classifyBulk(op *operation, ep *catalog.Endpoint, ent *entityInfo) {
	switch secondVerb(ep.SDKMethod) {
	case "Create", "Insert", "Add":
		if f, ok := fieldOfType(ep.Request, ent.typeName, true); ok {
			op.kind, op.itemField = opBulkCreate, f.Name
		}
	case "Update":
		for _, f := range ep.Request {
			t, array, ok := objectType(f)
			if !ok || !array {
				continue
			}
			if t == ent.typeName {
				op.kind, op.itemField = opBulkUpdate, f.Name
				return
			}
			if inner, ok := fieldOfType(f.Fields, ent.typeName, false); ok {
				op.kind, op.itemField, op.maskedItem = opBulkUpdate, f.Name, inner.Name
				return
			}
		}
	case "Delete", "Remove":
		if f, ok := idsField(ep); ok {
			op.kind, op.itemField = opBulkDelete, f
			return
		}
	}
	if op.kind != opUnsupported {
		return
	}
	// Any other bulk call on entities named by ID: each must exist, and is
	// answered unchanged.
	if f, ok := idsField(ep); ok {
		for _, r := range ep.Response {
			if r.Name == "bulkActionMetadata" {
				op.kind, op.itemField = opBulkAction, f
			}
		}
	}
}

// countField is the number field of a count's answer ("count").
func countField(ep *catalog.Endpoint) string {
	for _, f := range ep.Response {
		if f.Type == "number" {
			return f.Name
		}
	}
	return ""
}

// idsField is the request's array of entity IDs ("postIds", "ids").
func idsField(ep *catalog.Endpoint) (string, bool) {
	for _, f := range ep.Request {
		if f.Type == "string[]" && (strings.HasSuffix(f.Name, "Ids") || f.Name == "ids") {
			return f.Name, true
		}
	}
	return "", false
}

// specFor builds the query spec of a query, search or list endpoint from
// its catalog entry: its query key, paging style and, when the SDK's query
// spec declares them, the filterable and sortable fields with operators.
func specFor(ep *catalog.Endpoint, ent *entityInfo) *querySpec {
	spec := &querySpec{
		name: ep.ID, root: ep.QueryKey, sortKey: "sort", idField: ent.idField,
		offset: true, cursor: true, defaultLimit: 50, maxLimit: 1000,
	}
	if ep.Paging != nil {
		spec.offset = ep.Paging.Style == "offset"
		spec.cursor = ep.Paging.Style == "cursor"
		if ep.QueryKey != "" {
			// Platformized queries take either paging style.
			spec.offset, spec.cursor = true, true
		}
		if ep.Paging.MaxLimit > 0 {
			// The SDK's @max on the page size.
			spec.maxLimit = ep.Paging.MaxLimit
			spec.defaultLimit = min(spec.defaultLimit, spec.maxLimit)
		}
	}
	if ent.has("createdDate") {
		spec.defaultSort = []sortItem{{FieldName: "createdDate", Order: "DESC"}}
	}
	filterable, sortable := declaredFields(ep)
	if len(filterable) > 0 {
		spec.filter = filterRules{}
		for _, f := range filterable {
			spec.filter[f.Name] = fieldRule{ops: declaredOps(f.Operators)}
		}
		// The ID is always filterable.
		if _, ok := spec.filter[ent.idField]; !ok {
			spec.filter[ent.idField] = fieldRule{}
		}
	}
	if len(sortable) > 0 {
		spec.sortable = map[string]bool{ent.idField: true}
		for _, name := range sortable {
			spec.sortable[name] = true
		}
	}
	return spec
}

// declaredOps turns a query spec's operator list into an opSet; "*" (or
// none) allows every operator.
func declaredOps(names []string) opSet {
	if len(names) == 0 {
		return nil
	}
	set := opSet{}
	for _, n := range names {
		if n == "*" {
			return nil
		}
		set[n] = true
	}
	return set
}
