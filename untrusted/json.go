package untrusted

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// SanitizeJSON applies Sanitize to every string in a JSON document, object
// keys included, and returns the document compacted.
//
// It rewrites the bytes instead of decoding into Go values, so key order,
// duplicate keys and numbers (big integers, 1e400, -0.0, 1.10) come out
// exactly as they went in. Characters are found whether they are written
// raw or as escapes: "\u200b" and the surrogate pair "\udb40\udc41" are
// caught like the raw characters. A string that needs cleaning is decoded,
// sanitized and re-encoded; invalid UTF-8 and lone surrogate escapes become
// U+FFFD on the way, as encoding/json would decode them, so the output is
// always valid UTF-8 and valid JSON. Other strings are copied untouched.
//
// Input that is not a single valid JSON value is refused with an error
// wrapping the *json.SyntaxError.
func SanitizeJSON(raw []byte) ([]byte, error) {
	if !json.Valid(raw) {
		// Decode again only to get the positioned syntax error.
		var m json.RawMessage
		err := json.Unmarshal(raw, &m)
		if err == nil {
			err = errors.New("not a single JSON value")
		}
		return nil, fmt.Errorf("untrusted: sanitize JSON: %w", err)
	}
	out, err := sanitizeValid(raw)
	if err == nil && len(out) > 0 && len(raw) > 0 && &out[0] == &raw[0] {
		// Nothing changed; the caller still gets its own copy.
		out = bytes.Clone(out)
	}
	return out, err
}

// SanitizeValidJSON is SanitizeJSON for a document already known to be one
// valid JSON value (resultshape's output, say), so it is not validated a
// second time. Given invalid JSON its output is undefined, though it never
// panics.
//
// A document with nothing to change (no string to clean, no white space
// between tokens) is returned as is, the same slice, without allocating;
// callers must not modify the result.
func SanitizeValidJSON(raw []byte) ([]byte, error) {
	return sanitizeValid(raw)
}

// Which bytes the sanitizing scan stops at. In valid JSON a backslash and
// every byte from 0x7f up can only stand inside a string, and tab, line
// feed and carriage return only between tokens, so the scan needs no more
// state than whether it is inside a string: between tokens it stops at a
// quote or white space (dropped), inside a string at the closing quote or
// at a byte that may spell a stripped character (a backslash escape, DEL,
// any non-ASCII byte), and only then is that one string decoded and
// checked. Everything else, nearly all of a real answer, is passed over by
// a table lookup per byte and copied in long runs, or not at all when
// nothing changes.
var stopOutside, stopInside = func() (out, in [256]bool) {
	out['"'], out[' '], out['\t'], out['\n'], out['\r'] = true, true, true, true, true
	for c := range 256 {
		in[c] = c == '"' || c == '\\' || c < 0x20 || c >= 0x7f
	}
	return out, in
}()

// sanitizeValid rewrites a valid document: compacted, every string
// sanitized. It allocates only when something changes.
func sanitizeValid(raw []byte) ([]byte, error) {
	var out []byte // nil until the first change; then raw[:copied] is in it
	copied := 0
	n := len(raw)
	for i := 0; i < n; {
		for i < n && !stopOutside[raw[i]] {
			i++
		}
		if i == n {
			break
		}
		if raw[i] != '"' {
			// White space between tokens: dropped.
			out = appendRun(out, raw, copied, i)
			i++
			copied = i
			continue
		}
		start := i
		for i++; i < n && !stopInside[raw[i]]; i++ {
		}
		if i < n && raw[i] == '"' {
			i++
			continue
		}
		// An escape or a non-ASCII byte: look at the whole literal.
		end, dirty := scanString(raw, start)
		if dirty {
			out = appendRun(out, raw, copied, start)
			var err error
			if out, err = appendSanitizedString(out, raw[start:end]); err != nil {
				return nil, err
			}
			copied = end
		}
		i = end
	}
	if out == nil {
		return raw, nil
	}
	return append(out, raw[copied:]...), nil
}

// appendRun appends raw[from:to] to out, allocating out (sized for the
// whole document) on the first change.
func appendRun(out, raw []byte, from, to int) []byte {
	if out == nil {
		out = make([]byte, 0, len(raw))
	}
	return append(out, raw[from:to]...)
}

// scanString reads the string literal that starts at raw[start] (the
// opening quote) in a document json.Valid accepted. It returns the index
// just after the closing quote, and whether the literal must be rewritten:
// it holds a stripped character, raw or escaped, or invalid UTF-8.
func scanString(raw []byte, start int) (end int, dirty bool) {
	// The bounds checks only matter for invalid input, where
	// SanitizeValidJSON promises not to panic; an unterminated literal
	// ends with the document and counts as dirty.
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

// appendSanitizedString appends a JSON string literal from a valid
// document re-encoded without the characters Sanitize strips. It gives
// what decoding the literal with encoding/json, sanitizing it and encoding
// it with appendQuoted gives (FuzzSanitizedString checks that), in one pass
// and without allocating: escapes are decoded (a lone surrogate becomes
// U+FFFD, as encoding/json decodes it), invalid UTF-8 becomes U+FFFD, and
// a kept character is written raw unless JSON needs it escaped.
func appendSanitizedString(dst, literal []byte) ([]byte, error) {
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
