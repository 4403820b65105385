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
