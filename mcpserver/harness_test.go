package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
)

// syncBuffer collects log output written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is wix-mcp as the binary builds it, from a YAML file and an
// environment through config.Load, with an in-process MCP client and every
// log line captured.
type harness struct {
	client *client.Client
	logs   *syncBuffer
	cfg    *config.Config
}

func startHarness(t *testing.T, yaml string, env map[string]string) *harness {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wix-mcp.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	env["WIX_MCP_CONFIG"] = path
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	logs := &syncBuffer{}
	srv := New(cfg, Options{Version: "test", Logger: zerolog.New(logs).Level(zerolog.DebugLevel)})
	c, err := client.NewInProcessClient(srv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "hostile-test", Version: "1"}
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	return &harness{client: c, logs: logs, cfg: cfg}
}

// call runs a tool and returns what the model receives: every text
// content joined, and the structured content as JSON.
func (h *harness) call(t *testing.T, name string, args map[string]any) (text, structured string, isError bool) {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := h.client.CallTool(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: JSON-RPC error (a bug): %v", name, err)
	}
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	if res.StructuredContent != nil {
		raw, _ := json.Marshal(res.StructuredContent)
		structured = string(raw)
	}
	return strings.Join(parts, "\n"), structured, res.IsError
}

var fenceOpen = regexp.MustCompile(`<untrusted-wix-data-([0-9a-f]{32})>\n`)

// outsideFence returns text without the fenced data: what the model reads
// as the server's own words.
func outsideFence(text string) string {
	for {
		m := fenceOpen.FindStringSubmatchIndex(text)
		if m == nil {
			return text
		}
		closing := "\n</untrusted-wix-data-" + text[m[2]:m[3]] + ">"
		end := strings.Index(text[m[1]:], closing)
		if end < 0 {
			return text
		}
		text = text[:m[0]] + "[fenced data]" + text[m[1]+end+len(closing):]
	}
}
