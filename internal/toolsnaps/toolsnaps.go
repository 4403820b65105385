// Package toolsnaps keeps a JSON snapshot of every tool definition in the
// repository and compares the live definitions with it, so that a change
// to a tool's name, description, schema or annotations is always a
// reviewed change. UPDATE_TOOLSNAPS=true rewrites the snapshots; a missing
// snapshot is written locally but fails under CI=true.
package toolsnaps

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Dir is where snapshots live, relative to the test's package.
const Dir = "__toolsnaps__"

// Test compares tool (any JSON-marshallable definition) with the snapshot
// named name.
func Test(name string, tool any) error {
	got, err := canonical(tool)
	if err != nil {
		return fmt.Errorf("marshal %s: %w", name, err)
	}
	path := filepath.Join(Dir, name+".snap")
	want, err := os.ReadFile(path) //nolint:gosec // G304: a snapshot under Dir, named by the test
	update := os.Getenv("UPDATE_TOOLSNAPS") == "true"
	switch {
	case errors.Is(err, os.ErrNotExist) && os.Getenv("CI") == "true" && !update:
		return fmt.Errorf("snapshot %s is missing; run UPDATE_TOOLSNAPS=true go test ./... and commit it", path)
	case errors.Is(err, os.ErrNotExist) || update:
		// Snapshots are committed source files, readable like the rest.
		if err := os.MkdirAll(Dir, 0o755); err != nil { //nolint:gosec // G301: a source folder
			return err
		}
		return os.WriteFile(path, got, 0o644) //nolint:gosec // G306: a source file
	case err != nil:
		return err
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
		return fmt.Errorf("tool %s differs from %s; if the change is intended, run UPDATE_TOOLSNAPS=true go test ./... and commit the snapshot\n--- snapshot\n%s\n--- live\n%s", name, path, want, got)
	}
	return nil
}

// canonical renders v as indented JSON with sorted keys.
func canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		return nil, err
	}
	// encoding/json sorts map keys, so the round trip orders every object.
	out, err := json.MarshalIndent(generic, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// Orphans returns the snapshots in Dir that none of the names tested
// produced: a renamed or removed tool, or a configuration no longer
// snapshotted, whose file would otherwise linger unreviewed. With
// UPDATE_TOOLSNAPS=true they are deleted and none is returned.
func Orphans(tested []string) ([]string, error) {
	entries, err := os.ReadDir(Dir)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(tested))
	for _, n := range tested {
		seen[n+".snap"] = true
	}
	var orphans []string
	for _, e := range entries {
		if e.IsDir() || seen[e.Name()] || filepath.Ext(e.Name()) != ".snap" {
			continue
		}
		if os.Getenv("UPDATE_TOOLSNAPS") == "true" {
			if err := os.Remove(filepath.Join(Dir, e.Name())); err != nil {
				return nil, err
			}
			continue
		}
		orphans = append(orphans, filepath.Join(Dir, e.Name()))
	}
	return orphans, nil
}
