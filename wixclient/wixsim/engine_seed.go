package wixsim

import (
	"fmt"
	"strings"
	"time"

	"github.com/wix-mcp/wix-mcp/catalog"
)

// genericSeedCount is how many items the engine seeds per entity and site.
const genericSeedCount = 3

// handTables binds catalog entities to the tables of the hand-written
// verticals, so a catalog endpoint without a hand-written route (say,
// POST /members/v1/members/{id}/approve) sees the same members.
func (st *siteState) handTables() map[string]*table {
	return map[string]*table{
		"crm.contacts":        st.contacts,
		"members.members":     st.members,
		"stores.products-v-3": st.products,
		"ecom.orders":         st.orders,
	}
}

// table returns the site's table of a generic entity, seeding it on first
// use. Callers hold s.mu.
func (s *Sim) table(st *siteState, ent *entityInfo) *table {
	if t, ok := st.handTables()[ent.key]; ok {
		return t
	}
	if st.tables == nil {
		st.tables = map[string]*table{}
	}
	t, ok := st.tables[ent.key]
	if !ok {
		t = &table{idField: ent.idField, items: seedItems(st.id, ent, genericSeedCount)}
		st.tables[ent.key] = t
	}
	return t
}

// singleton returns a site's settings-like object of an entity (one per
// site, no ID). Callers hold s.mu.
func (s *Sim) singleton(st *siteState, ent *entityInfo) Object {
	if st.singletons == nil {
		st.singletons = map[string]Object{}
	}
	o, ok := st.singletons[ent.key]
	if !ok {
		o = Object{}
		stampSystemFields(o, ent, wixTime(seedEpoch), "")
		delete(o, ent.idField)
		st.singletons[ent.key] = o
	}
	return o
}

// seedItems builds n deterministic items of an entity: the ID, revision
// and dates where the type declares them, and a readable value in the
// name-like string fields (name, title, slug, ...).
func seedItems(siteID string, ent *entityInfo, n int) []Object {
	out := make([]Object, 0, n)
	label := entityLabel(ent)
	for i := 1; i <= n; i++ {
		it := Object{}
		created := wixTime(dayAfter(seedEpoch, 5*i).Add(time.Duration(len(ent.key)) * time.Minute))
		stampSystemFields(it, ent, created, guid(fmt.Sprintf("%s/%s/%d", siteID, ent.key, i)))
		for _, f := range ent.fields {
			if f.Type != "string" {
				continue
			}
			switch f.Name {
			case "name", "title", "displayName", "label":
				it[f.Name] = fmt.Sprintf("Sample %s %d", label, i)
			case "slug":
				it[f.Name] = fmt.Sprintf("sample-%s-%d", strings.ToLower(strings.ReplaceAll(label, " ", "-")), i)
			case "description":
				it[f.Name] = fmt.Sprintf("Seeded by the sandbox: %s number %d.", strings.ToLower(label), i)
			}
		}
		zeroFill(it, ent.fields, ent.types, zeroDepth)
		out = append(out, it)
	}
	return out
}

// zeroDepth bounds how deep zeroFill descends into nested objects.
const zeroDepth = 3

// zeroFill sets every declared field the object lacks to its type's zero
// value (an empty string, 0, false, an empty array, an object filled the
// same way), as Wix's answers carry their fields even when empty; the
// SDK's types declare many of them always present (NonNullablePaths in the
// @wix/auto_sdk_* typings). Fields of unknown or enum type ("any") and
// dates (a "" date is not a date) are left out.
func zeroFill(o Object, fields []catalog.Field, types map[string][]catalog.Field, depth int) {
	for _, f := range fields {
		if _, ok := o[f.Name]; ok || strings.HasSuffix(f.Name, "Date") || strings.HasPrefix(f.Name, "_") {
			continue
		}
		if v, ok := zeroValue(f, types, depth); ok {
			o[f.Name] = v
		}
	}
}

func zeroValue(f catalog.Field, types map[string][]catalog.Field, depth int) (any, bool) {
	if strings.HasSuffix(f.Type, "[]") {
		return zeroOfKind("array")
	}
	switch f.Type {
	case "string":
		if len(f.Enum) > 0 {
			// An enum's empty value is its first, usually UNKNOWN.
			return f.Enum[0], true
		}
		return zeroOfKind(f.Type)
	case "number", "boolean", "object":
		return zeroOfKind(f.Type)
	case "any", "":
		return nil, false
	}
	if depth <= 0 {
		return nil, false
	}
	sub := f.Fields
	if len(types[f.Type]) > len(sub) {
		sub = types[f.Type]
	}
	o := Object{}
	zeroFill(o, sub, types, depth-1)
	return o, true
}

// entityLabel is a readable name of the entity type: "Ticket Definition".
func entityLabel(ent *entityInfo) string {
	var b strings.Builder
	for i, r := range ent.typeName {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stampSystemFields sets the ID, revision and dates the entity type
// declares. Wix sends revisions as strings (int64 in JSON), e.g. "1".
func stampSystemFields(o Object, ent *entityInfo, now, id string) {
	if id != "" {
		o[ent.idField] = id
	}
	if ent.has("revision") {
		o["revision"] = "1"
	}
	for _, f := range []string{"createdDate", "updatedDate", "_createdDate", "_updatedDate"} {
		if ent.has(f) {
			o[f] = now
		}
	}
}

// bumpRevision adds one to a string or number revision.
func bumpRevision(o Object) {
	switch r := o["revision"].(type) {
	case string:
		var n int
		_, _ = fmt.Sscanf(r, "%d", &n)
		o["revision"] = fmt.Sprint(n + 1)
	case float64:
		o["revision"] = r + 1
	}
}
