package bench

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/mcpserver"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// helperEnv makes the test binary act as a stdio MCP server, so
// RunStartup can be tested on a real wix-mcp server without building one.
const helperEnv = "WIX_MCP_BENCH_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "stdio" {
		srv := mcpserver.New(&config.Config{Transport: "stdio", Timeout: time.Second,
			Accounts: []config.Account{{Name: "a", ID: wixsim.AgencyAccountID, Key: config.Secret(wixsim.AgencyKey)}}},
			mcpserver.Options{Version: "helper", Logger: zerolog.New(io.Discard)})
		if err := server.NewStdioServer(srv).Listen(context.Background(), os.Stdin, os.Stdout); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// newTarget serves wix-mcp's MCP server over streamable HTTP in process,
// against the emulator.
func newTarget(t *testing.T) (*httptest.Server, *wixsim.Server) {
	t.Helper()
	sim := wixsim.NewServer()
	t.Cleanup(sim.Close)
	cfg := &config.Config{Transport: "http", BaseURL: sim.URL, Timeout: 5 * time.Second, MaxResultChars: config.DefaultMaxResultChars,
		Accounts: []config.Account{{Name: "agency", ID: wixsim.AgencyAccountID, Key: config.Secret(wixsim.AgencyKey)}}}
	srv := mcpserver.New(cfg, mcpserver.Options{Version: "test", Logger: zerolog.New(io.Discard)})
	hs := httptest.NewServer(server.NewStreamableHTTPServer(srv, server.WithStateful(true)))
	t.Cleanup(hs.Close)
	return hs, sim
}

func TestRunLoadCountsCallsAndErrors(t *testing.T) {
	hs, sim := newTarget(t)
	good := map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "/site-properties/v4/properties"}
	r, err := RunLoad(context.Background(), LoadOptions{URL: hs.URL, PID: os.Getpid(), Sessions: 3, Calls: 4, Warmup: 1, Tool: "call_site_api", Args: good})
	if err != nil {
		t.Fatal(err)
	}
	if r.Calls != 12 || r.Errors != 0 || r.PerSecond <= 0 || r.P50 <= 0 || r.P50 > r.P99 || r.P99 > r.Max || r.Memory.RSS <= 0 {
		t.Errorf("result %+v", r)
	}
	// 3 warm-up and 12 timed calls, plus the owner lookup of the site.
	if n := len(sim.Sim.Requests()); n != 16 {
		t.Errorf("the emulator saw %d requests, want 16", n)
	}

	// An isError result is an error of the run, not a success.
	bad := map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "/nope"}
	r, err = RunLoad(context.Background(), LoadOptions{URL: hs.URL, Sessions: 2, Calls: 3, Tool: "call_site_api", Args: bad})
	if err != nil {
		t.Fatal(err)
	}
	if r.Errors != 6 || !strings.Contains(r.FirstError, "isError") {
		t.Errorf("errors %d, first %q", r.Errors, r.FirstError)
	}
}

func TestRunIdleHoldsSessions(t *testing.T) {
	hs, _ := newTarget(t)
	r, err := RunIdle(context.Background(), IdleOptions{URL: hs.URL, PID: os.Getpid(), Sessions: 20, Listen: true, Settle: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Sessions != 20 || r.Before.RSS <= 0 || r.With.RSS <= 0 {
		t.Errorf("result %+v", r)
	}
}

func TestRunStartup(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r, err := RunStartup(context.Background(), StartupOptions{Argv: []string{self}, Env: []string{helperEnv + "=stdio"}, Runs: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Runs) != 3 {
		t.Fatalf("runs %+v", r.Runs)
	}
	for _, run := range r.Runs {
		if run.Initialize <= 0 || run.ToolsList < run.Initialize || run.MaxRSS <= 0 {
			t.Errorf("run %+v", run)
		}
	}
	if m := r.Median(); m.Initialize <= 0 {
		t.Errorf("median %+v", m)
	}

	// A command that is not an MCP server fails clearly.
	if _, err := RunStartup(context.Background(), StartupOptions{Argv: []string{"true"}, Runs: 1}); err == nil || !strings.Contains(err.Error(), "closed stdout") {
		t.Errorf("a non-server: %v", err)
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	for _, tt := range []struct{ p, want int }{{50, 50}, {99, 99}, {100, 100}, {1, 1}, {0, 1}} {
		if got := percentile(d, tt.p); got != time.Duration(tt.want) {
			t.Errorf("p%d = %d, want %d", tt.p, got, tt.want)
		}
	}
	if percentile(nil, 50) != 0 || percentile(d[:1], 99) != 1 {
		t.Error("edge cases")
	}
}

func TestAnswerFromStream(t *testing.T) {
	stream := "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n" +
		"data: {\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{}}\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"isError\":true}}\n\n"
	ans, err := answerFromStream(strings.NewReader(stream), 7)
	if err != nil || ans.Result == nil || !ans.Result.IsError {
		t.Fatalf("%+v %v", ans, err)
	}
	if _, err := answerFromStream(strings.NewReader(stream), 8); err == nil {
		t.Error("a stream without the answer must fail")
	}
}

func TestReadMemoryAndCPU(t *testing.T) {
	m, err := ReadMemory(os.Getpid())
	if err != nil || m.RSS <= 0 || m.Peak < m.RSS {
		t.Fatalf("%+v %v", m, err)
	}
	if _, err := CPUTime(os.Getpid()); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadMemory(-1); err == nil {
		t.Error("no error for a missing process")
	}
	if got := MiB(3 << 20); got != fmt.Sprintf("%.1f MiB", 3.0) {
		t.Errorf("MiB = %q", got)
	}
}
