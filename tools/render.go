package tools

import (
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/resultshape"
	"github.com/wix-mcp/wix-mcp/untrusted"
)

// resultOverhead is what the lines around the data take (paging and
// truncation notes, the fence and its preamble), kept out of the data's
// share of the size cap so the whole result stays under it.
const resultOverhead = 900

// renderAnswer shapes a Wix answer for the model: projected to fields,
// shrunk to the size cap without ever cutting JSON, stripped of invisible
// characters, and fenced as untrusted data, with the next cursor or offset
// and any truncation stated first, where the model reads them.
func renderAnswer(body []byte, fields []string, maxChars int, what string) (*mcp.CallToolResult, error) {
	budget := maxChars - resultOverhead
	if budget < 500 {
		budget = 500
	}
	// Sanitizing first means the cap measures what the model gets.
	clean, err := untrusted.SanitizeJSON(body)
	if err != nil {
		// Not JSON: Wix sent text (or nothing). Cap it at a rune boundary.
		text := untrusted.Sanitize(string(body))
		if len(strings.TrimSpace(text)) == 0 {
			text = "(empty body)"
		}
		if r := []rune(text); len(r) > budget {
			text = string(r[:budget]) + fmt.Sprintf("… [cut: %d more characters of a non-JSON answer]", len(r)-budget)
		}
		return mcp.NewToolResultText(what + " (not JSON):\n" + untrusted.Wrap(text)), nil
	}
	shaped, err := resultshape.Shape(clean, resultshape.Options{Fields: fields, MaxChars: budget})
	if err != nil {
		return nil, fmt.Errorf("shaping a valid JSON answer: %w", err)
	}
	var b strings.Builder
	b.WriteString(what)
	b.WriteString(".\n")
	if n := shaped.Next; n != nil {
		switch {
		case n.Cursor != "":
			fmt.Fprintf(&b, "Next page: send the same request with cursorPaging.cursor = %q (cursor paging sends only cursor and limit).\n", n.Cursor)
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
	b.WriteString(untrusted.Wrap(string(shaped.JSON)))
	return mcp.NewToolResultText(b.String()), nil
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
