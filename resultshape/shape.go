// Package resultshape makes Wix JSON answers small enough for a model's
// context: it keeps only requested fields, caps the size without ever
// cutting a JSON value in half, and says where the next page starts.
//
// Shape never re-encodes what it keeps: values are copied byte for byte from
// the compacted input, so member order, string escapes and number text
// (1e400, 12345678901234567890) come out exactly as Wix sent them. Like
// encoding/json.Valid, it does not check UTF-8 inside strings.
//
// The cap is applied in three steps: the largest arrays lose their tails
// (whole items only, largest array first); values that still do not fit are
// replaced by the string "[omitted: N chars]", largest first and paging
// metadata last; then the shortened arrays take back any room left.
package resultshape

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/wix-mcp/wix-mcp/untrusted"
)

// ErrNotJSON is wrapped by the error Shape returns for input that is not a
// single JSON value; the *json.SyntaxError is wrapped too.
var ErrNotJSON = errors.New("resultshape: answer is not JSON")

// MaxAnswerBytes is the largest answer Shape takes: offsets into it are
// kept as int32. The Wix client's body limit is far below it.
const MaxAnswerBytes = math.MaxInt32

// Options says what to keep.
type Options struct {
	// Fields are dotted paths to keep. A path through an array applies to
	// every element, nested arrays included ("contacts.id",
	// "contacts.info.name.first"). Empty keeps everything. Top-level paging
	// members (pagingMetadata, metadata, cursors, nextCursor, prevCursor,
	// cursorPaging, hasNext) are kept whatever is asked for.
	Fields []string
	// MaxChars caps the length of Result.JSON in bytes of UTF-8, which is
	// the character count for ASCII and an overestimate otherwise, so the
	// cap also holds when counted in characters. 0 or less means no cap; a
	// value between 1 and MinMaxChars is raised to MinMaxChars.
	MaxChars int
	// ShareInput lets Result.JSON be the input itself, not a copy, when
	// Shape keeps the compact answer whole; the caller must then leave the
	// input unchanged while it uses Result.JSON. By default Result.JSON is
	// always the caller's own.
	ShareInput bool
	// Sanitize passes every string of the answer, keys included, through
	// untrusted.Sanitize before anything is selected or measured, so the
	// cap holds for the cleaned text. Only strings holding an escape or a
	// non-ASCII byte are looked at (validation notes them on its way), and
	// only those that need it are rewritten; the rest is kept byte for
	// byte.
	Sanitize bool
}

// Result is the shaped answer.
type Result struct {
	// JSON is compact, valid JSON no longer than the cap.
	JSON []byte
	// Unmatched lists the requested paths that matched nothing. A path
	// through an empty array counts as matched: there is nothing to check
	// it against.
	Unmatched []string
	// Truncation is nil when nothing was cut.
	Truncation *Truncation
	// Next is nil when the answer carries no paging information.
	Next *Next
}

// Truncation describes what the cap removed.
type Truncation struct {
	// Path is the dotted path of the array that lost its tail ("contacts";
	// "" for a top-level array), or "" when no array was shortened.
	Path string
	// Shown and Total count the items of that array kept and received.
	Shown, Total int
	// Omitted lists the dotted paths of values that alone did not fit and
	// were replaced by a "[omitted: N chars]" string ("" is the whole
	// answer).
	Omitted []string
	// Note tells the model, in a sentence or two, what it sees and how to
	// get the rest.
	Note string
}

// Next says where the following page starts.
type Next struct {
	// Cursor is the next-page cursor Wix returned, if any.
	Cursor string
	// Offset is the paging.offset that continues right after the last item
	// shown, for offset-paged answers with more items ahead.
	Offset *int
	// HasNext reports that more items exist, by Wix's metadata or because
	// the cap cut this page.
	HasNext bool
	// Total is the number of matching items Wix counted, when it could.
	Total *int
}

// Shape selects, caps and annotates one JSON answer. It fails only when raw
// is not JSON.
func Shape(raw []byte, opts Options) (Result, error) {
	if len(raw) > MaxAnswerBytes {
		return Result{}, fmt.Errorf("resultshape: the answer is over %d bytes", MaxAnswerBytes)
	}
	compact, idx, err := compactOf(raw)
	if err != nil {
		return Result{}, err
	}
	if opts.Sanitize {
		compact = sanitizeStrings(compact, &idx)
	}
	s := newSlab(len(compact))
	s.spans = idx.spans
	root := s.spanAt(compact, 0)
	pg := readPaging(s, root)

	var res Result
	if trie, ok := buildTrie(opts.Fields); ok {
		p := &projector{slab: s, matched: make([]bool, len(opts.Fields))}
		root = p.root(root, trie)
		for i, f := range opts.Fields {
			if strings.TrimSpace(f) != "" && !p.matched[i] {
				res.Unmatched = append(res.Unmatched, f)
			}
		}
	}

	c := &capper{slab: s, root: root, max: max(opts.MaxChars, MinMaxChars)}
	if opts.MaxChars > 0 {
		c.run()
	}
	switch {
	case root.raw != nil && opts.ShareInput:
		res.JSON = root.raw
	case root.raw != nil:
		res.JSON = bytes.Clone(root.raw) // never hand out the caller's buffer
	default:
		res.JSON = root.appendTo(make([]byte, 0, root.size))
	}

	// Paging advice is about the page's items: an array right under a root
	// object.
	shown := -1
	if len(c.shrunk) > 0 && c.shrunk[0].n.parent == root && root.kind == '{' {
		shown = len(c.shrunk[0].n.kids)
	}
	res.Next = pg.next(shown)
	if omitted := c.omitted(); len(c.shrunk) > 0 || len(omitted) > 0 {
		res.Truncation = c.truncation(res.Next, shown >= 0, omitted)
	}
	return res, nil
}

// compactOf returns raw without insignificant whitespace, or an error
// wrapping ErrNotJSON and encoding/json's *json.SyntaxError. It also
// returns the index of the compact document, made in the same pass that
// validates it: its containers' spans, so that the shaper never scans a
// container it steps over (nor, however deep an answer nests, one level
// after another), and the strings the sanitizer must look at.
func compactOf(raw []byte) ([]byte, index, error) {
	// About one container per 64 bytes in Wix answers.
	idx := index{spans: make([]span, 0, len(raw)/64+8)}
	ok, spaced, _ := validJSON(raw, &idx)
	if ok && !spaced {
		return raw, idx, nil
	}
	if ok {
		// Rare (Wix sends compact JSON): the offsets moved, so index the
		// compacted copy again.
		compact := stripSpace(raw)
		idx = index{spans: idx.spans[:0], suspects: idx.suspects[:0]}
		validJSON(compact, &idx)
		return compact, idx, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, index{}, fmt.Errorf("%w: %w", ErrNotJSON, err)
	}
	// Unreachable while validJSON agrees with encoding/json (FuzzCompact
	// checks that); if they ever differ, the standard library decides, and
	// the compacted copy is indexed anew.
	compact := buf.Bytes()
	idx = index{}
	validJSON(compact, &idx)
	return compact, idx, nil
}

// truncation fills in the report of what was cut and the note for the model.
// itemsCut is true when the cut array is the page's top-level item list, so
// that the paging advice applies to it.
func (c *capper) truncation(nx *Next, itemsCut bool, omitted []string) *Truncation {
	t := &Truncation{Omitted: omitted}
	var note strings.Builder
	fmt.Fprintf(&note, "Output capped at %d chars.", c.max)
	if len(c.shrunk) > 0 {
		a := c.shrunk[0]
		t.Path, t.Shown, t.Total = a.n.path(), len(a.n.kids), len(a.all)
		fmt.Fprintf(&note, " Showing %d of %d items in %s.", t.Shown, t.Total, describeArray(t.Path))
		for i, o := range c.shrunk[1:] {
			if i == 3 {
				fmt.Fprintf(&note, " Also cut: %d more arrays.", len(c.shrunk)-4)
				break
			}
			fmt.Fprintf(&note, " Also cut: %s (%d of %d).", describeArray(o.n.path()), len(o.n.kids), len(o.all))
		}
		smaller := ""
		if t.Shown > 0 {
			smaller = " (e.g. " + strconv.Itoa(t.Shown) + ")"
		}
		switch {
		case t.Shown == 0 && t.Total > 0:
			note.WriteString(c.fieldAdvice(a))
		case itemsCut && nx != nil && nx.Offset != nil:
			fmt.Fprintf(&note, " To see the rest, repeat the request with paging offset %d and a limit of about %d, or select fewer fields.", *nx.Offset, max(t.Shown, 1))
		case itemsCut && nx != nil && nx.Cursor != "":
			fmt.Fprintf(&note, " The next cursor would skip the %d items not shown; instead repeat the request with fewer fields or a smaller limit%s.", t.Total-t.Shown, smaller)
		default:
			fmt.Fprintf(&note, " To see the rest, select fewer fields or use a smaller limit%s.", smaller)
		}
	}
	if len(omitted) > 0 {
		shown := omitted
		if len(shown) > 5 {
			shown = shown[:5]
		}
		names := make([]string, len(shown))
		for i, o := range shown {
			names[i] = describe(o)
		}
		more := ""
		if len(omitted) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(omitted)-len(shown))
		}
		fmt.Fprintf(&note, ` Too large to show, replaced by "[omitted: N chars]": %s%s; select narrower fields to see them.`, strings.Join(names, ", "), more)
	}
	t.Note = note.String()
	return t
}

func describe(path string) string {
	if path == "" {
		return "the whole answer"
	}
	return strconv.Quote(untrusted.Line(path))
}

func describeArray(path string) string {
	if path == "" {
		return "the top-level array"
	}
	// Keys are the answer's, so anyone's: one safe, short line.
	return strconv.Quote(untrusted.Line(path))
}
