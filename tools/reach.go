package tools

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/wix-mcp/wix-mcp/access"
	"github.com/wix-mcp/wix-mcp/scopes"
)

// The functions here resolve targets for the calling user (see package
// access): a target outside the user's reach is refused with the same
// words as one that does not exist, and a read-only user's targets are
// read-only. Without a user (stdio, the single HTTP token) they are the
// Directory's own answers.

// siteFor resolves a site alias or ID for the calling user.
func siteFor(ctx context.Context, dir *scopes.Directory, ref string) (*scopes.Target, error) {
	u := access.UserFrom(ctx)
	target, err := dir.Site(ctx, ref)
	if u == nil {
		return target, err
	}
	var scopeErr *scopes.Error
	if err != nil && !errors.As(err, &scopeErr) {
		return nil, err
	}
	if err != nil || !u.ReachesSite(target.Scope.ID, target.Account) {
		// The Directory's message lists every configured site; this
		// user is told only about its own.
		return nil, &refusalError{fmt.Sprintf("unknown site %q; %s", strings.TrimSpace(ref), reachSummary(ctx, dir, u))}
	}
	narrow(u, target)
	return target, nil
}

// accountFor resolves an account name ("" for the only one the user
// reaches) for the calling user.
func accountFor(ctx context.Context, dir *scopes.Directory, name string) (*scopes.Target, error) {
	u := access.UserFrom(ctx)
	if u == nil {
		return dir.Account(name)
	}
	if name == "" && len(u.Accounts) == 1 {
		name = u.Accounts[0]
	}
	if name == "" || !u.ReachesAccount(name) {
		return nil, &refusalError{unknownAccount(ctx, dir, u, name)}
	}
	target, err := dir.Account(name)
	if err != nil {
		return nil, err
	}
	narrow(u, target)
	return target, nil
}

// listingFor resolves the account list_sites lists for the calling user:
// one it reaches, or one holding sites it reaches (siteFilter then keeps
// only those).
func listingFor(ctx context.Context, dir *scopes.Directory, name string) (*scopes.Target, error) {
	u := access.UserFrom(ctx)
	if u == nil {
		return dir.Account(name)
	}
	accounts := listableAccounts(ctx, dir, u)
	if name == "" && len(accounts) == 1 {
		name = accounts[0]
	}
	if !slices.Contains(accounts, name) {
		return nil, &refusalError{unknownAccount(ctx, dir, u, name)}
	}
	t, err := dir.Account(name)
	if err != nil {
		return nil, err
	}
	narrow(u, t)
	return t, nil
}

// listableNames are the accounts whose sites the caller may list: all of
// them without a user.
func listableNames(ctx context.Context, dir *scopes.Directory) []string {
	if u := access.UserFrom(ctx); u != nil {
		return listableAccounts(ctx, dir, u)
	}
	return dir.AccountNames()
}

// siteFilter says which of account's sites the caller may see; nil keeps
// them all (no user, or a user reaching the whole account).
func siteFilter(ctx context.Context, _ *scopes.Directory, account string) func(siteID string) bool {
	u := access.UserFrom(ctx)
	if u == nil || u.ReachesAccount(account) {
		return nil
	}
	return func(id string) bool { return u.ReachesSite(id, "") }
}

// narrow applies the user's own policy on top of the target's.
func narrow(u *access.User, t *scopes.Target) {
	t.Policy.ReadOnly = t.Policy.ReadOnly || u.ReadOnly
}

// siteAccount is the account whose key a configured site uses.
func siteAccount(ctx context.Context, dir *scopes.Directory, siteID string) string {
	t, err := dir.Site(ctx, siteID)
	if err != nil {
		return ""
	}
	return t.Account
}

// listableAccounts are the accounts whose listing the user may see, whole
// or in part.
func listableAccounts(ctx context.Context, dir *scopes.Directory, u *access.User) []string {
	var out []string
	for _, a := range dir.AccountNames() {
		if u.ReachesAccount(a) || u.SitesOnly(a, func(id string) string { return siteAccount(ctx, dir, id) }) {
			out = append(out, a)
		}
	}
	return out
}

func unknownAccount(ctx context.Context, dir *scopes.Directory, u *access.User, name string) string {
	if name == "" {
		return "pass account: " + reachSummary(ctx, dir, u)
	}
	return fmt.Sprintf("unknown account %q; %s", name, reachSummary(ctx, dir, u))
}

// reachSummary tells the user what it can use, and nothing else.
func reachSummary(ctx context.Context, dir *scopes.Directory, u *access.User) string {
	var parts []string
	if len(u.Accounts) > 0 {
		accounts := append([]string(nil), u.Accounts...)
		sort.Strings(accounts)
		parts = append(parts, "accounts you can use: "+strings.Join(accounts, ", ")+" (list_sites shows their sites)")
	}
	var sites []string
	for _, id := range u.SiteIDs {
		if t, err := dir.Site(ctx, id); err == nil {
			sites = append(sites, fmt.Sprintf("%s (%s)", t.SiteAlias, id))
		}
	}
	if len(sites) > 0 {
		sort.Strings(sites)
		parts = append(parts, "sites you can use: "+strings.Join(sites, ", "))
	}
	if len(parts) == 0 {
		return "you can reach no account or site"
	}
	return strings.Join(parts, "; ")
}
