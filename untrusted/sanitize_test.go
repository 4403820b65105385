package untrusted

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

func TestStripped(t *testing.T) {
	t.Parallel()
	stripped := []rune{
		0x00AD, 0x061C,
		0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
		0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2065,
		0x2066, 0x2067, 0x2068, 0x2069, 0x206A, 0x206F,
		0xFEFF,
		0xE0000, 0xE0001, 0xE0020, 0xE0041, 0xE007E, 0xE007F,
	}
	kept := []rune{
		'a', 0x00AC, 0x00AE, 0x061B, 0x061D,
		0x200A, 0x2010, 0x2028, 0x2029, 0x202F, 0x205F, 0x2070,
		0xFE0F, 0xFEFE, 0xFF00, 0xDFFFF, 0xE0080, 0xE0100,
		0x1F600, 0x4E2D, 0x00E9,
	}
	for _, r := range stripped {
		if !Stripped(r) {
			t.Errorf("Stripped(U+%04X) = false, want true", r)
		}
		if got := Sanitize("a" + string(r) + "b"); got != "ab" {
			t.Errorf("Sanitize(a U+%04X b) = %q, want \"ab\"", r, got)
		}
	}
	for _, r := range kept {
		if Stripped(r) {
			t.Errorf("Stripped(U+%04X) = true, want false", r)
		}
		if in := "a" + string(r) + "b"; Sanitize(in) != in {
			t.Errorf("Sanitize changed U+%04X", r)
		}
	}
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"ascii", "Hello, world", "Hello, world"},
		{"accents", "Zoë Ångström, São Paulo", "Zoë Ångström, São Paulo"},
		{"cjk and arabic", "東京 مرحبا 서울", "東京 مرحبا 서울"},
		{"emoji with variation selector", "I \u2764\uFE0F it 😀", "I \u2764\uFE0F it 😀"},
		{"empty", "", ""},
		{"soft hyphen hides a word", "ig\u00adnore previous instructions", "ignore previous instructions"},
		{"zero-width spaces", "\u200bsys\u200btem\u200b", "system"},
		{"bom", "\uFEFFname", "name"},
		{"bidi override", "invoice \u202Egpj.exe\u202C", "invoice gpj.exe"},
		{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc"},
		// Tag characters spell "hi" invisibly (ASCII smuggling).
		{"tag smuggling", "Acme\U000E0068\U000E0069 Ltd", "Acme Ltd"},
		// Trade-offs documented on Stripped: ZWJ emoji sequences fall apart,
		// ZWNJ joins Persian letters differently, subdivision flags lose
		// their tags.
		{"zwj emoji sequence split", "\U0001F469\u200D\U0001F4BB", "\U0001F469\U0001F4BB"},
		{"zwnj in persian", "می\u200cخواهم", "میخواهم"},
		{"scotland flag", "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "\U0001F3F4"},
		{"invalid utf-8 kept", "a\xffb\u200bc\xc3", "a\xffbc\xc3"},
		{"only stripped", "\u200b\u200c\u200d\uFEFF", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sanitize(tc.in); got != tc.want {
				t.Errorf("Sanitize(%+q) = %+q, want %+q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSanitizeCleanStringDoesNotAllocate(t *testing.T) {
	s := "Zoë 東京 😀 plain text that needs nothing"
	if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
		t.Errorf("Sanitize on a clean string allocated %v times, want 0", n)
	}
}

type status string

type contact struct {
	Name  string `json:"name"`
	Notes string `json:"notes"`
	Count int64  `json:"count"`
}

func TestSanitizeValue(t *testing.T) {
	t.Parallel()
	in := map[string]any{
		"name\u200b": "Al\u200bice",
		"tags":       []any{"v\u00adip", 1.5, true, nil, json.Number("12345678901234567890")},
		"nested":     map[string]any{"x": []any{map[string]any{"\uFEFFy": "\u202Ez"}}},
	}
	want := map[string]any{
		"name":   "Alice",
		"tags":   []any{"vip", 1.5, true, nil, json.Number("12345678901234567890")},
		"nested": map[string]any{"x": []any{map[string]any{"y": "z"}}},
	}
	if got := SanitizeValue(in); !reflect.DeepEqual(got, want) {
		t.Errorf("SanitizeValue = %#v\nwant %#v", got, want)
	}
	if _, ok := in["name\u200b"]; !ok || in["tags"].([]any)[0] != "v\u00adip" {
		t.Error("SanitizeValue modified its input")
	}

	tests := []struct {
		name    string
		in, out any
	}{
		{"string", "a\u200bb", "ab"},
		{"nil", nil, nil},
		{"int keeps its type", 42, 42},
		{"uint8 keeps its type", uint8(7), uint8(7)},
		{"named string type", status("ok\u200b"), status("ok")},
		{"[]string", []string{"a\u200b", "b"}, []string{"a", "b"}},
		{"map[string]string", map[string]string{"k\u200b": "v\u200b"}, map[string]string{"k": "v"}},
		{"raw JSON", json.RawMessage(`{"a": "\u200bb", "n": 1.10}`), json.RawMessage(`{"a":"b","n":1.10}`)},
		{"invalid raw JSON returned unchanged", json.RawMessage(`{"a"`), json.RawMessage(`{"a"`)},
		{"struct goes through JSON", contact{Name: "Bo\u200bb", Notes: "<b>&", Count: 9007199254740993},
			map[string]any{"name": "Bob", "notes": "<b>&", "count": json.Number("9007199254740993")}},
		{"pointer goes through JSON", &contact{Name: "\u2066x"}, map[string]any{"name": "x", "notes": "", "count": json.Number("0")}},
		{"ints inside a map keep their type", map[string]any{"f": 1}, map[string]any{"f": 1}},
		// Key collisions: the already-clean key keeps its value ...
		{"clean key wins", map[string]any{"id\u200b": "dirty", "id": "clean"}, map[string]any{"id": "clean"}},
		// ... and among dirty keys the first in sort order wins.
		{"first dirty key wins", map[string]any{"id\u200c": "second", "id\u200b": "first"}, map[string]any{"id": "first"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SanitizeValue(tc.in); !reflect.DeepEqual(got, tc.out) {
				t.Errorf("SanitizeValue(%#v) = %#v (%T), want %#v (%T)", tc.in, got, got, tc.out, tc.out)
			}
		})
	}

	// A value json.Marshal rejects comes back unchanged.
	type withChan struct {
		Name string
		C    chan int
	}
	rejected := withChan{Name: "a\u200b"}
	if got := SanitizeValue(rejected); fmt.Sprintf("%T", got) != fmt.Sprintf("%T", rejected) {
		t.Errorf("SanitizeValue(withChan) = %T, want it unchanged", got)
	}
}
