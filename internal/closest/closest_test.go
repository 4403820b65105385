package closest

import "testing"

func TestWord(t *testing.T) {
	t.Parallel()
	flags := []string{"sandbox", "read-only", "transport", "config", "allow-destructive", "addr"}
	for _, tc := range []struct{ word, want string }{
		{"sandox", "sandbox"},
		{"sandobx", "sandbox"},
		{"SANDBOX", "sandbox"},
		{"readonly", "read-only"},
		{"read_only", "read-only"},
		{"transprot", "transport"},
		{"conifg", "config"},
		{"adr", "addr"},
		{"verbose", ""},
		{"x", ""},
		{"", ""},
	} {
		if got := Word(tc.word, flags); got != tc.want {
			t.Errorf("Word(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	if got := Word("read_ony", []string{"name", "id", "key_env", "key_file", "read_only", "allow", "deny"}); got != "read_only" {
		t.Errorf("YAML key: got %q", got)
	}
	if got := Word("anything", nil); got != "" {
		t.Errorf("no candidates: got %q", got)
	}
}
