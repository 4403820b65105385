package clientsetup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// ErrServerExists is returned by Merge when the file already has a server
// of that name and replacing it was not asked for.
var ErrServerExists = errors.New("a server of that name is already configured")

// Places locates a client's configuration files.
type Places struct {
	// Home is the user's home folder.
	Home string
	// Dir is the folder of the project (Claude Code's .mcp.json, VS Code's
	// .vscode/mcp.json).
	Dir string
	// OS is runtime.GOOS.
	OS string
	// AppData is %APPDATA% on Windows.
	AppData string
}

// ConfigFile is the file `setup --write` merges into for client c: the
// one each client documents.
func ConfigFile(c Client, p Places) (string, error) {
	switch c {
	case ClaudeDesktop:
		// https://modelcontextprotocol.io/quickstart/user (claude_desktop_config.json)
		switch p.OS {
		case "darwin":
			return filepath.Join(p.Home, "Library", "Application Support", "Claude", "claude_desktop_config.json"), nil
		case "windows":
			if p.AppData == "" {
				return "", errors.New("APPDATA is not set; pass --file with the path of claude_desktop_config.json")
			}
			return filepath.Join(p.AppData, "Claude", "claude_desktop_config.json"), nil
		}
		return filepath.Join(p.Home, ".config", "Claude", "claude_desktop_config.json"), nil
	case ClaudeCode:
		// Project scope: https://docs.anthropic.com/en/docs/claude-code/mcp
		return filepath.Join(p.Dir, ".mcp.json"), nil
	case VSCode:
		return filepath.Join(p.Dir, ".vscode", "mcp.json"), nil
	case Cursor:
		// Global: https://docs.cursor.com/context/model-context-protocol
		return filepath.Join(p.Home, ".cursor", "mcp.json"), nil
	}
	return "", fmt.Errorf("unknown client %q; use one of: %s", string(c), clientList())
}

// Merge adds the snippet's server to a client's configuration (existing,
// nil when the file does not exist) and returns the new content. Every
// other key and server is kept. A server of the same name is replaced
// only with force.
func Merge(existing []byte, cc ClientConfig, force bool) ([]byte, error) {
	doc := map[string]any{}
	if len(bytes.TrimSpace(existing)) > 0 {
		if err := json.Unmarshal(existing, &doc); err != nil {
			return nil, fmt.Errorf("the file is not plain JSON (%v); comments and trailing commas are not supported: merge the snippet by hand", err)
		}
	}
	servers := map[string]any{}
	if v, ok := doc[cc.ServersKey]; ok && v != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q in the file is not an object; fix it or merge the snippet by hand", cc.ServersKey)
		}
		servers = m
	}
	if _, ok := servers[cc.Name]; ok && !force {
		return nil, fmt.Errorf("%w: %q under %q; pass --force to replace it, or --name to add another", ErrServerExists, cc.Name, cc.ServersKey)
	}
	servers[cc.Name] = cc.Entry
	doc[cc.ServersKey] = servers
	if len(cc.Inputs) > 0 {
		var inputs []any
		if v, ok := doc["inputs"].([]any); ok {
			for _, in := range v {
				if m, ok := in.(map[string]any); ok && hasInput(cc.Inputs, m["id"]) {
					continue // replaced below
				}
				inputs = append(inputs, in)
			}
		}
		for _, in := range cc.Inputs {
			inputs = append(inputs, in)
		}
		doc["inputs"] = inputs
	}
	out, err := marshal(doc)
	return []byte(out), err
}

func hasInput(inputs []Input, id any) bool {
	for _, in := range inputs {
		if in.ID == id {
			return true
		}
	}
	return false
}

// WriteResult says what Write did.
type WriteResult struct {
	// Path is the file written.
	Path string
	// Backup is the copy of the file as it was; empty when it was new.
	Backup string
}

// Write merges the server into the file at path: it keeps a copy of the
// old file beside it (path.bak, or path.bak.2 and so on, never
// overwriting an earlier backup), then replaces the file atomically with
// the same permissions (0600 for a new one).
func Write(path string, cc ClientConfig, force bool) (WriteResult, error) {
	res := WriteResult{Path: path}
	old, err := os.ReadFile(path) //nolint:gosec // G304: the client's config file, named by the person or by the client's documented location
	mode := fs.FileMode(0o600)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		old = nil
	case err != nil:
		return res, fmt.Errorf("cannot read %s: %w", path, err)
	default:
		if info, err := os.Stat(path); err == nil {
			mode = info.Mode().Perm()
		}
	}
	merged, err := Merge(old, cc, force)
	if err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return res, fmt.Errorf("cannot create the folder of %s: %w", path, err)
	}
	if old != nil {
		backup, err := writeBackup(path, old, mode)
		if err != nil {
			return res, err
		}
		res.Backup = backup
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return res, fmt.Errorf("cannot write beside %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename; removes it on failure
	if _, err := tmp.Write(merged); err != nil {
		tmp.Close()
		return res, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return res, fmt.Errorf("cannot set the mode of %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return res, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return res, fmt.Errorf("cannot replace %s: %w", path, err)
	}
	return res, nil
}

func writeBackup(path string, old []byte, mode fs.FileMode) (string, error) {
	for i := 1; i < 1000; i++ {
		backup := path + ".bak"
		if i > 1 {
			backup += "." + strconv.Itoa(i)
		}
		f, err := os.OpenFile(backup, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode) //nolint:gosec // G304: beside the client's config file
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("cannot back up %s: %w", path, err)
		}
		if _, err := f.Write(old); err != nil {
			f.Close()
			return "", fmt.Errorf("cannot back up %s: %w", path, err)
		}
		return backup, f.Close()
	}
	return "", fmt.Errorf("cannot back up %s: %s.bak through .bak.999 exist; remove old backups", path, path)
}
