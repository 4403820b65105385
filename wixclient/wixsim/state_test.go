package wixsim

import (
	"os"
	"path/filepath"
	"testing"
)

// TestStateFileTakesTurns plays two processes sharing a state file, as the
// MCP Inspector CLI does when it starts a server per call: what one writes
// the other reads, both ways, and a fresh process starts from the file.
func TestStateFileTakesTurns(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	a := New(WithStateFile(path))
	r := site(t, a, SiteBakery, "POST", "/contacts/v4/contacts", map[string]any{
		"info": map[string]any{"name": map[string]any{"first": "Turn", "last": "Taker"}}})
	if r.status != 200 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	id, _ := dig(r.json, "contact.id").(string)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no state file after a write: %v", err)
	}

	b := New(WithStateFile(path))
	r = site(t, b, SiteBakery, "PATCH", "/contacts/v4/contacts/"+id, map[string]any{
		"revision": 1, "info": map[string]any{"name": map[string]any{"first": "Second", "last": "Turn"}}})
	if r.status != 200 {
		t.Fatalf("update in the second process: %d %s", r.status, r.raw)
	}
	// Generic engine state travels too.
	r = site(t, b, SiteBakery, "POST", "/blog/v3/tags", map[string]any{"label": "from-b"})
	if r.status != 200 {
		t.Fatalf("create tag: %d %s", r.status, r.raw)
	}
	tagID, _ := dig(r.json, "tag.id").(string)

	r = site(t, a, SiteBakery, "GET", "/contacts/v4/contacts/"+id, nil)
	if got := dig(r.json, "contact.info.name.first"); got != "Second" {
		t.Errorf("first process reads first name %v, want the second's write", got)
	}
	c := New(WithStateFile(path))
	if r = site(t, c, SiteBakery, "GET", "/blog/v3/tags/"+tagID, nil); r.status != 200 {
		t.Errorf("fresh process: tag %s: %d %s", tagID, r.status, r.raw)
	}
	// IDs keep counting across processes instead of repeating.
	r = site(t, c, SiteBakery, "POST", "/blog/v3/tags", map[string]any{"label": "from-c"})
	if other, _ := dig(r.json, "tag.id").(string); other == tagID || other == "" {
		t.Errorf("second tag ID %q repeats or is empty", other)
	}
}

// TestStateFileCorrupt reports a broken file instead of starting empty.
func TestStateFileCorrupt(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(WithStateFile(path)); err == nil {
		t.Fatal("Open accepted a corrupt state file")
	}
}
