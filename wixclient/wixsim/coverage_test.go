package wixsim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/catalog"
)

// minCatalogShare is the floor of the share of catalog endpoints the sim
// answers well; the measured share is printed by TestCatalogCoverage.
const minCatalogShare = 0.88

// probe is one request built for a catalog endpoint from its metadata.
type probe struct {
	method, path string
	body         any
}

// probeFor fills the endpoint's placeholders (the entity's with a seeded
// ID) and builds the smallest body its pattern needs.
func probeFor(t *testing.T, s *Sim, siteID string, op *operation) probe {
	t.Helper()
	ep := op.ep
	id := "00000000-0000-4000-8000-000000000000"
	var rev any = "1"
	if op.entity != nil && op.entity.typeName != "" {
		s.mu.Lock()
		tb := s.table(s.siteByID[siteID], op.entity)
		if len(tb.items) > 0 {
			last := tb.items[len(tb.items)-1]
			id, _ = last[tb.idField].(string)
			if r, ok := last["revision"]; ok {
				rev = r
			}
		}
		s.mu.Unlock()
	}
	dataItemID := ""
	if strings.HasPrefix(ep.ID, "data.items.") {
		// Wix Data probes each get an item of their own in Authors.
		s.mu.Lock()
		for _, dc := range s.siteByID[siteID].collections {
			if dc.id == "Authors" {
				dataItemID = s.newID("probe")
				dc.items.items = append(dc.items.items, Object{"_id": dataItemID, "name": "Probe"})
			}
		}
		s.mu.Unlock()
	}
	collectionID := ""
	if strings.HasPrefix(ep.ID, "data.collections.") {
		// Collection probes each get a collection of their own.
		s.mu.Lock()
		collectionID = "Probe" + s.newID("collection")[:8]
		st := s.siteByID[siteID]
		st.collections = append(st.collections, &dataCollection{id: collectionID, items: &table{idField: "_id"}})
		s.mu.Unlock()
	}
	path := ep.Path
	for _, p := range placeholders(ep.Path) {
		v := "x"
		switch {
		case collectionID != "" && (p == "dataCollectionId" || p == "dataCollection.id"):
			v = collectionID
		case dataItemID != "" && (p == "dataItemId" || p == "dataItem.id"):
			v = dataItemID
		case p == op.idParam:
			v = id
		}
		path = strings.Replace(path, "{"+p+"}", v, 1)
	}
	var body map[string]any
	if ep.Method != "GET" && ep.Method != "DELETE" {
		_ = json.Unmarshal(ep.ExampleBody(), &body)
		if body == nil {
			body = map[string]any{}
		}
	}
	set := func(k string, v any) {
		if body == nil {
			body = map[string]any{}
		}
		body[k] = v
	}
	switch op.kind {
	case opCreate:
		set(op.itemField, map[string]any{"name": "Probe"})
	case opUpdate, opUpdateSingleton:
		set(op.itemField, map[string]any{op.entity.idField: id})
	case opBulkCreate:
		set(op.itemField, []any{map[string]any{}})
	case opBulkDelete, opBulkAction:
		set(op.itemField, []any{id})
	case opBulkUpdate:
		item := map[string]any{op.entity.idField: id}
		if op.maskedItem != "" {
			set(op.itemField, []any{map[string]any{op.maskedItem: item}})
		} else {
			set(op.itemField, []any{item})
		}
	case opGetOrCreate:
		for _, f := range ep.Request {
			if f.Type == "string" {
				set(f.Name, "Probe")
			}
		}
	case opByFilter:
		// A filter that selects nothing, so later probes find their items.
		set("filter", map[string]any{op.entity.idField: "none"})
	case opGet, opDelete, opAction:
		if len(placeholders(ep.Path)) == 0 && op.idParam != "" {
			set(op.idParam, id)
		}
	}
	// Required fields get a value of their type, as a caller sends them.
	if body == nil {
		body = map[string]any{}
	}
	fillRequired(ep, body, set)
	if item, ok := body[op.itemField].(map[string]any); ok && op.kind == opUpdate {
		if _, given := item["revision"]; given {
			item["revision"] = rev // the stored revision, as a caller reads it first
		}
	}
	// Hand-written verticals need real values to get past validation.
	for _, f := range ep.Request {
		if f.Name == "dataCollectionId" {
			set("dataCollectionId", "Authors")
		}
	}
	if collectionID != "" {
		for _, f := range ep.Request {
			switch f.Name {
			case "collection":
				id := collectionID
				if ep.Method == "POST" {
					id += "new"
				}
				set("collection", map[string]any{"id": id, "displayName": "Probe"})
			case "dataCollectionId":
				if !strings.Contains(ep.Path, "{dataCollectionId}") {
					set("dataCollectionId", collectionID)
				}
			}
		}
	}
	if dataItemID != "" {
		for _, f := range ep.Request {
			switch f.Name {
			case "dataItemId":
				if !strings.Contains(ep.Path, "{dataItemId}") {
					set("dataItemId", dataItemID)
				}
			case "dataItem":
				item := map[string]any{"data": map[string]any{"name": "Probe 2"}}
				if !strings.HasSuffix(ep.SDKMethod, "insertDataItem") {
					item["id"] = dataItemID
				}
				set("dataItem", item)
			case "dataItems":
				item := map[string]any{"data": map[string]any{"name": "Probe 3"}}
				if !strings.Contains(ep.SDKMethod, "Insert") {
					item["id"] = dataItemID
				}
				set("dataItems", []any{item})
			case "dataItemIds":
				set("dataItemIds", []any{dataItemID})
			}
		}
	}
	if ep.ID == "crm.contacts.updateContact" {
		set("revision", 1)
		set("info", map[string]any{"name": map[string]any{"first": "Probe"}})
	}
	if ep.ID == "crm.contacts.createContact" {
		set("info", map[string]any{"name": map[string]any{"first": "Probe"}})
	}
	// Example bodies carry empty strings for IDs, which is not what a
	// caller sends.
	for k, v := range body {
		if s, ok := v.(string); ok && s == "" {
			delete(body, k)
		}
	}
	if (ep.Method == "GET" || ep.Method == "DELETE") && len(body) > 0 {
		// GET and DELETE carry their request in the query string, as the
		// SDK sends it: base64url JSON in ".r".
		raw, _ := json.Marshal(body)
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + ".r=" + base64.RawURLEncoding.EncodeToString(raw)
		body = nil
	}
	return probe{method: ep.Method, path: path, body: body}
}

// wellFormed checks an answer against the endpoint's catalog entry: a
// JSON object whose every top-level field is declared, with the entity,
// the list and the paging metadata where the pattern has them.
func wellFormed(op *operation, r resp) error {
	if r.status != http.StatusOK {
		return fmt.Errorf("status %d: %s", r.status, strings.TrimSpace(string(r.raw)))
	}
	if r.json == nil {
		return fmt.Errorf("not a JSON object: %.80s", r.raw)
	}
	declared := map[string]bool{}
	for _, f := range op.ep.Response {
		declared[f.Name] = true
	}
	for k := range r.json {
		if !declared[k] {
			return fmt.Errorf("undeclared field %q", k)
		}
	}
	need := func(name string, want string) error {
		v, ok := r.json[name]
		switch {
		case !ok:
			return fmt.Errorf("missing %q", name)
		case want == "object":
			if _, ok := v.(map[string]any); !ok {
				return fmt.Errorf("%q is not an object", name)
			}
		case want == "array":
			if _, ok := v.([]any); !ok {
				return fmt.Errorf("%q is not an array", name)
			}
		}
		return nil
	}
	switch op.kind {
	case opQuery:
		if err := need(op.listField, "array"); err != nil {
			return err
		}
		if name, _ := metadataField(op.ep); name != "" && declared[name] {
			return need(name, "object")
		}
	case opCreate, opGet, opGetSingleton, opUpdate, opUpdateSingleton, opAction:
		if op.outField != "" {
			return need(op.outField, "object")
		}
	case opBulkCreate, opBulkUpdate, opBulkDelete, opBulkAction:
		if results, _ := bulkResultShape(op); declared[results] {
			if err := need(results, "array"); err != nil {
				return err
			}
		}
		if declared["bulkActionMetadata"] {
			return need("bulkActionMetadata", "object")
		}
	}
	return nil
}

// TestCatalogCoverage walks every catalog endpoint, sends the request its
// pattern implies on a fresh sim, and measures the share answered with a
// well-formed answer.
func TestCatalogCoverage(t *testing.T) {
	t.Parallel()
	eng := defaultEngine()
	s := New()
	served := 0
	byKind := map[string][2]int{}
	var failures []string
	for _, ep := range eng.cat.All() {
		op := eng.ops[ep]
		siteID := SiteBookshop
		p := probeFor(t, s, siteID, op)
		rq := req{method: p.method, path: p.path, key: AgencyKey, body: p.body}
		if ep.Scope == "account" {
			rq.account = AgencyAccountID
		} else {
			rq.site = siteID
		}
		r := rq.send(t, s)
		err := wellFormed(op, r)
		k := byKind[op.kind.String()]
		k[1]++
		if err == nil {
			served++
			k[0]++
		} else {
			failures = append(failures, fmt.Sprintf("%s %s [%s]: %v", ep.Method, ep.Path, op.kind, err))
		}
		byKind[op.kind.String()] = k
	}
	total := eng.cat.Len()
	share := float64(served) / float64(total)
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "catalog endpoints served with a well-formed answer: %d of %d (%.1f%%)\n", served, total, 100*share)
	for _, k := range kinds {
		fmt.Fprintf(&b, "  %-16s %4d of %4d\n", k, byKind[k][0], byKind[k][1])
	}
	t.Log(b.String())
	if os.Getenv("WIXSIM_COVERAGE_FAILURES") != "" {
		sort.Strings(failures)
		t.Log(strings.Join(failures, "\n"))
	}
	if share < minCatalogShare {
		t.Errorf("share %.3f is below %.2f", share, minCatalogShare)
	}
}

// catalogEndpoint is a test helper to find an endpoint by ID.
func catalogEndpoint(t *testing.T, id string) *catalog.Endpoint {
	t.Helper()
	ep, ok := defaultEngine().cat.Get(id)
	if !ok {
		t.Fatalf("no catalog endpoint %s", id)
	}
	return ep
}

// fillRequired gives the request's required top-level fields, and the
// required fields of present objects one level down, a value of their
// catalog type.
func fillRequired(ep *catalog.Endpoint, body map[string]any, set func(string, any)) {
	types := map[string]catalog.Field{}
	for _, f := range ep.Request {
		types[f.Name] = f
	}
	value := func(f catalog.Field) any {
		switch {
		case f.Name == "revision":
			return "1" // the seeded items' revision
		case strings.HasSuffix(f.Type, "[]"):
			return []any{}
		case f.Type == "string":
			if len(f.Enum) > 0 {
				return f.Enum[0]
			}
			return "Probe"
		case f.Type == "number":
			return 1
		case f.Type == "boolean":
			return true
		}
		return map[string]any{}
	}
	for _, p := range ep.Required {
		parts := strings.Split(p, ".")
		if strings.Contains(ep.Path, "{"+parts[0]+"}") || strings.Contains(ep.Path, "{"+p+"}") {
			continue
		}
		f, ok := types[parts[0]]
		if !ok {
			continue
		}
		if _, have := body[parts[0]]; !have {
			set(parts[0], value(f))
		}
		if len(parts) != 2 {
			continue
		}
		parent, ok := body[parts[0]].(map[string]any)
		if !ok {
			continue
		}
		for _, sub := range f.Fields {
			if _, have := parent[sub.Name]; sub.Name == parts[1] && !have {
				parent[sub.Name] = value(sub)
			}
		}
	}
}
