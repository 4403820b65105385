package resultshape

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/wix-mcp/wix-mcp/untrusted"
)

// TestShapeSanitizesStrings: with Sanitize, every string, keys included,
// loses the characters untrusted.Sanitize strips, written raw or escaped,
// and everything else is kept byte for byte.
func TestShapeSanitizesStrings(t *testing.T) {
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
		{"containers after a shrunk string", `{"a":"\u200b\u200b\u200b","b":{"c":[1,{"d":"x\u00ady"}]},"e":[{},[]]}`, `{"a":"","b":{"c":[1,{"d":"xy"}]},"e":[{},[]]}`},
		{"a string that grows", "[\"a\xffb\",{\"k\":[1,{\"m\":2}]}]", "[\"a\uFFFDb\",{\"k\":[1,{\"m\":2}]}]"},
		{"a string that shrinks", `["\ud800\u200b",{"k":"v"}]`, "[\"\uFFFD\",{\"k\":\"v\"}]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := Shape([]byte(tc.in), Options{Sanitize: true})
			if err != nil {
				t.Fatalf("Shape(%s) error: %v", tc.in, err)
			}
			if got := string(res.JSON); got != tc.want {
				t.Errorf("Shape(%s)\n got %s\nwant %s", tc.in, got, tc.want)
			}
			if !json.Valid(res.JSON) {
				t.Errorf("output %q is not valid JSON", res.JSON)
			}
		})
	}
}

// FuzzShapeSanitizes checks, for any input, what Shape with Sanitize
// promises: invalid JSON is refused; valid JSON comes out valid, as valid
// UTF-8, with no stripped character raw or escaped, with the same token
// stream as the input once its strings are sanitized (so numbers, keys and
// order are kept), and unchanged by a second pass; the container index
// still matches the rewritten document, so a capped answer is valid and
// clean too.
func FuzzShapeSanitizes(f *testing.F) {
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
		res, err := Shape(in, Options{Sanitize: true})
		out := res.JSON
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
			if untrusted.Stripped(r) {
				t.Fatalf("output %q still holds U+%04X", out, r)
			}
		}
		want := tokens(t, in)
		for i, tok := range want {
			if s, ok := tok.(string); ok {
				want[i] = untrusted.Sanitize(s)
			}
		}
		if got := tokens(t, out); !reflect.DeepEqual(got, want) {
			t.Fatalf("tokens of %q\n got %#v\nwant %#v", in, got, want)
		}
		again, err := Shape(out, Options{Sanitize: true})
		if err != nil || !bytes.Equal(again.JSON, out) {
			t.Fatalf("second pass changed %q to %q (%v)", out, again.JSON, err)
		}
		// The spans moved with the rewrites: they match a fresh index of
		// the rewritten document.
		compact, idx, _ := compactOf(in)
		clean := sanitizeStrings(compact, &idx)
		var fresh index
		validJSON(clean, &fresh)
		if !slices.Equal(idx.spans, fresh.spans) {
			t.Fatalf("spans after rewriting %q: %v, a fresh index says %v", in, idx.spans, fresh.spans)
		}
		capped, err := Shape(in, Options{Sanitize: true, MaxChars: MinMaxChars})
		if err != nil || !json.Valid(capped.JSON) || len(capped.JSON) > MinMaxChars {
			t.Fatalf("capped %q: %q (%v)", in, capped.JSON, err)
		}
		for _, r := range string(capped.JSON) {
			if untrusted.Stripped(r) {
				t.Fatalf("capped output %q still holds U+%04X", capped.JSON, r)
			}
		}
		// A projection through the answer's own keys (the ones a model
		// would name) walks the rewritten document's containers.
		projected, err := Shape(in, Options{Sanitize: true, Fields: keyPaths(in), MaxChars: 4 * MinMaxChars})
		if err != nil || !json.Valid(projected.JSON) {
			t.Fatalf("projected %q on %q: %q (%v)", in, keyPaths(in), projected.JSON, err)
		}
		for _, r := range string(projected.JSON) {
			if untrusted.Stripped(r) {
				t.Fatalf("projected output %q still holds U+%04X", projected.JSON, r)
			}
		}
	})
}

// keyPaths returns a few dotted paths made of a document's own keys,
// decoded and sanitized as a model would write them: each top-level key,
// and each with its first nested key.
func keyPaths(doc []byte) []string {
	var top map[string]any
	if json.Unmarshal(doc, &top) != nil {
		return []string{"a"}
	}
	// Sorted, so that the same input always takes the same path (the
	// fuzzer needs that to learn from coverage).
	var paths []string
	for _, k := range slices.Sorted(maps.Keys(top)) {
		paths = append(paths, untrusted.Sanitize(k))
		if inner, ok := top[k].(map[string]any); ok && len(inner) > 0 {
			paths = append(paths, untrusted.Sanitize(k)+"."+untrusted.Sanitize(slices.Sorted(maps.Keys(inner))[0]))
		}
	}
	return paths
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

// BenchmarkShapeSanitize2MB measures Shape with Sanitize on about 2 MB of
// contact-like records, once with nothing to strip (the common case) and
// once with a stripped character in one string of every record.
func BenchmarkShapeSanitize2MB(b *testing.B) {
	for _, tc := range []struct {
		name  string
		dirty bool
	}{{"clean", false}, {"dirty", true}} {
		doc := benchDocument(2<<20, tc.dirty)
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Shape(doc, Options{Sanitize: true, MaxChars: 20000}); err != nil {
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

// TestSanitizedAnswerIsShapedRight: after strings shrink and grow, the
// projection and the paging still find their values (the container index
// moved with the rewrites).
func TestSanitizedAnswerIsShapedRight(t *testing.T) {
	t.Parallel()
	in := "{\"a\":\"x\\u200b\\u200b\\u200b\\u200b\",\"items\":[{\"id\":1,\"n\":\"\xff\\u00ad\"},{\"id\":2,\"n\":[{\"deep\":\"\\u2066\"}]}],\"pagingMetadata\":{\"count\":2,\"total\":9}}"
	res, err := Shape([]byte(in), Options{Sanitize: true, Fields: []string{"items.id", "items.n.deep"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"items":[{"id":1},{"id":2,"n":[{"deep":""}]}],"pagingMetadata":{"count":2,"total":9}}`; string(res.JSON) != want {
		t.Errorf("got  %s\nwant %s", res.JSON, want)
	}
	if res.Next == nil || res.Next.Offset == nil || *res.Next.Offset != 2 {
		t.Errorf("Next = %+v, want offset 2", res.Next)
	}
	// A stale span would not always show in the output (a lookup that
	// misses falls back to scanning), so the index itself is compared.
	compact, idx, err := compactOf([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	clean := sanitizeStrings(compact, &idx)
	var fresh index
	validJSON(clean, &fresh)
	if !slices.Equal(idx.spans, fresh.spans) {
		t.Errorf("spans after rewriting: %v, a fresh index says %v", idx.spans, fresh.spans)
	}
}
