// Package safety decides how dangerous a Wix REST call is and whether a path
// may be called at all. It holds no I/O: the MCP tools use it to run the
// read-only gate, to ask for confirmation before destructive calls and to
// enforce the operator's allow and deny lists.
package safety

import (
	"strings"
	"unicode"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Class is the risk class of one REST call.
type Class string

// The three classes, in rising order of risk.
const (
	// Read calls change nothing on the site or account.
	Read Class = "read"
	// Write calls create or change data that can be changed back.
	Write Class = "write"
	// Destructive calls delete data, move money or publish, and cannot be
	// undone by another API call.
	Destructive Class = "destructive"
)

// Valid reports whether c is one of Read, Write and Destructive.
func (c Class) Valid() bool {
	return c == Read || c == Write || c == Destructive
}

// Classify returns the class of a call: the stricter of catalogClass, the
// class the endpoint catalog gives the endpoint ("" when the catalog does
// not know it; a value outside the three classes is ignored), and
// Heuristic's. The catalog refines a classification upwards (it knows that
// "block" or "disconnect" endpoints are destructive) but never lowers it,
// because a catalog entry is matched through {placeholders} that may
// swallow the very segment that names the action, and its classes come
// from SDK method names, which can mislead ("getOrCreate…", "checkout").
// The caller matches the endpoint once per call and passes its class, so
// this package needs no catalog.
func Classify(method string, path wixclient.Path, catalogClass Class) Class {
	class := Heuristic(strings.ToUpper(method), path)
	if catalogClass.Valid() && catalogClass.rank() > class.rank() {
		class = catalogClass
	}
	return class
}

// Stricter returns the riskier of a and b; an invalid class counts as Write.
func Stricter(a, b Class) Class {
	if !a.Valid() {
		a = Write
	}
	if b.Valid() && b.rank() > a.rank() {
		return b
	}
	return a
}

// rank orders classes by risk.
func (c Class) rank() int {
	switch c {
	case Read:
		return 0
	case Destructive:
		return 2
	}
	return 1
}

// destructiveWords are verbs that make a call destructive whatever its
// method: it deletes or overwrites data (delete, remove, purge, restore,
// merge — merging contacts deletes the merged ones), moves money (charge,
// capture, refund, void, payout, pay, transfer, withdraw, redeem — a gift
// card or points —, decrease — a balance), cannot be undone (cancel, end,
// terminate, archive — an archived pricing plan cannot be reactivated —,
// block, disconnect, revoke, decline, reject, reset), or sends or
// publishes to people outside (send, resend, notify, invite, publish,
// trigger — a notification or an automation —, embed — a script on every
// page). Matching is on whole words (see words), so "categories",
// "cancellation-policy", "refundability", "deleted", "unarchive" and
// "publisher" do not match. "trash" is not here: at Wix it is the noun in
// "trash-bin", whose GET endpoints are reads.
var destructiveWords = set(
	"delete", "remove", "purge", "truncate", "erase", "destroy", "wipe", "anonymize",
	"restore", "merge", "overwrite",
	"charge", "capture", "refund", "void", "payout", "pay", "transfer", "withdraw",
	"redeem", "decrease",
	"cancel", "end", "terminate", "archive", "block", "disconnect", "revoke",
	"decline", "reject", "reset",
	"send", "resend", "notify", "invite", "publish", "unpublish", "trigger", "embed",
)

// nounVerbs are destructive verbs that Wix also uses as nouns at the start
// of an action ("end-options" lists the options for a time slot's end):
// they count in a path only as the whole action (…/programs/{id}/end) or
// after a conjunction. In an SDK method name (NameClass) they always count
// as verbs, since Wix names methods verb first (endProgram).
var nounVerbs = set("end")

// readWords are verbs that, as the first word of the action segment of a
// POST, mark a Wix read endpoint (POST …/query, …/search, …/count, and the
// side-effect-free …/calculate, …/estimate, …/preview, …/validate).
var readWords = set(
	"query", "search", "count", "aggregate", "list", "get", "find", "lookup",
	"retrieve", "fetch", "calculate", "estimate", "preview", "validate",
)

// mutatingWords veto a read verb in the same segment, so that names such as
// "get-or-create" or "query-and-update" stay writes, and make a GET a write:
// Wix has GETs that change state (…/create-and-redirect-to-checkout,
// …/mark-checkout-as-completed-and-redirect-to-url, logout).
var mutatingWords = set(
	"create", "update", "upsert", "insert", "set", "add", "save", "patch",
	"replace", "mark", "apply", "assign", "logout",
)

// nounMutators are mutating verbs that Wix also uses as nouns at the start
// of a GET's resource name ("add-ons"), so they do not make a GET a write.
var nounMutators = set("add", "set")

// conjunctions split an action into clauses, each with a verb of its own:
// "create-order-and-charge" both creates and charges.
var conjunctions = set("and", "or", "then")

// Heuristic classifies a call from its method and path alone:
//
//   - Destructive: DELETE, and any method whose action segment (the last
//     path segment that is not an ID) contains a destructive verb as a whole
//     word: /ecom/v1/orders/{id}/cancel, /wix-data/v2/bulk/items/remove,
//     …/bulkDelete, …/delete-by-filter, …/trigger-refund, …/authorize-charge.
//     When the segment starts with a known non-destructive verb, that verb is
//     the action and later words are its object (…/calculate-refund,
//     …/add-publish-plugin, …/update-refund-transaction are not
//     destructive), unless a later clause has a destructive verb of its own
//     (…/create-order-and-charge is).
//   - Read: GET and HEAD whose action starts with no mutating verb, and POST
//     whose action segment starts with a read verb (query, search, count,
//     aggregate, list, get, …) without a mutating verb after it:
//     /contacts/v4/contacts/query, /stores-reader/v1/products/query-platformized.
//   - Write: everything else, including PUT and PATCH, GETs that change
//     state, and methods this package does not know (TRACE, "", …);
//     rejecting those is the HTTP client's job, and Write keeps them behind
//     the read-only gate.
//
// A verb in a segment other than the action segment does not count: Wix puts
// the verb last, and service names such as "site-publisher" or IDs such as a
// slug "cancel-me" sit earlier. The path is judged fully percent-decoded and
// case-insensitively, as a lenient server could route it: "…/BLOCK" and
// "…:bulkdelete" are destructive too.
func Heuristic(method string, path wixclient.Path) Class {
	return heuristic(method, path.DecodedSegments())
}

// TemplateClass is Heuristic for a catalog path template such as
// /ecom/v1/orders/{id}/cancel, whose {placeholders} count as IDs.
func TemplateClass(method, template string) Class {
	return heuristic(method, strings.Split(strings.Trim(template, "/"), "/"))
}

func heuristic(method string, segs []string) Class {
	method = strings.ToUpper(strings.TrimSpace(method))
	action := words(actionSegment(segs))
	if isDestructiveAction(action) && !(len(action) > 1 && nounVerbs[action[0]] && !hasConjunction(action)) {
		return Destructive
	}
	switch method {
	case "DELETE":
		return Destructive
	case "GET", "HEAD":
		if len(action) > 0 && mutatingWords[action[0]] && !nounMutators[action[0]] {
			return Write
		}
		return Read
	case "POST":
		if isReadAction(action) {
			return Read
		}
	}
	return Write
}

// NameClass classifies an SDK method name ("chargeOrder", "bulkDeleteItems",
// "createOrderAndCharge") by the same verb rules: Destructive when the name
// carries a destructive verb as its action, else Read. The catalog raises
// an endpoint's class with it, so an endpoint is destructive whatever its
// path looks like when its name says so.
func NameClass(name string) Class {
	if isDestructiveAction(words(name)) {
		return Destructive
	}
	return Read
}

// isDestructiveAction reports whether the action words contain a
// destructive verb that is not merely the object of a leading read or
// mutating verb; every clause after a conjunction is judged on its own verb.
func isDestructiveAction(action []string) bool {
	for i, clause := range clauses(action) {
		if len(clause) == 0 {
			continue
		}
		if destructiveWords[clause[0]] {
			return true
		}
		if i > 0 || readWords[clause[0]] || mutatingWords[clause[0]] {
			continue
		}
		// The first clause starts with a word that is not a known verb
		// ("authorize-charge", "trigger-refund"): any destructive word in
		// it counts, but for words that are also nouns ("postpone-end-date").
		for _, w := range clause[1:] {
			if destructiveWords[w] && !nounVerbs[w] {
				return true
			}
		}
	}
	return false
}

func hasConjunction(action []string) bool {
	for _, w := range action {
		if conjunctions[w] {
			return true
		}
	}
	return false
}

// clauses splits action words at conjunctions and drops a leading "bulk"
// from each clause, so each clause starts with its verb.
func clauses(action []string) [][]string {
	var out [][]string
	start := 0
	for i := 0; i <= len(action); i++ {
		if i < len(action) && !conjunctions[action[i]] {
			continue
		}
		c := action[start:i]
		if len(c) > 0 && c[0] == "bulk" {
			c = c[1:]
		}
		out = append(out, c)
		start = i + 1
	}
	return out
}

// isReadAction reports whether the action words name a read: a read verb
// first (after an optional "bulk") and no mutating or destructive verb
// anywhere.
func isReadAction(action []string) bool {
	if len(action) > 0 && action[0] == "bulk" {
		action = action[1:]
	}
	if len(action) == 0 || !readWords[action[0]] {
		return false
	}
	for _, w := range action[1:] {
		if mutatingWords[w] {
			return false
		}
	}
	return true
}

// actionSegment returns the last segment that is not an ID, or "".
func actionSegment(segs []string) string {
	for i := len(segs) - 1; i >= 0; i-- {
		if s := segs[i]; s != "" && !isID(s) {
			return s
		}
	}
	return ""
}

// isID reports whether a path segment is an identifier rather than a
// resource or verb: a {placeholder} from a path template, a number, a GUID,
// or a long run of hex digits. Slug IDs (a collection named "cancel-me")
// cannot be told apart from verbs; they are classified as verbs, which errs
// on the side of asking for confirmation.
func isID(seg string) bool {
	if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
		return true
	}
	digits, hexish, hasDigit := true, true, false
	for _, r := range seg {
		isDigit := r >= '0' && r <= '9'
		hasDigit = hasDigit || isDigit
		digits = digits && isDigit
		hexish = hexish && (isHex(r) || r == '-')
	}
	if digits {
		return true
	}
	// GUIDs (8-4-4-4-12) and other hex IDs of 16 characters or more that
	// contain a digit. The length floor and the digit keep hex-only words
	// such as "add", "face" or "decade" from being mistaken for IDs.
	return hexish && hasDigit && len(seg) >= 16
}

func isHex(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F')
}

// words splits a path segment into lower-case words at '-', '_', '.', ':'
// and camelCase boundaries: "bulkDeleteItems" → bulk, delete, items;
// "delete-by-filter" → delete, by, filter; "products:bulkDelete" → products,
// bulk, delete.
func words(seg string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	runes := []rune(seg)
	for i, r := range runes {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			prev := runes[i-1]
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			// Break before an upper-case letter that follows a lower-case
			// one (bulkDelete) or that starts a word after an acronym
			// (HTTPServer → http, server).
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return splitCompounds(out)
}

// splitCompounds splits words that a case-insensitive router would take
// for camelCase ones: "bulkdelete" (…:bulkDelete written in lower case) is
// bulk, delete; "bulkdeleteitems" is bulk, delete, items. Only a leading
// "bulk" followed by a known verb is split, so ordinary words such as
// "bulkhead" stay whole.
func splitCompounds(ws []string) []string {
	for i, w := range ws {
		rest, ok := strings.CutPrefix(w, "bulk")
		if !ok || rest == "" {
			continue
		}
		verb := ""
		for v := range verbs {
			if strings.HasPrefix(rest, v) && len(v) > len(verb) {
				verb = v // the longest: "payout", not "pay"
			}
		}
		if verb == "" {
			continue
		}
		split := []string{"bulk", verb}
		if obj := rest[len(verb):]; obj != "" {
			split = append(split, obj)
		}
		return append(append(append([]string(nil), ws[:i]...), split...), splitCompounds(ws[i+1:])...)
	}
	return ws
}

// verbs is every verb the rules know.
var verbs = func() map[string]bool {
	all := map[string]bool{}
	for _, m := range []map[string]bool{destructiveWords, readWords, mutatingWords} {
		for w := range m {
			all[w] = true
		}
	}
	return all
}()

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
