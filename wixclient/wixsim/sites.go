package wixsim

import "strings"

// Query Sites and Count Sites are account-level
// (https://dev.wix.com/docs/rest/account-level/sites/sites/query-sites).
var siteFilterOps = ops("$eq", "$ne", "$exists", "$in", "$hasSome", "$startsWith", "$gt", "$lt", "$lte", "$gte")
var siteFlagOps = ops("$eq", "$ne", "$exists", "$in", "$hasSome")

var sitesSpec = &querySpec{
	name: "sites", root: "query",
	filter: filterRules{
		"id": {ops: siteFilterOps}, "name": {ops: siteFilterOps}, "folderId": {ops: siteFilterOps},
		"published": {ops: siteFlagOps}, "premium": {ops: siteFlagOps}, "editorType": {ops: siteFlagOps},
		"namespace": {ops: siteFlagOps}, "domainConnected": {ops: siteFlagOps},
	},
	sortable:    map[string]bool{"displayName": true, "createdDate": true, "updatedDate": true, "trashedDate": true},
	sortKey:     "sort",
	defaultSort: []sortItem{{FieldName: "createdDate", Order: "DESC"}},
	idField:     "id",
	cursor:      true, defaultLimit: 50, maxLimit: 100,
}

// mentions reports whether a filter names field anywhere.
func mentions(f any, field string) bool {
	switch t := f.(type) {
	case map[string]any:
		for k, v := range t {
			if k == field || mentions(v, field) {
				return true
			}
		}
	case []any:
		for _, v := range t {
			if mentions(v, field) {
				return true
			}
		}
	}
	return false
}

// onlyClassicByDefault hides headless sites unless the filter asks about
// namespace, as Query Sites does (its docs: headless projects are returned
// only when the filter names namespace HEADLESS).
func onlyClassicByDefault(f any) any {
	if mentions(f, "namespace") {
		return f
	}
	classic := map[string]any{"namespace": "WIX"}
	if f == nil {
		return classic
	}
	return map[string]any{"$and": []any{f, classic}}
}

func (c *call) accountSites() []Object {
	var out []Object
	for _, st := range c.sim.sites {
		if st.accountID == c.account.id {
			out = append(out, st.obj)
		}
	}
	return out
}

func handleQuerySites(c *call) (any, *apiError) {
	_, q, err := c.queryInput("query")
	if err != nil {
		return nil, err
	}
	res, err := sitesSpec.run(q, c.account.id, c.accountSites(), onlyClassicByDefault)
	if err != nil {
		return nil, err
	}
	return Object{"sites": orEmpty(res.items), "metadata": res.cursorMeta()}, nil
}

func handleCountSites(c *call) (any, *apiError) {
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	filter := in["filter"]
	for _, unsupported := range []string{"premium", "appIds"} {
		if mentions(filter, unsupported) {
			return nil, validationErr(FieldViolation{Field: "value",
				Description: "Field '" + unsupported + "' is not declared as filterable", ViolatedRule: "OTHER",
				RuleName: "FILTER_FIELD_NOT_DECLARED", Data: map[string]any{"fieldName": unsupported}})
		}
	}
	if _, err := compileFilter(filter, sitesSpec.filter, true, "filter"); err != nil {
		return nil, err
	}
	pred, err := compileFilter(onlyClassicByDefault(filter), sitesSpec.filter, false, "filter")
	if err != nil {
		return nil, err
	}
	n := 0
	for _, s := range c.accountSites() {
		if pred(s) {
			n++
		}
	}
	return Object{"count": n}, nil
}

// handleSiteProperties serves GET /site-properties/v4/properties with the
// optional field mask, given as fields=a,b or fields.paths=a.
func handleSiteProperties(c *call) (any, *apiError) {
	var paths []string
	q := c.r.URL.Query()
	for _, v := range append(q["fields"], q["fields.paths"]...) {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				paths = append(paths, p)
			}
		}
	}
	return Object{
		"version":    itoa(c.site.propsVersion + 1),
		"properties": project(c.site.properties, paths),
	}, nil
}

func orEmpty(items []Object) []Object {
	if items == nil {
		return []Object{}
	}
	return items
}

// siteProperties updates (@wix/auto_sdk_business-tools_site-properties:
// updateBusinessContact, updateBusinessProfile, updateBusinessSchedule,
// updateConsentPolicy): the contact and profile fields land at the top of
// the properties (email, phone, address; businessName, description, ...),
// limited to "fields" when given; the schedule and the consent policy
// replace theirs. Each write is a new version.
func (s *Sim) sitePropertiesRoutes(add func(string, string, scopeKind, func(*call) (any, *apiError))) {
	for path, field := range map[string]string{
		"business-contact": "businessContact", "business-profile": "businessProfile",
		"business-schedule": "businessSchedule", "policy": "consentPolicy",
	} {
		add("POST", "/site-properties/v4/properties/"+path, siteLevel, updateSiteProperties(field))
	}
}

func updateSiteProperties(field string) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		in, err := c.input()
		if err != nil {
			return nil, err
		}
		v, ok := objectField(in, field)
		if !ok {
			return nil, violation(field, "is required", "REQUIRED_FIELD")
		}
		props := cloneObject(c.site.properties)
		switch field {
		case "businessSchedule", "consentPolicy":
			props[field] = cloneObject(v)
		default:
			only := map[string]bool{}
			if fs, ok := in["fields"].([]any); ok {
				for _, f := range fs {
					if name, ok := f.(string); ok {
						only[name] = true
					}
				}
			}
			for k, val := range cloneObject(v) {
				if len(only) == 0 || only[k] {
					props[k] = val
				}
			}
		}
		c.site.properties = props
		c.site.propsVersion++
		return Object{}, nil
	}
}
