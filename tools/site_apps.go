package tools

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// installedAppsPath is Get Installed Apps of Wix's App Installation API,
// which API-key admins may call ("Only logged-in Wix users or API key
// admins can use this API",
// https://dev.wix.com/docs/rest/business-management/app-installation/introduction);
// its use for this is Wix's recipe
// https://dev.wix.com/docs/api-reference/business-management/app-installation/skills/list-installed-apps
const installedAppsPath = "/apps-installer-service/v1/app-instances"

// requiredAppNotInstalled is the code of Wix's 428 for an endpoint whose
// app the site lacks; Wix's error format is described in
// https://dev.wix.com/docs/api-reference/articles/work-with-wix-apis/troubleshooting/about-errors
const requiredAppNotInstalled = "REQUIRED_APP_NOT_INSTALLED"

// siteAppsTTL is how long what is known of a site's apps is trusted: an
// app installed meanwhile shows up within a few minutes.
const siteAppsTTL = 5 * time.Minute

// appState is whether an endpoint's app is installed on a site.
type appState int

const (
	appUnknown appState = iota
	appInstalled
	appMissing
)

// siteApps knows, per site, which apps are installed: from Get Installed
// Apps when the key may call it, and from the site's own answers (428
// REQUIRED_APP_NOT_INSTALLED says the endpoint's app is missing; a success
// says it is there). It is safe for concurrent use.
type siteApps struct {
	cat   func() *catalog.Catalog
	mu    sync.Mutex
	now   func() time.Time
	sites map[string]*siteAppsEntry
}

type siteAppsEntry struct {
	// listedAt is when the listing was last tried; installed is nil when
	// it failed (no permission, or the API is not served).
	listedAt  time.Time
	installed map[string]bool
	// seen maps a vertical to what a call of one of its endpoints showed.
	seen map[string]seenState
}

type seenState struct {
	state appState
	at    time.Time
}

// newSiteApps learns about the endpoints of cat; a nil cat learns nothing.
func newSiteApps(cat func() *catalog.Catalog) *siteApps {
	if cat == nil {
		return nil
	}
	return &siteApps{cat: cat, now: time.Now, sites: map[string]*siteAppsEntry{}}
}

func (s *siteApps) entry(site string) *siteAppsEntry {
	e, ok := s.sites[site]
	if !ok {
		e = &siteAppsEntry{seen: map[string]seenState{}}
		s.sites[site] = e
	}
	return e
}

// observe learns from a call's outcome: a 428 means the endpoint's app is
// not installed, a success that it is.
func (s *siteApps) observe(target *scopes.Target, call *apiCall, resp *wixclient.Response, err error) {
	if s == nil || target.Scope.Kind != wixclient.ScopeSite {
		return
	}
	e, ok := call.endpoint(s.cat)
	if !ok {
		return
	}
	var state appState
	var apiErr *wixclient.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusPreconditionRequired && apiErr.Code == requiredAppNotInstalled:
		// Wix answers 428 for other unmet preconditions too (a gift card
		// out of funds); only this code says the app is missing.
		state = appMissing
	case err == nil && resp != nil:
		state = appInstalled
	default:
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entry(target.Scope.ID).seen[e.Vertical] = seenState{state, s.now()}
}

// states returns, for each endpoint, whether its app is on the site,
// listing the site's apps first when the cached list is stale.
func (s *siteApps) states(ctx context.Context, c *Caller, req mcp.CallToolRequest, target *scopes.Target, eps []*catalog.Endpoint) []appState {
	if s == nil {
		return make([]appState, len(eps))
	}
	site := target.Scope.ID
	s.mu.Lock()
	stale := s.now().Sub(s.entry(site).listedAt) > siteAppsTTL
	s.mu.Unlock()
	if stale {
		installed := listInstalledApps(ctx, c, req, target)
		s.mu.Lock()
		e := s.entry(site)
		e.listedAt, e.installed = s.now(), installed
		s.mu.Unlock()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.entry(site)
	out := make([]appState, len(eps))
	for i, ep := range eps {
		if seen, ok := e.seen[ep.Vertical]; ok && s.now().Sub(seen.at) <= siteAppsTTL {
			out[i] = seen.state
			continue
		}
		if id, ok := ep.AppID(); ok && e.installed != nil {
			out[i] = appMissing
			if e.installed[id] {
				out[i] = appInstalled
			}
		}
	}
	return out
}

// listInstalledApps calls Get Installed Apps through the gate, as every
// Wix request goes, and returns the app definition IDs it names, or nil
// when the call is refused or fails.
func listInstalledApps(ctx context.Context, c *Caller, req mcp.CallToolRequest, target *scopes.Target) map[string]bool {
	path, err := wixclient.ParsePath(installedAppsPath)
	if err != nil {
		return nil
	}
	call := &apiCall{method: http.MethodGet, path: path}
	if res, err := c.Gate.check(ctx, req, target, call); res != nil || err != nil {
		return nil
	}
	resp, err := target.Client.Do(ctx, wixclient.Request{Method: call.method, Path: call.path})
	if err != nil {
		return nil
	}
	var v any
	if json.Unmarshal(resp.Body, &v) != nil {
		return nil
	}
	ids := map[string]bool{}
	collectAppIDs(v, ids)
	return ids
}

// collectAppIDs gathers every "appDefId" (or "appId") string in an answer,
// wherever the listing nests its instances.
func collectAppIDs(v any, ids map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok && (k == "appDefId" || k == "appId" || k == "appDefinitionId") {
				ids[s] = true
				continue
			}
			collectAppIDs(val, ids)
		}
	case []any:
		for _, el := range x {
			collectAppIDs(el, ids)
		}
	}
}
