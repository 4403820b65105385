package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// Fault tests: Wix (the emulator) misbehaves and wix-mcp must answer every
// call with a clear isError result, in bounded time, without repeating
// writes, mixing up keys or leaving goroutines behind. The in-process tests
// run the MCP server and the emulator in this process, so startInProcess
// checks for leaked goroutines when each test ends.

const (
	contactsQuery = "/contacts/v4/contacts/query"
	contactsPath  = "/contacts/v4/contacts"
	propsPath     = "/site-properties/v4/properties"
)

func agencyVars(extra ...string) map[string]string {
	vars := map[string]string{"WIX_API_KEY": wixsim.AgencyKey, "WIX_ACCOUNT_ID": wixsim.AgencyAccountID}
	for i := 0; i+1 < len(extra); i += 2 {
		vars[extra[i]] = extra[i+1]
	}
	return vars
}

func queryContacts() map[string]any {
	return map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": contactsQuery, "body": map[string]any{"query": map[string]any{"paging": map[string]any{"limit": 2}}}}
}

func readProperties(site string) map[string]any {
	return map[string]any{"site_id": site, "method": "GET", "path": propsPath}
}

func createContact() map[string]any {
	return map[string]any{"site_id": wixsim.SiteBakery, "method": "POST", "path": contactsPath,
		"body": map[string]any{"info": map[string]any{"name": map[string]any{"first": "Fault", "last": "Test"}}}}
}

// TestFaultWixHangs: Wix never answers. The call ends with a timeout
// isError once WIX_MCP_TIMEOUT has passed, is not retried (it would only
// hang again), and other calls are served meanwhile.
func TestFaultWixHangs(t *testing.T) {
	const timeout = 400 * time.Millisecond
	p := startInProcess(t, nil, agencyVars("WIX_MCP_TIMEOUT", timeout.String()))
	cs := p.connect(t)
	p.up.sim.Inject(wixsim.Fault{Match: contactsQuery, Hang: true})

	type outcome struct {
		res     *gomcp.CallToolResult
		elapsed time.Duration
	}
	hung := make(chan outcome, 1)
	start := time.Now()
	go func() {
		res, err := cs.CallTool(context.Background(), &gomcp.CallToolParams{Name: "call_site_api", Arguments: queryContacts()})
		if err != nil {
			res = &gomcp.CallToolResult{Content: []gomcp.Content{&gomcp.TextContent{Text: "JSON-RPC error: " + err.Error()}}}
		}
		hung <- outcome{res, time.Since(start)}
	}()
	p.up.waitArrival(t, contactsQuery)

	// While the first call hangs, others are answered, on this session
	// and on another one.
	other := p.connect(t)
	for i, s := range []*gomcp.ClientSession{cs, other, cs} {
		res := callTool(t, s, "call_site_api", readProperties(wixsim.SiteYoga))
		if res.IsError || !strings.Contains(text(res), "Sandbox Yoga Studio") {
			t.Fatalf("call %d during the hang: %s", i, text(res))
		}
	}
	select {
	case o := <-hung:
		t.Fatalf("the hanging call ended before its timeout, after %v: %s", o.elapsed, text(o.res))
	default:
	}

	o := <-hung
	if !o.res.IsError {
		t.Fatalf("want an isError result, got %s", text(o.res))
	}
	for _, want := range []string{"did not answer", "in time", "POST " + contactsQuery, "1 attempt"} {
		if !strings.Contains(text(o.res), want) {
			t.Errorf("timeout result %q lacks %q", text(o.res), want)
		}
	}
	if o.elapsed < timeout || o.elapsed > timeout+5*time.Second {
		t.Errorf("the call ended after %v; the configured timeout is %v", o.elapsed, timeout)
	}
	r := p.up.waitLogged(t, "POST", contactsQuery, func(r wixsim.Request) bool { return r.Cancelled })
	if n := len(p.up.requestsTo("POST", contactsQuery)); n != 1 || r.Status != 0 {
		t.Errorf("a timed-out read must be sent once and abandoned: %d requests, last %+v", n, r)
	}
}

// TestFaultTimeoutFlag drives the built binary: --timeout sets the bound
// of one Wix request.
func TestFaultTimeoutFlag(t *testing.T) {
	up := newUpstream(t)
	up.sim.Inject(wixsim.Fault{Match: contactsQuery, Hang: true})
	s := startStdio(t, []string{"WIX_API_KEY=" + wixsim.AgencyKey, "WIX_ACCOUNT_ID=" + wixsim.AgencyAccountID, "WIX_API_BASE_URL=" + up.URL}, nil, "--timeout", "300ms")
	start := time.Now()
	res := s.call(t, "call_site_api", queryContacts())
	elapsed := time.Since(start)
	if !res.IsError || !strings.Contains(text(res), "did not answer") {
		t.Fatalf("want a timeout isError, got %s", text(res))
	}
	if elapsed < 300*time.Millisecond || elapsed > 5*time.Second {
		t.Errorf("the call took %v with --timeout 300ms", elapsed)
	}
	up.waitLogged(t, "POST", contactsQuery, func(r wixsim.Request) bool { return r.Cancelled })
}

// TestFaultClientCancels: the client gives up on a call whose Wix request
// hangs. The Wix request must be aborted (the emulator sees its client go
// away), and no goroutine may stay behind.
func TestFaultClientCancels(t *testing.T) {
	t.Run("notifications/cancelled", func(t *testing.T) {
		p := startInProcess(t, nil, agencyVars())
		cs := p.connect(t)
		p.up.sim.Inject(wixsim.Fault{Match: contactsQuery, Hang: true})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := cs.CallTool(ctx, &gomcp.CallToolParams{Name: "call_site_api", Arguments: queryContacts()})
			done <- err
		}()
		p.up.waitArrival(t, contactsQuery)
		cancel() // the SDK sends notifications/cancelled
		if err := <-done; !isCancellation(err) {
			t.Fatalf("CallTool after cancel: %v", err)
		}
		r := p.up.waitLogged(t, "POST", contactsQuery, func(r wixsim.Request) bool { return r.Cancelled })
		if r.Status != 0 {
			t.Errorf("the aborted request got an answer: %+v", r)
		}
		// The session still works after the cancellation.
		if res := callTool(t, cs, "call_site_api", readProperties(wixsim.SiteBakery)); res.IsError {
			t.Fatalf("call after cancel: %s", text(res))
		}
	})

	t.Run("HTTP request dropped", func(t *testing.T) {
		p := startInProcess(t, nil, agencyVars())
		p.up.sim.Inject(wixsim.Fault{Match: contactsQuery, Hang: true})
		session := rawInitialize(t, p)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			args, _ := jsonMarshal(queryContacts())
			resp, err := rawPost(ctx, p, session, fmt.Sprintf(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"call_site_api","arguments":%s}}`, args))
			if err == nil {
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			done <- err
		}()
		p.up.waitArrival(t, contactsQuery)
		cancel() // closes the connection mid-request
		if err := <-done; !isCancellation(err) {
			t.Fatalf("the dropped request returned %v", err)
		}
		p.up.waitLogged(t, "POST", contactsQuery, func(r wixsim.Request) bool { return r.Cancelled })
		rawDelete(t, p, session)
	})

	t.Run("stdio binary", func(t *testing.T) {
		up := newUpstream(t)
		up.sim.Inject(wixsim.Fault{Match: contactsQuery, Hang: true})
		s := startStdio(t, []string{"WIX_API_KEY=" + wixsim.AgencyKey, "WIX_ACCOUNT_ID=" + wixsim.AgencyAccountID, "WIX_API_BASE_URL=" + up.URL}, nil)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := s.CallTool(ctx, &gomcp.CallToolParams{Name: "call_site_api", Arguments: queryContacts()})
			done <- err
		}()
		up.waitArrival(t, contactsQuery)
		cancel()
		if err := <-done; !isCancellation(err) {
			t.Fatalf("CallTool after cancel: %v", err)
		}
		up.waitLogged(t, "POST", contactsQuery, func(r wixsim.Request) bool { return r.Cancelled })
		if res := s.call(t, "call_site_api", readProperties(wixsim.SiteBakery)); res.IsError {
			t.Fatalf("call after cancel: %s", text(res))
		}
	})
}

// TestFaultRetries: 429 storms and 5xx bursts. Reads are retried within
// their budget (3 attempts) and then fail clearly; writes are sent exactly
// once whatever Wix answers.
func TestFaultRetries(t *testing.T) {
	p := startInProcess(t, nil, agencyVars())
	cs := p.connect(t)
	tests := []struct {
		name      string
		fault     wixsim.Fault
		args      map[string]any
		method    string
		path      string
		wantSent  int
		wantError bool
		want      []string
	}{
		{"429 storm on a read", wixsim.Fault{Match: contactsQuery, Status: 429}, queryContacts(), "POST", contactsQuery, 3, true, []string{"429", "RESOURCE_EXHAUSTED", "Attempts: 3"}},
		{"503 burst on a read recovers", wixsim.Fault{Match: contactsQuery, Status: 503, Times: 2}, queryContacts(), "POST", contactsQuery, 3, false, []string{`"contacts"`}},
		{"502 on a GET recovers", wixsim.Fault{Match: propsPath, Status: 502, Times: 1}, readProperties(wixsim.SiteBakery), "GET", propsPath, 2, false, []string{"Sandbox Bakery"}},
		{"500 is not retried", wixsim.Fault{Match: contactsQuery, Status: 500}, queryContacts(), "POST", contactsQuery, 1, true, []string{"500"}},
		{"Retry-After too long gives up at once", wixsim.Fault{Match: contactsQuery, Status: 429, RetryAfter: "3600"}, queryContacts(), "POST", contactsQuery, 1, true, []string{"429"}},
		{"429 on a write", wixsim.Fault{Match: contactsPath, Method: "POST", Status: 429}, createContact(), "POST", contactsPath, 1, true, []string{"429"}},
		{"503 on a write", wixsim.Fault{Match: contactsPath, Method: "POST", Status: 503}, createContact(), "POST", contactsPath, 1, true, []string{"503"}},
		{"reset on a write", wixsim.Fault{Match: contactsPath, Method: "POST", Reset: true}, createContact(), "POST", contactsPath, 1, true, []string{"No usable answer", "1 attempt"}},
		{"truncated answer to a write", wixsim.Fault{Match: contactsPath, Method: "POST", Truncate: true}, createContact(), "POST", contactsPath, 1, true, []string{"cut short"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.up.sim.ClearFaults()
			p.up.sim.ResetRequests()
			p.up.sim.Inject(tt.fault)
			res := callTool(t, cs, "call_site_api", tt.args)
			if res.IsError != tt.wantError {
				t.Fatalf("isError = %v, want %v: %s", res.IsError, tt.wantError, text(res))
			}
			for _, w := range tt.want {
				if !strings.Contains(text(res), w) {
					t.Errorf("result %q lacks %q", text(res), w)
				}
			}
			if got := len(p.up.requestsTo(tt.method, tt.path)); got != tt.wantSent {
				t.Errorf("the emulator saw %s %s %d times, want %d", tt.method, tt.path, got, tt.wantSent)
			}
		})
	}
}

// TestFaultBrokenAnswers: connection resets, bodies cut short, bodies that
// are not JSON and bodies over the cap each become a clear isError, and
// the server carries on.
func TestFaultBrokenAnswers(t *testing.T) {
	p := startInProcess(t, nil, agencyVars())
	cs := p.connect(t)
	tests := []struct {
		name  string
		fault wixsim.Fault
		want  []string
	}{
		{"connection reset", wixsim.Fault{Match: contactsQuery, Reset: true}, []string{"No usable answer", "3 attempt"}},
		{"body cut short", wixsim.Fault{Match: contactsQuery, Truncate: true}, []string{"No usable answer", "cut short"}},
		{"error body cut short", wixsim.Fault{Match: contactsQuery, Status: 503, Truncate: true}, []string{"No usable answer", "cut short"}},
		{"body over the cap", wixsim.Fault{Match: contactsQuery, OversizeBytes: 17 << 20}, []string{"exceeded", "1 attempt"}},
		{"malformed body", wixsim.Fault{Match: contactsQuery, Malformed: true}, []string{"not JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.up.sim.ClearFaults()
			p.up.sim.Inject(tt.fault)
			res := callTool(t, cs, "call_site_api", queryContacts())
			if !res.IsError {
				t.Errorf("want an isError result, got %s", text(res))
			}
			for _, w := range tt.want {
				if !strings.Contains(text(res), w) {
					t.Errorf("result %q lacks %q", text(res), w)
				}
			}
			p.up.sim.ClearFaults()
			if res := callTool(t, cs, "call_site_api", queryContacts()); res.IsError {
				t.Fatalf("the next call failed: %s", text(res))
			}
		})
	}
}

// TestConcurrentCallsNoCrossTalk makes 50 simultaneous calls across two
// accounts, a site with a key of its own, a configured site, sites found
// through their owner, and account-level calls. Each request must carry
// exactly its scope's key and header, and each answer must be its site's.
func TestConcurrentCallsNoCrossTalk(t *testing.T) {
	cfgFile := writeConfigFile(t, fmt.Sprintf(`
accounts:
  - name: agency
    id: %s
    key_env: AGENCY_KEY
  - name: other
    id: %s
    key_env: OTHER_KEY
sites:
  - alias: bakery
    id: %s
    key_env: BAKERY_KEY
  - alias: yoga
    id: %s
    account: agency
`, wixsim.AgencyAccountID, wixsim.OtherAccountID, wixsim.SiteBakery, wixsim.SiteYoga))
	p := startInProcess(t, []string{"--config", cfgFile}, map[string]string{
		"AGENCY_KEY": wixsim.AgencyKey, "OTHER_KEY": wixsim.OtherKey, "BAKERY_KEY": wixsim.RestrictedKey,
	})
	type target struct {
		tool, ref, key, siteID, accountID, answer string
	}
	targets := []target{
		{"call_site_api", "bakery", wixsim.RestrictedKey, wixsim.SiteBakery, "", "Sandbox Bakery"},
		{"call_site_api", wixsim.SiteYoga, wixsim.AgencyKey, wixsim.SiteYoga, "", "Sandbox Yoga Studio"},
		{"call_site_api", wixsim.SiteBookshop, wixsim.AgencyKey, wixsim.SiteBookshop, "", "Sandbox Bookshop"},
		{"call_site_api", wixsim.SiteOther, wixsim.OtherKey, wixsim.SiteOther, "", "Sandbox Other Site"},
		{"call_account_api", "agency", wixsim.AgencyKey, "", wixsim.AgencyAccountID, `"count":3`},
		{"call_account_api", "other", wixsim.OtherKey, "", wixsim.OtherAccountID, `"count":1`},
	}
	keyName := map[string]string{wixsim.AgencyKey: "agency key", wixsim.OtherKey: "other key", wixsim.RestrictedKey: "bakery key", "": "no key"}
	sessions := []*gomcp.ClientSession{p.connect(t), p.connect(t), p.connect(t), p.connect(t), p.connect(t)}

	const calls = 50
	results := make([]*gomcp.CallToolResult, calls)
	errs := make([]error, calls)
	var wg sync.WaitGroup
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tg := targets[i%len(targets)]
			probe := map[string]any{"probe": fmt.Sprintf("call-%02d", i)}
			// The probe is a tracer Wix does not know: sent unchecked.
			args := map[string]any{"method": "GET", "path": propsPath, "site_id": tg.ref, "query": probe, "validate": false}
			if tg.tool == "call_account_api" {
				args = map[string]any{"method": "POST", "path": "/site-list/v2/sites/count", "account": tg.ref, "query": probe, "body": map[string]any{}}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			results[i], errs[i] = sessions[i%len(sessions)].CallTool(ctx, &gomcp.CallToolParams{Name: tg.tool, Arguments: args})
		}()
	}
	wg.Wait()

	byProbe := map[string][]sentRequest{}
	for _, r := range p.wixTransport.requests() {
		if r.probe != "" {
			byProbe[r.probe] = append(byProbe[r.probe], r)
		}
	}
	for i := range calls {
		tg := targets[i%len(targets)]
		if errs[i] != nil {
			t.Errorf("call %d: %v", i, errs[i])
			continue
		}
		if results[i].IsError || !strings.Contains(text(results[i]), tg.answer) {
			t.Errorf("call %d (%s %s) answered with another scope's data or failed: %s", i, tg.tool, tg.ref, text(results[i]))
		}
		sent := byProbe[fmt.Sprintf("call-%02d", i)]
		if len(sent) != 1 {
			t.Errorf("call %d reached Wix %d times", i, len(sent))
			continue
		}
		if s := sent[0]; s.key != tg.key || s.siteID != tg.siteID || s.accountID != tg.accountID {
			t.Errorf("call %d for %s went with %s, wix-site-id %q, wix-account-id %q; want %s, %q, %q",
				i, tg.ref, keyName[s.key], s.siteID, s.accountID, keyName[tg.key], tg.siteID, tg.accountID)
		}
	}
	for _, r := range p.up.sim.Requests() {
		if r.Status != 200 {
			t.Errorf("the emulator answered %d to %s %s (site %q, account %q)", r.Status, r.Method, r.Path, r.SiteID, r.AccountID)
		}
	}
}

// rawInitialize opens a session with plain HTTP requests, as a client
// that can drop a request at any moment would.
func rawInitialize(t *testing.T, p *inProcess) string {
	t.Helper()
	resp, err := rawPost(context.Background(), p, "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"`+protocolVersion+`","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	session := resp.Header.Get("Mcp-Session-Id")
	if resp.StatusCode != 200 || session == "" {
		t.Fatalf("initialize: HTTP %d, session %q", resp.StatusCode, session)
	}
	resp, err = rawPost(context.Background(), p, session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return session
}

func rawPost(ctx context.Context, p *inProcess, session, body string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", p.mcp.URL, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if session != "" {
		req.Header.Set("Mcp-Session-Id", session)
		req.Header.Set("Mcp-Protocol-Version", protocolVersion)
	}
	return p.clientHTTP.Do(req)
}

func rawDelete(t *testing.T, p *inProcess, session string) {
	t.Helper()
	req, _ := http.NewRequest("DELETE", p.mcp.URL, nil)
	req.Header.Set("Mcp-Session-Id", session)
	resp, err := p.clientHTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func jsonMarshal(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// TestFault429Storm: Wix's rate limit is exhausted while 20 reads and 10
// writes run at once. Exactly as many calls succeed as the limit allows;
// every read refused makes its 3 attempts and says so; every write is
// sent exactly once, succeeded or refused.
func TestFault429Storm(t *testing.T) {
	p := startInProcess(t, nil, agencyVars())
	sessions := []*gomcp.ClientSession{p.connect(t), p.connect(t), p.connect(t)}
	// Warm the owner cache, so the limit counts only the calls below.
	if res := callTool(t, sessions[0], "call_site_api", readProperties(wixsim.SiteBakery)); res.IsError {
		t.Fatal(text(res))
	}
	const limit, reads, writes = 8, 20, 10
	p.up.sim.SetRateLimit(limit, "")
	p.up.sim.ResetRequests()
	results := make([]*gomcp.CallToolResult, reads+writes)
	var wg sync.WaitGroup
	for i := range reads + writes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := queryContacts()
			if i >= reads {
				args = createContact()
			}
			results[i] = callTool(t, sessions[i%len(sessions)], "call_site_api", args)
		}()
	}
	wg.Wait()
	succeeded := 0
	for i, res := range results {
		if !res.IsError {
			succeeded++
			continue
		}
		want := []string{"429", "RESOURCE_EXHAUSTED"}
		if i < reads {
			want = append(want, "Attempts: 3")
		}
		for _, w := range want {
			if !strings.Contains(text(res), w) {
				t.Errorf("call %d: %q lacks %q", i, text(res), w)
			}
		}
		if i >= reads && strings.Contains(text(res), "Attempts:") {
			t.Errorf("write %d was retried: %s", i, text(res))
		}
	}
	if succeeded != limit {
		t.Errorf("%d calls succeeded under a limit of %d", succeeded, limit)
	}
	if n := len(p.up.requestsTo("POST", contactsPath)); n != writes {
		t.Errorf("the emulator saw %d writes for %d write calls", n, writes)
	}
	readsSeen := len(p.up.requestsTo("POST", contactsQuery))
	if readsSeen > reads*3 || readsSeen < (reads-limit)*3 {
		t.Errorf("the emulator saw %d reads; want at most 3 per call and 3 for each refused one", readsSeen)
	}
}
