package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/wixclient"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// auditLines returns the audit log lines written to buf.
func auditLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["log"] == "audit" {
			out = append(out, m)
		}
	}
	return out
}

// gateCase is one call and what the gate must make of it.
type gateCase struct {
	name string
	// edit adjusts the configuration under test.
	edit     func(*config.Config)
	method   string
	path     string
	body     any
	wantErr  []string // empty: the call must go through
	decision string   // the audit decision, "" when no audit line is due (reads)
	class    string
	// sent is the path Wix must see when it differs from path.
	sent string
}

// gateCases is the gate's table, shared by call_site_api and scripts.
func gateCases() []gateCase {
	contact := "/contacts/v4/contacts/" + wixsim.PoisonedContactID
	createBody := map[string]any{"info": map[string]any{"name": map[string]any{"first": "Secret Value"}}}
	return []gateCase{
		{name: "read passes in read-only", edit: func(c *config.Config) { c.ReadOnly = true },
			method: "POST", path: "/contacts/v4/contacts/query", body: map[string]any{}},
		{name: "write refused in read-only server", edit: func(c *config.Config) { c.ReadOnly = true },
			method: "POST", path: "/contacts/v4/contacts", body: createBody,
			wantErr: []string{"read-only", "Refused before sending"}, decision: decisionReadOnly, class: "write"},
		{name: "write refused in read-only account", edit: func(c *config.Config) { c.Accounts[0].Policy.ReadOnly = true },
			method: "PATCH", path: contact, body: map[string]any{"revision": 1},
			wantErr: []string{"read-only"}, decision: decisionReadOnly, class: "write"},
		{name: "delete refused in read-only site", edit: func(c *config.Config) {
			c.Sites = []config.Site{{Alias: "bakery", ID: wixsim.SiteBakery, Account: "agency", Policy: config.Policy{ReadOnly: true}}, {Alias: "yoga", ID: wixsim.SiteYoga, Account: "agency"}}
		}, method: "DELETE", path: contact, wantErr: []string{"read-only"}, decision: decisionReadOnly, class: "destructive"},
		{name: "write sent", method: "POST", path: "/contacts/v4/contacts", body: createBody, decision: decisionSent, class: "write"},
		{name: "deny wins over allow", edit: func(c *config.Config) {
			c.Accounts[0].Policy = config.Policy{Allow: []string{"/contacts/**", lookupSites}, Deny: []string{"/contacts/v4/contacts/*"}}
		}, method: "GET", path: contact, wantErr: []string{"/contacts/v4/contacts/*"}, decision: decisionRule, class: "read"},
		{name: "not on the allow list", edit: func(c *config.Config) { c.Accounts[0].Policy.Allow = []string{"/stores/**", lookupSites} },
			method: "POST", path: "/contacts/v4/contacts", body: createBody, wantErr: []string{"allow"}, decision: decisionRule, class: "write"},
		{name: "allow list lets a read through", edit: func(c *config.Config) { c.Accounts[0].Policy.Allow = []string{"/contacts/**", lookupSites} },
			method: "POST", path: "/contacts/v4/contacts/query", body: map[string]any{}},
		{name: "destructive without a way to ask", method: "DELETE", path: contact,
			wantErr: []string{"needs a person's confirmation", "--allow-destructive", "confirm_destructive: false"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "destructive with --allow-destructive", edit: func(c *config.Config) { c.AllowDestructive = true },
			method: "DELETE", path: contact, decision: decisionSent, class: "destructive"},
		{name: "scope insists on confirmation despite --allow-destructive", edit: func(c *config.Config) {
			yes := true
			c.AllowDestructive = true
			c.Accounts[0].Policy.ConfirmDestructive = &yes
		}, method: "DELETE", path: contact, wantErr: []string{"confirmation"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "an encoded read is sent in the form it was judged", edit: func(c *config.Config) { c.ReadOnly = true },
			method: "POST", path: "/contacts/v4/contacts/%71uery", body: map[string]any{}, sent: "/contacts/v4/contacts/query"},
		{name: "an encoded cancel is destructive", edit: func(c *config.Config) { c.ReadOnly = true },
			method: "POST", path: "/ecom/v1/orders/" + wixsim.PoisonedContactID + "/%63ancel", body: map[string]any{},
			wantErr: []string{"destructive", "read-only"}, decision: decisionReadOnly, class: "destructive"},
		{name: "an encoded path cannot slip past a deny rule", edit: func(c *config.Config) { c.Accounts[0].Policy.Deny = []string{"/contacts/v4/contacts/query"} },
			method: "POST", path: "/contacts/v4/contacts/%71uery", body: map[string]any{}, wantErr: []string{"/contacts/v4/contacts/query"}, decision: decisionRule, class: "read"},
		{name: "matrix parameters are refused", method: "POST", path: "/contacts/v4/contacts/query;x", body: map[string]any{}, wantErr: []string{"';'"}},
		// Money moves, merges, restores and ends need a person, and case
		// variants of destructive paths are destructive too; a GET that
		// changes state is a write, so read-only refuses it.
		{name: "charge an order", method: "POST", path: "/ecom/v1/order-billing/charge-order", body: map[string]any{"orderId": "o1"},
			wantErr: []string{"needs a person's confirmation"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "create an order and charge it", method: "POST", path: "/ecom/v1/checkouts/c1/create-order-and-charge", body: map[string]any{},
			wantErr: []string{"needs a person's confirmation"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "capture authorized payments", method: "POST", path: "/ecom/v1/order-billing/capture-authorized-payments", body: map[string]any{},
			wantErr: []string{"needs a person's confirmation"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "merge contacts", method: "POST", path: "/contacts/v4/contacts/" + wixsim.PoisonedContactID + "/merge", body: map[string]any{},
			wantErr: []string{"needs a person's confirmation"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "restore a backup", method: "POST", path: "/wix-data/v2/backups/b1/restore", body: map[string]any{},
			wantErr: []string{"needs a person's confirmation"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "end a benefit program", method: "POST", path: "/benefit-programs/v1/programs/end", body: map[string]any{},
			wantErr: []string{"needs a person's confirmation"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "BLOCK in capitals", method: "POST", path: "/members/v1/members/m1/BLOCK", body: map[string]any{},
			wantErr: []string{"needs a person's confirmation"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "bulkdelete in lower case", method: "POST", path: "/stores/v3/products:bulkdelete", body: map[string]any{},
			wantErr: []string{"needs a person's confirmation"}, decision: decisionNoElicitation, class: "destructive"},
		{name: "a GET that creates a checkout is a write", edit: func(c *config.Config) { c.ReadOnly = true },
			method: "GET", path: "/ecom/v1/checkout-templates/t1/create-and-redirect-to-checkout",
			wantErr: []string{"read-only"}, decision: decisionReadOnly, class: "write"},
		{name: "logout is a write", edit: func(c *config.Config) { c.ReadOnly = true },
			method: "GET", path: "/iam/authentication/v1/logout", wantErr: []string{"read-only"}, decision: decisionReadOnly, class: "write"},
		{name: "an encoded ? is refused", method: "POST", path: "/wix-data/v2/items/remove%3F/query", body: map[string]any{}, wantErr: []string{"encoded ? or #"}},
		{name: "a double-encoded # is refused", method: "POST", path: "/wix-data/v2/items/remove%2523/query", body: map[string]any{}, wantErr: []string{"encoded ? or #"}},
		{name: "scope opts out of confirmation", edit: func(c *config.Config) {
			no := false
			c.Accounts[0].Policy.ConfirmDestructive = &no
		}, method: "DELETE", path: contact, decision: decisionSent, class: "destructive"},
	}
}

// lookupSites is the Query Sites path, which an account's allow list must
// hold for its unconfigured sites to be found (the lookup obeys the rules).
const lookupSites = "/site-list/v2/sites/query"

func TestGate(t *testing.T) {
	t.Parallel()
	for _, tt := range gateCases() {
		t.Run(tt.name, func(t *testing.T) {
			f, logs := tt.fixture(t)
			// The gate is tested here; the pre-send check, which runs first,
			// in call_check_test.go.
			args := map[string]any{"site_id": wixsim.SiteBakery, "method": tt.method, "path": tt.path, "validate": false}
			if tt.body != nil {
				args["body"] = tt.body
			}
			res := f.call(t, "call_site_api", args)
			reqs := f.sim.Sim.Requests()
			if len(tt.wantErr) > 0 {
				if !res.IsError {
					t.Fatalf("want a refusal, got %s", resultText(res))
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(resultText(res), w) {
						t.Errorf("refusal %q lacks %q", resultText(res), w)
					}
				}
				if len(reqs) != 0 {
					t.Errorf("a refused call reached Wix: %+v", reqs)
				}
			} else {
				if res.IsError {
					t.Fatalf("want success, got %s", resultText(res))
				}
				sent := tt.path
				if tt.sent != "" {
					sent = tt.sent
				}
				if len(reqs) != 1 || reqs[0].Method != tt.method || reqs[0].Path != sent {
					t.Errorf("upstream requests = %+v", reqs)
				}
			}
			tt.checkAudit(t, logs)
		})
	}
}

// fixture is the case's configuration over a fresh emulator, logging to
// the returned buffer. The site's owner is learnt first, so the only
// upstream request left is the call (the lookup is not subject to path
// rules).
func (tt gateCase) fixture(t *testing.T) (*fixture, *bytes.Buffer) {
	t.Helper()
	logs := &bytes.Buffer{}
	f := newFixture(t, tt.edit)
	f.logger = zerolog.New(logs)
	if _, err := f.dir.Site(context.Background(), wixsim.SiteBakery); err != nil {
		t.Fatal(err)
	}
	f.sim.Sim.ResetRequests()
	return f, logs
}

// checkAudit checks the audit log of one case: no line for a read, else
// one line with the decision, class, method, path and scope, and the
// body's keys but never its values. It returns the line.
func (tt gateCase) checkAudit(t *testing.T, logs *bytes.Buffer) map[string]any {
	t.Helper()
	audit := auditLines(t, logs)
	if tt.decision == "" {
		if len(audit) != 0 {
			t.Errorf("reads are not audited, got %v", audit)
		}
		return nil
	}
	if len(audit) != 1 {
		t.Fatalf("want one audit line, got %v", audit)
	}
	a := audit[0]
	if a["decision"] != tt.decision || a["class"] != tt.class || a["method"] != tt.method || a["path"] != wixclient.CanonicalPath(tt.path) || a["scope"] != "site:"+wixsim.SiteBakery {
		t.Errorf("audit line = %v", a)
	}
	if strings.Contains(logs.String(), "Secret Value") {
		t.Errorf("the audit log holds a body value: %s", logs.String())
	}
	if tt.body != nil && !strings.Contains(logs.String(), `"body_keys":[`) {
		t.Errorf("the audit line lacks the body's keys: %s", logs.String())
	}
	return a
}

// TestConfirmationIsBoundToTheCall checks that an answer to the question
// counts only for the exact call it was asked about, and only once.
func TestConfirmationIsBoundToTheCall(t *testing.T) {
	t.Parallel()
	q := newQuestions()
	d1 := "digest-of-call-1"
	state := q.ask(d1, time.Minute)
	if q.claim(state, "digest-of-call-2") {
		t.Fatal("an answer must not confirm a different call")
	}
	state = q.ask(d1, time.Minute)
	if !q.claim(state, d1) {
		t.Fatal("the answer to this call must confirm it")
	}
	if q.claim(state, d1) {
		t.Fatal("an answer must not be used twice")
	}
	if q.claim("made-up-state", d1) {
		t.Fatal("a state the server never issued must not confirm anything")
	}
	late := q.ask(d1, time.Nanosecond)
	time.Sleep(time.Millisecond)
	if q.claim(late, d1) {
		t.Fatal("an answer after the question's deadline must not confirm anything")
	}
}

func TestListSitesFollowsPathRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *config.Config) { c.Accounts[0].Policy.Allow = []string{"/contacts/**"} })
	res := f.call(t, "list_sites", map[string]any{})
	if !res.IsError || !strings.Contains(resultText(res), "/site-list/v2/sites/query") || len(f.sim.Sim.Requests()) != 0 {
		t.Fatalf("list_sites must obey the account's allow list: %s, %d requests", resultText(res), len(f.sim.Sim.Requests()))
	}
}

func TestPendingQuestionsAreBounded(t *testing.T) {
	t.Parallel()
	q := newQuestions()
	first := q.ask("d0", time.Minute)
	for i := 1; i <= maxPending+10; i++ {
		q.ask(fmt.Sprint("d", i), time.Hour)
	}
	q.mu.Lock()
	n := len(q.pending)
	q.mu.Unlock()
	if n > maxPending {
		t.Errorf("%d questions pending, cap %d", n, maxPending)
	}
	if q.claim(first, "d0") {
		t.Error("the question nearest its deadline should have been forgotten")
	}
	// Synchronous questions are capped per session, and released.
	var releases []func()
	for range maxOpenQuestions {
		release, ok := q.open("s1")
		if !ok {
			t.Fatal("a session may open maxOpenQuestions questions")
		}
		releases = append(releases, release)
	}
	if _, ok := q.open("s1"); ok {
		t.Error("a session opened more than maxOpenQuestions questions")
	}
	if _, ok := q.open("s2"); !ok {
		t.Error("another session's questions must not count")
	}
	releases[0]()
	if _, ok := q.open("s1"); !ok {
		t.Error("a released slot was not freed")
	}
}
