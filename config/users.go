package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wix-mcp/wix-mcp/access"
)

// User is one person or program allowed to use the HTTP or SSE transport
// with a token of its own. Its reach narrows what the server allows.
type User struct {
	// Name names the user in logs, audit lines and metrics.
	Name string
	// TokenHash is the SHA-256 of the user's token; the token itself is
	// not kept.
	TokenHash access.Hash
	// TokenSource says where the token came from ("env NAME" or "file
	// PATH"); safe to show.
	TokenSource string
	// Accounts are configured account names the user reaches, with all
	// their sites.
	Accounts []string
	// Sites are configured site aliases (or IDs) the user reaches.
	Sites []string
	// ReadOnly refuses the user's writes and destructive calls.
	ReadOnly bool
}

// fileUser is a user in the YAML file. Token exists only to refuse it:
// tokens are never written in the file itself.
type fileUser struct {
	Name      string   `yaml:"name"`
	Token     string   `yaml:"token"`
	TokenEnv  string   `yaml:"token_env"`
	TokenFile string   `yaml:"token_file"`
	Accounts  []string `yaml:"accounts"`
	Sites     []string `yaml:"sites"`
	ReadOnly  bool     `yaml:"read_only"`
}

// resolveUsers reads each user's token and keeps only its hash.
func (f *fileConfig) resolveUsers(c *Config, getenv Environment, problems *Error) {
	for i, u := range f.Users {
		where := fmt.Sprintf("users[%d]", i)
		if u.Name != "" {
			where = fmt.Sprintf("user %q", u.Name)
		}
		if u.Token != "" {
			problems.addf("%s: tokens may not be written in the config file; put it in a file (chmod 600) and write token_file: /path/to/file, or in an environment variable and write token_env: VARIABLE_NAME", where)
			continue
		}
		// The token is read like a key, then only its hash is kept.
		token, source := f.key(c, where, fileKey{KeyEnv: u.TokenEnv, KeyFile: u.TokenFile}, getenv, problems)
		switch {
		case source == "":
			problems.addf("%s: no token; add token_file: /path/to/file or token_env: VARIABLE_NAME (make one with: wix-mcp token new %s)", where, u.Name)
		case source == "both":
		case token != "" && len(token) < access.MinTokenLength:
			problems.addf("%s: the token from %s is shorter than %d characters; use 32 random bytes or more (wix-mcp token new %s)", where, source, access.MinTokenLength, u.Name)
		}
		c.Users = append(c.Users, User{
			Name: u.Name, TokenHash: access.HashToken(token), TokenSource: source,
			Accounts: u.Accounts, Sites: u.Sites, ReadOnly: u.ReadOnly,
		})
	}
}

// validateUsers checks names, reach and tokens of the users.
func validateUsers(c *Config, problems *Error) {
	names := map[string]bool{}
	tokens := map[access.Hash]string{}
	for _, u := range c.Users {
		where := fmt.Sprintf("user %q", u.Name)
		checkName(problems, names, where, "a user", "name", u.Name, "it names the user in logs")
		if other, ok := tokens[u.TokenHash]; ok && u.TokenSource != "" {
			problems.addf("%s: has the same token as %s; give each user its own (wix-mcp token new %s)", where, other, u.Name)
		}
		tokens[u.TokenHash] = where
		if len(u.Accounts) == 0 && len(u.Sites) == 0 {
			problems.addf("%s: reaches nothing; list the accounts and/or sites it may use (accounts: [NAME], sites: [ALIAS])", where)
		}
		for _, a := range u.Accounts {
			if _, ok := c.Account(a); !ok {
				problems.addf("%s: account %q is not configured; use one of: %s", where, a, strings.Join(accountNames(c), ", "))
			}
		}
		for _, s := range u.Sites {
			if _, ok := c.Site(s); !ok {
				problems.addf("%s: site %q is not a configured site alias or ID; configure it under sites first", where, s)
			}
		}
	}
	if len(c.Users) > 0 && c.HTTP.UnsafeNoAuth {
		problems.addf("--unsafe-no-auth cannot be used with users: in the config file; users are told apart by their tokens")
	}
	if len(c.Users) > 0 && c.Transport == "stdio" {
		c.Warnings = append(c.Warnings, "users: in the config file apply to --transport http and sse only; over stdio the person running wix-mcp reaches everything configured")
	}
	if len(c.Users) > 0 && (c.HTTP.Token != "" || c.HTTP.TokenFile != "") {
		c.Warnings = append(c.Warnings, "users: are configured, so WIX_MCP_HTTP_TOKEN and --http-token-file are ignored: each user sends its own token")
	}
}

// Site returns the configured site with this alias or ID.
func (c *Config) Site(ref string) (*Site, bool) {
	for i := range c.Sites {
		if c.Sites[i].Alias == ref || c.Sites[i].ID == ref {
			return &c.Sites[i], true
		}
	}
	return nil, false
}

func accountNames(c *Config) []string {
	var out []string
	for _, a := range c.Accounts {
		out = append(out, a.Name)
	}
	slices.Sort(out)
	if len(out) == 0 {
		return []string{"(none configured)"}
	}
	return out
}

// AccessUsers turns the configured users into access's, with each site
// named by its ID.
func (c *Config) AccessUsers() []access.User {
	out := make([]access.User, 0, len(c.Users))
	for _, u := range c.Users {
		au := access.User{Name: u.Name, Accounts: slices.Clone(u.Accounts), ReadOnly: u.ReadOnly, TokenHash: u.TokenHash}
		for _, ref := range u.Sites {
			if s, ok := c.Site(ref); ok {
				au.SiteIDs = append(au.SiteIDs, s.ID)
			}
		}
		out = append(out, au)
	}
	return out
}

// ValidName reports whether s may name a user, an account or a site alias.
func ValidName(s string) bool { return validName(s) }
