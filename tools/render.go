package tools

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/resultshape"
	"github.com/wix-mcp/wix-mcp/untrusted"
)

// resultOverhead is a first guess at what the lines around the data take
// (the fence and its preamble, paging and truncation notes); renderAnswer
// then measures the real result and shrinks the data until all of it fits.
const resultOverhead = 600

// minDataBudget is the least room the data gets: below it the shaper
// cannot even write a placeholder for the whole answer.
const minDataBudget = resultshape.MinMaxChars

// renderAnswer shapes a Wix answer for the model: projected to fields,
// shrunk to the size cap without ever cutting JSON, stripped of invisible
// characters, and fenced as untrusted data, with the next cursor or offset
// and any truncation stated first, where the model reads them. The whole
// result, notes and fence included, stays within maxChars.
func renderAnswer(body []byte, fields []string, maxChars int, what string) (*mcp.CallToolResult, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		// Wix answers some deletes with an empty body.
		return mcp.NewToolResultText(what + " with an empty body."), nil
	}
	// The answer is parsed, validated and sanitized once, by Shape, and
	// the whole text is measured after that, so the cap holds for what the
	// model gets.
	budget := max(maxChars-resultOverhead, minDataBudget)
	for {
		shaped, err := resultshape.Shape(body, resultshape.Options{Fields: fields, MaxChars: budget, ShareInput: true, Sanitize: true})
		if errors.Is(err, resultshape.ErrNotJSON) {
			return notJSON(body, maxChars, what), nil
		}
		if err != nil {
			return nil, fmt.Errorf("shaping a JSON answer: %w", err)
		}
		// One copy of the data, into the result's text.
		var b strings.Builder
		b.WriteString(answerNotes(shaped, what, maxChars))
		untrusted.NewFence().WriteSanitized(&b, shaped.JSON)
		text := b.String()
		over := len(text) - maxChars
		if over <= 0 || budget == minDataBudget {
			return mcp.NewToolResultText(text), nil
		}
		budget = max(budget-over-16, minDataBudget)
	}
}

// answerNotes are the lines before the data: what Wix answered, where the
// next page starts, what was cut and which fields matched nothing.
func answerNotes(shaped resultshape.Result, what string, maxChars int) string {
	var b strings.Builder
	b.WriteString(what)
	b.WriteString(".\n")
	if n := shaped.Next; n != nil {
		switch {
		case n.Cursor != "" && (len(n.Cursor) > maxChars/4 || !tokenShaped(n.Cursor)):
			// A cursor this long would crowd out the data, and one that is
			// not an opaque token may carry text meant for the model: it
			// stays inside the fence, in the answer's paging metadata.
			fmt.Fprintf(&b, "Next page: Wix returned a %d-character cursor (in the paging metadata's cursors.next); send the same request with cursorPaging.cursor set to it.\n", len(n.Cursor))
		case n.Cursor != "":
			// Wix's text outside the fence: %q escapes every control and
			// invisible character, so the cursor cannot forge a line.
			fmt.Fprintf(&b, "Next page: send the same request with cursorPaging.cursor = %q (cursor paging sends only cursor and limit).\n", untrusted.Sanitize(n.Cursor))
		case n.Offset != nil:
			fmt.Fprintf(&b, "Next page: send the same request with paging.offset = %d", *n.Offset)
			if n.Total != nil {
				fmt.Fprintf(&b, " (total %d)", *n.Total)
			}
			b.WriteString(".\n")
		}
	}
	if t := shaped.Truncation; t != nil {
		b.WriteString(t.Note)
		b.WriteString("\n")
	}
	if len(shaped.Unmatched) > 0 {
		fmt.Fprintf(&b, "These fields matched nothing in the answer: %s.\n", strings.Join(shaped.Unmatched, ", "))
	}
	return b.String()
}

// notJSON reports a success status whose body is not JSON. Wix always
// answers JSON, so this is a proxy, a captive portal or an outage page:
// an error for the model, with the start of the body for the person.
func notJSON(body []byte, maxChars int, what string) *mcp.CallToolResult {
	excerpt := strings.ToValidUTF8(untrusted.Sanitize(string(body)), "\uFFFD")
	limit := min(300, maxChars/4)
	if r := []rune(excerpt); len(r) > limit {
		excerpt = string(r[:limit]) + "…"
	}
	return mcp.NewToolResultError(fmt.Sprintf("%s, but the body is not JSON (%d bytes), so it is not an answer from the Wix API: probably a proxy, a network filter or an outage page. Try again later; if it persists, check WIX_API_BASE_URL and the network. Start of the body:\n%s",
		what, len(body), untrusted.Wrap(excerpt)))
}

// renderOwnJSON renders JSON the server itself produced (not Wix data, so
// no fence) under the size cap.
func renderOwnJSON(raw []byte, maxChars int) (*mcp.CallToolResult, error) {
	shaped, err := resultshape.Shape(raw, resultshape.Options{MaxChars: maxChars - resultOverhead})
	if err != nil {
		return nil, fmt.Errorf("shaping the server's own JSON: %w", err)
	}
	text := string(shaped.JSON)
	if shaped.Truncation != nil {
		text = shaped.Truncation.Note + "\n" + text
	}
	return mcp.NewToolResultText(text), nil
}

// tokenShaped reports whether a Wix cursor is an opaque token (base64 and
// URL-safe characters only), the only form in which it is quoted outside
// the fence: it is Wix's text, and it must be passed back unchanged, so it
// cannot be reduced like other Wix text.
func tokenShaped(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte("-_=+/.:~%", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}
