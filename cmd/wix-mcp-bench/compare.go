package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"

	"github.com/wix-mcp/wix-mcp/bench"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// runCompare measures wix-mcp's server CPU per forwarding call against the
// floor server's (bench.ServeFloor), under the same load and the same
// emulator, alternating the two servers pair by pair so that a change in
// the machine's load hits both alike. The figure compared is each
// server's own CPU time (from /proc) per call, not wall time.
func runCompare(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	server := fs.String("server", "./wix-mcp", "wix-mcp binary to measure")
	pairs := fs.Int("pairs", 5, "how many wix-mcp/floor pairs to run")
	sessions := fs.Int("sessions", 16, "concurrent MCP sessions")
	calls := fs.Int("calls", 300, "tool calls per session in each run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sim := wixsim.NewServer()
	defer sim.Close()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	toolArgs := map[string]any{}
	_ = json.Unmarshal([]byte(`{"site_id":"`+wixsim.SiteBakery+`","method":"POST","path":"/contacts/v4/contacts/query","body":{"query":{"paging":{"limit":5}}}}`), &toolArgs)
	servers := map[string][]string{
		"wix-mcp": {*server},
		"floor":   {self, "serve-floor", "--base-url", sim.URL, "--site-id", wixsim.SiteBakery},
	}
	env := []string{
		"WIX_API_KEY=" + wixsim.AgencyKey, "WIX_ACCOUNT_ID=" + wixsim.AgencyAccountID, "WIX_API_BASE_URL=" + sim.URL,
		"WIX_MCP_TRANSPORT=http", "WIX_MCP_UNSAFE_NO_AUTH=true",
		"WIX_MCP_WIX_RATE_LIMIT=off", // the floor has no budget either
	}
	perCall := func(name string) (float64, error) {
		serverEnv := env
		if prof := os.Getenv("WIX_MCP_CPUPROFILE"); prof != "" && name == "wix-mcp" {
			// A pprof build of wix-mcp writes its CPU profile there (each
			// run overwrites the last); the floor is never profiled.
			serverEnv = append(slices.Clip(env), "WIX_MCP_CPUPROFILE="+prof)
		}
		if prof := os.Getenv("WIX_MCP_FLOOR_CPUPROFILE"); prof != "" && name == "floor" {
			serverEnv = append(slices.Clip(env), "WIX_MCP_FLOOR_CPUPROFILE="+prof)
		}
		p, err := bench.StartHTTP(ctx, servers[name], serverEnv, filepath.Join(os.TempDir(), "wix-mcp-bench-"+name+".log"))
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		defer p.Stop()
		r, err := bench.RunLoad(ctx, bench.LoadOptions{URL: p.URL, PID: p.PID, Sessions: *sessions, Calls: *calls, Warmup: 5, Tool: "call_site_api", Args: toolArgs})
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		if r.Errors > 0 {
			return 0, fmt.Errorf("%s: %d errors (first: %s)", name, r.Errors, r.FirstError)
		}
		return float64(r.ServerCPU.Microseconds()) / float64(r.Calls), nil
	}
	fmt.Fprintf(out, "compare: server CPU per call_site_api (POST contacts query), %d sessions x %d calls, %d pairs\n", *sessions, *calls, *pairs)
	var ratios []float64
	for i := range *pairs {
		order := []string{"wix-mcp", "floor"}
		if i%2 == 1 {
			order = []string{"floor", "wix-mcp"}
		}
		got := map[string]float64{}
		for _, name := range order {
			us, err := perCall(name)
			if err != nil {
				return err
			}
			got[name] = us
		}
		ratio := got["wix-mcp"] / got["floor"]
		ratios = append(ratios, ratio)
		fmt.Fprintf(out, "  pair %d: wix-mcp %.0f µs/call, floor %.0f µs/call, ratio %.2f\n", i+1, got["wix-mcp"], got["floor"], ratio)
	}
	slices.Sort(ratios)
	fmt.Fprintf(out, "  median ratio %.2f (min %.2f, max %.2f)\n", ratios[len(ratios)/2], ratios[0], ratios[len(ratios)-1])
	return nil
}

// runServeFloor serves the floor server (bench.ServeFloor) for compare.
func runServeFloor(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve-floor", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	baseURL := fs.String("base-url", "", "Wix origin to forward to (the emulator)")
	siteID := fs.String("site-id", "", "site ID sent with every call")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if path := os.Getenv("WIX_MCP_FLOOR_CPUPROFILE"); path != "" {
		// The floor's own profile, to compare with a pprof build of
		// wix-mcp's (go tool pprof -diff_base).
		f, err := os.Create(path) //nolint:gosec // G304: named by the person profiling
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() { pprof.StopCPUProfile(); _ = f.Close() }()
	}
	return bench.ServeFloor(ctx, bench.FloorOptions{Addr: *addr, BaseURL: *baseURL, Key: os.Getenv("WIX_API_KEY"), SiteID: *siteID})
}
