package scopes

import (
	"context"
	"time"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// OwnerCache shares which account owns which site with other replicas
// (Redis), so a new replica does not repeat every Query Sites. It is only
// a cache: a wrong or stale entry costs at most a refused Wix call, and an
// entry is used only while it names a configured account with the same ID.
type OwnerCache interface {
	// Owner returns the account (name and ID) owning siteID, and the
	// site's display name, when known.
	Owner(ctx context.Context, siteID string) (account, accountID, siteName string, ok bool)
	// Remember records the owner of each site.
	Remember(ctx context.Context, account, accountID string, sites []wixclient.Site)
}

// ShareOwners makes the Directory read and write site owners through c as
// well as its own memory. Call it before serving.
func (d *Directory) ShareOwners(c OwnerCache) { d.shared = c }

// sharedOwner looks siteID up in the shared cache.
func (d *Directory) sharedOwner(ctx context.Context, siteID string) (siteOwner, bool) {
	if d.shared == nil {
		return siteOwner{}, false
	}
	account, accountID, name, ok := d.shared.Owner(ctx, siteID)
	if a, configured := d.accounts[account]; !ok || !configured || a.ID != accountID {
		return siteOwner{}, false
	}
	owner := siteOwner{account: account, name: name}
	d.mu.Lock()
	d.owners[siteID] = owner
	d.mu.Unlock()
	return owner, true
}

// shareOwners writes what the Directory learnt to the shared cache, with
// a deadline of its own: the caller's call does not wait for long on it.
func (d *Directory) shareOwners(account string, sites []wixclient.Site) {
	a, ok := d.accounts[account]
	if d.shared == nil || !ok || len(sites) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	d.shared.Remember(ctx, account, a.ID, sites)
}
