package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestSandbox is a newcomer's first session: wix-mcp --sandbox with no
// key, over stdio with a real client: list the sites, query contacts,
// create one, find it with a filtered query, and get a validation error
// for a bad filter.
func TestSandbox(t *testing.T) {
	t.Parallel()
	s := startStdio(t, nil, nil, "--sandbox")
	if !strings.Contains(s.stderr.waitFor("SANDBOX MODE"), "SANDBOX MODE") {
		t.Errorf("sandbox mode must say so on stderr:\n%s", s.stderr.String())
	}
	if !strings.Contains(s.InitializeResult().Instructions, "SANDBOX MODE") {
		t.Error("sandbox mode must say so in the instructions")
	}

	res := s.call(t, "list_sites", map[string]any{"account": "agency"})
	if res.IsError {
		t.Fatalf("list_sites: %s", text(res))
	}
	if !strings.Contains(text(res), "Sandbox Bakery") || !strings.Contains(text(res), wixsim.SiteBakery) {
		t.Fatalf("sandbox sites not listed: %s", text(res))
	}

	query := func(body map[string]any) (bool, string) {
		res := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts/query", "body": body})
		return res.IsError, text(res)
	}
	isErr, out := query(map[string]any{"query": map[string]any{"paging": map[string]any{"limit": 5}}})
	if isErr || !strings.Contains(out, `"contacts"`) {
		t.Fatalf("query contacts: %s", out)
	}

	email := "newcomer.sandbox@example.com"
	res = s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts",
		"body": map[string]any{"info": map[string]any{"name": map[string]any{"first": "Nina", "last": "Newcomer"}, "emails": map[string]any{"items": []any{map[string]any{"email": email, "tag": "MAIN"}}}}}})
	if res.IsError {
		t.Fatalf("create contact: %s", text(res))
	}
	var created struct {
		Contact struct{ ID string } `json:"contact"`
	}
	if err := json.Unmarshal([]byte(jsonPart(text(res))), &created); err != nil || created.Contact.ID == "" {
		t.Fatalf("create answer has no contact id: %v %s", err, text(res))
	}

	isErr, out = query(map[string]any{"query": map[string]any{"filter": map[string]any{"info.emails.email": map[string]any{"$eq": email}}}})
	if isErr || !strings.Contains(out, created.Contact.ID) || !strings.Contains(out, "Newcomer") {
		t.Fatalf("filtered query does not find the new contact: %s", out)
	}

	// A filter Query Contacts does not declare is refused before sending,
	// with the fields it does declare.
	isErr, out = query(map[string]any{"query": map[string]any{"filter": map[string]any{"favouriteCake": "lemon"}}})
	if !isErr || !strings.Contains(out, "Refused before sending") || !strings.Contains(out, "favouriteCake") || !strings.Contains(out, "info.emails.email") {
		t.Fatalf("bad filter should be refused with the filterable fields: %s", out)
	}
}

// jsonPart returns the JSON document inside a tool's text result, which
// may be wrapped in an untrusted-data fence.
func jsonPart(s string) string {
	start := strings.IndexAny(s, "{[")
	end := strings.LastIndexAny(s, "}]")
	if start < 0 || end < start {
		return s
	}
	return s[start : end+1]
}
