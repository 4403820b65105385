package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/mcpserver"
)

// bundleManifest is the part of bundle/manifest.json (the MCP Bundle
// manifest, https://github.com/modelcontextprotocol/mcpb/blob/main/MANIFEST.md)
// that must agree with the server.
type bundleManifest struct {
	Server struct {
		MCPConfig struct {
			Command string            `json:"command"`
			Args    []string          `json:"args"`
			Env     map[string]string `json:"env"`
		} `json:"mcp_config"`
	} `json:"server"`
	Tools []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"tools"`
	UserConfig map[string]struct {
		Type      string `json:"type"`
		Sensitive bool   `json:"sensitive"`
		Required  bool   `json:"required"`
	} `json:"user_config"`
}

// TestBundleManifestMatchesServer: the bundle declares exactly the tools
// the server serves when started the way the bundle starts it (the
// environment of mcp_config, with the user's values), with the same
// descriptions; the key is a sensitive user_config value that reaches the
// server only through the environment.
func TestBundleManifestMatchesServer(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../bundle/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m bundleManifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	user := map[string]string{"api_key": "IST.bundle-test", "account_id": "11111111-1111-4111-8111-111111111111", "site_id": "", "read_only": "false"}
	env := map[string]string{}
	for k, v := range m.Server.MCPConfig.Env {
		for name, val := range user {
			v = strings.ReplaceAll(v, "${user_config."+name+"}", val)
		}
		if strings.Contains(v, "${") {
			t.Errorf("env %s = %q references something the test does not fill", k, v)
		}
		env[k] = v
	}
	if m.Server.MCPConfig.Env[config.EnvAPIKey] != "${user_config.api_key}" || !m.UserConfig["api_key"].Sensitive || !m.UserConfig["api_key"].Required {
		t.Errorf("the key must be a required, sensitive user_config passed as %s: env %v, user_config %+v", config.EnvAPIKey, m.Server.MCPConfig.Env, m.UserConfig["api_key"])
	}
	if m.Server.MCPConfig.Env[config.EnvAccountID] != "${user_config.account_id}" || !m.UserConfig["account_id"].Required {
		t.Errorf("the account ID must be a required user_config passed as %s", config.EnvAccountID)
	}
	for _, a := range m.Server.MCPConfig.Args {
		if strings.Contains(a, "user_config.api_key") {
			t.Error("the key may not be passed on the command line")
		}
	}

	cfg, err := config.Load(m.Server.MCPConfig.Args, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatalf("the bundle's environment does not load: %v", err)
	}
	s := mcpserver.New(cfg, mcpserver.Options{Version: "test", Logger: zerolog.Nop()})
	s.HandleMessage(context.Background(), json.RawMessage(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`))
	answer, err := json.Marshal(s.HandleMessage(context.Background(), json.RawMessage(`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)))
	if err != nil {
		t.Fatal(err)
	}
	var listed struct {
		Result struct {
			Tools []struct{ Name, Description string } `json:"tools"`
		} `json:"result"`
	}
	if err := json.Unmarshal(answer, &listed); err != nil || len(listed.Result.Tools) == 0 {
		t.Fatalf("tools/list: %v %s", err, answer)
	}
	served := map[string]string{}
	for _, tool := range listed.Result.Tools {
		served[tool.Name] = tool.Description
	}
	declared := map[string]string{}
	for _, tool := range m.Tools {
		declared[tool.Name] = tool.Description
	}
	for name, desc := range served {
		if d, ok := declared[name]; !ok {
			t.Errorf("the server serves %s, which bundle/manifest.json does not declare", name)
		} else if d != desc {
			t.Errorf("%s: the manifest's description differs from the server's:\n manifest: %s\n server:   %s", name, d, desc)
		}
	}
	for name := range declared {
		if _, ok := served[name]; !ok {
			t.Errorf("bundle/manifest.json declares %s, which the server does not serve", name)
		}
	}
}
