package wixclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
	"sync/atomic"
	"testing"
)

func TestValidatePathAccepts(t *testing.T) {
	t.Parallel()
	for _, p := range []string{
		"/",
		"/contacts/v4/contacts/query",
		"/site-list/v2/sites/query",
		"/contacts/v4/contacts/",
		"/wix-data/v2/items/a%20b",
		"/wix-data/v2/items/caf%C3%A9",
		"/wix-data/v2/items/100%25",
		"/stores/v1/products/abc-123_x~y",
		"/a/b:c",
		"/a/.well-known",
		"/a/..b/c..",
		"/a/%2e%2e%2e",
		"/a/!$&'()*+,=",
	} {
		if err := validatePath(p); err != nil {
			t.Errorf("validatePath(%q) = %v, want nil", p, err)
		}
	}
}

// hostilePaths are refused before any I/O. otherHost is the address of a
// second listener standing for "another host".
func hostilePaths(otherHost string) []struct{ path, reason string } {
	return []struct{ path, reason string }{
		{"", "is empty"},
		{"contacts/v4/contacts", "does not start with /"},
		{"http://" + otherHost + "/", "scheme"},
		{"https://" + otherHost + "/x", "scheme"},
		{"HTTP://" + otherHost, "scheme"},
		{"javascript:alert(1)", "scheme"},
		{"/redirect?to=http://" + otherHost, "scheme"},
		{"//" + otherHost + "/x", "starts with //"},
		{"///" + otherHost + "/x", "starts with //"},
		{"/@" + otherHost, "userinfo"},
		{"/x@" + otherHost + "/y", "userinfo"},
		{`\\` + otherHost + `\x`, "does not start with /"},
		{`/\` + otherHost + "/x", "backslash"},
		{"/a/%5c" + otherHost, "encoded / or \\"},
		{"/%2f%2f" + otherHost + "/x", "encoded / or \\"},
		{"/a%2F..%2Fb", "encoded / or \\"},
		{"/a/%252f/b", "encoded / or \\"},
		{"/contacts/../site-list/v2/sites/query", ". or .. segment"},
		{"/..", ". or .. segment"},
		{"/a/./b", ". or .. segment"},
		{"/a/.", ". or .. segment"},
		{"/a/%2e%2e/b", ". or .. segment"},
		{"/a/%2E./b", ". or .. segment"},
		{"/a/%252e%252e/b", ". or .. segment"},
		{"/a/%25252e%25252e/b", ". or .. segment"},
		{"/a/..;/b", "';'"},
		{"/ecom/v1/gift-cards/void;x", "matrix parameters"},
		{"/a/%2e%2e%3bx/b", ". or .. segment"},
		{"/a/%c0%ae%c0%ae/b", "not valid UTF-8"},
		{"/a/b\r\nHost: " + otherHost, "control character"},
		{"/a/b%0d%0aHost:%20evil", "encoded control character"},
		{"/a/b%00", "encoded control character"},
		{"/a\x00b", "control character"},
		{"/a\tb", "control character"},
		{"/a b", "whitespace"},
		{"/a/\u00e9", "non-ASCII"},
		{"/a/\u2215evil", "non-ASCII"},
		{"/a#frag", "fragment"},
		{"/a?b=c", "query"},
		{"/wix-data/v2/items/remove%3F/query", "encoded ? or #"},
		{"/wix-data/v2/items/remove%3f/query", "encoded ? or #"},
		{"/wix-data/v2/items/remove%253F/query", "encoded ? or #"},
		{"/wix-data/v2/items/remove%25253f/query", "encoded ? or #"},
		{"/contacts/v4/contacts/delete%23/query", "encoded ? or #"},
		{"/contacts/v4/contacts/delete%2523/query", "encoded ? or #"},
		{"/a/%3F", "encoded ? or #"},
		{"/a/%23", "encoded ? or #"},
		{"/a/%zz", "malformed percent-escape"},
		{"/a/%2", "malformed percent-escape"},
		{"/contacts/v4/contacts/{contactId}", "placeholder"},
		{"/a/<script>", "must be percent-encoded"},
		{"/a//b", "empty segment"},
		{"/a/%25252525252e", "too many times"},
		{"/" + strings.Repeat("a", maxPathLen), "longer than"},
	}
}

func TestValidatePathRefuses(t *testing.T) {
	t.Parallel()
	for _, tt := range hostilePaths("127.0.0.1:9") {
		err := validatePath(tt.path)
		var pe *PathError
		if !errors.As(err, &pe) {
			t.Errorf("validatePath(%q) = %v, want *PathError", tt.path, err)
			continue
		}
		if !strings.Contains(pe.Reason, tt.reason) {
			t.Errorf("validatePath(%q) reason %q, want it to mention %q", tt.path, pe.Reason, tt.reason)
		}
		if strings.ContainsAny(pe.Error(), "\r\n\x00") || len(pe.Path) > maxQuotedPath+10 {
			t.Errorf("error for %q is not safely quoted: %q", tt.path, pe.Error())
		}
	}
}

// countingTransport counts round trips, to prove nothing was sent.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func countingServer() (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"reached":"` + r.Host + `"}`))
	})), &hits
}

func TestHostilePathsNeverLeaveBaseHost(t *testing.T) {
	t.Parallel()
	other, otherHits := countingServer()
	defer other.Close()
	main, mainHits := countingServer()
	defer main.Close()
	otherHost := strings.TrimPrefix(other.URL, "http://")

	ct := &countingTransport{next: main.Client().Transport}
	c, _ := newTestClient(t, main, func(o *Options) { o.Transport = ct })
	for _, tt := range hostilePaths(otherHost) {
		for _, method := range []string{"GET", "POST"} {
			resp, err := doRaw(context.Background(), c, rawRequest{Method: method, Path: tt.path, Query: url.Values{"q": {"1"}}})
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Errorf("%s %q = %v, %v; want *PathError", method, tt.path, resp, err)
			}
		}
	}
	if n := ct.n.Load(); n != 0 {
		t.Errorf("transport saw %d round trips, want 0", n)
	}
	if n := mainHits.Load(); n != 0 {
		t.Errorf("base host got %d requests, want 0", n)
	}
	if n := otherHits.Load(); n != 0 {
		t.Errorf("the other host got %d requests, want 0", n)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	for _, status := range []int{301, 302, 303, 307, 308} {
		other, otherHits := countingServer()
		var mainHits atomic.Int32
		main := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mainHits.Add(1)
			w.Header().Set("X-Wix-Request-Id", "r-redirect")
			http.Redirect(w, r, other.URL+"/stolen", status)
		}))
		c, _ := newTestClient(t, main, nil)
		_, err := doRaw(context.Background(), c, rawRequest{Method: "GET", Path: "/contacts/v4/contacts"})
		var ae *APIError
		if !errors.As(err, &ae) || ae.Status != status {
			t.Errorf("%d: err = %v, want *APIError with that status", status, err)
		} else if !strings.Contains(ae.Hint(), "never followed") || strings.Contains(err.Error(), other.URL) {
			t.Errorf("%d: error %q / hint %q", status, err, ae.Hint())
		}
		if n := mainHits.Load(); n != 1 {
			t.Errorf("%d: base host got %d requests, want 1 (a 3xx is not retried)", status, n)
		}
		if n := otherHits.Load(); n != 0 {
			t.Errorf("%d: redirect target got %d requests, want 0", status, n)
		}
		main.Close()
		other.Close()
	}
}

func TestTargetStaysOnBaseHost(t *testing.T) {
	t.Parallel()
	c, err := New(Options{Key: testKey, Scope: SiteScope("s"), BaseURL: "https://www.wixapis.com/"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.target("/contacts/v4/contacts", url.Values{"a": {"b c"}})
	if want := "https://www.wixapis.com/contacts/v4/contacts?a=b+c"; err != nil || got != want {
		t.Errorf("target = %q, %v; want %q", got, err, want)
	}
}

// FuzzValidatePath checks ValidatePath against an independent oracle: any
// accepted path, joined to the base URL, stays on the base host, is sent
// verbatim, and no decoding of it (up to the layer limit) yields a dot
// segment, an empty segment or a backslash.
func FuzzValidatePath(f *testing.F) {
	for _, tt := range hostilePaths("127.0.0.1:9") {
		f.Add(tt.path)
	}
	f.Add("/contacts/v4/contacts/query")
	f.Add("/wix-data/v2/items/a%20b")
	c, err := New(Options{Key: testKey, Scope: SiteScope("s")})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if validatePath(p) != nil {
			return
		}
		target, err := c.target(p, nil)
		if err != nil {
			t.Fatalf("accepted %q but target failed: %v", p, err)
		}
		u, err := url.Parse(target)
		if err != nil || u.Host != "www.wixapis.com" || u.EscapedPath() != p {
			t.Fatalf("accepted %q but it becomes %q", p, target)
		}
		layer := p
		for range maxDecodeLayers + 1 {
			trimmed := strings.TrimSuffix(layer, "/")
			if trimmed != "" && path.Clean(trimmed) != trimmed {
				t.Fatalf("accepted %q, which decodes to the unclean %q", p, layer)
			}
			if strings.Contains(layer, `\`) {
				t.Fatalf("accepted %q, which decodes to a backslash: %q", p, layer)
			}
			next, err := url.PathUnescape(layer)
			if err != nil || next == layer {
				break
			}
			layer = next
		}
	})
}

func BenchmarkValidatePath(b *testing.B) {
	for _, p := range []string{"/contacts/v4/contacts/query", "/wix-data/v2/items/caf%C3%A9%20au%20lait"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				if err := validatePath(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCanonicalPath(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"/contacts/v4/contacts/query": "/contacts/v4/contacts/query",
		"/ecom/v1/gift-cards/%76oid":  "/ecom/v1/gift-cards/void",
		"/ecom/v1/orders/x/%63ancel":  "/ecom/v1/orders/x/cancel",
		"/a/%2D%2e%5f%7E":             "/a/-._~",
		"/items/caf%c3%a9":            "/items/caf%C3%A9",
		"/a/%2fb":                     "/a/%2Fb",
		"/a/%2e%2e/b":                 "/a/../b", // ParsePath refuses it next
		"/bad/%zz":                    "/bad/%zz",
		"/trailing%":                  "/trailing%",
	}
	for in, want := range tests {
		if got := CanonicalPath(in); got != want {
			t.Errorf("CanonicalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDoSendsTheCanonicalPath checks that what reaches Wix is the form a
// caller's policy checked.
func TestDoSendsTheCanonicalPath(t *testing.T) {
	t.Parallel()
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.EscapedPath()
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, Key: "k", Scope: SiteScope("s")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := doRaw(context.Background(), c, rawRequest{Method: "POST", Path: "/ecom/v1/gift-cards/%76oid"}); err != nil {
		t.Fatal(err)
	}
	if got != "/ecom/v1/gift-cards/void" {
		t.Errorf("sent %q", got)
	}
}
