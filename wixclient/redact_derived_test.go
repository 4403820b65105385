package wixclient

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRedactorRemovesDecodableEncodings hides the key in hex and base64
// blobs, at every offset and with text around it, and checks, by decoding
// every run of the output that could be hex or base64 (at every alignment),
// that the key cannot be read back.
func TestRedactorRemovesDecodableEncodings(t *testing.T) {
	t.Parallel()
	r := NewRedactor(redactKey)
	encoders := map[string]func([]byte) string{
		"hex":             hex.EncodeToString,
		"HEX":             func(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) },
		"hex, mixed case": func(b []byte) string { return alternateCase(hex.EncodeToString(b)) },
		"hex, mixed case, \\u-escaped letters": func(b []byte) string {
			return strings.NewReplacer("A", `\u0041`, "f", `\u0066`).Replace(alternateCase(hex.EncodeToString(b)))
		},
		"base64":         base64.StdEncoding.EncodeToString,
		"base64 raw":     base64.RawStdEncoding.EncodeToString,
		"base64url":      base64.URLEncoding.EncodeToString,
		"base64url raw":  base64.RawURLEncoding.EncodeToString,
		"base64 in JSON": func(b []byte) string { return strings.ReplaceAll(base64.StdEncoding.EncodeToString(b), "/", `\/`) },
		"base64 in a URL": func(b []byte) string {
			return strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(base64.StdEncoding.EncodeToString(b))
		},
	}
	for name, encode := range encoders {
		for before := range 5 {
			for _, after := range []int{0, 1, 2, 7} {
				blob := []byte(strings.Repeat("p", before) + redactKey + strings.Repeat("s", after))
				in := `{"token":"` + encode(blob) + `","n":1}`
				if !decodedLeaks(in, redactKey) {
					t.Fatalf("test bug: the key does not decode from %q", in)
				}
				out := r.String(in)
				if !strings.Contains(out, redactedText) {
					t.Errorf("%s, %d bytes before, %d after: %q not redacted", name, before, after, in)
					continue
				}
				if decodedLeaks(out, redactKey) {
					t.Errorf("%s, %d bytes before, %d after: the key decodes from %q", name, before, after, out)
				}
				if !json.Valid([]byte(out)) {
					t.Errorf("%s: redacting valid JSON %q gave invalid JSON %q", name, in, out)
				}
				if got := string(r.Bytes([]byte(in))); got != out {
					t.Errorf("%s: Bytes and String differ: %q vs %q", name, got, out)
				}
			}
		}
	}
}

// alternateCase upper-cases every other letter (the first, the third, ...).
func alternateCase(s string) string {
	b := []byte(s)
	upper := true
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			if upper {
				b[i] = c - ('a' - 'A')
			}
			upper = !upper
		}
	}
	return string(b)
}

// decodedLeaks reports whether key can be read from any maximal run of
// hex or base64 characters in s (JSON and percent escapes undone first),
// decoded from every starting alignment.
func decodedLeaks(s, key string) bool {
	s = percentDecode(percentDecode(unescapeJSON(s)))
	isHex := func(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 }
	isB64 := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+/-_", c) >= 0
	}
	for _, run := range runs(s, isHex) {
		for skip := range 2 {
			text := run[skip:]
			if b, err := hex.DecodeString(text[:len(text)/2*2]); err == nil && strings.Contains(string(b), key) {
				return true
			}
		}
	}
	for _, run := range runs(s, isB64) {
		std := strings.NewReplacer("-", "+", "_", "/").Replace(run)
		for skip := range 4 {
			text := std[min(skip, len(std)):]
			if len(text)%4 == 1 {
				text = text[:len(text)-1] // not a whole byte's worth
			}
			if b, err := base64.RawStdEncoding.DecodeString(text); err == nil && strings.Contains(string(b), key) {
				return true
			}
		}
	}
	return false
}

// runs returns the maximal runs of s whose bytes all satisfy in.
func runs(s string, in func(byte) bool) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && in(s[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

// Forms derived from short secrets would be fragments ordinary text could
// hold; those secrets are matched only as written.
func TestDerivedFormsNeedALongSecret(t *testing.T) {
	t.Parallel()
	if f := derivedForms("short-key"); f != nil {
		t.Errorf("derivedForms of a 9-byte secret = %q, want none", f)
	}
	if f := derivedForms(redactKey); len(f) < 5 {
		t.Errorf("derivedForms(%q) = %q, want hex and base64 forms", redactKey, f)
	}
}

// FuzzRedactorDecodable hides a key among any bytes, encodes the whole
// blob in hex or base64 (as the fuzzer picks, escaped for JSON or a URL),
// puts it in any text, and checks the key cannot be decoded from the
// redacted output.
func FuzzRedactorDecodable(f *testing.F) {
	f.Add([]byte("p"), []byte("sx"), redactKey, byte(2), "prefix ", " suffix")
	f.Add([]byte{}, []byte{}, "IST.abcdefghijklmnop", byte(5), `{"t":"`, `"}`)
	f.Add([]byte{0xff, 0}, []byte("=="), "k3y.with/slashes+plus", byte(7), "%", "\\")
	f.Fuzz(func(t *testing.T, before, after []byte, key string, how byte, prefix, suffix string) {
		if !fuzzableKey(key) || len(key) < minDerivedSecret || len(key) > 256 || len(before) > 64 || len(after) > 64 || len(prefix) > 256 || len(suffix) > 256 {
			return
		}
		blob := append(append(append([]byte(nil), before...), key...), after...)
		var enc string
		switch how % 11 {
		case 0:
			enc = hex.EncodeToString(blob)
		case 1:
			enc = strings.ToUpper(hex.EncodeToString(blob))
		case 2:
			enc = base64.StdEncoding.EncodeToString(blob)
		case 3:
			enc = base64.RawStdEncoding.EncodeToString(blob)
		case 4:
			enc = base64.URLEncoding.EncodeToString(blob)
		case 5:
			enc = base64.RawURLEncoding.EncodeToString(blob)
		case 6:
			enc = strings.ReplaceAll(base64.StdEncoding.EncodeToString(blob), "/", `\/`)
		case 7:
			enc = strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(base64.StdEncoding.EncodeToString(blob))
		case 8:
			enc = strings.NewReplacer("+", `\u002B`, "/", `\/`).Replace(base64.StdEncoding.EncodeToString(blob))
		case 9:
			enc = strings.NewReplacer("+", `\u002b`, "/", `\u002f`, "=", `\u003d`).Replace(base64.StdEncoding.EncodeToString(blob))
		case 10:
			enc = strings.NewReplacer("+", "%252B", "/", "%252F", "=", "%253D").Replace(base64.StdEncoding.EncodeToString(blob))
		}
		if !decodedLeaks(enc, key) {
			t.Fatalf("test bug: key %q does not decode from %q (form %d)", key, enc, how%11)
		}
		in := prefix + enc + suffix
		out := NewRedactor(key).String(in)
		// Decoding only what encodes the blob: the fuzzer's own text
		// around it may spell anything.
		if i := strings.Index(out, redactedText); i < 0 {
			t.Fatalf("key %q (form %d) not redacted in %q", key, how%11, in)
		}
		if decodedLeaks(strings.TrimSuffix(strings.TrimPrefix(out, prefix), suffix), key) {
			t.Fatalf("key %q decodes from %q (form %d)", key, out, how%11)
		}
		// Inside a JSON string, redacting keeps the document valid JSON.
		doc := `{"token":"` + enc + `"}`
		if json.Valid([]byte(doc)) && !json.Valid([]byte(NewRedactor(key).String(doc))) {
			t.Fatalf("valid JSON %q became invalid: %q", doc, NewRedactor(key).String(doc))
		}
	})
}

// BenchmarkRedactorEscapedBase64 is the worst case of the escaped-form
// search: a 1 MB answer that is one JSON-escaped base64 blob (an image
// sent inline), a single run holding escapes, decoded and searched whole.
func BenchmarkRedactorEscapedBase64(b *testing.B) {
	raw := make([]byte, 768<<10)
	rng := rand.New(rand.NewChaCha8([32]byte{1}))
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	body := `{"image":"` + strings.ReplaceAll(base64.StdEncoding.EncodeToString(raw), "/", `\/`) + `"}`
	r := NewRedactor(redactKey, "IST.another-configured-key.77")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		_ = r.String(body)
	}
}
