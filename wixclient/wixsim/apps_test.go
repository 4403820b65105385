package wixsim

import "testing"

// The seeded sites have different apps: Get Installed Apps names Wix
// Stores exactly on the sites whose /stores/v3/* answers.
func TestInstalledApps(t *testing.T) {
	t.Parallel()
	s := New()
	for _, tc := range []struct {
		site       string
		wantStores bool
	}{{SiteBakery, false}, {SiteYoga, false}, {SiteBookshop, true}} {
		r := site(t, s, tc.site, "GET", "/apps-installer-service/v1/app-instances", nil)
		wantStatus(t, r, 200)
		got := pluck(t, r, "appInstances", "appDefId")
		if has := len(got) == 1 && got[0] == StoresAppID; has != tc.wantStores {
			t.Errorf("site %s: apps %v, want Stores %v", tc.site, got, tc.wantStores)
		}
	}
}
