package resultshape

import (
	"bytes"
	"strings"
)

// pagingKeys are the top-level members that carry paging state. They are kept
// whatever fields were requested: without them a model cannot ask for the
// next page.
var pagingKeys = map[string]bool{
	"pagingMetadata": true,
	"metadata":       true,
	"cursors":        true,
	"nextCursor":     true,
	"prevCursor":     true,
	"cursorPaging":   true,
	"hasNext":        true,
}

// fieldTrie holds the requested paths split at dots.
type fieldTrie struct {
	kids map[string]*fieldTrie
	ends []int // indexes into Options.Fields of the paths that end here
}

func buildTrie(fields []string) (*fieldTrie, bool) {
	root := &fieldTrie{}
	selected := false
	for i, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		selected = true
		t := root
		for _, seg := range strings.Split(f, ".") {
			if t.kids == nil {
				t.kids = map[string]*fieldTrie{}
			}
			c := t.kids[seg]
			if c == nil {
				c = &fieldTrie{}
				t.kids[seg] = c
			}
			t = c
		}
		t.ends = append(t.ends, i)
	}
	return root, selected
}

// projector keeps the requested paths of a tree and records which of them
// matched anything.
type projector struct {
	*slab
	matched []bool
}

func (p *projector) mark(t *fieldTrie) {
	for _, i := range t.ends {
		p.matched[i] = true
	}
}

// markAll counts every path below t as matched. It is used for empty arrays:
// with no element to look into, a path through one cannot be called unknown.
func (p *projector) markAll(t *fieldTrie) {
	p.mark(t)
	for _, c := range t.kids {
		p.markAll(c)
	}
}

// child finds the trie entry for an encoded member name without allocating
// in the common case of a name without escapes.
func (t *fieldTrie) child(key []byte) *fieldTrie {
	if t.kids == nil {
		return nil
	}
	if bytes.IndexByte(key, '\\') < 0 {
		return t.kids[string(key[1:len(key)-1])]
	}
	return t.kids[keyName(key)]
}

// root projects the whole answer. Unlike deeper levels, a root container is
// always returned, and a root object keeps its paging members.
func (p *projector) root(n *node, t *fieldTrie) *node {
	if !n.container() {
		return n
	}
	out, _ := p.project(n, t, true, true)
	return out
}

// project returns the part of n that t selects and whether any requested
// path matched inside n. With build false it only records matches; that is
// used below a path that already keeps its whole value ("contacts" together
// with "contacts.bogus" must still report the second as unmatched).
func (p *projector) project(n *node, t *fieldTrie, build, top bool) (*node, bool) {
	switch n.kind {
	case '{':
		p.parse(n)
		var out *node
		if build {
			out = p.node()
			out.kind = '{'
		}
		matched := false
		for i, k := range n.keys {
			kid := n.kids[i]
			c := t.child(k)
			keep := false
			switch {
			case c != nil && len(c.ends) > 0:
				p.mark(c)
				matched, keep = true, true
				if c.kids != nil {
					p.project(kid, c, false, false)
				}
			case c != nil:
				var ok bool
				if top && pagingKeys[keyName(k)] {
					p.project(kid, c, false, false)
					keep = true
				} else if kid, ok = p.project(kid, c, build, false); ok {
					matched, keep = true, true
				}
			case top && pagingKeys[keyName(k)]:
				keep = true
			}
			if keep && build {
				out.keys = append(out.keys, k)
				out.kids = append(out.kids, kid)
			}
		}
		if build {
			out.rebuild()
		}
		return out, matched
	case '[':
		p.parse(n)
		if len(n.kids) == 0 {
			p.markAll(t)
			return n, true
		}
		var out *node
		if build {
			out = p.node()
			out.kind = '['
			out.kids = make([]*node, 0, len(n.kids))
		}
		matched := false
		for _, e := range n.kids {
			pe, ok := p.project(e, t, build, false)
			matched = matched || ok
			if !build {
				continue
			}
			// Elements that matched nothing stay as empty containers so the
			// array keeps its length and positions; scalars cannot hold a
			// path and are left out.
			switch {
			case ok:
				out.kids = append(out.kids, pe)
			case e.kind == '{':
				out.kids = append(out.kids, p.span([]byte("{}")))
			case e.kind == '[':
				out.kids = append(out.kids, p.span([]byte("[]")))
			}
		}
		if build {
			out.rebuild()
		}
		return out, matched
	}
	return nil, false
}
