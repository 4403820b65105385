package clientsetup

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteMerges: --write keeps every other key and server of the
// client's file, backs the old file up, and refuses to replace a server of
// the same name unless forced.
func TestWriteMerges(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "claude_desktop_config.json")
	original := `{"globalShortcut":"Ctrl+Space","mcpServers":{"other":{"command":"/bin/other","args":[]}}}`
	if err := os.WriteFile(path, []byte(original), 0o640); err != nil {
		t.Fatal(err)
	}
	s, err := Generate(ClaudeDesktop, Options{Command: "/opt/wix-mcp", ConfigPath: "/home/me/wix-mcp.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Write(path, s.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Backup != path+".bak" {
		t.Errorf("backup = %q", res.Backup)
	}
	if b, _ := os.ReadFile(res.Backup); string(b) != original {
		t.Errorf("backup holds %q", b)
	}
	var doc struct {
		GlobalShortcut string                    `json:"globalShortcut"`
		MCPServers     map[string]map[string]any `json:"mcpServers"`
	}
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("written file: %v\n%s", err, b)
	}
	if doc.GlobalShortcut != "Ctrl+Space" || doc.MCPServers["other"]["command"] != "/bin/other" {
		t.Errorf("other settings lost:\n%s", b)
	}
	if doc.MCPServers["wix"]["command"] != "/opt/wix-mcp" {
		t.Errorf("wix not added:\n%s", b)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
		t.Errorf("mode changed to %v", info.Mode().Perm())
	}

	// Again: refused, the file untouched, no second backup.
	_, err = Write(path, s.Config, false)
	if !errors.Is(err, ErrServerExists) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("want ErrServerExists naming --force, got %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(b) {
		t.Error("a refused write changed the file")
	}
	if _, err := os.Stat(path + ".bak.2"); err == nil {
		t.Error("a refused write made a backup")
	}

	// Forced: replaced, the first backup kept and a second one made.
	s2, _ := Generate(ClaudeDesktop, Options{Command: "/usr/bin/wix-mcp", Sandbox: true, Name: "wix"})
	res, err = Write(path, s2.Config, true)
	if err != nil || res.Backup != path+".bak.2" {
		t.Fatalf("forced write: %+v %v", res, err)
	}
	if b, _ := os.ReadFile(path + ".bak"); string(b) != original {
		t.Error("the first backup was overwritten")
	}
	b, _ = os.ReadFile(path)
	if !strings.Contains(string(b), `"/usr/bin/wix-mcp"`) || !strings.Contains(string(b), `"--sandbox"`) {
		t.Errorf("not replaced:\n%s", b)
	}
}

// TestWriteNewFile: a missing file (and folder) is created 0600, with no
// backup; a file that is not JSON is refused untouched.
func TestWriteNewFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, ".vscode", "mcp.json")
	s, err := Generate(VSCode, Options{Command: "/opt/wix-mcp"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Write(path, s.Config, false)
	if err != nil || res.Backup != "" {
		t.Fatalf("%+v %v", res, err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("new file mode %v", info.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if string(b) != s.Text {
		t.Errorf("a new file should be the snippet itself:\n%s\n---\n%s", b, s.Text)
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{ // comment\n}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(bad, s.Config, false); err == nil || !strings.Contains(err.Error(), "not plain JSON") {
		t.Errorf("JSONC must be refused: %v", err)
	}
	if b, _ := os.ReadFile(bad); string(b) != "{ // comment\n}" {
		t.Error("refused file changed")
	}
}

// TestMergeVSCodeInputs: inputs are merged by id, others kept.
func TestMergeVSCodeInputs(t *testing.T) {
	t.Parallel()
	s, _ := Generate(VSCode, Options{Transport: TransportHTTP})
	existing := `{"inputs":[{"type":"promptString","id":"other","description":"x"},{"type":"promptString","id":"wix-mcp-http-token","description":"old"}],"servers":{}}`
	out, err := Merge([]byte(existing), s.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Inputs []Input `json:"inputs"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Inputs) != 2 || doc.Inputs[0].ID != "other" || doc.Inputs[1].Description == "old" || !doc.Inputs[1].Password {
		t.Errorf("inputs = %+v", doc.Inputs)
	}
}

func TestConfigFile(t *testing.T) {
	t.Parallel()
	p := Places{Home: "/home/me", Dir: "/work/proj", OS: "linux"}
	for c, want := range map[Client]string{
		ClaudeDesktop: "/home/me/.config/Claude/claude_desktop_config.json",
		ClaudeCode:    "/work/proj/.mcp.json",
		VSCode:        "/work/proj/.vscode/mcp.json",
		Cursor:        "/home/me/.cursor/mcp.json",
	} {
		if got, err := ConfigFile(c, p); err != nil || got != want {
			t.Errorf("%s: %q %v, want %q", c, got, err, want)
		}
	}
	p.OS = "darwin"
	if got, _ := ConfigFile(ClaudeDesktop, p); got != "/home/me/Library/Application Support/Claude/claude_desktop_config.json" {
		t.Errorf("macOS: %q", got)
	}
}

// TestHTTPSnippets: the URL and a Bearer header that references the token
// (environment variable or VS Code password input), never a token value.
func TestHTTPSnippets(t *testing.T) {
	t.Parallel()
	for c, wantHeader := range map[Client]string{
		ClaudeCode: "Bearer ${WIX_MCP_HTTP_TOKEN}",
		VSCode:     "Bearer ${input:wix-mcp-http-token}",
		Cursor:     "Bearer ${env:WIX_MCP_HTTP_TOKEN}",
	} {
		s, err := Generate(c, Options{Transport: TransportHTTP, URL: "http://127.0.0.1:9000/mcp", TokenFile: "/home/me/.wix-token"})
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		e, ok := s.Config.Entry.(httpEntry)
		if !ok || e.URL != "http://127.0.0.1:9000/mcp" || e.Headers["Authorization"] != wantHeader {
			t.Errorf("%s: entry %+v", c, s.Config.Entry)
		}
		if !strings.Contains(s.Text, wantHeader) || !strings.Contains(s.Text, "http://127.0.0.1:9000/mcp") {
			t.Errorf("%s: snippet lacks the URL or header:\n%s", c, s.Text)
		}
		notes := strings.Join(s.Notes, "\n")
		if !strings.Contains(notes, "--transport http --http-token-file /home/me/.wix-token") || !strings.Contains(notes, "/home/me/.wix-token") {
			t.Errorf("%s: notes do not say how to start the server and where the token is:\n%s", c, notes)
		}
		if c != VSCode && !json.Valid([]byte(s.Text)) && c != ClaudeCode {
			t.Errorf("%s: not JSON", c)
		}
	}
	s, _ := Generate(ClaudeCode, Options{Transport: TransportHTTP})
	if s.Text != "claude mcp add --transport http wix http://127.0.0.1:8080/mcp --scope project --header 'Authorization: Bearer ${WIX_MCP_HTTP_TOKEN}'\n" {
		t.Errorf("claude code: %q", s.Text)
	}
	if _, err := Generate(ClaudeDesktop, Options{Transport: TransportHTTP}); err == nil || !strings.Contains(err.Error(), "stdio") {
		t.Errorf("claude desktop over http must be refused with the reason: %v", err)
	}
}
