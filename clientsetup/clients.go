package clientsetup

import (
	"path/filepath"
	"strings"
)

// claudeDesktop: claude_desktop_config.json. Claude Desktop expands no
// variables and, started from the Dock, has none of the shell's, so the key
// is kept in a chmod 600 file: a key_file in wix-mcp's config for the
// binary, an --env-file for Docker.
func claudeDesktop(o Options) (Snippet, error) {
	l := serverLaunch(o, nil)
	entry := stdioServer(l, false)
	text, err := marshal(map[string]any{"mcpServers": map[string]serverEntry{o.name(): entry}})
	if err != nil {
		return Snippet{}, err
	}
	s := Snippet{
		Client: ClaudeDesktop, Lang: "json", Text: text,
		Config: ClientConfig{ServersKey: "mcpServers", Name: o.name(), Entry: entry},
		Where:  "merge into claude_desktop_config.json (Settings > Developer > Edit Config; macOS: ~/Library/Application Support/Claude/, Windows: %APPDATA%\\Claude\\), then restart Claude Desktop",
	}
	switch {
	case o.Sandbox:
	case o.Docker:
		envFile := orDefault(o.EnvFile, DefaultEnvFile)
		s.Files = []File{{Path: envFile, Lang: "sh", Text: envAPIKey + "=<your key>\n" + envAccountID + "=<your account ID>\n"}}
		s.Notes = append(s.Notes, "Claude Desktop expands no variables, so docker reads the key from "+envFile+" (below): write it, then chmod 600 it")
	default:
		configPath := orDefault(o.ConfigPath, DefaultConfigPath)
		s.Files = []File{{Path: configPath, Lang: "yaml", Text: desktopConfigYAML}}
		s.Notes = append(s.Notes,
			"Claude Desktop expands no variables, so the key stays in a file: save it alone in a file, e.g. ~/.config/wix-mcp/key, and chmod 600 it",
			"write "+configPath+" (below) naming that file; wix-mcp warns if the key file is readable by others")
	}
	if !o.Docker && !filepath.IsAbs(l.command) {
		s.Notes = append(s.Notes, "Claude Desktop does not search your shell's PATH: put wix-mcp's absolute path in \"command\" (run: command -v wix-mcp)")
	}
	return s, nil
}

// desktopConfigYAML is the smallest wix-mcp config that reads the key from
// a file.
const desktopConfigYAML = `accounts:
  - name: main
    id: <your account ID, from https://manage.wix.com/account/api-keys>
    key_file: /ABSOLUTE/PATH/TO/key
`

// claudeCode: a `claude mcp add` command line. Project scope writes
// .mcp.json, where Claude Code expands ${VAR} when it starts the server, so
// the file holds references and the key stays in the environment.
func claudeCode(o Options) (Snippet, error) {
	l := serverLaunch(o, func(name string) string { return "${" + name + "}" })
	words := []string{"claude", "mcp", "add", shellQuote(o.name()), "--scope", "project"}
	for _, e := range l.env {
		words = append(words, "-e", shellQuote(e.name+"="+e.value))
	}
	words = append(words, "--", shellQuote(l.command))
	for _, a := range l.args {
		words = append(words, shellQuote(a))
	}
	s := Snippet{
		Client: ClaudeCode, Lang: "sh", Text: strings.Join(words, " ") + "\n",
		// What `claude mcp add --scope project` writes to .mcp.json.
		Config: ClientConfig{ServersKey: "mcpServers", Name: o.name(), Entry: stdioServer(l, true)},
		Where:  "run in your project's folder; it writes .mcp.json there (check with: claude mcp list)",
	}
	if !o.Sandbox {
		s.Notes = append(s.Notes,
			"the single quotes keep ${"+envAPIKey+"} a reference: Claude Code expands it from its own environment each time it starts the server, so .mcp.json holds no key and can be committed",
			"export "+envAPIKey+" and "+envAccountID+" in the shell (or your secret manager's wrapper) that runs claude")
	}
	return s, nil
}

// vscode: .vscode/mcp.json, prompting for the key as a password once and
// keeping it in VS Code's secret storage.
func vscode(o Options) (Snippet, error) {
	l := serverLaunch(o, func(name string) string { return "${input:" + inputID(name) + "}" })
	var cfg struct {
		Inputs  []Input                `json:"inputs,omitempty"`
		Servers map[string]serverEntry `json:"servers"`
	}
	if !o.Sandbox {
		cfg.Inputs = []Input{
			{Type: "promptString", ID: inputID(envAPIKey), Description: "Wix API key", Password: true},
			{Type: "promptString", ID: inputID(envAccountID), Description: "Wix account ID (shown in the API Keys Manager)"},
		}
	}
	cfg.Servers = map[string]serverEntry{o.name(): stdioServer(l, true)}
	text, err := marshal(cfg)
	if err != nil {
		return Snippet{}, err
	}
	s := Snippet{
		Client: VSCode, Lang: "json", Text: text,
		Config: ClientConfig{ServersKey: "servers", Name: o.name(), Entry: cfg.Servers[o.name()], Inputs: cfg.Inputs},
		Where:  "save as .vscode/mcp.json in your workspace (or merge into the user configuration: MCP: Open User Configuration)",
	}
	if !o.Sandbox {
		s.Notes = append(s.Notes, "VS Code asks for the key (as a password) the first time it starts the server and keeps it in its secret storage")
	}
	return s, nil
}

// inputID names the VS Code input of an environment variable, e.g.
// WIX_API_KEY -> wix-api-key.
func inputID(env string) string {
	return strings.ToLower(strings.ReplaceAll(env, "_", "-"))
}

// cursor: ~/.cursor/mcp.json, with ${env:NAME} references that Cursor
// resolves from its own environment.
func cursor(o Options) (Snippet, error) {
	l := serverLaunch(o, func(name string) string { return "${env:" + name + "}" })
	entry := stdioServer(l, false)
	text, err := marshal(map[string]any{"mcpServers": map[string]serverEntry{o.name(): entry}})
	if err != nil {
		return Snippet{}, err
	}
	s := Snippet{
		Client: Cursor, Lang: "json", Text: text,
		Config: ClientConfig{ServersKey: "mcpServers", Name: o.name(), Entry: entry},
		Where:  "merge into ~/.cursor/mcp.json (every project) or .cursor/mcp.json (this project)",
	}
	if !o.Sandbox {
		s.Notes = append(s.Notes, "Cursor resolves ${env:"+envAPIKey+"} from its own environment: export "+envAPIKey+" and "+envAccountID+
			" where Cursor starts (on macOS, start it from that shell with: open -a Cursor)")
	}
	return s, nil
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain
// characters. Single quotes also keep ${VAR} from being expanded by the
// shell, which is the point for references.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	plain := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_@%+=:,./-", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
