package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// fuzzSecret is the value of the key variables a fuzzed file may name; it
// must never show in an error, a warning or a printed Config.
const fuzzSecret = "IST.fuzz-secret-7d1e4b09"

// FuzzLoad feeds Load any YAML file and any values of the settings most
// often typed by hand. For every input: Load does not panic; it fails only
// with a *Error whose problems are non-empty lines; no key reaches its
// errors, warnings or a printed Config; and a configuration it accepts is
// one the Wix client accepts too (base URL, every key and every scope), so
// a bad value stops wix-mcp at start-up instead of failing every call.
func FuzzLoad(f *testing.F) {
	f.Add(`timeout: 30s
accounts:
  - name: agency
    id: 11111111-1111-4111-8111-111111111111
    key_env: FUZZ_KEY
    read_only: true
sites:
  - alias: bakery
    id: 33333333-3333-4333-8333-333333333333
    account: agency
    allow: ["/contacts/**", "/stores/v3/**"]
    deny: ["/contacts/v4/contacts/*/labels/**"]
    confirm_destructive: true
  - alias: shop
    id: 44444444-4444-4444-8444-444444444444
    key_env: FUZZ_KEY_2
`, "", "", "")
	f.Add("accounts:\n  - name: a\n    id: x\n    key: "+fuzzSecret+"\n", "45s", "https://www.wixapis.com", "5000")
	f.Add("sites:\n  - alias: s\n    id: 1\n    key_env: FUZZ_KEY\n    allow: ['/a/**', '[']\n", "-1s", "http://127.0.0.1:9", "0")
	f.Add("base_url: http://localhost:8080\nmax_result_chars: 999999999999\nlog_level: verbose\n", "1h", "http://10.0.0.1", "x")
	f.Add("accounts: {name: 3}\n", "", "https://user:pw@www.wixapis.com/x?y#z", "")
	f.Add("unknown_field: 1\n", "30", "ftp://www.wixapis.com", "20000")
	// Inputs a fuzz run once found accepted by Load but refused by the Wix
	// client: kept so they stay fixed.
	f.Add("accounts:\n  - {name: a, id: \"x\\x01y\", key_env: FUZZ_KEY}\n", "", "", "")
	f.Add("accounts:\n  - {name: a, id: \"idé\", key_env: FUZZ_KEY}\n", "", "", "")
	f.Add("", "", "https://www.wixapis.com#", "")
	f.Add("", "", "https://www.wixapis.com?", "")
	// The key pasted where it does not belong: no problem may quote it.
	f.Add("accounts:\n  - {name: a, id: "+fuzzSecret+", key_env: "+fuzzSecret+"}\n", fuzzSecret, "https://u:"+fuzzSecret+"@h.test", fuzzSecret)
	f.Add("accounts:\n  - {name: "+fuzzSecret+", id: 11111111-1111-4111-8111-111111111111, key_file: "+fuzzSecret+", allow: ['"+fuzzSecret+"']}\n", "", "", "")
	f.Add("timeout: "+fuzzSecret+"\nmax_result_chars: "+fuzzSecret+"\nread_only: "+fuzzSecret+"\n", "", fuzzSecret, "")
	f.Add("sites:\n  - {alias: s, id: 33333333-3333-4333-8333-33333333333A, account: "+fuzzSecret+", deny: ['"+fuzzSecret+"/**']}\n", "", "http://"+fuzzSecret, "")
	f.Fuzz(checkLoad)
}

// checkLoad is FuzzLoad's check of one input.
func checkLoad(t *testing.T, yaml, timeout, baseURL, maxChars string) {
	// A fuzzed key_file must not read devices or kernel files of the
	// machine running the fuzzer (reading /dev/zero never ends).
	for _, dir := range []string{"/dev", "/proc", "/sys"} {
		if strings.Contains(yaml, dir) {
			return
		}
	}
	path := filepath.Join(t.TempDir(), "wix-mcp.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"WIX_MCP_CONFIG": path, "WIX_MCP_TIMEOUT": timeout, "WIX_API_BASE_URL": baseURL,
		"WIX_MCP_MAX_RESULT_CHARS": maxChars, "FUZZ_KEY": fuzzSecret, "FUZZ_KEY_2": fuzzSecret + "-2",
	}
	type loaded struct {
		c   *Config
		err error
	}
	done := make(chan loaded, 1)
	go func() {
		var usage bytes.Buffer
		c, err := Load(nil, func(k string) string { return env[k] }, &usage)
		done <- loaded{c, err}
	}()
	var c *Config
	var err error
	select {
	case l := <-done:
		c, err = l.c, l.err
	case <-time.After(10 * time.Second):
		t.Fatalf("Load did not return within 10s for file %q", yaml)
	}
	if err != nil {
		var cfgErr *Error
		if !errors.As(err, &cfgErr) || len(cfgErr.Problems) == 0 {
			t.Fatalf("Load failed with %T %v, want a *Error listing problems", err, err)
		}
		for _, p := range cfgErr.Problems {
			if strings.TrimSpace(p) == "" || strings.Contains(p, "\n") {
				t.Fatalf("problem %q is not one line", p)
			}
		}
		if strings.Contains(err.Error(), fuzzSecret) {
			t.Fatalf("a key appears in the problems: %v", err)
		}
		return
	}
	printed := fmt.Sprintf("%v %+v %#v %s", c, c, c, strings.Join(c.Warnings, " "))
	if strings.Contains(printed, fuzzSecret) {
		t.Fatalf("a key appears in the printed Config or its warnings: %s", printed)
	}
	if c.Timeout <= 0 || c.MaxResultChars <= 0 {
		t.Fatalf("accepted timeout %v and max result chars %d", c.Timeout, c.MaxResultChars)
	}
	client := func(what, key string, scope wixclient.Scope) {
		if _, err := wixclient.New(wixclient.Options{BaseURL: c.BaseURL, Key: key, Scope: scope, Timeout: c.Timeout}); err != nil {
			t.Fatalf("Load accepted %s, but no Wix client can be built for it: %v", what, err)
		}
	}
	for _, a := range c.Accounts {
		if id, ok := wixclient.CanonicalID(a.ID); !ok || id != a.ID {
			t.Fatalf("account ID %q accepted but not a canonical GUID", a.ID)
		}
		client(fmt.Sprintf("account %q", a.Name), a.Key.Reveal(), wixclient.AccountScope(a.ID))
	}
	for _, s := range c.Sites {
		if id, ok := wixclient.CanonicalID(s.ID); !ok || id != s.ID {
			t.Fatalf("site ID %q accepted but not a canonical GUID", s.ID)
		}
		key := s.Key.Reveal()
		if s.Account != "" {
			a, ok := c.Account(s.Account)
			if !ok {
				t.Fatalf("site %q names account %q, which is not configured", s.Alias, s.Account)
			}
			key = a.Key.Reveal()
		}
		client(fmt.Sprintf("site %q", s.Alias), key, wixclient.SiteScope(s.ID))
	}
}
