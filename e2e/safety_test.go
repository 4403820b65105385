package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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
	t.Parallel()
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
			// One log line per tool call sent by the client, whose outcome
			// says what happened: a question answered in the same call
			// (protocols before 2026-07-28) is one line; a 2026-07-28
			// client sends the call again with the answer, so two.
			var outcomes []string
			for _, line := range strings.Split(s.stderr.String(), "\n") {
				if strings.Contains(line, `"message":"tool call"`) && strings.Contains(line, `"method":"DELETE"`) {
					outcomes = append(outcomes, between(line, `"outcome":"`, `"`))
				}
			}
			want := []string{"declined"}
			switch {
			case tt.wantSent && tt.protocol == protocolVersion:
				want = []string{"ok"}
			case tt.wantSent:
				want = []string{"asked_person", "ok"}
			case tt.opts(new([]string)) == nil:
				want = []string{"refused"}
			}
			if strings.Join(outcomes, ",") != strings.Join(want, ",") {
				t.Errorf("tool call log outcomes = %q, want %q:\n%s", outcomes, want, s.stderr.String())
			}
		})
	}
}

// between returns the text of s between the first from and the next to.
func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}

// TestUnansweredQuestionsExpire asks about destructive calls through a
// client that declares elicitation but never answers. Each question ends
// at the configured deadline with nothing sent; a session cannot pile up
// more than a few, and a read made meanwhile is answered at once.
func TestUnansweredQuestionsExpire(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	// The person never answers; the handler returns only when the test
	// is over (the server does not cancel a question it stops waiting for).
	over := make(chan struct{})
	never := &gomcp.ClientOptions{ElicitationHandler: func(ctx context.Context, _ *gomcp.ElicitRequest) (*gomcp.ElicitResult, error) {
		select {
		case <-ctx.Done():
		case <-over:
		}
		return &gomcp.ElicitResult{Action: "cancel"}, nil
	}}
	s := startStdio(t, agencyEnv(sim, "WIX_MCP_CONFIRM_TIMEOUT=2s"), never)
	t.Cleanup(func() { close(over) }) // before the session's own cleanup, which waits for handlers
	s.call(t, "list_sites", map[string]any{})
	sim.Sim.ResetRequests()

	const deletes = 5
	results := make(chan string, deletes)
	started := time.Now()
	for i := range deletes {
		go func() {
			res := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "DELETE", "path": fmt.Sprintf("/contacts/v4/contacts/%s-%d", wixsim.PoisonedContactID, i)})
			results <- text(res)
		}()
	}
	time.Sleep(300 * time.Millisecond) // let the questions be asked
	res := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": "/contacts/v4/contacts/query", "body": map[string]any{}})
	if res.IsError {
		t.Fatalf("a read while questions wait: %s", text(res))
	}
	if waited := time.Since(started); waited > 1500*time.Millisecond {
		t.Errorf("the read was answered after %s; open questions must not delay other calls", waited)
	}
	var expired, capped int
	for range deletes {
		switch r := <-results; {
		case strings.Contains(r, "nobody answered") && strings.Contains(r, "Nothing was sent"):
			expired++
		case strings.Contains(r, "already waiting") && strings.Contains(r, "Nothing was sent"):
			capped++
		default:
			t.Errorf("unexpected answer to an unanswered destructive call: %s", r)
		}
	}
	if expired != 3 || capped != 2 {
		t.Errorf("%d questions expired and %d were refused at the cap; want 3 and 2", expired, capped)
	}
	for _, r := range sim.Sim.Requests() {
		if r.Method == "DELETE" {
			t.Errorf("an unconfirmed delete reached Wix: %s %s", r.Method, r.Path)
		}
	}
}

// TestReadOnlyNothingReachesWix runs the server read-only: writes and
// deletions are refused and the emulator sees no request for them.
func TestReadOnlyNothingReachesWix(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
