package httpserve

import (
	"net/http"
	"testing"
)

// TestOAuthDiscoveryIs404: OAuth-capable clients probe these paths before
// connecting; without OAuth they must get 404 (not 401) so they fall back
// to the bearer token, while every other unknown path stays 401 without a
// token and the Host check still comes first.
func TestOAuthDiscoveryIs404(t *testing.T) {
	t.Parallel()
	r := serveTest(t, newTestServer(), Options{Transport: TransportHTTP})
	get := func(path, host string) int {
		req, err := http.NewRequest(http.MethodGet, r.url+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for path, want := range map[string]int{
		"/.well-known/oauth-protected-resource":          http.StatusNotFound,
		"/.well-known/oauth-protected-resource/mcp":      http.StatusNotFound,
		"/.well-known/oauth-authorization-server":        http.StatusNotFound,
		"/.well-known/oauth-authorization-server/mcp":    http.StatusNotFound,
		"/.well-known/openid-configuration":              http.StatusNotFound,
		"/.well-known/openid-configuration/mcp":          http.StatusNotFound,
		"/mcp/.well-known/openid-configuration":          http.StatusNotFound,
		"/.well-known/something-else":                    http.StatusUnauthorized,
		"/register":                                      http.StatusUnauthorized,
		"/mcp":                                           http.StatusUnauthorized,
		"/.well-known/oauth-protected-resource-and-more": http.StatusUnauthorized,
	} {
		if got := get(path, ""); got != want {
			t.Errorf("GET %s without a token: %d, want %d", path, got, want)
		}
	}
	if got := get("/.well-known/oauth-protected-resource", "evil.example"); got != http.StatusForbidden {
		t.Errorf("a foreign Host must still be refused first: %d", got)
	}
}
