package clientsetup

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/config"
)

// jsonConfig is the union of the shapes the JSON clients read.
type jsonConfig struct {
	Inputs []struct {
		Type, ID, Description string
		Password              bool
	} `json:"inputs"`
	MCPServers map[string]serverEntry `json:"mcpServers"`
	Servers    map[string]serverEntry `json:"servers"`
}

func decode(t *testing.T, s Snippet) (jsonConfig, serverEntry) {
	t.Helper()
	var cfg jsonConfig
	dec := json.NewDecoder(strings.NewReader(s.Text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("%s snippet is not the expected JSON: %v\n%s", s.Client, err, s.Text)
	}
	servers := cfg.MCPServers
	if s.Client == VSCode {
		servers = cfg.Servers
	}
	if len(servers) != 1 {
		t.Fatalf("%s: want one server, got %v", s.Client, servers)
	}
	for _, e := range servers {
		return cfg, e
	}
	return cfg, serverEntry{}
}

func TestJSONClients(t *testing.T) {
	t.Parallel()
	wantRef := map[Client]string{ClaudeDesktop: "", VSCode: "${input:wix-api-key}", Cursor: "${env:WIX_API_KEY}"}
	for _, c := range []Client{ClaudeDesktop, VSCode, Cursor} {
		for _, docker := range []bool{false, true} {
			t.Run(string(c)+map[bool]string{false: "/binary", true: "/docker"}[docker], func(t *testing.T) {
				s, err := Generate(c, Options{Docker: docker, Command: "/usr/local/bin/wix-mcp", ReadOnly: true})
				if err != nil {
					t.Fatal(err)
				}
				if s.Lang != "json" || !strings.HasSuffix(s.Text, "}\n") {
					t.Errorf("lang %q, text ending %q", s.Lang, s.Text[len(s.Text)-3:])
				}
				cfg, e := decode(t, s)
				switch {
				case docker:
					if e.Command != "docker" || !slices.Equal(e.Args[:3], []string{"run", "-i", "--rm"}) || e.Args[len(e.Args)-1] != DefaultImage {
						t.Errorf("docker launch = %s %q", e.Command, e.Args)
					}
					if !slices.Contains(e.Args, "WIX_MCP_READ_ONLY=true") {
						t.Errorf("read-only missing from %q", e.Args)
					}
					for i, a := range e.Args {
						// docker's -e NAME copies the value from the client's
						// environment; a value here would be a key in the file.
						if a == "-e" && strings.HasPrefix(e.Args[i+1], "WIX_API_KEY") && e.Args[i+1] != "WIX_API_KEY" {
							t.Errorf("docker -e %s carries a value", e.Args[i+1])
						}
					}
				default:
					if e.Command != "/usr/local/bin/wix-mcp" || !slices.Contains(e.Args, "--read-only") {
						t.Errorf("binary launch = %s %q", e.Command, e.Args)
					}
				}
				if got := e.Env["WIX_API_KEY"]; got != wantRef[c] {
					t.Errorf("WIX_API_KEY = %q, want %q", got, wantRef[c])
				}
				if c == VSCode {
					if e.Type != "stdio" || len(cfg.Inputs) != 2 || cfg.Inputs[0].ID != "wix-api-key" || !cfg.Inputs[0].Password || cfg.Inputs[1].Password {
						t.Errorf("vscode inputs %+v, type %q", cfg.Inputs, e.Type)
					}
				}
			})
		}
	}
}

// Claude Desktop expands nothing, so the key must come from a file the
// snippet names, never from its env block.
func TestClaudeDesktopKeyFile(t *testing.T) {
	t.Parallel()
	s, err := Generate(ClaudeDesktop, Options{ConfigPath: "/home/me/.config/wix-mcp/wix-mcp.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	_, e := decode(t, s)
	if !slices.Equal(e.Args, []string{"--config", "/home/me/.config/wix-mcp/wix-mcp.yaml"}) || e.Env != nil {
		t.Errorf("args %q env %v", e.Args, e.Env)
	}
	notes := strings.Join(s.Notes, "\n")
	for _, w := range []string{"chmod 600", "absolute path"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
	if len(s.Files) != 1 || s.Files[0].Path != "/home/me/.config/wix-mcp/wix-mcp.yaml" {
		t.Fatalf("files = %+v", s.Files)
	}
	loadsAsConfig(t, s.Files[0].Text)

	s, err = Generate(ClaudeDesktop, Options{Docker: true, EnvFile: "/home/me/wix.env"})
	if err != nil {
		t.Fatal(err)
	}
	_, e = decode(t, s)
	if i := slices.Index(e.Args, "--env-file"); i < 0 || e.Args[i+1] != "/home/me/wix.env" || e.Env != nil {
		t.Errorf("docker args %q env %v", e.Args, e.Env)
	}
	if len(s.Files) != 1 || s.Files[0].Path != "/home/me/wix.env" || !strings.HasPrefix(s.Files[0].Text, "WIX_API_KEY=<your key>\n") {
		t.Errorf("files = %+v", s.Files)
	}
}

// loadsAsConfig fills in the placeholders of the config file the Claude
// Desktop setup asks for and loads it as the server would.
func loadsAsConfig(t *testing.T, text string) {
	t.Helper()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("IST.test-key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	text = strings.Replace(text, "<your account ID, from https://manage.wix.com/account/api-keys>", "11111111-1111-4111-8111-111111111111", 1)
	text = strings.Replace(text, "/ABSOLUTE/PATH/TO/key", keyFile, 1)
	configFile := filepath.Join(dir, "wix-mcp.yaml")
	if err := os.WriteFile(configFile, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load([]string{"--config", configFile}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatalf("the config file of the instructions does not load: %v\n%s", err, text)
	}
	if len(cfg.Accounts) != 1 || cfg.Accounts[0].Key.Reveal() != "IST.test-key" || cfg.Accounts[0].KeySource != "file "+keyFile || len(cfg.Warnings) != 0 {
		t.Errorf("accounts %+v warnings %q", cfg.Accounts, cfg.Warnings)
	}
}

func TestClaudeCode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"binary", Options{Command: "/opt/wix mcp/wix-mcp"},
			`claude mcp add wix --scope project -e 'WIX_API_KEY=${WIX_API_KEY}' -e 'WIX_ACCOUNT_ID=${WIX_ACCOUNT_ID}' -- '/opt/wix mcp/wix-mcp'` + "\n"},
		{"docker read-only", Options{Docker: true, ReadOnly: true, Name: "shop"},
			`claude mcp add shop --scope project -e 'WIX_API_KEY=${WIX_API_KEY}' -e 'WIX_ACCOUNT_ID=${WIX_ACCOUNT_ID}' -- docker run -i --rm -e WIX_MCP_READ_ONLY=true -e WIX_API_KEY -e WIX_ACCOUNT_ID ghcr.io/wix-mcp/wix-mcp` + "\n"},
		{"sandbox", Options{Sandbox: true},
			"claude mcp add wix-sandbox --scope project -- wix-mcp --sandbox\n"},
		{"docker sandbox", Options{Sandbox: true, Docker: true, Image: "example.org/wix:1"},
			"claude mcp add wix-sandbox --scope project -- docker run -i --rm -e WIX_MCP_SANDBOX=true example.org/wix:1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Generate(ClaudeCode, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if s.Text != tc.want || s.Lang != "sh" {
				t.Errorf("got  %s\nwant %s", s.Text, tc.want)
			}
		})
	}
}

func TestSandboxHasNoKeys(t *testing.T) {
	t.Parallel()
	for _, c := range Clients() {
		for _, docker := range []bool{false, true} {
			s, err := Generate(c, Options{Sandbox: true, Docker: docker})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(s.Text, "WIX_API_KEY") || strings.Contains(s.Text, "inputs") || len(s.Notes) > 1 {
				t.Errorf("%s docker=%v sandbox snippet asks for a key:\n%s%q", c, docker, s.Text, s.Notes)
			}
			if !strings.Contains(s.Text, "--sandbox") && !strings.Contains(s.Text, "WIX_MCP_SANDBOX=true") {
				t.Errorf("%s docker=%v snippet does not start the sandbox:\n%s", c, docker, s.Text)
			}
		}
	}
}

func TestUnknownClient(t *testing.T) {
	t.Parallel()
	_, err := Generate("emacs", Options{})
	if err == nil || !strings.Contains(err.Error(), "claude-desktop, claude-code, vscode, cursor") {
		t.Errorf("err = %v", err)
	}
}

func TestShellQuote(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"wix-mcp":         "wix-mcp",
		"/usr/bin/x":      "/usr/bin/x",
		"":                "''",
		"a b":             "'a b'",
		"K=${V}":          "'K=${V}'",
		"it's":            `'it'\''s'`,
		"WIX_MCP_X=true":  "WIX_MCP_X=true",
		"C:\\wix-mcp.exe": `'C:\wix-mcp.exe'`,
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
