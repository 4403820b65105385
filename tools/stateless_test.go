package tools

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/access"
	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/sealedstate"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestStatelessConfirmation drives the gate with a sealed store as a
// stateless replica does: modern clients are asked and their answer is
// bound to the user who was asked; older clients are refused, because
// they need a session to be asked. Each time, the emulator's log says
// whether the DELETE was sent.
func TestStatelessConfirmation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *config.Config) {
		c.Sites = []config.Site{{Alias: "bakery", ID: wixsim.SiteBakery, Account: "agency"}, {Alias: "yoga", ID: wixsim.SiteYoga, Account: "agency"}}
	})
	store, err := sealedstate.New([]byte(strings.Repeat("x", 32)), 0, sealedstate.NewMemoryGuard())
	if err != nil {
		t.Fatal(err)
	}
	d := f.deps()
	d.Confirmations, d.ModernOnlyElicitation = store, true
	var handler server.ToolHandlerFunc
	for _, st := range All(d) {
		if st.Tool.Name == "call_site_api" {
			handler = st.Handler
		}
	}
	alice := &access.User{Name: "alice", Accounts: []string{"agency"}}
	bob := &access.User{Name: "bob", Accounts: []string{"agency"}}
	modern := func(u *access.User) context.Context {
		ctx := access.WithUser(context.Background(), u)
		return server.WithRequestProtocolInfo(ctx, &server.RequestProtocolInfo{Modern: true, ProtocolVersion: "2026-07-28", ClientCapabilities: &mcp.ClientCapabilities{Elicitation: &mcp.ElicitationCapability{}}})
	}
	path := "/contacts/v4/contacts/" + wixsim.PoisonedContactID
	call := func(ctx context.Context, state string) *mcp.CallToolResult {
		req := mcp.CallToolRequest{}
		req.Params.Name = "call_site_api"
		req.Params.Arguments = map[string]any{"site_id": "bakery", "method": "DELETE", "path": path}
		if state != "" {
			req.Params.RequestState = state
			req.Params.InputResponses = mcp.InputResponses{confirmationID: mcp.NewElicitationInputResponse(mcp.ElicitationResult{
				ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"confirm": true}},
			})}
		}
		res, err := handler(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	deletes := func() int {
		n := 0
		for _, r := range f.sim.Sim.Requests() {
			if r.Method == "DELETE" {
				n++
			}
		}
		return n
	}

	if res := call(access.WithUser(context.Background(), alice), ""); !res.IsError || !strings.Contains(resultText(res), "transport cannot carry a question") {
		t.Errorf("a client of an older protocol must be refused: %s", resultText(res))
	}
	asked := call(modern(alice), "")
	if asked.ResultType != mcp.ResultTypeInputRequired || asked.RequestState == "" {
		t.Fatalf("a modern client must be asked: %+v", asked)
	}
	if res := call(modern(bob), asked.RequestState); !res.IsError || deletes() != 0 {
		t.Errorf("another user's answer must be refused with nothing sent: %s", resultText(res))
	}
	if res := call(modern(alice), asked.RequestState); res.IsError || deletes() != 1 {
		t.Errorf("alice's answer must send the call once: %s (%d deletes)", resultText(res), deletes())
	}
	if res := call(modern(alice), asked.RequestState); !res.IsError || deletes() != 1 {
		t.Errorf("a replay must be refused: %s", resultText(res))
	}
}
