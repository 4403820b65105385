// Package scopes decides which key and which scope a tool call uses: it
// resolves an account name or a site (alias or ID) to a key-scoped Wix
// client and the safety policy in force there.
//
// A configured site uses its own key or its account's key. A site that is
// not configured is looked up with Query Sites under each configured
// account, and the owner is remembered, because a site-level call only
// works with a key from the account that owns the site.
package scopes

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/safety"
	"github.com/wix-mcp/wix-mcp/untrusted"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// ClientOptions are the settings every Wix client shares.
type ClientOptions struct {
	BaseURL   string
	Timeout   time.Duration
	UserAgent string
	// Transport is for tests and the sandbox; nil uses the default.
	Transport http.RoundTripper
}

// Policy is the safety policy in force for one target, merged from the
// server, the account and the site.
type Policy struct {
	// ReadOnly refuses writes and destructive calls.
	ReadOnly bool
	// Rules are the compiled path rules of each layer that has any (the
	// account's, then the site's). A path must pass every layer: a deny
	// anywhere refuses it, and each allow list must allow it, so a site can
	// narrow its account's rules but never widen them.
	Rules []*safety.RuleSet
	// ConfirmDestructive asks a person before a destructive call.
	ConfirmDestructive bool
}

// Check decides whether path may be called under every layer's rules; a
// refusal names the rule that refused.
func (p Policy) Check(path wixclient.Path) safety.Decision {
	for _, r := range p.Rules {
		if d := r.Check(path); !d.Allowed {
			return d
		}
	}
	return safety.Decision{Allowed: true}
}

// Target is where one call goes: a client bound to one key and scope, with
// names for messages and the policy to enforce.
type Target struct {
	Client *wixclient.Client
	Scope  wixclient.Scope
	// Account is the configured account's name, when the key is an account's.
	Account string
	// SiteAlias is the configured alias of the site, if any.
	SiteAlias string
	// SiteName is the site's display name, when known.
	SiteName string
	Policy   Policy
}

// Label names the target for people: "site Bakery (id)" or "account agency (id)".
// A site's display name comes from Wix (anyone with the site's dashboard
// wrote it), so it is reduced to a safe single line.
func (t *Target) Label() string {
	if t.Scope.Kind == wixclient.ScopeAccount {
		return fmt.Sprintf("account %s (%s)", t.Account, t.Scope.ID)
	}
	name := untrusted.Line(t.SiteName)
	if name == "" {
		name = t.SiteAlias
	}
	if name == "" {
		return "site " + t.Scope.ID
	}
	return fmt.Sprintf("site %s (%s)", name, t.Scope.ID)
}

// Error is a resolution failure the model can fix (an unknown account or
// site); its message lists what is known.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

// Directory resolves accounts and sites to targets. It is safe for
// concurrent use.
type Directory struct {
	cfg      *config.Config
	opts     ClientOptions
	accounts map[string]*config.Account
	sites    map[string]*config.Site // by alias and by canonical ID
	// redactor removes every configured key from every client's answers,
	// so an answer to one key that echoes another is cleaned too.
	redactor *wixclient.Redactor

	mu      sync.Mutex
	clients map[clientKey]*wixclient.Client
	owners  map[string]siteOwner // site ID -> owning account, learnt from Query Sites
	// misses remembers briefly which site IDs no account owns, so a model
	// retrying a wrong ID does not cost a Query Sites per account each time.
	misses map[string]time.Time
	// shared, when set, is the owner cache replicas share.
	shared OwnerCache
}

// Bounds of the cache of site IDs no account owns.
const (
	missTTL   = 30 * time.Second
	maxMisses = 1000
)

type clientKey struct {
	keyOwner string // "account:NAME" or "site:ALIAS": whose key
	scope    wixclient.Scope
}

type siteOwner struct {
	account string
	name    string
}

// New builds a Directory over a validated configuration.
func New(cfg *config.Config, opts ClientOptions) *Directory {
	d := &Directory{
		cfg:      cfg,
		opts:     opts,
		accounts: map[string]*config.Account{},
		sites:    map[string]*config.Site{},
		clients:  map[clientKey]*wixclient.Client{},
		owners:   map[string]siteOwner{},
		misses:   map[string]time.Time{},
	}
	var keys []string
	for i := range cfg.Accounts {
		a := &cfg.Accounts[i]
		mustCompile(&a.Policy)
		d.accounts[a.Name] = a
		keys = append(keys, a.Key.Reveal())
	}
	for i := range cfg.Sites {
		s := &cfg.Sites[i]
		mustCompile(&s.Policy)
		d.sites[s.Alias] = s
		d.sites[canonicalID(s.ID)] = s
		keys = append(keys, s.Key.Reveal())
	}
	d.redactor = wixclient.NewRedactor(keys...)
	return d
}

// mustCompile compiles a layer's path rules if the configuration was built
// without config.Load (tests, embedders), so rules written in a Config are
// never silently ignored. config.Load has already compiled and checked
// them, so a bad pattern here is a bug of the caller.
func mustCompile(p *config.Policy) {
	if p.Rules != nil || len(p.Allow) == 0 && len(p.Deny) == 0 {
		return
	}
	set, err := safety.Rules{Allow: p.Allow, Deny: p.Deny}.Compile()
	if err != nil {
		panic(fmt.Sprintf("scopes: path rules were not validated: %v", err))
	}
	p.Rules = set
}

// AccountNames lists the configured accounts, sorted.
func (d *Directory) AccountNames() []string {
	names := make([]string, 0, len(d.accounts))
	for n := range d.accounts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// PinnedSite returns the site the configuration pins (WIX_SITE_ID, or
// pin: true in the file): tools then drop the site argument and always use
// it. A lone configured site beside an account does not pin the server,
// so the account's other sites stay reachable.
func (d *Directory) PinnedSite() (*config.Site, bool) {
	for i := range d.cfg.Sites {
		if d.cfg.Sites[i].Pin {
			return &d.cfg.Sites[i], true
		}
	}
	return nil, false
}

// Account resolves an account name; "" means the only configured account.
func (d *Directory) Account(name string) (*Target, error) {
	a, err := d.lookupAccount(name)
	if err != nil {
		return nil, err
	}
	scope := wixclient.AccountScope(canonicalID(a.ID))
	c, err := d.client(clientKey{keyOwner: "account:" + a.Name, scope: scope}, a.Key)
	if err != nil {
		return nil, err
	}
	return &Target{Client: c, Scope: scope, Account: a.Name, Policy: d.policy(a, nil)}, nil
}

// canonicalID is a GUID-shaped ID in lower case, the form configuration
// loads it in and Wix returns it in; anything else (an alias) unchanged.
func canonicalID(ref string) string {
	if id, ok := wixclient.CanonicalID(ref); ok {
		return id
	}
	return ref
}

func (d *Directory) lookupAccount(name string) (*config.Account, error) {
	if name == "" {
		switch len(d.accounts) {
		case 0:
			return nil, &Error{"no Wix account is configured, so account-level calls and site listing are unavailable; configure WIX_ACCOUNT_ID with WIX_API_KEY, or accounts in the config file"}
		case 1:
			for _, a := range d.accounts {
				return a, nil
			}
		}
		return nil, &Error{fmt.Sprintf("several accounts are configured; pass account as one of: %s", strings.Join(d.AccountNames(), ", "))}
	}
	if a, ok := d.accounts[name]; ok {
		return a, nil
	}
	// An account ID works as well as the name, in any letter case.
	if id, ok := wixclient.CanonicalID(strings.TrimSpace(name)); ok {
		for _, a := range d.accounts {
			if canonicalID(a.ID) == id {
				return a, nil
			}
		}
	}
	return nil, &Error{fmt.Sprintf("unknown account %q; configured accounts: %s", name, strings.Join(d.AccountNames(), ", "))}
}

// Site resolves a site alias or ID to a target using the right key: the
// configured site's key, else the key of the configured account that owns
// the site (found with Query Sites and remembered).
func (d *Directory) Site(ctx context.Context, ref string) (*Target, error) {
	ref = strings.TrimSpace(ref)
	if _, isAlias := d.sites[ref]; !isAlias {
		// Site IDs are GUIDs: the ID list_sites shows finds a site
		// configured in capitals, and gets its policy.
		ref = canonicalID(ref)
	}
	if pinned, ok := d.PinnedSite(); ok {
		if ref != "" && ref != canonicalID(pinned.ID) && ref != pinned.Alias {
			return nil, &Error{fmt.Sprintf("this server is pinned to site %s (%s); other sites cannot be reached", pinned.Alias, pinned.ID)}
		}
		ref = canonicalID(pinned.ID)
	}
	if ref == "" {
		return nil, &Error{"site_id is required: pass a site ID from list_sites, or a configured alias" + d.knownSitesSuffix()}
	}
	if s, ok := d.sites[ref]; ok {
		return d.configuredSite(s)
	}
	owner, err := d.findOwner(ctx, ref)
	if err != nil {
		return nil, err
	}
	a := d.accounts[owner.account]
	scope := wixclient.SiteScope(ref)
	c, err := d.client(clientKey{keyOwner: "account:" + a.Name, scope: scope}, a.Key)
	if err != nil {
		return nil, err
	}
	return &Target{Client: c, Scope: scope, Account: a.Name, SiteName: owner.name, Policy: d.policy(a, nil)}, nil
}

func (d *Directory) configuredSite(s *config.Site) (*Target, error) {
	scope := wixclient.SiteScope(canonicalID(s.ID))
	t := &Target{Scope: scope, SiteAlias: s.Alias}
	var err error
	if s.Account != "" {
		a := d.accounts[s.Account]
		t.Account = a.Name
		t.Policy = d.policy(a, s)
		t.Client, err = d.client(clientKey{keyOwner: "account:" + a.Name, scope: scope}, a.Key)
	} else {
		t.Policy = d.policy(nil, s)
		t.Client, err = d.client(clientKey{keyOwner: "site:" + s.Alias, scope: scope}, s.Key)
	}
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	t.SiteName = d.owners[scope.ID].name
	d.mu.Unlock()
	return t, nil
}

// findOwner asks each configured account's Query Sites for the site.
func (d *Directory) findOwner(ctx context.Context, siteID string) (siteOwner, error) {
	d.mu.Lock()
	owner, ok := d.owners[siteID]
	missed, isMiss := d.misses[siteID]
	d.mu.Unlock()
	if ok && owner.account != "" {
		return owner, nil
	}
	if shared, ok := d.sharedOwner(ctx, siteID); ok {
		return shared, nil
	}
	if isMiss && time.Since(missed) < missTTL {
		return siteOwner{}, &Error{fmt.Sprintf("site %q is not configured and no configured account owns it (checked in the last %s)%s", siteID, missTTL, d.knownSitesSuffix())}
	}
	if strings.ContainsAny(siteID, " /?#\\") {
		return siteOwner{}, &Error{fmt.Sprintf("%q is neither a configured site alias nor a site ID%s", siteID, d.knownSitesSuffix())}
	}
	var errs []error
	for _, name := range d.AccountNames() {
		t, err := d.Account(name)
		if err != nil {
			return siteOwner{}, err
		}
		// The lookup is Query Sites with the account's key: an account
		// whose path rules do not allow that endpoint is not asked, as
		// list_sites would not be.
		if dec := t.Policy.Check(wixclient.QuerySitesPath); !dec.Allowed {
			errs = append(errs, fmt.Errorf("account %s: not asked, its path rules do not allow POST %s, which finding a site's owner needs (allow it, or configure the site under sites:)", name, wixclient.QuerySitesPath))
			continue
		}
		page, err := t.Client.QuerySites(ctx, wixclient.SitesQuery{Filter: map[string]any{"id": map[string]any{"$eq": siteID}}, Limit: 1})
		if err != nil {
			if ctx.Err() != nil {
				return siteOwner{}, err
			}
			errs = append(errs, fmt.Errorf("account %s: %w", name, err))
			continue
		}
		for _, s := range page.Sites {
			if canonicalID(s.ID) == siteID {
				owner := siteOwner{account: name, name: s.DisplayName}
				d.Remember(name, []wixclient.Site{s})
				return owner, nil
			}
		}
	}
	msg := fmt.Sprintf("site %q is not configured and no configured account owns it", siteID)
	if len(d.accounts) == 0 {
		msg = fmt.Sprintf("site %q is not configured, and no account is configured to look it up", siteID)
	}
	if len(errs) > 0 {
		// Wix's answers (its error code and message) are quoted here,
		// outside any fence, so each is reduced to a safe line.
		failed := make([]string, len(errs))
		for i, e := range errs {
			failed[i] = untrusted.Line(e.Error())
		}
		msg += " (lookups failed: " + strings.Join(failed, "; ") + ")"
	} else {
		d.mu.Lock()
		if len(d.misses) >= maxMisses {
			clear(d.misses)
		}
		d.misses[siteID] = time.Now()
		d.mu.Unlock()
	}
	return siteOwner{}, &Error{msg + d.knownSitesSuffix()}
}

// Remember records that account owns these sites, e.g. after list_sites,
// so later calls need no lookup.
func (d *Directory) Remember(account string, sites []wixclient.Site) {
	d.mu.Lock()
	for _, s := range sites {
		d.owners[canonicalID(s.ID)] = siteOwner{account: account, name: s.DisplayName}
	}
	d.mu.Unlock()
	d.shareOwners(account, sites)
}

func (d *Directory) knownSitesSuffix() string {
	var known []string
	for _, s := range d.cfg.Sites {
		known = append(known, fmt.Sprintf("%s (%s)", s.Alias, s.ID))
	}
	d.mu.Lock()
	for id, o := range d.owners {
		if _, configured := d.sites[id]; !configured && len(known) < 20 {
			// Display names come from Wix: one safe line each.
			known = append(known, fmt.Sprintf("%s (%s)", untrusted.Line(o.name), id))
		}
	}
	d.mu.Unlock()
	sort.Strings(known)
	if len(known) == 0 {
		if len(d.accounts) > 0 {
			return "; call list_sites to see the sites you can use"
		}
		return ""
	}
	return "; known sites: " + strings.Join(known, ", ") + " (list_sites shows all)"
}

// policy merges server, account and site settings: read-only adds up, each
// layer's path rules apply on top of the others', and the nearest
// confirm_destructive wins.
func (d *Directory) policy(a *config.Account, s *config.Site) Policy {
	p := Policy{ReadOnly: d.cfg.ReadOnly, ConfirmDestructive: !d.cfg.AllowDestructive}
	for _, layer := range []*config.Policy{accountPolicy(a), sitePolicy(s)} {
		if layer == nil {
			continue
		}
		p.ReadOnly = p.ReadOnly || layer.ReadOnly
		if !layer.Rules.Empty() {
			p.Rules = append(p.Rules, layer.Rules)
		}
		if layer.ConfirmDestructive != nil {
			p.ConfirmDestructive = *layer.ConfirmDestructive
		}
	}
	return p
}

func accountPolicy(a *config.Account) *config.Policy {
	if a == nil {
		return nil
	}
	return &a.Policy
}

func sitePolicy(s *config.Site) *config.Policy {
	if s == nil {
		return nil
	}
	return &s.Policy
}

func (d *Directory) client(k clientKey, key config.Secret) (*wixclient.Client, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if c, ok := d.clients[k]; ok {
		return c, nil
	}
	c, err := wixclient.New(wixclient.Options{
		BaseURL:   d.opts.BaseURL,
		Key:       key.Reveal(),
		Scope:     k.scope,
		Timeout:   d.opts.Timeout,
		UserAgent: d.opts.UserAgent,
		Transport: d.opts.Transport,
		Redactor:  d.redactor,
	})
	if err != nil {
		// Start-up validation builds the same clients, so this is rare; it
		// is still the user's configuration, not a bug.
		return nil, &Error{fmt.Sprintf("cannot build the Wix client for %s: %v", k.scope, err)}
	}
	d.clients[k] = c
	return c, nil
}
