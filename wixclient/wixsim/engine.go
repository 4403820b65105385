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
	opGetOrCreate
	opSingletonAction
)

var opNames = map[opKind]string{
	opUnsupported: "unsupported", opCreate: "create", opGet: "get", opGetSingleton: "get-singleton",
	opUpdate: "update", opUpdateSingleton: "update-singleton", opDelete: "delete", opQuery: "query",
	opCount: "count", opBulkCreate: "bulk-create", opBulkUpdate: "bulk-update", opBulkDelete: "bulk-delete", opBulkAction: "bulk-action", opByFilter: "by-filter", opEmptyRead: "empty-read", opGetOrCreate: "get-or-create", opSingletonAction: "singleton-action",
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
		strings.Contains(t, "Bulk") || strings.Contains(t, "Masked")
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

// Warm builds now what the sim otherwise builds on its first request: the
// catalog-driven engine, the SDK shapes and the merged query specs. A test
// whose server has a short timeout calls it first, so that first request
// (slow under the race detector) does not count against the timeout.
func Warm() {
	defaultEngine()
	loadShapes()
	mergeHandSpecs()
}
