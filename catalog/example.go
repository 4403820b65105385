package catalog

import (
	"encoding/json"
	"slices"
	"strings"
)

// exampleLimit is the page size example queries ask for: small enough to be
// cheap, large enough to show paging.
const exampleLimit = 10

// ExampleBody returns a small JSON request body that shows the shape of a
// call, or nil when the endpoint takes no body (GET without a POST form,
// DELETE, or no request fields). It never holds blank placeholders ("", {}, [] or null): sent as
// written, a blank field clears what the entity had. Every value is
// illustrative and to be replaced; IDs read "<contactId>".
//
//   - A query or search asks for the first page, newest first where the
//     spec allows sorting on createdDate.
//   - An update holds only what identifies the entity (IDs not in the path,
//     its revision), one illustrative field and, when the endpoint takes
//     one, the field mask naming that field: Wix changes only what is sent
//     or what the mask names.
//   - Anything else holds its required fields, or its main object with one
//     illustrative field when the SDK declares none required.
func (e *Endpoint) ExampleBody() json.RawMessage {
	// A GET query that Wix also takes as a POST body gets the POST example.
	noBody := (e.Method == "GET" && e.FallbackMethod != "POST") || e.Method == "DELETE"
	if noBody || len(e.Request) == 0 {
		return nil
	}
	b := exampleBuilder{inPath: pathParams(e.Path)}
	var body map[string]any
	switch {
	case e.Paging != nil:
		body = b.query(e)
	case e.isUpdate():
		body = b.update(e)
	default:
		body = b.other(e)
	}
	if len(body) == 0 {
		return nil
	}
	return mustJSON(body)
}

// isUpdate reports endpoints that change part of an existing entity.
func (e *Endpoint) isUpdate() bool {
	return strings.HasPrefix(e.SDKMethod, "update") || e.FieldMask != "" || e.Method == "PATCH"
}

type exampleBuilder struct {
	inPath map[string]bool
}

func (b exampleBuilder) query(e *Endpoint) map[string]any {
	// The query object, where the request has one, else the top level.
	holder := e.Request
	if h := findField(e.Request, e.QueryKey); h != nil && len(h.Fields) > 0 {
		holder = h.Fields
	}
	q := map[string]any{}
	switch {
	case findField(holder, "cursorPaging") != nil && (e.Paging.Style == "cursor" || findField(holder, "paging") == nil):
		q["cursorPaging"] = map[string]any{"limit": exampleLimit}
	case findField(holder, "paging") != nil:
		q["paging"] = map[string]any{"limit": exampleLimit}
	case findField(holder, "limit") != nil:
		q["limit"] = exampleLimit
	}
	if s := findQueryField(e.Sortable, "createdDate"); s != nil && len(s.Operators) > 0 && findField(holder, "sort") != nil {
		order := s.Operators[0]
		if slices.Contains(s.Operators, "DESC") {
			order = "DESC"
		}
		q["sort"] = []any{map[string]any{"fieldName": "createdDate", "order": order}}
	}
	body := map[string]any{}
	if len(q) > 0 && &holder[0] != &e.Request[0] {
		body[e.QueryKey] = q
	} else {
		for k, v := range q {
			body[k] = v
		}
	}
	// A query inside a container (a data collection, an event) names it.
	for _, f := range e.Request {
		if strings.HasSuffix(f.Name, "Id") && f.Name != "appId" && f.Type == "string" && !b.inPath[f.Name] {
			body[f.Name] = "<" + f.Name + ">"
		}
	}
	b.required(e, body)
	return body
}

func (b exampleBuilder) update(e *Endpoint) map[string]any {
	body := map[string]any{}
	var entity *Field
	for i := range e.Request {
		f := &e.Request[i]
		if b.inPath[f.Name] || f.Name == e.FieldMask {
			continue
		}
		switch {
		case f.Name == "revision":
			body[f.Name] = example(f, f.Name)
		case entity == nil && len(f.Fields) > 0 && !strings.HasSuffix(f.Type, "[]"):
			entity = f
		}
	}
	if entity != nil {
		obj := map[string]any{}
		for i := range entity.Fields {
			sub := &entity.Fields[i]
			path := entity.Name + "." + sub.Name
			if (sub.Name == "id" || sub.Name == "revision") && !b.inPath[path] {
				obj[sub.Name] = example(sub, path)
			}
		}
		if name, v, ok := illustrative(entity.Fields, entity.Name); ok {
			obj[name] = v
			if e.FieldMask != "" && !strings.Contains(e.FieldMask, ".") {
				// The mask names paths in the entity when the request holds
				// the entity itself (it has an id or a revision), else paths
				// in the request ("info.name" in Update Contact).
				path := name
				if findField(entity.Fields, "id") == nil && findField(entity.Fields, "revision") == nil {
					path = entity.Name + "." + name
				}
				if mf := findField(e.Request, e.FieldMask); mf != nil && strings.HasSuffix(mf.Type, "[]") {
					body[e.FieldMask] = []any{path}
				} else {
					body[e.FieldMask] = path
				}
			}
		}
		body[entity.Name] = obj
	}
	// Required fields down to the entity's own (bulk: items[].item.id);
	// deeper ones bind parts of the entity an update need not send.
	for _, r := range e.Required {
		if parts := strings.Split(r, "."); len(parts) <= 3 && !b.inPath[r] {
			setPath(body, e.Request, parts, "")
		}
	}
	return body
}

func (b exampleBuilder) other(e *Endpoint) map[string]any {
	body := map[string]any{}
	b.required(e, body)
	if len(body) > 0 {
		return body
	}
	for i := range e.Request {
		f := &e.Request[i]
		if b.inPath[f.Name] || len(f.Fields) == 0 {
			continue
		}
		if v := example(f, f.Name); v != nil {
			body[f.Name] = v
			return body
		}
	}
	for i := range e.Request {
		f := &e.Request[i]
		if v := example(f, f.Name); v != nil && !b.inPath[f.Name] {
			body[f.Name] = v
			return body
		}
	}
	return body
}

// required sets every required path the body lacks, building the objects
// and one-element arrays on the way.
func (b exampleBuilder) required(e *Endpoint, body map[string]any) {
	for _, r := range e.Required {
		if b.inPath[r] {
			continue
		}
		setPath(body, e.Request, strings.Split(r, "."), "")
	}
}

func setPath(obj map[string]any, fields []Field, parts []string, prefix string) {
	f := findField(fields, parts[0])
	if f == nil {
		return
	}
	path := join(prefix, f.Name)
	if len(parts) == 1 {
		if _, ok := obj[f.Name]; !ok {
			if v := example(f, path); v != nil {
				obj[f.Name] = v
			}
		}
		return
	}
	if strings.HasSuffix(f.Type, "[]") {
		arr, _ := obj[f.Name].([]any)
		if len(arr) == 0 {
			arr = []any{map[string]any{}}
		}
		for _, el := range arr {
			if m, ok := el.(map[string]any); ok {
				setPath(m, f.Fields, parts[1:], path)
			}
		}
		if m, ok := arr[0].(map[string]any); ok && len(m) > 0 {
			obj[f.Name] = arr
		}
		return
	}
	child, ok := obj[f.Name].(map[string]any)
	if !ok {
		child = map[string]any{}
	}
	setPath(child, f.Fields, parts[1:], path)
	if len(child) > 0 {
		obj[f.Name] = child
	}
}

// preferred are the fields an illustrative update or create shows first.
var preferred = []string{"name", "title", "displayName", "label", "description", "company", "first", "text", "email"}

// illustrative picks one field of an object to show, with its value.
func illustrative(fields []Field, prefix string) (string, any, bool) {
	skip := func(n string) bool {
		return n == "id" || n == "revision" || strings.HasSuffix(n, "Date") || strings.HasSuffix(n, "Id")
	}
	for _, want := range preferred {
		if f := findField(fields, want); f != nil {
			if v := example(f, join(prefix, f.Name)); v != nil {
				return f.Name, v, true
			}
		}
	}
	for _, pass := range []bool{false, true} {
		for i := range fields {
			f := &fields[i]
			if skip(f.Name) != pass {
				continue
			}
			if v := example(f, join(prefix, f.Name)); v != nil {
				return f.Name, v, true
			}
		}
	}
	return "", nil, false
}

// example is an illustrative value for a field, or nil when the catalog
// knows too little to show one (an object without known fields).
func example(f *Field, path string) any {
	if el, isArray := strings.CutSuffix(f.Type, "[]"); isArray {
		inner := *f
		inner.Type = el
		if v := example(&inner, path); v != nil {
			return []any{v}
		}
		return nil
	}
	switch f.Type {
	case "string":
		return exampleString(f, path)
	case "number":
		if f.Name == "limit" {
			return exampleLimit
		}
		return 1
	case "boolean":
		return true
	case "any":
		return "<value>"
	case "object":
		// A free-form map or a filter: one illustrative entry. A filter
		// names one ID, so a bulk call by filter touches nothing by accident.
		if f.Name == "filter" {
			return map[string]any{"id": map[string]any{"$in": []any{"<id>"}}}
		}
		return map[string]any{"<key>": "<value>"}
	}
	if len(f.Fields) == 0 {
		// An object type the catalog does not spell out at this depth.
		return map[string]any{"<key>": "<value>"}
	}
	v, ok := objectExample(f, path)
	if !ok {
		return nil
	}
	return v
}

func objectExample(f *Field, path string) (map[string]any, bool) {
	name, v, ok := illustrative(f.Fields, path)
	if !ok {
		return nil, false
	}
	return map[string]any{name: v}, true
}

func exampleString(f *Field, path string) string {
	if len(f.Enum) > 0 {
		return f.Enum[0]
	}
	n := strings.ToLower(f.Name)
	switch {
	case n == "id" || strings.HasSuffix(n, "id"):
		return "<" + path + ">"
	case strings.Contains(n, "email"):
		return "ada@example.com"
	case strings.Contains(n, "phone"):
		return "+1-555-0100"
	case strings.HasSuffix(n, "date") || strings.HasSuffix(n, "time"):
		return "2026-01-01T00:00:00Z"
	case strings.Contains(n, "url"):
		return "https://www.example.com"
	case n == "currency":
		return "USD"
	case strings.Contains(n, "amount") || strings.Contains(n, "price"):
		return "10.00"
	case n == "first":
		return "Ada"
	case n == "last":
		return "Baker"
	case n == "revision":
		return "1"
	}
	return "Example " + f.Name
}

// pathParams returns the placeholder names in a path template, e.g.
// {"contactId": true} or {"product.id": true}.
func pathParams(path string) map[string]bool {
	out := map[string]bool{}
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(path[i:], '}')
		if j < 0 {
			return out
		}
		out[path[i+1:i+j]] = true
		path = path[i+j+1:]
	}
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		// Only maps, slices and scalars built above reach here.
		panic("catalog: example body: " + err.Error())
	}
	return b
}
