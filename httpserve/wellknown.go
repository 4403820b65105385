package httpserve

import (
	"net/http"
	"strings"
)

// oauthMetadata are the discovery documents OAuth-capable MCP clients
// fetch before connecting: protected resource metadata (RFC 9728, which
// the MCP authorization spec asks clients to try first,
// https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization),
// authorization server metadata (RFC 8414) and OpenID Connect discovery.
var oauthMetadata = []string{"oauth-protected-resource", "oauth-authorization-server", "openid-configuration"}

// isOAuthDiscovery reports whether path asks for one of those documents,
// at the root (/.well-known/NAME) or suffixed with the resource's path
// (/.well-known/NAME/mcp), or OpenID's form appended to the issuer
// (/mcp/.well-known/openid-configuration).
func isOAuthDiscovery(path string) bool {
	for _, name := range oauthMetadata {
		doc := "/.well-known/" + name
		if path == doc || strings.HasPrefix(path, doc+"/") || strings.HasSuffix(path, doc) {
			return true
		}
	}
	return false
}

// withoutOAuth answers the OAuth discovery documents with 404 before the
// bearer check: this server has no OAuth, and a 401 there makes clients
// such as Claude Code and the MCP Inspector start Dynamic Client
// Registration and fail ("HTTP 401"), where a 404 makes them fall back to
// the configured bearer token. Host and Origin are still checked first.
func withoutOAuth(g *guard, next http.Handler) http.Handler {
	public := *g
	public.requireAuth = false
	notFound := public.wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "Not Found: this server has no OAuth; send its token as Authorization: Bearer <token>", http.StatusNotFound)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isOAuthDiscovery(r.URL.Path) {
			notFound.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
