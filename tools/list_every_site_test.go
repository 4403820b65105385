package tools

import (
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// twoAccounts adds the emulator's second account to the fixture.
func twoAccounts(c *config.Config) {
	c.Accounts = append(c.Accounts, config.Account{Name: "other", ID: wixsim.OtherAccountID, Key: config.Secret(wixsim.OtherKey)})
}

type listedSites struct {
	Account    string        `json:"account"`
	Sites      []SiteSummary `json:"sites"`
	NextCursor string        `json:"nextCursor"`
}

func decodeListing(t *testing.T, res *mcp.CallToolResult) listedSites {
	t.Helper()
	if res.IsError {
		t.Fatalf("list_sites: %s", resultText(res))
	}
	var l listedSites
	raw, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestListSitesOfEveryAccount lists two accounts' sites in one call, each
// site with its account, and through cursors of every size.
func TestListSitesOfEveryAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, twoAccounts, wixsim.WithExtraSites(wixsim.AgencyAccountID, 5))
	all := decodeListing(t, f.call(t, "list_sites", map[string]any{}))
	owner := map[string]string{}
	for _, s := range all.Sites {
		owner[s.ID] = s.Account
	}
	if all.Account != "" || all.NextCursor != "" || len(all.Sites) != 10 || owner[wixsim.SiteBakery] != "agency" || owner[wixsim.SiteOther] != "other" {
		t.Fatalf("every account's sites, each with its account: %+v", all)
	}
	for _, limit := range []int{1, 2, 4, 9, 10} {
		seen := map[string]string{}
		cursor := ""
		for pages := 0; pages < 20; pages++ {
			args := map[string]any{"limit": limit}
			if cursor != "" {
				args["cursor"] = cursor
			}
			l := decodeListing(t, f.call(t, "list_sites", args))
			for _, s := range l.Sites {
				if _, dup := seen[s.ID]; dup {
					t.Fatalf("limit %d: site %s listed twice", limit, s.ID)
				}
				seen[s.ID] = s.Account
			}
			if cursor = l.NextCursor; cursor == "" {
				break
			}
		}
		if len(seen) != len(owner) {
			t.Errorf("limit %d: listed %d sites through cursors, want %d", limit, len(seen), len(owner))
		}
	}
	one := decodeListing(t, f.call(t, "list_sites", map[string]any{"account": "other"}))
	if one.Account != "other" || len(one.Sites) != 1 || one.Sites[0].ID != wixsim.SiteOther {
		t.Errorf("the account filter: %+v", one)
	}
	// A cursor of the every-account listing is not one of a single account.
	two := decodeListing(t, f.call(t, "list_sites", map[string]any{"limit": 2}))
	if res := f.call(t, "list_sites", map[string]any{"account": "agency", "cursor": two.NextCursor}); !res.IsError {
		t.Errorf("a cursor reused with another account filter must be refused: %s", resultText(res))
	}
}
