package untrusted

import (
	"strings"
	"unicode"
)

// LineMaxRunes is the most characters Line keeps. It is room for a site's
// display name, an error code or a request ID, and too little for a
// persuasive paragraph.
const LineMaxRunes = 120

// Line reduces Wix-controlled text to the only form in which it may appear
// outside a fence (in the line before the fence, a refusal, an error or a
// log): every run of white space, line and paragraph breaks included,
// turned into one space; invisible, control, format and bidi characters
// removed (Sanitize); anything that looks like a fence tag defused as Wrap
// does; and at most LineMaxRunes characters, the cut marked with "…". The
// result can therefore never start a line of its own, close a fence or
// open one.
func Line(s string) string {
	const maxRunes = LineMaxRunes
	// White space of every kind (line and paragraph separators, NEL,
	// vertical tab) becomes a space before Sanitize, which would remove
	// some of it and glue the words on either side together.
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	s = neutralize(Sanitize(s))
	var b strings.Builder
	b.Grow(min(len(s), 4*maxRunes+3))
	n, space := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if n == maxRunes {
			b.WriteString("…")
			return b.String()
		}
		if space {
			b.WriteByte(' ')
			space = false
			n++
			if n == maxRunes {
				b.WriteString("…")
				return b.String()
			}
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
