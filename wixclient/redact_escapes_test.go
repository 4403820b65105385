package wixclient

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// Base64 forms are found however their "+" and "/" are escaped: as
// System.Text.Json writes "+" (\u002B), \u-escaped in lower case, or
// percent-encoded twice (a URL inside a query parameter).
func TestBase64FormsInOtherEscapes(t *testing.T) {
	t.Parallel()
	// "???~~~" makes the base64 text hold both '+' and '/'.
	key := "IST.eyJraWQiOiJQb3pI???~~~???~~~X2FDMiIsImFsZyI6IlJTMjU2In0.abc"
	r := NewRedactor(key)
	b64 := base64.StdEncoding.EncodeToString([]byte(key))
	for name, text := range map[string]string{
		`+ as \u002B, / as \/`:     strings.NewReplacer("+", `\u002B`, "/", `\/`).Replace(b64),
		`+ and / as \u002b \u002f`: strings.NewReplacer("+", `\u002b`, "/", `\u002f`).Replace(b64),
		"percent-encoded twice":    strings.NewReplacer("+", "%252B", "/", "%252F").Replace(b64),
	} {
		out := r.String(text)
		// Undo the escaping a reader would undo and decode.
		var s string
		if err := json.Unmarshal([]byte(`"`+out+`"`), &s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s = strings.NewReplacer("%252B", "+", "%252F", "/").Replace(s)
		if dec, err := base64.StdEncoding.DecodeString(s); err == nil && strings.Contains(string(dec), key) {
			t.Errorf("%s: the key is still readable in %q", name, out)
		}
	}
}

// A match that starts on the letter of a JSON escape (the "n" of "\n", a
// hex digit of "\u00XX") is replaced with the whole escape, so no lone
// backslash is left before "[REDACTED]" and valid JSON stays valid.
func TestRedactionKeepsEscapesWhole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ key, in string }{
		{"nabcdefghijklmnop", `{"note":"line one\nabcdefghijklmnop"}`},
		{"e9abcdefghijklmn", `{"note":"caf\u00e9abcdefghijklmn"}`},
		{"0e9abcdefghijklm", `{"note":"caf\u00e9abcdefghijklm"}`},
		{"tabcdefghijklmnop", `{"note":"\\tabcdefghijklmnop"}`}, // an escaped backslash, then a plain t
	} {
		out := NewRedactor(tc.key).String(tc.in)
		if !json.Valid([]byte(out)) {
			t.Errorf("valid JSON %s redacted to invalid JSON %s", tc.in, out)
		}
		if strings.Contains(out, tc.key[1:]) {
			t.Errorf("%s: the key is still in %s", tc.in, out)
		}
	}
}
