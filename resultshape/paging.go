package resultshape

import (
	"encoding/json"
	"strconv"
)

// paging is what the answer says about the next page, read before any
// field selection or cutting so that neither can hide it.
type paging struct {
	found   bool
	cursor  string
	hasNext *bool
	offset  int
	count   int
	total   *int
	tooMany bool
	byOff   bool // offset paging: the next page is asked for with paging.offset
}

// readPaging looks at every shape Wix uses: pagingMetadata (most APIs),
// metadata (Members, eCom orders, Sites), a top-level nextCursor and the
// deprecated cursorPaging.
func readPaging(s *slab, root *node) paging {
	var p paging
	if root.kind != '{' {
		return p
	}
	meta := s.member(root, "pagingMetadata")
	if !isPagingMeta(s, meta) {
		meta = s.member(root, "metadata")
		if !isPagingMeta(s, meta) {
			meta = nil
		}
	}
	if meta != nil {
		p.found = true
		p.cursor = stringValue(s.member(s.member(meta, "cursors"), "next"))
		p.hasNext = boolValue(s.member(meta, "hasNext"))
		p.tooMany = derefBool(boolValue(s.member(meta, "tooManyToCount")))
		p.total = intValue(s.member(meta, "total"))
		offset := intValue(s.member(meta, "offset"))
		if offset != nil {
			p.offset = *offset
		}
		// proto3 JSON leaves out zero values, so offset 0 is often absent;
		// a total without cursors still means offset paging.
		p.byOff = offset != nil || ((p.total != nil || p.tooMany) && s.member(meta, "cursors") == nil)
		if count := intValue(s.member(meta, "count")); count != nil {
			p.count = *count
		} else {
			p.count = onlyArrayLen(s, root)
		}
	}
	if p.cursor == "" {
		if c := stringValue(s.member(root, "nextCursor")); c != "" {
			p.found, p.cursor = true, c
		}
	}
	if cp := s.member(root, "cursorPaging"); cp != nil && cp.kind == '{' {
		if p.cursor == "" {
			for _, c := range []string{
				stringValue(s.member(s.member(cp, "cursors"), "next")),
				stringValue(s.member(cp, "nextCursor")),
				stringValue(s.member(cp, "cursor")),
			} {
				if c != "" {
					p.found, p.cursor = true, c
					break
				}
			}
		}
		if p.hasNext == nil {
			p.hasNext = boolValue(s.member(cp, "hasNext"))
		}
	}
	if p.hasNext == nil {
		p.hasNext = boolValue(s.member(root, "hasNext"))
	}
	p.found = p.found || p.hasNext != nil
	return p
}

// isPagingMeta tells paging metadata from an unrelated member that happens
// to be called "metadata".
func isPagingMeta(s *slab, n *node) bool {
	if n == nil || n.kind != '{' {
		return false
	}
	for _, k := range []string{"count", "offset", "total", "cursors", "hasNext", "tooManyToCount"} {
		if s.member(n, k) != nil {
			return true
		}
	}
	return false
}

// onlyArrayLen returns the length of the one top-level array, the page's
// items, when the metadata leaves count out (as proto3 does for zero).
func onlyArrayLen(s *slab, root *node) int {
	var arr *node
	for _, k := range root.kids {
		if k.kind == '[' {
			if arr != nil {
				return 0
			}
			arr = k
		}
	}
	if arr == nil {
		return 0
	}
	s.parse(arr)
	return len(arr.kids)
}

// next builds Result.Next. shown is the number of items kept when the page's
// top-level items array was cut, or -1.
func (p paging) next(shown int) *Next {
	if !p.found {
		return nil
	}
	nx := &Next{Cursor: p.cursor}
	if p.total != nil && !p.tooMany {
		nx.Total = p.total
	}
	if p.byOff {
		o := p.offset + p.count
		more := p.tooMany || (p.total != nil && o < *p.total)
		if shown >= 0 {
			// The items not shown are still ahead: continue right after
			// the last one kept, not after the page Wix sent.
			o, more = p.offset+shown, true
		}
		if more {
			nx.Offset, nx.HasNext = &o, true
		}
	}
	switch {
	case p.hasNext != nil:
		nx.HasNext = nx.HasNext || *p.hasNext
	case p.cursor != "":
		nx.HasNext = true
	}
	return nx
}

func stringValue(n *node) string {
	if n == nil || n.kind != '"' || n.raw == nil {
		return ""
	}
	var s string
	if json.Unmarshal(n.raw, &s) != nil {
		return ""
	}
	return s
}

func boolValue(n *node) *bool {
	if n == nil || n.raw == nil {
		return nil
	}
	var b bool
	switch string(n.raw) {
	case "true":
		b = true
	case "false":
	default:
		return nil
	}
	return &b
}

func derefBool(b *bool) bool { return b != nil && *b }

// intValue reads an integer written as a number or, as proto3 JSON writes
// int64 fields, as a string of digits.
func intValue(n *node) *int {
	if n == nil || n.raw == nil {
		return nil
	}
	text := string(n.raw)
	if n.kind == '"' {
		text = stringValue(n)
	}
	v, err := strconv.Atoi(text)
	if err != nil || v < 0 {
		return nil
	}
	return &v
}
