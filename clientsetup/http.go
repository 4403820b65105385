package clientsetup

import (
	"fmt"
	"strings"

	"github.com/wix-mcp/wix-mcp/config"
)

// DefaultURL is the MCP endpoint of `wix-mcp --transport http` with its
// default --addr.
const DefaultURL = "http://" + config.DefaultAddr + "/mcp"

// DefaultTokenFile is the token file the notes name when Options.TokenFile
// is empty.
const DefaultTokenFile = "~/.config/wix-mcp/http-token" //nolint:gosec // G101: the path of the token file, not a token

// httpEntry is the JSON entry of a server the client connects to.
type httpEntry struct {
	Type    string            `json:"type,omitempty"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
}

// httpSnippet connects a client to a running `wix-mcp --transport http`.
// The token is referenced (an environment variable the client expands, or
// a VS Code password input), never written into the client's file.
func httpSnippet(c Client, o Options) (Snippet, error) {
	url := orDefault(o.URL, DefaultURL)
	tokenFile := orDefault(o.TokenFile, DefaultTokenFile)
	bearer := func(ref string) map[string]string { return map[string]string{"Authorization": "Bearer " + ref} }
	export := fmt.Sprintf("export %s=\"$(cat %s)\" in the shell that starts the client, so the client can expand the reference", config.EnvHTTPToken, tokenFile)
	var s Snippet
	switch c {
	case ClaudeDesktop:
		return Snippet{}, fmt.Errorf("claude-desktop starts local servers over stdio only (remote servers are added as Connectors, which need OAuth); run wix-mcp setup claude-desktop without --transport http")
	case ClaudeCode:
		ref := "${" + config.EnvHTTPToken + "}"
		words := []string{"claude", "mcp", "add", "--transport", "http", shellQuote(o.name()), shellQuote(url), "--scope", "project",
			"--header", shellQuote("Authorization: Bearer " + ref)}
		s = Snippet{
			Client: ClaudeCode, Lang: "sh", Text: strings.Join(words, " ") + "\n",
			Where:  "run in your project's folder; it writes .mcp.json there (check with: claude mcp list)",
			Config: ClientConfig{ServersKey: "mcpServers", Name: o.name(), Entry: httpEntry{Type: "http", URL: url, Headers: bearer(ref)}},
			Notes:  []string{"the single quotes keep ${" + config.EnvHTTPToken + "} a reference that Claude Code expands when it connects; .mcp.json holds no token", export},
		}
	case VSCode:
		id := inputID(config.EnvHTTPToken)
		inputs := []Input{{Type: "promptString", ID: id, Description: "wix-mcp HTTP token (the content of " + tokenFile + ")", Password: true}}
		entry := httpEntry{Type: "http", URL: url, Headers: bearer("${input:" + id + "}")}
		text, err := marshal(map[string]any{"inputs": inputs, "servers": map[string]httpEntry{o.name(): entry}})
		if err != nil {
			return Snippet{}, err
		}
		s = Snippet{
			Client: VSCode, Lang: "json", Text: text,
			Where:  "save as .vscode/mcp.json in your workspace (or merge into the user configuration: MCP: Open User Configuration)",
			Config: ClientConfig{ServersKey: "servers", Name: o.name(), Entry: entry, Inputs: inputs},
			Notes:  []string{"VS Code asks for the token (as a password) when it first connects and keeps it in its secret storage: paste the content of " + tokenFile},
		}
	case Cursor:
		entry := httpEntry{URL: url, Headers: bearer("${env:" + config.EnvHTTPToken + "}")}
		text, err := marshal(map[string]any{"mcpServers": map[string]httpEntry{o.name(): entry}})
		if err != nil {
			return Snippet{}, err
		}
		s = Snippet{
			Client: Cursor, Lang: "json", Text: text,
			Where:  "merge into ~/.cursor/mcp.json (every project) or .cursor/mcp.json (this project)",
			Config: ClientConfig{ServersKey: "mcpServers", Name: o.name(), Entry: entry},
			Notes:  []string{"Cursor resolves ${env:" + config.EnvHTTPToken + "} from its own environment: " + export},
		}
	default:
		return Snippet{}, fmt.Errorf("unknown client %q; use one of: %s", string(c), clientList())
	}
	serve := []string{orDefault(o.Command, DefaultCommand), "--transport", "http", "--http-token-file", tokenFile}
	if o.Sandbox {
		serve = append(serve, "--sandbox")
	}
	if o.ReadOnly {
		serve = append(serve, "--read-only")
	}
	s.Notes = append([]string{"start the server first (it writes a token into " + tokenFile + " when the file is missing, readable only by you): " + strings.Join(serve, " ")}, s.Notes...)
	return s, nil
}
