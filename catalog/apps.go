package catalog

// appIDs are the app definition IDs of the Wix apps whose APIs a site
// answers only when the app is installed (otherwise 428
// REQUIRED_APP_NOT_INSTALLED), by catalog vertical. From Wix's list of
// common app definition IDs in "List Installed Apps on a Site":
// https://dev.wix.com/docs/api-reference/business-management/app-installation/skills/list-installed-apps
// Verticals not listed here are either always there (contacts, members,
// Wix Data, site properties) or of apps whose ID Wix's list does not give;
// for those, a site's 428 answers tell.
var appIDs = map[string]string{
	"stores":        "1380b703-ce81-ff05-f115-39571d94dfcd",
	"bookings":      "13d21c63-b5ec-5912-8397-c3a5ddb27a97",
	"blog":          "14bcded7-0066-7c35-14d7-466cb3f09103",
	"events":        "140603ad-af8d-84a5-2c80-a0f60cb47351",
	"pricing-plans": "1522827f-c56c-a5c9-2ac9-00f9e6ae12d3",
	"restaurants":   "13e8d036-5516-6f75-e025-2aca3b5d7930",
}

// AppID returns the app definition ID of the Wix app that must be
// installed on a site for the endpoint to answer, when the catalog knows it.
func (e *Endpoint) AppID() (string, bool) {
	id, ok := appIDs[e.Vertical]
	return id, ok
}
