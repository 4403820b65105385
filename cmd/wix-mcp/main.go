// Command wix-mcp is an MCP server that gives AI agents safe access to Wix
// through Wix API keys. It serves MCP over stdio by default; see README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/internal/closest"
	"github.com/wix-mcp/wix-mcp/mcpserver"
	"github.com/wix-mcp/wix-mcp/replicas"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitConfig = 2
)

// command is one of wix-mcp's commands besides serving, such as doctor or
// setup. run returns the process exit code; asked for help (-h, --help) it
// prints the command's help on stdout and returns exitOK.
type command struct {
	name    string
	summary string // one line in wix-mcp --help
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer, getenv config.Environment) int
}

// commands is every command, in the order help lists them. It is a
// function because help itself is one of them.
func commands() []command {
	return []command{
		{"doctor", "check the configuration, then make one harmless read per account and site", runDoctor},
		{"setup", "print an MCP client's configuration for wix-mcp, or merge it into the client's file (--write)", runSetup},
		{"catalog", "list or search the embedded catalog of Wix REST endpoints", runCatalog},
		{"token", "make a user's bearer token for a shared HTTP server: wix-mcp token new NAME", runToken},
		{"version", "print the version", runVersion},
		{"help", "print this help, or a command's: wix-mcp help COMMAND", runHelp},
	}
}

func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func main() {
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	stopProfile()
	os.Exit(code)
}

// run is main without process globals, so tests can drive it in process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv config.Environment) int {
	if len(args) > 0 {
		switch args[0] {
		case "--version", "-version":
			return runVersion(ctx, nil, stdout, stderr, getenv)
		}
		if cmd, ok := lookupCommand(args[0]); ok {
			return cmd.run(ctx, args[1:], stdout, stderr, getenv)
		}
		if near := closest.Word(args[0], commandNames()); near != "" && !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "wix-mcp: unknown command %s; did you mean %s? (wix-mcp help lists the commands)\n", args[0], near)
			return exitConfig
		}
	}
	cfg, err := config.Load(args, getenv, io.Discard)
	if err != nil {
		var cfgErr *config.Error
		var flagErr *config.FlagError
		switch {
		case errors.Is(err, flag.ErrHelp):
			writeHelp(stdout)
			return exitOK
		case errors.As(err, &flagErr):
			fmt.Fprintln(stderr, "wix-mcp:", flagErr)
			return exitConfig
		case errors.As(err, &cfgErr):
			fmt.Fprintln(stderr, "wix-mcp: invalid configuration:")
			for _, p := range cfgErr.Problems {
				fmt.Fprintln(stderr, "  - "+p)
			}
			return exitConfig
		}
		fmt.Fprintln(stderr, "wix-mcp:", err)
		return exitConfig
	}
	logger := newLogger(cfg, stderr)
	for _, w := range cfg.Warnings {
		logger.Warn().Msg(w)
	}
	if cfg.Sandbox {
		stopSandbox, err := startSandbox(cfg, logger)
		if err != nil {
			logger.Error().Err(err).Msg("cannot start the sandbox")
			return exitFailed
		}
		defer stopSandbox()
	}
	shared, err := replicas.Setup(cfg, logger)
	if err != nil {
		logger.Error().Err(err).Msg("cannot set up")
		return exitFailed
	}
	defer shared.Close()
	srv := mcpserver.New(cfg, mcpserver.Options{Version: version, Logger: logger, Shared: shared})
	logger.Info().Str("version", version).Str("transport", string(cfg.Transport)).Int("accounts", len(cfg.Accounts)).
		Int("sites", len(cfg.Sites)).Bool("read_only", cfg.ReadOnly).Msg("wix-mcp starting")

	switch cfg.Transport {
	case config.TransportStdio:
		err = serveStdio(ctx, srv, stdin, stdout, logger)
	default:
		err = serveHTTP(ctx, cfg, srv, shared, logger)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		logger.Error().Err(err).Msg("server stopped")
		return exitFailed
	}
	logger.Info().Msg("wix-mcp stopped")
	return exitOK
}

// newLogger writes JSON (or console text) to stderr only: in stdio mode
// stdout carries MCP frames and nothing else.
func newLogger(cfg *config.Config, stderr io.Writer) zerolog.Logger {
	level, err := zerolog.ParseLevel(cfg.LogLevel)
	if err != nil {
		level = zerolog.InfoLevel
	}
	w := stderr
	if cfg.LogFormat == "console" {
		w = zerolog.ConsoleWriter{Out: stderr, NoColor: true}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}

// stdioWorkers is how many tool calls the stdio transport runs at once.
const stdioWorkers = 32

func serveStdio(ctx context.Context, srv *server.MCPServer, stdin io.Reader, stdout io.Writer, logger zerolog.Logger) error {
	stdio := server.NewStdioServer(srv)
	// mcp-go serves stdio tool calls with 5 workers by default; a call that
	// waits for a person's answer holds one, so give parallel calls (a
	// client fanning out reads, a script) room beside the few questions a
	// session may have open.
	server.WithWorkerPoolSize(stdioWorkers)(stdio)
	stdio.SetErrorLogger(log.New(logger.With().Str("component", "stdio").Logger(), "", 0))
	return stdio.Listen(ctx, stdin, stdout)
}
