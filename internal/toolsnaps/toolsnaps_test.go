package toolsnaps

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSnapshotLifecycle(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("CI", "")
	t.Setenv("UPDATE_TOOLSNAPS", "")
	tool := map[string]any{"name": "x", "b": 1, "a": 2}
	if err := Test("x", tool); err != nil {
		t.Fatalf("first run should write the snapshot: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(Dir, "x.snap"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Index(string(data), `"a"`) > strings.Index(string(data), `"b"`) {
		t.Errorf("keys not sorted:\n%s", data)
	}
	if err := Test("x", tool); err != nil {
		t.Fatalf("same tool should match: %v", err)
	}
	tool["b"] = 3
	if err := Test("x", tool); err == nil || !strings.Contains(err.Error(), "UPDATE_TOOLSNAPS=true") {
		t.Fatalf("changed tool should fail with instructions, got %v", err)
	}
	t.Setenv("UPDATE_TOOLSNAPS", "true")
	if err := Test("x", tool); err != nil {
		t.Fatal(err)
	}
	t.Setenv("UPDATE_TOOLSNAPS", "")
	if err := Test("x", tool); err != nil {
		t.Fatalf("updated snapshot should match: %v", err)
	}
}

func TestMissingSnapshotFailsInCI(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("CI", "true")
	t.Setenv("UPDATE_TOOLSNAPS", "")
	if err := Test("y", map[string]any{"name": "y"}); err == nil {
		t.Fatal("a missing snapshot must fail under CI")
	}
	if _, err := os.Stat(filepath.Join(Dir, "y.snap")); err == nil {
		t.Fatal("CI must not write snapshots")
	}
}
