package tools

import (
	"context"
	"slices"

	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// listEverySite lists the sites of every configured account (every one
// the calling user may list), account after
// account in name order, each site with its account's name. The cursor
// names the account being read, so a listing cut by limit resumes there.
func listEverySite(ctx context.Context, dir *scopes.Directory, cur sitesCursor, limit int, progress progress) (*listing, error) {
	names := listableNames(ctx, dir)
	start := 0
	if cur.All && cur.Account != "" {
		start = slices.Index(names, cur.Account)
		if start < 0 {
			return nil, argErrorf("cursor names account %q, which is not configured any more; drop the cursor to start over", cur.Account)
		}
	}
	out := &listing{}
	for i := start; i < len(names); i++ {
		target, err := dir.Account(names[i])
		if err != nil {
			return nil, err
		}
		from := sitesCursor{All: true, Account: names[i], Name: cur.Name}
		if i == start && cur.All && cur.Account != "" {
			from = cur
		}
		part, err := listAccountSites(ctx, dir, target, from, limit-len(out.sites), progress)
		if err != nil {
			return nil, err
		}
		out.requests += part.requests
		out.sites = append(out.sites, part.sites...)
		next := ""
		if i+1 < len(names) {
			next = sitesCursor{All: true, Account: names[i+1], Name: cur.Name}.encode()
		}
		// A site's "after" cursor is empty when it ends its account's
		// listing: the listing then resumes at the next account.
		for _, a := range part.after {
			if a == "" {
				a = next
			}
			out.after = append(out.after, a)
		}
		if part.next != "" || len(out.sites) >= limit {
			out.next = part.next
			if out.next == "" {
				out.next = next
			}
			return out, nil
		}
	}
	return out, nil
}

// everySite lists all sites (all pages) of every configured account, or of
// one when account is set, for wix.sites in scripts; list_sites' own code
// with no limit but the page bounds.
func everySite(ctx context.Context, dir *scopes.Directory, name, account string) (*listing, error) {
	const most = maxSitePages * wixclient.MaxSitesLimit
	var out listing
	cur := sitesCursor{All: account == "", Account: account, Name: name}
	if names := listableNames(ctx, dir); account == "" && len(names) == 1 {
		cur = sitesCursor{Account: names[0], Name: name}
	}
	for {
		var (
			part *listing
			err  error
		)
		if cur.All {
			part, err = listEverySite(ctx, dir, cur, most, progress{ctx: ctx})
		} else {
			var target *scopes.Target
			if target, err = listingFor(ctx, dir, cur.Account); err == nil {
				part, err = listAccountSites(ctx, dir, target, cur, most, progress{ctx: ctx})
			}
		}
		if err != nil {
			return nil, err
		}
		out.sites = append(out.sites, part.sites...)
		out.requests += part.requests
		if part.next == "" || len(out.sites) >= most {
			return &out, nil
		}
		if cur, err = decodeSitesCursor(part.next); err != nil {
			return nil, err
		}
	}
}
