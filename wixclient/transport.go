package wixclient

import "net/http"

// DefaultTransport is the pooled transport clients use when Options gives
// none, for wrappers (metrics) that must keep its connection pool.
func DefaultTransport() http.RoundTripper { return defaultTransport }
