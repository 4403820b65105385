package wixsim

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// notEmulated is the answer of a catalog endpoint the engine cannot serve:
// 501 with wixclient.NotEmulatedCode, distinct from 404 (no such API), so
// a client can tell "the sandbox cannot do this" from "this path is wrong".
func notEmulated(ep *catalog.Endpoint) *apiError {
	return appErrData(http.StatusNotImplemented, wixclient.NotEmulatedCode,
		fmt.Sprintf("the Wix sandbox does not emulate %s %s (%s); it exists on real Wix", ep.Method, ep.Path, ep.Title),
		map[string]any{"endpointId": ep.ID})
}

// engineRoute finds the catalog endpoint of a request no hand-written
// route serves, and builds a route for it: the engine's handler when the
// endpoint follows a pattern, the "not emulated" answer otherwise. It
// returns nil when the path is not in the catalog either.
func (s *Sim) engineRoute(method, path string) (*route, map[string]string) {
	eng := defaultEngine()
	ep, path, ok := endpointOf(eng, method, path)
	if !ok {
		return nil, nil
	}
	op := eng.ops[ep]
	level := siteLevel
	if ep.Scope == "account" {
		level = accountLevel
	}
	params := templateParams(ep, path)
	rt := &route{method: method, level: level, platformized: strings.HasPrefix(ep.Path, "/stores/v3/"),
		handle: func(c *call) (any, *apiError) { return c.serveGeneric(op) }}
	return rt, params
}

// templateParams fills the placeholders of the endpoint's path template
// (or alias) that matches path.
func templateParams(ep *catalog.Endpoint, path string) map[string]string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for _, tpl := range append([]string{ep.Path}, ep.Aliases...) {
		segs := strings.Split(strings.Trim(tpl, "/"), "/")
		if len(segs) != len(parts) {
			continue
		}
		params := map[string]string{}
		ok := true
		for i, seg := range segs {
			open, end := strings.IndexByte(seg, '{'), strings.LastIndexByte(seg, '}')
			if open < 0 || end < open {
				if seg != parts[i] {
					ok = false
					break
				}
				continue
			}
			prefix, suffix := seg[:open], seg[end+1:]
			p := parts[i]
			if len(p) <= len(prefix)+len(suffix) || !strings.HasPrefix(p, prefix) || !strings.HasSuffix(p, suffix) {
				ok = false
				break
			}
			params[seg[open+1:end]] = p[len(prefix) : len(p)-len(suffix)]
		}
		if ok {
			return params
		}
	}
	return map[string]string{}
}

// serveGeneric runs an endpoint through the engine.
func (c *call) serveGeneric(op *operation) (any, *apiError) {
	if op.kind == opUnsupported {
		return nil, notEmulated(op.ep)
	}
	if c.site == nil {
		if c.account == nil {
			return nil, notEmulated(op.ep)
		}
		// Account-level entities (site folders, app permissions) live in
		// a per-account store shaped like a site's.
		c.site = c.sim.accountStore(c.account.id)
	}
	if strings.HasPrefix(op.ep.Path, "/stores/v3/") {
		// Every Stores catalog v3 call needs the app, as the hand-written
		// ones do.
		if err := c.requireStores(); err != nil {
			return nil, err
		}
	}
	in, err := c.input()
	if err != nil {
		return nil, err
	}
	arraysAsDeclared(op.ep, in)
	if err := requiredViolations(op.ep, in, c.params); err != nil {
		return nil, err
	}
	switch op.kind {
	case opCreate:
		return c.genericCreate(op, in)
	case opGet, opAction:
		return c.genericGet(op, in)
	case opGetSingleton:
		return Object{op.outField: c.sim.singleton(c.site, op.entity)}, nil
	case opUpdate:
		return c.genericUpdate(op, in)
	case opUpdateSingleton:
		return c.genericUpdateSingleton(op, in)
	case opDelete:
		return c.genericDelete(op, in)
	case opQuery:
		return c.genericQuery(op, in)
	case opCount:
		return c.genericCount(op, in)
	case opBulkCreate, opBulkUpdate, opBulkDelete, opBulkAction:
		return c.genericBulk(op, in)
	case opByFilter:
		return c.genericByFilter(op, in)
	case opGetOrCreate:
		return c.genericGetOrCreate(op, in)
	case opSingletonAction:
		if op.ep.Method == http.MethodDelete {
			delete(c.site.singletons, op.entity.key)
			return Object{}, nil
		}
		return Object{op.outField: c.sim.singleton(c.site, op.entity)}, nil
	case opEmptyRead:
		out := Object{}
		zeroFill(out, op.ep.Response, op.entity.types, zeroDepth)
		return out, nil
	}
	return nil, notEmulated(op.ep)
}

// arraysAsDeclared turns a query parameter given once (postIds=a) into
// the array the endpoint declares, as a repeated parameter would be.
func arraysAsDeclared(ep *catalog.Endpoint, in Object) {
	for _, f := range ep.Request {
		if s, ok := in[f.Name].(string); ok && strings.HasSuffix(f.Type, "[]") {
			in[f.Name] = []any{s}
		}
	}
}

// entityID is the ID of the entity a request names: the path placeholder,
// else the request field of that name.
func (c *call) entityID(op *operation, in Object) (string, *apiError) {
	if v := c.params[op.idParam]; v != "" {
		return v, nil
	}
	if v := stringField(in, op.idParam); v != "" {
		return v, nil
	}
	return "", violation(op.idParam, "is required", "REQUIRED_FIELD")
}

// entityNotFound is Wix's 404 for a missing entity: NOT_FOUND with the
// entity named in the code, e.g. POST_NOT_FOUND.
func entityNotFound(ent *entityInfo, id string) *apiError {
	code := strings.ToUpper(strings.ReplaceAll(entityLabel(ent), " ", "_")) + "_NOT_FOUND"
	return notFound(code, strings.ToLower(entityLabel(ent)), id)
}

func (c *call) find(op *operation, in Object) (*table, int, *apiError) {
	id, err := c.entityID(op, in)
	if err != nil {
		return nil, -1, err
	}
	t := c.sim.table(c.site, op.entity)
	i := t.index(id)
	if i < 0 {
		return nil, -1, entityNotFound(op.entity, id)
	}
	return t, i, nil
}

func (c *call) genericGet(op *operation, in Object) (any, *apiError) {
	t, i, err := c.find(op, in)
	if err != nil {
		return nil, err
	}
	out := Object{}
	if op.outField != "" {
		out[op.outField] = t.items[i]
	}
	return out, nil
}

// createControls are request fields of a create that steer the call
// rather than describe the entity.
var createControls = map[string]bool{"fieldsets": true, "fields": true, "idempotencyKey": true, "returnEntity": true}

func (c *call) genericCreate(op *operation, in Object) (any, *apiError) {
	item, ok := objectField(in, op.itemField)
	if op.itemField == "" {
		item, ok = Object{}, true
		for k, v := range in {
			if !createControls[k] {
				item[k] = v
			}
		}
	}
	if !ok {
		return nil, violation(op.itemField, "is required", "REQUIRED_FIELD")
	}
	t := c.sim.table(c.site, op.entity)
	created, err := c.insert(op.entity, t, item, op.itemField)
	if err != nil {
		return nil, err
	}
	out := Object{}
	if op.outField != "" {
		out[op.outField] = created
	}
	return out, nil
}

// insert stores a new item with its ID, revision and dates; a client may
// choose the ID, which must then be free.
func (c *call) insert(ent *entityInfo, t *table, item Object, at string) (Object, *apiError) {
	o := cloneObject(item)
	id := stringField(o, ent.idField)
	if id == "" {
		id = c.sim.newID(ent.key)
	} else if t.index(id) >= 0 {
		return nil, appErrData(http.StatusConflict, "DUPLICATE_ID",
			fmt.Sprintf("%s with ID %s already exists", strings.ToLower(entityLabel(ent)), id),
			map[string]any{"id": id, "field": at + "." + ent.idField})
	}
	stampSystemFields(o, ent, c.sim.tick(), id)
	zeroFill(o, ent.fields, ent.types, zeroDepth)
	t.items = append(t.items, o)
	return o, nil
}

func (c *call) genericUpdate(op *operation, in Object) (any, *apiError) {
	patch, ok := objectField(in, op.itemField)
	if !ok {
		return nil, violation(op.itemField, "is required", "REQUIRED_FIELD")
	}
	if c.params[op.idParam] == "" && stringField(patch, op.entity.idField) != "" {
		c.params[op.idParam] = stringField(patch, op.entity.idField)
	}
	t, i, err := c.find(op, in)
	if err != nil {
		return nil, err
	}
	updated, err := c.applyPatch(op.entity, t.items[i], patch, fieldMask(in))
	if err != nil {
		return nil, err
	}
	t.items[i] = updated
	out := Object{}
	if op.outField != "" {
		out[op.outField] = updated
	}
	return out, nil
}

// applyPatch returns a copy of old with the patch applied: every field of
// the patch, or only the field mask's paths when one is given. A revision
// in the patch must be the stored one (optimistic concurrency, as in
// every Wix update that takes a revision).
func (c *call) applyPatch(ent *entityInfo, old, patch Object, mask []string) (Object, *apiError) {
	if rev, given := patch["revision"]; given && rev != nil && old["revision"] != nil {
		if fmt.Sprint(rev) != fmt.Sprint(old["revision"]) {
			e := appErrData(http.StatusConflict, "REVISION_MISMATCH",
				"entity has already changed since the requested revision",
				map[string]any{"requestedRevision": rev, "currentRevision": old["revision"]})
			e.message = "ABORTED: " + e.app.Description
			return nil, e
		}
	}
	out := cloneObject(old)
	patch = cloneObject(patch)
	if len(mask) == 0 {
		for k, v := range patch {
			out[k] = v
		}
	} else {
		for _, p := range mask {
			setPath(out, strings.Split(p, "."), resolve(patch, strings.Split(p, ".")))
		}
	}
	out[ent.idField] = old[ent.idField]
	for _, f := range []string{"createdDate", "_createdDate"} {
		if v, ok := old[f]; ok {
			out[f] = v
		}
	}
	out["revision"] = old["revision"]
	if old["revision"] == nil {
		delete(out, "revision")
	}
	bumpRevision(out)
	for _, f := range []string{"updatedDate", "_updatedDate"} {
		if ent.has(f) {
			out[f] = c.sim.tick()
		}
	}
	return out, nil
}

// setPath sets (one value found) or deletes (none) a dotted path.
func setPath(o Object, parts []string, vals []any) {
	node := o
	for _, p := range parts[:len(parts)-1] {
		next, ok := node[p].(map[string]any)
		if !ok {
			next = Object{}
			node[p] = next
		}
		node = next
	}
	last := parts[len(parts)-1]
	if len(vals) == 0 {
		delete(node, last)
		return
	}
	node[last] = vals[0]
}

// fieldMask reads a request's field mask: {"fieldMask": {"paths": [...]}},
// or "fieldMask": "a,b" as the SDK sends it in a query string.
func fieldMask(in Object) []string {
	for _, key := range []string{"fieldMask", "mask"} {
		switch v := in[key].(type) {
		case string:
			return strings.Split(v, ",")
		case map[string]any:
			var out []string
			switch p := v["paths"].(type) {
			case []any:
				for _, e := range p {
					if s, ok := e.(string); ok {
						out = append(out, s)
					}
				}
			case string:
				out = strings.Split(p, ",")
			}
			return out
		}
	}
	return nil
}

func (c *call) genericUpdateSingleton(op *operation, in Object) (any, *apiError) {
	patch, ok := objectField(in, op.itemField)
	if !ok {
		return nil, violation(op.itemField, "is required", "REQUIRED_FIELD")
	}
	old := c.sim.singleton(c.site, op.entity)
	updated, err := c.applyPatch(op.entity, old, patch, fieldMask(in))
	if err != nil {
		return nil, err
	}
	delete(updated, op.entity.idField)
	c.site.singletons[op.entity.key] = updated
	out := Object{}
	if op.outField != "" {
		out[op.outField] = updated
	}
	return out, nil
}

func (c *call) genericDelete(op *operation, in Object) (any, *apiError) {
	t, i, err := c.find(op, in)
	if err != nil {
		return nil, err
	}
	removed := t.items[i]
	t.items = append(t.items[:i:i], t.items[i+1:]...)
	out := Object{}
	if op.outField != "" {
		out[op.outField] = removed
	}
	return out, nil
}

// shadowed reports whether a hand-written route matched a path only
// through a placeholder where the catalog has a literal endpoint, e.g.
// GET /members/v1/members/my against GET /members/v1/members/{id}: the
// literal one is what Wix serves.
func (s *Sim) shadowed(rt *route, method, path string) bool {
	wild := 0
	for _, seg := range rt.segs {
		if strings.HasPrefix(seg, "{") {
			wild++
		}
	}
	if wild == 0 {
		return false
	}
	ep, ok := catalogMatch(defaultEngine(), method, path)
	return ok && len(placeholders(ep.Path)) < wild
}

// endpointOf finds the catalog endpoint of a request and the path it
// matched as. The SDK maps www.wixapis.com paths with and without an
// "/_api" prefix to the same service (e.g. @wix/auto_sdk_bookings_services,
// build/cjs/index.js: "/_api/bookings/v2/services" and
// "/bookings/v2/services" both go to "/v2/services"), and calls the first.
func endpointOf(eng *engine, method, path string) (*catalog.Endpoint, string, bool) {
	if ep, ok := catalogMatch(eng, method, path); ok {
		return ep, path, true
	}
	if rest, ok := strings.CutPrefix(path, "/_api/"); ok {
		ep, ok := catalogMatch(eng, method, "/"+rest)
		return ep, "/" + rest, ok
	}
	return nil, path, false
}

// catalogMatch finds the catalog endpoint of a request path; a path the
// client's validation refuses matches nothing.
func catalogMatch(eng *engine, method, path string) (*catalog.Endpoint, bool) {
	p, err := wixclient.ParsePath(path)
	if err != nil {
		return nil, false
	}
	return eng.cat.Match(method, p)
}

// accountStore returns the generic-entity store of an account, created on
// first use. Callers hold s.mu.
func (s *Sim) accountStore(accountID string) *siteState {
	if s.accountStores == nil {
		s.accountStores = map[string]*siteState{}
	}
	st, ok := s.accountStores[accountID]
	if !ok {
		st = &siteState{id: "account/" + accountID, accountID: accountID,
			contacts: &table{idField: "id"}, members: &table{idField: "id"},
			products: &table{idField: "id"}, orders: &table{idField: "id"}}
		s.accountStores[accountID] = st
	}
	return st
}

// genericGetOrCreate finds the item whose fields equal the request's
// string fields (a name given as brandName or ribbonName is the item's
// name), or creates it; a boolean answer field (newLabel) says which.
func (c *call) genericGetOrCreate(op *operation, in Object) (any, *apiError) {
	want := Object{}
	for _, f := range op.ep.Request {
		v, ok := in[f.Name].(string)
		if !ok || f.Type != "string" || createControls[f.Name] || f.Name == "language" {
			continue
		}
		target := f.Name
		if !op.entity.has(target) && op.entity.has("name") {
			target = "name"
		}
		want[target] = v
	}
	if len(want) == 0 {
		return nil, violation(op.ep.Request[0].Name, "is required", "REQUIRED_FIELD")
	}
	t := c.sim.table(c.site, op.entity)
	var item Object
	for _, it := range t.items {
		same := true
		for k, v := range want {
			if it[k] != v {
				same = false
				break
			}
		}
		if same {
			item = it
			break
		}
	}
	created := item == nil
	if created {
		var err *apiError
		if item, err = c.insert(op.entity, t, want, op.ep.Request[0].Name); err != nil {
			return nil, err
		}
	}
	out := Object{op.outField: item}
	for _, f := range op.ep.Response {
		if f.Type == "boolean" {
			out[f.Name] = created
		}
	}
	return out, nil
}
