package resultshape

import (
	"bytes"
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// node is one JSON value of the answer. It starts as a span of the compact
// input (raw) and is only split into members when shaping has to look inside
// it, so untouched subtrees are copied byte for byte and never re-encoded.
type node struct {
	raw    []byte   // compact encoding while unchanged; nil once rebuilt from kids
	off    int      // where raw starts in the compact answer; -1 when raw is not a part of it
	kind   byte     // '{', '[', '"' or 0 for numbers, true, false and null
	keys   [][]byte // object member names, still JSON-encoded with quotes
	kids   []*node  // object member values or array elements
	size   int      // length of the encoding, kept current through every edit
	parent *node    // the container holding this value, nil for the root
	parsed bool     // keys and kids are filled in from raw
	gone   bool     // replaced by a placeholder; its old kids are detached
}

// slab hands out nodes in chunks: a 2 MB answer can hold tens of thousands of
// values and one allocation per value would dominate the cost of shaping.
type slab struct {
	free []node
	// spans are the answer's non-empty containers in the order they
	// open (so sorted by start), from validJSON; nil when unknown.
	spans []span
	// Members of parsed containers are carved out of shared backing arrays
	// for the same reason.
	keyArena [][]byte
	kidArena []*node
	// chunk is how many nodes, keys and children one arena allocation
	// holds: sized from the answer, so a 1 KB answer does not pay for
	// arenas made for megabytes.
	chunk int
	// nextNodes is the size of the next node allocation: it starts small
	// and doubles up to chunk, because most answers are shaped after
	// parsing only their top level (paging metadata, an answer under the
	// cap), and a first allocation sized for every value wasted most of it.
	nextNodes int
	// nextArena is the size of the next key and child arena allocation.
	nextArena int
}

// minArena is the smallest key and child arena: room for the members of
// a typical answer's top level and paging metadata, which is all most
// answers need parsed. A container with more members grows the arena as
// append does.
const minArena = 16

// newSlab returns a slab sized for an answer of n bytes: roughly one value
// per 16 bytes, within bounds that keep big answers at few allocations.
func newSlab(n int) *slab {
	return &slab{chunk: min(max(n/16, 16), 4096)}
}

func (s *slab) node() *node {
	if len(s.free) == 0 {
		s.nextNodes = min(max(2*s.nextNodes, 8), s.chunk, 512)
		s.free = make([]node, s.nextNodes)
	}
	n := &s.free[0]
	s.free = s.free[1:]
	return n
}

// span wraps a compact, valid JSON value that is not part of the answer
// (an empty container the projection adds) without copying it.
func (s *slab) span(b []byte) *node { return s.spanAt(b, -1) }

// spanAt wraps a compact, valid JSON value that starts at offset off of
// the compact answer (-1: not part of it).
func (s *slab) spanAt(b []byte, off int) *node {
	n := s.node()
	n.raw, n.size, n.kind, n.off = b, len(b), kindOf(b[0]), off
	return n
}

func kindOf(c byte) byte {
	switch c {
	case '{', '[', '"':
		return c
	}
	return 0
}

func (n *node) container() bool { return n.kind == '{' || n.kind == '[' }

// parse splits a container into its members. The input is compact and valid,
// so the scanner only has to find where each value ends.
func (s *slab) parse(n *node) {
	if n.parsed || !n.container() || n.raw == nil {
		return
	}
	n.parsed = true
	b := n.raw
	i := 1
	if b[i] == '}' || b[i] == ']' {
		return
	}
	if cap(s.kidArena)-len(s.kidArena) < minArena {
		// Like nodes, arenas start small and double up to chunk.
		s.nextArena = max(min(2*s.nextArena, s.chunk), minArena)
		s.kidArena = make([]*node, 0, s.nextArena)
		s.keyArena = make([][]byte, 0, s.nextArena)
	}
	k0, v0 := len(s.keyArena), len(s.kidArena)
	for {
		if n.kind == '{' {
			end := skipString(b, i)
			s.keyArena = append(s.keyArena, b[i:end])
			i = end + 1 // the ':'
		}
		end := s.skipValue(b, i, n.off)
		off := -1
		if n.off >= 0 {
			off = n.off + i
		}
		kid := s.spanAt(b[i:end], off)
		kid.parent = n
		s.kidArena = append(s.kidArena, kid)
		i = end
		if b[i] != ',' {
			break
		}
		i++
	}
	// Capped slices: an append to one container's members must never
	// spill into the next container's.
	if n.kind == '{' {
		n.keys = s.keyArena[k0:len(s.keyArena):len(s.keyArena)]
	}
	n.kids = s.kidArena[v0:len(s.kidArena):len(s.kidArena)]
}

// skipString returns the index just past the string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	i++
	for {
		p := i + bytes.IndexByte(b[i:], '"')
		k := p - 1
		for k >= i && b[k] == '\\' {
			k--
		}
		if (p-1-k)%2 == 0 {
			return p + 1
		}
		i = p + 1
	}
}

// skipValue returns the index just past the compact value starting at b[i],
// where b starts at offset base of the compact answer (-1: not part of it).
func (s *slab) skipValue(b []byte, i, base int) int {
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		if base >= 0 {
			if l, ok := s.containerLen(base + i); ok {
				return i + l
			}
		}
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' {
		i++
	}
	return i
}

// containerLen returns the length of the non-empty container that starts
// at offset off of the compact answer, if validJSON recorded it.
func (s *slab) containerLen(off int) (int, bool) {
	if off < 0 || off > math.MaxInt32 {
		return 0, false
	}
	at := int32(off)
	k, found := slices.BinarySearchFunc(s.spans, at, func(sp span, at int32) int { return cmp.Compare(sp.start, at) })
	if !found {
		return 0, false
	}
	return int(s.spans[k].end - at), true
}

// keyName decodes an encoded member name; names without escapes, which is
// nearly all of them, are sliced without decoding.
func keyName(k []byte) string {
	if bytes.IndexByte(k, '\\') < 0 {
		return string(k[1 : len(k)-1])
	}
	var s string
	if err := json.Unmarshal(k, &s); err != nil {
		return string(k[1 : len(k)-1])
	}
	return s
}

// member returns the value of the first member called name, or nil.
func (s *slab) member(n *node, name string) *node {
	if n == nil || n.kind != '{' {
		return nil
	}
	s.parse(n)
	for i, k := range n.keys {
		if len(k) == len(name)+2 && string(k[1:len(k)-1]) == name {
			return n.kids[i]
		}
	}
	return nil
}

// rebuild recomputes the size of a container assembled from kids.
func (n *node) rebuild() {
	n.raw = nil
	n.parsed = true
	size := 2
	for i, k := range n.kids {
		k.parent = n
		if i > 0 {
			size++
		}
		size += k.size
		if n.kind == '{' {
			size += len(n.keys[i]) + 1
		}
	}
	n.size = size
}

// appendTo writes the compact encoding of n.
func (n *node) appendTo(dst []byte) []byte {
	if n.raw != nil {
		return append(dst, n.raw...)
	}
	closer := byte('}')
	if n.kind == '[' {
		closer = ']'
	}
	dst = append(dst, n.kind)
	for i, k := range n.kids {
		if i > 0 {
			dst = append(dst, ',')
		}
		if n.kind == '{' {
			dst = append(dst, n.keys[i]...)
			dst = append(dst, ':')
		}
		dst = k.appendTo(dst)
	}
	return append(dst, closer)
}

// path renders where n sits, as dotted keys with [i] for array elements.
// It is only called for the few values a report names, so it can afford to
// search each parent for its child.
func (n *node) path() string {
	var segs []string
	for c := n; c.parent != nil; c = c.parent {
		p := c.parent
		for i, k := range p.kids {
			if k != c {
				continue
			}
			if p.kind == '{' {
				segs = append(segs, keyName(p.keys[i]))
			} else {
				segs = append(segs, "["+strconv.Itoa(i)+"]")
			}
			break
		}
	}
	var b strings.Builder
	for i := len(segs) - 1; i >= 0; i-- {
		if b.Len() > 0 && !strings.HasPrefix(segs[i], "[") {
			b.WriteByte('.')
		}
		b.WriteString(segs[i])
	}
	return b.String()
}

// placeholder returns the string that stands in for a value of size bytes.
func placeholder(size int) []byte {
	b := make([]byte, 0, 32)
	b = append(b, `"[omitted: `...)
	b = strconv.AppendInt(b, int64(size), 10)
	return append(b, ` chars]"`...)
}
