package httpserve

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestResolveToken(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, env, file string
		wantValue       string
		wantFile        string
		wantWarning     string
		wantErr         string
	}{
		{name: "env wins over a file", env: "  env-token-0123456789 ", file: write("a", "file-token-0123456789", 0o600), wantValue: "env-token-0123456789"},
		{name: "short env token", env: "short", wantErr: "shorter than 16"},
		{name: "file", file: write("b", "file-token-0123456789\n", 0o600), wantValue: "file-token-0123456789", wantFile: filepath.Join(dir, "b")},
		{name: "file readable by others", file: write("c", "file-token-0123456789", 0o644), wantValue: "file-token-0123456789", wantFile: filepath.Join(dir, "c"), wantWarning: "chmod 600"},
		{name: "short file token", file: write("d", "abc", 0o600), wantErr: "fewer than 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := ResolveToken(tt.env, tt.file)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "abc") {
					t.Errorf("the error shows the token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tok.Value != tt.wantValue || tok.File != tt.wantFile || tok.Generated {
				t.Errorf("got %+v", tok)
			}
			if (tok.Warning == "") != (tt.wantWarning == "") || !strings.Contains(tok.Warning, tt.wantWarning) {
				t.Errorf("warning %q, want %q", tok.Warning, tt.wantWarning)
			}
		})
	}
}

func TestResolveTokenGenerates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "wix-mcp", "http-token")
	tok, err := ResolveToken("", path)
	if err != nil {
		t.Fatal(err)
	}
	if !tok.Generated || tok.File != path || len(tok.Value) < 40 {
		t.Fatalf("got generated=%v file=%q len=%d", tok.Generated, tok.File, len(tok.Value))
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %04o, want 0600", info.Mode().Perm())
	}
	dirInfo, _ := os.Stat(filepath.Dir(path))
	if dirInfo.Mode().Perm() != 0o700 {
		t.Errorf("token directory mode %04o, want 0700", dirInfo.Mode().Perm())
	}
	again, err := ResolveToken("", path)
	if err != nil || again.Value != tok.Value || again.Generated {
		t.Errorf("a second start must reuse the token: %+v %v", again.Generated, err)
	}
	other, _ := ResolveToken("", filepath.Join(t.TempDir(), "http-token"))
	if other.Value == tok.Value {
		t.Error("two generated tokens are equal")
	}
}

func TestDefaultTokenFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	got, err := DefaultTokenFile()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, home) || !strings.HasSuffix(got, filepath.Join("wix-mcp", "http-token")) {
		t.Errorf("DefaultTokenFile() = %q", got)
	}
}

// TestGeneratedTokenRace starts several "servers" at once on one token
// file: all must agree on one complete token.
func TestGeneratedTokenRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wix-mcp", "http-token")
	const n = 8
	tokens := make([]Token, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); tokens[i], errs[i] = generateTokenFile(path) }()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("server %d: %v", i, errs[i])
		}
		if tokens[i].Value == "" || tokens[i].Value != tokens[0].Value {
			t.Fatalf("servers disagree on the token: %q vs %q", tokens[i].Value, tokens[0].Value)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
