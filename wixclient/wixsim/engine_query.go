package wixsim

import (
	"strings"

	"github.com/wix-mcp/wix-mcp/catalog"
)

// listControls are top-level request fields of list endpoints that steer
// paging and projection rather than filter.
var listControls = map[string]bool{
	"paging": true, "cursorPaging": true, "sort": true, "sorting": true, "fieldsets": true, "fields": true,
	"query": true, "search": true, "filter": true, "returnTotalCount": true,
}

// queryOf builds the query object of a request: the object under the
// endpoint's query key, or, for list endpoints that page at the top level,
// the paging and sort given there, with other top-level parameters that
// name a field of the entity as equality filters (GET /blog/v3/posts?
// featured=true lists featured posts).
func queryOf(op *operation, in Object) Object {
	if op.spec.root != "" {
		q, _ := objectField(in, op.spec.root)
		if q == nil {
			return Object{}
		}
		return q
	}
	q := Object{}
	for _, k := range []string{"paging", "cursorPaging"} {
		if v, ok := in[k]; ok {
			q[k] = v
		}
	}
	switch s := in["sort"].(type) {
	case map[string]any:
		q["sort"] = []any{s}
	case []any:
		q["sort"] = s
	}
	var conds []any
	for k, v := range in {
		if listControls[k] || !op.entity.has(k) {
			continue
		}
		if arr, ok := v.([]any); ok {
			conds = append(conds, map[string]any{k: map[string]any{"$hasSome": arr}})
		} else {
			conds = append(conds, map[string]any{k: v})
		}
	}
	if len(conds) > 0 {
		q["filter"] = map[string]any{"$and": conds}
	}
	return q
}

// textSearch turns {"search": {"expression": "x"}} into a filter over the
// entity's top-level string fields, as Wix search does over its searchable
// fields.
func textSearch(op *operation, q Object) (Object, func(any) any) {
	text, ok := objectField(q, "search")
	if !ok {
		return q, nil
	}
	q = cloneObject(q)
	delete(q, "search")
	expr := strings.TrimSpace(stringField(text, "expression"))
	if expr == "" {
		return q, nil
	}
	var ors []any
	for _, f := range op.entity.fields {
		if f.Type == "string" {
			ors = append(ors, map[string]any{f.Name: map[string]any{"$contains": expr}})
		}
	}
	match := map[string]any{"$or": ors}
	return q, func(f any) any {
		if f == nil {
			return match
		}
		return map[string]any{"$and": []any{f, match}}
	}
}

func (c *call) genericQuery(op *operation, in Object) (any, *apiError) {
	q := queryOf(op, in)
	q, adjust := textSearch(op, q)
	if op.spec.root == "" {
		// List endpoints' equality parameters are not declared filters.
		adjust = chain(adjust, q["filter"])
		delete(q, "filter")
	}
	t := c.sim.table(c.site, op.entity)
	res, err := op.spec.run(q, c.site.id, t.items, adjust)
	if err != nil {
		return nil, err
	}
	fields, err := parseFields(q["fields"], join(op.spec.root, "fields"))
	if err != nil {
		return nil, err
	}
	items := make([]Object, len(res.items))
	for i, it := range res.items {
		items[i] = project(it, fields, op.entity.idField)
	}
	out := Object{op.listField: items}
	if name, typ := metadataField(op.ep); name != "" {
		out[name] = pagingMeta(res, typ)
	}
	return out, nil
}

// chain adds a fixed filter to an adjust function.
func chain(adjust func(any) any, extra any) func(any) any {
	if extra == nil {
		return adjust
	}
	return func(f any) any {
		if adjust != nil {
			f = adjust(f)
		}
		if f == nil {
			return extra
		}
		return map[string]any{"$and": []any{f, extra}}
	}
}

// metadataField is the response field carrying paging metadata and its
// declared fields: the catalog's paging metadata name, else a response
// field named like metadata (Blog's legacy "metaData").
func metadataField(ep *catalog.Endpoint) (string, []catalog.Field) {
	want := ""
	if ep.Paging != nil {
		want = ep.Paging.Metadata
	}
	for _, f := range ep.Response {
		if f.Name == want || want == "" && strings.Contains(strings.ToLower(f.Name), "metadata") {
			return f.Name, f.Fields
		}
	}
	return want, nil
}

// pagingMeta fills the metadata type's declared fields (count, offset,
// total, tooManyToCount, cursors, hasNext); without a declaration it is
// the metadata of the paging style used.
func pagingMeta(res *queryResult, declared []catalog.Field) Object {
	all := res.offsetMeta()
	for k, v := range res.cursorMeta() {
		all[k] = v
	}
	all["cursor"] = res.next
	if len(declared) == 0 {
		return res.meta()
	}
	out := Object{}
	for _, f := range declared {
		if v, ok := all[f.Name]; ok {
			out[f.Name] = v
		}
	}
	return out
}

func (c *call) genericCount(op *operation, in Object) (any, *apiError) {
	pred, err := compileFilter(in["filter"], nil, true, "filter")
	if err != nil {
		return nil, err
	}
	n := 0
	for _, it := range c.sim.table(c.site, op.entity).items {
		if pred(it) {
			n++
		}
	}
	return Object{countField(op.ep): n}, nil
}

// genericBulk creates, updates or deletes several entities, answering as
// Wix's bulk methods do: one result per item, in request order, with
// itemMetadata {id, originalIndex, success, error}, and bulkActionMetadata
// with the totals. The item itself is returned when the request asks for
// it (returnEntity) or the endpoint has no such switch.
func (c *call) genericBulk(op *operation, in Object) (any, *apiError) {
	list, ok := in[op.itemField].([]any)
	if !ok || len(list) == 0 {
		return nil, violation(op.itemField, "must have at least 1 item", "MIN_SIZE")
	}
	resultsField, itemName := bulkResultShape(op)
	withItem := true
	for _, f := range op.ep.Request {
		if f.Name == "returnEntity" || f.Name == "returnFullEntity" {
			withItem, _ = in[f.Name].(bool)
		}
	}
	t := c.sim.table(c.site, op.entity)
	results := make([]any, 0, len(list))
	ok1, failed := 0, 0
	for i, raw := range list {
		item, id, err := c.bulkOne(op, t, raw)
		meta := Object{"originalIndex": i, "success": err == nil}
		if id != "" {
			meta["id"] = id
		}
		r := Object{"itemMetadata": meta}
		if err != nil {
			failed++
			code := ""
			if err.app != nil {
				code = err.app.Code
			}
			meta["error"] = Object{"code": code, "description": err.message}
		} else {
			ok1++
			if withItem && item != nil && itemName != "" {
				r[itemName] = item
			}
		}
		results = append(results, r)
	}
	out := Object{}
	for _, f := range op.ep.Response {
		switch f.Name {
		case resultsField:
			out[f.Name] = results
		case "bulkActionMetadata":
			out[f.Name] = Object{"totalSuccesses": ok1, "totalFailures": failed, "undetailedFailures": 0}
		}
	}
	return out, nil
}

func (c *call) bulkOne(op *operation, t *table, raw any) (Object, string, *apiError) {
	switch op.kind {
	case opBulkAction:
		id, _ := raw.(string)
		i := t.index(id)
		if i < 0 {
			return nil, id, entityNotFound(op.entity, id)
		}
		return t.items[i], id, nil
	case opBulkDelete:
		id, _ := raw.(string)
		i := t.index(id)
		if i < 0 {
			return nil, id, entityNotFound(op.entity, id)
		}
		removed := t.items[i]
		t.items = append(t.items[:i:i], t.items[i+1:]...)
		return removed, id, nil
	case opBulkCreate:
		item, ok := raw.(map[string]any)
		if !ok {
			return nil, "", violation(op.itemField, "items must be objects", "FORMAT")
		}
		created, err := c.insert(op.entity, t, item, op.itemField)
		if err != nil {
			return nil, "", err
		}
		return created, stringField(created, op.entity.idField), nil
	}
	elem, ok := raw.(map[string]any)
	if !ok {
		return nil, "", violation(op.itemField, "items must be objects", "FORMAT")
	}
	patch, mask := elem, []string(nil)
	if op.maskedItem != "" {
		patch, _ = objectField(elem, op.maskedItem)
		mask = fieldMask(elem)
	}
	id := stringField(patch, op.entity.idField)
	i := t.index(id)
	if i < 0 {
		return nil, id, entityNotFound(op.entity, id)
	}
	updated, err := c.applyPatch(op.entity, t.items[i], patch, mask)
	if err != nil {
		return nil, id, err
	}
	t.items[i] = updated
	return updated, id, nil
}

// bulkResultShape names the response's results array and, inside each
// result, the field holding the item (usually "item").
func bulkResultShape(op *operation) (results, item string) {
	results, item = "results", "item"
	for _, f := range op.ep.Response {
		if !strings.HasSuffix(f.Type, "[]") || f.Name == "bulkActionMetadata" {
			continue
		}
		results = f.Name
		for _, sub := range f.Fields {
			if t, _, ok := objectType(sub); ok && t == op.entity.typeName {
				item = sub.Name
			}
		}
		break
	}
	return results, item
}

// genericByFilter applies a bulk call to the items its filter selects:
// deletes remove them, updates patch them with the request's entity; any
// other call leaves them as they are. Wix runs these as jobs; the answer is
// a job ID (and the totals, where the endpoint declares them).
func (c *call) genericByFilter(op *operation, in Object) (any, *apiError) {
	pred, err := compileFilter(in["filter"], nil, true, "filter")
	if err != nil {
		return nil, err
	}
	verb := secondVerb(op.ep.SDKMethod)
	t := c.sim.table(c.site, op.entity)
	patch, _ := objectField(in, op.itemField)
	kept := t.items[:0:0]
	n := 0
	for _, it := range t.items {
		if !pred(it) {
			kept = append(kept, it)
			continue
		}
		n++
		switch {
		case verb == "Delete" || verb == "Remove":
			continue
		case verb == "Update" && patch != nil:
			updated, err := c.applyPatch(op.entity, it, patch, fieldMask(in))
			if err != nil {
				return nil, err
			}
			it = updated
		}
		kept = append(kept, it)
	}
	t.items = kept
	out := Object{}
	for _, f := range op.ep.Response {
		switch f.Name {
		case "jobId":
			out[f.Name] = c.sim.newID("job")
		case "bulkActionMetadata":
			out[f.Name] = Object{"totalSuccesses": n, "totalFailures": 0, "undetailedFailures": 0}
		}
	}
	return out, nil
}
