// Package untrusted prepares data that comes back from Wix for an AI model.
// Everything Wix returns is data, not instructions: a contact's name, a CMS
// item or a blog comment is written by whoever filled in a form, and can
// carry a prompt injection. The package removes the invisible characters such
// text uses to hide instructions (Sanitize, SanitizeJSON, SanitizeValue) and
// fences the result in a boundary the data cannot forge (Wrap).
package untrusted

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"
)

// Stripped reports whether Sanitize removes r. The set is the characters
// that render as nothing or silently reorder text, so that what the model
// reads differs from what a human reviewing the data sees:
//
//   - U+00AD soft hyphen: invisible except at a line break, and used to split
//     words past keyword filters ("ig\u00adnore"). Removing it never changes
//     the visible text, so it is stripped.
//   - U+061C Arabic letter mark: a bidi control like those below.
//   - U+200B–U+200F: zero-width space, ZWNJ, ZWJ, LRM, RLM.
//   - U+202A–U+202E and U+2066–U+2069: bidi embeddings, overrides and
//     isolates.
//   - U+2060–U+206F: word joiner, invisible operators, the isolates above,
//     and the reserved U+2065 and deprecated U+206A–U+206F format
//     characters, all invisible, so the whole block goes.
//   - U+FEFF: zero-width no-break space (BOM).
//   - U+E0000–U+E007F: tag characters, which spell invisible ASCII ("ASCII
//     smuggling").
//
// Trade-offs, accepted because the model sees the text and a hidden
// instruction costs more than a changed glyph: removing ZWJ (U+200D) splits
// emoji ZWJ sequences into their parts ("woman, ZWJ, laptop" becomes the two
// emoji woman and laptop), removing ZWNJ (U+200C) changes how some Persian
// and Indic words join, and removing tag characters turns subdivision flags
// (Scotland, England, Wales) into a plain black flag. Variation selectors
// (U+FE0F after a heart) are kept. This source file itself contains none of
// the stripped characters; the tests spell them as escapes.
func Stripped(r rune) bool {
	switch {
	case r < 0xAD:
		return false
	case r == 0xAD, r == 0x61C, r == 0xFEFF:
		return true
	case r >= 0x200B && r <= 0x200F,
		r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x206F,
		r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return false
}

// Sanitize returns s without the characters Stripped reports. Everything
// else is kept byte for byte, including accents, CJK, emoji and even invalid
// UTF-8. A string with nothing to remove is returned as is, without copying.
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
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !Stripped(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstStripped returns the byte offset of the first stripped character in
// s, or -1.
func firstStripped(s string) int {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if Stripped(r) {
			return i
		}
		i += size
	}
	return -1
}

// SanitizeValue applies Sanitize to every string inside v, map keys
// included, and returns the result. It never modifies v: maps and slices
// are copied.
//
// Values as encoding/json decodes them (map[string]any, []any, string,
// float64, json.Number, bool, nil), plus []string, map[string]string and
// json.RawMessage, keep their types. Numbers, bools and string-kinded types
// keep their type too. Any other value (a struct, a pointer, a typed map) is
// passed through JSON and comes back as the map[string]any / []any form of
// its JSON, numbers as json.Number; a value json.Marshal rejects, or
// json.RawMessage that is not valid JSON, is returned unchanged, since it
// cannot be encoded for the model either.
//
// When two keys of a map become equal after sanitizing ("id\u200b" and
// "id"), the key that was already clean keeps its value; among keys that
// all needed cleaning, the one that sorts first wins. SanitizeJSON, which
// keeps duplicate keys in order, cannot make that choice and leaves it to
// the reader.
func SanitizeValue(v any) any {
	switch x := v.(type) {
	case nil, bool, float64, json.Number:
		return v
	case string:
		return Sanitize(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = SanitizeValue(e)
		}
		return out
	case map[string]any:
		return sanitizeMap(x, SanitizeValue)
	case []string:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = Sanitize(e)
		}
		return out
	case map[string]string:
		return sanitizeMap(x, Sanitize)
	case json.RawMessage:
		if out, err := SanitizeJSON(x); err == nil {
			return json.RawMessage(out)
		}
		return x
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return v
	case reflect.String:
		return reflect.ValueOf(Sanitize(rv.String())).Convert(rv.Type()).Interface()
	}
	return sanitizeViaJSON(v)
}

// sanitizeMap copies m with sanitized keys and values, resolving key
// collisions as SanitizeValue documents.
func sanitizeMap[V any](m map[string]V, value func(V) V) map[string]V {
	out := make(map[string]V, len(m))
	var dirty []string
	for k, v := range m {
		if firstStripped(k) >= 0 {
			dirty = append(dirty, k)
			continue
		}
		out[k] = value(v)
	}
	sort.Strings(dirty)
	for _, k := range dirty {
		clean := Sanitize(k)
		if _, taken := out[clean]; !taken {
			out[clean] = value(m[k])
		}
	}
	return out
}

// sanitizeViaJSON handles types SanitizeValue does not walk itself: it
// encodes v, sanitizes the JSON and decodes it again, keeping numbers
// exact.
func sanitizeViaJSON(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return v
	}
	clean, err := SanitizeJSON(raw)
	if err != nil {
		return v
	}
	dec := json.NewDecoder(strings.NewReader(string(clean)))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return v
	}
	return out
}
