package e2e

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestAgentFindsAndCallsAnEndpoint walks the path of an agent that knows
// nothing of Wix: search the catalog in plain words, describe the top hit,
// build the body from its example, and call it on the sandbox.
func TestAgentFindsAndCallsAnEndpoint(t *testing.T) {
	t.Parallel()
	s := startStdio(t, nil, nil, "--sandbox")
	tasks := []struct {
		words, wantPath string
		// fill puts task-specific values into the example body.
		fill func(body map[string]any)
	}{
		{"query contacts", "/contacts/v4/contacts/query", func(b map[string]any) {
			// primaryInfo.email: the field Query Contacts' spec declares
			// (the pre-send check refuses the undeclared info.emails.email).
			b["query"].(map[string]any)["filter"] = map[string]any{"primaryInfo.email": map[string]any{"$eq": "nobody@example.com"}}
		}},
		{"search ecommerce orders", "/ecom/v1/orders/search", nil},
		{"query members", "/members/v1/members/query", nil},
	}
	idPattern := regexp.MustCompile(`id (\S+)`)
	for _, task := range tasks {
		t.Run(task.words, func(t *testing.T) {
			res := s.call(t, "search_wix_api", map[string]any{"query": task.words, "limit": 3})
			if res.IsError {
				t.Fatal(text(res))
			}
			// The emulator has the classic endpoints; the catalog may rank a
			// newer version first, so take the expected one from the top 3.
			var hit string
			for _, line := range strings.Split(text(res), "\n") {
				if strings.Contains(line, " "+task.wantPath+" ") {
					hit = line
				}
			}
			if hit == "" {
				t.Fatalf("%s is not in the top 3 for %q:\n%s", task.wantPath, task.words, text(res))
			}
			id := idPattern.FindStringSubmatch(hit)[1]
			res = s.call(t, "describe_wix_api", map[string]any{"id": id})
			if res.IsError {
				t.Fatal(text(res))
			}
			var desc struct {
				Methods     []string
				Path, Tool  string
				ExampleBody map[string]any `json:"exampleBody"`
			}
			if err := json.Unmarshal([]byte(text(res)), &desc); err != nil {
				t.Fatalf("describe is not JSON: %v\n%s", err, text(res))
			}
			if desc.Tool != "call_site_api" || desc.ExampleBody == nil {
				t.Fatalf("describe: %+v", desc)
			}
			if task.fill != nil {
				task.fill(desc.ExampleBody)
			}
			res = s.call(t, desc.Tool, map[string]any{"site_id": wixsim.SiteBakery, "method": desc.Methods[0], "path": desc.Path, "body": desc.ExampleBody})
			if res.IsError {
				t.Fatalf("calling %s %s with the example body failed: %s", desc.Methods[0], desc.Path, text(res))
			}
		})
	}
	// A wrong path gets the closest catalog entries as suggestions.
	res := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contact/query", "body": map[string]any{}})
	if !res.IsError || !strings.Contains(text(res), "/contacts/v4/contacts/query") {
		t.Errorf("a 404 must suggest the right path: %s", text(res))
	}
}
