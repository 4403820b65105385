package config

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/access"
)

const userToken = "u-token-0123456789abcdef0123456789abcdef0123"

func usersYAML(users string) string {
	return "accounts:\n  - {name: a, id: " + acct1 + ", key_env: K}\nsites:\n  - {alias: s, id: " + site1 + ", account: a}\n  - {alias: t, id: " + acct2 + ", account: a}\nusers:\n" + users
}

func TestUsersLoadAsHashes(t *testing.T) {
	t.Parallel()
	tokenFile := writeFile(t, "tok", userToken+"\n", 0o600)
	path := writeFile(t, "c.yaml", usersYAML("  - {name: alice, token_file: "+tokenFile+", accounts: [a]}\n  - {name: bob, token_env: BOB, sites: [s], read_only: true}\n"), 0o600)
	c, err := Load([]string{"--config", path, "--transport", "http"}, envOf(map[string]string{"K": "v", "BOB": strings.Repeat("b", 43)}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Users) != 2 || c.Users[0].TokenHash != access.HashToken(userToken) || c.Users[1].TokenSource != "env BOB" {
		t.Fatalf("users = %+v", c.Users)
	}
	au := c.AccessUsers()
	if !au[1].ReadOnly || len(au[1].SiteIDs) != 1 || au[1].SiteIDs[0] != site1 {
		t.Errorf("bob's reach = %+v", au[1])
	}
}

func TestInvalidUsers(t *testing.T) {
	t.Parallel()
	short := writeFile(t, "short", "too-short-token\n", 0o600)
	tests := []struct {
		name, users string
		env         map[string]string
		want        []string
	}{
		{"inline token", "  - {name: x, token: " + userToken + ", accounts: [a]}\n", nil, []string{"may not be written", "token_file"}},
		{"no token", "  - {name: x, accounts: [a]}\n", nil, []string{`user "x"`, "no token", "wix-mcp token new x"}},
		{"short token", "  - {name: x, token_file: " + short + ", accounts: [a]}\n", nil, []string{"shorter than 43"}},
		{"reaches nothing", "  - {name: x, token_env: T}\n", map[string]string{"T": userToken}, []string{"reaches nothing"}},
		{"unknown account", "  - {name: x, token_env: T, accounts: [ghost]}\n", map[string]string{"T": userToken}, []string{`account "ghost" is not configured`}},
		{"unknown site", "  - {name: x, token_env: T, sites: [ghost]}\n", map[string]string{"T": userToken}, []string{`site "ghost"`}},
		{"same token", "  - {name: x, token_env: T, sites: [s]}\n  - {name: y, token_env: T, sites: [s]}\n", map[string]string{"T": userToken}, []string{"same token"}},
		{"same name", "  - {name: x, token_env: T, sites: [s]}\n  - {name: x, token_env: U, sites: [s]}\n", map[string]string{"T": userToken, "U": userToken + "u"}, []string{"used twice"}},
		{"typo", "  - {name: x, token_env: T, site: [s]}\n", map[string]string{"T": userToken}, []string{"unknown key site in users[0]", "did you mean sites?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"K": "v"}
			for k, v := range tt.env {
				env[k] = v
			}
			path := writeFile(t, "c.yaml", usersYAML(tt.users), 0o600)
			_, err := Load([]string{"--config", path, "--transport", "http"}, envOf(env), io.Discard)
			var cfgErr *Error
			if !errors.As(err, &cfgErr) {
				t.Fatalf("want *Error, got %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), userToken) {
				t.Errorf("error leaks a token")
			}
		})
	}
}
