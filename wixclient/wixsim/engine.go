package wixsim

import (
	"strings"
	"sync"
	"unicode"

	"github.com/wix-mcp/wix-mcp/catalog"
)

// This file is the generic engine's model: it reads the catalog (the
// endpoints of Wix's published @wix/auto_sdk_* packages) once, on the first
// request no hand-written route serves, and sorts each endpoint into one of
// the patterns most Wix APIs follow (create, get, update with revision and
// field mask, delete, query/search/list, count, bulk, an action on one
// entity). Endpoints that fit none of them answer "not emulated".

// opKind is the pattern an endpoint follows.
type opKind int

const (
	opUnsupported opKind = iota
	opCreate
	opGet
	opGetSingleton
	opUpdate
	opUpdateSingleton
	opDelete
	opQuery
	opCount
	opBulkCreate
	opBulkUpdate
	opBulkDelete
	opBulkAction
	opByFilter
	opAction
	opEmptyRead
)

var opNames = map[opKind]string{
	opUnsupported: "unsupported", opCreate: "create", opGet: "get", opGetSingleton: "get-singleton",
	opUpdate: "update", opUpdateSingleton: "update-singleton", opDelete: "delete", opQuery: "query",
	opCount: "count", opBulkCreate: "bulk-create", opBulkUpdate: "bulk-update", opBulkDelete: "bulk-delete", opBulkAction: "bulk-action", opByFilter: "by-filter", opEmptyRead: "empty-read",
	opAction: "action",
}

func (k opKind) String() string { return opNames[k] }

// entityInfo is one catalog entity ("<vertical>.<entity>", e.g.
// "blog.posts"): the object type its endpoints return and its fields.
type entityInfo struct {
	key      string
	typeName string // e.g. "Post"
	fields   []catalog.Field
	idField  string // "id", or "_id" where the type says so
	declared map[string]bool
	// types holds the fields of every object type the entity's endpoints
	// mention, for filling nested objects.
	types map[string][]catalog.Field
}

// has reports whether the entity type declares a top-level field.
func (e *entityInfo) has(name string) bool { return e.declared[name] }

// operation is how the engine serves one endpoint.
type operation struct {
	ep     *catalog.Endpoint
	kind   opKind
	entity *entityInfo
	// itemField is the request field carrying the entity (create, update),
	// or the array of them (bulk); outField is the response field of the
	// entity, listField the response field of the array (query, list).
	itemField, outField, listField string
	// maskedItem is, for bulk updates, the field inside each element that
	// holds the entity (Wix's Masked<Type>{<entity>, fieldMask}).
	maskedItem string
	// idParam is the path placeholder, or request field, naming the entity.
	idParam string
	// spec is the query spec of query, list and search endpoints.
	spec *querySpec
}

// engine is the catalog-driven part of the sim, built once on first use.
type engine struct {
	ops      map[*catalog.Endpoint]*operation
	entities map[string]*entityInfo
	cat      *catalog.Catalog
}

var (
	engineOnce sync.Once
	theEngine  *engine
)

// defaultEngine returns the engine over the embedded catalog.
func defaultEngine() *engine {
	engineOnce.Do(func() { theEngine = newEngine(catalog.Default()) })
	return theEngine
}

func newEngine(cat *catalog.Catalog) *engine {
	e := &engine{ops: map[*catalog.Endpoint]*operation{}, entities: map[string]*entityInfo{}, cat: cat}
	byEntity := map[string][]*catalog.Endpoint{}
	for _, ep := range cat.All() {
		k := entityKey(ep)
		byEntity[k] = append(byEntity[k], ep)
	}
	for k, eps := range byEntity {
		main, fields := inferEntity(eps)
		for _, ep := range eps {
			t := endpointType(ep, main)
			key := k
			if t != main {
				key = k + "#" + t
			}
			ent, ok := e.entities[key]
			if !ok {
				ent = newEntityInfo(key, t, fields[t])
				ent.types = fields
				e.entities[key] = ent
			}
			op := classify(ep, ent)
			if handOwned[k] {
				// Wix Data items live in the hand-written collections;
				// a generic table would answer with other data.
				op.kind = opUnsupported
			}
			e.ops[ep] = op
		}
	}
	return e
}

// handOwned are catalog entities whose state only hand-written routes
// may touch.
var handOwned = map[string]bool{"data.items": true, "data.collections": true}

// entityKey is "<vertical>.<entity>", the endpoint ID without the method.
func entityKey(ep *catalog.Endpoint) string {
	if i := strings.LastIndexByte(ep.ID, '.'); i > 0 {
		return ep.ID[:i]
	}
	return ep.Vertical + "." + ep.Entity
}

// verbOf is the leading lower-case word of an SDK method: "bulk" of
// "bulkCreatePosts", "query" of "queryPosts".
func verbOf(method string) string {
	for i, r := range method {
		if unicode.IsUpper(r) {
			return method[:i]
		}
	}
	return method
}

// secondVerb is the word after "bulk": "Create" of "bulkCreatePosts".
func secondVerb(method string) string {
	rest := strings.TrimPrefix(method, verbOf(method))
	for i, r := range rest {
		if i > 0 && unicode.IsUpper(r) {
			return rest[:i]
		}
	}
	return rest
}

var primitiveTypes = map[string]bool{"string": true, "number": true, "boolean": true, "any": true, "object": true}

// objectType returns the type name of an object-typed field ("Post" for
// "Post" and "Post[]") and whether the field is an array.
func objectType(f catalog.Field) (name string, array bool, ok bool) {
	t := f.Type
	array = strings.HasSuffix(t, "[]")
	t = strings.TrimSuffix(t, "[]")
	if primitiveTypes[t] || t == "" {
		return "", array, false
	}
	return t, array, true
}

// inferEntity picks the object type an entity's endpoints return most
// (the singular answers of get, create and update, and the arrays of
// queries and lists) and collects the fullest field list of every type.
func inferEntity(eps []*catalog.Endpoint) (string, map[string][]catalog.Field) {
	score := map[string]int{}
	fields := map[string][]catalog.Field{}
	for _, ep := range eps {
		verb := verbOf(ep.SDKMethod)
		for _, f := range append(append([]catalog.Field(nil), ep.Response...), ep.Request...) {
			collectFields(f, fields)
		}
		for _, f := range ep.Response {
			t, array, ok := objectType(f)
			if !ok || auxType(t) {
				continue
			}
			switch {
			case !array && (verb == "get" || verb == "create" || verb == "update"):
				score[t] += 2
			case array && ep.Paging != nil:
				score[t] += 2
			default:
				score[t]++
			}
		}
	}
	best := ""
	for t, n := range score {
		if best == "" || n > score[best] || n == score[best] && t < best {
			best = t
		}
	}
	return best, fields
}

// collectFields records the fullest field list seen for each object type.
func collectFields(f catalog.Field, into map[string][]catalog.Field) {
	t, _, ok := objectType(f)
	if !ok {
		return
	}
	if len(f.Fields) > len(into[t]) {
		into[t] = f.Fields
	}
	for _, sub := range f.Fields {
		collectFields(sub, into)
	}
}

// auxType reports types that carry paging or bulk bookkeeping, never an
// entity.
func auxType(t string) bool {
	return strings.Contains(t, "Metadata") || strings.Contains(t, "MetaData") || strings.HasSuffix(t, "Paging") ||
		strings.HasPrefix(t, "Bulk") || strings.HasPrefix(t, "Masked")
}

// endpointType is the entity type one endpoint works on: its singular
// answer, else its list answer, else the entity's main type.
func endpointType(ep *catalog.Endpoint, main string) string {
	order := []bool{false, true}
	if verb := verbOf(ep.SDKMethod); ep.Paging != nil || verb == "query" || verb == "search" || verb == "list" {
		order = []bool{true, false}
	}
	for _, array := range order {
		for _, f := range ep.Response {
			if t, arr, ok := objectType(f); ok && arr == array && !auxType(t) {
				return t
			}
		}
	}
	return main
}

func newEntityInfo(key, typeName string, fields []catalog.Field) *entityInfo {
	info := &entityInfo{key: key, typeName: typeName, fields: fields, idField: "id", declared: map[string]bool{}}
	for _, f := range info.fields {
		info.declared[f.Name] = true
	}
	if info.declared["_id"] && !info.declared["id"] {
		info.idField = "_id"
	}
	return info
}

// fieldOfType returns the first field of the given type name, singular or
// array.
func fieldOfType(fs []catalog.Field, typeName string, array bool) (catalog.Field, bool) {
	for _, f := range fs {
		t, arr, ok := objectType(f)
		if ok && t == typeName && arr == array {
			return f, true
		}
	}
	return catalog.Field{}, false
}

// placeholders lists a path template's placeholder names in order.
func placeholders(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		i, j := strings.IndexByte(seg, '{'), strings.IndexByte(seg, '}')
		if i >= 0 && j > i {
			out = append(out, seg[i+1:j])
		}
	}
	return out
}

// lastSegmentIsPlaceholder reports whether the path ends in a placeholder.
func lastSegmentIsPlaceholder(path string) bool {
	path = strings.TrimRight(path, "/")
	seg := path[strings.LastIndexByte(path, '/')+1:]
	return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")
}

// isIDName reports whether a field or placeholder names an ID.
func isIDName(n string) bool {
	return n == "id" || n == "_id" || strings.HasSuffix(n, "Id") || strings.HasSuffix(n, ".id") || strings.HasSuffix(n, "._id")
}

// requestID returns the request field naming the entity when the path has
// no placeholder: "planId", "id".
func requestID(ep *catalog.Endpoint) string {
	for _, f := range ep.Request {
		if f.Type == "string" && isIDName(f.Name) {
			return f.Name
		}
	}
	return ""
}

// classify sorts an endpoint into a pattern.
func classify(ep *catalog.Endpoint, ent *entityInfo) *operation {
	op := &operation{ep: ep, entity: ent}
	if ent == nil || ent.typeName == "" {
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
	if op.kind == opUnsupported && hasRequestField(ep, "filter") && (verb == "bulk" || strings.Contains(ep.SDKMethod, "ByFilter")) {
		// Bulk calls on the items a filter selects (delete-by-filter,
		// update-by-filter, ...), answered with a job ID as Wix's
		// asynchronous bulk jobs are.
		op.kind = opByFilter
		if f, ok := fieldOfType(ep.Request, t, false); ok {
			op.itemField = f.Name
		}
	}
	if op.kind == opUnsupported && ep.Class == "read" {
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
	}
	if ent.has("createdDate") {
		spec.defaultSort = []sortItem{{FieldName: "createdDate", Order: "DESC"}}
	}
	if len(ep.Filterable) > 0 {
		spec.filter = filterRules{}
		for _, f := range ep.Filterable {
			spec.filter[f.Name] = fieldRule{ops: declaredOps(f.Operators)}
		}
		// The ID is always filterable.
		if _, ok := spec.filter[ent.idField]; !ok {
			spec.filter[ent.idField] = fieldRule{}
		}
	}
	if len(ep.Sortable) > 0 {
		spec.sortable = map[string]bool{ent.idField: true}
		for _, f := range ep.Sortable {
			spec.sortable[f.Name] = true
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
