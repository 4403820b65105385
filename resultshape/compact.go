package resultshape

import (
	"encoding/binary"
	"math"
)

// encoding/json's Compact and Valid run a state machine call per byte, about
// 5 ms per megabyte; that alone would eat the time budget for a 2 MB answer.
// validJSON is a direct scanner for the same grammar, checked against
// encoding/json by FuzzCompact, and encoding/json still produces the error
// text when input is rejected.

// span is where a container of the compact answer starts (its opening
// bracket) and ends (just past its closing bracket).
type span struct{ start, end int32 }

// maxDepth matches encoding/json's nesting limit so that both accept the
// same inputs.
const maxDepth = 10000

// plainInString marks the bytes that need no check inside a string.
var plainInString = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// validJSON reports whether src is exactly one JSON value with optional
// surrounding whitespace, whether any whitespace outside strings was seen
// (so that the input needs compacting), and how deep containers nest.
//
// With spans non-nil it also records where every non-empty container
// starts and ends, in the order they open, so that the slab can step over
// a container without scanning it again; the offsets are src's, so they
// are only of use when src needed no compacting.
func validJSON(src []byte, spans *[]span) (ok, spaced bool, depth int) {
	n := len(src)
	var stack []byte   // open containers, '{' or '['
	var opened []int32 // for each open container, its index in *spans
	record := spans != nil && n <= math.MaxInt32
	i := 0
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
		if i = scanString(src, i); i < 0 {
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
				opened = append(opened, int32(len(*spans)))     //nolint:gosec // G115: fewer spans than bytes, and n fits in int32
				*spans = append(*spans, span{start: int32(at)}) //nolint:gosec // G115: n fits in int32
			}
			depth = max(depth, len(stack))
			if c == '{' && !key() {
				return false, spaced, depth
			}
			continue
		case '"':
			i = scanString(src, i)
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
				(*spans)[opened[len(opened)-1]].end = int32(i) //nolint:gosec // G115: n fits in int32
				opened = opened[:len(opened)-1]
			}
		}
	}
}

// scanString returns the index past the string at src[i] == '"', or -1.
func scanString(src []byte, i int) int {
	n := len(src)
	for i++; i < n; {
		// Most of an answer is string bytes: skip eight plain ones at a
		// time, then look at the first byte that may not be plain.
		for i+8 <= n && !mayEndString(binary.LittleEndian.Uint64(src[i:])) {
			i += 8
		}
		if i >= n {
			break
		}
		c := src[i]
		if plainInString[c] {
			i++
			continue
		}
		switch c {
		case '"':
			return i + 1
		case '\\':
			if i+1 >= n {
				return -1
			}
			switch src[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > n {
					return -1
				}
				for _, h := range src[i+2 : i+6] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return -1
					}
				}
				i += 6
			default:
				return -1
			}
		default: // a control character
			return -1
		}
	}
	return -1
}

// SWAR constants: a byte of ones, and the high bit of every byte.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// mayEndString reports whether any of the eight bytes in x (read from a
// string) is a quote, a backslash or a control character, the bytes
// plainInString does not pass. The tests are exact: hasZero(x ^ c*ones)
// finds a byte equal to c, and (x - 0x20*ones) &^ x & highs a byte below
// 0x20 (https://graphics.stanford.edu/~seander/bithacks.html#HasLessInWord).
func mayEndString(x uint64) bool {
	return hasZero(x^('"'*ones)) || hasZero(x^('\\'*ones)) || (x-0x20*ones)&^x&highs != 0
}

// hasZero reports whether any byte of x is zero.
func hasZero(x uint64) bool { return (x-ones)&^x&highs != 0 }

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
