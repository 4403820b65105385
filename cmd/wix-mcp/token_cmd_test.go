package main

import (
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/access"
)

// TestTokenNew: stdout is the token alone (so it can be redirected into a
// file), stderr the config lines naming the user; two runs differ.
func TestTokenNew(t *testing.T) {
	t.Parallel()
	code, out, stderr := runCmd(t, nil, "token", "new", "alice")
	token := strings.TrimSpace(out)
	if code != exitOK || strings.Count(out, "\n") != 1 || len(token) < access.MinTokenLength || strings.ContainsAny(token, " :") {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(stderr, "- name: alice") || !strings.Contains(stderr, "token_file:") || strings.Contains(stderr, token) {
		t.Errorf("stderr must hold the config lines and not the token: %q", stderr)
	}
	if _, again, _ := runCmd(t, nil, "token", "new", "alice"); strings.TrimSpace(again) == token {
		t.Error("two tokens are the same")
	}
	for _, args := range [][]string{{"token"}, {"token", "new"}, {"token", "new", "bad name"}, {"token", "old", "x"}} {
		if code, out, _ := runCmd(t, nil, args...); code != exitConfig || out != "" {
			t.Errorf("%v: exit %d, stdout %q", args, code, out)
		}
	}
}
