package untrusted

import (
	"fmt"
	"unicode/utf8"
)

// Sanitizing JSON text: what a document's string literals need is decided
// and done one literal at a time, by the code that walks the document
// (resultshape, which validates and shapes Wix answers in the same pass).
//
// Literals are rewritten byte-wise instead of decoding the document into
// Go values, so key order, duplicate keys and numbers (big integers,
// 1e400, -0.0, 1.10) stay exactly as they were. Characters are found
// whether they are written raw or as escapes: "\u200b" and the surrogate
// pair "\udb40\udc41" are caught like the raw characters. Invalid UTF-8
// and lone surrogate escapes in a rewritten literal become U+FFFD, as
// encoding/json would decode them, so the output is always valid UTF-8 and
// valid JSON.

// ScanStringLiteral reads the JSON string literal that starts at
// raw[start] (its opening quote) and returns the index just past its
// closing quote, and whether Sanitize would change it: it holds a stripped
// character, raw or escaped, or invalid UTF-8. Such a literal is rewritten
// with AppendSanitizedLiteral; any other is kept byte for byte. Given a
// malformed literal it never panics: one that runs off the end of raw ends
// there and counts as dirty.
func ScanStringLiteral(raw []byte, start int) (end int, dirty bool) {
	// The bounds checks only matter for a malformed literal, which must
	// not panic; an unterminated one ends with the document and counts
	// as dirty.
	n := len(raw)
	i := start + 1
	for i < n {
		c := raw[i]
		switch {
		case c == '"':
			return i + 1, dirty
		case c == '\\':
			if i+1 >= n {
				return n, true
			}
			if raw[i+1] != 'u' {
				// \b and \f are controls Sanitize removes; \n, \r, \t
				// are kept.
				if raw[i+1] == 'b' || raw[i+1] == 'f' {
					dirty = true
				}
				i += 2
				continue
			}
			if i+6 > n {
				return n, true
			}
			r := rune(hex4(raw[i+2 : i+6])) //nolint:gosec // G115: four hex digits, 0..0xFFFF
			i += 6
			if isHighSurrogate(r) && i+6 <= n && raw[i] == '\\' && raw[i+1] == 'u' {
				// Combine a surrogate pair the way encoding/json does; a
				// high surrogate without a low one decodes to U+FFFD.
				if lo := rune(hex4(raw[i+2 : i+6])); lo >= 0xDC00 && lo <= 0xDFFF { //nolint:gosec // G115: four hex digits, 0..0xFFFF
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
					i += 6
				}
			}
			if Stripped(r) {
				dirty = true
			}
		case c < utf8.RuneSelf:
			// JSON allows a raw DEL inside a string.
			if c == 0x7F {
				dirty = true
			}
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if (r == utf8.RuneError && size == 1) || Stripped(r) {
				dirty = true
			}
			i += size
		}
	}
	return n, true
}

func isHighSurrogate(r rune) bool { return r >= 0xD800 && r <= 0xDBFF }

// hex4 decodes four hex digits that json.Valid has already checked.
func hex4(b []byte) int {
	n := 0
	for _, c := range b[:4] {
		n <<= 4
		switch {
		case c >= '0' && c <= '9':
			n |= int(c - '0')
		case c >= 'a' && c <= 'f':
			n |= int(c-'a') + 10
		default:
			n |= int(c-'A') + 10
		}
	}
	return n
}

// AppendSanitizedLiteral appends a valid JSON string literal re-encoded
// without the characters Sanitize strips. It gives what decoding the
// literal with encoding/json, sanitizing it and encoding it again gives
// (FuzzSanitizedString checks that), in one pass and without allocating:
// escapes are decoded (a lone surrogate becomes U+FFFD, as encoding/json
// decodes it), invalid UTF-8 becomes U+FFFD, and a kept character is
// written raw unless JSON needs it escaped. A malformed literal is an
// error.
func AppendSanitizedLiteral(dst, literal []byte) ([]byte, error) {
	n := len(literal)
	if n < 2 || literal[0] != '"' || literal[n-1] != '"' {
		return nil, fmt.Errorf("untrusted: sanitize JSON string: not a string literal")
	}
	s := literal[1 : n-1]
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 >= len(s) {
				return nil, fmt.Errorf("untrusted: sanitize JSON string: unterminated escape")
			}
			e := s[i+1]
			i += 2
			switch e {
			case '"', '\\':
				dst = append(dst, '\\', e)
			case '/':
				dst = append(dst, '/')
			case 'n', 'r', 't':
				dst = append(dst, '\\', e)
			case 'b', 'f':
				// Controls: stripped.
			case 'u':
				if i+4 > len(s) {
					return nil, fmt.Errorf("untrusted: sanitize JSON string: short \\u escape")
				}
				r := rune(hex4(s[i : i+4])) //nolint:gosec // G115: four hex digits, 0..0xFFFF
				i += 4
				if r >= 0xD800 && r <= 0xDFFF {
					// A surrogate pair, or U+FFFD for a lone surrogate as
					// encoding/json decodes it.
					lo := rune(-1)
					if r <= 0xDBFF && i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						lo = rune(hex4(s[i+2 : i+6])) //nolint:gosec // G115: four hex digits, 0..0xFFFF
					}
					if lo >= 0xDC00 && lo <= 0xDFFF {
						r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				dst = appendKeptRune(dst, r)
			default:
				return nil, fmt.Errorf("untrusted: sanitize JSON string: invalid escape")
			}
		case c < utf8.RuneSelf:
			if c >= 0x20 && c != 0x7F {
				dst = append(dst, c)
			}
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				dst = utf8.AppendRune(dst, utf8.RuneError)
			case !Stripped(r):
				dst = append(dst, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(dst, '"'), nil
}

// appendKeptRune appends a decoded character unless Sanitize strips it,
// escaped where JSON requires it (the kept controls are tab, line feed and
// carriage return).
func appendKeptRune(dst []byte, r rune) []byte {
	switch {
	case Stripped(r):
		return dst
	case r == '"' || r == '\\':
		return append(dst, '\\', byte(r))
	case r == '\n':
		return append(dst, '\\', 'n')
	case r == '\r':
		return append(dst, '\\', 'r')
	case r == '\t':
		return append(dst, '\\', 't')
	}
	return utf8.AppendRune(dst, r)
}
