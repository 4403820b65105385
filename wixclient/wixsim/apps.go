package wixsim

// StoresAppID is Wix Stores' app definition ID, as Wix's list of common
// app IDs gives it:
// https://dev.wix.com/docs/api-reference/business-management/app-installation/skills/list-installed-apps
const StoresAppID = "1380b703-ce81-ff05-f115-39571d94dfcd"

// handleInstalledApps is Get Installed Apps of the App Installation API
// (GET /apps-installer-service/v1/app-instances): the apps of the calling
// site. A seeded site has Wix Stores exactly when it has catalog v3 (the
// sites without it answer 428 on /stores/v3/*).
func handleInstalledApps(c *call) (any, *apiError) {
	apps := []any{}
	if c.site.storesV3 {
		apps = append(apps, Object{"appDefId": StoresAppID, "instanceId": "sim-stores-" + c.site.id})
	}
	return Object{"appInstances": apps}, nil
}
