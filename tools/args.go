package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// argError is a bad argument; handlers turn it into an isError result
// telling the model what to send instead.
type argError struct{ msg string }

func (e *argError) Error() string { return e.msg }

func argErrorf(format string, args ...any) error { return &argError{fmt.Sprintf(format, args...)} }

// optionalString returns a string argument, "" when absent.
func optionalString(req mcp.CallToolRequest, name string) (string, error) {
	v, ok := req.GetArguments()[name]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", argErrorf("%s must be a string, got %s", name, jsonType(v))
	}
	return strings.TrimSpace(s), nil
}

// requiredString returns a non-empty string argument.
func requiredString(req mcp.CallToolRequest, name, hint string) (string, error) {
	s, err := optionalString(req, name)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", argErrorf("%s is required: %s", name, hint)
	}
	return s, nil
}

// optionalInt returns a whole-number argument within [min, max], def when
// absent. JSON numbers arrive as float64; numeric strings are accepted
// because models sometimes quote numbers.
func optionalInt(req mcp.CallToolRequest, name string, def, lo, hi int) (int, error) {
	v, ok := req.GetArguments()[name]
	if !ok || v == nil {
		return def, nil
	}
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case int:
		f = float64(n)
	case string:
		parsed, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		if err != nil {
			return 0, argErrorf("%s must be a whole number, got %q", name, n)
		}
		f = parsed
	default:
		return 0, argErrorf("%s must be a whole number, got %s", name, jsonType(v))
	}
	if f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return 0, argErrorf("%s must be a whole number from %d to %d, got %v", name, lo, hi, v)
	}
	return int(f), nil
}

// optionalStringList returns a list-of-strings argument; a single string
// is taken as a one-item list, and a comma-separated string is split.
func optionalStringList(req mcp.CallToolRequest, name string) ([]string, error) {
	v, ok := req.GetArguments()[name]
	if !ok || v == nil {
		return nil, nil
	}
	switch l := v.(type) {
	case string:
		var out []string
		for _, p := range strings.Split(l, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out, nil
	case []any:
		out := make([]string, 0, len(l))
		for i, item := range l {
			s, ok := item.(string)
			if !ok {
				return nil, argErrorf("%s[%d] must be a string, got %s", name, i, jsonType(item))
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	return nil, argErrorf("%s must be a list of strings, got %s", name, jsonType(v))
}

// httpMethod returns the method argument, upper-cased and checked.
func httpMethod(req mcp.CallToolRequest) (string, error) {
	list := strings.Join(wixclient.Methods, ", ")
	m, err := requiredString(req, "method", "one of "+list)
	if err != nil {
		return "", err
	}
	m = strings.ToUpper(m)
	if wixclient.IsMethod(m) {
		return m, nil
	}
	return "", argErrorf("method %q is not supported; use one of %s", m, list)
}

// jsonArg returns an argument meant to be a JSON object or array. A string
// that holds one is parsed, because models often send JSON as a string.
func jsonArg(req mcp.CallToolRequest, name, example string) (any, error) {
	v, ok := req.GetArguments()[name]
	if !ok || v == nil {
		return nil, nil
	}
	s, isString := v.(string)
	if !isString {
		return v, nil
	}
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	if s[0] != '{' && s[0] != '[' {
		return nil, argErrorf("%s must be a JSON object or array, e.g. %s; got a plain string", name, example)
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var parsed any
	err := dec.Decode(&parsed)
	if err == nil && dec.More() {
		err = fmt.Errorf("text after the JSON value")
	}
	if err != nil {
		return nil, argErrorf("%s is a string that is not valid JSON (%v); send it as a JSON object instead of a string", name, err)
	}
	return parsed, nil
}

// queryArg turns the query object into URL values. Arrays repeat the
// parameter, as Wix expects (fieldsets=A&fieldsets=B).
func queryArg(req mcp.CallToolRequest) (url.Values, error) {
	const example = `{"paging.limit": 10}`
	v, err := jsonArg(req, "query", example)
	if v == nil || err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, argErrorf("query must be an object of query-string parameters such as %s, got %s", example, jsonType(v))
	}
	values := url.Values{}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		items, isList := obj[k].([]any)
		if !isList {
			items = []any{obj[k]}
		}
		for _, item := range items {
			s, err := scalarString(item)
			if err != nil {
				return nil, argErrorf("query parameter %s: %v; nest objects with dotted names such as paging.limit", k, err)
			}
			values.Add(k, s)
		}
	}
	return values, nil
}

func scalarString(v any) (string, error) {
	switch s := v.(type) {
	case string:
		return s, nil
	case bool:
		return strconv.FormatBool(s), nil
	case float64:
		return strconv.FormatFloat(s, 'f', -1, 64), nil
	case json.Number:
		return s.String(), nil
	}
	return "", fmt.Errorf("values must be strings, numbers or booleans, got %s", jsonType(v))
}

// bodyArg returns the JSON body, an object or an array or a string that
// holds one: encoded as it is sent, and decoded, for the pre-send check.
func bodyArg(req mcp.CallToolRequest) (json.RawMessage, any, error) {
	v, err := jsonArg(req, "body", `{"query":{"paging":{"limit":10}}}`)
	if v == nil || err != nil {
		return nil, nil, err
	}
	switch v.(type) {
	case map[string]any, []any:
	default:
		return nil, nil, argErrorf("body must be a JSON object or array, got %s", jsonType(v))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, nil, fmt.Errorf("encoding body: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), v, nil
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, int, json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// optionalBool returns a boolean argument, false when absent.
func optionalBool(req mcp.CallToolRequest, name string) (bool, error) {
	v, ok := req.GetArguments()[name]
	if !ok || v == nil {
		return false, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, argErrorf("%s must be true or false, got %s", name, jsonType(v))
	}
	return b, nil
}
