package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/wix-mcp/wix-mcp/clientsetup"
	"github.com/wix-mcp/wix-mcp/config"
)

// runSetup prints a client's configuration snippet on stdout, and only
// that, so `wix-mcp setup vscode > .vscode/mcp.json` works; what to do with
// it goes to stderr.
func runSetup(_ context.Context, args []string, stdout, stderr io.Writer, getenv config.Environment) int {
	fs := flag.NewFlagSet("wix-mcp setup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o clientsetup.Options
	var write, force bool
	var file string
	fs.StringVar(&o.Name, "name", "", "server name in the client's configuration (default \""+clientsetup.DefaultName+"\", or \""+clientsetup.DefaultSandboxName+"\" with --sandbox)")
	fs.StringVar(&o.Command, "command", "", "path of the wix-mcp binary the client runs (default: the path of this binary)")
	fs.BoolVar(&o.Docker, "docker", false, "run the Docker image instead of the binary")
	fs.StringVar(&o.Image, "image", clientsetup.DefaultImage, "Docker image for --docker")
	fs.BoolVar(&o.Sandbox, "sandbox", false, "serve the built-in Wix emulator with demo data; no key needed")
	fs.BoolVar(&o.ReadOnly, "read-only", false, "refuse every write and destructive call")
	fs.StringVar(&o.ConfigPath, "config", "", "claude-desktop: absolute path of the wix-mcp YAML file naming the key file (default: a placeholder to edit)")
	fs.StringVar(&o.EnvFile, "env-file", "", "claude-desktop --docker: absolute path of the file with WIX_API_KEY=… and WIX_ACCOUNT_ID=… lines (default: a placeholder to edit)")
	fs.StringVar(&o.Transport, "transport", clientsetup.TransportStdio, "stdio: the client starts wix-mcp; http: the client connects to a running wix-mcp --transport http")
	fs.StringVar(&o.URL, "url", clientsetup.DefaultURL, "--transport http: the server's MCP endpoint")
	fs.StringVar(&o.TokenFile, "token-file", clientsetup.DefaultTokenFile, "--transport http: the server's --http-token-file, whose token the client sends as Authorization: Bearer")
	fs.BoolVar(&write, "write", false, "merge the server into the client's own configuration file (a backup of the old file is kept beside it)")
	fs.BoolVar(&force, "force", false, "with --write: replace a server of the same name")
	fs.StringVar(&file, "file", "", "with --write: the client's configuration file (default: where the client keeps it)")
	usage := fmt.Sprintf("Usage: wix-mcp setup [flags] CLIENT\n\nPrints a ready MCP client configuration for wix-mcp on stdout, or with --write merges it\ninto the client's configuration file. CLIENT is one of: %s\n\nFlags (before or after CLIENT):\n", clientNames())
	positional, code, ok := parseCommandFlags(fs, args, usage, stdout, stderr)
	if !ok {
		return code
	}
	if len(positional) != 1 {
		fmt.Fprintf(stderr, "wix-mcp setup: name one client: %s\n", clientNames())
		return exitConfig
	}
	if o.Command == "" && !o.Docker {
		var note string
		o.Command, note = selfPath()
		if note != "" {
			fmt.Fprintln(stderr, "- "+note)
		}
	}
	client := clientsetup.Client(positional[0])
	if write && client == clientsetup.ClaudeDesktop && !o.Sandbox && o.Transport != clientsetup.TransportHTTP {
		// Claude Desktop expands nothing, so a placeholder path written
		// into its file would only break the server's start.
		switch {
		case o.Docker && o.EnvFile == "":
			fmt.Fprintln(stderr, "wix-mcp setup: with --write, pass --env-file /absolute/path/wix-mcp.env (the file with WIX_API_KEY=… and WIX_ACCOUNT_ID=… lines, chmod 600)")
			return exitConfig
		case !o.Docker && o.ConfigPath == "":
			fmt.Fprintln(stderr, "wix-mcp setup: with --write, pass --config /absolute/path/wix-mcp.yaml (the wix-mcp config naming your key file; run without --write to see an example)")
			return exitConfig
		}
	}
	s, err := clientsetup.Generate(client, o)
	if err != nil {
		fmt.Fprintln(stderr, "wix-mcp setup:", err)
		return exitConfig
	}
	if write {
		return writeSetup(s, file, force, stdout, stderr, getenv)
	}
	fmt.Fprint(stdout, s.Text)
	fmt.Fprintf(stderr, "%s: %s\n", s.Client.Title(), s.Where)
	printSetupNotes(s, stderr)
	return exitOK
}

// writeSetup merges the snippet into the client's configuration file and
// says what it did on stdout.
func writeSetup(s clientsetup.Snippet, file string, force bool, stdout, stderr io.Writer, getenv config.Environment) int {
	if file == "" {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		dir, err := os.Getwd()
		if err != nil {
			fmt.Fprintln(stderr, "wix-mcp setup:", err)
			return exitFailed
		}
		file, err = clientsetup.ConfigFile(s.Client, clientsetup.Places{Home: home, Dir: dir, OS: runtime.GOOS, AppData: getenv("APPDATA")})
		if err != nil {
			fmt.Fprintln(stderr, "wix-mcp setup:", err)
			return exitConfig
		}
	}
	res, err := clientsetup.Write(file, s.Config, force)
	if err != nil {
		fmt.Fprintln(stderr, "wix-mcp setup:", err)
		if errors.Is(err, clientsetup.ErrServerExists) {
			return exitConfig
		}
		return exitFailed
	}
	fmt.Fprintf(stdout, "added server %q to %s\n", s.Config.Name, res.Path)
	if res.Backup != "" {
		fmt.Fprintf(stdout, "the previous file is kept as %s\n", res.Backup)
	}
	printSetupNotes(s, stderr)
	return exitOK
}

func printSetupNotes(s clientsetup.Snippet, stderr io.Writer) {
	for _, n := range s.Notes {
		fmt.Fprintln(stderr, "- "+n)
	}
	for _, f := range s.Files {
		fmt.Fprintf(stderr, "%s:\n", f.Path)
		for _, line := range strings.SplitAfter(strings.TrimSuffix(f.Text, "\n"), "\n") {
			fmt.Fprint(stderr, "    "+line)
		}
		fmt.Fprintln(stderr)
	}
}

func clientNames() string {
	names := make([]string, 0, len(clientsetup.Clients()))
	for _, c := range clientsetup.Clients() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}

// selfPath is the path of the binary running now (os.Executable, links
// resolved), which clients need because they rarely share the shell's PATH.
// A `go run` build lives in a temporary folder that is gone afterwards:
// then the plain name is used, with a note saying to build first.
func selfPath() (path, note string) {
	exe, err := os.Executable()
	if err != nil {
		return clientsetup.DefaultCommand, "cannot tell where this binary is (" + err.Error() + "); pass --command /path/to/wix-mcp"
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return clientsetup.DefaultCommand, "this is a go run build in a temporary folder, so the snippet says \"" + clientsetup.DefaultCommand +
			"\": build it first (go build -o ~/.local/bin/wix-mcp ./cmd/wix-mcp, or go install), then run that binary's setup or pass --command"
	}
	return exe, ""
}
