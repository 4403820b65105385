// Package safety decides how dangerous a Wix REST call is and whether a path
// may be called at all. It holds no I/O: the MCP tools use it to run the
// read-only gate, to ask for confirmation before destructive calls and to
// enforce the operator's allow and deny lists.
package safety

import (
	"strings"
	"unicode"
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

// Lookup is what an endpoint catalog offers: the class of a known endpoint.
// It is defined here, where it is used, so that the catalog package does not
// have to be imported by safety. The boolean is false for unknown endpoints.
type Lookup interface {
	Classify(method, path string) (Class, bool)
}

// Classifier classifies calls with a catalog first and the path heuristic
// second.
type Classifier struct {
	// Catalog may be nil; then every call goes to Heuristic.
	Catalog Lookup
}

// Classify returns the stricter of the catalog's class and Heuristic's:
// the catalog refines a classification upwards (it knows that "block" or
// "disconnect" endpoints are destructive) but never lowers it, because a
// catalog entry is matched through {placeholders} that may swallow the very
// segment that names the action, and its classes come from SDK method
// names, which can mislead ("getOrCreate…", "checkout"). The catalog is
// asked with the upper-case method and the path without query string,
// fragment or trailing slash, the same form Heuristic works on.
func (c Classifier) Classify(method, path string) Class {
	method = strings.ToUpper(strings.TrimSpace(method))
	path = trimPath(path)
	class := Heuristic(method, path)
	if c.Catalog != nil {
		// A catalog class outside the three known values is ignored.
		if cat, ok := c.Catalog.Classify(method, path); ok && cat.Valid() && cat.rank() > class.rank() {
			class = cat
		}
	}
	return class
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
// method. Matching is on whole words (see words), so "categories",
// "cancellation-policy", "refundability", "deleted", "unarchive" and
// "publisher" do not match. "archive" is here because Wix archiving is
// one-way for some resources (an archived pricing plan cannot be
// reactivated); "decline" and "reject" answer a customer irrevocably;
// "reset" (resetToDefault) discards data. "trash" is not: at Wix it is the
// noun in "trash-bin", whose GET endpoints are reads.
var destructiveWords = map[string]bool{
	"delete": true, "remove": true, "cancel": true, "refund": true,
	"void": true, "publish": true, "unpublish": true, "transfer": true,
	"archive": true, "purge": true, "truncate": true, "erase": true,
	"destroy": true, "wipe": true, "revoke": true, "terminate": true,
	"anonymize": true, "decline": true, "reject": true, "reset": true,
}

// readWords are verbs that, as the first word of the action segment of a
// POST, mark a Wix read endpoint (POST …/query, …/search, …/count, and the
// side-effect-free …/calculate, …/estimate, …/preview, …/validate).
var readWords = map[string]bool{
	"query": true, "search": true, "count": true, "aggregate": true,
	"list": true, "get": true, "find": true, "lookup": true,
	"retrieve": true, "fetch": true, "calculate": true, "estimate": true,
	"preview": true, "validate": true,
}

// mutatingWords veto a read verb in the same segment, so that names such as
// "get-or-create" or "query-and-update" stay writes.
var mutatingWords = map[string]bool{
	"create": true, "update": true, "upsert": true, "insert": true,
	"set": true, "add": true, "save": true, "patch": true, "replace": true,
	"mark": true, "apply": true, "assign": true, "send": true,
}

// Heuristic classifies a call from its method and path alone:
//
//   - Destructive: DELETE, and any method whose action segment (the last
//     path segment that is not an ID) contains a destructive verb as a whole
//     word: /ecom/v1/orders/{id}/cancel, /wix-data/v2/bulk/items/remove,
//     …/bulkDelete, …/delete-by-filter, …/trigger-refund. When the segment
//     starts with a known non-destructive verb, that verb is the action and
//     later words are its object: …/calculate-refund, …/add-publish-plugin,
//     …/update-refund-transaction and …/query-publish-status are not
//     destructive.
//   - Read: GET and HEAD, and POST whose action segment starts with a read
//     verb (query, search, count, aggregate, list, get, …) without a
//     mutating verb after it: /contacts/v4/contacts/query,
//     /stores-reader/v1/products/query-platformized.
//   - Write: everything else, including PUT and PATCH, and methods this
//     package does not know (TRACE, "", …); rejecting those is the HTTP
//     client's job, and Write keeps them behind the read-only gate.
//
// A verb in a segment other than the action segment does not count: Wix puts
// the verb last, and service names such as "site-publisher" or IDs such as a
// slug "cancel-me" sit earlier. Query string, fragment, trailing slashes and
// the case of the method and path are ignored.
func Heuristic(method, path string) Class {
	method = strings.ToUpper(strings.TrimSpace(method))
	action := words(actionSegment(trimPath(path)))
	if isDestructiveAction(action) {
		return Destructive
	}
	switch method {
	case "DELETE":
		return Destructive
	case "GET", "HEAD":
		return Read
	case "POST":
		if isReadAction(action) {
			return Read
		}
	}
	return Write
}

// isDestructiveAction reports whether the action words contain a
// destructive verb that is not merely the object of a leading read or
// mutating verb.
func isDestructiveAction(action []string) bool {
	for i, w := range action {
		if destructiveWords[w] {
			return true
		}
		if i == 0 && (readWords[w] || mutatingWords[w]) {
			return false
		}
	}
	return false
}

// isReadAction reports whether the action words name a read: a read verb
// first (after an optional "bulk") and no mutating verb anywhere.
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

// trimPath drops a scheme and host, the query string, the fragment and
// trailing slashes, so that "https://www.wixapis.com/a/b/?x=1" and "/a/b"
// classify alike.
func trimPath(path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if i := strings.Index(path, "://"); i >= 0 {
		rest := path[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			path = rest[j:]
		} else {
			path = "/"
		}
	}
	return strings.TrimRight(path, "/")
}

// actionSegment returns the last segment of path that is not an ID, or ""
// when there is none.
func actionSegment(path string) string {
	segs := strings.Split(path, "/")
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
	return out
}
