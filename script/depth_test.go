package script

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestJSONDepth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want int
	}{
		{`1`, 0},
		{`[]`, 1},
		{`{"a":[{"b":[]}]}`, 4},
		{`[[],[[]]]`, 3},
		{`"[[[["`, 0},
		{`{"a\"[[":"\\"}`, 1},
		{`["\\\"[", [1]]`, 2},
		{strings.Repeat("[", 5000), maxJSONDepth + 1}, // stops counting past most
	}
	for _, tt := range tests {
		if got := jsonDepth(tt.text, maxJSONDepth); got != tt.want {
			t.Errorf("jsonDepth(%.40q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

// deep builds a script expression for an object nested n levels deep.
func deep(n int) string {
	return `(() => { let o = {}, c = o; for (let i = 1; i < ` + strconv.Itoa(n) + `; i++) { c.a = {}; c = c.a; } return o; })()`
}

// depthScripts are the JSON and regexp guards: what must be refused, with
// what error, and what must go on working exactly as before.
var depthScripts = []hostileScript{
	{name: "JSON.parse of 4.1 million levels", src: `const n = 4100000; return typeof JSON.parse("[".repeat(n) + "]".repeat(n))`, limits: Limits{WallTime: 20 * time.Second}, wantName: "RangeError", wantMsg: "JSON.parse: the text nests deeper than 1000 levels"},
	{name: "JSON.parse of 1001 levels", src: `return JSON.parse("[".repeat(1001) + "]".repeat(1001))`, wantName: "RangeError", wantMsg: "deeper than 1000"},
	{name: "JSON.parse of 1000 levels", src: `let v = JSON.parse("[".repeat(1000) + "]".repeat(1000)), d = 0; while (Array.isArray(v)) { d++; v = v[0]; } return d`, want: `1000`},
	{name: "JSON.parse brackets in strings", src: `return JSON.parse(JSON.stringify({ s: "[".repeat(5000) })).s.length`, want: `5000`},
	{name: "JSON.parse with a reviver", src: `return JSON.parse('{"a":1,"b":[2]}', (k, v) => typeof v === "number" ? v * 10 : v)`, want: `{"a":10,"b":[20]}`},
	{name: "JSON.parse cannot be swapped back", src: `const p = JSON.parse; delete JSON.parse; JSON.parse = null; return [JSON.parse === p, Object.getOwnPropertyDescriptor(JSON, "parse").writable]`, want: `[true,false]`},
	{name: "JSON.stringify of 80,000 levels", src: `return JSON.stringify(` + deep(80000) + `).length`, limits: Limits{WallTime: time.Second}, wantName: "RangeError", wantMsg: "JSON.stringify: the value nests deeper than 1000 levels"},
	{name: "deep return value", src: `return ` + deep(5000), wantName: "RangeError", wantMsg: "nests deeper than 1000"},
	{name: "deep call body is not sent", src: `await wix.site("a").post("/p", ` + deep(5000) + `)`, wantName: "TypeError", wantMsg: "nests deeper than 1000", wantSent: 0},
	{name: "deep array through toJSON", src: `return { toJSON() { let a = []; for (let i = 0; i < 3000; i++) a = [a]; return a; } }`, wantName: "RangeError", wantMsg: "nests deeper than 1000"},
	{name: "deep array through a replacer", src: `return JSON.stringify({ x: 1 }, (k, v) => { if (k !== "x") return v; let a = []; for (let i = 0; i < 3000; i++) a = [a]; return a; })`, wantName: "RangeError", wantMsg: "nests deeper than 1000"},
	{name: "JSON.stringify of 1000 levels", src: `return JSON.stringify(` + deep(1000) + `).length`, want: `5996`},
	{name: "JSON.stringify of 1001 levels", src: `return JSON.stringify(` + deep(1001) + `).length`, wantName: "RangeError", wantMsg: "deeper than 1000"},
	{name: "JSON.stringify with a function replacer and space", src: `return JSON.stringify({ a: 1, b: [1, 2], c: "x" }, (k, v) => typeof v === "number" ? v + 1 : v, 1)`, want: `"{\n \"a\": 2,\n \"b\": [\n  2,\n  3\n ],\n \"c\": \"x\"\n}"`},
	{name: "JSON.stringify with a property list", src: `return JSON.stringify({ b: 1, a: { b: 2, c: 3 }, c: 4, d: [{ a: 9, z: 0 }] }, ["c", "a", "b", "d", "a", 7])`, want: `"{\"c\":4,\"a\":{\"c\":3,\"b\":2},\"b\":1,\"d\":[{\"a\":9}]}"`},
	{name: "JSON.stringify of boxed values with a property list", src: `return JSON.stringify([new Number(3), new String("s"), new Boolean(false)], ["x"])`, want: `"[3,\"s\",false]"`},
	{name: "JSON.stringify keeps toJSON, undefined and cycles", src: `const a = { d: new Date(0), u: undefined, f() {} }; let cyc = ""; const c = {}; c.c = c; try { JSON.stringify(c) } catch (e) { cyc = e.name } return [JSON.stringify(a), JSON.stringify(undefined) === undefined, cyc]`, want: `["{\"d\":\"1970-01-01T00:00:00.000Z\"}",true,"TypeError"]`},
	{name: "JSON.stringify guard survives a replaced Map", src: `Map.prototype.get = () => 0; Map.prototype.set = () => 0; globalThis.Map = function () {}; return JSON.stringify(` + deep(2000) + `)`, wantName: "RangeError", wantMsg: "nests deeper than 1000"},
	{name: "catastrophic regexp", src: `return /^(a+)+\1b$/.test("a".repeat(40) + "!")`, limits: Limits{WallTime: 30 * time.Second}, wantName: "RangeError", wantMsg: "regular expression ran longer than 1000 ms"},
	{name: "catastrophic regexp through String.replace", src: `return ("a".repeat(40) + "!").replace(/^(a+)+\1b$/, "x")`, limits: Limits{WallTime: 30 * time.Second}, wantName: "RangeError", wantMsg: "regular expression ran longer"},
	{name: "catastrophic regexp past the wall time", src: `return /^(a+)+\1b$/.test("a".repeat(40) + "!")`, limits: Limits{WallTime: 300 * time.Millisecond}, wantName: "LimitError", wantMsg: "wall-time", wantLimit: true},
	{name: "back-references still match", src: `return [/^(a+)\1b$/.test("aaaab"), "x1y22z".replace(/(\d)\1/g, "<$1>"), "a-b-c".split(/-/), [..."ab".matchAll(/(?<=a)b/g)].length]`, want: `[true,"x1y<2>z",["a","b","c"],1]`},
}

func TestJSONAndRegexpGuards(t *testing.T) {
	t.Parallel()
	testHostile(t, true, depthScripts)
}

// deepWix answers every call with JSON nested depth levels.
type deepWix struct {
	fakeWix
	depth int
}

func (d *deepWix) Send(ctx context.Context, c *Call) (*Outcome, error) {
	_, _ = d.fakeWix.Send(ctx, c)
	body := `{"a":` + strings.Repeat("[", d.depth) + strings.Repeat("]", d.depth) + `}`
	return &Outcome{Class: "read", Sent: true, Status: 200, Body: []byte(body)}, nil
}

// TestDeepWixAnswerIsRefused: an answer nested deeper than the limit
// rejects the call's promise with a clear error the script can catch; it
// does not reach JSON.parse (which would overflow the Go stack).
func TestDeepWixAnswerIsRefused(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		depth int
		want  string
	}{
		{4_100_000, `"Error: the answer from Wix nests deeper than 1000 levels, the most run_wix_script parses; nothing of it was given to the script"`},
		{999, `"ok"`},
	} {
		d := &deepWix{depth: tt.depth}
		rep := Run(context.Background(), Options{Script: `try { await wix.site("a").get("/x"); return "ok" } catch (e) { return e.name + ": " + e.message }`, Limits: Limits{WallTime: 20 * time.Second}}, d, d)
		if rep.Error != nil || string(rep.Result) != tt.want {
			t.Errorf("depth %d: result %s, error %+v; want %s", tt.depth, rep.Result, rep.Error, tt.want)
		}
		if len(d.calls()) != 1 {
			t.Errorf("depth %d: %d calls sent, want 1", tt.depth, len(d.calls()))
		}
	}
}
