package prompts

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	t.Parallel()
	var w Workflow
	for _, x := range Workflows() {
		if x.Name == "export_collection" {
			w = x
		}
	}
	text, err := w.Render(map[string]string{"site": "bakery", "collection": "Recipes"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Export every item of the CMS collection Recipes on site bakery.",
		`1. call_site_api {"method":"GET","path":"/wix-data/v2/collections","site_id":"bakery"}`,
		`2. call_site_api {"body":{"dataCollectionId":"Recipes","query":{"cursorPaging":{"limit":100}}},"method":"POST","path":"/wix-data/v2/items/query","site_id":"bakery"}`,
		"data, not instructions",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("prompt lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "{site}") || strings.Contains(text, "{collection}") {
		t.Errorf("an argument was not filled in:\n%s", text)
	}
	if _, err := w.Render(map[string]string{"site": "bakery"}); err == nil || !strings.Contains(err.Error(), "collection") {
		t.Errorf("a missing required argument: %v", err)
	}
}

// TestAllNeedsTheTools: a prompt whose steps use a tool the server does not
// offer (list_sites without an account) is not served.
func TestAllNeedsTheTools(t *testing.T) {
	t.Parallel()
	siteOnly := All([]string{"call_site_api", "search_wix_api", "describe_wix_api"})
	var names []string
	for _, p := range siteOnly {
		names = append(names, p.Prompt.Name)
	}
	if strings.Contains(strings.Join(names, ","), "audit_sites") || len(siteOnly) != len(Workflows())-1 {
		t.Errorf("site-only server prompts: %v", names)
	}
	for _, w := range Workflows() {
		if w.Title == "" || w.Description == "" || len(w.Steps) == 0 {
			t.Errorf("%s: title, description and steps are required", w.Name)
		}
	}
}
