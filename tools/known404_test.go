package tools

import (
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestErrorHintsTellPathsFromIDs checks what the model is told when a call
// fails: a known endpoint's 404 points at the IDs, never at the path; an
// endpoint the sandbox does not emulate says so; an unknown path gets the
// closest catalog endpoints.
func TestErrorHintsTellPathsFromIDs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	cases := []struct {
		name, method, path string
		want               []string
		notWant            []string
	}{
		{"known endpoint, missing entity", "GET", "/blog/v3/posts/5a1d0c0a-0000-4000-8000-0000000000ff",
			[]string{"Wix answered 404 POST_NOT_FOUND", "the path is right"},
			[]string{"check the path", "closest"}},
		{"known endpoint, other 404", "GET", "/wix-data/v2/collections/NoSuchCollection",
			[]string{"Wix answered 404 WDE0025", "GET /wix-data/v2/collections/{dataCollectionId} is a known endpoint", "check the IDs"},
			[]string{"check the path", "closest"}},
		{"not emulated", "POST", "/bookings/multiServiceBookings/v2/multi_service_bookings/add_bookings_to_multi_service_booking",
			[]string{"Wix answered 501 SANDBOX_NOT_EMULATED", "does not emulate this endpoint; it exists on real Wix"},
			[]string{"check the path", "closest"}},
		{"unknown path", "GET", "/blog/v3/postz",
			[]string{"Wix answered 404", "Known endpoints closest to this path", "GET /blog/v3/posts"},
			nil},
	}
	for _, tc := range cases {
		// validate: false sends the call unchecked, so the sandbox answers.
		args := map[string]any{"site_id": wixsim.SiteBakery, "method": tc.method, "path": tc.path, "validate": false}
		if tc.method == "POST" {
			args["body"] = map[string]any{}
		}
		res := f.call(t, "call_site_api", args)
		text := resultText(res)
		if !res.IsError {
			t.Errorf("%s: not an error: %s", tc.name, text)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: result lacks %q:\n%s", tc.name, w, text)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(text, w) {
				t.Errorf("%s: result has %q:\n%s", tc.name, w, text)
			}
		}
	}
}
