package wixsim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// input decodes the request object of a call: the JSON body of POST, PUT
// and PATCH; for GET and DELETE either the SDK's ".r" parameter
// (base64url JSON of the whole request, no padding) or dotted query
// parameters such as paging.limit=10 (@wix/sdk-runtime, build/rest-modules.js
// and build/query-builder.js encode GET requests this way).
// queryInput returns the request and its query object under key ("query"
// or "search"), an empty one when the request has none: every part of a
// Wix query is optional.
func (c *call) queryInput(key string) (in, q Object, err *apiError) {
	if in, err = c.input(); err != nil {
		return nil, nil, err
	}
	if q, _ = objectField(in, key); q == nil {
		q = Object{}
	}
	return in, q, nil
}

func (c *call) input() (Object, *apiError) {
	if c.r.Method == http.MethodGet || c.r.Method == http.MethodDelete {
		q := c.r.URL.Query()
		if r := q.Get(".r"); r != "" {
			raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(r, "="))
			if err != nil {
				return nil, violation(".r", "is not base64url", "FORMAT")
			}
			return decodeObject(raw, ".r")
		}
		return dottedParams(q), nil
	}
	if len(bytes.TrimSpace(c.body)) == 0 {
		return Object{}, nil
	}
	return decodeObject(c.body, "body")
}

func decodeObject(raw []byte, field string) (Object, *apiError) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, violation(field, "is not valid JSON", "FORMAT")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, violation(field, "must be a JSON object", "FORMAT")
	}
	return obj, nil
}

// arrayParams are always decoded as arrays, even when given once.
var arrayParams = map[string]bool{"fields": true, "fieldsets": true, "paths": true}

// dottedParams turns paging.limit=10&fieldsets=FULL into
// {"paging":{"limit":10},"fieldsets":["FULL"]}.
func dottedParams(q map[string][]string) Object {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := Object{}
	for _, k := range keys {
		parts := strings.Split(k, ".")
		last := parts[len(parts)-1]
		node := out
		for _, p := range parts[:len(parts)-1] {
			next, ok := node[p].(Object)
			if !ok {
				next = Object{}
				node[p] = next
			}
			node = next
		}
		vals := q[k]
		if len(vals) > 1 || arrayParams[last] {
			arr := make([]any, len(vals))
			for i, v := range vals {
				arr[i] = v
			}
			node[last] = arr
			continue
		}
		node[last] = scalarParam(last, vals[0])
	}
	return out
}

func scalarParam(name, v string) any {
	switch name {
	case "limit", "offset":
		if n, err := strconv.Atoi(v); err == nil {
			return float64(n)
		}
	case "returnTotalCount":
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return v
}

// cloneObject deep-copies an object through JSON, which also normalises
// numbers to float64 like decoded requests.
func cloneObject(o Object) Object {
	if o == nil {
		return nil
	}
	b, err := json.Marshal(o)
	if err != nil {
		panic("wixsim: seed object is not JSON: " + err.Error())
	}
	var out Object
	if err := json.Unmarshal(b, &out); err != nil {
		panic("wixsim: " + err.Error())
	}
	return out
}

func cloneAll(objs []Object) []Object {
	out := make([]Object, len(objs))
	for i, o := range objs {
		out[i] = cloneObject(o)
	}
	return out
}

// objectField returns o[name] when it is an object.
func objectField(o Object, name string) (Object, bool) {
	v, ok := o[name].(map[string]any)
	return v, ok
}

func stringField(o Object, name string) string {
	s, _ := o[name].(string)
	return s
}
