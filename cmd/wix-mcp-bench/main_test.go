package main

import (
	"bytes"
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

// helperEnv makes the test binary a stdio MCP server for the startup test.
const helperEnv = "WIX_MCP_BENCH_CMD_HELPER"

func testConfig(baseURL string) *config.Config {
	return &config.Config{Transport: "http", BaseURL: baseURL, Timeout: 5 * time.Second, MaxResultChars: config.DefaultMaxResultChars,
		Accounts: []config.Account{{Name: "agency", ID: wixsim.AgencyAccountID, Key: config.Secret(wixsim.AgencyKey)}}}
}

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		srv := mcpserver.New(testConfig("http://127.0.0.1:9"), mcpserver.Options{Version: "helper", Logger: zerolog.New(io.Discard)})
		if err := server.NewStdioServer(srv).Listen(context.Background(), os.Stdin, os.Stdout); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestCommands(t *testing.T) {
	sim := wixsim.NewServer()
	defer sim.Close()
	srv := mcpserver.New(testConfig(sim.URL), mcpserver.Options{Version: "test", Logger: zerolog.New(io.Discard)})
	hs := httptest.NewServer(server.NewStreamableHTTPServer(srv, server.WithStateful(true)))
	defer hs.Close()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pid := fmt.Sprint(os.Getpid())
	tests := []struct {
		name    string
		args    []string
		want    []string
		wantErr string
	}{
		{"no command", nil, nil, "usage"},
		{"unknown command", []string{"nope"}, nil, `unknown command "nope"`},
		{"bad tool arguments", []string{"load", "--url", hs.URL, "--args", "{"}, nil, "--args"},
		{"load", []string{"load", "--url", hs.URL, "--pid", pid, "--sessions", "2", "--calls", "3", "--warmup", "0"},
			[]string{"2 sessions x 3 calls of call_site_api", "calls/s", "p50", "errors      0", "server RSS", "CPU"}, ""},
		{"load counts isError results", []string{"load", "--url", hs.URL, "--sessions", "1", "--calls", "2", "--warmup", "0",
			"--args", `{"site_id":"` + wixsim.SiteBakery + `","method":"GET","path":"/nope"}`}, []string{"errors      2 (first: tool result with isError)"}, ""},
		{"idle", []string{"idle", "--url", hs.URL, "--pid", pid, "--sessions", "5", "--settle", "1ms"}, []string{"idle: 5 sessions", "per session"}, ""},
		{"idle needs a pid", []string{"idle", "--url", hs.URL}, nil, "process ID"},
		{"startup", []string{"startup", "--runs", "2", "--env", helperEnv + "=1", "--", self},
			[]string{"(2 runs)", "to initialize answer  median", "to tools/list answer", "peak RSS"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tt.args, &out)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
