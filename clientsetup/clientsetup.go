// Package clientsetup writes ready-to-paste configuration snippets that
// connect MCP clients (Claude Desktop, Claude Code, VS Code, Cursor) to
// wix-mcp, run either as the binary or as the Docker image. The same code
// feeds `wix-mcp setup` and the README's client sections, so the two
// cannot drift apart.
//
// Keys never appear in a snippet: each client gets the key through the
// safest mechanism it has, an environment variable reference that the
// client expands when it starts the server (Claude Code, Cursor), a
// password prompt (VS Code), or a chmod 600 file that the server or Docker
// reads (Claude Desktop, which expands nothing).
package clientsetup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Client names an MCP client whose configuration format is known.
type Client string

// The supported clients, as `wix-mcp setup` spells them.
const (
	ClaudeDesktop Client = "claude-desktop"
	ClaudeCode    Client = "claude-code"
	VSCode        Client = "vscode"
	Cursor        Client = "cursor"
)

// Clients lists the supported clients in the order the README shows them.
func Clients() []Client { return []Client{ClaudeDesktop, ClaudeCode, VSCode, Cursor} }

// Title is the client's product name.
func (c Client) Title() string {
	switch c {
	case ClaudeDesktop:
		return "Claude Desktop"
	case ClaudeCode:
		return "Claude Code"
	case VSCode:
		return "VS Code"
	case Cursor:
		return "Cursor"
	}
	return string(c)
}

// Defaults of Options.
const (
	DefaultName        = "wix"
	DefaultSandboxName = "wix-sandbox"
	DefaultCommand     = "wix-mcp"
	DefaultImage       = "ghcr.io/wix-mcp/wix-mcp"
	// DefaultConfigPath is where the Claude Desktop snippet expects the
	// config file (binary) when Options.ConfigPath is empty; Claude Desktop
	// expands neither ~ nor variables, so callers pass an absolute path.
	DefaultConfigPath = "/ABSOLUTE/PATH/TO/wix-mcp.yaml"
	// DefaultEnvFile is the Docker env file the Claude Desktop snippet
	// names when Options.EnvFile is empty.
	DefaultEnvFile = "/ABSOLUTE/PATH/TO/wix-mcp.env"
)

// Environment variables the snippets reference.
const (
	envAPIKey    = "WIX_API_KEY"
	envAccountID = "WIX_ACCOUNT_ID"
	envSandbox   = "WIX_MCP_SANDBOX"
	envReadOnly  = "WIX_MCP_READ_ONLY"
)

// Options shape a snippet.
type Options struct {
	// Name is the server's name in the client's configuration; empty means
	// DefaultName, or DefaultSandboxName with Sandbox.
	Name string
	// Command is the wix-mcp binary; empty means DefaultCommand (found on
	// the client's PATH).
	Command string
	// Docker runs the image instead of the binary.
	Docker bool
	// Image is the Docker image; empty means DefaultImage.
	Image string
	// Sandbox serves the built-in Wix emulator: no key, no account.
	Sandbox bool
	// ReadOnly refuses every write and destructive call.
	ReadOnly bool
	// ConfigPath is the wix-mcp YAML file the Claude Desktop snippet passes
	// with --config (binary only); empty means DefaultConfigPath.
	ConfigPath string
	// EnvFile is the file of KEY=value lines the Claude Desktop snippet
	// passes to docker run --env-file; empty means DefaultEnvFile.
	EnvFile string
	// Transport is how the client reaches the server: TransportStdio (it
	// starts the binary; the default) or TransportHTTP (it connects to a
	// running `wix-mcp --transport http`).
	Transport string
	// URL is the MCP endpoint with TransportHTTP; empty means DefaultURL.
	URL string
	// TokenFile is the server's --http-token-file, named in the notes so the
	// person knows where the token to reference comes from.
	TokenFile string
}

// Transports of Options.Transport.
const (
	TransportStdio = "stdio"
	TransportHTTP  = "http"
)

func (o Options) name() string {
	switch {
	case o.Name != "":
		return o.Name
	case o.Sandbox:
		return DefaultSandboxName
	}
	return DefaultName
}

// Snippet is a configuration for one client.
type Snippet struct {
	// Client is who it is for.
	Client Client
	// Lang is the snippet's language for a Markdown fence: "json" or "sh".
	Lang string
	// Text is the snippet itself, ending in a newline: what `wix-mcp setup`
	// prints on stdout.
	Text string
	// Where says where the snippet goes, e.g. a file to merge it into.
	Where string
	// Notes are the steps around it (creating the key file, exporting the
	// variables); `wix-mcp setup` prints them on stderr.
	Notes []string
	// Files are other files the setup needs, such as the wix-mcp config
	// that names a key file; they hold placeholders, never a key.
	Files []File
	// Config is what `setup --write` merges into the client's own
	// configuration file.
	Config ClientConfig
}

// ClientConfig is one server's part of a client's JSON configuration file.
type ClientConfig struct {
	// ServersKey is the top-level key listing servers: "mcpServers", or
	// "servers" for VS Code.
	ServersKey string
	// Name is the server's name under ServersKey.
	Name string
	// Entry is the server's JSON entry.
	Entry any
	// Inputs are VS Code's prompted values the entry references.
	Inputs []Input
}

// Input is a value VS Code asks the person for and keeps in its secret
// storage (https://code.visualstudio.com/docs/copilot/reference/mcp-configuration).
type Input struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	Description string `json:"description"`
	Password    bool   `json:"password,omitempty"`
}

// File is a file to write besides the client's configuration.
type File struct {
	// Path is where the snippet expects the file.
	Path string
	// Lang is its language for a Markdown fence, e.g. "yaml".
	Lang string
	// Text is its content, ending in a newline.
	Text string
}

// launch is how the client starts the server: a command, its arguments and
// the environment the client passes to it.
type launch struct {
	command string
	args    []string
	env     []envVar
}

// envVar is one entry of the client's env block; value is already in the
// client's own reference syntax.
type envVar struct{ name, value string }

// Generate builds the snippet for client c.
func Generate(c Client, o Options) (Snippet, error) {
	switch o.Transport {
	case "", TransportStdio:
	case TransportHTTP:
		return httpSnippet(c, o)
	default:
		return Snippet{}, fmt.Errorf("transport %q is not one clients connect with; use %s or %s", o.Transport, TransportStdio, TransportHTTP)
	}
	switch c {
	case ClaudeDesktop:
		return claudeDesktop(o)
	case ClaudeCode:
		return claudeCode(o)
	case VSCode:
		return vscode(o)
	case Cursor:
		return cursor(o)
	}
	return Snippet{}, fmt.Errorf("unknown client %q; use one of: %s", string(c), clientList())
}

func clientList() string {
	names := make([]string, 0, len(Clients()))
	for _, c := range Clients() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}

// serverLaunch is the command line shared by every client. ref renders a
// reference to an environment variable in the client's syntax; a nil ref
// means the client passes no key variables (Claude Desktop).
func serverLaunch(o Options, ref func(name string) string) launch {
	var l launch
	if o.Docker {
		image := o.Image
		if image == "" {
			image = DefaultImage
		}
		l.command = "docker"
		l.args = []string{"run", "-i", "--rm"}
		// Options go in as variables, so the snippet does not depend on the
		// image's entrypoint; keys go in by name only (-e NAME copies the
		// value from docker's own environment, which the client sets).
		if o.Sandbox {
			l.args = append(l.args, "-e", envSandbox+"=true")
		}
		if o.ReadOnly {
			l.args = append(l.args, "-e", envReadOnly+"=true")
		}
		if !o.Sandbox {
			if ref == nil {
				l.args = append(l.args, "--env-file", orDefault(o.EnvFile, DefaultEnvFile))
			} else {
				l.args = append(l.args, "-e", envAPIKey, "-e", envAccountID)
			}
		}
		l.args = append(l.args, image)
	} else {
		l.command = orDefault(o.Command, DefaultCommand)
		if o.Sandbox {
			l.args = append(l.args, "--sandbox")
		} else if ref == nil {
			l.args = append(l.args, "--config", orDefault(o.ConfigPath, DefaultConfigPath))
		}
		if o.ReadOnly {
			l.args = append(l.args, "--read-only")
		}
	}
	if !o.Sandbox && ref != nil {
		l.env = []envVar{{envAPIKey, ref(envAPIKey)}, {envAccountID, ref(envAccountID)}}
	}
	return l
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// serverEntry is the JSON entry of a stdio server, common to the clients
// configured in JSON; a struct keeps the fields in reading order.
type serverEntry struct {
	Type    string            `json:"type,omitempty"`
	Command string            `json:"command"`
	Args    []string          `json:"args"`
	Env     map[string]string `json:"env,omitempty"`
}

// stdioServer is the JSON entry of l; typed adds "type": "stdio", which VS
// Code requires.
func stdioServer(l launch, typed bool) serverEntry {
	s := serverEntry{Command: l.command, Args: nonNil(l.args)}
	if typed {
		s.Type = "stdio"
	}
	if len(l.env) > 0 {
		s.Env = map[string]string{}
		for _, e := range l.env {
			s.Env[e.name] = e.value
		}
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// marshal renders v as indented JSON without HTML escaping, ending in a
// newline.
func marshal(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return b.String(), nil
}
