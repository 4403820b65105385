package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wix-mcp/wix-mcp/internal/redistest"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// stateSecretFile writes a state secret shared by a test's replicas.
func stateSecretFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state-secret")
	if err := os.WriteFile(path, []byte("e2e-state-secret-0123456789abcdef0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// roundRobin is a load balancer in front of the replicas: each request
// goes to the next one. served records which replica got each request.
type roundRobin struct {
	*httptest.Server
	next   atomic.Int64
	mu     sync.Mutex
	served []int
}

func newRoundRobin(t *testing.T, backends []*httpProc) *roundRobin {
	rr := &roundRobin{}
	proxies := make([]*httputil.ReverseProxy, len(backends))
	for i, b := range backends {
		u, _ := url.Parse(b.base)
		proxies[i] = &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(u)
			r.Out.Host = u.Host
		}}
	}
	rr.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(rr.next.Add(1)-1) % len(proxies)
		rr.mu.Lock()
		rr.served = append(rr.served, i)
		rr.mu.Unlock()
		proxies[i].ServeHTTP(w, r)
	}))
	t.Cleanup(rr.Close)
	return rr
}

func (rr *roundRobin) lastServed() int {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	return rr.served[len(rr.served)-1]
}

// modernCall is one tools/call of protocol 2026-07-28 (no session): the
// arguments, and with an answer, the inputResponses and requestState.
type modernCall struct {
	args      map[string]any
	responses map[string]any
	state     string
}

// callResult is a tools/call answer as the client reads it.
type callResult struct {
	status    int
	errorText string // a JSON-RPC error, or a non-JSON answer
	result    struct {
		ResultType        string            `json:"resultType"`
		IsError           bool              `json:"isError"`
		RequestState      string            `json:"requestState"`
		InputRequests     map[string]any    `json:"inputRequests"`
		Content           []json.RawMessage `json:"content"`
		StructuredContent json.RawMessage   `json:"structuredContent"`
	}
	text string
}

func postModern(t *testing.T, base string, c modernCall) callResult {
	t.Helper()
	params := map[string]any{
		"name":      "call_site_api",
		"arguments": c.args,
		"_meta": map[string]any{
			"io.modelcontextprotocol/protocolVersion":    "2026-07-28",
			"io.modelcontextprotocol/clientCapabilities": map[string]any{"elicitation": map[string]any{}},
			"io.modelcontextprotocol/clientInfo":         map[string]any{"name": "e2e-modern", "version": "1"},
		},
	}
	if c.responses != nil {
		params["inputResponses"] = c.responses
		params["requestState"] = c.state
	}
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params})
	req, _ := http.NewRequest("POST", base+"/mcp", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+httpToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Protocol-Version", "2026-07-28")
	req.Header.Set("Mcp-Method", "tools/call")
	req.Header.Set("Mcp-Name", "call_site_api")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return callResult{errorText: err.Error()}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	out := callResult{status: resp.StatusCode}
	// An answer may come as one JSON body or as an event stream.
	if strings.Contains(resp.Header.Get("Content-Type"), "text/event-stream") {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "data: "); ok && strings.Contains(rest, `"result"`) || strings.Contains(rest, `"error"`) {
				data = []byte(rest)
			}
		}
	}
	var envelope struct {
		Result json.RawMessage `json:"result"`
		Error  *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(data, &envelope); err != nil || (envelope.Result == nil && envelope.Error == nil) {
		out.errorText = fmt.Sprintf("HTTP %d: %s", resp.StatusCode, data)
		return out
	}
	if envelope.Error != nil {
		out.errorText = envelope.Error.Message
		return out
	}
	_ = json.Unmarshal(envelope.Result, &out.result)
	for _, c := range out.result.Content {
		var tc struct {
			Text string `json:"text"`
		}
		_ = json.Unmarshal(c, &tc)
		out.text += tc.Text
	}
	return out
}

var accept = map[string]any{"confirm_destructive": map[string]any{"action": "accept", "content": map[string]any{"confirm": true}}}

// replicaCluster is three stateless replicas sharing a Redis and a state
// secret, behind a round-robin proxy, against one emulator; plus a fourth
// whose questions expire after a second.
type replicaCluster struct {
	sim      *upstream
	replicas []*httpProc
	lb       *roundRobin
	shortTTL *httpProc
}

func startReplicas(t *testing.T) *replicaCluster {
	t.Helper()
	redisAddr := redistest.Start(t)
	sim := newUpstream(t)
	cfg := writeConfigFile(t, fmt.Sprintf(`
accounts:
  - name: agency
    id: %s
    key_env: WIX_AGENCY_KEY
sites:
  - {alias: bakery, id: %s, account: agency}
  - {alias: yoga, id: %s, account: agency}
`, wixsim.AgencyAccountID, wixsim.SiteBakery, wixsim.SiteYoga))
	env := []string{
		"WIX_AGENCY_KEY=" + wixsim.AgencyKey, "WIX_API_BASE_URL=" + sim.URL, "WIX_MCP_HTTP_TOKEN=" + httpToken,
		"WIX_MCP_STATE_SECRET_FILE=" + stateSecretFile(t), "WIX_MCP_REDIS_URL=redis://" + redisAddr + "/0",
		"WIX_MCP_WIX_RATE_LIMIT=5/1m", "WIX_MCP_METRICS_ADDR=127.0.0.1:0",
	}
	args := []string{"--config", cfg, "--transport", "http", "--stateless", "--addr", "127.0.0.1:0"}
	c := &replicaCluster{sim: sim}
	var wg sync.WaitGroup
	procs := make([]*httpProc, 4)
	for i := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := args
			if i == 3 {
				a = append(append([]string(nil), args...), "--confirm-timeout", "1s")
			}
			procs[i] = startHTTP(t, env, a...)
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	c.replicas, c.shortTTL = procs[:3], procs[3]
	c.lb = newRoundRobin(t, c.replicas)
	return c
}

func (c *replicaCluster) deletes(path string) int {
	n := 0
	for _, r := range c.sim.sim.Requests() {
		if r.Method == "DELETE" && r.Path == path {
			n++
		}
	}
	return n
}

func deleteContact(id string) map[string]any {
	return map[string]any{"site_id": "bakery", "method": "DELETE", "path": "/contacts/v4/contacts/" + id}
}

// TestReplicasConfirmOnceAcrossReplicas runs the whole confirmation story
// on three real replicas behind a round-robin balancer, counting the
// DELETEs that reach the emulator.
func TestReplicasConfirmOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	c := startReplicas(t)
	ids := seedContactIDs(wixsim.SiteBakery)
	if len(ids) < 4 {
		t.Fatalf("the seed has %d bakery contacts", len(ids))
	}

	t.Run("asked on one replica, answered on another, sent once", func(t *testing.T) {
		path := "/contacts/v4/contacts/" + ids[0]
		asked := postModern(t, c.lb.URL, modernCall{args: deleteContact(ids[0])})
		askedOn := c.lb.lastServed()
		if asked.result.ResultType != "input_required" || asked.result.RequestState == "" || asked.result.InputRequests["confirm_destructive"] == nil {
			t.Fatalf("the first call must ask the person: %+v %s", asked.result, asked.errorText)
		}
		if n := c.deletes(path); n != 0 {
			t.Fatalf("%d DELETEs before the answer", n)
		}
		answered := postModern(t, c.lb.URL, modernCall{args: deleteContact(ids[0]), responses: accept, state: asked.result.RequestState})
		if c.lb.lastServed() == askedOn {
			t.Fatal("the balancer sent the answer to the replica that asked")
		}
		if answered.result.IsError || answered.result.ResultType == "input_required" || !strings.Contains(answered.text, "Wix answered 200") {
			t.Fatalf("the confirmed call: %+v %q %s", answered.result, answered.text, answered.errorText)
		}
		if n := c.deletes(path); n != 1 {
			t.Fatalf("%d DELETEs reached Wix, want 1", n)
		}
		// The same answer again, to every replica: nothing more is sent.
		for i, r := range c.replicas {
			replay := postModern(t, r.base, modernCall{args: deleteContact(ids[0]), responses: accept, state: asked.result.RequestState})
			if !replay.result.IsError || !strings.Contains(replay.text, "Nothing was sent") {
				t.Errorf("replay on replica %d: %+v %q", i, replay.result, replay.text)
			}
		}
		if n := c.deletes(path); n != 1 {
			t.Fatalf("%d DELETEs after replays, want 1", n)
		}
		// Prometheus, on each replica's --metrics-addr without a token,
		// counts the question, the one accepted answer and the replays.
		got := map[string]float64{}
		for _, r := range c.replicas {
			for outcome, n := range confirmationMetrics(t, r) {
				got[outcome] += n
			}
		}
		if got["asked"] < 1 || got["accepted"] != 1 || got["replayed"] != float64(len(c.replicas)) {
			t.Errorf("confirmation metrics across replicas: %v", got)
		}
	})

	t.Run("forged, foreign or expired states send nothing", func(t *testing.T) {
		path := "/contacts/v4/contacts/" + ids[1]
		asked := postModern(t, c.lb.URL, modernCall{args: deleteContact(ids[1])})
		other := postModern(t, c.lb.URL, modernCall{args: deleteContact(ids[2])})
		short := postModern(t, c.shortTTL.base, modernCall{args: deleteContact(ids[1])})
		if asked.result.RequestState == "" || other.result.RequestState == "" || short.result.RequestState == "" {
			t.Fatal("no question asked")
		}
		flipped := []byte(asked.result.RequestState)
		flipped[len(flipped)/2] ^= 0x01
		time.Sleep(1500 * time.Millisecond) // the short question expires
		for name, state := range map[string]string{
			"forged":              "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5",
			"tampered":            string(flipped),
			"for another call":    other.result.RequestState,
			"expired":             short.result.RequestState,
			"none":                "",
			"in-memory style hex": "00112233445566778899aabbccddeeff",
		} {
			res := postModern(t, c.lb.URL, modernCall{args: deleteContact(ids[1]), responses: accept, state: state})
			if !res.result.IsError || !strings.Contains(res.text, "Nothing was sent") {
				t.Errorf("%s state: %+v %q %s", name, res.result, res.text, res.errorText)
			}
		}
		if n := c.deletes(path); n != 0 {
			t.Fatalf("%d DELETEs reached Wix with bad states", n)
		}
		// The real answer still works afterwards, once.
		if res := postModern(t, c.lb.URL, modernCall{args: deleteContact(ids[1]), responses: accept, state: asked.result.RequestState}); res.result.IsError {
			t.Errorf("the genuine answer: %q", res.text)
		}
		if n := c.deletes(path); n != 1 {
			t.Fatalf("%d DELETEs, want 1", n)
		}
	})

	t.Run("a replica killed mid-flight: an answer or a clear error, never a second send", func(t *testing.T) {
		path := "/contacts/v4/contacts/" + ids[3]
		c.sim.sim.Inject(wixsim.Fault{Method: "DELETE", Match: path, Hang: true, Times: 1})
		asked := postModern(t, c.replicas[0].base, modernCall{args: deleteContact(ids[3])})
		done := make(chan callResult, 1)
		go func() {
			done <- postModern(t, c.replicas[1].base, modernCall{args: deleteContact(ids[3]), responses: accept, state: asked.result.RequestState})
		}()
		c.sim.waitArrival(t, path)
		_ = c.replicas[1].cmd.Process.Kill()
		res := <-done
		if res.errorText == "" && !res.result.IsError {
			t.Fatalf("the client of a killed replica must see an error, got %+v", res.result)
		}
		// Retrying the same answer elsewhere is refused: the outcome is
		// unknown, so the person must look and ask again.
		retry := postModern(t, c.replicas[2].base, modernCall{args: deleteContact(ids[3]), responses: accept, state: asked.result.RequestState})
		if !retry.result.IsError || !strings.Contains(retry.text, "Nothing was sent") {
			t.Errorf("retry after the kill: %+v %q", retry.result, retry.text)
		}
		if n := c.deletes(path); n != 1 {
			t.Errorf("%d DELETEs reached Wix, want exactly the one in flight", n)
		}
	})
}

// TestReplicasShareTheRateBudget sends 12 reads to one site through the
// balancer at once, with a budget of 5 a minute shared in Redis: at most 5
// reach the emulator, the rest are told when to retry.
func TestReplicasShareTheRateBudget(t *testing.T) {
	t.Parallel()
	c := startReplicas(t)
	c.sim.sim.ResetRequests()
	var wg sync.WaitGroup
	results := make([]callResult, 12)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = postModern(t, c.lb.URL, modernCall{args: map[string]any{"site_id": "yoga", "method": "GET", "path": "/contacts/v4/contacts"}})
		}()
	}
	wg.Wait()
	var ok, refused int
	for _, r := range results {
		switch {
		case !r.result.IsError && r.errorText == "":
			ok++
		case strings.Contains(r.text, "rate budget") && strings.Contains(r.text, "Retry in"):
			refused++
		default:
			t.Errorf("unexpected answer: %+v %q %s", r.result, r.text, r.errorText)
		}
	}
	reached := 0
	for _, r := range c.sim.sim.Requests() {
		if r.SiteID == wixsim.SiteYoga {
			reached++
		}
	}
	if reached > 5 || ok != reached || refused != 12-ok {
		t.Errorf("%d requests reached Wix (budget 5), %d calls succeeded, %d refused", reached, ok, refused)
	}
}

// seedContactIDs are the IDs of a site's seeded contacts.
func seedContactIDs(siteID string) []string {
	var out []string
	for _, s := range wixsim.DefaultSeed().Sites {
		if s.ID != siteID {
			continue
		}
		for _, c := range s.Contacts {
			if id, ok := c["id"].(string); ok && id != wixsim.PoisonedContactID {
				out = append(out, id)
			}
		}
	}
	return out
}

// confirmationMetrics reads wixmcp_confirmations_total by outcome from a
// replica's metrics address (logged as metrics_addr), without a token.
func confirmationMetrics(t *testing.T, p *httpProc) map[string]float64 {
	t.Helper()
	var addr string
	for _, line := range strings.Split(p.stderr.String(), "\n") {
		var entry struct {
			MetricsAddr string `json:"metrics_addr"`
		}
		if json.Unmarshal([]byte(line), &entry) == nil && entry.MetricsAddr != "" {
			addr = entry.MetricsAddr
		}
	}
	if addr == "" {
		t.Fatalf("no metrics address logged:\n%s", p.stderr.String())
	}
	r := raw(t, "GET", "http://"+addr+"/metrics", "", nil, "")
	out := map[string]float64{}
	for _, line := range strings.Split(r.body, "\n") {
		rest, ok := strings.CutPrefix(line, `wixmcp_confirmations_total{outcome="`)
		if !ok {
			continue
		}
		outcome, value, _ := strings.Cut(rest, `"} `)
		n, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		out[outcome] = n
	}
	return out
}
