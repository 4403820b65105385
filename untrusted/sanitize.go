// Package untrusted prepares data that comes back from Wix for an AI model.
// Everything Wix returns is data, not instructions: a contact's name, a CMS
// item or a blog comment is written by whoever filled in a form, and can
// carry a prompt injection. The package removes the invisible characters such
// text uses to hide instructions (Sanitize, and for JSON ScanStringLiteral
// and AppendSanitizedLiteral, one string literal at a time), fences the result
// in a boundary the data cannot forge (Wrap), and reduces a string to one
// short, plain line for the few places where Wix text is quoted outside a
// fence (Line).
package untrusted

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Stripped reports whether Sanitize removes r. The set is every character
// that renders as nothing, moves the terminal's cursor, or silently reorders
// text, so that what the model reads differs from what a person reviewing
// the data sees. It is defined by Unicode properties (the standard library's
// tables, https://www.unicode.org/reports/tr44/), not by a hand list, so a
// character of a class the list's author did not think of is caught too:
//
//   - General category Cc (controls: ESC, DEL, U+0085, the C1 CSI U+009B,
//     …), except tab, line feed and carriage return, which are ordinary
//     layout in multi-line data inside the fence.
//   - Cf (format: soft hyphen, zero-width space/joiners, LRM/RLM, bidi
//     embeddings, overrides and isolates, U+061C, U+180E, word joiner,
//     invisible operators, BOM, tag characters used for "ASCII smuggling").
//   - Zl and Zp (U+2028 line and U+2029 paragraph separators), which start
//     a new line for some readers and not for others.
//   - Variation_Selector (U+180B–U+180F, U+FE00–U+FE0F, U+E0100–U+E01EF).
//   - Other_Default_Ignorable_Code_Point (U+034F combining grapheme joiner,
//     the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the Khmer vowels
//     U+17B4, U+17B5, and reserved default-ignorable ranges): Unicode's list
//     of code points a renderer shows as nothing. With Cf and the variation
//     selectors this is Unicode's Default_Ignorable_Code_Point.
//
// Trade-offs, accepted because the model sees the text and a hidden
// instruction costs more than a changed glyph: removing ZWJ (U+200D) splits
// emoji ZWJ sequences into their parts ("woman, ZWJ, laptop" becomes the two
// emoji woman and laptop), removing ZWNJ (U+200C) changes how some Persian
// and Indic words join, removing variation selectors turns a red heart
// (U+2764 U+FE0F) into the text-style heart, and removing tag characters
// turns subdivision flags (Scotland, England, Wales) into a plain black
// flag. This source file itself contains none of the stripped characters;
// the tests spell them as escapes.
func Stripped(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7F
	case r <= 0xFFFF:
		return strip.bmp[r>>6]&(1<<(r&63)) != 0
	}
	_, found := slices.BinarySearchFunc(strip.astral, r, func(rg runeRange, r rune) int {
		switch {
		case rg.hi < r:
			return -1
		case rg.lo > r:
			return 1
		}
		return 0
	})
	return found
}

// stripTables are the Unicode classes Stripped removes beyond ASCII.
var stripTables = []*unicode.RangeTable{
	unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
	unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point,
}

// runeRange is an inclusive range of code points.
type runeRange struct{ lo, hi rune }

// strip is stripTables compiled for speed: a bitmap of the Basic
// Multilingual Plane (8 KiB), where nearly all text lives, and sorted ranges
// above it. unicode.In over six tables costs about 15 times as much per
// character, and Sanitize looks at every character of every answer.
var strip = func() (t struct {
	bmp    [0x10000 / 64]uint64
	astral []runeRange
}) {
	for _, tab := range stripTables {
		for _, rg := range tab.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				t.bmp[r>>6] |= 1 << (r & 63)
			}
		}
		for _, rg := range tab.R32 {
			if rg.Stride == 1 {
				t.astral = append(t.astral, runeRange{rune(rg.Lo), rune(rg.Hi)})
				continue
			}
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				t.astral = append(t.astral, runeRange{r, r})
			}
		}
	}
	slices.SortFunc(t.astral, func(a, b runeRange) int { return int(a.lo - b.lo) })
	// Merge overlapping ranges so the binary search finds any member.
	merged := t.astral[:0]
	for _, rg := range t.astral {
		if n := len(merged); n > 0 && rg.lo <= merged[n-1].hi+1 {
			merged[n-1].hi = max(merged[n-1].hi, rg.hi)
			continue
		}
		merged = append(merged, rg)
	}
	t.astral = merged
	return t
}()

// Sanitize returns s without the characters Stripped reports, and with each
// byte that is not valid UTF-8 replaced by U+FFFD (as a JSON encoder would
// for the model anyway). Replacing them is what makes Sanitize idempotent:
// removing a control between two stray bytes ("\xc2\x1f\xad") must not
// join them into a stripped character (U+00AD). Everything else is kept
// byte for byte, including accents, CJK and emoji. A string with nothing to
// change is returned as is, without copying.
func Sanitize(s string) string {
	i := firstStripped(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !Stripped(rune(c)) {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case !Stripped(r):
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstStripped returns the byte offset of the first stripped character or
// invalid byte in s, or -1.
func firstStripped(s string) int {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if Stripped(rune(c)) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if Stripped(r) || (r == utf8.RuneError && size == 1) {
			return i
		}
		i += size
	}
	return -1
}
