package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wix-mcp/wix-mcp/clientsetup"
	"github.com/wix-mcp/wix-mcp/config"
)

// runSetup prints a client's configuration snippet on stdout, and only
// that, so `wix-mcp setup vscode > .vscode/mcp.json` works; what to do with
// it goes to stderr.
func runSetup(_ context.Context, args []string, stdout, stderr io.Writer, _ config.Environment) int {
	fs := flag.NewFlagSet("wix-mcp setup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o clientsetup.Options
	fs.StringVar(&o.Name, "name", "", "server name in the client's configuration (default \""+clientsetup.DefaultName+"\", or \""+clientsetup.DefaultSandboxName+"\" with --sandbox)")
	fs.StringVar(&o.Command, "command", "", "path of the wix-mcp binary the client runs (default: this binary's absolute path)")
	fs.BoolVar(&o.Docker, "docker", false, "run the Docker image instead of the binary")
	fs.StringVar(&o.Image, "image", clientsetup.DefaultImage, "Docker image for --docker")
	fs.BoolVar(&o.Sandbox, "sandbox", false, "serve the built-in Wix emulator with demo data; no key needed")
	fs.BoolVar(&o.ReadOnly, "read-only", false, "refuse every write and destructive call")
	fs.StringVar(&o.ConfigPath, "config", "", "claude-desktop: absolute path of the wix-mcp YAML file naming the key file (default: a placeholder to edit)")
	fs.StringVar(&o.EnvFile, "env-file", "", "claude-desktop --docker: absolute path of the file with WIX_API_KEY=… and WIX_ACCOUNT_ID=… lines (default: a placeholder to edit)")
	usage := fmt.Sprintf("Usage: wix-mcp setup [flags] CLIENT\n\nPrints a ready MCP client configuration for wix-mcp on stdout.\nCLIENT is one of: %s\n\nFlags (before or after CLIENT):\n", clientNames())
	positional, code, ok := parseCommandFlags(fs, args, usage, stdout, stderr)
	if !ok {
		return code
	}
	if len(positional) != 1 {
		fmt.Fprintf(stderr, "wix-mcp setup: name one client: %s\n", clientNames())
		return exitConfig
	}
	if o.Command == "" && !o.Docker {
		o.Command = selfPath()
	}
	s, err := clientsetup.Generate(clientsetup.Client(positional[0]), o)
	if err != nil {
		fmt.Fprintln(stderr, "wix-mcp setup:", err)
		return exitConfig
	}
	fmt.Fprint(stdout, s.Text)
	fmt.Fprintf(stderr, "%s: %s\n", s.Client.Title(), s.Where)
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
	return exitOK
}

func clientNames() string {
	names := make([]string, 0, len(clientsetup.Clients()))
	for _, c := range clientsetup.Clients() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}

// selfPath is this binary's absolute path, which clients need because they
// rarely share the shell's PATH; a `go run` build lives in a temporary
// folder that is gone afterwards, so then the plain name is used.
func selfPath() string {
	exe, err := os.Executable()
	if err != nil {
		return clientsetup.DefaultCommand
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return clientsetup.DefaultCommand
	}
	return exe
}
