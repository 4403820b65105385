package wixsim

import (
	"net/http"
	"strconv"
	"strings"
)

// Contacts v4 (@wix/auto_sdk_crm_contacts, queryContacts; docs:
// https://dev.wix.com/docs/rest/crm/members-contacts/contacts/contacts/contact-v4/query-contacts):
// offset paging, pagingMetadata, at most one sort item, limit up to 1000.
// The fields below are the sim's own; the ones the SDK's query spec
// declares (names, company, job title, ...) are merged in on first use
// (specs_catalog.go).
var contactsSpec = &querySpec{
	name: "contacts", root: "query",
	filter: filterRules{
		"id": {}, "createdDate": {}, "updatedDate": {}, "lastActivity.activityDate": {},
		"primaryInfo.email": {}, "primaryInfo.phone": {}, "info.locale": {}, "info.birthdate": {},
		"info.emails.email": {path: "info.emails.items.email"},
		"info.phones.phone": {path: "info.phones.items.phone"},
		"info.labelKeys":    {path: "info.labelKeys.items", ops: ops("$hasSome", "$hasAll", "$exists", "$isEmpty")},
	},
	sortKey: "sort", maxSort: 1,
	sortable: map[string]bool{
		"id": true, "createdDate": true, "updatedDate": true, "lastActivity.activityDate": true,
		"primaryInfo.email": true, "primaryInfo.phone": true, "info.name.first": true, "info.name.last": true,
	},
	defaultSort: []sortItem{{FieldName: "createdDate", Order: "DESC"}},
	idField:     "id",
	offset:      true, defaultLimit: 50, maxLimit: 1000,
}

// basicContactFields is the BASIC fieldset.
var basicContactFields = []string{"id", "revision", "source", "createdDate", "updatedDate", "lastActivity", "primaryInfo", "info.name"}

func itoa(n int) string { return strconv.Itoa(n) }

func handleQueryContacts(c *call) (any, *apiError) {
	in, q, err := c.queryInput("query")
	if err != nil {
		return nil, err
	}
	return c.queryContacts(q, stringField(in, "search"))
}

// handleListContacts is GET /contacts/v4/contacts with dotted parameters
// (paging.limit, sort.fieldName, sort.order, fieldsets).
func handleListContacts(c *call) (any, *apiError) {
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	q := Object{}
	if p, ok := in["paging"]; ok {
		q["paging"] = p
	}
	if s, ok := objectField(in, "sort"); ok {
		q["sort"] = []any{s}
	}
	if f, ok := in["fieldsets"]; ok {
		q["fieldsets"] = f
	}
	return c.queryContacts(q, "")
}

func (c *call) queryContacts(q Object, search string) (any, *apiError) {
	if len(search) > 100 {
		return nil, violation("search", "must be at most 100 characters", "MAX_LENGTH")
	}
	fields, err := parseFields(q["fields"], "query.fields")
	if err != nil {
		return nil, err
	}
	if fs, _ := q["fieldsets"].([]any); len(fields) == 0 && len(fs) == 1 && fs[0] == "BASIC" {
		fields = basicContactFields
	}
	items := c.site.contacts.items
	if search != "" {
		items = nil
		needle := strings.ToLower(search)
		for _, ct := range c.site.contacts.items {
			if contactMatches(ct, needle) {
				items = append(items, ct)
			}
		}
	}
	res, err := contactsSpec.run(q, c.site.id, items, nil)
	if err != nil {
		return nil, err
	}
	out := make([]Object, len(res.items))
	for i, ct := range res.items {
		out[i] = project(ct, fields, "id")
	}
	return Object{"contacts": out, "pagingMetadata": res.offsetMeta()}, nil
}

// contactMatches is the free-text search of Query Contacts: name, email
// and phone, case-insensitive.
func contactMatches(ct Object, needle string) bool {
	for _, path := range []string{"info.name.first", "info.name.last", "primaryInfo.email", "primaryInfo.phone"} {
		for _, v := range resolve(ct, strings.Split(path, ".")) {
			if s, ok := v.(string); ok && strings.Contains(strings.ToLower(s), needle) {
				return true
			}
		}
	}
	return false
}

func (c *call) contactAt(id string) (int, *apiError) {
	i := c.site.contacts.index(id)
	if i < 0 {
		return -1, notFound("CONTACT_NOT_FOUND", "contact", id)
	}
	return i, nil
}

func handleGetContact(c *call) (any, *apiError) {
	i, err := c.contactAt(c.params["id"])
	if err != nil {
		return nil, err
	}
	return Object{"contact": c.site.contacts.items[i]}, nil
}

func handleCreateContact(c *call) (any, *apiError) {
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	info, ok := objectField(in, "info")
	if !ok {
		return nil, violation("info", "is required", "REQUIRED_FIELD")
	}
	info = cloneObject(info)
	email, phone := primaryOf(info, "emails", "email"), primaryOf(info, "phones", "phone")
	name, _ := objectField(info, "name")
	if email == "" && phone == "" && stringField(name, "first") == "" && stringField(name, "last") == "" {
		return nil, appErr(http.StatusBadRequest, "INSUFFICIENT_CONTACT_DATA",
			"a contact needs a name, an email or a phone")
	}
	if allow, _ := in["allowDuplicates"].(bool); !allow && email != "" {
		if dup := c.contactByEmail(email, ""); dup != "" {
			return nil, appErrData(http.StatusConflict, "DUPLICATE_CONTACT_EXISTS",
				"a contact with this email already exists", map[string]any{"duplicateContactId": dup})
		}
	}
	now := c.sim.tick()
	ct := Object{
		"id": c.sim.newID("contact"), "revision": 1.0, "source": Object{"sourceType": "OTHER"},
		"createdDate": now, "updatedDate": now,
		"lastActivity": Object{"activityDate": now, "activityType": "CONTACT_CREATED"},
		"info":         info,
	}
	setPrimary(ct, email, phone)
	c.site.contacts.items = append(c.site.contacts.items, ct)
	return Object{"contact": ct}, nil
}

// handleUpdateContact is PATCH with {revision, info}: the info fields
// given replace the stored ones; a stale revision is a 409.
func handleUpdateContact(c *call) (any, *apiError) {
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	i, err := c.contactAt(c.params["id"])
	if err != nil {
		return nil, err
	}
	rev, ok := in["revision"].(float64)
	if !ok {
		return nil, violation("revision", "is required", "REQUIRED_FIELD")
	}
	info, ok := objectField(in, "info")
	if !ok {
		return nil, violation("info", "is required", "REQUIRED_FIELD")
	}
	old := c.site.contacts.items[i]
	if cur, _ := old["revision"].(float64); rev != cur {
		e := appErrData(http.StatusConflict, "INVALID_REVISION",
			"entity has already changed since the requested revision",
			map[string]any{"requestedRevision": rev, "currentRevision": cur})
		e.message = "ABORTED: " + e.app.Description
		return nil, e
	}
	ct := cloneObject(old)
	merged, _ := objectField(ct, "info")
	for k, v := range cloneObject(info) {
		merged[k] = v
	}
	email, phone := primaryOf(merged, "emails", "email"), primaryOf(merged, "phones", "phone")
	if allow, _ := in["allowDuplicates"].(bool); !allow && email != "" {
		if dup := c.contactByEmail(email, stringField(old, "id")); dup != "" {
			return nil, appErrData(http.StatusConflict, "DUPLICATE_CONTACT_EXISTS",
				"a contact with this email already exists", map[string]any{"duplicateContactId": dup})
		}
	}
	ct["revision"] = rev + 1
	ct["updatedDate"] = c.sim.tick()
	setPrimary(ct, email, phone)
	c.site.contacts.items[i] = ct
	return Object{"contact": ct}, nil
}

func handleDeleteContact(c *call) (any, *apiError) {
	i, err := c.contactAt(c.params["id"])
	if err != nil {
		return nil, err
	}
	t := c.site.contacts
	t.items = append(t.items[:i:i], t.items[i+1:]...)
	return Object{}, nil
}

// primaryOf returns the primary (else first) entry of info.emails.items
// or info.phones.items.
func primaryOf(info Object, list, field string) string {
	l, _ := objectField(info, list)
	items, _ := l["items"].([]any)
	first := ""
	for _, it := range items {
		m, _ := it.(map[string]any)
		v := stringField(m, field)
		if p, _ := m["primary"].(bool); p && v != "" {
			return v
		}
		if first == "" {
			first = v
		}
	}
	return first
}

func setPrimary(ct Object, email, phone string) {
	pi := Object{}
	if email != "" {
		pi["email"] = email
		ct["primaryEmail"] = Object{"email": email, "subscriptionStatus": "NOT_SET", "deliverabilityStatus": "NOT_SET"}
	} else {
		delete(ct, "primaryEmail")
	}
	if phone != "" {
		pi["phone"] = phone
		ct["primaryPhone"] = Object{"phone": phone, "subscriptionStatus": "NOT_SET"}
	} else {
		delete(ct, "primaryPhone")
	}
	ct["primaryInfo"] = pi
}

// contactByEmail finds another contact with the same primary email.
func (c *call) contactByEmail(email, except string) string {
	for _, ct := range c.site.contacts.items {
		pi, _ := objectField(ct, "primaryInfo")
		if id := stringField(ct, "id"); id != except && strings.EqualFold(stringField(pi, "email"), email) {
			return id
		}
	}
	return ""
}
