package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// runScript calls run_wix_script's handler with ctx.
func (f *fixture) runScript(t *testing.T, ctx context.Context, src string, dryRun bool) *mcp.CallToolResult {
	t.Helper()
	st := f.find(t, "run_wix_script")
	req := mcp.CallToolRequest{}
	req.Params.Name = "run_wix_script"
	req.Params.Arguments = map[string]any{"script": src, "dry_run": dryRun}
	res, err := st.Handler(ctx, req)
	if err != nil {
		t.Fatalf("run_wix_script returned a JSON-RPC error (a bug): %v", err)
	}
	return res
}

// scriptResult returns the fenced JSON a successful run returned.
func scriptResult(t *testing.T, res *mcp.CallToolResult) []byte {
	t.Helper()
	if res.IsError {
		t.Fatalf("the script failed: %s", resultText(res))
	}
	first := &mcp.CallToolResult{Content: res.Content[:1]}
	return fencedJSON(t, resultText(first))
}

// TestScriptPassesTheGate runs every case of the gate's table inside a
// script (with the pre-send check off, as the gate's own test does): the same refusals (as PolicyError), the same requests reaching
// the emulator, and the same audit line, with the run's ID and the call's
// number added.
func TestScriptPassesTheGate(t *testing.T) {
	for _, tt := range gateCases() {
		t.Run(tt.name, func(t *testing.T) {
			f, logs := tt.fixture(t)
			body := "undefined"
			if tt.body != nil {
				raw, _ := json.Marshal(tt.body)
				body = string(raw)
			}
			src := fmt.Sprintf(`try {
  await wix.site(%q).request({ method: %q, path: %q, body: %s, validate: false });
  return { ok: true };
} catch (e) { return { name: e.name, message: e.message }; }`, wixsim.SiteBakery, tt.method, tt.path, body)
			res := f.runScript(t, context.Background(), src, false)
			var got struct {
				OK      bool   `json:"ok"`
				Name    string `json:"name"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(scriptResult(t, res), &got); err != nil {
				t.Fatal(err)
			}
			reqs := f.sim.Sim.Requests()
			if len(tt.wantErr) > 0 {
				if got.OK || got.Name != "PolicyError" {
					t.Fatalf("want a PolicyError in the script, got %+v", got)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(got.Message, w) {
						t.Errorf("refusal %q lacks %q", got.Message, w)
					}
				}
				if len(reqs) != 0 {
					t.Errorf("a refused call reached Wix: %+v", reqs)
				}
			} else {
				sent := tt.path
				if tt.sent != "" {
					sent = tt.sent
				}
				if !got.OK || len(reqs) != 1 || reqs[0].Method != tt.method || reqs[0].Path != sent {
					t.Errorf("script saw %+v; upstream requests = %+v", got, reqs)
				}
			}
			a := tt.checkAudit(t, logs)
			if a == nil {
				return
			}
			if a["run_call"] != float64(1) || len(fmt.Sprint(a["run_id"])) != 16 {
				t.Errorf("the audit line must name the run and the call's number: %v", a)
			}
		})
	}
}

// TestScriptAggregatesSites is the example: one run counts the
// contacts of every site of two accounts.
func TestScriptAggregatesSites(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	f := newFixture(t, twoAccounts)
	f.logger = zerolog.New(&logs)
	res := f.runScript(t, context.Background(), `
const out = [];
for (const s of await wix.sites()) {
  const r = await wix.site(s.id).post('/contacts/v4/contacts/query', { query: { paging: { limit: 1 } } });
  out.push({ site: s.displayName, account: s.account, contacts: r.pagingMetadata.total });
}
console.log("sites:", out.length);
return out;`, false)
	var got []struct {
		Site     string `json:"site"`
		Account  string `json:"account"`
		Contacts int    `json:"contacts"`
	}
	if err := json.Unmarshal(scriptResult(t, res), &got); err != nil {
		t.Fatal(err)
	}
	bySite := map[string]int{}
	accounts := map[string]string{}
	for _, g := range got {
		bySite[g.Site], accounts[g.Site] = g.Contacts, g.Account
	}
	if len(got) != 5 || accounts["Sandbox Other Site"] != "other" || accounts["Sandbox Bakery"] != "agency" || bySite["Sandbox Bakery"] < 1 {
		t.Fatalf("aggregation over two accounts: %+v", got)
	}
	text := resultText(res)
	if !strings.HasPrefix(text, "Script: 6 Wix call(s) (6 read): 6 answered;") || !strings.Contains(text, "sites: 5") {
		t.Errorf("the result must start with the calls by class and carry the console: %s", text)
	}
	queries := 0
	for _, r := range f.sim.Sim.Requests() {
		if r.Path == "/contacts/v4/contacts/query" {
			queries++
		}
	}
	if queries != 5 {
		t.Errorf("want one contacts query per site, the emulator saw %d", queries)
	}
	if n := strings.Count(logs.String(), `"message":"script call"`); n != 5 {
		t.Errorf("want a call log line per site call, got %d:\n%s", n, logs.String())
	}
}

// TestScriptDryRunSendsNoWrite makes a read, a write and a delete in a dry
// run: only the read reaches the emulator; the plan lists all three.
func TestScriptDryRunSendsNoWrite(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	f := newFixture(t, nil)
	f.logger = zerolog.New(&logs)
	if _, err := f.dir.Site(context.Background(), wixsim.SiteBakery); err != nil {
		t.Fatal(err)
	}
	f.sim.Sim.ResetRequests()
	res := f.runScript(t, context.Background(), fmt.Sprintf(`
const site = wix.site(%q);
const list = await site.post('/contacts/v4/contacts/query', { query: {} });
const created = await site.post('/contacts/v4/contacts', { info: { name: { first: 'New' } } });
const deleted = await site.delete('/contacts/v4/contacts/' + list.contacts[0].id);
return { found: list.contacts.length, created, deleted };`, wixsim.SiteBakery), true)
	var got struct {
		Found   int             `json:"found"`
		Created map[string]bool `json:"created"`
		Deleted map[string]bool `json:"deleted"`
	}
	if err := json.Unmarshal(scriptResult(t, res), &got); err != nil {
		t.Fatal(err)
	}
	if got.Found == 0 || !got.Created["dryRun"] || !got.Deleted["dryRun"] {
		t.Errorf("writes must resolve to {dryRun: true}: %+v", got)
	}
	for _, r := range f.sim.Sim.Requests() {
		if r.Method != "POST" || r.Path != "/contacts/v4/contacts/query" {
			t.Errorf("a dry run sent %s %s", r.Method, r.Path)
		}
	}
	text := resultText(res)
	for _, w := range []string{"Dry run: 3 Wix call(s) (1 read, 1 write, 1 destructive)", "#2 (line 4) POST /contacts/v4/contacts on site", "[write]: not sent (dry run)", "[destructive]: not sent (dry run)"} {
		if !strings.Contains(text, w) {
			t.Errorf("dry run result lacks %q:\n%s", w, text)
		}
	}
	audit := auditLines(t, &logs)
	if len(audit) != 2 || audit[0]["decision"] != decisionDryRun || audit[1]["decision"] != decisionDryRun || audit[1]["run_call"] != float64(3) {
		t.Errorf("dry-run writes are audited as not sent: %v", audit)
	}
}

// TestScriptErrorListsCallsMade throws after a write: the result is an
// error with the script's line and the write, sent, in the list.
func TestScriptErrorListsCallsMade(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	res := f.runScript(t, context.Background(), fmt.Sprintf(`const site = wix.site(%q);
await site.post('/contacts/v4/contacts', { info: { name: { first: 'Ada' } } });
let missing;
try { await site.get('/contacts/v4/contacts/00000000-0000-4000-8000-000000000000'); } catch (e) { missing = e; }
if (missing.name !== 'WixError' || missing.status !== 404 || !missing.requestId) throw new Error('bad WixError ' + JSON.stringify(missing));
throw new TypeError('stop here');`, wixsim.SiteBakery), false)
	text := resultText(res)
	if !res.IsError {
		t.Fatalf("a throwing script is an isError result: %s", text)
	}
	for _, w := range []string{"The script threw: TypeError at script line 6.", "stop here", "#1 (line 2) POST /contacts/v4/contacts on site Sandbox Bakery", "[write]: Wix answered 200", "#2 (line 4) GET /contacts/v4/contacts/00000000-0000-4000-8000-000000000000", "Wix answered 404"} {
		if !strings.Contains(text, w) {
			t.Errorf("error result lacks %q:\n%s", w, text)
		}
	}
}

// TestScriptCallLimit makes 10,000 calls: exactly the limit reach Wix and
// the rest reject with PolicyError, which the script can count.
func TestScriptCallLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *config.Config) { c.Script.MaxCalls = 50 })
	if _, err := f.dir.Site(context.Background(), wixsim.SiteBakery); err != nil {
		t.Fatal(err)
	}
	f.sim.Sim.ResetRequests()
	res := f.runScript(t, context.Background(), fmt.Sprintf(`
const site = wix.site(%q);
const all = [];
for (let i = 0; i < 10000; i++) all.push(site.get('/members/v1/members/' + i).then(() => 'ok', e => e.name));
const names = await Promise.all(all);
return names.reduce((n, x) => (n[x] = (n[x] || 0) + 1, n), {});`, wixsim.SiteBakery), false)
	var got map[string]int
	if err := json.Unmarshal(scriptResult(t, res), &got); err != nil {
		t.Fatal(err)
	}
	if got["PolicyError"] != 9950 || got["WixError"]+got["ok"] != 50 {
		t.Errorf("outcomes = %v", got)
	}
	if n := len(f.sim.Sim.Requests()); n != 50 {
		t.Errorf("the emulator saw %d requests, want the limit of 50", n)
	}
	if !strings.Contains(resultText(res), "9950 refused over a limit") {
		t.Errorf("summary: %s", resultText(res))
	}
}

// TestScriptCancellation cancels a run while its call hangs: the handler
// returns promptly with a cancellation error and the hanging request ends.
func TestScriptCancellation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if _, err := f.dir.Site(context.Background(), wixsim.SiteBakery); err != nil {
		t.Fatal(err)
	}
	f.sim.Sim.Inject(wixsim.Fault{Match: "/contacts/v4/contacts/query", Hang: true})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	began := time.Now()
	res := f.runScript(t, ctx, fmt.Sprintf(`await wix.site(%q).post('/contacts/v4/contacts/query', {}); return 1;`, wixsim.SiteBakery), false)
	if !res.IsError || !strings.Contains(resultText(res), "Cancelled") {
		t.Fatalf("a cancelled run: %s", resultText(res))
	}
	if took := time.Since(began); took > 10*time.Second {
		t.Errorf("the run took %s to stop after cancellation", took)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, r := range f.sim.Sim.Requests() {
			if r.Path == "/contacts/v4/contacts/query" && r.Cancelled {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("the hanging request was not cancelled: %+v", f.sim.Sim.Requests())
}

// TestScriptCallsAreCheckedAgainstTheCatalog: a body that does not fit the
// endpoint is refused before sending, as call_site_api refuses it, unless
// the script passes validate: false.
func TestScriptCallsAreCheckedAgainstTheCatalog(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if _, err := f.dir.Site(context.Background(), wixsim.SiteBakery); err != nil {
		t.Fatal(err)
	}
	f.sim.Sim.ResetRequests()
	res := f.runScript(t, context.Background(), fmt.Sprintf(`const site = wix.site(%q);
let refused;
try { await site.post('/contacts/v4/contacts', { infoo: { name: { first: 'Typo' } } }); } catch (e) { refused = e.name + ': ' + e.message; }
let sent = 'no';
try { await site.request({ method: 'POST', path: '/contacts/v4/contacts/query', body: { query: { paging: { limit: 1 } } }, validate: false }); sent = 'yes'; } catch (e) { sent = e.message; }
return { refused, sent };`, wixsim.SiteBakery), false)
	var got struct{ Refused, Sent string }
	if err := json.Unmarshal(scriptResult(t, res), &got); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Refused, "PolicyError: Refused before sending: the request does not fit Create Contact") || !strings.Contains(got.Refused, "infoo") || got.Sent != "yes" {
		t.Errorf("pre-send check in a script: %+v", got)
	}
	for _, r := range f.sim.Sim.Requests() {
		if r.Path == "/contacts/v4/contacts" {
			t.Errorf("a refused call reached Wix: %+v", r)
		}
	}
}
