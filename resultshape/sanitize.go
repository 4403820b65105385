package resultshape

import (
	"slices"

	"github.com/wix-mcp/wix-mcp/untrusted"
)

// edit is one string literal sanitizeStrings rewrote: where it started in
// the old document and how many bytes it gained (negative: lost).
type edit struct{ at, delta int32 }

// sanitizeStrings rewrites the string literals of a compact, valid
// document that untrusted says need it, and moves the recorded container
// spans by what each rewrite gained or lost, so the index stays true of
// the new document. Only the strings validJSON noted as suspect are
// looked at: a string of plain ASCII without escapes cannot spell a
// stripped character. The document comes back unchanged (the same slice)
// when nothing needed rewriting.
func sanitizeStrings(doc []byte, idx *index) []byte {
	var out []byte
	var edits []edit
	copied := 0
	for _, at := range idx.suspects {
		start := int(at)
		end, dirty := untrusted.ScanStringLiteral(doc, start)
		if !dirty {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(doc))
		}
		out = append(out, doc[copied:start]...)
		before := len(out)
		rewritten, err := untrusted.AppendSanitizedLiteral(out, doc[start:end])
		if err != nil {
			// Unreachable for a literal validJSON accepted; dropping the
			// string's text keeps the document valid and nothing unsafe.
			rewritten = append(out, '"', '"')
		}
		out = rewritten
		edits = append(edits, edit{at: at, delta: int32(len(out)-before) - int32(end-start)}) //nolint:gosec // G115: Shape refuses answers over MaxAnswerBytes
		copied = end
	}
	if out == nil {
		return doc
	}
	out = append(out, doc[copied:]...)
	shiftSpans(idx.spans, edits)
	return out
}

// shiftSpans moves each span by the total delta of the edits before it. A
// string literal lies wholly inside or outside any container, so an
// offset moves by exactly the edits that start before it.
func shiftSpans(spans []span, edits []edit) {
	// moved[k] is the total delta of edits[:k].
	moved := make([]int32, len(edits)+1)
	for k, e := range edits {
		moved[k+1] = moved[k] + e.delta
	}
	shift := func(off int32) int32 {
		k, _ := slices.BinarySearchFunc(edits, off, func(e edit, off int32) int {
			switch {
			case e.at < off:
				return -1
			case e.at > off:
				return 1
			}
			return 0
		})
		return off + moved[k]
	}
	for i := range spans {
		spans[i].start, spans[i].end = shift(spans[i].start), shift(spans[i].end)
	}
}
