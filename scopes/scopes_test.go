package scopes

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/wixclient"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

func newDirectory(t *testing.T, cfg *config.Config) (*Directory, *wixsim.Server) {
	t.Helper()
	sim := wixsim.NewServer()
	t.Cleanup(sim.Close)
	return New(cfg, ClientOptions{BaseURL: sim.URL}), sim
}

func twoAccounts() *config.Config {
	return &config.Config{Accounts: []config.Account{
		{Name: "agency", ID: wixsim.AgencyAccountID, Key: config.Secret(wixsim.AgencyKey)},
		{Name: "other", ID: wixsim.OtherAccountID, Key: config.Secret(wixsim.OtherKey)},
	}}
}

func TestAccountResolution(t *testing.T) {
	t.Parallel()
	d, _ := newDirectory(t, twoAccounts())
	if _, err := d.Account(""); err == nil || !strings.Contains(err.Error(), "agency, other") {
		t.Errorf("with several accounts the name is required and the choices listed: %v", err)
	}
	if _, err := d.Account("ghost"); err == nil || !strings.Contains(err.Error(), `unknown account "ghost"`) {
		t.Errorf("unknown account: %v", err)
	}
	a, err := d.Account("other")
	if err != nil || a.Scope != wixclient.AccountScope(wixsim.OtherAccountID) || a.Client.Scope() != a.Scope {
		t.Fatalf("other: %+v %v", a, err)
	}
	single, _ := newDirectory(t, &config.Config{Accounts: twoAccounts().Accounts[:1]})
	if a, err := single.Account(""); err != nil || a.Account != "agency" {
		t.Errorf("a single account is the default: %+v %v", a, err)
	}
	none, _ := newDirectory(t, &config.Config{Sites: []config.Site{{Alias: "s", ID: wixsim.SiteBakery, Key: "k"}}})
	var scopeErr *Error
	if _, err := none.Account(""); !errors.As(err, &scopeErr) {
		t.Errorf("no account: %v", err)
	}
}

// TestSiteOwnerFoundWithQuerySites checks that an unconfigured site is
// resolved to the account that owns it, with one lookup, then cached.
func TestSiteOwnerFoundWithQuerySites(t *testing.T) {
	t.Parallel()
	d, sim := newDirectory(t, twoAccounts())
	target, err := d.Site(context.Background(), wixsim.SiteOther)
	if err != nil {
		t.Fatal(err)
	}
	if target.Account != "other" || target.Scope != wixclient.SiteScope(wixsim.SiteOther) || target.SiteName == "" {
		t.Errorf("target = %+v", target)
	}
	lookups := 0
	for _, r := range sim.Sim.Requests() {
		if r.Path == "/site-list/v2/sites/query" {
			lookups++
		}
	}
	if lookups != 2 {
		t.Errorf("agency then other should have been asked once each, got %d lookups", lookups)
	}
	sim.Sim.ResetRequests()
	if _, err := d.Site(context.Background(), wixsim.SiteOther); err != nil {
		t.Fatal(err)
	}
	if n := len(sim.Sim.Requests()); n != 0 {
		t.Errorf("the owner must be cached, got %d requests", n)
	}
	_, err = d.Site(context.Background(), "00000000-0000-4000-8000-000000000000")
	var scopeErr *Error
	if !errors.As(err, &scopeErr) || !strings.Contains(err.Error(), "no configured account owns it") || !strings.Contains(err.Error(), wixsim.SiteOther) {
		t.Errorf("unknown site must be refused, listing known sites: %v", err)
	}
	// Asking again at once costs no lookups.
	sim.Sim.ResetRequests()
	if _, err := d.Site(context.Background(), "00000000-0000-4000-8000-000000000000"); err == nil || len(sim.Sim.Requests()) != 0 {
		t.Errorf("a recent miss must be answered from memory: %v, %d requests", err, len(sim.Sim.Requests()))
	}
}

func TestConfiguredSitesUseTheirKey(t *testing.T) {
	t.Parallel()
	cfg := twoAccounts()
	cfg.Sites = []config.Site{
		{Alias: "bakery", ID: wixsim.SiteBakery, Account: "agency"},
		{Alias: "restricted", ID: wixsim.SiteYoga, Key: config.Secret(wixsim.RestrictedKey)},
	}
	d, sim := newDirectory(t, cfg)
	byAlias, err := d.Site(context.Background(), "bakery")
	if err != nil || byAlias.Scope.ID != wixsim.SiteBakery || byAlias.Account != "agency" || byAlias.SiteAlias != "bakery" {
		t.Fatalf("alias: %+v %v", byAlias, err)
	}
	byID, err := d.Site(context.Background(), wixsim.SiteBakery)
	if err != nil || byID.Client != byAlias.Client {
		t.Errorf("alias and ID must share one client: %v", err)
	}
	// The restricted key is the site's own: a call with it reaches Wix and
	// is refused there (it is granted only the bakery), proving which key
	// went out.
	own, err := d.Site(context.Background(), "restricted")
	if err != nil || own.Account != "" {
		t.Fatalf("own key: %+v %v", own, err)
	}
	_, err = own.Client.Do(context.Background(), wixclient.Request{Method: "GET", Path: wixclient.MustParsePath("/site-properties/v4/properties")})
	var apiErr *wixclient.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 403 {
		t.Errorf("the restricted key must be used for its site: %v", err)
	}
	if n := len(sim.Sim.Requests()); n != 1 {
		t.Errorf("configured sites need no owner lookup, got %d requests", n)
	}
}

func TestPinnedSite(t *testing.T) {
	t.Parallel()
	cfg := twoAccounts()
	cfg.Sites = []config.Site{{Alias: "bakery", ID: wixsim.SiteBakery, Account: "agency", Pin: true}}
	d, _ := newDirectory(t, cfg)
	for _, ref := range []string{"", "bakery", wixsim.SiteBakery} {
		if target, err := d.Site(context.Background(), ref); err != nil || target.Scope.ID != wixsim.SiteBakery {
			t.Errorf("Site(%q) = %+v, %v", ref, target, err)
		}
	}
	if _, err := d.Site(context.Background(), wixsim.SiteYoga); err == nil || !strings.Contains(err.Error(), "pinned") {
		t.Errorf("another site must be refused: %v", err)
	}
}

// TestLoneSiteDoesNotPin: one configured site beside an account, without
// pin, leaves the account's other sites reachable.
func TestLoneSiteDoesNotPin(t *testing.T) {
	cfg := twoAccounts()
	cfg.Sites = []config.Site{{Alias: "bakery", ID: wixsim.SiteBakery, Account: "agency"}}
	d, _ := newDirectory(t, cfg)
	if _, ok := d.PinnedSite(); ok {
		t.Fatal("a lone site without pin pinned the server")
	}
	if target, err := d.Site(context.Background(), wixsim.SiteYoga); err != nil || target.Scope.ID != wixsim.SiteYoga {
		t.Errorf("another site of the account: %+v, %v", target, err)
	}
	if target, err := d.Site(context.Background(), "bakery"); err != nil || target.Scope.ID != wixsim.SiteBakery {
		t.Errorf("the configured site by alias: %+v, %v", target, err)
	}
}

// TestPolicyMerge checks how server, account and site settings combine,
// by what the merged policy allows.
func TestPolicyMerge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		cfg              config.Config
		account, site    config.Policy
		readOnly         bool
		confirm          bool
		allowed, refused []string
	}{
		{name: "defaults confirm destructive calls", confirm: true, allowed: []string{"/any/path"}},
		{name: "--allow-destructive", cfg: config.Config{AllowDestructive: true}},
		{name: "server read-only wins", cfg: config.Config{ReadOnly: true}, readOnly: true, confirm: true},
		{name: "account read-only reaches its sites", account: config.Policy{ReadOnly: true}, readOnly: true, confirm: true},
		{name: "deny rules add up", account: config.Policy{Deny: []string{"/a/**"}}, site: config.Policy{Deny: []string{"/b/**"}},
			confirm: true, allowed: []string{"/c/x"}, refused: []string{"/a/x", "/b/x"}},
		{name: "a site narrows its account's allow list", account: config.Policy{Allow: []string{"/a/**"}}, site: config.Policy{Allow: []string{"/a/x/**"}},
			confirm: true, allowed: []string{"/a/x/y"}, refused: []string{"/a/z", "/b/x"}},
		{name: "a site cannot widen its account's allow list", account: config.Policy{Allow: []string{"/a/**"}}, site: config.Policy{Allow: []string{"/b/**"}},
			confirm: true, refused: []string{"/a/x", "/b/x"}},
		{name: "account allow inherited", account: config.Policy{Allow: []string{"/a/**"}}, confirm: true, allowed: []string{"/a/x"}, refused: []string{"/b/x"}},
		{name: "a site deny within the account's allow", account: config.Policy{Allow: []string{"/a/**"}}, site: config.Policy{Deny: []string{"/a/secret/**"}},
			confirm: true, allowed: []string{"/a/x"}, refused: []string{"/a/secret/x"}},
		{name: "nearest confirm wins", cfg: config.Config{AllowDestructive: true}, account: config.Policy{ConfirmDestructive: no()}, site: config.Policy{ConfirmDestructive: yes()}, confirm: true},
		{name: "scope opts out", account: config.Policy{ConfirmDestructive: no()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Accounts = []config.Account{{Name: "agency", ID: wixsim.AgencyAccountID, Key: "k", Policy: tt.account}}
			cfg.Sites = []config.Site{{Alias: "bakery", ID: wixsim.SiteBakery, Account: "agency", Policy: tt.site}, {Alias: "yoga", ID: wixsim.SiteYoga, Account: "agency"}}
			d := New(&cfg, ClientOptions{BaseURL: "https://www.wixapis.com"})
			target, err := d.Site(context.Background(), "bakery")
			if err != nil {
				t.Fatal(err)
			}
			got := target.Policy
			if got.ReadOnly != tt.readOnly || got.ConfirmDestructive != tt.confirm {
				t.Errorf("read-only %v, confirm %v; want %v, %v", got.ReadOnly, got.ConfirmDestructive, tt.readOnly, tt.confirm)
			}
			for _, p := range tt.allowed {
				if d := got.Check(wixclient.MustParsePath(p)); !d.Allowed {
					t.Errorf("%s refused: %s", p, d.Reason)
				}
			}
			for _, p := range tt.refused {
				if d := got.Check(wixclient.MustParsePath(p)); d.Allowed || d.Reason == "" {
					t.Errorf("%s allowed, want a refusal with a reason", p)
				}
			}
		})
	}
}
