package untrusted

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitizeJSON(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"escaped zwsp in a value", `{"name":"a\u200bb"}`, `{"name":"ab"}`},
		{"upper-case escape", `{"name":"a\u200Bb"}`, `{"name":"ab"}`},
		{"raw zwsp in a value", "{\"name\":\"a\u200bb\"}", `{"name":"ab"}`},
		{"escaped key", `{"na\u200bme":1}`, `{"name":1}`},
		{"raw bom key", "{\"\uFEFFid\":\"x\"}", `{"id":"x"}`},
		{"escaped soft hyphen", `["ig\u00adnore"]`, `["ignore"]`},
		{"escaped bidi override", `"\u202egpj.exe"`, `"gpj.exe"`},
		{"tag as surrogate pair", `"x\udb40\udc41y"`, `"xy"`},
		{"upper-case surrogate pair, last tag", `"x\uDB40\uDC7Fy"`, `"xy"`},
		{"first tag U+E0000", `"\udb40\udc00"`, `""`},
		{"reserved default-ignorable pair past the tags is removed", `"\udb40\udc80"`, `""`},
		{"pair past the default-ignorable block is kept", `"\udb44\udc00"`, `"\udb44\udc00"`},
		{"escaped ESC sequence", `"bad \u001b[2Jfield"`, `"bad [2Jfield"`},
		{"escaped C1 CSI in upper-case hex", `"a\u009B31m"`, `"a31m"`},
		{"escaped variation selector pair", `"\u845b\uDB40\uDD00"`, "\"\u845b\""},
		{"raw hangul filler", "\"\u3164\"", `""`},
		{"emoji pair is kept", `"\ud83d\ude00"`, `"\ud83d\ude00"`},
		{"lone surrogate copied in a clean string", `"\ud800"`, `"\ud800"`},
		{"lone surrogate before a stripped escape", `"\udb40\u200b"`, "\"\uFFFD\""},
		{"escaped backslash is not an escape", `"\\u200b"`, `"\\u200b"`},
		{"backslash then zwsp", `"\\\u200b"`, `"\\"`},
		{"other escapes kept in clean strings", `"a\n\"\\\/\t"`, `"a\n\"\\\/\t"`},
		{"dirty string re-encoded minimally", `"\/<&>\u200b\"\\"`, `"/<&>\"\\"`},
		{"control characters stay escaped", `"\u0001\u200b\t\b\f\n\r"`, `"\t\n\r"`},
		{"line separators are removed", `"a\u2028b\u2029c"`, `"abc"`},
		{"invalid utf-8 becomes U+FFFD", "\"a\xffb\"", "\"a\uFFFDb\""},
		{"numbers are copied exactly", `{"big":12345678901234567890123,"f":1.10,"z":-0.0,"e":1E400,"s":"\u200b"}`,
			`{"big":12345678901234567890123,"f":1.10,"z":-0.0,"e":1E400,"s":""}`},
		{"key order kept", `{"z":1,"a":"\u200b","m":2}`, `{"z":1,"a":"","m":2}`},
		{"duplicate keys kept in order", `{"a":1,"a\u200b":2}`, `{"a":1,"a":2}`},
		{"whitespace compacted outside strings", "{\n  \"a\" : [ 1 , true,\tnull ]\r\n}", `{"a":[1,true,null]}`},
		{"whitespace kept inside strings", `{"a":"x  y "}`, `{"a":"x  y "}`},
		{"scalars", ` 42 `, `42`},
		{"null", `null`, `null`},
		{"accents and emoji untouched", `{"n":"Zoë 東京 😀"}`, `{"n":"Zoë 東京 😀"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SanitizeJSON([]byte(tc.in))
			if err != nil {
				t.Fatalf("SanitizeJSON(%s) error: %v", tc.in, err)
			}
			if string(got) != tc.want {
				t.Errorf("SanitizeJSON(%s)\n got %s\nwant %s", tc.in, got, tc.want)
			}
			if !json.Valid(got) {
				t.Errorf("output %q is not valid JSON", got)
			}
		})
	}
}

func TestSanitizeJSONRejectsInvalidInput(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "   ", "{", `{"a":1} x`, `{"a" 1}`, "\"\x01\"", `"\x"`, `[1,]`, "1 2"} {
		out, err := SanitizeJSON([]byte(in))
		if err == nil {
			t.Errorf("SanitizeJSON(%q) = %q, want an error", in, out)
			continue
		}
		var syn *json.SyntaxError
		if !errors.As(err, &syn) {
			t.Errorf("SanitizeJSON(%q) error %v does not wrap *json.SyntaxError", in, err)
		}
		if !strings.HasPrefix(err.Error(), "untrusted: sanitize JSON: ") {
			t.Errorf("error %q lacks the package prefix", err)
		}
	}
}

// FuzzSanitizeJSON checks, for any input: invalid JSON is refused; valid
// JSON comes out valid, as valid UTF-8, with no stripped character raw or
// escaped, with the same token stream as the input once its strings are
// sanitized (so numbers, keys and order are kept), and unchanged by a second
// pass.
func FuzzSanitizeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"a":"\u200b","b":[1,2.50,-0e7],"c":{"\udb40\udc41":null}}`,
		"[\"\u200b\u00ad\uFEFF\", 123456789012345678901234567890]",
		`"\\u200b\\\u200b"`,
		"\"\xff\xfe\"",
		`{"a":1,"a\u2066":2}`,
		`{"e":"\u001b[31m\u009b\b\f","v":"\uFE0F\udb40\udd00\u3164\u2028"}`,
		"{\"raw\":\"\u180e\u034f\u17b4\u115f\uffa0\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := SanitizeJSON(in)
		if !json.Valid(in) {
			if err == nil {
				t.Fatalf("invalid input %q accepted", in)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid input %q refused: %v", in, err)
		}
		if !json.Valid(out) || !utf8.Valid(out) {
			t.Fatalf("output %q is not valid JSON in UTF-8", out)
		}
		for _, r := range string(out) {
			if Stripped(r) {
				t.Fatalf("output %q still holds U+%04X", out, r)
			}
		}
		want := tokens(t, in)
		for i, tok := range want {
			if s, ok := tok.(string); ok {
				want[i] = Sanitize(s)
			}
		}
		if got := tokens(t, out); !reflect.DeepEqual(got, want) {
			t.Fatalf("tokens of %q\n got %#v\nwant %#v", in, got, want)
		}
		again, err := SanitizeJSON(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second pass changed %q to %q (%v)", out, again, err)
		}
		// The shortcut for compact documents gives what the full pass does.
		var compact bytes.Buffer
		if json.Compact(&compact, in) == nil {
			if fast, err := SanitizeValidJSON(compact.Bytes()); err != nil || !bytes.Equal(fast, out) {
				t.Fatalf("SanitizeValidJSON(%q) = %q (%v), SanitizeJSON gave %q", compact.Bytes(), fast, err, out)
			}
		}
	})
}

// tokens returns the JSON token stream of data, numbers as their literal
// text. Decoded strings are checked for stripped characters on the way, which
// covers characters that were escaped in the input.
func tokens(t *testing.T, data []byte) []any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out []any
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("decoding %q: %v", data, err)
		}
		out = append(out, tok)
	}
}

// BenchmarkSanitizeJSON2MB measures SanitizeJSON on about 2 MB of
// contact-like records, once with nothing to strip (the common case) and
// once with a stripped character in one string of every record.
func BenchmarkSanitizeJSON2MB(b *testing.B) {
	for _, tc := range []struct {
		name  string
		dirty bool
	}{{"clean", false}, {"dirty", true}} {
		doc := benchDocument(2<<20, tc.dirty)
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SanitizeJSON(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchDocument builds an indented JSON document of at least size bytes.
func benchDocument(size int, dirty bool) []byte {
	var buf bytes.Buffer
	buf.WriteString("{\"contacts\": [\n")
	hidden := ""
	if dirty {
		hidden = `\u200b`
	}
	for i := 0; buf.Len() < size; i++ {
		if i > 0 {
			buf.WriteString(",\n")
		}
		fmt.Fprintf(&buf, `  {"id": "5e8a2f3c-1b4d-4e6f-9a0b-%012d", "revision": %d, "info": {"name": {"first": "Zoë%s", "last": "Müller-東京"},`+
			` "emails": [{"email": "user%d@example.com", "tag": "MAIN"}], "company": "Acme \"Widgets\" & Co.\nLtd"},`+
			` "balance": 12345678901234567890.10, "createdDate": "2026-01-02T03:04:05.000Z", "note": "😀 see https://example.com/?a=1&b=2"}`,
			i, i%7, hidden, i)
	}
	buf.WriteString("\n]}\n")
	return buf.Bytes()
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
		got, err := appendSanitizedString([]byte("x"), literal)
		if err != nil {
			t.Fatalf("appendSanitizedString(%q): %v", literal, err)
		}
		if !bytes.Equal(got[1:], want) {
			t.Fatalf("appendSanitizedString(%q) = %q, want %q", literal, got[1:], want)
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
