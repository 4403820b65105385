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
	for i := range c.Accounts {
		a := &c.Accounts[i]
		where := label("account", a.Name, i)
		checkName(problems, names, where, "an account", "name", a.Name, "it is how tools refer to the account")
		a.ID = checkID(where, "id", a.ID, problems)
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
	for i := range c.Sites {
		s := &c.Sites[i]
		where := label("site", s.Alias, i)
		if s.Pin {
			if pinned != "" {
				problems.addf("%s: pin: true is also set on %s; at most one site can be pinned", where, pinned)
			}
			pinned = where
		}
		checkName(problems, aliases, where, "a site", "alias", s.Alias, "tools accept it in place of the site ID")
		s.ID = checkID(where, "id", s.ID, problems)
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
				problems.addf("%s: %s is not configured; add it under accounts or fix the name", where, label("account", s.Account, -1))
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
			problems.addf("%s: %s", where, ruleProblem(e))
		}
		return nil
	}
	problems.addf("%s: %s", where, ruleProblem(err))
	return nil
}

// ruleProblem describes a bad rule. A pattern is quoted only when it starts
// with "/", as every valid one does; anything else (a key pasted into a
// rule, say) is described without being shown.
func ruleProblem(err error) string {
	var pe *safety.PatternError
	if errors.As(err, &pe) && !strings.HasPrefix(pe.Pattern, "/") {
		return pe.List + " rule (not shown): " + pe.Problem
	}
	return err.Error()
}

// maxNameLen bounds account names and site aliases: short names people
// type, never long enough to hold a key.
const maxNameLen = 64

// label names an account or site in messages: by its name when that is a
// valid one (so never a pasted key), else by its position in the list.
func label(kind, name string, index int) string {
	switch {
	case validName(name):
		return fmt.Sprintf("%s %q", kind, name)
	case index >= 0 && kind == "account":
		return fmt.Sprintf("accounts[%d]", index)
	case index >= 0:
		return fmt.Sprintf("sites[%d]", index)
	}
	return "the " + kind + " named (name not shown: it is not a valid name)"
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

// checkID validates a Wix account or site ID and returns it in canonical
// (lower-case) form, so that lookups by the ID Wix returns find it whatever
// case it was configured in. The value is never quoted: a key pasted into
// WIX_ACCOUNT_ID or an id field is refused without being printed.
func checkID(where, field, id string, problems *Error) string {
	if id == "" {
		problems.addf("%s: %s is missing; copy it from the Wix dashboard (the GUID after /dashboard/ for a site, the API Keys Manager for an account)", where, field)
		return id
	}
	canonical, ok := wixclient.CanonicalID(id)
	if !ok {
		problems.addf("%s: %s is not a Wix ID: Wix account and site IDs are GUIDs such as 6f1c3c2e-8d5b-4e53-9f3a-1b2c3d4e5f60 (the value is not shown, in case it is a key)", where, field)
		return id
	}
	return canonical
}

// validName accepts short names of letters, digits, '-', '_' and '.', and
// none that looks like a Wix API key (which start with "IST.", per the keys
// seen in public code and the API Keys Manager), so a name can always be
// quoted in messages.
func validName(s string) bool {
	if len(s) > maxNameLen || strings.HasPrefix(strings.ToUpper(s), "IST.") || strings.Contains(s, "eyJ") {
		return false
	}
	for _, r := range s {
		ok := r == '-' || r == '_' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return s != ""
}

// checkName reports a missing, repeated or malformed name (or alias) of an
// account, site or user; seen collects the names met so far.
func checkName(problems *Error, seen map[string]bool, where, what, field, name, why string) {
	plural := field + "s"
	if strings.HasSuffix(field, "s") {
		plural = field + "es"
	}
	switch {
	case name == "":
		problems.addf("%s has no %s; add %s: SHORT_NAME (%s)", what, field, field, why)
	case seen[name]:
		problems.addf("%s: the %s is used twice; %s %s must be unique", where, field, strings.TrimPrefix(what, "a "), plural)
	case !validName(name):
		problems.addf("%s: %s may hold only letters, digits, '-', '_' and '.', at most %d of them, and must not look like a key", where, plural, maxNameLen)
	}
	seen[name] = true
}
