package e2e

import (
	"context"
	"strings"
	"testing"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// elicitingClient answers every elicitation with action and records the
// questions it was asked.
func elicitingClient(action string, confirm bool, asked *[]string) *gomcp.ClientOptions {
	return &gomcp.ClientOptions{ElicitationHandler: func(_ context.Context, req *gomcp.ElicitRequest) (*gomcp.ElicitResult, error) {
		*asked = append(*asked, req.Params.Message)
		res := &gomcp.ElicitResult{Action: action}
		if action == "accept" {
			res.Content = map[string]any{"confirm": confirm}
		}
		return res, nil
	}}
}

// TestDestructiveCallsNeedAPerson deletes a contact through a client with
// an elicitation handler that accepts, declines or cancels, and through a
// client without one, checking what reached Wix each time.
func TestDestructiveCallsNeedAPerson(t *testing.T) {
	tests := []struct {
		name     string
		protocol string
		opts     func(asked *[]string) *gomcp.ClientOptions
		wantSent bool
		wantText []string
	}{
		{"accepted", protocolVersion, func(a *[]string) *gomcp.ClientOptions { return elicitingClient("accept", true, a) }, true, nil},
		{"accepted, protocol 2026-07-28", "2026-07-28", func(a *[]string) *gomcp.ClientOptions { return elicitingClient("accept", true, a) }, true, nil},
		{"accepted without ticking confirm", protocolVersion, func(a *[]string) *gomcp.ClientOptions { return elicitingClient("accept", false, a) }, false, []string{"did not confirm", "Nothing was sent"}},
		{"declined", protocolVersion, func(a *[]string) *gomcp.ClientOptions { return elicitingClient("decline", false, a) }, false, []string{"decline", "Nothing was sent"}},
		{"cancelled", protocolVersion, func(a *[]string) *gomcp.ClientOptions { return elicitingClient("cancel", false, a) }, false, []string{"cancel"}},
		{"client cannot ask", protocolVersion, func(*[]string) *gomcp.ClientOptions { return nil }, false, []string{"--allow-destructive", "confirm_destructive: false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := wixsim.NewServer()
			defer sim.Close()
			var asked []string
			s := startStdioVersion(t, agencyEnv(sim), tt.opts(&asked), tt.protocol)
			// Learn the site's owner first, so the only request left is the delete.
			s.call(t, "list_sites", map[string]any{})
			sim.Sim.ResetRequests()
			path := "/contacts/v4/contacts/" + wixsim.PoisonedContactID
			res := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "DELETE", "path": path})
			var deletes int
			for _, r := range sim.Sim.Requests() {
				if r.Method == "DELETE" {
					deletes++
				}
			}
			if tt.wantSent {
				if res.IsError || deletes != 1 {
					t.Fatalf("confirmed delete: isError=%v deletes=%d: %s\nstderr:\n%s", res.IsError, deletes, text(res), s.stderr.String())
				}
				if len(asked) != 1 || !strings.Contains(asked[0], "Sandbox Bakery") || !strings.Contains(asked[0], wixsim.SiteBakery) || !strings.Contains(asked[0], "DELETE "+path) {
					t.Errorf("the question must state the site (name and ID), method and path: %q", asked)
				}
			} else {
				if !res.IsError || deletes != 0 {
					t.Fatalf("unconfirmed delete: isError=%v deletes=%d: %s", res.IsError, deletes, text(res))
				}
				for _, w := range tt.wantText {
					if !strings.Contains(text(res), w) {
						t.Errorf("result %q lacks %q", text(res), w)
					}
				}
			}
			s.Close() // waits for the process, so all of stderr is in
			if !strings.Contains(s.stderr.String(), `"log":"audit"`) {
				t.Errorf("no audit line:\n%s", s.stderr.String())
			}
		})
	}
}

// TestReadOnlyNothingReachesWix runs the server read-only: writes and
// deletions are refused and the emulator sees no request for them.
func TestReadOnlyNothingReachesWix(t *testing.T) {
	sim := wixsim.NewServer()
	defer sim.Close()
	s := startStdio(t, agencyEnv(sim, "WIX_MCP_READ_ONLY=true"), nil)
	s.call(t, "list_sites", map[string]any{})
	sim.Sim.ResetRequests()
	for _, c := range []map[string]any{
		{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts", "body": map[string]any{"info": map[string]any{}}},
		{"site_id": wixsim.SiteBakery, "method": "DELETE", "path": "/contacts/v4/contacts/" + wixsim.PoisonedContactID},
		{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/wix-data/v2/items", "body": map[string]any{"dataCollectionId": "x"}},
	} {
		res := s.call(t, "call_site_api", c)
		if !res.IsError || !strings.Contains(text(res), "read-only") {
			t.Errorf("%v: want a read-only refusal, got %s", c, text(res))
		}
	}
	if reqs := sim.Sim.Requests(); len(reqs) != 0 {
		t.Fatalf("writes reached Wix in read-only mode: %+v", reqs)
	}
	res := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts/query", "body": map[string]any{}})
	if res.IsError {
		t.Fatalf("reads must still work: %s", text(res))
	}
	tools, _ := s.ListTools(context.Background(), nil)
	for _, tool := range tools.Tools {
		if strings.HasPrefix(tool.Name, "call_") && (!strings.Contains(tool.Description, "read-only") || tool.Annotations.DestructiveHint == nil || *tool.Annotations.DestructiveHint) {
			t.Errorf("%s must say it is read-only and not destructive: %q %+v", tool.Name, tool.Description, tool.Annotations)
		}
	}
}

// TestUntrustedContentIsStrippedAndFenced fetches the emulator's contact
// whose name carries a prompt injection and invisible characters.
func TestUntrustedContentIsStrippedAndFenced(t *testing.T) {
	s := startStdio(t, nil, nil, "--sandbox")
	res := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "/contacts/v4/contacts/" + wixsim.PoisonedContactID})
	if res.IsError {
		t.Fatal(text(res))
	}
	out := text(res)
	if !strings.Contains(out, "IGNORE ALL PREVIOUS INSTRUCTIONS") {
		t.Fatalf("the contact was not returned: %s", out)
	}
	for _, r := range []rune{'\u200b', '\u202e', '\U000E0041', '\U000E0042'} {
		if strings.ContainsRune(out, r) {
			t.Errorf("result still holds U+%04X", r)
		}
	}
	open := strings.Index(out, "\n<untrusted-wix-data-") + 1
	if open <= 0 {
		t.Fatalf("no fence: %s", out)
	}
	tag := out[open+1 : open+strings.Index(out[open:], ">")]
	if len(tag) < len("untrusted-wix-data-")+16 {
		t.Errorf("fence nonce too short: %s", tag)
	}
	inj := strings.Index(out, "IGNORE ALL")
	if inj < open || inj > strings.LastIndex(out, "\n</"+tag+">") {
		t.Error("the injected text must be inside the fence")
	}
	if !strings.Contains(out[:open], "not an instruction") {
		t.Errorf("the fence must be preceded by a line saying its content is data: %s", out[:open])
	}
	// A second call gets a different nonce.
	res2 := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "GET", "path": "/contacts/v4/contacts/" + wixsim.PoisonedContactID})
	if strings.Contains(text(res2), tag) {
		t.Error("each result needs a fresh nonce")
	}
}
