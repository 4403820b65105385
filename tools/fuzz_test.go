package tools

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// FuzzCallArgs decodes any JSON object as call_site_api's arguments, as
// the MCP server hands them to the handler. For every input: decoding does
// not panic; a refusal is an error the model can act on (an isError
// result, never a JSON-RPC error); and an accepted call has a known method,
// a path the Wix client accepts, no body on GET, and a body that is a JSON
// object or array.
func FuzzCallArgs(f *testing.F) {
	for _, seed := range []string{
		`{"method":"POST","path":"/contacts/v4/contacts/query","body":{"query":{"paging":{"limit":10}}},"fields":["contacts.id"]}`,
		`{"method":"get","path":"https://www.wixapis.com/stores/v3/products?limit=2&x=1","query":{"fieldsets":["A","B"],"paging.limit":5,"f":true}}`,
		`{"method":"POST","path":"/x","body":"{\"a\":[1,2]}"}`,
		`{"method":"POST","path":"/x","body":"{\"a\":1} trailing"}`,
		`{"method":"GET","path":"/x","body":{}}`,
		`{"method":"DELETE","path":"/%2e%2e/x","query":"{\"a\":{\"b\":1}}"}`,
		`{"method":"PATCH","path":"//evil.example/x","fields":"a, b,,c"}`,
		`{"method":"PUT","path":"/x?a=%zz","body":[1,{"b":null}]}`,
		`{"method":7,"path":["/x"],"query":[1],"body":"plain","fields":[1]}`,
		`{"path":"/x#frag?y=1","method":"TRACE"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var args map[string]any
		if json.Unmarshal([]byte(raw), &args) != nil {
			return
		}
		req := mcp.CallToolRequest{}
		req.Params.Name = "call_site_api"
		req.Params.Arguments = args
		call, err := parseCall(req)
		if err != nil {
			res, rerr := toolError(err)
			if rerr != nil || res == nil || !res.IsError {
				t.Fatalf("refusal %v of %s is not an isError result (would be a JSON-RPC error)", err, raw)
			}
			return
		}
		switch call.method {
		case "GET", "POST", "PUT", "PATCH", "DELETE":
		default:
			t.Fatalf("accepted method %q from %s", call.method, raw)
		}
		if _, err := wixclient.ParsePath(call.path.String()); err != nil {
			t.Fatalf("accepted path %q, which the client refuses: %v", call.path, err)
		}
		if call.body != nil {
			if call.method == "GET" {
				t.Fatalf("a GET with a body was accepted: %s", raw)
			}
			var v any
			if err := json.Unmarshal(call.body, &v); err != nil {
				t.Fatalf("body %q is not JSON: %v", call.body, err)
			}
			switch v.(type) {
			case map[string]any, []any:
			default:
				t.Fatalf("body %q is not an object or array", call.body)
			}
		}
		for _, fld := range call.fields {
			if fld == "" || strings.TrimSpace(fld) != fld {
				t.Fatalf("field %q kept from %s", fld, raw)
			}
		}
		_ = call.query.Encode()
	})
}

// FuzzRenderAnswer renders any Wix answer body for the model. For every
// body, fields and cap: rendering does not fail on a body that is valid
// JSON; the text stays within the cap; and the data is
// fenced, with a valid JSON document inside the fence when Wix sent JSON;
// a body that is not JSON is an error result.
func FuzzRenderAnswer(f *testing.F) {
	f.Add([]byte(`{"contacts":[{"id":"a"},{"id":"b"}],"pagingMetadata":{"count":2,"offset":0,"total":9,"hasNext":true}}`), "contacts.id", 2000)
	f.Add([]byte(`{"items":[],"pagingMetadata":{"cursors":{"next":"`+strings.Repeat("c", 300)+`"},"hasNext":true}}`), "", 1500)
	f.Add([]byte("<html>502 Bad Gateway</html>"), "", 100)
	f.Add([]byte(""), "x", 0)
	f.Add([]byte("\"\u200b\ufeff\xff\""), "a.b,c", 20000)
	f.Fuzz(func(t *testing.T, body []byte, fields string, maxChars int) {
		maxChars = 1500 + abs(maxChars)%30000
		var fs []string
		if fields != "" {
			// Arguments arrive decoded from JSON: always valid UTF-8.
			fs = strings.Split(strings.ToValidUTF8(fields, "\uFFFD"), ",")
		}
		res, err := renderAnswer(body, fs, maxChars, "Wix answered 200 to POST /x on site s")
		if err != nil {
			if json.Valid(body) {
				t.Fatalf("valid JSON body %q failed to render: %v", body, err)
			}
			t.Fatalf("render failed: %v", err)
		}
		text := res.Content[0].(mcp.TextContent).Text
		if n := utf8.RuneCountInString(text); n > maxChars {
			t.Fatalf("%d characters over a cap of %d", n, maxChars)
		}
		empty := len(bytes.TrimSpace(body)) == 0
		if wantErr := !empty && !json.Valid(body); res.IsError != wantErr {
			t.Fatalf("isError = %v for body %q; only a non-empty body that is not JSON is an error", res.IsError, body)
		}
		if empty {
			return // no data from Wix, nothing to fence
		}
		inner, ok := fenced(text)
		if !ok {
			t.Fatalf("data not fenced: %q", text)
		}
		if json.Valid(body) && !json.Valid([]byte(inner)) {
			t.Fatalf("fenced data is not JSON: %q", inner)
		}
	})
}

// fenced returns what lies inside the untrusted-data fence of text.
func fenced(text string) (string, bool) {
	start := strings.LastIndex(text, "\n<untrusted-wix-data-")
	if start < 0 {
		return "", false
	}
	rest := text[start+1:]
	open := strings.IndexByte(rest, '>')
	end := strings.LastIndex(rest, "</untrusted-wix-data-")
	if open < 0 || end < open {
		return "", false
	}
	return strings.TrimSpace(rest[open+1 : end]), true
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // math.MinInt
			return 0
		}
		return -n
	}
	return n
}
