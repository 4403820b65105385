// Package closest finds the known word nearest to a mistyped one, for "did
// you mean" hints on flags, YAML keys and subcommands.
package closest

import "strings"

// Word returns the candidate nearest to word by edit distance (case
// ignored), or "" when none is near enough to be a likely typo: at most a
// third of the longer word's letters may differ, and at least one must
// stay the same.
func Word(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		d := distance(w, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	longer := max(len([]rune(w)), len([]rune(best)))
	if bestDist == 0 || bestDist*3 <= longer {
		return best
	}
	return ""
}

// distance is the Damerau-Levenshtein (optimal string alignment) distance,
// so a swap of two neighbouring letters ("sandobx") counts as one typo.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
