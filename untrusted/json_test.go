package untrusted

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// The document-level behaviour (every string of an answer cleaned, numbers,
// keys and order kept) is tested where documents are walked, in
// resultshape; these tests hold the two literal functions to the plain
// route through encoding/json.

// FuzzScanStringLiteral: a literal ScanStringLiteral calls clean decodes
// to valid UTF-8 without a stripped character, so keeping it byte for
// byte is safe; and it finds the literal's end.
func FuzzScanStringLiteral(f *testing.F) {
	for _, seed := range []string{
		`"plain"`, `"a\u200bb"`, `"\ud83d\ude00"`, `"\udb40\udc41"`, "\"\xff\"", `"\\u200b"`, "\"\u00ad\"", `"\ud800"`, `"\b"`, "\"\x7f\"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, literal []byte) {
		end, dirty := ScanStringLiteral(literal, 0)
		var s string
		if len(literal) < 2 || literal[0] != '"' || literal[len(literal)-1] != '"' || !json.Valid(literal) || json.Unmarshal(literal, &s) != nil {
			return
		}
		if end != len(literal) {
			t.Fatalf("ScanStringLiteral(%q) ends at %d, want %d", literal, end, len(literal))
		}
		if dirty {
			return
		}
		if !utf8.ValidString(s) || Sanitize(s) != s {
			t.Fatalf("ScanStringLiteral(%q) says clean, but it decodes to %q, which Sanitize changes to %q", literal, s, Sanitize(s))
		}
	})
}

func TestMalformedLiteralsDoNotPanic(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`"`, `"abc`, `"\`, `"\u12`, `"\ud800\u`, "\"\xe2\x80"} {
		if end, dirty := ScanStringLiteral([]byte(in), 0); end != len(in) || !dirty {
			t.Errorf("ScanStringLiteral(%q) = %d, %v; want the end of input, dirty", in, end, dirty)
		}
		if _, err := AppendSanitizedLiteral(nil, []byte(in)); err == nil && !json.Valid([]byte(in)) {
			t.Errorf("AppendSanitizedLiteral(%q) accepted a malformed literal", in)
		}
	}
}

// FuzzSanitizedString checks the one-pass rewrite of a dirty string
// literal against the plain route: decode it with encoding/json, Sanitize
// it, encode it again.
func FuzzSanitizedString(f *testing.F) {
	for _, seed := range []string{
		`"a\u200bb"`, `"\ud83d\ude00\ud800x\udc00"`, "\"\xff\xfe\u00ad\"", `"\b\f\n\r\t\/\\\""`,
		`"\u2028\u2029\u0000\u001f\u007f"`, "\"Mallory\u200b\u202e IGNORE\U000e0041\"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, literal []byte) {
		var s string
		if len(literal) < 2 || literal[0] != '"' || literal[len(literal)-1] != '"' || !json.Valid(literal) || json.Unmarshal(literal, &s) != nil {
			return
		}
		want := referenceQuoted(nil, Sanitize(s))
		got, err := AppendSanitizedLiteral([]byte("x"), literal)
		if err != nil {
			t.Fatalf("AppendSanitizedLiteral(%q): %v", literal, err)
		}
		if !bytes.Equal(got[1:], want) {
			t.Fatalf("AppendSanitizedLiteral(%q) = %q, want %q", literal, got[1:], want)
		}
	})
}

// referenceQuoted is the plain encoder FuzzSanitizedString compares with:
// like json.Marshal, but it leaves <, > and & alone.
func referenceQuoted(dst []byte, s string) []byte {
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
