package wixclient

import (
	"bytes"
	"net/http"
	"strings"
)

// Redactor removes secrets (API keys) from text that came back from Wix or
// that quotes what was sent, before any result, log line or error sees it.
// A secret is found in every form in which a reader of the text could
// recover it:
//
//   - raw;
//   - JSON-escaped, any character written as \uXXXX (hex digits in any
//     case) or, for / " \, as its short escape, mixed freely with raw ones;
//   - percent-encoded, any character written as %XX in any case, or as
//     %25XX (encoded twice), where the % and the hex digits may themselves
//     be JSON-escaped (a percent-encoded key quoted inside a JSON string);
//   - for a secret of at least 12 bytes (every Wix API key), hex-encoded
//     (any mix of letter cases), or base64-encoded in the standard or the
//     URL alphabet, padded or not, alone or anywhere inside a longer
//     encoded blob (see derivedForms); these forms again JSON-escaped or
//     percent-encoded as above. Base64 broken into MIME lines is not
//     looked for.
//
// Each occurrence is replaced by "[REDACTED]", widened to whole escapes,
// so that a valid JSON document stays valid. A Redactor is immutable and
// safe for concurrent use; the zero value and nil redact nothing.
type Redactor struct {
	// secrets are the keys as configured; forms finds the hex and base64
	// forms derived from them (derivedForms), which the character-wise
	// matching of secrets cannot see.
	secrets []string
	forms   *formMatcher
	// minForm is the length of the shortest derived form: a run of text
	// shorter than that cannot hold one.
	minForm int
	// first marks the bytes a match can start on: each secret's first
	// byte, '%' and '\\'.
	first [256]bool
}

// redactedText replaces a secret wherever an answer echoes it.
const redactedText = "[REDACTED]"

// NewRedactor returns a Redactor for the non-empty secrets given.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	seen := map[string]bool{}
	var forms []string
	for _, s := range secrets {
		if s != "" && !seen[s] {
			seen[s] = true
			r.secrets = append(r.secrets, s)
			r.first[s[0]] = true
			forms = append(forms, derivedForms(s)...)
		}
	}
	r.forms = newFormMatcher(forms)
	for _, f := range forms {
		if r.minForm == 0 || len(f) < r.minForm {
			r.minForm = len(f)
		}
	}
	r.first['%'], r.first['\\'] = len(r.secrets) > 0, len(r.secrets) > 0
	return r
}

// with returns a Redactor that also removes extra.
func (r *Redactor) with(extra ...string) *Redactor {
	if r == nil {
		return NewRedactor(extra...)
	}
	return NewRedactor(append(append([]string(nil), r.secrets...), extra...)...)
}

// String returns s with every secret removed; s itself when there is none.
func (r *Redactor) String(s string) string {
	if r == nil || len(r.secrets) == 0 {
		return s
	}
	// The derived forms first, as written and then escaped: what replaces
	// them cannot be part of a secret's character-wise encoding.
	s = r.redactEscapedForms(r.forms.redactForms(s))
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !r.first[s[i]] {
			i++
			continue
		}
		end := r.matchAt(s, i)
		if end < 0 {
			i++
			continue
		}
		start := matchStart(s, i)
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		b.WriteString(redactedText)
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// matchAt returns the end of the first secret encoded at s[i], or -1.
func (r *Redactor) matchAt(s string, i int) int {
	for _, secret := range r.secrets {
		c := s[i]
		if c != secret[0] && !mayStart(s, i, secret[0]) {
			continue
		}
		if end := matchSecret(s, i, secret); end >= 0 {
			return end
		}
	}
	return -1
}

// Bytes is String for a body. It returns b itself when nothing was found.
func (r *Redactor) Bytes(b []byte) []byte {
	if r == nil || len(b) == 0 || !r.mayHold(b) {
		return b
	}
	out := r.String(string(b))
	if len(out) == len(b) && out == string(b) {
		return b
	}
	return []byte(out)
}

// mayHold is a fast filter for Bytes: every encoded form of a secret holds
// a '%' or a '\\', so a body with neither can hold a secret only raw, which
// bytes.Contains finds without the byte-by-byte scan of String.
func (r *Redactor) mayHold(b []byte) bool {
	if len(r.secrets) == 0 {
		return false
	}
	if bytes.IndexByte(b, '%') >= 0 || bytes.IndexByte(b, '\\') >= 0 {
		return true
	}
	if start, _ := nextForm(r.forms, b, 0); start >= 0 {
		return true
	}
	for _, s := range r.secrets {
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
}

// Header returns a copy of h with every secret removed from its names and
// values.
func (r *Redactor) Header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		clean := make([]string, len(vs))
		for i, v := range vs {
			clean[i] = r.String(v)
		}
		out[r.String(k)] = clean
	}
	return out
}

func oddBackslashesBefore(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// mayStart is a cheap filter for matchSecret at a '%' or '\\': the unit
// there (a raw byte or a JSON escape) must be first itself, or a '%'
// followed by the hex pair of first, by "25" (a second round) or by
// another '%' (percent-encoded hex digits).
func mayStart(s string, i int, first byte) bool {
	v, next := unitAt(s, i)
	if v == int(first) {
		return true
	}
	if v != '%' {
		return false
	}
	w1, next := unitAt(s, next)
	w2, _ := unitAt(s, next)
	if w1 == '%' || (w1 == '2' && w2 == '5') {
		return true
	}
	if w1 < 0 || w2 < 0 || w1 > 0x7f || w2 > 0x7f {
		return false
	}
	pair, ok := hexValue(string([]byte{byte(w1), byte(w2)}))
	return ok && pair == int(first)
}

// unitAt decodes the raw byte or JSON escape at s[i]; -1 past the end.
func unitAt(s string, i int) (value, next int) {
	if i >= len(s) {
		return -1, i
	}
	if s[i] == '\\' && i+6 <= len(s) && s[i+1] == 'u' {
		if v, ok := hexValue(s[i+2 : i+6]); ok {
			return v, i + 6
		}
	}
	if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`/"\\`, s[i+1]) >= 0 {
		return int(s[i+1]), i + 2
	}
	return int(s[i]), i + 1
}

// matchSecret returns the end of an encoding of secret that starts at s[i],
// or -1.
func matchSecret(s string, i int, secret string) int {
	if secret == "" {
		return i
	}
	for _, end := range encodedByte(s, i, secret[0], percentDepth) {
		if e := matchSecret(s, end, secret[1:]); e >= 0 {
			return e
		}
	}
	return -1
}

// percentDepth is how many rounds of percent-encoding are undone: two
// covers a value encoded twice (%2541, or %%34%31 for "A"), which is as
// far as any reader decodes by accident.
const percentDepth = 2

// encodedByte returns the ends of every way s[i:] starts with an encoding
// of c: raw or JSON-escaped, or, depth times over, "%" and two hex digits
// (either case), each of the three themselves encoded one round less.
func encodedByte(s string, i int, c byte, depth int) []int {
	ends := jsonByte(s, i, c)
	if depth == 0 || i >= len(s) || (s[i] != '%' && s[i] != '\\') {
		return ends
	}
	const digits = "0123456789abcdef"
	for _, p := range encodedByte(s, i, '%', depth-1) {
		for _, hi := range hexDigitForms(digits[c>>4]) {
			for _, h := range encodedByte(s, p, hi, depth-1) {
				for _, lo := range hexDigitForms(digits[c&0xF]) {
					ends = append(ends, encodedByte(s, h, lo, depth-1)...)
				}
			}
		}
	}
	return ends
}

// jsonByte returns where s[i:] ends if it starts with c written raw or as a
// JSON escape.
func jsonByte(s string, i int, c byte) []int {
	if i >= len(s) {
		return nil
	}
	if s[i] == c {
		return []int{i + 1}
	}
	if s[i] != '\\' || i+1 >= len(s) {
		return nil
	}
	switch n := s[i+1]; {
	case n == c && (c == '/' || c == '"' || c == '\\'):
		return []int{i + 2}
	case n == 'u' && i+6 <= len(s):
		if v, ok := hexValue(s[i+2 : i+6]); ok && v == int(c) {
			return []int{i + 6}
		}
	}
	return nil
}

// hexDigitForms is a hex digit in both letter cases.
func hexDigitForms(d byte) []byte {
	if d >= 'a' && d <= 'f' {
		return []byte{d, d - 'a' + 'A'}
	}
	return []byte{d}
}

func hexValue(h string) (int, bool) {
	n := 0
	for i := 0; i < len(h); i++ {
		c := h[i]
		n <<= 4
		switch {
		case c >= '0' && c <= '9':
			n |= int(c - '0')
		case c >= 'a' && c <= 'f':
			n |= int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			n |= int(c-'A') + 10
		default:
			return 0, false
		}
	}
	return n, true
}
