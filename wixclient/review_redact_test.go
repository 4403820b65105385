package wixclient

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// REVIEW (failing): the Redactor's doc (redact.go:19-22) promises the hex
// and base64 forms "each of these again in any of the forms above", which
// include a JSON \uXXXX escape of any character and a second round of
// percent-encoding (%25XX). derivedForms (redact_derived.go:47-53) only
// adds "\/" and a single round of %2B/%2F, so a base64 key whose "+" is
// written "\u002B" (System.Text.Json's default escaping of '+') or whose
// "+" and "/" are encoded twice (a URL inside a query parameter) passes
// through whole.
func TestReviewBase64FormsInOtherEscapes(t *testing.T) {
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

// REVIEW (failing): a match that starts on the letter of a JSON escape
// (the "n" of "\n", a hex digit of "\u00XX") is replaced from that
// letter on, leaving a lone backslash before "[REDACTED]": a valid JSON
// answer becomes invalid (redact.go:91 and redact_derived.go:160
// widen a match only when it starts on a backslash). Wix keys start with
// "IST.", but any other secret starting with b f n r t u or a hex digit,
// or a derived (hex/base64) form starting with one, hits this.
func TestReviewRedactionKeepsEscapesWhole(t *testing.T) {
	t.Parallel()
	r := NewRedactor("nabcdefghijklmnop")
	in := `{"note":"line one\nabcdefghijklmnop"}`
	out := r.String(in)
	if !json.Valid([]byte(out)) {
		t.Errorf("valid JSON %s redacted to invalid JSON %s", in, out)
	}
}
