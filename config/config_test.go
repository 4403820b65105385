package config

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) Environment {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	acct1 = "11111111-1111-4111-8111-111111111111"
	acct2 = "22222222-2222-4222-8222-222222222222"
	site1 = "33333333-3333-4333-8333-333333333333"
)

func TestQuickSetupFromEnvironment(t *testing.T) {
	t.Parallel()
	c, err := Load(nil, envOf(map[string]string{"WIX_API_KEY": "IST.secret", "WIX_ACCOUNT_ID": acct1}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Accounts) != 1 || c.Accounts[0].ID != acct1 || c.Accounts[0].Key.Reveal() != "IST.secret" || c.Accounts[0].Name != DefaultAccountName {
		t.Fatalf("accounts = %+v", c.Accounts)
	}
	if c.Accounts[0].KeySource != "env WIX_API_KEY" {
		t.Errorf("KeySource = %q", c.Accounts[0].KeySource)
	}
	if len(c.Sites) != 0 {
		t.Errorf("no site expected, got %+v", c.Sites)
	}
	if c.Transport != "stdio" || c.BaseURL != DefaultBaseURL || c.Timeout != 30*time.Second || c.MaxResultChars != DefaultMaxResultChars {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func TestQuickSetupPinsSite(t *testing.T) {
	t.Parallel()
	c, err := Load(nil, envOf(map[string]string{"WIX_API_KEY": "k", "WIX_ACCOUNT_ID": acct1, "WIX_SITE_ID": site1}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sites) != 1 || c.Sites[0].ID != site1 || c.Sites[0].Account != DefaultAccountName || !c.Sites[0].Pin {
		t.Fatalf("sites = %+v", c.Sites)
	}
	// A site-only setup uses the key directly, with no account.
	c, err = Load(nil, envOf(map[string]string{"WIX_API_KEY": "k", "WIX_SITE_ID": site1}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Accounts) != 0 || len(c.Sites) != 1 || c.Sites[0].Key.Reveal() != "k" {
		t.Fatalf("site-only config = %+v %+v", c.Accounts, c.Sites)
	}
}

func TestPrecedenceFlagOverEnvOverFile(t *testing.T) {
	t.Parallel()
	file := writeFile(t, "c.yaml", "timeout: 5s\nread_only: true\naccounts:\n  - {name: a, id: "+acct1+", key_env: K}\n", 0o600)
	env := map[string]string{"K": "key", "WIX_MCP_CONFIG": file}
	c, err := Load(nil, envOf(env), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Timeout != 5*time.Second || !c.ReadOnly {
		t.Errorf("file values not applied: timeout %v read-only %v", c.Timeout, c.ReadOnly)
	}
	env["WIX_MCP_TIMEOUT"] = "7s"
	c, err = Load(nil, envOf(env), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Timeout != 7*time.Second {
		t.Errorf("env should beat file: %v", c.Timeout)
	}
	c, err = Load([]string{"--timeout", "9s", "--read-only=false"}, envOf(env), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Timeout != 9*time.Second || c.ReadOnly {
		t.Errorf("flag should beat env and file: %v %v", c.Timeout, c.ReadOnly)
	}
}

func TestFullFile(t *testing.T) {
	t.Parallel()
	keyFile := writeFile(t, "key", "IST.from-file\n", 0o600)
	file := writeFile(t, "c.yaml", `
accounts:
  - name: agency
    id: `+acct1+`
    key_env: AGENCY_KEY
    read_only: true
    deny: ["/stores/**"]
  - name: client
    id: `+acct2+`
    key_file: `+keyFile+`
    confirm_destructive: false
sites:
  - alias: bakery
    id: `+site1+`
    account: agency
    allow: ["/contacts/**"]
`, 0o600)
	c, err := Load([]string{"--config", file}, envOf(map[string]string{"AGENCY_KEY": "IST.agency"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Accounts) != 2 || len(c.Sites) != 1 {
		t.Fatalf("got %d accounts, %d sites", len(c.Accounts), len(c.Sites))
	}
	a, _ := c.Account("agency")
	if a.Key.Reveal() != "IST.agency" || !a.Policy.ReadOnly || a.Policy.Deny[0] != "/stores/**" || a.KeySource != "env AGENCY_KEY" {
		t.Errorf("agency = %+v", a)
	}
	b, _ := c.Account("client")
	if b.Key.Reveal() != "IST.from-file" || b.Policy.ConfirmDestructive == nil || *b.Policy.ConfirmDestructive {
		t.Errorf("client = %+v", b)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("unexpected warnings %v", c.Warnings)
	}
}

func TestKeyFileReadableByOthersWarns(t *testing.T) {
	t.Parallel()
	keyFile := writeFile(t, "key", "IST.k", 0o644)
	file := writeFile(t, "c.yaml", "accounts:\n  - {name: a, id: "+acct1+", key_file: "+keyFile+"}\n", 0o600)
	c, err := Load([]string{"--config", file}, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "chmod 600") {
		t.Errorf("warnings = %v", c.Warnings)
	}
}

func TestSandboxNeedsNoConfiguration(t *testing.T) {
	t.Parallel()
	c, err := Load([]string{"--sandbox"}, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Sandbox {
		t.Error("sandbox not set")
	}
	c, err = Load(nil, envOf(map[string]string{"WIX_MCP_SANDBOX": "true"}), io.Discard)
	if err != nil || !c.Sandbox {
		t.Fatalf("WIX_MCP_SANDBOX=true: %v %v", c, err)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	_, err := Load([]string{"-h"}, envOf(nil), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v", err)
	}
	for _, s := range settings {
		if !strings.Contains(out.String(), "-"+s.flag) || !strings.Contains(out.String(), s.env) {
			t.Errorf("help lacks --%s or %s", s.flag, s.env)
		}
	}
}

// Every invalid configuration fails with one line per problem that names
// the field, what is wrong and what to do.
func TestInvalidConfigurations(t *testing.T) {
	t.Parallel()
	keyFile := writeFile(t, "key", "IST.k", 0o600)
	emptyKey := writeFile(t, "empty", "\n", 0o600)
	yaml := func(body string) string { return writeFile(t, "c.yaml", body, 0o600) }
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"nothing configured", nil, nil, []string{"no Wix configuration", "WIX_API_KEY", "--config", "--sandbox"}},
		{"account without key", nil, map[string]string{"WIX_ACCOUNT_ID": acct1}, []string{"WIX_API_KEY is not set"}},
		{"key without account", nil, map[string]string{"WIX_API_KEY": "k"}, []string{"WIX_ACCOUNT_ID is not set"}},
		{"bad transport", []string{"--transport", "websocket", "--sandbox"}, nil, []string{"--transport", "stdio, http or sse"}},
		{"bad timeout env", []string{"--sandbox"}, map[string]string{"WIX_MCP_TIMEOUT": "soon"}, []string{"WIX_MCP_TIMEOUT", "positive duration"}},
		{"negative timeout", []string{"--sandbox", "--timeout", "-1s"}, nil, []string{"--timeout", "positive duration"}},
		{"http base url", []string{"--sandbox", "--base-url", "http://example.com"}, nil, []string{"--base-url", "non-loopback", "https"}},
		{"base url with path", []string{"--sandbox", "--base-url", "https://x.test/api"}, nil, []string{"must not have a path", "origin"}},
		{"base url ftp", []string{"--sandbox"}, map[string]string{"WIX_API_BASE_URL": "ftp://x.test"}, []string{"WIX_API_BASE_URL", "must use https"}},
		{"bad log level", []string{"--sandbox", "--log-level", "loud"}, nil, []string{"--log-level"}},
		{"small max result", []string{"--sandbox", "--max-result-chars", "10"}, nil, []string{"--max-result-chars", "at least 1000"}},
		{"positional argument", []string{"--sandbox", "IST.secret"}, nil, []string{"unexpected positional argument"}},
		{"missing config file", []string{"--config", "/nonexistent/wix.yaml"}, nil, []string{"config file /nonexistent/wix.yaml", "cannot read"}},
		{"yaml typo", []string{"--config", yaml("acounts: []\n")}, nil, []string{"line 1: unknown key acounts; did you mean accounts?"}},
		{"inline key", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key: IST.secret}\n")}, nil,
			[]string{`account "a"`, "may not be written in the config file", "key_env"}},
		{"key env unset", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_env: NOPE}\n")}, nil, []string{"NOPE", "not set"}},
		{"key env and file", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_env: K, key_file: " + keyFile + "}\n")}, map[string]string{"K": "v"}, []string{"not both"}},
		{"key file missing", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_file: /nonexistent/key}\n")}, nil, []string{"key_file cannot be read", "no such file", "not shown"}},
		{"key file empty", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_file: " + emptyKey + "}\n")}, nil, []string{"empty file"}},
		{"account no key", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + "}\n")}, nil, []string{"no key"}},
		{"account no name", []string{"--config", yaml("accounts:\n  - {id: " + acct1 + ", key_env: K}\n")}, map[string]string{"K": "v"}, []string{"has no name"}},
		{"account no id", []string{"--config", yaml("accounts:\n  - {name: a, key_env: K}\n")}, map[string]string{"K": "v"}, []string{"id is missing"}},
		{"duplicate accounts", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\n  - {name: a, id: " + acct2 + ", key_env: K}\n")}, map[string]string{"K": "v"}, []string{"used twice"}},
		{"duplicate account id", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\n  - {name: b, id: " + acct1 + ", key_env: K}\n")}, map[string]string{"K": "v"}, []string{"also used by"}},
		{"bad id", []string{"--config", yaml("accounts:\n  - {name: a, id: 'x y', key_env: K}\n")}, map[string]string{"K": "v"}, []string{"is not a Wix ID"}},
		{"site unknown account", []string{"--config", yaml("sites:\n  - {alias: s, id: " + site1 + ", account: ghost}\n")}, nil, []string{`account "ghost" is not configured`}},
		{"site no key", []string{"--config", yaml("sites:\n  - {alias: s, id: " + site1 + "}\n")}, nil, []string{`site "s"`, "no key"}},
		{"site account and key", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\nsites:\n  - {alias: s, id: " + site1 + ", account: a, key_env: K}\n")}, map[string]string{"K": "v"}, []string{"not both"}},
		{"bad rule pattern", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_env: K, allow: ['contacts/**'], deny: ['/x/**y']}\n")}, map[string]string{"K": "v"},
			[]string{`account "a"`, "allow rule (not shown)", `must start with "/"`, "/x/**y"}},
		{"base url bare fragment", []string{"--sandbox", "--base-url", "https://www.wixapis.com#"}, nil, []string{"must not have a fragment"}},
		{"base url bare query", []string{"--sandbox", "--base-url", "https://www.wixapis.com?"}, nil, []string{"must not have a query"}},
		{"id with a control character", nil, map[string]string{"WIX_API_KEY": "k", "WIX_ACCOUNT_ID": "abc\x01def"}, []string{"is not a Wix ID"}},
		{"id with non-ASCII", nil, map[string]string{"WIX_API_KEY": "k", "WIX_ACCOUNT_ID": "abcé"}, []string{"is not a Wix ID"}},
		{"key with a space inside", nil, map[string]string{"WIX_API_KEY": "IST.secret part2", "WIX_ACCOUNT_ID": acct1}, []string{"account \"default\"", "whitespace"}},
		{"key with a newline inside", nil, map[string]string{"WIX_API_KEY": "IST.secret\nX-Evil: 1", "WIX_ACCOUNT_ID": acct1}, []string{"whitespace, control"}},
		{"bad alias", []string{"--config", yaml("sites:\n  - {alias: 'my site', id: " + site1 + ", key_env: K}\n")}, map[string]string{"K": "v"}, []string{"aliases may hold only"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.args, envOf(tt.env), io.Discard)
			var cfgErr *Error
			if !errors.As(err, &cfgErr) {
				t.Fatalf("want *Error, got %v", err)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "IST.secret") || strings.Contains(msg, "IST.k") {
				t.Errorf("error leaks a key: %q", msg)
			}
		})
	}
}

func TestAllProblemsReportedAtOnce(t *testing.T) {
	t.Parallel()
	_, err := Load([]string{"--sandbox", "--timeout", "x", "--log-level", "y"}, envOf(nil), io.Discard)
	var cfgErr *Error
	if !errors.As(err, &cfgErr) || len(cfgErr.Problems) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	s := Secret("IST.topsecret")
	for _, got := range []string{s.String(), s.GoString()} {
		if strings.Contains(got, "topsecret") {
			t.Errorf("secret printed: %q", got)
		}
	}
	b, _ := s.MarshalText()
	if strings.Contains(string(b), "topsecret") {
		t.Error("secret marshalled")
	}
}

func TestIsLoopbackAddr(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "[::1]:80": true, "localhost:1": true, "0.0.0.0:8080": false, "10.0.0.1:80": false, ":8080": false} {
		if got := IsLoopbackAddr(addr); got != want {
			t.Errorf("IsLoopbackAddr(%q) = %v", addr, got)
		}
	}
}
