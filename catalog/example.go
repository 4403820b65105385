package catalog

import (
	"encoding/json"
	"strings"
)

// exampleLimit is the page size example queries ask for: small enough to be
// cheap, large enough to show paging.
const exampleLimit = 10

// ExampleBody returns a minimal JSON request body for the endpoint, for an
// agent to fill in. Query endpoints get {"<query>":{"filter":{},
// "<paging|cursorPaging>":{"limit":10}}} plus any top-level ID fields (e.g.
// dataCollectionId); other endpoints get their top-level request fields with
// zero values, one level of nesting deep. Fields bound by path placeholders
// are left out. GET and DELETE endpoints, which take no body, return {}.
func (e *Endpoint) ExampleBody() json.RawMessage {
	body := map[string]any{}
	if e.Method == "GET" || e.Method == "DELETE" {
		return mustJSON(body)
	}
	inPath := pathParams(e.Path)
	if e.Paging != nil {
		pagingKey := "paging"
		if e.Paging.Style == "cursor" {
			pagingKey = "cursorPaging"
		}
		q := map[string]any{"filter": map[string]any{}, pagingKey: map[string]any{"limit": exampleLimit}}
		if e.QueryKey != "" {
			body[e.QueryKey] = q
		} else {
			body[pagingKey] = q[pagingKey]
		}
		for _, f := range e.Request {
			if strings.HasSuffix(f.Name, "Id") && f.Type == "string" && !inPath[f.Name] {
				body[f.Name] = ""
			}
		}
		return mustJSON(body)
	}
	for _, f := range e.Request {
		if inPath[f.Name] {
			continue
		}
		body[f.Name] = zeroValue(f, 1, inPath, f.Name)
	}
	return mustJSON(body)
}

// zeroValue is a placeholder value for a field, descending depth more levels
// into object fields and skipping nested fields bound by the path.
func zeroValue(f Field, depth int, inPath map[string]bool, prefix string) any {
	if strings.HasSuffix(f.Type, "[]") {
		return []any{}
	}
	switch f.Type {
	case "string":
		return ""
	case "number":
		return 0
	case "boolean":
		return false
	case "any":
		return nil
	}
	obj := map[string]any{}
	if depth > 0 {
		for _, sub := range f.Fields {
			name := prefix + "." + sub.Name
			if inPath[name] {
				continue
			}
			obj[sub.Name] = zeroValue(sub, depth-1, inPath, name)
		}
	}
	return obj
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
