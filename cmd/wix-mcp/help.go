package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/internal/closest"
)

func runVersion(_ context.Context, _ []string, stdout, _ io.Writer, _ config.Environment) int {
	fmt.Fprintf(stdout, "wix-mcp %s\n", version)
	return exitOK
}

// runHelp prints wix-mcp's help, or with a command name that command's.
func runHelp(ctx context.Context, args []string, stdout, stderr io.Writer, getenv config.Environment) int {
	if len(args) == 0 || args[0] == "help" || wantsHelp(args[:1]) {
		writeHelp(stdout)
		return exitOK
	}
	cmd, ok := lookupCommand(args[0])
	if !ok {
		msg := "wix-mcp help: unknown command"
		if near := closest.Word(args[0], commandNames()); near != "" {
			msg += fmt.Sprintf(" %s; did you mean %s?", args[0], near)
		}
		fmt.Fprintf(stderr, "%s (commands: %s)\n", msg, strings.Join(commandNames(), ", "))
		return exitConfig
	}
	return cmd.run(ctx, []string{"--help"}, stdout, stderr, getenv)
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// writeHelp is wix-mcp --help: what it is, its commands with one line
// each, then the server's flags.
func writeHelp(w io.Writer) {
	fmt.Fprint(w, `wix-mcp is an MCP server that gives AI agents safe access to Wix through Wix API keys.

Usage:
  wix-mcp [flags]            serve MCP (stdio unless --transport says otherwise)
  wix-mcp COMMAND [flags]    run a command

Commands:
`)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	_ = tw.Flush()
	fmt.Fprint(w, `
Run wix-mcp help COMMAND (or wix-mcp COMMAND --help) for a command's flags.

Flags (each has an environment variable; a flag wins over its variable):
`)
	writeFlags(w, config.NewFlagSet("wix-mcp", io.Discard))
	fmt.Fprint(w, `
Keys never come from flags: set WIX_API_KEY and WIX_ACCOUNT_ID, or name key
files in a --config file. Try it without a Wix account: wix-mcp --sandbox
`)
}

// writeFlags lists a flag set's flags with double dashes, as people type
// them, each with its default when it has one.
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		name := "--" + f.Name
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			name += " VALUE"
		}
		usage := f.Usage
		if f.DefValue != "" && f.DefValue != "false" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", name, usage)
	})
	_ = tw.Flush()
}

// parseCommandFlags parses a command's flags, also those after its
// positional arguments. Asked for help it prints usage and the flags on
// stdout and returns exitOK; on a mistake it prints one line on stderr and
// returns exitConfig; done is false in both cases.
func parseCommandFlags(fs *flag.FlagSet, args []string, usage string, stdout, stderr io.Writer) (positional []string, code int, done bool) {
	for {
		err := config.ParseFlags(fs, args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			writeFlags(stdout, fs)
			return nil, exitOK, false
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
			return nil, exitConfig, false
		}
		if fs.NArg() == 0 {
			return positional, 0, true
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
