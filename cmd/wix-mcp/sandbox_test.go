package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestSandboxStateOutlivesTheProcess starts the sandbox twice on one
// --sandbox-state file, as a client that starts a server per call does:
// what the first run created, the second finds.
func TestSandboxStateOutlivesTheProcess(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "sandbox.json")
	call := func(cfg *config.Config, method, path string, body any) map[string]any {
		t.Helper()
		raw, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, cfg.BaseURL+path, bytes.NewReader(raw))
		req.Header.Set("Authorization", string(cfg.Accounts[0].Key))
		req.Header.Set("wix-site-id", wixsim.SiteBakery)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d %v", method, path, res.StatusCode, out)
		}
		return out
	}

	first := &config.Config{Sandbox: true, SandboxState: state}
	stop, err := startSandbox(first, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	created := call(first, "POST", "/blog/v3/tags", map[string]any{"label": "kept"})
	stop()
	id, _ := created["tag"].(map[string]any)["id"].(string)

	second := &config.Config{Sandbox: true, SandboxState: state}
	stop, err = startSandbox(second, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	got := call(second, "GET", "/blog/v3/tags/"+id, nil)
	if label := got["tag"].(map[string]any)["label"]; label != "kept" {
		t.Fatalf("second run reads label %v, want kept", label)
	}
}
