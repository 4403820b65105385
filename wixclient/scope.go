package wixclient

import "fmt"

// ScopeKind says whether a call is made on behalf of an account or a site.
type ScopeKind string

const (
	// ScopeAccount marks account-level calls, sent with the wix-account-id header.
	ScopeAccount ScopeKind = "account"
	// ScopeSite marks site-level calls, sent with the wix-site-id header.
	ScopeSite ScopeKind = "site"
)

// Scope is the account or site a Client acts for.
type Scope struct {
	Kind ScopeKind
	ID   string
}

// AccountScope returns the scope of account-level calls for accountID.
func AccountScope(accountID string) Scope { return Scope{Kind: ScopeAccount, ID: accountID} }

// SiteScope returns the scope of site-level calls for siteID.
func SiteScope(siteID string) Scope { return Scope{Kind: ScopeSite, ID: siteID} }

// Header is the name of the HTTP header that carries the scope's ID.
func (s Scope) Header() string {
	if s.Kind == ScopeAccount {
		return "wix-account-id"
	}
	return "wix-site-id"
}

// String renders the scope for logs, e.g. "site:1234".
func (s Scope) String() string { return fmt.Sprintf("%s:%s", s.Kind, s.ID) }

// CanonicalID returns a Wix account or site ID in canonical form, lower
// case, and whether s is one. Both are GUIDs (8-4-4-4-12 hex digits), as
// the Sites API's site object documents for its id
// (https://dev.wix.com/docs/rest/account-level/sites/sites/site-object) and
// the API Keys Manager shows for the account ID. Hex digits carry no case,
// so an ID pasted in capitals is the same site, and must get the same
// policy.
func CanonicalID(s string) (string, bool) {
	if len(s) != 36 {
		return "", false
	}
	b := []byte(s)
	for i, c := range b {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return "", false
			}
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			b[i] = c + 'a' - 'A'
		default:
			return "", false
		}
	}
	return string(b), true
}
