package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Problem is one reason a request does not fit its endpoint's declared
// request type. Wix ignores many unknown fields and answers 200 with nothing
// changed, so these are worth refusing before anything is sent.
type Problem struct {
	// Path is the dotted location in the body ("info.emials",
	// "query.filter.statuz"), or "?name" for a query-string parameter.
	Path string
	// Message says what is wrong and what would be right.
	Message string
}

// String is the problem in one line. A path holding characters that do not
// print (zero-width, bidi controls, newlines) is shown quoted and escaped,
// so what the model wrote cannot disguise itself in the refusal.
func (p Problem) String() string { return printablePath(p.Path) + ": " + p.Message }

func printablePath(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

// maxSuggestions is how many close names a refusal offers.
const maxSuggestions = 3

// CheckRequest checks a request body and query string against the
// endpoint's request type: unknown fields at any depth the catalog knows,
// values of the wrong JSON type, filters and sorts on fields or with
// operators the query spec does not declare, and missing required fields.
// It returns nil when nothing is wrong or the catalog knows too little to
// tell. Fields whose type the catalog does not spell out (objects without
// fields, "any") accept anything.
func (e *Endpoint) CheckRequest(body json.RawMessage, query url.Values) []Problem {
	var root any
	if len(bytes.TrimSpace(body)) > 0 {
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		if err := d.Decode(&root); err != nil {
			return []Problem{{Path: "body", Message: "is not valid JSON: " + err.Error()}}
		}
	}
	return e.checkDecoded(root, query)
}

// CheckRequestValue is CheckRequest for a body that is already decoded
// (an MCP tool call's arguments, which the MCP library decoded), so it is
// not encoded and decoded again: nil is no body, and numbers may be
// float64 or json.Number. A value holding Go types encoding/json does not
// decode to (a []string, an int, built by Go code) is put through JSON
// first, so it is checked exactly as it would be sent.
func (e *Endpoint) CheckRequestValue(body any, query url.Values) []Problem {
	if !decodedJSON(body, 0) {
		raw, err := json.Marshal(body)
		if err != nil {
			return []Problem{{Path: "body", Message: "cannot be encoded as JSON: " + err.Error()}}
		}
		return e.CheckRequest(raw, query)
	}
	return e.checkDecoded(body, query)
}

// decodedJSON reports whether v holds only the types encoding/json decodes
// into an any. Deeper than it looks, a value is put through JSON instead.
func decodedJSON(v any, depth int) bool {
	if depth > 64 {
		return false
	}
	switch x := v.(type) {
	case nil, string, bool, float64, json.Number:
		return true
	case []any:
		for _, el := range x {
			if !decodedJSON(el, depth+1) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, el := range x {
			if !decodedJSON(el, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// checkDecoded checks a decoded body (nil: none) and the query string.
func (e *Endpoint) checkDecoded(root any, query url.Values) []Problem {
	c := checker{ep: e, inPath: pathParams(e.Path)}
	if obj, ok := root.(map[string]any); ok {
		if len(e.Request) > 0 {
			c.object(obj, e.Request, "")
		}
		c.query(obj)
	} else if root != nil && len(e.Request) > 0 {
		c.add("body", "must be a JSON object with the fields "+names(e.Request, 8))
	}
	c.queryString(query)
	c.required(root, query)
	return c.problems
}

type checker struct {
	ep       *Endpoint
	inPath   map[string]bool
	problems []Problem
}

func (c *checker) add(path, msg string) {
	for _, p := range c.problems {
		if p.Path == path && p.Message == msg {
			return
		}
	}
	c.problems = append(c.problems, Problem{Path: path, Message: msg})
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// object checks the members of a JSON object against declared fields.
func (c *checker) object(obj map[string]any, fields []Field, prefix string) {
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		f := findField(fields, k)
		if f == nil {
			c.add(join(prefix, k), unknownMessage(k, fields, prefix))
			continue
		}
		c.value(obj[k], f, join(prefix, k))
	}
}

// value checks one JSON value against a declared field.
func (c *checker) value(v any, f *Field, path string) {
	if v == nil {
		return // null clears or omits a field in Wix's JSON
	}
	typ, isArray := strings.CutSuffix(f.Type, "[]")
	if isArray {
		arr, ok := v.([]any)
		if !ok {
			c.add(path, fmt.Sprintf("must be an array (%s), not %s", f.Type, jsonKind(v)))
			return
		}
		el := *f
		el.Type = typ
		for i, x := range arr {
			c.value(x, &el, fmt.Sprintf("%s[%d]", path, i))
		}
		return
	}
	switch typ {
	case "any":
		return
	case "string":
		// Wix sends int64 fields as strings and accepts numbers for them;
		// the typings do not tell int64 from string, so a number passes.
		switch s := v.(type) {
		case string:
			if len(f.Enum) > 0 && !slices.Contains(f.Enum, s) {
				c.add(path, fmt.Sprintf("%q is not one of %s", s, strings.Join(f.Enum, ", ")))
			}
		case json.Number, float64:
		default:
			c.add(path, "must be a string, not "+jsonKind(v))
		}
	case "number":
		switch v.(type) {
		case json.Number, float64:
		default:
			c.add(path, "must be a number, not "+jsonKind(v))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			c.add(path, "must be true or false, not "+jsonKind(v))
		}
	default: // an object type
		obj, ok := v.(map[string]any)
		// A named type the catalog cannot spell out (a protobuf Value or
		// Struct from another module, or one below the depth it keeps) may
		// be any JSON; only a known object or a map must be an object.
		if !ok && len(f.Fields) == 0 && typ != "object" {
			return
		}
		if !ok {
			c.add(path, fmt.Sprintf("must be an object (%s), not %s", f.Type, jsonKind(v)))
			return
		}
		if len(f.Fields) > 0 && !isFreeForm(path, c.ep) {
			c.object(obj, f.Fields, path)
		}
	}
}

// isFreeForm reports paths whose members are the caller's own names: a
// query's filter (checked against the query spec instead) and Wix's
// extended-field and data maps.
func isFreeForm(path string, e *Endpoint) bool {
	last := path[strings.LastIndexByte(path, '.')+1:]
	return last == "filter" || last == "aggregation" || last == "namespaces" || last == "data"
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("a string (%q)", truncate(x, 20))
	case json.Number:
		return "a number (" + x.String() + ")"
	case float64:
		return "a number (" + strconv.FormatFloat(x, 'g', -1, 64) + ")"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func findField(fields []Field, name string) *Field {
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

func names(fields []Field, n int) string {
	var out []string
	for i, f := range fields {
		if i == n {
			out = append(out, "…")
			break
		}
		out = append(out, f.Name)
	}
	return strings.Join(out, ", ")
}

// unknownMessage names the closest known fields at that level.
func unknownMessage(name string, fields []Field, prefix string) string {
	// Names one or two levels down count too: "emails" sent at the top of
	// an Update Contact body belongs in info.emails.
	var cands []string
	var walk func(fs []Field, at string, depth int)
	walk = func(fs []Field, at string, depth int) {
		for _, f := range fs {
			cands = append(cands, join(at, f.Name))
			if depth > 0 {
				walk(f.Fields, join(at, f.Name), depth-1)
			}
		}
	}
	walk(fields, "", 2)
	near := closest(name, cands, maxSuggestions)
	if len(near) == 0 {
		return "is not a field of this request; known here: " + names(fields, 12)
	}
	for i := range near {
		near[i] = join(prefix, near[i])
	}
	return "is not a field of this request; did you mean " + strings.Join(near, " or ") + "?"
}
