package untrusted

import (
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
	return sanitizeValid(raw)
}

// SanitizeValidJSON is SanitizeJSON for a document already known to be one
// valid JSON value (resultshape's output, say), so it is not validated a
// second time. Given invalid JSON its output is undefined, though it never
// panics.
//
// A document of plain ASCII with no escapes has nothing to remove, and is
// returned as is (the same slice) when it is already compact; callers must
// not modify the result.
func SanitizeValidJSON(raw []byte) ([]byte, error) {
	if plainCompact(raw) {
		return raw, nil
	}
	return sanitizeValid(raw)
}

// sanitizeValid rewrites a valid document: compacted, every string
// sanitized.
func sanitizeValid(raw []byte) ([]byte, error) {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		switch raw[i] {
		case ' ', '\t', '\n', '\r':
			i++
		case '"':
			end, dirty := scanString(raw, i)
			if dirty {
				var err error
				if out, err = appendSanitizedString(out, raw[i:end]); err != nil {
					return nil, err
				}
			} else {
				out = append(out, raw[i:end]...)
			}
			i = end
		default:
			// Punctuation, numbers, true, false, null: copy the whole run up
			// to the next string or whitespace in one go.
			j := i + 1
			for j < len(raw) && !isSpaceOrQuote(raw[j]) {
				j++
			}
			out = append(out, raw[i:j]...)
			i = j
		}
	}
	return out, nil
}

// plainCompact reports whether raw has no byte that sanitizing could
// change: no escape (which could spell a stripped character), no DEL or
// other byte from 0x7f up, and no tab or line break (white space that
// SanitizeJSON would drop; raw controls cannot stand in valid JSON
// strings). A space may be inside a string; between tokens it is left as
// it is, since the documents given here are compact. One tight loop, about
// four times the speed of the rewriting scan.
func plainCompact(raw []byte) bool {
	for _, c := range raw {
		if c >= 0x7f || c == '\\' || c < ' ' {
			return false
		}
	}
	return true
}

func isSpaceOrQuote(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"'
}

// scanString reads the string literal that starts at raw[start] (the
// opening quote) in a document json.Valid accepted. It returns the index
// just after the closing quote, and whether the literal must be rewritten:
// it holds a stripped character, raw or escaped, or invalid UTF-8.
func scanString(raw []byte, start int) (end int, dirty bool) {
	i := start + 1
	for {
		c := raw[i]
		switch {
		case c == '"':
			return i + 1, dirty
		case c == '\\':
			if raw[i+1] != 'u' {
				// \b and \f are controls Sanitize removes; \n, \r, \t
				// are kept.
				if raw[i+1] == 'b' || raw[i+1] == 'f' {
					dirty = true
				}
				i += 2
				continue
			}
			r := rune(hex4(raw[i+2 : i+6])) //nolint:gosec // G115: four hex digits, 0..0xFFFF
			i += 6
			if isHighSurrogate(r) && i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
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

// appendSanitizedString decodes a JSON string literal, sanitizes it and
// appends it re-encoded.
func appendSanitizedString(dst, literal []byte) ([]byte, error) {
	var s string
	if err := json.Unmarshal(literal, &s); err != nil {
		return nil, fmt.Errorf("untrusted: sanitize JSON string: %w", err)
	}
	return appendQuoted(dst, Sanitize(s)), nil
}

// appendQuoted encodes s as a JSON string. Unlike json.Marshal it leaves
// <, > and & alone, so a rewritten string differs from the original only
// where characters were removed. U+2028 and U+2029 are escaped, as
// json.Marshal does, for consumers that embed JSON in JavaScript.
func appendQuoted(dst []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == 0x2028 || r == 0x2029:
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
