package catalog

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Result is one search hit.
type Result struct {
	Endpoint *Endpoint
	Score    float64
}

// Field weights: a word in the title counts more than one in the path, so
// "cancel booking" prefers Cancel Booking over endpoints that merely live
// under /bookings.
const (
	weightTitle    = 3.0
	weightEntity   = 1.5
	weightVertical = 1.0
	weightPath     = 1.0
	bm25K1         = 1.2
	bm25B          = 0.75
	synonymWeight  = 0.6
)

// searchIndex is a BM25 inverted index over weighted term frequencies.
type searchIndex struct {
	postings map[string][]posting
	docLen   []float64
	avgLen   float64
	eps      []*Endpoint
	features []docFeatures
}

type posting struct {
	doc int
	tf  float64
}

func (c *Catalog) buildIndex() {
	ix := &searchIndex{postings: make(map[string][]posting), eps: c.endpoints, docLen: make([]float64, len(c.endpoints))}
	total := 0.0
	for d, e := range c.endpoints {
		tf := make(map[string]float64)
		add := func(text string, w float64) {
			for _, t := range tokenize(text) {
				tf[t] += w
			}
		}
		add(e.Title, weightTitle)
		add(e.Entity, weightEntity)
		add(e.Vertical, weightVertical)
		for _, s := range splitPath(e.Path) {
			if !strings.ContainsRune(s, '{') {
				add(s, weightPath)
			}
		}
		for t, f := range tf {
			ix.postings[t] = append(ix.postings[t], posting{d, f})
			ix.docLen[d] += f
		}
		total += ix.docLen[d]
		ix.features = append(ix.features, featuresOf(e))
	}
	if len(c.endpoints) > 0 {
		ix.avgLen = total / float64(len(c.endpoints))
	}
	c.index = ix
}

// Search ranks endpoints for a plain-language query ("cancel a booking",
// "find contacts by email") and returns at most limit results, best first.
func (c *Catalog) Search(query string, limit int) []Result {
	if limit <= 0 {
		return nil
	}
	c.searchOnce.Do(c.buildIndex)
	ix := c.index
	terms := expandQuery(query)
	if len(terms) == 0 {
		return nil
	}
	intent := queryIntent(query, terms)
	// "get the orders" asks for a list: let list, query and search
	// methods match as if the query had said so.
	if intent.verb == "list" {
		for _, w := range []string{"list", "query", "search"} {
			if terms[w] < synonymWeight {
				terms[w] = synonymWeight
			}
		}
		// The reading verb ("get", "show" and their synonyms) would pull
		// in single-item Get endpoints; the list intent replaces it.
		for w := range readVerbs {
			delete(terms, w)
		}
	}
	scores := make([]float64, len(ix.eps))
	var hit []int
	n := float64(len(ix.eps))
	// Terms in a fixed order: float sums depend on order, and a ranking
	// must not change between runs.
	keys := make([]string, 0, len(terms))
	for term := range terms {
		keys = append(keys, term)
	}
	sort.Strings(keys)
	for _, term := range keys {
		qw := terms[term]
		list := ix.postings[term]
		if len(list) == 0 {
			continue
		}
		idf := math.Log(1 + (n-float64(len(list))+0.5)/(float64(len(list))+0.5))
		for _, p := range list {
			if scores[p.doc] == 0 {
				hit = append(hit, p.doc)
			}
			norm := p.tf * (bm25K1 + 1) / (p.tf + bm25K1*(1-bm25B+bm25B*ix.docLen[p.doc]/ix.avgLen))
			scores[p.doc] += qw * idf * norm
		}
	}
	// Keep the best limit results in order by insertion: limit is small,
	// and this avoids sorting every document that shares a common word.
	top := make([]Result, 0, limit+1)
	for _, d := range hit {
		r := Result{Endpoint: ix.eps[d], Score: scores[d] * ix.features[d].factor(intent)}
		if len(top) == limit && !better(r, top[len(top)-1]) {
			continue
		}
		k := len(top)
		top = append(top, r)
		for k > 0 && better(r, top[k-1]) {
			top[k] = top[k-1]
			k--
		}
		top[k] = r
		if len(top) > limit {
			top = top[:limit]
		}
	}
	return top
}

// better orders results by score, then by ID so ties are deterministic.
func better(a, b Result) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.Endpoint.ID < b.Endpoint.ID
}

// phrasalVerbs are two-word verbs that Wix names as one word ("back up"
// is a backup), matched whatever their case; the rest of the query keeps
// its case so camelCase method names still split.
var phrasalVerbs = regexp.MustCompile(`(?i)\b(back|sign|log|check) (up|in|out)\b`)

// expandQuery tokenizes the query and adds synonyms at a lower weight; a
// word's own weight always wins over the same word reached as a synonym.
func expandQuery(q string) map[string]float64 {
	q = phrasalVerbs.ReplaceAllString(q, "$1$2")
	terms := make(map[string]float64)
	words := tokenize(q)
	for _, t := range words {
		terms[t] = 1
	}
	// Synonyms of the query's own words only (not of synonyms), so the
	// expansion does not depend on map iteration order.
	for _, t := range words {
		for _, s := range synonyms[t] {
			if terms[s] < synonymWeight {
				terms[s] = synonymWeight
			}
		}
	}
	return terms
}

// tokenize splits camelCase, kebab-case, snake_case and prose into lower-case
// stemmed words, dropping stop words and version segments like "v4".
func tokenize(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsUpper(r):
			// A capital starts a word unless it continues an acronym.
			if i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				flush()
			}
			cur = append(cur, unicode.ToLower(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	out := words[:0]
	for _, w := range words {
		if stopWords[w] || isVersion(w) {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

func isVersion(w string) bool {
	if len(w) < 2 || w[0] != 'v' {
		return false
	}
	for _, r := range w[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// stem folds plurals to singular ("categories" -> "category", "addresses" ->
// "address", "bookings" -> "booking"); it is deliberately no more than that.
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

var stopWords = set("a", "an", "the", "to", "of", "in", "on", "for", "my", "by", "with", "from", "and", "or",
	"is", "are", "how", "i", "me", "do", "does", "it", "its", "s", "into", "at", "as", "be", "can", "what",
	"which", "this", "that", "all", "some", "their", "your", "our", "we", "you", "want", "need", "please",
	"from", "id", "using", "via", "using", "given", "specific", "one", "single")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
