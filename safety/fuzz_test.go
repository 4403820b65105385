package safety

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// FuzzClassifyEncodings checks, for any path wixclient.ParsePath accepts,
// that writing its letters as percent-escapes (as a model could, to get a
// delete past the gate) never changes its class, and that the classifier
// never panics.
func FuzzClassifyEncodings(f *testing.F) {
	for _, seed := range []struct{ method, path string }{
		{"POST", "/ecom/v1/order-billing/charge-order"},
		{"POST", "/stores/v3/products:bulkDelete"},
		{"GET", "/ecom/v1/checkouts/mark-checkout-as-completed-and-redirect-to-url"},
		{"POST", "/contacts/v4/contacts/query"},
		{"DELETE", "/contacts/v4/contacts/5e8a2f3c-1b4d-4e6f-9a0b-7c8d9e0f1a2b"},
		{"POST", "/members/v1/members/m/BLOCK"},
		{"post", "/a/%62ulk-%64elete"},
	} {
		f.Add(seed.method, seed.path)
	}
	f.Fuzz(func(t *testing.T, method, raw string) {
		p, err := wixclient.ParsePath(raw)
		if err != nil {
			return
		}
		want := Heuristic(method, p)
		var b strings.Builder
		for i := 0; i < len(p.String()); i++ {
			c := p.String()[i]
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				fmt.Fprintf(&b, "%%%02X", c)
				continue
			}
			b.WriteByte(c)
		}
		encoded, err := wixclient.ParsePath(b.String())
		if err != nil {
			t.Fatalf("ParsePath accepts %q but not its encoded form %q: %v", p, b.String(), err)
		}
		if got := Heuristic(method, encoded); got != want {
			t.Fatalf("%s %q is %s, but %s with its letters percent-encoded", method, p, want, got)
		}
	})
}
