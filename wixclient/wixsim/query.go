package wixsim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// This file is the sort, paging and projection half of the query language
// (https://dev.wix.com/docs/rest/articles/get-started/api-query-language):
// sort items, offset paging with pagingMetadata-style
// counts, opaque cursors that carry filter, sort and position, and fields.

// querySpec declares what one query endpoint accepts.
type querySpec struct {
	name string // binds cursors to the endpoint
	root string // request field holding the query: "query" or "search"
	// filter declares filterable fields; nil allows any field.
	filter filterRules
	// sortable declares sortable fields; nil allows any field.
	sortable map[string]bool
	// sortKey is "sort" for most APIs and "sorting" for Members.
	sortKey     string
	maxSort     int
	defaultSort []sortItem
	idField     string
	// offset and cursor say which paging styles the endpoint takes; the
	// first one offered is the default.
	offset, cursor bool
	defaultLimit   int
	maxLimit       int
}

type sortItem struct {
	FieldName string `json:"fieldName"`
	Order     string `json:"order,omitempty"`
}

// cursorState is what a cursor carries, base64url-encoded JSON.
type cursorState struct {
	Endpoint string     `json:"e"`
	Scope    string     `json:"k"`
	Filter   any        `json:"f,omitempty"`
	Sort     []sortItem `json:"s,omitempty"`
	Offset   int        `json:"o"`
	Limit    int        `json:"l"`
}

// queryResult is one page and what its metadata needs.
type queryResult struct {
	items      []Object
	total      int
	offset     int
	cursorMode bool
	next, prev string
}

// offsetMeta is PagingMetadata: {count, offset, total, tooManyToCount}.
func (r *queryResult) offsetMeta() Object {
	return Object{"count": len(r.items), "offset": r.offset, "total": r.total, "tooManyToCount": false}
}

// cursorMeta is CursorPagingMetadata: {count, cursors{next,prev}, hasNext}.
func (r *queryResult) cursorMeta() Object {
	cursors := Object{}
	if r.next != "" {
		cursors["next"] = r.next
	}
	if r.prev != "" {
		cursors["prev"] = r.prev
	}
	return Object{"count": len(r.items), "cursors": cursors, "hasNext": r.next != ""}
}

// meta is the metadata of the paging style used.
func (r *queryResult) meta() Object {
	if r.cursorMode {
		return r.cursorMeta()
	}
	return r.offsetMeta()
}

// run applies query q (the object under spec.root) to items. scope binds
// cursors to a site or collection. adjust, when set, rewrites a validated
// filter before use, for implicit conditions the cursor must carry too.
func (spec *querySpec) run(q Object, scope string, items []Object, adjust func(any) any) (*queryResult, *apiError) {
	mergeHandSpecs()
	at := spec.root
	pagingV, hasPaging := q["paging"]
	cursorV, hasCursor := q["cursorPaging"]
	if hasPaging && hasCursor {
		return nil, violation(at, "paging and cursorPaging cannot be used together", "OTHER")
	}
	if hasPaging && !spec.offset {
		return nil, violation(join(at, "paging"), "this method supports cursorPaging only", "OTHER")
	}
	if hasCursor && !spec.cursor {
		return nil, violation(join(at, "cursorPaging"), "this method supports paging (limit and offset) only", "OTHER")
	}
	other := map[string]string{"sort": "sorting", "sorting": "sort"}[spec.sortKey]
	if _, ok := q[other]; ok {
		return nil, violation(join(at, other), fmt.Sprintf("unknown field; this method sorts with '%s'", spec.sortKey), "OTHER")
	}
	cursorMode := hasCursor || !spec.offset
	pagingObj, _ := pagingV.(map[string]any)
	pagingAt := join(at, "paging")
	if cursorMode {
		pagingObj, _ = cursorV.(map[string]any)
		pagingAt = join(at, "cursorPaging")
	}
	limit, err := intParam(pagingObj, "limit", pagingAt, spec.maxLimit)
	if err != nil {
		return nil, err
	}
	offset, err := intParam(pagingObj, "offset", pagingAt, math.MaxInt32)
	if err != nil {
		return nil, err
	}

	var filter any
	var sorting []sortItem
	var pred predicate
	if cur := stringField(pagingObj, "cursor"); cursorMode && cur != "" {
		st, err := spec.decodeCursor(cur, scope, pagingAt+".cursor")
		if err != nil {
			return nil, err
		}
		filter, sorting, offset = st.Filter, st.Sort, st.Offset
		if limit == 0 {
			limit = st.Limit
		}
		pred, err = compileFilter(filter, spec.filter, false, join(at, "filter"))
		if err != nil {
			return nil, err
		}
	} else {
		filter = q["filter"]
		if _, err := compileFilter(filter, spec.filter, true, join(at, "filter")); err != nil {
			return nil, err
		}
		if adjust != nil {
			filter = adjust(filter)
		}
		if pred, err = compileFilter(filter, spec.filter, false, join(at, "filter")); err != nil {
			return nil, err
		}
		if sorting, err = spec.parseSort(q[spec.sortKey], join(at, spec.sortKey)); err != nil {
			return nil, err
		}
	}
	if limit == 0 {
		limit = spec.defaultLimit
	}

	matched := make([]Object, 0, len(items))
	for _, it := range items {
		if pred(it) {
			matched = append(matched, it)
		}
	}
	spec.sortItems(matched, sorting)
	res := &queryResult{total: len(matched), offset: offset, cursorMode: cursorMode}
	end := min(offset+limit, len(matched))
	if offset < len(matched) {
		res.items = matched[offset:end]
	}
	if cursorMode {
		st := cursorState{Endpoint: spec.name, Scope: scope, Filter: filter, Sort: sorting, Limit: limit}
		if end < len(matched) {
			st.Offset = end
			res.next = encodeCursor(st)
		}
		if offset > 0 {
			st.Offset = max(0, offset-limit)
			res.prev = encodeCursor(st)
		}
	}
	return res, nil
}

func intParam(o Object, name, at string, maxValue int) (int, *apiError) {
	v, ok := o[name]
	if !ok || v == nil {
		return 0, nil
	}
	f, isNum := v.(float64)
	if !isNum || f != math.Trunc(f) {
		return 0, violation(at+"."+name, "must be an integer", "FORMAT")
	}
	if f < 0 {
		return 0, violation(at+"."+name, "must be at least 0", "MIN")
	}
	if f > float64(maxValue) {
		return 0, validationErr(FieldViolation{Field: at + "." + name,
			Description: fmt.Sprintf("must be at most %d", maxValue), ViolatedRule: "MAX",
			Data: map[string]any{"threshold": maxValue}})
	}
	return int(f), nil
}

func (spec *querySpec) parseSort(v any, at string) ([]sortItem, *apiError) {
	if v == nil {
		return spec.defaultSort, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, violation(at, "must be an array of {fieldName, order}", "FORMAT")
	}
	if spec.maxSort > 0 && len(list) > spec.maxSort {
		return nil, violation(at, fmt.Sprintf("must have at most %d items", spec.maxSort), "MAX_SIZE")
	}
	var out []sortItem
	for i, e := range list {
		m, _ := e.(map[string]any)
		name := stringField(m, "fieldName")
		if name == "" {
			return nil, violation(fmt.Sprintf("%s[%d].fieldName", at, i), "is required", "REQUIRED_FIELD")
		}
		order := stringField(m, "order")
		if order == "" {
			order = "ASC"
		}
		if order != "ASC" && order != "DESC" {
			return nil, violation(fmt.Sprintf("%s[%d].order", at, i), "must be ASC or DESC", "FORMAT")
		}
		if spec.sortable != nil && !spec.sortable[name] {
			return nil, violation(fmt.Sprintf("%s[%d].fieldName", at, i),
				fmt.Sprintf("Field '%s' is not declared as sortable", name), "OTHER")
		}
		out = append(out, sortItem{FieldName: name, Order: order})
	}
	return out, nil
}

// sortItems orders items by the sort items, then by ID so pages are stable.
// Each item's sort values are resolved and normalised once (sortKey), not
// at every comparison.
func (spec *querySpec) sortItems(items []Object, sorting []sortItem) {
	keys := append(append([]sortItem(nil), sorting...), sortItem{FieldName: spec.idField, Order: "ASC"})
	type row struct {
		item Object
		vals []sortKey
	}
	rows := make([]row, len(items))
	flat := make([]sortKey, len(items)*len(keys))
	for i, it := range items {
		rows[i] = row{item: it, vals: flat[i*len(keys) : (i+1)*len(keys)]}
	}
	for k, key := range keys {
		parts := strings.Split(key.FieldName, ".")
		for i := range rows {
			v, found, viaArray := resolveFirst(rows[i].item, parts)
			switch {
			case viaArray:
				rows[i].vals[k] = newSortKey(resolve(rows[i].item, parts))
			case found:
				rows[i].vals[k] = sortKeyOf(v)
			}
		}
	}
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		for k, key := range keys {
			c := rows[a].vals[k].compare(rows[b].vals[k])
			if c != 0 {
				if key.Order == "DESC" {
					return -c
				}
				return c
			}
		}
		return 0
	})
	for i, j := range idx {
		items[i] = rows[j].item
	}
}

// sortKey is a value normalised for ordering as compareValues orders it:
// missing first, then numbers (numeric strings too), instants, strings and
// booleans among their own kind.
type sortKey struct {
	kind int // 0 missing, 1 number, 2 time, 3 string, 4 bool, 5 other
	num  float64
	s    string
}

func newSortKey(vals []any) sortKey {
	if len(vals) == 0 {
		return sortKey{}
	}
	return sortKeyOf(vals[0])
}

func sortKeyOf(v any) sortKey {
	v = unwrapDate(v)
	switch t := v.(type) {
	case float64:
		return sortKey{kind: 1, num: t}
	case bool:
		if t {
			return sortKey{kind: 4, num: 1}
		}
		return sortKey{kind: 4}
	case string:
		if tm, ok := asTime(t); ok {
			return sortKey{kind: 2, num: float64(tm.UnixNano()), s: t}
		}
		if n, ok := asNumber(t); ok {
			return sortKey{kind: 1, num: n, s: t}
		}
		return sortKey{kind: 3, s: t}
	}
	return sortKey{kind: 5}
}

func (a sortKey) compare(b sortKey) int {
	switch {
	case a.kind == 0 || b.kind == 0:
		return cmpInt(btoi(a.kind != 0), btoi(b.kind != 0))
	case a.kind != b.kind:
		// Mixed kinds do not order in Wix's language; keep them stable.
		return 0
	case a.kind == 3:
		return strings.Compare(a.s, b.s)
	case a.kind == 5:
		return 0
	}
	return cmpFloat(a.num, b.num)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cmpInt(a, b int) int { return a - b }

func encodeCursor(st cursorState) string {
	b, _ := json.Marshal(st)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (spec *querySpec) decodeCursor(s, scope, at string) (*cursorState, *apiError) {
	bad := violation(at, "is not a valid cursor", "FORMAT")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	var st cursorState
	if err := json.Unmarshal(raw, &st); err != nil || st.Endpoint != spec.name || st.Scope != scope {
		return nil, bad
	}
	return &st, nil
}

// parseFields reads a "fields" projection list.
func parseFields(v any, at string) ([]string, *apiError) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, violation(at, "must be an array of field paths", "FORMAT")
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok || s == "" {
			return nil, violation(at, "must be an array of field paths", "FORMAT")
		}
		out = append(out, s)
	}
	return out, nil
}

// project keeps only the given dotted paths of o, plus the always-kept
// ones. An empty paths list returns o itself.
func project(o Object, paths []string, always ...string) Object {
	if len(paths) == 0 {
		return o
	}
	out := Object{}
	for _, p := range append(append([]string(nil), always...), paths...) {
		parts := strings.Split(p, ".")
		var v any = o
		found := true
		for _, part := range parts {
			m, ok := v.(map[string]any)
			if !ok {
				found = false
				break
			}
			if v, ok = m[part]; !ok {
				found = false
				break
			}
		}
		if !found {
			continue
		}
		node := out
		for _, part := range parts[:len(parts)-1] {
			next, ok := node[part].(map[string]any)
			if !ok {
				next = Object{}
				node[part] = next
			}
			node = next
		}
		node[parts[len(parts)-1]] = v
	}
	return out
}

// join builds a dotted field path for error messages.
func join(at, field string) string {
	if at == "" {
		return field
	}
	return at + "." + field
}
