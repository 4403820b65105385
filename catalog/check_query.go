package catalog

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// query checks the filter and sort of a query or search body against the
// endpoint's query spec. Only endpoints whose SDK declares the spec are
// checked: elsewhere any field may be filterable.
func (c *checker) query(body map[string]any) {
	if len(c.ep.Filterable) == 0 && len(c.ep.Sortable) == 0 {
		return
	}
	q := body
	prefix := ""
	if c.ep.QueryKey != "" {
		inner, ok := body[c.ep.QueryKey].(map[string]any)
		if !ok {
			return
		}
		q, prefix = inner, c.ep.QueryKey+"."
	}
	if f, ok := q["filter"].(map[string]any); ok && len(c.ep.Filterable) > 0 {
		c.filter(f, prefix+"filter")
	}
	if s, ok := q["sort"].([]any); ok && len(c.ep.Sortable) > 0 {
		for i, x := range s {
			c.sort(x, fmt.Sprintf("%ssort[%d]", prefix, i))
		}
	}
}

// logical operators combine filters and hold filters themselves.
var logical = map[string]bool{"$and": true, "$or": true, "$not": true, "$nor": true}

func (c *checker) filter(f map[string]any, path string) {
	for _, k := range slices.Sorted(maps.Keys(f)) {
		v := f[k]
		if logical[k] {
			switch x := v.(type) {
			case []any:
				for i, sub := range x {
					if m, ok := sub.(map[string]any); ok {
						c.filter(m, fmt.Sprintf("%s.%s[%d]", path, k, i))
					}
				}
			case map[string]any:
				c.filter(x, path+"."+k)
			}
			continue
		}
		qf := findQueryField(c.ep.Filterable, k)
		if qf == nil {
			c.add(path+"."+k, "cannot be filtered on; "+suggestQueryField(k, c.ep.Filterable, "filterable"))
			continue
		}
		ops, ok := v.(map[string]any)
		if !ok || allOperators(qf.Operators) {
			continue // a bare value means $eq
		}
		for _, op := range slices.Sorted(maps.Keys(ops)) {
			if strings.HasPrefix(op, "$") && !slices.Contains(qf.Operators, op) {
				c.add(path+"."+k+"."+op, fmt.Sprintf("is not an operator %s allows; use one of %s", k, strings.Join(qf.Operators, ", ")))
			}
		}
	}
}

func (c *checker) sort(x any, path string) {
	s, ok := x.(map[string]any)
	if !ok {
		return
	}
	name, _ := s["fieldName"].(string)
	if name == "" {
		return
	}
	qf := findQueryField(c.ep.Sortable, name)
	if qf == nil {
		c.add(path+".fieldName", fmt.Sprintf("%q cannot be sorted on; %s", name, suggestQueryField(name, c.ep.Sortable, "sortable")))
		return
	}
	if order, ok := s["order"].(string); ok && !slices.Contains(qf.Operators, strings.ToUpper(order)) {
		c.add(path+".order", fmt.Sprintf("%q is not an order %s allows; use %s", order, name, strings.Join(qf.Operators, " or ")))
	}
}

func allOperators(ops []string) bool { return len(ops) == 1 && ops[0] == "*" }

// findQueryField finds a filterable or sortable field; a declared "x.*"
// covers every member of x (Query Contacts' info.extendedFields.*).
func findQueryField(list []QueryField, name string) *QueryField {
	for i := range list {
		n := list[i].Name
		if n == name {
			return &list[i]
		}
		if prefix, ok := strings.CutSuffix(n, "*"); ok && strings.HasPrefix(name, prefix) && len(name) > len(prefix) {
			return &list[i]
		}
	}
	return nil
}

func suggestQueryField(name string, list []QueryField, what string) string {
	cands := make([]string, len(list))
	for i, q := range list {
		cands[i] = q.Name
	}
	if near := closest(name, cands, maxSuggestions); len(near) > 0 {
		return "did you mean " + strings.Join(near, " or ") + "? " + what + ": " + strings.Join(firstN(cands, 15), ", ")
	}
	return what + ": " + strings.Join(firstN(cands, 15), ", ")
}

func firstN(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(append([]string(nil), list[:n]...), fmt.Sprintf("… (%d more)", len(list)-n))
}

// queryString checks query-string parameter names of GET and DELETE
// endpoints, whose request fields travel there ("paging.limit").
func (c *checker) queryString(q url.Values) {
	if len(q) == 0 || len(c.ep.Request) == 0 || (c.ep.Method != "GET" && c.ep.Method != "DELETE") || q.Has(".r") {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(q)) {
		fields := c.ep.Request
		prefix := ""
		for _, part := range strings.Split(k, ".") {
			if fields == nil {
				break // the catalog knows no deeper
			}
			f := findField(fields, part)
			if f == nil {
				c.add("?"+k, unknownMessage(part, fields, prefix))
				break
			}
			prefix, fields = join(prefix, part), f.Fields
		}
	}
}

// required names required fields that are missing. A nested path counts
// only where its parent is present (each element of an array parent must
// carry it); paths bound by path placeholders and query parameters count
// as present.
func (c *checker) required(root any, q url.Values) {
	if q.Has(".r") {
		return // the SDK's encoded request: its fields are not visible here
	}
	for _, r := range c.ep.Required {
		if c.inPath[r] || inQuery(q, r) {
			continue
		}
		c.requireIn(root, c.ep.Request, strings.Split(r, "."), "")
	}
}

// requireIn walks the body and the declared fields together; a required
// name the declared fields do not have (an SDK oneOf group such as
// "bookedEntity.item") is not a wire field and is skipped.
func (c *checker) requireIn(v any, fields []Field, parts []string, prefix string) {
	f := findField(fields, parts[0])
	if f == nil {
		return // not a declared wire field, or deeper than the catalog knows
	}
	switch x := v.(type) {
	case []any:
		for i, el := range x {
			c.requireIn(el, fields, parts, fmt.Sprintf("%s[%d]", prefix, i))
		}
	case map[string]any:
		child, ok := x[parts[0]]
		path := join(prefix, parts[0])
		if !ok || child == nil {
			// "product.variantsInfo.variants.price" binds each variant
			// sent; without variants there is nothing to require.
			if len(parts) == 1 {
				c.add(path, "is required")
			}
			return
		}
		if len(parts) > 1 && f != nil {
			c.requireIn(child, f.Fields, parts[1:], path)
		}
	case nil:
		if prefix == "" {
			c.add(strings.Join(parts, "."), "is required")
		}
	}
}

// closest returns up to n candidates nearest to name by edit distance,
// ignoring case; a candidate that contains name or is contained in it
// counts as near.
func closest(name string, cands []string, n int) []string {
	type scored struct {
		s string
		d int
	}
	lname := strings.ToLower(name)
	limit := len(name)/3 + 1
	var out []scored
	for _, c := range cands {
		lc := strings.ToLower(c)
		last := lc[strings.LastIndexByte(lc, '.')+1:]
		d := editDistance(lname, last)
		if full := editDistance(lname, lc); full < d {
			d = full
		}
		if d > limit && len(lname) >= 3 && len(last) >= 3 && (strings.Contains(lc, lname) || strings.Contains(lname, last)) {
			d = limit
		}
		if d <= limit {
			out = append(out, scored{c, d})
		}
	}
	// Nearer first; at the same distance, the shallower name.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].d != out[j].d {
			return out[i].d < out[j].d
		}
		return strings.Count(out[i].s, ".") < strings.Count(out[j].s, ".")
	})
	res := make([]string, 0, n)
	for i := 0; i < len(out) && i < n; i++ {
		res = append(res, out[i].s)
	}
	return res
}

func editDistance(a, b string) int {
	if a == b {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// inQuery reports a request field sent as query-string parameters: itself
// ("fieldsets") or any of its members ("paging.limit" for "paging").
func inQuery(q url.Values, name string) bool {
	if q.Has(name) {
		return true
	}
	for k := range q {
		if strings.HasPrefix(k, name+".") {
			return true
		}
	}
	return false
}
