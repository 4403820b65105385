// Package access knows who is calling and what they may reach. It holds the
// users of a shared HTTP server, each with a bearer token (kept only as a
// SHA-256 hash), the accounts and sites it may reach and whether it may
// write; it authenticates a token in constant time and carries the user in
// the request's context from the HTTP layer to the tools.
//
// A user's reach only narrows what the server's configuration allows.
package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
)

// TokenBytes is how many random bytes a token made by NewToken holds.
const TokenBytes = 32

// MinTokenLength is the shortest user token accepted: a base64url encoding
// of TokenBytes random bytes. Shorter values are refused at start-up.
const MinTokenLength = 43

// Hash is the SHA-256 of a token: all that is kept of it in memory.
type Hash [sha256.Size]byte

// HashToken returns the hash a token is stored and compared as. Comparing
// fixed-size hashes keeps the comparison's time independent of the token's
// length as well as its content.
func HashToken(token string) Hash { return sha256.Sum256([]byte(token)) }

// NewToken returns a fresh token of TokenBytes random bytes, base64url.
func NewToken() (string, error) {
	b := make([]byte, TokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating a token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// User is one person or program with its own token and reach.
type User struct {
	// Name names the user in logs, audit lines and metrics.
	Name string
	// Accounts are the configured account names the user reaches: the
	// account-level calls and every site of those accounts.
	Accounts []string
	// SiteIDs are the IDs of the configured sites the user reaches,
	// besides those of its accounts.
	SiteIDs []string
	// ReadOnly refuses the user's writes and destructive calls everywhere.
	ReadOnly bool
	// TokenHash is the hash of the user's token.
	TokenHash Hash
}

// ReachesAccount reports whether the user may make account-level calls on
// the named account, and reach all its sites.
func (u *User) ReachesAccount(name string) bool {
	return u == nil || slices.Contains(u.Accounts, name)
}

// ReachesSite reports whether the user may call the site with this ID,
// whose key belongs to account (empty for a site with a key of its own).
func (u *User) ReachesSite(siteID, account string) bool {
	if u == nil {
		return true
	}
	return slices.Contains(u.SiteIDs, siteID) || (account != "" && slices.Contains(u.Accounts, account))
}

// SitesOnly reports whether the user reaches some sites of this account
// without reaching the account itself: its listing must then be filtered.
func (u *User) SitesOnly(account string, siteAccount func(siteID string) string) bool {
	if u == nil || u.ReachesAccount(account) {
		return false
	}
	for _, id := range u.SiteIDs {
		if siteAccount(id) == account {
			return true
		}
	}
	return false
}

// Users authenticates bearer tokens against the configured users.
type Users struct {
	users []*User
}

// NewUsers returns the directory of users; it refuses two users with the
// same name or the same token.
func NewUsers(users []User) (*Users, error) {
	out := &Users{}
	names := map[string]bool{}
	hashes := map[Hash]string{}
	for i := range users {
		u := users[i]
		if names[u.Name] {
			return nil, fmt.Errorf("user %q is configured twice", u.Name)
		}
		if other, ok := hashes[u.TokenHash]; ok {
			return nil, fmt.Errorf("users %q and %q have the same token; give each user its own (wix-mcp token new NAME)", other, u.Name)
		}
		names[u.Name], hashes[u.TokenHash] = true, u.Name
		out.users = append(out.users, &u)
	}
	sort.Slice(out.users, func(i, j int) bool { return out.users[i].Name < out.users[j].Name })
	return out, nil
}

// Len is the number of users.
func (us *Users) Len() int { return len(us.users) }

// Authenticate returns the user whose token this is. Every user's hash is
// compared, whichever matches, so the time taken says nothing about which
// user (or how many) came close.
func (us *Users) Authenticate(token string) (*User, bool) {
	sum := HashToken(token)
	var found *User
	for _, u := range us.users {
		if subtle.ConstantTimeCompare(sum[:], u.TokenHash[:]) == 1 {
			found = u
		}
	}
	return found, found != nil
}

type userKey struct{}

// WithUser returns ctx carrying the authenticated user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the authenticated user of the request, or nil when the
// server has no users (stdio, or HTTP with the single token), in which case
// the caller reaches everything the configuration allows.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// NameFrom returns the user's name for logs, or "" when there is none.
func NameFrom(ctx context.Context) string {
	if u := UserFrom(ctx); u != nil {
		return u.Name
	}
	return ""
}
