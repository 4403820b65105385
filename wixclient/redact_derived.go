package wixclient

import (
	"bytes"
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
// The forms are found as written by formMatcher (hex in any mix of
// letter cases), and escaped (JSON \uXXXX or \/, percent-encoded once or
// twice) by the character-wise matcher, in the runs of text that hold an
// escape (Redactor.redactEscapedForms).
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
			forms = append(forms, text[first:last])
		}
	}
	return forms
}

// isHexForm reports whether a derived form is hex (matched in any letter
// case) rather than base64 (matched exactly).
func isHexForm(form string) bool {
	for i := 0; i < len(form); i++ {
		if !isHexDigit(form[i]) {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// foldCase lowers an ASCII letter.
func foldCase(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
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
	fold     []bool // the pattern matches in any letter case (hex)
	once     sync.Once
	m        int
	shift    *[1 << 16]uint8 // by the two case-folded bytes ending at a probe
	tails    []uint16        // the two case-folded bytes ending each pattern's first m
}

// newFormMatcher returns a matcher for patterns of at least two bytes
// each (derivedForms gives at least 14); nil, which finds nothing, for
// none.
func newFormMatcher(patterns []string) *formMatcher {
	f := &formMatcher{}
	seen := map[string]bool{}
	for _, p := range patterns {
		fold := isHexForm(p)
		if fold {
			// One case-insensitive pattern stands for every case.
			p = strings.ToLower(p)
		}
		if !seen[p] {
			seen[p] = true
			f.patterns, f.fold = append(f.patterns, p), append(f.fold, fold)
		}
	}
	if len(f.patterns) == 0 {
		return nil
	}
	return f
}

// bigram is the case-folded pair of bytes ending at s[i]: folding makes
// one table serve case-insensitive patterns, and is only a looser filter
// for the exact ones.
func bigram[T ~string | ~[]byte](s T, i int) uint16 {
	return uint16(foldCase(s[i-1]))<<8 | uint16(foldCase(s[i]))
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
			bg := bigram(p, j)
			f.shift[bg] = min(f.shift[bg], shiftOf(f.m-1-j))
		}
		f.tails[k] = bigram(p, f.m-1)
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
		bg := bigram(s, pos)
		if d := f.shift[bg]; d > 0 {
			pos += int(d)
			continue
		}
		start := pos - f.m + 1
		for k, p := range f.patterns {
			if f.tails[k] == bg && hasPrefixAt(s, start, p, f.fold[k]) {
				return start, start + len(p)
			}
		}
		pos++
	}
	return -1, -1
}

// hasPrefixAt reports whether s holds p at at, in any letter case if
// fold (p is then lower case).
func hasPrefixAt[T ~string | ~[]byte](s T, at int, p string, fold bool) bool {
	if len(s)-at < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := s[at+i]
		if fold {
			c = foldCase(c)
		}
		if c != p[i] {
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
		start = matchStart(s, start)
		b.WriteString(s[last:start])
		b.WriteString(redactedText)
		last = end
		start, end = nextForm(f, s, end)
	}
	b.WriteString(s[last:])
	return b.String()
}

// inEncodedRun marks the bytes an encoded form can be written with: the
// base64 and hex characters, and those of JSON and percent escapes.
var inEncodedRun = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+/=_-\\%", byte(c)) >= 0
	}
	return t
}()

// redactEscapedForms replaces the derived forms written with escapes (a
// JSON \u002B for "+", \/ or %2F for "/", any character \u-escaped or
// percent-encoded once or twice) by the redaction mark. Such a form lies
// within a run of base64, hex and escape characters that holds a '\\' or
// a '%'; each such run is decoded as a reader would (JSON escapes, then
// two rounds of percent-decoding), remembering where each decoded
// character came from, and searched with the same matcher as the raw
// text. s itself comes back when there is nothing to replace.
func (r *Redactor) redactEscapedForms(s string) string {
	if r.forms == nil || strings.IndexByte(s, '\\') < 0 && strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !inEncodedRun[s[i]] {
			i++
			continue
		}
		runStart, escaped := i, false
		for i < len(s) && inEncodedRun[s[i]] {
			escaped = escaped || s[i] == '\\' || s[i] == '%'
			i++
		}
		if !escaped || i-runStart < r.minForm {
			continue
		}
		view, from := decodeRun(s, runStart, i)
		for vs, ve := nextForm(r.forms, view, 0); vs >= 0; vs, ve = nextForm(r.forms, view, ve) {
			start, end := matchStart(s, int(from[vs])), i
			if ve < len(view) {
				end = int(from[ve])
			}
			if start < last {
				continue // inside what an earlier match replaced
			}
			if b.Cap() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:start])
			b.WriteString(redactedText)
			last = end
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// decodeRun decodes s[start:end] as a reader would: JSON escapes of
// ASCII characters (\uXXXX, \/ \" \\), then percent-encoding (%XX, either
// case), twice. It returns the decoded bytes and, for each, the offset in
// s where its encoding starts; a decoded character ends where the next one
// starts (the last at end).
func decodeRun(s string, start, end int) ([]byte, []int32) {
	view := make([]byte, 0, end-start)
	from := make([]int32, 0, end-start)
	for i := start; i < end; {
		c, n := s[i], 1
		if c == '\\' && i+1 < end {
			switch e := s[i+1]; {
			case e == '/' || e == '"' || e == '\\':
				c, n = e, 2
			case e == 'u' && i+6 <= end:
				if v, ok := hexValue(s[i+2 : i+6]); ok && v < 0x80 {
					c, n = byte(v), 6 //nolint:gosec // G115: v < 0x80
				}
			}
		}
		view, from = append(view, c), append(from, int32(i)) //nolint:gosec // G115: answers are far below 2 GiB
		i += n
	}
	for range percentDepth {
		view, from = percentDecodeRun(view, from)
	}
	return view, from
}

// percentDecodeRun is one round of percent-decoding over a decoded run.
func percentDecodeRun(view []byte, from []int32) ([]byte, []int32) {
	if bytes.IndexByte(view, '%') < 0 {
		return view, from
	}
	out, outFrom := view[:0:0], from[:0:0]
	for k := 0; k < len(view); {
		if view[k] == '%' && k+2 < len(view) && isHexDigit(view[k+1]) && isHexDigit(view[k+2]) {
			v, _ := hexValue(string(view[k+1 : k+3]))
			out, outFrom = append(out, byte(v)), append(outFrom, from[k]) //nolint:gosec // G115: two hex digits, 0..255
			k += 3
			continue
		}
		out, outFrom = append(out, view[k]), append(outFrom, from[k])
		k++
	}
	return out, outFrom
}

// matchStart is where the replacement of a match found at s[i] must
// start so that a JSON string stays valid: at the backslash of the escape
// s[i] is part of (the "n" of "\n", a hex digit of "\u00e9"), or before
// the first backslash of an escaped backslash the match starts on; else
// at i.
func matchStart(s string, i int) int {
	if s[i] == '\\' && oddBackslashesBefore(s, i) {
		return i - 1
	}
	for p := i - 1; p >= 0 && p >= i-5; p-- {
		if s[p] != '\\' || oddBackslashesBefore(s, p) {
			continue
		}
		// A backslash that starts an escape: does the escape reach i?
		switch {
		case p == i-1:
			return p
		case s[p+1] == 'u' && p+6 <= len(s) && isHexDigit(s[p+2]) && isHexDigit(s[p+3]) && isHexDigit(s[p+4]) && isHexDigit(s[p+5]):
			return p
		}
		return i
	}
	return i
}
