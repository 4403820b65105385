package resultshape

import (
	"fmt"
	"sort"
	"strings"
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
	for _, f := range fields[:min(drop, 3)] {
		largest = append(largest, fmt.Sprintf("%q (%d chars)", f.name, f.size))
	}
	var keep []string
	for _, f := range fields[drop:] {
		keep = append(keep, fmt.Sprintf("%q", f.name))
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
