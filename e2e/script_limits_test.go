package e2e

// Hostile run_wix_script inputs that once crashed or pinned the whole
// server (found by a security review): JSON nested millions of levels deep,
// from the script or from Wix, and a catastrophically backtracking regular
// expression. Each must end as the run's own error while the server goes on.

import (
	"context"
	"strings"
	"testing"
	"time"

	gomcp "github.com/modelcontextprotocol/go-sdk/mcp"
)

// callBounded calls a tool with a deadline; a transport error (the server
// died, or did not answer in time) is returned, not fatal.
func (s *session) callBounded(d time.Duration, name string, args map[string]any) (*gomcp.CallToolResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return s.CallTool(ctx, &gomcp.CallToolParams{Name: name, Arguments: args})
}

// runtimeFatal picks the Go runtime's fatal-error lines out of stderr.
func runtimeFatal(stderr string) string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "fatal error") || strings.HasPrefix(l, "runtime: goroutine stack exceeds") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "; ")
}

// wantScriptError runs script and checks the model is told the run failed
// with want, and that the server still runs scripts afterwards.
func wantScriptError(t *testing.T, s *session, script, want string) {
	t.Helper()
	res, err := s.callBounded(60*time.Second, "run_wix_script", map[string]any{"script": script})
	if err != nil {
		t.Fatalf("the server did not answer (it crashed or hung): %v\nstderr: %s", err, runtimeFatal(s.stderr.String()))
	}
	if out := text(res); !res.IsError || !strings.Contains(out, want) {
		t.Errorf("want an isError result saying %q, got isError=%v:\n%s", want, res.IsError, out)
	}
	after, err := s.callBounded(10*time.Second, "run_wix_script", map[string]any{"script": "return 1 + 1"})
	if err != nil || after.IsError || !strings.Contains(text(after), "2") {
		t.Errorf("the server must go on after the run: %v", err)
	}
}

// TestScriptDeepJSONIsRefused: goja's JSON.parse recurses in Go once per
// level, and 4.1 million levels exceed Go's stack limit (fatal for the
// whole process). The script's JSON.parse refuses the text instead.
func TestScriptDeepJSONIsRefused(t *testing.T) {
	t.Parallel()
	s := startStdio(t, nil, nil, "--sandbox", "--script-timeout", "10s")
	wantScriptError(t, s, `const n = 4100000; return typeof JSON.parse("[".repeat(n) + "]".repeat(n));`,
		"JSON.parse: the text nests deeper than 1000 levels")
}

// TestScriptDeepWixAnswerIsRefused: a Wix answer nested as deep, within
// the body limit, is refused before it is parsed; the call was sent.
func TestScriptDeepWixAnswerIsRefused(t *testing.T) {
	t.Parallel()
	const depth = 4_100_000
	f := newFakeWix(t, 200, `{"a":`+strings.Repeat("[", depth)+strings.Repeat("]", depth)+`}`)
	s := startStdio(t, siteOnlyEnv(f.URL), nil, "--script-timeout", "10s")
	wantScriptError(t, s, `await wix.site().get('/x/v1/things'); return 1;`,
		"the answer from Wix nests deeper than 1000 levels")
	f.mu.Lock()
	got := append([]string(nil), f.paths...)
	f.mu.Unlock()
	if len(got) != 1 || got[0] != "GET /x/v1/things" {
		t.Errorf("Wix got %v, want the one GET", got)
	}
}

// TestScriptCatastrophicRegexpIsStopped: a back-reference makes goja match
// with regexp2, one Go call that the wall-time interrupt cannot stop; the
// match's own timeout ends it and the run fails with a clear error instead
// of pinning a core past the 2 s limit.
func TestScriptCatastrophicRegexpIsStopped(t *testing.T) {
	t.Parallel()
	s := startStdio(t, nil, nil, "--sandbox", "--script-timeout", "2s")
	wantScriptError(t, s, `return /^(a+)+\1b$/.test("a".repeat(40) + "!");`,
		"a regular expression ran longer than 1000 ms")
}

// TestScriptDeepStringifyIsRefused: JSON.stringify is quadratic in the
// depth and is one Go call (100,000 levels took 28.8 s against a 3 s
// limit); it now stops with an error at the 1,001st level.
func TestScriptDeepStringifyIsRefused(t *testing.T) {
	t.Parallel()
	s := startStdio(t, nil, nil, "--sandbox", "--script-timeout", "1s")
	wantScriptError(t, s, `let o = {}, c = o; for (let i = 0; i < 80000; i++) { c.a = {}; c = c.a; } return JSON.stringify(o).length;`,
		"JSON.stringify: the value nests deeper than 1000 levels")
}
