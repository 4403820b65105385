package wixsim

import "net/http"

// authenticate finds the key of the Authorization header, where
// https://dev.wix.com/docs/rest/articles/get-started/api-keys says it goes.
// The key is sent raw; "Bearer <key>" is treated as an unknown key because
// Wix's acceptance of it is unverified, which keeps clients honest.
// Messages never echo the key.
func (s *Sim) authenticate(r *http.Request) (*keyState, *apiError) {
	raw := r.Header.Get("Authorization")
	if raw == "" {
		return nil, appErr(http.StatusUnauthorized, "UNAUTHENTICATED", "missing Authorization header")
	}
	s.mu.Lock()
	k := s.keys[raw]
	s.mu.Unlock()
	if k == nil {
		return nil, appErr(http.StatusUnauthorized, "UNAUTHENTICATED", "invalid or revoked API key")
	}
	return k, nil
}

// authorize checks the scope headers against the key (wix-site-id for
// site-level APIs, wix-account-id for account-level ones; see
// https://dev.wix.com/docs/rest/articles/get-started/api-keys):
// both headers may be sent, the endpoint decides which one counts, and
// whatever account ID is sent must be the key's. Callers hold s.mu.
func (s *Sim) authorize(c *call, rt *route) *apiError {
	accountID := c.r.Header.Get("wix-account-id")
	siteID := c.r.Header.Get("wix-site-id")
	if accountID != "" && accountID != c.key.accountID {
		return denied("the API key does not belong to account " + accountID)
	}
	if rt.level == accountLevel {
		if accountID == "" {
			return denied("account-level API: missing wix-account-id header")
		}
		c.account = s.accountByID[accountID]
		return nil
	}
	if siteID == "" {
		return denied("site-level API: missing wix-site-id header")
	}
	site := s.siteByID[siteID]
	if site == nil || site.accountID != c.key.accountID {
		return denied("the API key's account does not own site " + siteID)
	}
	if c.key.sites != nil && !c.key.sites[siteID] {
		return denied("the API key is not granted site " + siteID)
	}
	c.site = site
	return nil
}

func denied(description string) *apiError {
	return appErr(http.StatusForbidden, "PERMISSION_DENIED", description)
}
