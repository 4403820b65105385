package script

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeWix answers every call with its number and path, except: paths under
// /fail answer a Wix 404, paths under /slow wait, and DELETE asks for a
// person (SuspendError) unless approve is set. It records what it sent.
type fakeWix struct {
	mu      sync.Mutex
	sent    []string
	approve bool
}

func (f *fakeWix) Send(ctx context.Context, c *Call) (*Outcome, error) {
	class := "read"
	if c.Method != "GET" {
		class = "write"
	}
	if c.Method == "DELETE" {
		class = "destructive"
		if !f.approve {
			return &Outcome{Class: class}, &SuspendError{Question: "delete?"}
		}
	}
	if strings.HasPrefix(c.Path, "/slow") {
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			return &Outcome{Class: class}, ctx.Err()
		}
	}
	f.mu.Lock()
	f.sent = append(f.sent, fmt.Sprintf("%d %s %s", c.N, c.Method, c.Path))
	f.mu.Unlock()
	if strings.HasPrefix(c.Path, "/fail") {
		return &Outcome{Class: class, Sent: true, Status: 404}, &WixError{Status: 404, Code: "NOT_FOUND", Message: "no such thing", RequestID: "req-1", Details: json.RawMessage(`{"applicationError":{"code":"NOT_FOUND"}}`)}
	}
	b, _ := json.Marshal(map[string]any{"n": c.N, "path": c.Path, "body": c.Body})
	return &Outcome{Class: class, Sent: true, Status: 200, Body: b}, nil
}

func (f *fakeWix) Sites(context.Context, string, string) (*Outcome, error) {
	return &Outcome{Class: "read", Sent: true, Status: 200, Body: []byte(`[{"id":"s1","displayName":"One"}]`)}, nil
}
func (f *fakeWix) Search(text string, limit int) (json.RawMessage, error) {
	return json.Marshal([]map[string]any{{"id": "x." + text, "limit": limit}})
}
func (f *fakeWix) Describe(id string) (json.RawMessage, error) {
	if id == "" {
		return nil, errors.New("no id")
	}
	return json.Marshal(map[string]any{"id": id})
}

func (f *fakeWix) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.sent...)
}

func runFake(t *testing.T, src string, limits Limits) (*Report, *fakeWix) {
	t.Helper()
	f := &fakeWix{}
	if limits.WallTime == 0 {
		limits.WallTime = 5 * time.Second
	}
	return Run(context.Background(), Options{Script: src, RunID: "run1", Limits: limits}, f, f), f
}

// TestHostileScripts: every script below must end with the stated error
// (or result) and leave the process and other runs unaffected.
func TestHostileScripts(t *testing.T) {
	t.Parallel()
	testHostile(t, true, hostileScripts)
}

// TestMemoryHogs are the hostile scripts stopped by the heap watchdog. The
// watchdog watches the whole process, so they run alone: not in parallel
// with runs that could be stopped by their memory.
func TestMemoryHogs(t *testing.T) {
	testHostile(t, false, memoryHogs)
}

type hostileScript struct {
	name      string
	src       string
	limits    Limits
	wantName  string // error name; "" means the run must succeed
	wantMsg   string
	wantLimit bool
	want      string // the result's JSON, when it succeeds
	wantSent  int    // calls that must have reached the Sender; -1 skips
}

var memoryHogs = []hostileScript{
	{name: "string doubling", src: `let s = "x".repeat(1 << 20); for (;;) s += s + "y";`, limits: Limits{MaxHeapBytes: 256 << 20, WallTime: 30 * time.Second}, wantName: "RangeError", wantMsg: "too much memory", wantLimit: true},
	{name: "array grown in a loop", src: `const a = []; for (;;) a.push({ i: a.length, s: "abcdefgh" });`, limits: Limits{MaxHeapBytes: 256 << 20, WallTime: 30 * time.Second}, wantLimit: true, wantSent: -1},
}

var hostileScripts = []hostileScript{
	{name: "infinite loop", src: `while (true) {}`, limits: Limits{WallTime: 300 * time.Millisecond}, wantName: "LimitError", wantMsg: "wall-time", wantLimit: true},
	{name: "infinite loop after a call", src: `await wix.site("a").get("/x"); for (;;) {}`, limits: Limits{WallTime: 300 * time.Millisecond}, wantName: "LimitError", wantLimit: true, wantSent: 1},
	{name: "infinite loop in a callback after return", src: `wix.site("a").get("/slow").then(() => { for (;;) {} }); return 1`, limits: Limits{WallTime: 500 * time.Millisecond}, wantName: "LimitError", wantLimit: true, wantSent: 1},
	{name: "deep recursion", src: `function f(n) { return f(n + 1) + 1 } return f(0)`, wantName: "RangeError", wantMsg: "recursed deeper", wantLimit: true},
	{name: "huge repeat", src: `return "x".repeat(1e9).length`, wantName: "RangeError", wantMsg: "String.repeat"},
	{name: "huge pad", src: `return "x".padEnd(2 ** 30).length`, wantName: "RangeError", wantMsg: "String.padEnd"},
	{name: "huge replace", src: `return "x".repeat(1e6).replaceAll("x", "y".repeat(1e6)).length`, wantName: "RangeError", wantMsg: "String.replaceAll"},
	{name: "huge array", src: `return new Array(5e7).fill(0).length`, wantName: "RangeError", wantMsg: "new Array"},
	{name: "huge sparse array", src: `const a = []; a.length = 5e7; return a.fill(0).length`, wantName: "RangeError", wantMsg: "Array.fill"},
	{name: "huge array-like", src: `return Array.from({ length: 5e7 }).length`, wantName: "RangeError", wantMsg: "Array.from"},
	{name: "lying array-like", src: `let n = 0; return Array.prototype.fill.call({ get length() { return n++ ? 5e7 : 1 } }, 0)`, wantName: "TypeError", wantMsg: "length getter"},
	{name: "typed arrays are gone", src: `return typeof Uint8Array + typeof ArrayBuffer + typeof Proxy`, want: `"undefinedundefinedundefined"`},
	{name: "eval", src: `return eval("1 + 1")`, wantName: "ReferenceError", wantMsg: "eval is not defined"},
	{name: "Function", src: `return Function("return 1")()`, wantName: "EvalError", wantMsg: "disabled"},
	{name: "Function through a constructor", src: `return (function () {}).constructor("return 1")()`, wantName: "EvalError"},
	{name: "async Function constructor", src: `return (async () => {}).constructor("return 1")`, wantName: "EvalError"},
	{name: "generator Function constructor", src: `return (function* () {}).constructor("yield 1")`, wantName: "EvalError"},
	{name: "replacing wix's methods", src: `wix.site = () => ({ get: async () => "fake" }); wix.sites = null; return [typeof wix.site, typeof wix.sites, Object.isFrozen(wix)]`, want: `["function","function",true]`},
	{name: "redefining wix", src: `Object.defineProperty(wix, "site", { value: 1 })`, wantName: "TypeError"},
	{name: "replacing the global", src: `wix = {}; globalThis.wix = {}; return typeof wix.site`, want: `"function"`},
	{name: "handles are frozen", src: `const h = wix.site("a"); h.get = () => 1; const r = await h.get("/real"); return r.path`, want: `"/real"`, wantSent: 1},
	{name: "tampered JSON and call", src: `JSON.stringify = () => "\"hacked\""; JSON.parse = () => 1; Function.prototype.call = null; Function.prototype.apply = null; const r = await wix.site("a").post("/p", { a: 1 }); return { path: r.path, s: "ab".repeat(2) }`, want: `{"path":"/p","s":"abab"}`, wantSent: 1},
	{name: "Reflect.apply taken early", src: `Reflect.apply = () => "x".repeat; return "x".repeat(1e9)`, wantName: "RangeError", wantMsg: "String.repeat"},
	{name: "calls after the run ended", src: `const h = wix.site("a"); h.get("/slow").then(() => h.get("/late")); return "done"`, want: `"done"`, wantSent: 1},
	{name: "unhandled rejection", src: `wix.site("a").get("/fail"); await wix.site("a").get("/ok"); return 1`, want: `1`, wantSent: 2},
	{name: "await that never resolves", src: `await new Promise(() => {})`, wantName: "Error", wantMsg: "never happen"},
	{name: "no timers or modules", src: `return [typeof setTimeout, typeof require, typeof fetch, typeof process]`, want: `["undefined","undefined","undefined","undefined"]`},
	{name: "cyclic result", src: `const a = {}; a.a = a; return a`, wantName: "TypeError", wantMsg: "JSON"},
	{name: "10,000 calls", src: `const h = wix.site("a"); const r = await Promise.all(Array.from({ length: 10000 }, (_, i) => h.get("/c/" + i).then(() => 0, e => e.name))); return r.filter(x => x === "PolicyError").length`, limits: Limits{WallTime: time.Minute}, want: `9800`, wantSent: 200},
	{name: "script too long", src: strings.Repeat(" ", 70<<10) + "return 1", wantName: "LimitError", wantMsg: "bytes", wantLimit: true},
	{name: "syntax error", src: "const a = 1;\nconst = 2;", wantName: "SyntaxError"},
}

func testHostile(t *testing.T, parallel bool, tests []hostileScript) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if parallel {
				t.Parallel()
			}
			rep, f := runFake(t, tt.src, tt.limits)
			if tt.wantName == "" && !tt.wantLimit {
				if rep.Error != nil {
					t.Fatalf("want success, got %+v", rep.Error)
				}
				if string(rep.Result) != tt.want {
					t.Errorf("result = %s, want %s", rep.Result, tt.want)
				}
			} else {
				if rep.Error == nil {
					t.Fatalf("want an error, got result %s", rep.Result)
				}
				if tt.wantName != "" && rep.Error.Name != tt.wantName {
					t.Errorf("error = %+v, want name %s", rep.Error, tt.wantName)
				}
				if !strings.Contains(rep.Error.Message, tt.wantMsg) {
					t.Errorf("error message %q lacks %q", rep.Error.Message, tt.wantMsg)
				}
				if rep.Error.Limit != tt.wantLimit {
					t.Errorf("error %+v: Limit = %v, want %v", rep.Error, rep.Error.Limit, tt.wantLimit)
				}
			}
			if tt.wantSent >= 0 && len(f.calls()) != tt.wantSent {
				t.Errorf("the Sender got %d calls, want %d: %v", len(f.calls()), tt.wantSent, f.calls())
			}
		})
	}
}

// TestLateAndUnhandledAreReported checks the report of calls made after
// the script returned and of rejections nobody handled.
func TestLateAndUnhandledAreReported(t *testing.T) {
	t.Parallel()
	rep, f := runFake(t, `const h = wix.site("a"); h.get("/slow").then(() => h.get("/late")); h.get("/fail"); return 1`, Limits{})
	if rep.LateCalls != 1 || len(f.calls()) != 2 {
		t.Errorf("late calls = %d, sent = %v", rep.LateCalls, f.calls())
	}
	joined := strings.Join(rep.Unhandled, "\n")
	if !strings.Contains(joined, "WixError: no such thing") || !strings.Contains(joined, "PolicyError: the script has already returned") {
		t.Errorf("unhandled rejections = %q", rep.Unhandled)
	}
	if !strings.Contains(rep.Summary(false), "1 made after the script returned, not sent") {
		t.Errorf("summary: %s", rep.Summary(false))
	}
}

// TestWixGlobal covers the API a script sees: handles, errors, console,
// search and describe, queries and bodies.
func TestWixGlobal(t *testing.T) {
	t.Parallel()
	rep, f := runFake(t, `
const sites = await wix.sites({ name: "o" });
const h = wix.site(sites[0].id);
const got = await h.get("/g", { "paging.limit": 5, ids: ["a", "b"] });
const posted = await h.post("/p", { x: [1, 2] });
const viaRequest = await wix.account().request({ method: "patch", path: "/r", body: { y: true } });
let err;
try { await h.get("/fail/1"); } catch (e) { err = { name: e.name, status: e.status, code: e.code, requestId: e.requestId, details: e.details, isError: e instanceof Error, isWix: e instanceof WixError } }
console.log("n", 1, { a: 1 });
console.warn("careful");
const found = await wix.search("contacts", 3);
const desc = await wix.describe("x.y");
let descErr; try { await wix.describe(""); } catch (e) { descErr = e.message }
return { site: sites[0].displayName, got: got.path, posted: posted.body, req: viaRequest.path, err, found, desc, descErr };`, Limits{})
	if rep.Error != nil {
		t.Fatalf("%+v", rep.Error)
	}
	want := `{"site":"One","got":"/g","posted":{"x":[1,2]},"req":"/r","err":{"name":"WixError","status":404,"code":"NOT_FOUND","requestId":"req-1","details":{"applicationError":{"code":"NOT_FOUND"}},"isError":true,"isWix":true},"found":[{"id":"x.contacts","limit":3}],"desc":{"id":"x.y"},"descErr":"no id"}`
	if string(rep.Result) != want {
		t.Errorf("result\n got %s\nwant %s", rep.Result, want)
	}
	if strings.Join(rep.Console, "|") != `n 1 {"a":1}|warn: careful` {
		t.Errorf("console = %q", rep.Console)
	}
	if got := f.calls(); len(got) != 4 || got[2] != "4 PATCH /r" {
		t.Errorf("calls = %v", got)
	}
	if len(rep.Calls) != 5 || rep.Calls[0].Path != "/site-list/v2/sites/query" {
		t.Errorf("report calls = %+v", rep.Calls)
	}
}

// TestConsoleIsBounded keeps the console under its byte limit.
func TestConsoleIsBounded(t *testing.T) {
	t.Parallel()
	rep, _ := runFake(t, `for (let i = 0; i < 10000; i++) console.log("line " + i); return 1`, Limits{MaxConsoleBytes: 1000})
	size := 0
	for _, l := range rep.Console {
		size += len(l)
	}
	if size > 1000 || rep.ConsoleDropped < 9000 {
		t.Errorf("console kept %d bytes, dropped %d lines", size, rep.ConsoleDropped)
	}
}

// TestInFlightIsBounded runs 40 slow calls at once: never more than the
// limit wait for Wix together.
func TestInFlightIsBounded(t *testing.T) {
	t.Parallel()
	f := &countingWix{}
	rep := Run(context.Background(), Options{Script: `const h = wix.site("a"); await Promise.all(Array.from({ length: 40 }, (_, i) => h.get("/c/" + i))); return 1`, Limits: Limits{MaxInFlight: 4}}, f, &fakeWix{})
	if rep.Error != nil || f.most != 4 {
		t.Errorf("error %+v; most in flight %d, want 4", rep.Error, f.most)
	}
}

type countingWix struct {
	mu        sync.Mutex
	now, most int
}

func (c *countingWix) Send(ctx context.Context, _ *Call) (*Outcome, error) {
	c.mu.Lock()
	c.now++
	c.most = max(c.most, c.now)
	c.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	c.mu.Lock()
	c.now--
	c.mu.Unlock()
	return &Outcome{Class: "read", Sent: true, Status: 200, Body: []byte(`{}`)}, nil
}

// hangingWix holds every call until its context ends.
type hangingWix struct {
	fakeWix
	started chan struct{}
}

func (h *hangingWix) Send(ctx context.Context, c *Call) (*Outcome, error) {
	h.started <- struct{}{}
	<-ctx.Done()
	return &Outcome{Class: "read"}, ctx.Err()
}

// TestCancellationStopsTheRun cancels the context while a call waits, and
// while the script loops.
func TestCancellationStopsTheRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	h := &hangingWix{started: make(chan struct{}, 1)}
	go func() { <-h.started; cancel() }()
	rep := Run(ctx, Options{Script: `await wix.site("a").get("/hang"); await wix.site("a").get("/after"); return 1`}, h, h)
	if rep.Error == nil || rep.Error.Name != "Cancelled" || len(rep.Calls) != 1 || rep.Calls[0].Err == nil {
		t.Errorf("error %+v, calls %+v", rep.Error, rep.Calls)
	}
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	rep = Run(ctx, Options{Script: `for (;;) {}`}, h, h)
	if rep.Error == nil || rep.Error.Name != "Cancelled" {
		t.Errorf("a busy loop must stop on cancellation: %+v", rep.Error)
	}
}

// TestSuspendAndReplay stops a run at a DELETE, then repeats it with the
// answer: the read and the write made before are answered from the record
// and not sent again; the DELETE keeps its number.
func TestSuspendAndReplay(t *testing.T) {
	t.Parallel()
	src := `const h = wix.site("a");
const [r, w] = await Promise.all([h.get("/read"), h.post("/write", { n: Math.random() })]);
const d = await h.delete("/thing/" + r.n);
const after = await h.get("/after");
return { r: r.n, w: w.n, d: d.path, after: after.n, random: w.body.n };`
	f := &fakeWix{}
	first := Run(context.Background(), Options{Script: src, RunID: "r", Seed: 7}, f, f)
	s := first.Suspended
	if s == nil || first.Error != nil || s.N != 3 || len(s.Recorded) != 2 {
		t.Fatalf("want a suspension at call 3 with 2 calls recorded: %+v %+v", first.Error, s)
	}
	if got := f.calls(); len(got) != 2 {
		t.Fatalf("before the question: %v", got)
	}
	f.approve = true
	second := Run(context.Background(), Options{Script: src, RunID: "r", Seed: 7, Replay: s.Recorded, Pending: &Pending{N: s.N, Key: s.Key}}, f, f)
	if second.Error != nil || second.Suspended != nil {
		t.Fatalf("replay: %+v %+v", second.Error, second.Suspended)
	}
	got := f.calls()
	if len(got) != 4 || got[2] != "3 DELETE /thing/1" || got[3] != "4 GET /after" {
		t.Errorf("the replay must send only the DELETE and what follows: %v", got)
	}
	var res struct {
		R, W, After int
		Random      float64
	}
	if err := json.Unmarshal(second.Result, &res); err != nil || res.R != 1 || res.W != 2 || res.After != 4 {
		t.Errorf("result %s (%v)", second.Result, err)
	}
	replayed := 0
	for _, c := range second.Calls {
		if c.Replayed {
			replayed++
		}
	}
	if replayed != 2 || !strings.Contains(strings.Join(second.CallLines(), "\n"), "not sent again") {
		t.Errorf("report of the replay: %v", second.CallLines())
	}
	// A script that changes between rounds does not match the record: its
	// calls go to the Sender (and so through the gate) again.
	changed := Run(context.Background(), Options{Script: strings.Replace(src, "/write", "/other", 1), Seed: 7, Replay: s.Recorded, Pending: &Pending{N: s.N, Key: s.Key}}, f, f)
	if changed.Error != nil || len(f.calls()) != 4+3 {
		t.Errorf("a changed script: %+v, calls %v", changed.Error, f.calls())
	}
}

// TestErrorLines reports the script's own line numbers.
func TestErrorLines(t *testing.T) {
	t.Parallel()
	for src, line := range map[string]int{
		"const a = 1;\nconst = 2;":                       2,
		"await wix.site('a').get('/x');\n\nnull.x":       3,
		"const f = () => { throw new Error('x') };\nf()": 1,
		"\n\nawait wix.site('a').get('/fail/1')":         3,
	} {
		rep, _ := runFake(t, src, Limits{})
		if rep.Error == nil || rep.Error.Line != line {
			t.Errorf("%q: error %+v, want line %d", src, rep.Error, line)
		}
	}
}
