package resultshape

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// fieldAdvice is the note for an array of which not even one item fits
// the cap. "Use a limit of 1" would loop (one item is still too large), so
// it names the item's largest fields and the fields that would fit, as a
// ready fields argument.
func (c *capper) fieldAdvice(a *shrunkArray) string {
	item := a.all[0]
	c.parse(item)
	prefix := a.n.path()
	if prefix != "" {
		prefix += "."
	}
	if item.kind != '{' || len(item.keys) == 0 {
		return fmt.Sprintf(" Not even one item fits (the first is %d chars): raise the cap (--max-result-chars) or ask for a narrower part of the answer.", item.size)
	}
	type field struct {
		name string
		size int
	}
	fields := make([]field, len(item.keys))
	for i, k := range item.keys {
		fields[i] = field{prefix + keyName(k), len(k) + 1 + item.kids[i].size}
	}
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].size > fields[j].size })
	// Drop the largest fields until the rest of the item fits, leaving
	// room for the array and object around it.
	room := c.max - 64
	rest := item.size
	drop := 0
	for drop < len(fields)-1 && rest > room {
		rest -= fields[drop].size
		drop++
	}
	drop = max(drop, 1)
	largest := make([]string, 0, min(drop, 3))
	// The names are the answer's keys, which anyone who wrote the data
	// may have chosen, and this note stands outside the untrusted fence:
	// only plain names are quoted (and offered as fields to select); any
	// other is described, not repeated.
	for _, f := range fields[:min(drop, 3)] {
		name := fmt.Sprintf("%q", f.name)
		if !plainName(f.name) {
			name = fmt.Sprintf("a field whose name is not a plain identifier (%d chars)", utf8.RuneCountInString(f.name))
		}
		largest = append(largest, fmt.Sprintf("%s (%d chars)", name, f.size))
	}
	var keep []string
	for _, f := range fields[drop:] {
		if plainName(f.name) {
			keep = append(keep, fmt.Sprintf("%q", f.name))
		}
	}
	sort.Strings(keep)
	are := "fields are"
	if len(largest) == 1 {
		are = "field is"
	}
	note := fmt.Sprintf(" Not even one item fits: the first is %d chars. Its largest %s %s; leave them out by selecting only the fields you need", item.size, are, strings.Join(largest, ", "))
	if len(keep) > 0 && rest <= room {
		note += fmt.Sprintf(", e.g. fields [%s]", strings.Join(keep, ","))
	}
	return note + "."
}

// plainName reports whether a key (a dotted path of them) is a short
// identifier (letters, digits, '_', '-', '.', '$'), safe to quote as it is.
func plainName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_-.$", c) >= 0) {
			return false
		}
	}
	return true
}
