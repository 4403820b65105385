package wixclient

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"sync"
)

// minDerivedSecret is the shortest secret whose hex and base64 forms are
// redacted too: shorter ones would give base64 fragments of a dozen
// characters that ordinary text could contain. Wix API keys are hundreds
// of characters long.
const minDerivedSecret = 12

// derivedForms are the encodings of a secret that a reader undoes in one
// standard step and that the character-by-character matching of String
// cannot see, because one character of them carries bits of several bytes
// of the secret: hex, in both cases, and base64, in the standard and the
// URL alphabets.
//
// Inside a longer base64 blob the secret can start at any of three byte
// offsets within a 3-byte group, and each gives a different text, so
// there is one form per offset. Each form keeps only the characters whose
// six bits all come from the secret: the characters shared with the bytes
// before and after it depend on those, so they are left out, and the form
// is found whatever surrounds the secret (padding included). At most a
// few bits of the first and last byte stay unredacted.
//
// A standard-alphabet form is also looked for as JSON writes it ("/" as
// "\/") and as a URL query writes it ("+" and "/" percent-encoded, in
// either case); hex and the URL alphabet need no escaping.
func derivedForms(secret string) []string {
	if len(secret) < minDerivedSecret {
		return nil
	}
	h := hex.EncodeToString([]byte(secret))
	forms := []string{h, strings.ToUpper(h)}
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		for offset := range 3 {
			// offset zero bytes stand in for whatever precedes the secret.
			text := enc.EncodeToString(append(make([]byte, offset), secret...))
			first := (8*offset + 5) / 6            // the first character made of the secret's bits only
			last := 8 * (offset + len(secret)) / 6 // one past the last such character
			form := text[first:last]
			forms = append(forms, form)
			if strings.ContainsAny(form, "+/") {
				forms = append(forms,
					strings.ReplaceAll(form, "/", `\/`),
					strings.NewReplacer("+", "%2B", "/", "%2F").Replace(form),
					strings.NewReplacer("+", "%2b", "/", "%2f").Replace(form))
			}
		}
	}
	return forms
}

// formMatcher finds any of a set of patterns in one pass over a text, with
// the shift table of the Wu-Manber algorithm (S. Wu, U. Manber, "A fast
// algorithm for multi-pattern searching", 1994): it looks at two bytes,
// and unless they could end the first m bytes of a pattern (m the length
// of the shortest), it moves on by as much as no pattern can be skipped,
// up to m-1 bytes at a time. The derived forms of real keys are hundreds
// of characters long, so a clean answer costs a probe every 255 bytes.
type formMatcher struct {
	patterns []string
	once     sync.Once
	m        int
	shift    *[1 << 16]uint8 // by the two bytes ending at a probe
	tails    []uint16        // the two bytes ending each pattern's first m
}

// newFormMatcher returns a matcher for patterns of at least two bytes
// each (derivedForms gives at least 14); nil, which finds nothing, for
// none.
func newFormMatcher(patterns []string) *formMatcher {
	if len(patterns) == 0 {
		return nil
	}
	return &formMatcher{patterns: patterns}
}

// build makes the tables on first use, so a client that never reads an
// answer does not pay for them.
func (f *formMatcher) build() {
	f.m = len(f.patterns[0])
	for _, p := range f.patterns {
		f.m = min(f.m, len(p))
	}
	f.shift = new([1 << 16]uint8)
	for i := range f.shift {
		f.shift[i] = shiftOf(f.m - 1)
	}
	f.tails = make([]uint16, len(f.patterns))
	for k, p := range f.patterns {
		for j := 1; j < f.m; j++ {
			bg := uint16(p[j-1])<<8 | uint16(p[j])
			f.shift[bg] = min(f.shift[bg], shiftOf(f.m-1-j))
		}
		f.tails[k] = uint16(p[f.m-2])<<8 | uint16(p[f.m-1])
	}
}

// shiftOf is a shift for the table: n, or 255 if n is larger.
func shiftOf(n int) uint8 {
	if n > 255 {
		return 255
	}
	return uint8(n) //nolint:gosec // G115: 0 <= n <= 255 here
}

// nextForm returns where the first of f's patterns found at or after from
// starts and ends in s, or -1, -1. It takes a body or a string without
// converting either.
func nextForm[T ~string | ~[]byte](f *formMatcher, s T, from int) (int, int) {
	if f == nil {
		return -1, -1
	}
	f.once.Do(f.build)
	for pos := from + f.m - 1; pos < len(s); {
		bg := uint16(s[pos-1])<<8 | uint16(s[pos])
		if d := f.shift[bg]; d > 0 {
			pos += int(d)
			continue
		}
		start := pos - f.m + 1
		for k, p := range f.patterns {
			if f.tails[k] == bg && hasPrefixAt(s, start, p) {
				return start, start + len(p)
			}
		}
		pos++
	}
	return -1, -1
}

func hasPrefixAt[T ~string | ~[]byte](s T, at int, p string) bool {
	if len(s)-at < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if s[at+i] != p[i] {
			return false
		}
	}
	return true
}

// redactForms replaces every derived form in s by the redaction mark; s
// itself when there is none.
func (f *formMatcher) redactForms(s string) string {
	start, end := nextForm(f, s, 0)
	if start < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for start >= 0 {
		if s[start] == '\\' && oddBackslashesBefore(s, start) {
			// As in String: keep a JSON string valid when the match
			// starts on the second backslash of an escaped one.
			start--
		}
		b.WriteString(s[last:start])
		b.WriteString(redactedText)
		last = end
		start, end = nextForm(f, s, end)
	}
	b.WriteString(s[last:])
	return b.String()
}
