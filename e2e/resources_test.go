package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestResourcesOnTheSandbox reads every resource and template of the
// built binary with a real client: Wix data arrives inside the untrusted
// fence, each read is logged like the tool call it makes, and a site no
// account owns is an error, not an empty resource.
func TestResourcesOnTheSandbox(t *testing.T) {
	s := startStdio(t, nil, nil, "--sandbox")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	caps := s.InitializeResult().Capabilities
	if caps.Resources == nil || caps.Prompts == nil || caps.Tools == nil {
		t.Errorf("capabilities must declare tools, resources and prompts: %+v", caps)
	}

	list, err := s.ListResources(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Resources) != 1 || list.Resources[0].URI != "wix://sites" || list.Resources[0].MIMEType == "" {
		t.Fatalf("resources: %+v", list.Resources)
	}
	templates, err := s.ListResourceTemplates(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, tpl := range templates.ResourceTemplates {
		uris = append(uris, tpl.URITemplate)
	}
	slices.Sort(uris)
	if !slices.Equal(uris, []string{"wix://api/{id}", "wix://sites/{id}"}) {
		t.Fatalf("templates: %v", uris)
	}

	read := func(uri string) (string, error) {
		res, err := s.ReadResource(ctx, &gomcp.ReadResourceParams{URI: uri})
		if err != nil {
			return "", err
		}
		if len(res.Contents) != 1 || res.Contents[0].URI != uri || res.Contents[0].MIMEType == "" {
			t.Fatalf("%s: contents %+v", uri, res.Contents)
		}
		return res.Contents[0].Text, nil
	}
	for uri, want := range map[string][]string{
		"wix://sites":                          {"Sandbox Bakery", wixsim.SiteBakery, "Sandbox Other Site", "<untrusted-wix-data-"},
		"wix://sites/" + wixsim.SiteBakery:     {"Sandbox Bakery", "<untrusted-wix-data-", "GET /site-properties/v4/properties"},
		"wix://api/crm.contacts.queryContacts": {`"path":"/contacts/v4/contacts/query"`, `"exampleBody"`},
	} {
		got, err := read(uri)
		if err != nil {
			t.Errorf("%s: %v", uri, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", uri, w, got)
			}
		}
	}
	if _, err := read("wix://sites/00000000-0000-4000-8000-000000000000"); err == nil || !strings.Contains(err.Error(), "no configured account owns it") {
		t.Errorf("an unknown site must be an error that says why: %v", err)
	}
	if _, err := read("wix://api/no.such.endpoint"); err == nil {
		t.Error("an unknown endpoint id must be an error")
	}
	if _, err := read("wix://nothing"); err == nil {
		t.Error("an unknown URI must be an error")
	}
	// Each Wix read behind a resource is a logged call.
	logs := s.stderr.waitFor(`"tool":"list_sites"`, `"path":"/site-properties/v4/properties"`)
	if !strings.Contains(logs, `"tool":"list_sites"`) || !strings.Contains(logs, `"path":"/site-properties/v4/properties"`) {
		t.Errorf("resource reads are not logged as the calls they make:\n%s", logs)
	}
}

// TestProtocolNits: every tool has a top-level title, body has a JSON
// type, and the instructions name the search-and-describe workflow. (That
// elicitation is not advertised is checked on the raw initialize answer in
// mcpserver's tests.)
func TestProtocolNits(t *testing.T) {
	s := startStdio(t, nil, nil, "--sandbox")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tools, err := s.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range tools.Tools {
		if tool.Title == "" {
			t.Errorf("%s has no top-level title", tool.Name)
		}
		if tool.Name == "call_site_api" {
			body := tool.InputSchema.(map[string]any)["properties"].(map[string]any)["body"].(map[string]any)
			if types, ok := body["type"].([]any); !ok || len(types) != 2 || types[0] != "object" || types[1] != "array" {
				t.Errorf("body type = %v", body["type"])
			}
		}
	}
	if !strings.Contains(s.InitializeResult().Instructions, "search_wix_api") || !strings.Contains(s.InitializeResult().Instructions, "describe_wix_api") {
		t.Error("instructions do not name the search and describe workflow")
	}
}
