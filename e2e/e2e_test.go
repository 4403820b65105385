// Package e2e drives the built wix-mcp binary with a real MCP client (the
// official Go SDK) against the local Wix emulator, exactly as a desktop
// client would: over stdio, and over HTTP where the transport allows.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// protocolVersion pins the protocol today's desktop clients speak
// (https://modelcontextprotocol.io/specification/2025-11-25).
const protocolVersion = "2025-11-25"

// testVersion is injected into the binary like a release build does.
const testVersion = "0.0.0-e2e"

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wix-mcp-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "wix-mcp")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	statSources("..")
	// The binary is built without the race detector unless asked for
	// (WIX_MCP_E2E_RACE=1): a race build starts in about 1.2 s against
	// 0.06 s, and the in-process tests of this package (faults_test.go)
	// already run the server's code under -race.
	args := []string{"build", "-ldflags", "-X main.version=" + testVersion, "-o", binary}
	if os.Getenv("WIX_MCP_E2E_RACE") == "1" {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, "../cmd/wix-mcp")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building wix-mcp:", err)
		os.Exit(1)
	}
	// Several tests give the server timeouts of a few hundred milliseconds;
	// the emulators they start in this process would otherwise build their
	// catalog-driven engine on the first request, on the clock (seconds
	// under the race detector).
	wixsim.Warm()
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// statSources stats every Go source of the module. go test caches results
// keyed on the files a test opened or stat'ed, so this makes a cached e2e
// result invalid whenever the server's code changes.
func statSources(root string) {
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".tools" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".gz") || d.Name() == "go.mod" {
			_, _ = os.Stat(path)
		}
		return nil
	})
}

// syncBuffer collects a process's stderr while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor returns the buffer's text once it holds every one of want, or
// after 10 s. A server writes a log line before it answers, but the
// goroutine that copies its stderr into the buffer may lag behind under
// load, so a test reads logs through this and not straight away.
func (b *syncBuffer) waitFor(want ...string) string {
	deadline := time.Now().Add(10 * time.Second)
	for {
		text := b.String()
		missing := false
		for _, w := range want {
			missing = missing || !strings.Contains(text, w)
		}
		if !missing || time.Now().After(deadline) {
			return text
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// session is one running wix-mcp process with a connected client.
type session struct {
	*gomcp.ClientSession
	stderr *syncBuffer
}

// startStdio runs the binary with args and env (nothing inherited but PATH
// and HOME) and connects a client over stdio.
func startStdio(t *testing.T, env []string, opts *gomcp.ClientOptions, args ...string) *session {
	t.Helper()
	return startStdioVersion(t, env, opts, protocolVersion, args...)
}

// startStdioVersion is startStdio with a chosen protocol version.
func startStdioVersion(t *testing.T, env []string, opts *gomcp.ClientOptions, version string, args ...string) *session {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	client := gomcp.NewClient(&gomcp.Implementation{Name: "e2e", Version: "1"}, opts)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cs, err := client.Connect(ctx, &gomcp.CommandTransport{Command: cmd, TerminateDuration: 5 * time.Second}, &gomcp.ClientSessionOptions{ProtocolVersion: version})
	if err != nil {
		t.Fatalf("connect: %v\nstderr:\n%s", err, stderr.String())
	}
	t.Cleanup(func() { cs.Close() })
	return &session{ClientSession: cs, stderr: stderr}
}

// call calls a tool and returns its result; a JSON-RPC error fails the test.
func (s *session) call(t *testing.T, name string, args map[string]any) *gomcp.CallToolResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := s.CallTool(ctx, &gomcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v\nstderr:\n%s", name, err, s.stderr.String())
	}
	return res
}

// text joins a result's text content.
func text(res *gomcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(*gomcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// resultJSON returns everything the model receives from a result.
func resultJSON(t *testing.T, res *gomcp.CallToolResult) string {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func toolNames(t *testing.T, s *session) []string {
	t.Helper()
	res, err := s.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
	}
	return names
}
