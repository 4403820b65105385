package mcpserver

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestCapabilities checks the raw initialize answer: tools, resources and
// prompts are declared; elicitation is not, because it is a capability of
// the client (https://modelcontextprotocol.io/specification/2025-06-18/client/elicitation).
func TestCapabilities(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	t.Cleanup(sim.Close)
	cfg := &config.Config{BaseURL: sim.URL, Timeout: config.DefaultTimeout, MaxResultChars: config.DefaultMaxResultChars,
		Accounts: []config.Account{{Name: "agency", ID: wixsim.AgencyAccountID, Key: config.Secret(wixsim.AgencyKey)}}}
	s := New(cfg, Options{Version: "test", Logger: zerolog.Nop()})
	answer := s.HandleMessage(context.Background(), json.RawMessage(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{}},"clientInfo":{"name":"t","version":"1"}}}`))
	raw, err := json.Marshal(answer)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Result struct {
			Capabilities map[string]json.RawMessage `json:"capabilities"`
		} `json:"result"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	caps := got.Result.Capabilities
	for _, want := range []string{"tools", "resources", "prompts", "logging"} {
		if _, ok := caps[want]; !ok {
			t.Errorf("capability %s missing: %s", want, raw)
		}
	}
	if _, ok := caps["elicitation"]; ok {
		t.Errorf("the server advertises elicitation, a client capability: %s", raw)
	}
}
