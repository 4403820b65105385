package replicas

import (
	"context"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/internal/redistest"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestSharedSiteOwners runs two replicas' directories on one real Redis:
// the first finds an unconfigured site's owner with Query Sites, the
// second finds it in Redis and sends nothing. An entry naming an account
// the replica does not have (or with another ID) is ignored.
func TestSharedSiteOwners(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: redistest.Start(t)})
	t.Cleanup(func() { rdb.Close() })
	sim := wixsim.NewServer()
	t.Cleanup(sim.Close)
	cfg := &config.Config{BaseURL: sim.URL, Timeout: config.DefaultTimeout, Accounts: []config.Account{
		{Name: "agency", ID: wixsim.AgencyAccountID, Key: config.Secret(wixsim.AgencyKey)},
		{Name: "other", ID: wixsim.OtherAccountID, Key: config.Secret(wixsim.OtherKey)},
	}}
	cache := NewOwnerCache(rdb, zerolog.Nop())
	replica := func() *scopes.Directory {
		d := scopes.New(cfg, scopes.ClientOptions{BaseURL: sim.URL, UserAgent: "test"})
		d.ShareOwners(cache)
		return d
	}
	ctx := context.Background()
	first, second := replica(), replica()
	if _, err := first.Site(ctx, wixsim.SiteOther); err != nil {
		t.Fatal(err)
	}
	if n := len(sim.Sim.Requests()); n == 0 {
		t.Fatal("the first replica should have asked Query Sites")
	}
	sim.Sim.ResetRequests()
	target, err := second.Site(ctx, wixsim.SiteOther)
	if err != nil || target.Account != "other" || !strings.Contains(target.Label(), "Other") {
		t.Fatalf("second replica: %+v %v", target, err)
	}
	if n := len(sim.Sim.Requests()); n != 0 {
		t.Errorf("the second replica sent %d requests; the owner was in Redis", n)
	}
	// A forged entry for an account under another ID is not used.
	rdb.HSet(ctx, "wix-mcp:owner:"+wixsim.SiteBakery, "account", "other", "account_id", "not-the-id", "name", "x")
	target, err = replica().Site(ctx, wixsim.SiteBakery)
	if err != nil || target.Account != "agency" {
		t.Errorf("a mismatched entry must be ignored and the owner looked up: %+v %v", target, err)
	}
}
