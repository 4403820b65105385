package wixclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// captureTransport answers every request with {} and remembers the last
// one, so a fuzz target can see exactly what Do would put on the wire.
type captureTransport struct {
	mu   sync.Mutex
	last *http.Request
}

func (c *captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.last = r
	c.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

// FuzzDoStaysOnHost sends any path and query through Do. Whatever the
// input, a request that leaves the client goes to the base host only, with
// exactly the path that was validated, the query only in the query string,
// and the key only in the Authorization header; anything else is refused
// before sending, with an error that does not contain the key.
func FuzzDoStaysOnHost(f *testing.F) {
	for _, tt := range hostilePaths("127.0.0.1:9") {
		f.Add(tt.path, "k", "v")
	}
	f.Add("/contacts/v4/contacts/query", "paging.limit", "10")
	f.Add("/wix-data/v2/items/a%20b", "x#y", "@evil.example/")
	f.Add("/x", testKey, testKey)
	f.Add("/"+testKey, "", "")
	base := "https://www.wixapis.com"
	rt := &captureTransport{}
	c, err := New(Options{BaseURL: base, Key: testKey, Scope: SiteScope("s"), Transport: rt, MaxAttempts: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, p, qk, qv string) {
		rt.mu.Lock()
		rt.last = nil
		rt.mu.Unlock()
		var query url.Values
		if qk != "" {
			query = url.Values{qk: {qv}}
		}
		_, err := doRaw(context.Background(), c, rawRequest{Method: "GET", Path: p, Query: query})
		rt.mu.Lock()
		sent := rt.last
		rt.mu.Unlock()
		if sent == nil {
			if err == nil {
				t.Fatalf("nothing sent for %q and no error", p)
			}
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Fatalf("path %q refused with %T %v, want a *PathError", p, err, err)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Fatalf("the key appears in the refusal: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("sent %s but Do failed: %v", sent.URL, err)
		}
		// Do sends the canonical form of the path (see CanonicalPath), the
		// form a caller's policy checks.
		canonical := CanonicalPath(p)
		if validatePath(canonical) != nil {
			t.Fatalf("sent %q, which validatePath refuses", canonical)
		}
		if sent.URL.Scheme != "https" || sent.URL.Host != "www.wixapis.com" || sent.URL.User != nil {
			t.Fatalf("path %q went to %s", p, sent.URL.Redacted())
		}
		if sent.URL.EscapedPath() != canonical {
			t.Fatalf("validated %q but sent path %q", canonical, sent.URL.EscapedPath())
		}
		if got := sent.URL.Query(); qk != "" && (len(got) != 1 || got.Get(qk) != qv) {
			t.Fatalf("query %q=%q arrived as %v", qk, qv, got)
		}
		if sent.Header.Get("Authorization") != testKey || sent.Header.Get("wix-site-id") != "s" {
			t.Fatalf("headers %v", sent.Header)
		}
	})
}
