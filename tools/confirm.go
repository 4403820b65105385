package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/untrusted"
)

// spaceRuns finds runs of spaces long enough to be padding.
var spaceRuns = regexp.MustCompile(` {8,}`)

// Bounds of what the person reads before confirming a destructive call.
const (
	// maxShownBody is how much of the body, compact JSON, the question
	// quotes: enough to read a typical request whole.
	maxShownBody = 4000
	// maxShownIDs is how many of the IDs the call touches are listed.
	maxShownIDs = 25
	// maxShownKeys is how many top-level keys are described.
	maxShownKeys = 40
)

// confirmationMessage is what the person reads before saying yes. It is a
// faithful summary of the whole request, whatever the model put first:
// every top-level key of the body with the size of its value, the IDs the
// call touches, and the body itself as far as it fits, with a mark where
// something is left out. Everything in it that the model or Wix wrote is
// reduced to one safe line (safeLine), so no forged line can appear in
// what the person reads.
func confirmationMessage(target *scopes.Target, call *apiCall, timeout time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "An AI agent wants to make a destructive Wix call (it deletes or overwrites data, moves money, cannot be undone, or sends or publishes to people).\n")
	fmt.Fprintf(&b, "Where: %s\n", target.Label())
	fmt.Fprintf(&b, "Request: %s %s", call.method, call.path)
	b.WriteString("\n")
	if len(call.query) > 0 {
		writeQuerySummary(&b, call.query)
	}
	if len(call.body) > 0 {
		writeBodySummary(&b, call.body)
	}
	fmt.Fprintf(&b, "This cannot be undone. Send it? (The question expires in %s; then nothing is sent.)", timeout)
	return b.String()
}

// writeQuerySummary describes the query string like the body: every
// parameter with its value when short, or its size, so a long value cannot
// push the others out of what the person reads; then the query as sent, up
// to maxShownBody characters, marked where cut.
func writeQuerySummary(b *strings.Builder, query url.Values) {
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(b, "Query: %d parameter(s):\n", len(keys))
	for i, k := range keys {
		if i == maxShownKeys {
			fmt.Fprintf(b, "- … and %d more parameters (left out here)\n", len(keys)-i)
			break
		}
		values := make([]string, len(query[k]))
		for j, v := range query[k] {
			values[j] = describeValue(v)
		}
		fmt.Fprintf(b, "- %s: %s\n", safeLine(k, 80), strings.Join(values, ", "))
	}
	text := spaceRuns.ReplaceAllStringFunc(safeLine(query.Encode(), 0), func(run string) string {
		return fmt.Sprintf(" [%d spaces] ", len(run))
	})
	if utf8.RuneCountInString(text) <= maxShownBody {
		fmt.Fprintf(b, "Query as sent: ?%s\n", text)
		return
	}
	fmt.Fprintf(b, "Query as sent (first %d of %d characters; LEFT OUT: the rest): ?%s…\n", maxShownBody, utf8.RuneCountInString(text), truncateRunes(text, maxShownBody))
}

// writeBodySummary describes the body: its keys, the IDs in it, and the
// compact JSON itself up to maxShownBody characters.
func writeBodySummary(b *strings.Builder, body []byte) {
	var v any
	if json.Unmarshal(body, &v) != nil {
		fmt.Fprintf(b, "Body (%d bytes, not JSON): %s\n", len(body), safeLine(string(body), maxShownBody))
		return
	}
	if obj, ok := v.(map[string]any); ok {
		keys := orderedKeys(body)
		fmt.Fprintf(b, "Body: %d bytes, %d top-level key(s):\n", len(body), len(keys))
		for i, k := range keys {
			if i == maxShownKeys {
				fmt.Fprintf(b, "- … and %d more keys (left out here)\n", len(keys)-i)
				break
			}
			fmt.Fprintf(b, "- %s: %s\n", safeLine(k, 80), describeValue(obj[k]))
		}
	} else {
		fmt.Fprintf(b, "Body: %d bytes, %s\n", len(body), describeValue(v))
	}
	ids := collectIDs(v, "", nil)
	if len(ids) > 0 {
		shown := ids
		if len(shown) > maxShownIDs {
			shown = shown[:maxShownIDs]
		}
		fmt.Fprintf(b, "IDs it touches (%d): %s", len(ids), safeLine(strings.Join(shown, ", "), maxShownBody))
		if len(ids) > len(shown) {
			fmt.Fprintf(b, " … and %d more (left out here)", len(ids)-len(shown))
		}
		b.WriteString("\n")
	}
	var compact bytes.Buffer
	if json.Compact(&compact, body) != nil {
		compact.Reset()
		compact.Write(body)
	}
	// Runs of spaces are shown by count, so padding cannot push the rest
	// of the body out of what the person reads.
	text := spaceRuns.ReplaceAllStringFunc(safeLine(compact.String(), 0), func(run string) string {
		return fmt.Sprintf(" [%d spaces] ", len(run))
	})
	if utf8.RuneCountInString(text) <= maxShownBody {
		fmt.Fprintf(b, "Body as sent: %s\n", text)
		return
	}
	fmt.Fprintf(b, "Body as sent (first %d of %d characters; LEFT OUT: the rest): %s…\n", maxShownBody, utf8.RuneCountInString(text), truncateRunes(text, maxShownBody))
}

// describeValue names a value's type and size: "array of 300", "string of
// 40 characters", "object with 3 keys", or the value itself when short.
func describeValue(v any) string {
	switch x := v.(type) {
	case []any:
		return fmt.Sprintf("array of %d item(s)", len(x))
	case map[string]any:
		return fmt.Sprintf("object with %d key(s)", len(x))
	case string:
		if n := utf8.RuneCountInString(x); n > 60 {
			return fmt.Sprintf("text of %d characters", n)
		}
		return fmt.Sprintf("%q", safeLine(x, 60))
	case nil:
		return "null"
	default:
		return fmt.Sprint(x)
	}
}

// collectIDs gathers the string values of fields whose names say they hold
// IDs ("id", "contactId", "dataItemIds", "_id"), at any depth, in order.
func collectIDs(v any, key string, out []string) []string {
	isIDKey := key == "id" || key == "_id" || strings.HasSuffix(key, "Id") || strings.HasSuffix(key, "Ids") || strings.HasSuffix(key, "_id") || strings.HasSuffix(key, "_ids")
	switch x := v.(type) {
	case string:
		if isIDKey {
			out = append(out, x)
		}
	case []any:
		for _, e := range x {
			out = collectIDs(e, key, out)
		}
	case map[string]any:
		for _, k := range sortedKeys(x) {
			out = collectIDs(x[k], k, out)
		}
	}
	return out
}

// orderedKeys lists an object's top-level keys in the order they are sent.
func orderedKeys(body []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		k, _ := t.(string)
		keys = append(keys, k)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// safeLine reduces text that the model or Wix controls to one line a person
// or model can read without being misled: invisible and bidi characters
// removed, every other control, format or line-separating character
// replaced by a space, and at most limit characters (0: no limit), with
// "…" where it was cut.
func safeLine(s string, limit int) string {
	// Line and paragraph separators become spaces before Sanitize, which
	// would remove them and glue the words on either side together.
	s = strings.Map(func(r rune) rune {
		if r == '\u0085' || unicode.In(r, unicode.Zl, unicode.Zp) {
			return ' '
		}
		return r
	}, s)
	s = untrusted.Sanitize(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	if limit > 0 && utf8.RuneCountInString(s) > limit {
		return truncateRunes(s, limit) + "…"
	}
	return s
}

func truncateRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}
