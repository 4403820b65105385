package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// The answers a person can give to a script's destructive call.
const (
	approveOnce     = "this call only"
	approveEndpoint = "this call and every further call to the same endpoint in this run"
)

// scriptClient answers every elicitation with action and, on accept, the
// choice; it records the questions.
func scriptClient(action, choice string, asked *[]string, mu *sync.Mutex) *gomcp.ClientOptions {
	return &gomcp.ClientOptions{ElicitationHandler: func(_ context.Context, req *gomcp.ElicitRequest) (*gomcp.ElicitResult, error) {
		mu.Lock()
		*asked = append(*asked, req.Params.Message)
		mu.Unlock()
		res := &gomcp.ElicitResult{Action: action}
		if action == "accept" {
			res.Content = map[string]any{"approve": choice}
		}
		return res, nil
	}}
}

// deleteTwoScript creates a contact, lists two, and deletes both, catching
// refusals; what it returns says what happened to each delete.
var deleteTwoScript = fmt.Sprintf(`const site = wix.site(%q);
const made = await site.post('/contacts/v4/contacts', { info: { name: { first: 'Temp' } } });
const list = await site.post('/contacts/v4/contacts/query', { query: { paging: { limit: 2 } } });
const out = [];
for (const c of list.contacts) {
  try { await site.delete('/contacts/v4/contacts/' + c.id); out.push('deleted'); }
  catch (e) { out.push(e.name); }
}
return { created: !!made.contact.id, out };`, wixsim.SiteBakery)

// countRequests counts the emulator's requests by "METHOD path prefix".
func countRequests(sim *wixsim.Server) map[string]int {
	n := map[string]int{}
	for _, r := range sim.Sim.Requests() {
		switch {
		case r.Method == "DELETE":
			n["DELETE"]++
		case r.Path == "/contacts/v4/contacts/query":
			n["query"]++
		case r.Method == "POST" && r.Path == "/contacts/v4/contacts":
			n["create"]++
		}
	}
	return n
}

type scriptCase struct {
	name     string
	protocol string
	action   string
	choice   string
	noAsk    bool // the client has no elicitation handler
	asked    int
	deletes  int
	out      string
	wantText []string
}

var scriptConfirmCases = []scriptCase{
	{name: "every further call", protocol: protocolVersion, action: "accept", choice: approveEndpoint, asked: 1, deletes: 2, out: `["deleted","deleted"]`},
	{name: "one call at a time", protocol: protocolVersion, action: "accept", choice: approveOnce, asked: 2, deletes: 2, out: `["deleted","deleted"]`},
	{name: "declined", protocol: protocolVersion, action: "decline", asked: 2, deletes: 0, out: `["PolicyError","PolicyError"]`},
	{name: "client cannot ask", protocol: protocolVersion, noAsk: true, asked: 0, deletes: 0, out: `["PolicyError","PolicyError"]`},
	{name: "every further call, protocol 2026-07-28", protocol: "2026-07-28", action: "accept", choice: approveEndpoint, asked: 1, deletes: 2, out: `["deleted","deleted"]`},
	{name: "one call at a time, protocol 2026-07-28", protocol: "2026-07-28", action: "accept", choice: approveOnce, asked: 2, deletes: 2, out: `["deleted","deleted"]`},
	{name: "declined, protocol 2026-07-28", protocol: "2026-07-28", action: "decline", asked: 2, deletes: 0, out: `["PolicyError","PolicyError"]`},
	{name: "client cannot ask, protocol 2026-07-28", protocol: "2026-07-28", noAsk: true, asked: 0, deletes: 0, out: `["PolicyError","PolicyError"]`},
}

// checkScriptCase checks what reached the emulator, what the person was
// asked and what the script returned.
func checkScriptCase(t *testing.T, tt scriptCase, sim *wixsim.Server, res *gomcp.CallToolResult, asked []string, stderr string) {
	t.Helper()
	if res.IsError {
		t.Fatalf("run_wix_script: %s\nstderr:\n%s", text(res), stderr)
	}
	n := countRequests(sim)
	// Reads and writes made before a question are sent once, whatever the
	// protocol: a 2026-07-28 run is replayed from its record, not re-sent.
	if n["DELETE"] != tt.deletes || n["create"] != 1 || n["query"] != 1 {
		t.Errorf("emulator saw %v, want %d deletes, 1 create, 1 query", n, tt.deletes)
	}
	if len(asked) != tt.asked {
		t.Errorf("the person was asked %d times, want %d: %q", len(asked), tt.asked, asked)
	}
	for _, q := range asked {
		if !strings.Contains(q, "Call #3 of script run") && !strings.Contains(q, "Call #4 of script run") || !strings.Contains(q, "Sandbox Bakery") || !strings.Contains(q, "DELETE /contacts/v4/contacts/") || !strings.Contains(q, approveEndpoint) {
			t.Errorf("the question must name the call, its place in the run, the site and the choices: %q", q)
		}
	}
	if !strings.Contains(text(res), `"out":`+tt.out) {
		t.Errorf("script result lacks out=%s: %s", tt.out, text(res))
	}
	for _, w := range tt.wantText {
		if !strings.Contains(text(res), w) {
			t.Errorf("result lacks %q: %s", w, text(res))
		}
	}
}

// TestScriptConfirmationOverStdio runs a script that deletes two contacts
// through a real client over stdio, in both protocol eras, with each
// answer a person can give.
func TestScriptConfirmationOverStdio(t *testing.T) {
	for _, tt := range scriptConfirmCases {
		t.Run(tt.name, func(t *testing.T) {
			sim := wixsim.NewServer()
			defer sim.Close()
			var (
				asked []string
				mu    sync.Mutex
			)
			var opts *gomcp.ClientOptions
			if !tt.noAsk {
				opts = scriptClient(tt.action, tt.choice, &asked, &mu)
			}
			s := startStdioVersion(t, agencyEnv(sim), opts, tt.protocol)
			res := s.call(t, "run_wix_script", map[string]any{"script": deleteTwoScript})
			s.Close()
			checkScriptCase(t, tt, sim, res, asked, s.stderr.String())
			if tt.deletes > 0 && strings.Count(s.stderr.String(), `"decision":"confirmed"`) != tt.deletes {
				t.Errorf("want %d confirmed audit lines:\n%s", tt.deletes, s.stderr.String())
			}
			if !strings.Contains(s.stderr.String(), `"run_call":3`) {
				t.Errorf("audit lines must carry the call's number in the run:\n%s", s.stderr.String())
			}
		})
	}
}

// TestScriptOverHTTP runs the same script over stateful streamable HTTP,
// in both protocol eras, and a read-only aggregation.
func TestScriptOverHTTP(t *testing.T) {
	for _, tt := range []scriptCase{scriptConfirmCases[0], scriptConfirmCases[4]} {
		t.Run(tt.name, func(t *testing.T) {
			sim := wixsim.NewServer()
			defer sim.Close()
			p := startHTTP(t, agencyEnv(sim, "WIX_MCP_HTTP_TOKEN="+httpTestToken), "--transport", "http", "--addr", "127.0.0.1:0")
			var (
				asked []string
				mu    sync.Mutex
			)
			hc := &http.Client{Transport: withBearer{httpTestToken}}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cs, err := gomcp.NewClient(&gomcp.Implementation{Name: "e2e-script", Version: "1"}, scriptClient(tt.action, tt.choice, &asked, &mu)).
				Connect(ctx, &gomcp.StreamableClientTransport{Endpoint: p.base + "/mcp", HTTPClient: hc, MaxRetries: -1}, &gomcp.ClientSessionOptions{ProtocolVersion: tt.protocol})
			if err != nil {
				t.Fatalf("connect: %v\nstderr:\n%s", err, p.stderr.String())
			}
			defer cs.Close()
			s := &session{ClientSession: cs, stderr: p.stderr}
			res := s.call(t, "run_wix_script", map[string]any{"script": deleteTwoScript})
			checkScriptCase(t, tt, sim, res, asked, p.stderr.String())
		})
	}
}

// TestScriptCancelledByTheClient cancels a run whose call hangs: the tool
// call ends, the hanging request is cancelled, and the server goes on.
func TestScriptCancelledByTheClient(t *testing.T) {
	sim := wixsim.NewServer()
	defer sim.Close()
	s := startStdio(t, agencyEnv(sim), nil)
	s.call(t, "list_sites", map[string]any{})
	sim.Sim.Inject(wixsim.Fault{Match: "/members/v1/members/query", Hang: true, Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := s.CallTool(ctx, &gomcp.CallToolParams{Name: "run_wix_script", Arguments: map[string]any{
		"script": fmt.Sprintf(`return await wix.site(%q).post('/members/v1/members/query', {})`, wixsim.SiteBakery)}})
	if err == nil {
		t.Fatal("the cancelled call returned a result")
	}
	deadline := time.Now().Add(10 * time.Second)
	for cancelled := false; !cancelled; {
		for _, r := range sim.Sim.Requests() {
			cancelled = cancelled || (r.Path == "/members/v1/members/query" && r.Cancelled)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run's request was not cancelled: %+v\nstderr:\n%s", sim.Sim.Requests(), s.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	res := s.call(t, "run_wix_script", map[string]any{"script": "return 1 + 1"})
	if res.IsError || !strings.Contains(text(res), "2") {
		t.Errorf("the server must go on after a cancelled run: %s", text(res))
	}
}

// TestScriptSandboxTasks does the example tasks in the sandbox,
// one tool call each: contacts per site across both accounts, orders with
// their buyers' emails, the sites with unread form submissions, and a 10%
// price rise of the Sale category, planned as a dry run and then made.
func TestScriptSandboxTasks(t *testing.T) {
	s := startStdio(t, nil, nil, "--sandbox")
	res := s.call(t, "run_wix_script", map[string]any{"script": `
const out = [];
for (const s of await wix.sites()) {
  const r = await wix.site(s.id).post('/contacts/v4/contacts/query', { query: { paging: { limit: 1 } } });
  out.push({ site: s.displayName, account: s.account, contacts: r.pagingMetadata.total });
}
return out;`})
	var perSite []struct {
		Site     string `json:"site"`
		Account  string `json:"account"`
		Contacts int    `json:"contacts"`
	}
	if err := json.Unmarshal([]byte(jsonPart(text(res))), &perSite); err != nil || len(perSite) < 4 {
		t.Fatalf("contacts per site: %v: %s", err, text(res))
	}
	accounts := map[string]bool{}
	for _, p := range perSite {
		accounts[p.Account] = true
	}
	if len(accounts) < 2 || !strings.HasPrefix(text(res), "Script: ") {
		t.Errorf("every account's sites in one call: %s", text(res))
	}

	res = s.call(t, "run_wix_script", map[string]any{"script": `
const rows = [];
for (const s of await wix.sites()) {
  let r;
  try { r = await wix.site(s.id).post('/ecom/v1/orders/search', { search: { cursorPaging: { limit: 100 } } }); }
  catch (e) { continue; }
  for (const o of r.orders || []) rows.push({ site: s.displayName, number: o.number, email: o.buyerInfo && o.buyerInfo.email, total: o.priceSummary && o.priceSummary.total && o.priceSummary.total.amount });
}
return rows;`})
	var orders []struct {
		Number string `json:"number"`
		Email  string `json:"email"`
	}
	if err := json.Unmarshal([]byte(jsonPart(text(res))), &orders); err != nil || len(orders) == 0 || !strings.Contains(orders[0].Email, "@") {
		t.Fatalf("orders with buyers' emails: %v: %s", err, text(res))
	}

	unread := s.call(t, "run_wix_script", map[string]any{"script": `
const out = [];
for (const s of await wix.sites()) {
  const r = await wix.site(s.id).post('/form-submission-service/v4/submissions/namespace/query',
    { query: { filter: { namespace: 'wix.form_app.form', seen: false }, cursorPaging: { limit: 100 } } });
  if (r.submissions.length) out.push({ site: s.displayName, unread: r.submissions.length });
}
return out;`})
	if unread.IsError || jsonPart(text(unread)) != `[{"site":"Sandbox Bakery","unread":2}]` {
		t.Fatalf("sites with unread form submissions: %s", text(unread))
	}

	raise := fmt.Sprintf(`
const site = wix.site(%q);
const cats = await site.post('/categories/v1/categories/query', { query: {} });
const sale = cats.categories.find(c => c.name === 'Sale').id;
const r = await site.post('/stores/v3/products/query', { query: { cursorPaging: { limit: 100 } } });
const changed = [];
for (const p of r.products) {
  if (!p.allCategoriesInfo.categories.some(c => c.id === sale)) continue;
  const v = p.variantsInfo.variants[0];
  const to = (Number(v.price.actualPrice.amount) * 1.1).toFixed(2);
  await site.patch('/stores/v3/products/' + p.id, { product: { revision: p.revision, variantsInfo: { variants: [{ id: v.id, price: { actualPrice: { amount: to } } }] } } });
  changed.push({ name: p.name, from: v.price.actualPrice.amount, to });
}
return changed;`, wixsim.SiteBookshop)
	plan := s.call(t, "run_wix_script", map[string]any{"dry_run": true, "script": raise})
	if plan.IsError || !strings.Contains(text(plan), "Dry run:") || !strings.Contains(text(plan), "PATCH /stores/v3/products/") || !strings.Contains(text(plan), "not sent (dry run)") {
		t.Fatalf("price rise as a dry run: %s", text(plan))
	}
	done := s.call(t, "run_wix_script", map[string]any{"script": raise})
	var changed []struct{ Name, From, To string }
	if err := json.Unmarshal([]byte(jsonPart(text(done))), &changed); done.IsError || err != nil || len(changed) == 0 {
		t.Fatalf("price rise: %v: %s", err, text(done))
	}
	after := s.call(t, "call_site_api", map[string]any{"site_id": wixsim.SiteBookshop, "method": "GET", "path": "/stores/v3/products/search"})
	for _, c := range changed {
		if !strings.Contains(text(after), `"amount":"`+c.To+`"`) {
			t.Errorf("%s: the new price %s is not in the store: %s", c.Name, c.To, text(after))
		}
	}
}
