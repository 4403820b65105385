package resultshape

import (
	"sort"
	"strconv"
)

// MinMaxChars is the smallest cap Shape honours. A placeholder standing in
// for the whole answer ("[omitted: 2000000 chars]" with its quotes) needs up
// to 30 bytes, so a positive MaxChars below this is raised to it.
const MinMaxChars = 32

// shrunkArray is one array whose tail was dropped to meet the cap.
type shrunkArray struct {
	n   *node
	all []*node // the elements before shrinking
}

// capper cuts a tree down to max bytes without ever splitting a value.
type capper struct {
	*slab
	root     *node
	max      int
	shrunk   []*shrunkArray
	replaced int // placeholders written, some maybe inside later ones
}

// run applies the three steps in order: drop the tails of the largest
// arrays, replace the largest remaining values by placeholders, then give
// the freed room back to the shrunk arrays.
func (c *capper) run() {
	if c.root.size <= c.max {
		return
	}
	var arrays []*node
	c.collect(c.root, &arrays)
	// Only arrays not nested in another array are candidates: an array
	// inside an element is always smaller than the array holding it, and is
	// dropped with that element anyway.
	sort.SliceStable(arrays, func(i, j int) bool { return arrays[i].size > arrays[j].size })
	for _, arr := range arrays {
		excess := c.root.size - c.max
		if excess <= 0 {
			break
		}
		c.parse(arr)
		if len(arr.kids) == 0 {
			continue
		}
		a := &shrunkArray{n: arr, all: arr.kids}
		c.setLen(a, prefixFitting(a.all, arr.size-excess))
		c.shrunk = append(c.shrunk, a)
	}
	if c.root.size <= c.max {
		return
	}
	c.shrink(c.root, c.root.size-c.max, true)
	kept := c.shrunk[:0]
	for _, a := range c.shrunk {
		if attached(a.n) { // else it went into a placeholder: report that instead
			c.refill(a)
			kept = append(kept, a)
		}
	}
	c.shrunk = kept
}

// attached reports that n is still part of the output: neither it nor a
// container above it was replaced by a placeholder.
func attached(n *node) bool {
	for ; n != nil; n = n.parent {
		if n.gone {
			return false
		}
	}
	return true
}

// collect finds the arrays reachable from n through objects only.
func (c *capper) collect(n *node, out *[]*node) {
	switch n.kind {
	case '[':
		*out = append(*out, n)
	case '{':
		c.parse(n)
		for _, k := range n.kids {
			c.collect(k, out)
		}
	}
}

// prefixFitting returns how many leading elements fit in budget bytes,
// brackets and commas included.
func prefixFitting(elems []*node, budget int) int {
	size := 2
	for i, e := range elems {
		add := e.size
		if i > 0 {
			add++
		}
		if size+add > budget {
			return i
		}
		size += add
	}
	return len(elems)
}

// setLen keeps the first k elements of a and updates the sizes above it.
func (c *capper) setLen(a *shrunkArray, k int) {
	old := a.n.size
	a.n.kids = a.all[:k]
	a.n.rebuild()
	delta := a.n.size - old
	for p := a.n.parent; p != nil; p = p.parent {
		p.raw = nil
		p.size += delta
	}
}

// refill lets a shrunk array take back elements once placeholders have made
// room.
func (c *capper) refill(a *shrunkArray) {
	if k := prefixFitting(a.all, a.n.size+c.max-c.root.size); k > len(a.n.kids) {
		c.setLen(a, k)
	}
}

// placeholderLen is len(placeholder(size)) without building it.
func placeholderLen(size int) int {
	return len(`"[omitted:  chars]"`) + len(strconv.Itoa(size))
}

// shrink makes n at least need bytes smaller if it can and returns how much
// it saved. It descends into the largest members first so that a giant
// string costs only itself, and replaces n as a whole only when that is not
// enough. Paging members of the root go last: they let a model continue.
func (c *capper) shrink(n *node, need int, top bool) int {
	saved, before := 0, n.size
	if n.container() {
		c.parse(n)
		order := make([]int, len(n.kids))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(x, y int) bool {
			if top && n.kind == '{' {
				px, py := pagingKeys[keyName(n.keys[order[x]])], pagingKeys[keyName(n.keys[order[y]])]
				if px != py {
					return py
				}
			}
			return n.kids[order[x]].size > n.kids[order[y]].size
		})
		for _, i := range order {
			if saved >= need {
				break
			}
			if kid := n.kids[i]; kid.size > placeholderLen(kid.size) {
				saved += c.shrink(kid, need-saved, false)
			} // else nothing inside it can save a byte either
		}
		if saved > 0 {
			n.raw = nil
			n.size -= saved
		}
		if saved >= need {
			return saved
		}
	}
	ph := placeholder(before)
	if len(ph) >= n.size {
		return saved
	}
	saved += n.size - len(ph)
	*n = node{raw: ph, off: -1, kind: '"', size: len(ph), gone: true, parent: n.parent}
	c.replaced++
	return saved
}

// omitted lists the paths of the placeholders left in the output, in
// document order; those swallowed by a larger placeholder are gone with it.
func (c *capper) omitted() []string {
	if c.replaced == 0 {
		return nil
	}
	var out []string
	var walk func(n *node)
	walk = func(n *node) {
		switch {
		case n.gone:
			out = append(out, n.path())
		case n.parsed:
			for _, k := range n.kids {
				walk(k)
			}
		}
	}
	walk(c.root)
	return out
}
