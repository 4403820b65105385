// Command wix-mcp-bench measures wix-mcp: tool calls per second and their
// latency with many concurrent streamable HTTP sessions against the Wix
// emulator, the memory of idle sessions, and start-up over stdio. See
// BENCHMARKS.md for how to run it and the results.
//
//	wix-mcp-bench load    [--server ./wix-mcp] [--sessions 64] [--calls 200]
//	wix-mcp-bench idle    [--server ./wix-mcp] [--sessions 1000]
//	wix-mcp-bench startup [--runs 20] [--server ./wix-mcp | -- command args...]
//
// Without --server, load and idle run wix-mcp's MCP server in a child
// process of this command (the serve-http subcommand), for builds whose
// binary cannot serve HTTP yet. --url and --pid measure a server that is
// already running instead, such as a Node server for comparison.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/wix-mcp/wix-mcp/bench"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "wix-mcp-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: wix-mcp-bench load|idle|startup|compare [flags]")
	}
	switch args[0] {
	case "load":
		return runLoad(ctx, args[1:], out)
	case "idle":
		return runIdle(ctx, args[1:], out)
	case "startup":
		return runStartup(ctx, args[1:], out)
	case "compare":
		return runCompare(ctx, args[1:], out)
	case "serve-floor":
		return runServeFloor(ctx, args[1:])
	case "serve-http":
		fs := flag.NewFlagSet("serve-http", flag.ContinueOnError)
		addr := fs.String("addr", "127.0.0.1:8080", "listen address")
		idleConns := fs.Int("idle-conns-per-host", 0, "idle connections kept to the Wix host; 0 keeps wix-mcp's default")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		// A CPU profile of the server under load shows where its time goes.
		if path := os.Getenv("WIX_MCP_BENCH_CPUPROFILE"); path != "" {
			f, err := os.Create(path) //nolint:gosec // G304: the profile path is named by the person running the benchmark
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer pprof.StopCPUProfile()
		}
		return bench.ServeStandIn(ctx, *addr, fs.Args(), os.Getenv, os.Stderr, *idleConns)
	}
	return fmt.Errorf("unknown command %q: use load, idle, startup or compare", args[0])
}

// target is the server a load or idle run measures.
type target struct {
	server    *string
	url       *string
	pid       *int
	logFile   *string
	extraEnv  *string
	idleConns *int
}

func targetFlags(fs *flag.FlagSet) *target {
	return &target{
		server:    fs.String("server", "", "wix-mcp binary to run with --transport http; empty runs the in-process stand-in in a child process"),
		url:       fs.String("url", "", "measure an already running server at this MCP endpoint instead"),
		pid:       fs.Int("pid", 0, "process ID of the server at --url, for its memory"),
		logFile:   fs.String("log", filepath.Join(os.TempDir(), "wix-mcp-bench-server.log"), "where the server's stderr goes"),
		extraEnv:  fs.String("env", "", "comma-separated KEY=VALUE pairs added to the server's environment"),
		idleConns: fs.Int("idle-conns-per-host", 0, "stand-in only: idle connections its Wix client keeps to the Wix host; 0 keeps wix-mcp's default"),
	}
}

// start starts the emulator and the server under test, or attaches to a
// running server. The returned stop ends whatever was started.
func (t *target) start(ctx context.Context) (url string, pid int, stop func(), err error) {
	if *t.url != "" {
		return *t.url, *t.pid, func() {}, nil
	}
	sim := wixsim.NewServer()
	env := []string{
		"WIX_API_KEY=" + wixsim.AgencyKey, "WIX_ACCOUNT_ID=" + wixsim.AgencyAccountID, "WIX_API_BASE_URL=" + sim.URL,
		"WIX_MCP_TRANSPORT=http", "WIX_MCP_UNSAFE_NO_AUTH=true",
		// Wix's per-site budget (200 a minute) would throttle a load test
		// of thousands of calls to one site; the emulator has none.
		"WIX_MCP_WIX_RATE_LIMIT=off",
	}
	if *t.extraEnv != "" {
		env = append(env, strings.Split(*t.extraEnv, ",")...)
	}
	argv := []string{*t.server}
	if *t.server == "" {
		self, err := os.Executable()
		if err != nil {
			sim.Close()
			return "", 0, nil, err
		}
		argv = []string{self, "serve-http", "--idle-conns-per-host", fmt.Sprint(*t.idleConns)}
	}
	p, err := bench.StartHTTP(ctx, argv, env, *t.logFile)
	if err != nil {
		sim.Close()
		return "", 0, nil, err
	}
	return p.URL, p.PID, func() { p.Stop(); sim.Close() }, nil
}

func runLoad(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	t := targetFlags(fs)
	sessions := fs.Int("sessions", 64, "concurrent MCP sessions")
	calls := fs.Int("calls", 200, "tool calls per session")
	warmup := fs.Int("warmup", 5, "untimed calls per session first")
	tool := fs.String("tool", "call_site_api", "tool to call")
	argsJSON := fs.String("args", `{"site_id":"`+wixsim.SiteBakery+`","method":"POST","path":"/contacts/v4/contacts/query","body":{"query":{"paging":{"limit":5}}}}`, "the tool's arguments, as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var toolArgs map[string]any
	if err := json.Unmarshal([]byte(*argsJSON), &toolArgs); err != nil {
		return fmt.Errorf("--args: %w", err)
	}
	url, pid, stop, err := t.start(ctx)
	if err != nil {
		return err
	}
	defer stop()
	r, err := bench.RunLoad(ctx, bench.LoadOptions{URL: url, PID: pid, Sessions: *sessions, Calls: *calls, Warmup: *warmup, Tool: *tool, Args: toolArgs})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "load: %d sessions x %d calls of %s over streamable HTTP\n", r.Sessions, r.Calls/max(1, r.Sessions), *tool)
	fmt.Fprintf(out, "  calls/s     %.0f (%d calls in %v)\n", r.PerSecond, r.Calls, r.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "  latency     p50 %v  p90 %v  p99 %v  max %v\n", ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max))
	fmt.Fprintf(out, "  errors      %d", r.Errors)
	if r.FirstError != "" {
		fmt.Fprintf(out, " (first: %s)", r.FirstError)
	}
	fmt.Fprintln(out)
	if pid != 0 {
		fmt.Fprintf(out, "  server RSS  %s now, %s peak\n", bench.MiB(r.Memory.RSS), bench.MiB(r.Memory.Peak))
		fmt.Fprintf(out, "  CPU         server %.0f µs/call, this process (client, emulator) %.0f µs/call\n",
			float64(r.ServerCPU.Microseconds())/float64(r.Calls), float64(r.ClientCPU.Microseconds())/float64(r.Calls))
	}
	return nil
}

func runIdle(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("idle", flag.ContinueOnError)
	t := targetFlags(fs)
	sessions := fs.Int("sessions", 1000, "idle sessions to open")
	listen := fs.Bool("listen", true, "open each session's GET event stream, as SDK clients do")
	settle := fs.Duration("settle", 2*time.Second, "wait with the sessions open before reading memory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	url, pid, stop, err := t.start(ctx)
	if err != nil {
		return err
	}
	defer stop()
	if pid == 0 {
		return fmt.Errorf("idle needs the server's process ID (--pid with --url)")
	}
	r, err := bench.RunIdle(ctx, bench.IdleOptions{URL: url, PID: pid, Sessions: *sessions, Listen: *listen, Settle: *settle})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "idle: %d sessions (GET stream open: %v), opened in %v\n", r.Sessions, r.Listen, r.OpenTime.Round(time.Millisecond))
	fmt.Fprintf(out, "  server RSS  %s before, %s with the sessions open (peak %s)\n", bench.MiB(r.Before.RSS), bench.MiB(r.With.RSS), bench.MiB(r.With.Peak))
	fmt.Fprintf(out, "  per session %.1f KiB\n", float64(r.PerSession())/1024)
	return nil
}

func runStartup(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("startup", flag.ContinueOnError)
	server := fs.String("server", "./wix-mcp", "wix-mcp binary to start (ignored when a command follows --)")
	runs := fs.Int("runs", 20, "timed starts")
	extraEnv := fs.String("env", "", "comma-separated KEY=VALUE pairs for the server's environment")
	if err := fs.Parse(args); err != nil {
		return err
	}
	argv := fs.Args()
	var env []string
	if len(argv) == 0 {
		// A configured account, as a user's; nothing listens at the base
		// URL, and start-up makes no Wix request.
		argv = []string{*server}
		env = []string{"WIX_API_KEY=" + wixsim.AgencyKey, "WIX_ACCOUNT_ID=" + wixsim.AgencyAccountID, "WIX_API_BASE_URL=http://127.0.0.1:9"}
	}
	if *extraEnv != "" {
		env = append(env, strings.Split(*extraEnv, ",")...)
	}
	r, err := bench.RunStartup(ctx, bench.StartupOptions{Argv: argv, Env: env, Runs: *runs})
	if err != nil {
		return err
	}
	m := r.Median()
	lo, hi := r.Range()
	fmt.Fprintf(out, "startup over stdio: %s (%d runs)\n", strings.Join(argv, " "), len(r.Runs))
	fmt.Fprintf(out, "  to initialize answer  median %v (min %v, max %v)\n", ms(m.Initialize), ms(lo), ms(hi))
	fmt.Fprintf(out, "  to tools/list answer  median %v\n", ms(m.ToolsList))
	fmt.Fprintf(out, "  peak RSS              median %s\n", bench.MiB(m.MaxRSS))
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
