package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wix-mcp/wix-mcp/safety"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// validate checks the accounts and sites for consistency, including their
// path rules.
func validate(c *Config, problems *Error) {
	names := map[string]bool{}
	ids := map[string]string{}
	for i, a := range c.Accounts {
		where := fmt.Sprintf("account %q", a.Name)
		switch {
		case a.Name == "":
			problems.addf("an account has no name; add name: SHORT_NAME (it is how tools refer to the account)")
		case names[a.Name]:
			problems.addf("%s: the name is used twice; account names must be unique", where)
		case !validName(a.Name):
			problems.addf("%s: names may hold only letters, digits, '-', '_' and '.'", where)
		}
		names[a.Name] = true
		checkID(where, "id", a.ID, problems)
		checkClient(c, where, a.Key, wixclient.AccountScope(a.ID), problems)
		c.Accounts[i].Policy.Rules = compileRules(where, a.Policy, problems)
		if prev, ok := ids[a.ID]; ok && a.ID != "" {
			problems.addf("%s: account ID %s is also used by %s", where, a.ID, prev)
		}
		ids[a.ID] = where
	}
	aliases := map[string]bool{}
	siteIDs := map[string]string{}
	pinned := ""
	for i, s := range c.Sites {
		if s.Pin {
			if pinned != "" {
				problems.addf("site %q: pin: true is also set on site %q; at most one site can be pinned", s.Alias, pinned)
			}
			pinned = s.Alias
		}
		where := fmt.Sprintf("site %q", s.Alias)
		switch {
		case s.Alias == "":
			problems.addf("a site has no alias; add alias: SHORT_NAME (tools accept it in place of the site ID)")
		case aliases[s.Alias]:
			problems.addf("%s: the alias is used twice; site aliases must be unique", where)
		case !validName(s.Alias):
			problems.addf("%s: aliases may hold only letters, digits, '-', '_' and '.'", where)
		}
		aliases[s.Alias] = true
		checkID(where, "id", s.ID, problems)
		key := s.Key
		if a, ok := c.Account(s.Account); ok {
			key = a.Key
		}
		checkClient(c, where, key, wixclient.SiteScope(s.ID), problems)
		c.Sites[i].Policy.Rules = compileRules(where, s.Policy, problems)
		if prev, ok := siteIDs[s.ID]; ok && s.ID != "" {
			problems.addf("%s: site ID %s is also used by %s", where, s.ID, prev)
		}
		siteIDs[s.ID] = where
		switch {
		case s.Account != "" && s.KeySource != "":
			problems.addf("%s: set account (use that account's key) or key_env/key_file (a key of its own), not both", where)
		case s.Account != "":
			if _, ok := c.Account(s.Account); !ok {
				problems.addf("%s: account %q is not configured; add it under accounts or fix the name", where, s.Account)
			}
		case s.KeySource == "":
			problems.addf("%s: no key; set account: NAME to use an account's key, or key_env/key_file for a key of its own", where)
		}
	}
}

// compileRules compiles a scope's path rules once, for every call to use,
// and reports each bad allow or deny pattern on its own line.
func compileRules(where string, p Policy, problems *Error) *safety.RuleSet {
	if len(p.Allow) == 0 && len(p.Deny) == 0 {
		return nil
	}
	set, err := safety.Rules{Allow: p.Allow, Deny: p.Deny}.Compile()
	if err == nil {
		return set
	}
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			problems.addf("%s: %v", where, e)
		}
		return nil
	}
	problems.addf("%s: %v", where, err)
	return nil
}

// checkClient builds the Wix client the server would build for a scope, so
// that a key, ID or base URL the client would refuse stops the server at
// start-up instead of failing every call. The client's errors never hold
// the key.
func checkClient(c *Config, where string, key Secret, scope wixclient.Scope, problems *Error) {
	if key == "" || scope.ID == "" || c.BaseURL == "" {
		return // reported on their own
	}
	if _, err := wixclient.New(wixclient.Options{BaseURL: c.BaseURL, Key: key.Reveal(), Scope: scope}); err != nil {
		problems.addf("%s: %s", where, strings.TrimPrefix(err.Error(), "wixclient: "))
	}
}

func checkID(where, field, id string, problems *Error) {
	switch {
	case id == "":
		problems.addf("%s: %s is missing; copy it from the Wix dashboard (the GUID after /dashboard/ for a site, the API Keys Manager for an account)", where, field)
	case !validID(id):
		problems.addf("%s: %s %q is not a Wix ID (a GUID such as 6f1c3c2e-8d5b-4e53-9f3a-1b2c3d4e5f60)", where, field, id)
	}
}

// validID accepts what Wix IDs are made of (GUIDs: hex digits and
// hyphens), with some slack for other ID shapes, and nothing that could
// change a header or a path.
func validID(s string) bool {
	return validName(s)
}

func validName(s string) bool {
	for _, r := range s {
		ok := r == '-' || r == '_' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return s != ""
}
