// Package wixclient is a key-scoped client for the Wix REST API.
//
// A Client is built from one API key and one scope: an account (requests
// carry the wix-account-id header) or a site (requests carry wix-site-id).
// It never sends both. Every request goes to the configured base URL only:
// the path an agent supplies is validated before any network I/O, redirects
// are never followed, bodies are capped, reads are retried with backoff and
// writes never are.
package wixclient
