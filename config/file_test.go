package config

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// TestYAMLMistakes: every mistake in the file is its own line, with the
// line number, the closest known key and no Go type names.
func TestYAMLMistakes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want []string // each must be one whole problem's suffix
	}{
		{"every unknown key, with the closest", "timout: 30s\naccounts:\n  - name: a\n    id: " + acct1 + "\n    key_env: K\n    read_ony: true\n    alow: ['/contacts/**']\nsites:\n  - alias: s\n    id: " + site1 + "\n    acount: a\n",
			[]string{
				"line 1: unknown key timout; did you mean timeout?",
				"line 6: unknown key read_ony in accounts[0]; did you mean read_only?",
				"line 7: unknown key alow in accounts[0]; did you mean allow?",
				"line 11: unknown key acount in sites[0]; did you mean account?",
			}},
		{"a flag-only setting", "transport: http\naccounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\n",
			[]string{"line 1: unknown key transport; transport cannot be set in the file: use --transport or WIX_MCP_TRANSPORT"}},
		{"nothing near", "zzz: 1\naccounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\n",
			[]string{"line 1: unknown key zzz; known keys: accounts, sites, "}},
		{"wrong types", "accounts:\n  - name: a\n    id: " + acct1 + "\n    key_env: K\n    allow: /contacts/**\n    read_only: maybe\n",
			[]string{"line 5: allow must be a list, such as [\"/contacts/**\"]", "line 6: read_only must be true or false"}},
		{"wrong type on a shared line", "accounts:\n  - {name: a, id: " + acct1 + ", key_env: K, allow: /x}\n",
			[]string{"line 2: this value has the wrong type; write a list, such as [\"/contacts/**\"]"}},
		{"a setting with a list", "timeout: [1, 2]\naccounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\n",
			[]string{"line 1: timeout takes one value, such as timeout: 30s"}},
		{"a bad setting value names its line", "accounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\ntimeout: soon\n",
			[]string{"config file line 3, timeout: not a positive duration; write it like 30s, 2m or 1h"}},
		{"set twice", "timeout: 1s\ntimeout: 2s\naccounts:\n  - {name: a, id: " + acct1 + ", key_env: K, name: b}\n",
			[]string{"line 2: timeout is set twice (also on line 1); keep one", "line 4: accounts[0]: name is set twice; keep one"}},
		{"accounts not a list", "accounts:\n  name: a\n", []string{"line 2: accounts must be a list, one entry per line starting with \"- \""}},
		{"not a mapping", "- a\n- b\n", []string{"line 1: the file must be a mapping of keys such as accounts: and sites:"}},
		{"syntax", "accounts: [\n", []string{"invalid YAML: line 1: did not find expected node content"}},
		{"two pins", "accounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\nsites:\n  - {alias: s, id: " + site1 + ", account: a, pin: true}\n  - {alias: t, id: 55555555-5555-4555-8555-555555555555, account: a, pin: true}\n",
			[]string{`site "t": pin: true is also set on site "s"; at most one site can be pinned`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			file := writeFile(t, "c.yaml", tt.body, 0o600)
			_, err := Load([]string{"--config", file}, envOf(map[string]string{"K": "IST.k"}), io.Discard)
			var cfgErr *Error
			if !errors.As(err, &cfgErr) {
				t.Fatalf("want *Error, got %v", err)
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(cfgErr.Problems, func(p string) bool { return strings.Contains(p, w) }) {
					t.Errorf("no problem says %q; problems:\n%s", w, strings.Join(cfgErr.Problems, "\n"))
				}
			}
			for _, p := range cfgErr.Problems {
				for _, internal := range []string{"config.file", "[]string", "!!", "unmarshal", "not found in type"} {
					if strings.Contains(p, internal) {
						t.Errorf("problem shows Go or YAML internals (%s): %s", internal, p)
					}
				}
			}
		})
	}
}

// TestEmptyConfiguration: a file that configures nothing is an error that
// says what to add, not a server that can reach nothing.
func TestEmptyConfiguration(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"", "accounts: []\n", "accounts: []\nsites: []\n", "timeout: 30s\n", "accounts:\n"} {
		file := writeFile(t, "c.yaml", body, 0o600)
		_, err := Load([]string{"--config", file}, envOf(nil), io.Discard)
		var cfgErr *Error
		if !errors.As(err, &cfgErr) || len(cfgErr.Problems) != 1 {
			t.Fatalf("%q: want one problem, got %v", body, err)
		}
		for _, w := range []string{"configures no account and no site", "accounts:", "key_env", "--sandbox"} {
			if !strings.Contains(cfgErr.Problems[0], w) {
				t.Errorf("%q: problem lacks %q: %s", body, w, cfgErr.Problems[0])
			}
		}
	}
}

// TestPinIsExplicit: one configured site beside an account does not pin
// the server; pin: true does.
func TestPinIsExplicit(t *testing.T) {
	t.Parallel()
	body := "accounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\nsites:\n  - {alias: s, id: " + site1 + ", account: a}\n"
	c, err := Load([]string{"--config", writeFile(t, "c.yaml", body, 0o600)}, envOf(map[string]string{"K": "v"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Sites[0].Pin {
		t.Error("a lone site was pinned without pin: true")
	}
	body = strings.Replace(body, "account: a}", "account: a, pin: true}", 1)
	c, err = Load([]string{"--config", writeFile(t, "c.yaml", body, 0o600)}, envOf(map[string]string{"K": "v"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Sites[0].Pin {
		t.Error("pin: true was not read")
	}
}

// TestFlagMistakes: a mistyped flag is one line with the closest flag, not
// the error twice and the whole usage.
func TestFlagMistakes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--sandox"}, "unknown flag --sandox; did you mean --sandbox?"},
		{[]string{"-readonly"}, "unknown flag --readonly; did you mean --read-only?"},
		{[]string{"--api-key", "IST.secret"}, "unknown flag --api-key: keys and tokens are never flags"},
		{[]string{"--frobnicate"}, "unknown flag --frobnicate; run wix-mcp --help for the flags"},
		{[]string{"--timeout"}, "flag --timeout needs a value, e.g. --timeout=VALUE"},
		{[]string{"--sandbox=maybe"}, "invalid boolean value \"maybe\" for --sandbox: parse error; run wix-mcp --help for the flags"},
	} {
		var usage strings.Builder
		_, err := Load(tc.args, envOf(nil), &usage)
		var fe *FlagError
		if !errors.As(err, &fe) {
			t.Fatalf("%v: want *FlagError, got %T %v", tc.args, err, err)
		}
		if !strings.HasPrefix(fe.Error(), tc.want) || strings.Contains(fe.Error(), "\n") {
			t.Errorf("%v: got %q, want %q", tc.args, fe.Error(), tc.want)
		}
		if strings.Contains(fe.Error(), "IST.secret") {
			t.Errorf("%v: the value was echoed: %q", tc.args, fe.Error())
		}
		if usage.Len() != 0 {
			t.Errorf("%v: usage printed on a mistake:\n%s", tc.args, usage.String())
		}
	}
}
