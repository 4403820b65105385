package wixsim

import "strings"

// Members (@wix/auto_sdk_members_members, queryMembers and listMembers):
// "sorting" instead of "sort", the answer's
// paging wrapper is "metadata", and fieldsets PUBLIC (the default),
// EXTENDED and FULL choose how much of a member is returned.
var membersSpec = &querySpec{
	name: "members", root: "query",
	filter: filterRules{
		"id": {}, "contactId": {}, "loginEmail": {}, "status": {}, "privacyStatus": {},
		"activityStatus": {}, "profile.nickname": {}, "profile.slug": {},
		"createdDate": {}, "updatedDate": {}, "lastLoginDate": {},
	},
	sortKey:     "sorting",
	defaultSort: []sortItem{{FieldName: "createdDate", Order: "DESC"}},
	idField:     "id",
	offset:      true, defaultLimit: 50, maxLimit: 100,
}

var memberFieldsets = map[string][]string{
	"PUBLIC":   {"id", "profile", "privacyStatus", "activityStatus", "createdDate", "updatedDate"},
	"EXTENDED": {"id", "profile", "privacyStatus", "activityStatus", "createdDate", "updatedDate", "loginEmail", "loginEmailVerified", "status", "contactId"},
}

// memberFields turns fieldsets into a projection; FULL means everything.
func memberFields(v any, at string) ([]string, *apiError) {
	sets := []any{"PUBLIC"}
	if v != nil {
		list, ok := v.([]any)
		if !ok {
			return nil, violation(at, "must be an array of PUBLIC, EXTENDED or FULL", "FORMAT")
		}
		if len(list) > 0 {
			sets = list
		}
	}
	var fields []string
	for _, s := range sets {
		switch s {
		case "FULL":
			return nil, nil
		case "PUBLIC", "EXTENDED":
			fields = append(fields, memberFieldsets[s.(string)]...)
		default:
			return nil, violation(at, "must be an array of PUBLIC, EXTENDED or FULL", "FORMAT")
		}
	}
	return fields, nil
}

func handleQueryMembers(c *call) (any, *apiError) {
	in, q, err := c.queryInput("query")
	if err != nil {
		return nil, err
	}
	fields, err := memberFields(in["fieldsets"], "fieldsets")
	if err != nil {
		return nil, err
	}
	search, _ := objectField(in, "search")
	return c.queryMembers(q, fields, search)
}

// handleListMembers is GET /members/v1/members with paging.limit,
// paging.offset, sorting.fieldName/order and fieldsets parameters.
func handleListMembers(c *call) (any, *apiError) {
	in, fields, err := c.memberInput()
	if err != nil {
		return nil, err
	}
	q := Object{}
	if p, ok := in["paging"]; ok {
		q["paging"] = p
	}
	switch s := in["sorting"].(type) {
	case map[string]any:
		q["sorting"] = []any{s}
	case []any:
		q["sorting"] = s
	}
	return c.queryMembers(q, fields, nil)
}

// memberSearchFields are searched by Query Members' search.expression
// when search.fields is not given.
var memberSearchFields = []string{"profile.nickname", "loginEmail", "contact.firstName", "contact.lastName"}

// queryMembers runs a members query; search {expression, fields} keeps
// the members where any of the fields contains the expression.
func (c *call) queryMembers(q Object, fields []string, search Object) (any, *apiError) {
	var adjust func(any) any
	if expr := strings.TrimSpace(stringField(search, "expression")); expr != "" {
		paths := memberSearchFields
		if fs, ok := search["fields"].([]any); ok && len(fs) > 0 {
			paths = nil
			for _, f := range fs {
				if p, ok := f.(string); ok {
					paths = append(paths, p)
				}
			}
		}
		var ors []any
		for _, p := range paths {
			ors = append(ors, map[string]any{p: map[string]any{"$contains": expr}})
		}
		adjust = func(f any) any {
			m := map[string]any{"$or": ors}
			if f == nil {
				return m
			}
			return map[string]any{"$and": []any{f, m}}
		}
	}
	res, err := membersSpec.run(q, c.site.id, c.site.members.items, adjust)
	if err != nil {
		return nil, err
	}
	out := make([]Object, len(res.items))
	for i, m := range res.items {
		out[i] = project(m, fields)
	}
	return Object{"members": out, "metadata": res.offsetMeta()}, nil
}

// handleGetMember is GET /members/v1/members/{id}?fieldsets=FULL.
func handleGetMember(c *call) (any, *apiError) {
	_, fields, err := c.memberInput()
	if err != nil {
		return nil, err
	}
	id := c.params["id"]
	i := c.site.members.index(id)
	if i < 0 {
		return nil, notFound("MEMBER_NOT_FOUND", "member", id)
	}
	return Object{"member": project(c.site.members.items[i], fields)}, nil
}

// memberInput decodes a request and the projection its fieldsets ask for.
func (c *call) memberInput() (Object, []string, *apiError) {
	in, err := c.input()
	if err != nil {
		return nil, nil, err
	}
	fields, err := memberFields(in["fieldsets"], "fieldsets")
	if err != nil {
		return nil, nil, err
	}
	return in, fields, nil
}
