package tools

import (
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestNotFoundHints: when Wix says the entity does not exist, the model is
// told so (the path was right), without other endpoints to try; a path
// Wix does not know gets "check the path" and the closest endpoints.
func TestNotFoundHints(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	res := f.call(t, "call_site_api", map[string]any{
		"site_id": wixsim.SiteBakery, "method": "GET", "path": "/contacts/v4/contacts/00000000-0000-4000-8000-00000000dead",
	})
	text := resultText(res)
	if !res.IsError || !strings.Contains(text, "CONTACT_NOT_FOUND") || !strings.Contains(text, "Hint: no contact with that ID") {
		t.Errorf("missing contact:\n%s", text)
	}
	if strings.Contains(text, "check the path") || strings.Contains(text, "closest to this path") {
		t.Errorf("a missing contact is not a wrong path:\n%s", text)
	}

	res = f.call(t, "call_site_api", map[string]any{
		"site_id": wixsim.SiteBakery, "method": "GET", "path": "/contacts/v4/contactz",
	})
	text = resultText(res)
	if !res.IsError || !strings.Contains(text, "check the path") || !strings.Contains(text, "closest to this path") {
		t.Errorf("unknown path:\n%s", text)
	}
}
