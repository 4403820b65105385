package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

func envOf(m map[string]string) config.Environment { return func(k string) string { return m[k] } }

func TestVersion(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if code := run(context.Background(), []string{"--version"}, nil, &out, io.Discard, envOf(nil)); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if out.String() != "wix-mcp "+version+"\n" {
		t.Errorf("--version printed %q", out.String())
	}
}

func TestInvalidConfigurationExitsTwo(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), nil, strings.NewReader(""), &stdout, &stderr, envOf(map[string]string{"WIX_MCP_TIMEOUT": "soon"}))
	if code != exitConfig {
		t.Fatalf("exit %d, want %d", code, exitConfig)
	}
	if stdout.Len() != 0 {
		t.Errorf("nothing may go to stdout: %q", stdout.String())
	}
	msg := stderr.String()
	for _, want := range []string{"invalid configuration", "no Wix configuration", "WIX_MCP_TIMEOUT"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
}

// TestStdoutCarriesOnlyMCPFrames serves a short stdio session in process
// with debug logging and checks that every stdout line is a JSON-RPC
// message and every log line went to stderr.
func TestStdoutCarriesOnlyMCPFrames(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	env := envOf(map[string]string{
		"WIX_API_KEY": wixsim.AgencyKey, "WIX_ACCOUNT_ID": wixsim.AgencyAccountID,
		"WIX_API_BASE_URL": sim.URL, "WIX_MCP_LOG_LEVEL": "debug",
	})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr lockedBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- run(ctx, nil, inR, outW, &stderr, env); outW.Close() }()

	send := func(msg string) {
		if _, err := io.WriteString(inW, msg+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	lines := bufio.NewScanner(outR)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	read := func() map[string]any {
		if !lines.Scan() {
			t.Fatalf("stdout closed early; stderr:\n%s", stderr.String())
		}
		var m map[string]any
		if err := json.Unmarshal(lines.Bytes(), &m); err != nil || m["jsonrpc"] != "2.0" {
			t.Fatalf("stdout line is not a JSON-RPC message: %q", lines.Text())
		}
		return m
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	if m := read(); m["id"] != float64(1) {
		t.Fatalf("initialize answer: %v", m)
	}
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_sites","arguments":{}}}`)
	if m := read(); m["id"] != float64(2) || m["result"] == nil {
		t.Fatalf("tools/call answer: %v", m)
	}
	inW.Close() // EOF ends the session
	if code := <-done; code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	for lines.Scan() {
		t.Errorf("unexpected stdout after EOF: %q", lines.Text())
	}
	if !strings.Contains(stderr.String(), `"message":"tool call"`) {
		t.Errorf("logs must go to stderr:\n%s", stderr.String())
	}
}
