package catalog

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
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
	"upsert": "update", "reserve": "create", "book": "create", "rsvp": "create",
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
	// home is the vertical a bare noun means ("orders" are eCommerce
	// orders unless the query names events or plans); "" if none.
	home string
	// named is a vertical the query names ("loyalty members", "blog
	// categories"); "" if none.
	named string
	// head is the thing the query is about, stemmed: the last word of the
	// first noun phrase ("reviews" in "list product reviews", "comments"
	// in "list comments on a post"); "" if none.
	head string
}

// impliedNouns are verbs that name their object: who "bought" something
// asks about orders, who "signed" up about subscriptions.
var impliedNouns = map[string]string{
	"bought": "order", "purchased": "order", "ordered": "order",
	"signed": "subscription", "subscribed": "subscription", "booked": "booking",
}

// prepositions end a noun phrase.
var prepositions = set("on", "in", "for", "to", "from", "of", "by", "with", "at", "into", "as", "about", "per", "like", "that", "who", "which", "do", "does", "did", "are", "is", "was", "were", "has", "have", "haven't", "been", "get")

// headNoun finds the query's object: the words after its verb up to the
// first preposition, last of them.
func headNoun(q string) string {
	words := queryWords(q)
	if len(words) < 2 {
		return ""
	}
	rest := words[1:]
	if rest[0] == "many" || rest[0] == "much" {
		rest = rest[1:]
	}
	for _, w := range rest {
		if n, ok := impliedNouns[w]; ok {
			return n
		}
	}
	np := nounPhrase(rest)
	if len(np) == 0 {
		return ""
	}
	return stem(np[len(np)-1])
}

func isTimeWord(w string) bool {
	switch w {
	case "week", "today", "yesterday", "month", "year", "recent", "latest", "last", "upcoming", "next", "due", "overdue", "pending":
		return true
	}
	return false
}

// questionWords open a question about a collection: "who signed up",
// "which orders are unpaid", "what services do we offer".
var questionWords = set("who", "which", "what", "whose")

// readVerbs read one thing, or many when their object is plural.
var readVerbs = set("get", "show", "view", "see", "fetch", "retrieve", "read", "display", "give")

// collectionVerb finds queries that ask for many things in words that
// usually ask for one: "get the orders", "show me this week's bookings",
// "get all contacts", "who are my members". They want a list, query or
// search endpoint.
func collectionVerb(q string) (string, bool) {
	words := queryWords(q)
	if len(words) == 0 {
		return "", false
	}
	if words[0] == "who" || (len(words) > 1 && words[0] == "how" && words[1] == "many") {
		return "list", true
	}
	if !readVerbs[words[0]] && !questionWords[words[0]] {
		return "", false
	}
	np := nounPhrase(words[1:])
	for _, w := range words[1:] {
		if w == "all" || w == "every" {
			return "list", true
		}
	}
	if len(np) == 0 {
		return "", false
	}
	// The head noun's plural asks for many: "show form submissions",
	// "which orders"; "stats" and "details" are one thing.
	h := np[len(np)-1]
	return "list", len(h) > 3 && stem(h) != h && !massNouns[h]
}

// massNouns end in s but ask for one answer.
var massNouns = set("stats", "statistics", "analytics", "details", "settings", "metrics", "totals", "news")

func queryWords(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
	for i, w := range words {
		words[i] = strings.TrimSuffix(w, "'s")
	}
	return words
}

// nounPhrase is the content words after a verb up to the first
// preposition after them.
func nounPhrase(words []string) []string {
	var np []string
	for _, w := range words {
		if prepositions[w] && len(np) > 0 {
			break
		}
		if stopWords[w] || prepositions[w] || w == "me" || w == "up" || w == "all" || w == "new" || isTimeWord(w) {
			continue
		}
		np = append(np, w)
	}
	return np
}

// homeVerticals: the vertical a developer means by a bare noun. Wix has
// orders in eCommerce, Events and Pricing Plans, and products in Stores
// and elsewhere; unqualified, the words mean the first.
var homeVerticals = map[string]string{
	"order": "ecom", "checkout": "ecom", "cart": "ecom",
	"product": "stores", "inventory": "stores",
	"contact": "crm", "customer": "crm",
	"member":  "members",
	"booking": "bookings", "appointment": "bookings", "service": "bookings",
	"event": "events", "ticket": "events", "rsvp": "events", "guest": "events",
	"post": "blog",
	"plan": "pricing-plans",
	"item": "data", "collection": "data",
	"submission": "forms", "form": "forms",
}

func homeVertical(toks []string) string {
	home := ""
	for _, t := range toks {
		// A query naming a vertical ("event orders", "plan orders") is
		// about that vertical: no home applies.
		if v, ok := homeVerticals[t]; ok {
			if home != "" && home != v {
				return ""
			}
			home = v
		}
	}
	return home
}

func queryIntent(q string, terms map[string]float64) intent {
	toks := tokenize(q)
	in := intent{terms: terms}
	if len(toks) > 0 {
		in.verb = verbClass(toks[0])
		_, in.known = verbClasses[toks[0]]
	}
	if v, ok := collectionVerb(q); ok {
		in.verb, in.known = v, true
	}
	in.home = homeVertical(toks)
	in.named = namedVertical(toks)
	in.head = headNoun(q)
	for _, t := range toks {
		if t == "bulk" || t == "batch" || t == "multiple" {
			in.bulk = true
		}
	}
	return in
}

// docFeatures are per-endpoint facts the ranking factors use.
type docFeatures struct {
	verb        string   // verb class of the SDK method's first word
	words       []string // stemmed words of the SDK method name
	bulk        bool
	version     int
	vertical    string
	entityWords map[string]bool
}

func featuresOf(e *Endpoint) docFeatures {
	words := tokenize(e.SDKMethod)
	f := docFeatures{words: words, vertical: e.Vertical, entityWords: map[string]bool{}}
	// The entity's resource noun is its last word: "order-fulfillments"
	// are fulfillments, "products-v-3" products.
	ew := tokenize(e.Entity)
	for len(ew) > 0 && (ew[len(ew)-1] == "v" || isDigits(ew[len(ew)-1])) {
		ew = ew[:len(ew)-1]
	}
	if len(ew) > 0 {
		f.entityWords[ew[len(ew)-1]] = true
	}
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
	if in.named != "" {
		if f.vertical == in.named {
			x *= namedBoost
		}
	} else if in.home != "" && f.vertical == in.home {
		x *= homeBoost
	}
	if in.head != "" {
		switch {
		case f.entityWords[in.head] || f.entityWords[synonymOf(in.head)]:
			x *= headEntityBoost
		case slices.Contains(f.words, in.head):
			x *= headMethodBoost
		}
	}
	return x
}

// synonymOf is a head noun's first API synonym ("customer" is contact).
func synonymOf(w string) string {
	if s := synonyms[w]; len(s) > 0 {
		return s[0]
	}
	return w
}

// Head-noun boosts: an endpoint whose resource is the thing asked about
// beats one that merely mentions it.
const (
	headEntityBoost = 1.8
	headMethodBoost = 1.15
)

// namedBoost favours the vertical a query names.
const namedBoost = 2.0

// namedVerticals are the words that name a vertical in a query.
var namedVerticals = map[string]string{
	"loyalty": "loyalty", "blog": "blog", "ecommerce": "ecom", "ecom": "ecom", "store": "stores", "shop": "stores",
	"crm": "crm", "cms": "data", "seo": "seo", "multilingual": "multilingual", "restaurant": "restaurants",
	"portfolio": "portfolio", "faq": "faq", "gallery": "pro-gallery", "inbox": "inbox", "group": "groups",
	"payout": "payments", "payment": "payments", "benefit": "benefit-programs", "program": "online-programs",
}

func namedVertical(toks []string) string {
	for _, t := range toks {
		if v, ok := namedVerticals[t]; ok {
			return v
		}
	}
	return ""
}

// homeBoost favours the vertical a bare noun means.
const homeBoost = 1.3

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
