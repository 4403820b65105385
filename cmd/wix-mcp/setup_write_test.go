package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSetupWrite: --write merges into the client's file (found from HOME
// for Cursor, or named with --file), keeps a backup, and refuses to
// replace a server of the same name without --force.
func TestSetupWrite(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	env := map[string]string{"HOME": home}
	cursorFile := filepath.Join(home, ".cursor", "mcp.json")
	if err := os.MkdirAll(filepath.Dir(cursorFile), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cursorFile, []byte(`{"mcpServers":{"github":{"url":"https://api.githubcopilot.com/mcp/"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd(t, env, "setup", "cursor", "--write", "--command", "/opt/wix-mcp")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `added server "wix" to `+cursorFile) || !strings.Contains(out, cursorFile+".bak") {
		t.Errorf("stdout: %q", out)
	}
	var doc struct {
		MCPServers map[string]map[string]any `json:"mcpServers"`
	}
	b, _ := os.ReadFile(cursorFile)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.MCPServers["github"] == nil || doc.MCPServers["wix"]["command"] != "/opt/wix-mcp" {
		t.Errorf("merged file:\n%s", b)
	}
	if strings.Contains(string(b), "IST.") {
		t.Error("a key in the client's file")
	}

	code, _, stderr = runCmd(t, env, "setup", "cursor", "--write", "--command", "/opt/wix-mcp")
	if code != exitConfig || !strings.Contains(stderr, "--force") {
		t.Errorf("second write: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCmd(t, env, "setup", "cursor", "--write", "--force", "--transport", "http")
	if code != exitOK {
		t.Fatalf("forced: exit %d %s", code, stderr)
	}
	b, _ = os.ReadFile(cursorFile)
	if !strings.Contains(string(b), `"Authorization": "Bearer ${env:WIX_MCP_HTTP_TOKEN}"`) || !strings.Contains(string(b), `"url": "http://127.0.0.1:8080/mcp"`) {
		t.Errorf("forced http entry:\n%s", b)
	}

	// Claude Desktop expands nothing: --write refuses to write a placeholder.
	desktop := filepath.Join(t.TempDir(), "claude_desktop_config.json")
	code, _, stderr = runCmd(t, env, "setup", "claude-desktop", "--write", "--file", desktop, "--command", "/opt/wix-mcp")
	if code != exitConfig || !strings.Contains(stderr, "--config /absolute/path") {
		t.Errorf("claude-desktop --write without --config: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(desktop); err == nil {
		t.Error("a refused write created the file")
	}
	code, _, stderr = runCmd(t, env, "setup", "claude-desktop", "--write", "--file", desktop, "--command", "/opt/wix-mcp", "--config", "/home/me/wix-mcp.yaml")
	if code != exitOK {
		t.Fatalf("claude-desktop --write: exit %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(desktop); !strings.Contains(string(b), `"/home/me/wix-mcp.yaml"`) {
		t.Errorf("claude desktop file:\n%s", b)
	}

	// --file for a project file: Claude Code's .mcp.json, created.
	mcpJSON := filepath.Join(t.TempDir(), ".mcp.json")
	code, _, stderr = runCmd(t, env, "setup", "claude-code", "--sandbox", "--write", "--file", mcpJSON, "--command", "/opt/wix-mcp")
	if code != exitOK {
		t.Fatalf("claude-code: exit %d %s", code, stderr)
	}
	b, _ = os.ReadFile(mcpJSON)
	if !strings.Contains(string(b), `"wix-sandbox"`) || !strings.Contains(string(b), `"type": "stdio"`) || !strings.Contains(string(b), `"--sandbox"`) {
		t.Errorf(".mcp.json:\n%s", b)
	}
}

// TestSetupCommandIsThisBinary: without --command the snippet names the
// running binary; a go run (or go test) build is temporary, so the plain
// name is used and a note says to build first.
func TestSetupCommandIsThisBinary(t *testing.T) {
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Skip("no os.Executable here")
	}
	code, out, stderr := runCmd(t, nil, "setup", "cursor", "--sandbox")
	if code != exitOK {
		t.Fatalf("exit %d %s", code, stderr)
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		if !strings.Contains(out, `"command": "wix-mcp"`) || !strings.Contains(stderr, "build it first") {
			t.Errorf("a temporary build: stdout %s stderr %s", out, stderr)
		}
		return
	}
	resolved, _ := filepath.EvalSymlinks(exe)
	if !strings.Contains(out, `"command": "`+resolved+`"`) {
		t.Errorf("want this binary's path %s:\n%s", resolved, out)
	}
}
