package config

import (
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"
)

// pastedKey is what a Wix API key looks like (IST. and a JWT); the tests
// paste it into every field where it does not belong.
const pastedKey = "IST.eyJraWQiOiJQb3pIX2FDMiIsImFsZyI6IlJTMjU2In0.eyJkYXRhIjoie1wiaWRcIjpcIjEyM1wifSJ9.c2lnbmF0dXJl"

// keyShows reports whether msg holds the key or a recognisable piece of it,
// raw or percent-encoded.
func keyShows(msg string) bool {
	for _, piece := range []string{pastedKey, "eyJraWQiOiJQb3pIX2FDMiIs", "c2lnbmF0dXJl", url.QueryEscape(pastedKey)} {
		if strings.Contains(msg, piece) {
			return true
		}
	}
	return false
}

// TestConfigErrorsNeverQuoteAKey pastes a key into every field that may
// hold the wrong value and checks the error names the field and says what
// is wrong, without the key.
func TestConfigErrorsNeverQuoteAKey(t *testing.T) {
	t.Parallel()
	keyFile := writeFile(t, "key", "IST.k", 0o600)
	yaml := func(body string) string { return writeFile(t, "c.yaml", body, 0o600) }
	okEnv := map[string]string{"K": "IST.real-key-0001"}
	account := func(fields string) []string {
		return []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", " + fields + "}\n")}
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // what the message must say: the field, the problem
	}{
		{"key in WIX_ACCOUNT_ID", nil, map[string]string{"WIX_API_KEY": "IST.real-key", "WIX_ACCOUNT_ID": pastedKey}, []string{`account "default"`, "id is not a Wix ID", "GUID"}},
		{"key in WIX_SITE_ID", nil, map[string]string{"WIX_API_KEY": "IST.real-key", "WIX_SITE_ID": pastedKey}, []string{`site "site"`, "not a Wix ID"}},
		{"key in both IDs", nil, map[string]string{"WIX_API_KEY": "IST.real-key", "WIX_ACCOUNT_ID": pastedKey, "WIX_SITE_ID": pastedKey}, []string{"not a Wix ID"}},
		{"key as the id in a file", []string{"--config", yaml("accounts:\n  - {name: a, id: " + pastedKey + ", key_env: K}\n")}, okEnv, []string{`account "a"`, "not a Wix ID"}},
		{"key as a site id in a file", []string{"--config", yaml("sites:\n  - {alias: s, id: '" + pastedKey + "', key_env: K}\n")}, okEnv, []string{`site "s"`, "not a Wix ID"}},
		{"key in key_env", account("key_env: " + pastedKey), nil, []string{`account "a"`, "key_env must be the name of an environment variable"}},
		{"key in key_env, quoted", account("key_env: '" + pastedKey + "'"), nil, []string{"key_env must be the name"}},
		{"key in key_file", account("key_file: " + pastedKey), nil, []string{`account "a"`, "key_file cannot be read", "no such file"}},
		{"key in key_file with a slash", account("key_file: /" + pastedKey), nil, []string{"key_file cannot be read"}},
		{"key as the account name", []string{"--config", yaml("accounts:\n  - {name: " + pastedKey + ", id: " + acct1 + ", key_env: K}\n")}, okEnv, []string{"accounts[0]", "names may hold only"}},
		{"key as the site alias", []string{"--config", yaml("sites:\n  - {alias: " + pastedKey + ", id: " + site1 + ", key_env: K}\n")}, okEnv, []string{"sites[0]", "aliases may hold only"}},
		{"key as the site's account", []string{"--config", yaml("sites:\n  - {alias: s, id: " + site1 + ", account: " + pastedKey + "}\n")}, nil, []string{`site "s"`, "is not configured"}},
		{"key in an allow rule", account("key_env: K, allow: ['" + pastedKey + "']"), okEnv, []string{"allow rule (not shown)", `must start with "/"`}},
		{"key in a deny rule", account("key_env: K, deny: ['" + pastedKey + "']"), okEnv, []string{"deny rule (not shown)"}},
		{"key as the timeout, env", []string{"--sandbox"}, map[string]string{"WIX_MCP_TIMEOUT": pastedKey}, []string{"WIX_MCP_TIMEOUT: not a positive duration"}},
		{"key as the timeout, flag", []string{"--sandbox", "--timeout", pastedKey}, nil, []string{"--timeout: not a positive duration"}},
		{"key as the timeout, file", []string{"--config", yaml("timeout: " + pastedKey + "\naccounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\n")}, okEnv, []string{"config file line 1, timeout: not a positive duration"}},
		{"key as max_result_chars, file", []string{"--config", yaml("max_result_chars: " + pastedKey + "\n")}, nil, []string{"config file line 1, max_result_chars: not a whole number"}},
		{"key as read_only, file", []string{"--config", yaml("read_only: " + pastedKey + "\n")}, nil, []string{"config file line 1, read_only: not a boolean"}},
		{"key as max sessions", []string{"--sandbox"}, map[string]string{"WIX_MCP_MAX_SESSIONS": pastedKey}, []string{"WIX_MCP_MAX_SESSIONS: not a whole number"}},
		{"key as a boolean", []string{"--sandbox"}, map[string]string{"WIX_MCP_READ_ONLY": pastedKey}, []string{"WIX_MCP_READ_ONLY: not a boolean"}},
		{"key as the transport", []string{"--sandbox"}, map[string]string{"WIX_MCP_TRANSPORT": pastedKey}, []string{"WIX_MCP_TRANSPORT: not a transport"}},
		{"key as the log level", []string{"--sandbox"}, map[string]string{"WIX_MCP_LOG_LEVEL": pastedKey}, []string{"WIX_MCP_LOG_LEVEL: not a log level"}},
		{"key as the base URL", []string{"--sandbox"}, map[string]string{"WIX_API_BASE_URL": pastedKey}, []string{"WIX_API_BASE_URL: the base URL"}},
		{"key as base URL userinfo", []string{"--sandbox"}, map[string]string{"WIX_API_BASE_URL": "https://" + pastedKey + "@www.wixapis.com"}, []string{"WIX_API_BASE_URL: the base URL must not contain userinfo"}},
		{"key as base URL password", []string{"--sandbox", "--base-url", "https://user:" + pastedKey + "@www.wixapis.com"}, nil, []string{"--base-url: the base URL must not contain userinfo"}},
		{"key as base URL host", []string{"--sandbox", "--base-url", "http://" + pastedKey + ".example"}, nil, []string{"--base-url: the base URL uses http on a non-loopback host"}},
		{"key in the base URL path", []string{"--sandbox", "--base-url", "https://www.wixapis.com/" + pastedKey}, nil, []string{"--base-url: the base URL must not have a path"}},
		{"key as the base URL scheme", []string{"--sandbox", "--base-url", "ist" + "://www.wixapis.com"}, nil, []string{"--base-url: the base URL must use https"}},
		{"key in the base URL, file", []string{"--config", yaml("base_url: https://x:" + pastedKey + "@h.test\n")}, nil, []string{"config file line 1, base_url: the base URL must not contain userinfo"}},
		{"key as the listen address", []string{"--sandbox", "--transport", "http", "--unsafe-no-auth", "--addr", pastedKey + ":80"}, nil, []string{"--unsafe-no-auth is refused"}},
		{"key as a positional argument", []string{"--sandbox", pastedKey}, nil, []string{"unexpected positional argument"}},
		{"key file next to a key in key_env", account("key_env: " + pastedKey + ", key_file: " + keyFile), nil, []string{"not both"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(tc.args, envOf(tc.env), io.Discard)
			var cfgErr *Error
			if !errors.As(err, &cfgErr) {
				t.Fatalf("want a *Error, got %v", err)
			}
			msg := err.Error()
			if keyShows(msg) {
				t.Fatalf("the error shows the key:\n%s", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

// TestPlaceholdersRefused checks that an unexpanded variable or sample
// text in place of a key stops the server, naming the variable and saying
// the client did not substitute it.
func TestPlaceholdersRefused(t *testing.T) {
	t.Parallel()
	placeholders := []string{
		"${WIX_API_KEY}", "$WIX_API_KEY", "%WIX_API_KEY%", "{{WIX_API_KEY}}", "{{ env.WIX_API_KEY }}",
		"${env:WIX_API_KEY}", "${input:wix-key}", "<your key>", "<WIX_API_KEY>", "[your API key]",
		"YOUR_API_KEY", "your-api-key", "your_wix_api_key_here", "<paste your key here>", "PASTE_KEY_HERE",
		"REPLACE_ME", "changeme", "xxxxxxxx", "XXXX-XXXX", "   ", "\t\n", "IST.${WIX_API_KEY}", "api-key", "TODO",
	}
	yaml := func(body string) string { return writeFile(t, "c.yaml", body, 0o600) }
	for _, p := range placeholders {
		cases := []struct {
			where string
			args  []string
			env   map[string]string
			names string
		}{
			{"WIX_API_KEY", nil, map[string]string{"WIX_API_KEY": p, "WIX_ACCOUNT_ID": acct1}, "WIX_API_KEY"},
			{"key_env", []string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_env: MY_KEY}\n")}, map[string]string{"MY_KEY": p}, "MY_KEY"},
			{"WIX_MCP_HTTP_TOKEN", []string{"--sandbox"}, map[string]string{"WIX_MCP_HTTP_TOKEN": p}, "WIX_MCP_HTTP_TOKEN"},
		}
		for _, tc := range cases {
			t.Run(tc.where+"="+p, func(t *testing.T) {
				t.Parallel()
				_, err := Load(tc.args, envOf(tc.env), io.Discard)
				if err == nil {
					t.Fatalf("placeholder %q accepted", p)
				}
				msg := err.Error()
				if !strings.Contains(msg, tc.names) || !strings.Contains(msg, "did not substitute") {
					t.Errorf("the message does not name %s and say the client did not substitute it:\n%s", tc.names, msg)
				}
			})
		}
		t.Run("key_file="+p, func(t *testing.T) {
			t.Parallel()
			file := writeFile(t, "key", p, 0o600)
			_, err := Load([]string{"--config", yaml("accounts:\n  - {name: a, id: " + acct1 + ", key_file: '" + file + "'}\n")}, envOf(nil), io.Discard)
			if err == nil || !(strings.Contains(err.Error(), "placeholder") || strings.Contains(err.Error(), "empty file")) {
				t.Errorf("key_file holding %q: %v", p, err)
			}
		})
	}
	// Real keys and test keys are not placeholders.
	for _, k := range []string{pastedKey, "IST.sim-agency-all-sites.7f3c9e21", "IST.k", "k", "key", "client-bearer-token-must-stay-here-0123", "there-is-an-insert-in-me-0000000"} {
		if placeholder(k) {
			t.Errorf("placeholder(%q) = true", k)
		}
	}
}

// TestIDsCanonicalised checks that IDs configured in capitals load in the
// lower case Wix returns them in.
func TestIDsCanonicalised(t *testing.T) {
	t.Parallel()
	upper := strings.ToUpper(acct1)
	siteUpper := strings.ToUpper("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")
	c, err := Load(nil, envOf(map[string]string{"WIX_API_KEY": "IST.k", "WIX_ACCOUNT_ID": upper, "WIX_SITE_ID": siteUpper}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Accounts[0].ID != acct1 || c.Sites[0].ID != strings.ToLower(siteUpper) {
		t.Errorf("IDs not canonical: %q %q", c.Accounts[0].ID, c.Sites[0].ID)
	}
	file := writeFile(t, "c.yaml", "accounts:\n  - {name: a, id: "+upper+", key_env: K}\nsites:\n  - {alias: s, id: "+siteUpper+", account: a}\n  - {alias: t, id: "+strings.ToLower(siteUpper)+", account: a}\n", 0o600)
	_, err = Load([]string{"--config", file}, envOf(map[string]string{"K": "IST.k"}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "also used by") {
		t.Errorf("one site configured twice in different letter case must be refused: %v", err)
	}
	for _, bad := range []string{"site-1", "33333333333343338333333333333333", "{33333333-3333-4333-8333-333333333333}", "33333333-3333-4333-8333-33333333333g", "33333333_3333_4333_8333_333333333333", " 33333333-3333-4333-8333-33333333333"} {
		_, err := Load(nil, envOf(map[string]string{"WIX_API_KEY": "IST.k", "WIX_ACCOUNT_ID": bad}), io.Discard)
		if err == nil || !strings.Contains(err.Error(), "not a Wix ID") {
			t.Errorf("ID %q: %v", bad, err)
		}
	}
}
