package catalog

import (
	"sort"
	"strings"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// route is one path template of an endpoint (its main path or an alias),
// pre-split into segments.
type route struct {
	ep   *Endpoint
	segs []segment
	// words are the template's literal words, for Suggest (main paths only).
	words map[string]bool
}

// segment is a literal path segment, or a placeholder with an optional
// literal prefix/suffix (e.g. "{bookingId}:confirmOrDecline"). Literals
// are kept lower-cased: a match ignores case, because a server that routes
// case-insensitively would serve ".../BLOCK" as ".../block", and the gate
// must know the endpoint it reaches.
type segment struct {
	literal        string
	placeholder    bool
	prefix, suffix string
}

func parseSegments(path string) []segment {
	parts := splitPath(path)
	segs := make([]segment, len(parts))
	for i, p := range parts {
		p = strings.ToLower(p)
		open, end := strings.IndexByte(p, '{'), strings.LastIndexByte(p, '}')
		if open < 0 || end < open {
			segs[i] = segment{literal: p}
			continue
		}
		segs[i] = segment{placeholder: true, prefix: p[:open], suffix: p[end+1:]}
	}
	return segs
}

// splitPath splits a path template into its segments.
func splitPath(path string) []string {
	path = strings.Trim(path, "/")
	if path == "" {
		return nil
	}
	return strings.Split(path, "/")
}

// matches reports whether a lower-cased request segment fits s.
func (s segment) matches(part string) bool {
	if !s.placeholder {
		return s.literal == part
	}
	return len(part) > len(s.prefix)+len(s.suffix) &&
		strings.HasPrefix(part, s.prefix) && strings.HasSuffix(part, s.suffix)
}

// requestParts returns a request path's segments in the form routes are
// matched against: fully decoded and lower-cased.
func requestParts(p wixclient.Path) []string {
	decoded := p.DecodedSegments()
	parts := make([]string, len(decoded))
	for i, d := range decoded {
		parts[i] = strings.ToLower(d)
	}
	return parts
}

// routeKey buckets routes by segment count and first segment, so a match
// looks at a handful of templates instead of every one of that length.
// Templates whose first segment is a placeholder go under first "".
type routeKey struct {
	segments int
	first    string
}

func keyOf(segs []segment) routeKey {
	if len(segs) == 0 || segs[0].placeholder {
		return routeKey{segments: len(segs)}
	}
	return routeKey{segments: len(segs), first: segs[0].literal}
}

func (c *Catalog) buildRoutes() {
	c.routes = make(map[routeKey][]route)
	c.mainRoutes = make([]route, 0, len(c.endpoints))
	for _, e := range c.endpoints {
		for i, p := range append([]string{e.Path}, e.Aliases...) {
			segs := parseSegments(p)
			k := keyOf(segs)
			r := route{ep: e, segs: segs}
			c.routes[k] = append(c.routes[k], r)
			if i == 0 {
				r.words = map[string]bool{}
				for _, part := range splitPath(p) {
					if !strings.Contains(part, "{") {
						for _, t := range tokenize(part) {
							r.words[t] = true
						}
					}
				}
				c.mainRoutes = append(c.mainRoutes, r)
			}
		}
	}
}

// Match finds the endpoint serving a concrete request:
// /contacts/v4/contacts/123 matches /contacts/v4/contacts/{contactId}.
// Literal segments match regardless of case and percent-encoding. When
// several templates match, the one with a literal segment at the first
// position where they differ wins (so /members/v1/members/my beats
// /members/v1/members/{id}). The method must be the endpoint's method or its
// SDK fallback method (POST for GET queries).
func (c *Catalog) Match(method string, path wixclient.Path) (*Endpoint, bool) {
	c.routesOnce.Do(c.buildRoutes)
	method = strings.ToUpper(method)
	parts := requestParts(path)
	var best *route
	buckets := [2][]route{c.routes[routeKey{segments: len(parts)}]}
	if len(parts) > 0 {
		buckets[1] = c.routes[routeKey{segments: len(parts), first: parts[0]}]
	}
	for _, bucket := range buckets {
		for i := range bucket {
			r := &bucket[i]
			if r.ep.Method != method && r.ep.FallbackMethod != method {
				continue
			}
			if !r.matches(parts) {
				continue
			}
			if best == nil || r.moreLiteralThan(best) || (!best.moreLiteralThan(r) && r.ep.Method == method && best.ep.Method != method) {
				best = r
			}
		}
	}
	if best == nil {
		return nil, false
	}
	return best.ep, true
}

func (r *route) matches(parts []string) bool {
	for i, s := range r.segs {
		if !s.matches(parts[i]) {
			return false
		}
	}
	return true
}

func (r *route) moreLiteralThan(o *route) bool {
	for i := range r.segs {
		a, b := !r.segs[i].placeholder, !o.segs[i].placeholder
		if a != b {
			return a
		}
	}
	return false
}

// Suggest returns up to n endpoints closest to a request that matched
// nothing: endpoints sharing the longest run of leading literal segments and
// the most path words rank first, and the same method breaks ties.
func (c *Catalog) Suggest(method string, path wixclient.Path, n int) []*Endpoint {
	if n <= 0 {
		return nil
	}
	c.routesOnce.Do(c.buildRoutes)
	method = strings.ToUpper(method)
	parts := requestParts(path)
	want := make(map[string]bool)
	for _, p := range path.DecodedSegments() {
		for _, t := range tokenize(p) {
			want[t] = true
		}
	}
	type scored struct {
		ep    *Endpoint
		score float64
	}
	var all []scored
	for _, r := range c.mainRoutes {
		e, segs := r.ep, r.segs
		prefix := 0
		for prefix < len(segs) && prefix < len(parts) && segs[prefix].matches(parts[prefix]) {
			prefix++
		}
		have := r.words
		shared := 0
		for t := range want {
			if have[t] {
				shared++
			}
		}
		union := len(want) + len(have) - shared
		score := 2 * float64(prefix)
		if union > 0 {
			score += 3 * float64(shared) / float64(union)
		}
		if len(segs) == len(parts) {
			score += 0.5
		}
		if e.Method == method || e.FallbackMethod == method {
			score += 0.75
		}
		if score > 0 {
			all = append(all, scored{e, score})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	if len(all) > n {
		all = all[:n]
	}
	out := make([]*Endpoint, len(all))
	for i, s := range all {
		out[i] = s.ep
	}
	return out
}
