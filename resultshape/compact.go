package resultshape

// encoding/json's Compact and Valid run a state machine call per byte, about
// 5 ms per megabyte; that alone would eat the time budget for a 2 MB answer.
// validJSON is a direct scanner for the same grammar, checked against
// encoding/json by FuzzCompact, and encoding/json still produces the error
// text when input is rejected.

// span is where a container of the compact answer starts (its opening
// bracket) and ends (just past its closing bracket).
type span struct{ start, end int32 }

// index is what validJSON records on its way through an answer, so that
// no later step has to scan it again.
type index struct {
	// spans are the non-empty containers, in the order they open (so
	// sorted by start).
	spans []span
	// suspects are the offsets of the string literals, keys included,
	// that hold a backslash escape or a byte from 0x7f up: the only ones
	// that can spell a character Sanitize strips, so the only ones the
	// sanitizer looks at.
	suspects []int32
}

// maxDepth matches encoding/json's nesting limit so that both accept the
// same inputs.
const maxDepth = 10000

// plainInString marks the bytes that need no check inside a string;
// plainASCII is the same for a string not yet known to be suspect (see
// index.suspects), where DEL and non-ASCII bytes are noted.
var plainInString, plainASCII = func() (anyByte, ascii [256]bool) {
	for c := 0x20; c < 256; c++ {
		anyByte[c] = c != '"' && c != '\\'
		ascii[c] = anyByte[c] && c < 0x7f
	}
	return anyByte, ascii
}()

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// validJSON reports whether src is exactly one JSON value with optional
// surrounding whitespace, whether any whitespace outside strings was seen
// (so that the input needs compacting), and how deep containers nest.
//
// With idx non-nil it also fills it in: where every non-empty container
// starts and ends, so that the slab can step over a container without
// scanning it again, and which strings the sanitizer must look at. The
// offsets are src's, so they are only of use when src needed no
// compacting.
func validJSON(src []byte, idx *index) (ok, spaced bool, depth int) {
	n := len(src)
	var stack []byte   // open containers, '{' or '['
	var opened []int32 // for each open container, its index in idx.spans
	record := idx != nil
	i := 0
	str := func() {
		at := i
		var suspect bool
		if i, suspect = scanString(src, i); suspect && record && i >= 0 {
			idx.suspects = append(idx.suspects, int32(at)) //nolint:gosec // G115: Shape refuses answers over MaxAnswerBytes
		}
	}
	skip := func() {
		for i < n && isSpace(src[i]) {
			i++
			spaced = true
		}
	}
	// key scans `"name"` and the colon after it.
	key := func() bool {
		skip()
		if i >= n || src[i] != '"' {
			return false
		}
		if str(); i < 0 {
			return false
		}
		skip()
		if i >= n || src[i] != ':' {
			return false
		}
		i++
		return true
	}
	for {
		// A value starts here.
		skip()
		if i >= n {
			return false, spaced, depth
		}
		switch c := src[i]; c {
		case '{', '[':
			if len(stack) >= maxDepth {
				return false, spaced, depth
			}
			at := i
			i++
			skip()
			if i < n && (src[i] == '}' && c == '{' || src[i] == ']' && c == '[') {
				i++
				break
			}
			stack = append(stack, c)
			if record {
				opened = append(opened, int32(len(idx.spans)))        //nolint:gosec // G115: fewer spans than bytes, and Shape refuses answers over MaxAnswerBytes
				idx.spans = append(idx.spans, span{start: int32(at)}) //nolint:gosec // G115: Shape refuses answers over MaxAnswerBytes
			}
			depth = max(depth, len(stack))
			if c == '{' && !key() {
				return false, spaced, depth
			}
			continue
		case '"':
			str()
		case 't':
			i = scanLiteral(src, i, "true")
		case 'f':
			i = scanLiteral(src, i, "false")
		case 'n':
			i = scanLiteral(src, i, "null")
		default:
			i = scanNumber(src, i)
		}
		if i < 0 {
			return false, spaced, depth
		}
		// A value ended: close containers until one continues.
		for {
			skip()
			if len(stack) == 0 {
				return i == n, spaced, depth
			}
			if i >= n {
				return false, spaced, depth
			}
			top := stack[len(stack)-1]
			c := src[i]
			i++
			if c == ',' {
				if top == '{' && !key() {
					return false, spaced, depth
				}
				break
			}
			if top == '{' && c != '}' || top == '[' && c != ']' {
				return false, spaced, depth
			}
			stack = stack[:len(stack)-1]
			if record {
				idx.spans[opened[len(opened)-1]].end = int32(i) //nolint:gosec // G115: Shape refuses answers over MaxAnswerBytes
				opened = opened[:len(opened)-1]
			}
		}
	}
}

// scanString returns the index past the string at src[i] == '"', or -1,
// and whether the string is suspect: it holds a backslash escape or a byte
// from 0x7f up (DEL, or any part of a non-ASCII character).
func scanString(src []byte, i int) (int, bool) {
	n := len(src)
	suspect := false
	plain := &plainASCII
	for i++; i < n; {
		// Most of an answer is string bytes: skip eight plain ones at a
		// time, then look at the first byte that may not be plain.
		c := src[i]
		if plain[c] {
			i++
			continue
		}
		switch c {
		case '"':
			return i + 1, suspect
		case '\\':
			suspect, plain = true, &plainInString
			if i+1 >= n {
				return -1, suspect
			}
			switch src[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > n {
					return -1, suspect
				}
				for _, h := range src[i+2 : i+6] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return -1, suspect
					}
				}
				i += 6
			default:
				return -1, suspect
			}
		default:
			if c < 0x20 { // a control character
				return -1, suspect
			}
			// DEL or a non-ASCII byte: the string is suspect, and the
			// rest of it needs no more noting.
			suspect, plain = true, &plainInString
			i++
		}
	}
	return -1, suspect
}

func scanLiteral(src []byte, i int, lit string) int {
	if len(src)-i < len(lit) || string(src[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// scanNumber follows RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(src []byte, i int) int {
	n := len(src)
	digits := func() bool {
		start := i
		for i < n && '0' <= src[i] && src[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < n && src[i] == '-' {
		i++
	}
	switch {
	case i < n && src[i] == '0':
		i++
	case !digits():
		return -1
	}
	if i < n && src[i] == '.' {
		i++
		if !digits() {
			return -1
		}
	}
	if i < n && (src[i] == 'e' || src[i] == 'E') {
		i++
		if i < n && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if !digits() {
			return -1
		}
	}
	return i
}

// stripSpace copies valid JSON without the whitespace outside strings.
func stripSpace(src []byte) []byte {
	dst := make([]byte, 0, len(src))
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '"':
			end := skipString(src, i)
			dst = append(dst, src[i:end]...)
			i = end
		case isSpace(c):
			i++
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst
}
