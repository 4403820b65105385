package safety

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

func TestRulesCheck(t *testing.T) {
	t.Parallel()
	standard := Rules{
		Allow: []string{"/contacts/**", "/stores/v3/**", "/wix-data/v2/items/*", "/site-list/v*/sites/query"},
		Deny:  []string{"/contacts/v4/contacts/delete-by-filter", "/stores/v3/bulk/**"},
	}
	tests := []struct {
		name    string
		rules   Rules
		path    string
		allowed bool
		rule    string
		reason  string
	}{
		{"no rules allow everything", Rules{}, "/ecom/v1/orders/search", true, "", "allowed: no allow list and no deny rule matched"},
		{"deny only, matched", Rules{Deny: []string{"/ecom/**"}}, "/ecom/v1/orders/search", false, "/ecom/**", "denied by rule /ecom/**"},
		{"deny only, other path", Rules{Deny: []string{"/ecom/**"}}, "/stores/v3/products/query", true, "", ""},
		{"** matches many segments", standard, "/contacts/v4/contacts/query", true, "/contacts/**", "allowed by rule /contacts/**"},
		{"** matches zero segments", standard, "/contacts", true, "/contacts/**", ""},
		{"** does not match a longer first segment", standard, "/contactsx/v4", false, "", "not on the allow list (allow: /contacts/**, /stores/v3/**, /wix-data/v2/items/*, /site-list/v*/sites/query)"},
		{"* is exactly one segment", standard, "/wix-data/v2/items/" + guid, true, "/wix-data/v2/items/*", ""},
		{"* does not cross a slash", standard, "/wix-data/v2/items/" + guid + "/references", false, "", ""},
		{"* needs a segment", standard, "/wix-data/v2/items", false, "", ""},
		{"* inside a segment", standard, "/site-list/v2/sites/query", true, "/site-list/v*/sites/query", ""},
		{"deny wins over allow", standard, "/stores/v3/bulk/products/delete", false, "/stores/v3/bulk/**", "denied by rule /stores/v3/bulk/**"},
		{"exact deny", standard, "/contacts/v4/contacts/delete-by-filter", false, "/contacts/v4/contacts/delete-by-filter", ""},
		{"exact deny ignores the query string", standard, "/contacts/v4/contacts/delete-by-filter?x=1", false, "/contacts/v4/contacts/delete-by-filter", ""},
		{"query string cannot smuggle an allowed path", standard, "/ecom/v1/orders?p=/contacts/x", false, "", ""},
		{"trailing slash ignored", standard, "/stores/v3/products/", true, "/stores/v3/**", ""},
		{"allow is case-sensitive", standard, "/Contacts/v4/contacts/query", false, "", ""},
		{"deny is case-insensitive", standard, "/stores/v3/BULK/products/delete", false, "/stores/v3/bulk/**", ""},
		{"deny sees through percent-encoding", standard, "/stores/v3/%62ulk/products/delete", false, "/stores/v3/bulk/**", ""},
		{"percent-encoded letters are the letters (RFC 3986 6.2.2.2)", standard, "/%63ontacts/v4/contacts/query", true, "/contacts/**", ""},
		{"an encoded reserved character never matches a literal allow", standard, "/contacts%3A/v4", false, "", ""},
		{"legit percent-encoding still allowed", standard, "/stores/v3/products/a%20b", true, "/stores/v3/**", ""},
		{"dot-dot refused", standard, "/contacts/../ecom/v1/orders", false, "", `refused: the path contains a "." or ".." segment`},
		{"dot refused", standard, "/contacts/./v4", false, "", ""},
		{"double slash refused", standard, "/contacts//v4", false, "", `refused: the path contains an empty segment ("//")`},
		{"double trailing slash refused", standard, "/contacts/v4//", false, "", ""},
		{"encoded slash refused", standard, "/contacts/v4%2Fcontacts", false, "", "refused: the path contains a percent-encoded slash or backslash"},
		{"lower-case encoded slash refused", standard, "/contacts/a%2fb", false, "", ""},
		{"double-encoded slash refused", standard, "/contacts/a%252Fb", false, "", ""},
		{"encoded dot-dot refused", standard, "/contacts/%2e%2e/ecom", false, "", "refused: the path contains a percent-encoded dot segment"},
		{"malformed encoding refused", standard, "/contacts/%zz", false, "", "refused: the path contains malformed percent-encoding"},
		{"backslash refused", standard, `/contacts\..\ecom`, false, "", "refused: the path contains a backslash"},
		{"control character refused", standard, "/contacts/v4\n/x", false, "", ""},
		{"relative path refused", standard, "contacts/v4", false, "", `refused: the path does not start with "/"`},
		{"empty path refused", standard, "", false, "", ""},
		{"non-canonical refused without an allow list too", Rules{}, "/contacts/../x", false, "", ""},
		{"/** allows the root", Rules{Allow: []string{"/**"}}, "/", true, "/**", ""},
		{"** in the middle", Rules{Allow: []string{"/**/query"}}, "/contacts/v4/contacts/query", true, "/**/query", ""},
		{"** in the middle, no match", Rules{Allow: []string{"/**/query"}}, "/contacts/v4/contacts/search", false, "", ""},
		{"bad deny rule fails closed", Rules{Deny: []string{"contacts/**"}}, "/stores/v3/products", false, "contacts/**", `refused: deny rule "contacts/**" is invalid (must start with "/")`},
		{"bad allow rule never matches", Rules{Allow: []string{"/stores**"}}, "/stores/v3", false, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			set, err := tc.rules.Compile()
			if err != nil {
				// A bad rule stops the server at start-up (config.Load
				// compiles every rule), so it can never allow anything.
				if tc.allowed {
					t.Errorf("Compile: %v, want a rule set that allows %q", err, tc.path)
				}
				return
			}
			p, err := wixclient.ParsePath(tc.path)
			if err != nil {
				// A path that is not canonical never reaches the rules:
				// ParsePath refuses it first.
				if tc.allowed {
					t.Errorf("ParsePath(%q): %v, want it allowed", tc.path, err)
				}
				return
			}
			got := set.Check(p)
			if got.Allowed != tc.allowed || got.Rule != tc.rule {
				t.Errorf("Check(%q) = %+v, want allowed=%v rule=%q", tc.path, got, tc.allowed, tc.rule)
			}
			if tc.reason != "" && got.Reason != tc.reason {
				t.Errorf("Check(%q).Reason = %q, want %q", tc.path, got.Reason, tc.reason)
			}
			if got.Reason == "" {
				t.Errorf("Check(%q) gave no reason", tc.path)
			}
		})
	}
}

func TestRulesValidate(t *testing.T) {
	t.Parallel()
	good := Rules{
		Allow: []string{"/contacts/**", "/stores/v3/**", "/wix-data/v2/items/*", "/**", "/a/**/b", "/v*x*/y", "/a%20b"},
		Deny:  []string{"/ecom/v1/payments/refund", "/**/delete"},
	}
	if _, err := good.Compile(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
	bad := []struct{ pattern, problem string }{
		{"", "is empty"},
		{"contacts/**", `must start with "/"`},
		{"/", `use "/**"`},
		{"/contacts/", `must not end with "/"`},
		{"/contacts**", `"**" must be a whole segment`},
		{"/**x/y", `"**" must be a whole segment`},
		{"/a/***", `"**" must be a whole segment`},
		{"/a//b", "empty segment"},
		{"/a/../b", `"." or ".."`},
		{"/a/./b", `"." or ".."`},
		{"/a/b?x=1", `contains '?'`},
		{"/a/[bc]", `contains '['`},
		{`/a\b`, `contains '\\'`},
		{"/a b", "space or control character"},
	}
	for _, tc := range bad {
		t.Run(tc.pattern, func(t *testing.T) {
			_, err := Rules{Deny: []string{tc.pattern}}.Compile()
			if err == nil {
				t.Fatalf("Validate(%q) = nil, want an error", tc.pattern)
			}
			var pe *PatternError
			if !errors.As(err, &pe) || pe.Pattern != tc.pattern || pe.List != "deny" {
				t.Fatalf("Validate(%q) = %v, want a *PatternError for that deny pattern", tc.pattern, err)
			}
			if !strings.Contains(err.Error(), tc.problem) || !strings.Contains(err.Error(), fmt.Sprintf("deny rule %q", tc.pattern)) {
				t.Errorf("error %q should name the pattern and say %q", err, tc.problem)
			}
		})
	}
	// All problems are reported at once, each naming its list.
	_, err := Rules{Allow: []string{"/ok/**", "nope"}, Deny: []string{"/x**"}}.Compile()
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	if !strings.Contains(msg, `allow rule "nope"`) || !strings.Contains(msg, `deny rule "/x**"`) || strings.Contains(msg, "/ok/**") {
		t.Errorf("joined error = %q", msg)
	}
}

func BenchmarkRulesCheck(b *testing.B) {
	set, err := Rules{
		Allow: []string{"/contacts/**", "/stores/v3/**", "/wix-data/v2/items/*", "/**/query"},
		Deny:  []string{"/stores/v3/bulk/**", "/contacts/v4/contacts/delete-by-filter"},
	}.Compile()
	if err != nil {
		b.Fatal(err)
	}
	p := wixclient.MustParsePath("/bookings/v2/services/query")
	for b.Loop() {
		set.Check(p)
	}
}
