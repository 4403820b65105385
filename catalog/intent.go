package catalog

import (
	"strconv"
)

// BM25 alone ranks "add-cms-plugin" above insertDataItem for "add an item to
// a CMS collection": both share words. These features add what a developer
// reads into a query: the action asked for, how much of an endpoint's name
// the query accounts for, and a preference for current API versions and
// single-item methods.

// verbClasses groups words that ask for the same action, so "find" in a
// query agrees with a method named query* or search*.
var verbClasses = map[string]string{
	"create": "create", "add": "create", "new": "create", "make": "create", "write": "create",
	"insert": "create", "register": "create",
	"get": "get", "show": "get", "view": "get", "fetch": "get", "retrieve": "get", "read": "get", "see": "get",
	"list": "list", "query": "list", "search": "list", "find": "list", "browse": "list", "lookup": "list",
	"look": "list", "filter": "list",
	"update": "update", "edit": "update", "change": "update", "modify": "update", "set": "update",
	"patch": "update", "rename": "update",
	"delete": "delete", "remove": "delete", "erase": "delete", "trash": "delete",
	"count": "count", "many": "count", "total": "count", "number": "count",
	"cancel": "cancel", "stop": "cancel",
}

func verbClass(w string) string {
	if c, ok := verbClasses[w]; ok {
		return c
	}
	return w
}

// intent is what a query asks for beyond its words.
type intent struct {
	verb  string // verb class of the query's first word; "" if none
	known bool   // the first word is a known verb, so a mismatch counts
	bulk  bool
	terms map[string]float64
}

func queryIntent(q string, terms map[string]float64) intent {
	toks := tokenize(q)
	in := intent{terms: terms}
	if len(toks) > 0 {
		in.verb = verbClass(toks[0])
		_, in.known = verbClasses[toks[0]]
	}
	for _, t := range toks {
		if t == "bulk" || t == "batch" || t == "multiple" {
			in.bulk = true
		}
	}
	return in
}

// docFeatures are per-endpoint facts the ranking factors use.
type docFeatures struct {
	verb    string   // verb class of the SDK method's first word
	words   []string // stemmed words of the SDK method name
	bulk    bool
	version int
}

func featuresOf(e *Endpoint) docFeatures {
	words := tokenize(e.SDKMethod)
	f := docFeatures{words: words}
	if len(words) > 0 {
		f.verb = verbClass(words[0])
		f.bulk = words[0] == "bulk" || words[0] == "batch"
	}
	for _, s := range splitPath(e.Path) {
		if len(s) > 1 && s[0] == 'v' {
			if n, err := strconv.Atoi(s[1:]); err == nil {
				f.version = n
				break
			}
		}
	}
	return f
}

// factor scales a BM25 score by intent agreement.
func (f docFeatures) factor(in intent) float64 {
	x := 1.0
	// Coverage: the share of the method name's words the query asked for.
	if len(f.words) > 0 {
		covered := 0
		for _, w := range f.words {
			if in.terms[w] > 0 || (in.verb != "" && verbClass(w) == in.verb) {
				covered++
			}
		}
		x *= 0.6 + 0.4*float64(covered)/float64(len(f.words))
	}
	switch {
	case in.verb != "" && f.verb == in.verb:
		x *= 1.3
	case in.known:
		x *= 0.8
	}
	if f.bulk && !in.bulk {
		x *= 0.85
	}
	x *= 1 + 0.03*float64(f.version)
	return x
}
