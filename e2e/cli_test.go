package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// runBinary runs the built wix-mcp with args and env (nothing inherited
// but PATH and HOME) and returns its exit code and output.
func runBinary(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	default:
		t.Fatalf("running wix-mcp %q: %v", args, err)
	}
	return code, out.String(), errOut.String()
}

// TestVersionMatchesServerInfo: the version a release injects with
// -ldflags is what --version prints and what MCP clients see.
func TestVersionMatchesServerInfo(t *testing.T) {
	t.Parallel()
	code, out, _ := runBinary(t, nil, "--version")
	if code != 0 || out != "wix-mcp "+testVersion+"\n" {
		t.Fatalf("--version: exit %d, %q", code, out)
	}
	printed := strings.TrimSpace(strings.TrimPrefix(out, "wix-mcp "))
	s := startStdio(t, nil, nil, "--sandbox")
	if got := s.InitializeResult().ServerInfo.Version; got != printed {
		t.Errorf("serverInfo.version = %q, --version says %q", got, printed)
	}
}

// TestDoctorCLI runs doctor as a person would, against a Wix emulator
// reached through WIX_API_BASE_URL, with one key that Wix refuses and one
// site the key cannot reach, then against --sandbox.
func TestDoctorCLI(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	configFile := filepath.Join(t.TempDir(), "wix-mcp.yaml")
	cfg := "accounts:\n" +
		"  - {name: agency, id: " + wixsim.AgencyAccountID + ", key_env: AGENCY_KEY}\n" +
		"  - {name: revoked, id: " + wixsim.OtherAccountID + ", key_env: REVOKED_KEY}\n" +
		"sites:\n" +
		"  - {alias: bakery, id: " + wixsim.SiteBakery + ", key_env: BAKERY_ONLY_KEY}\n" +
		"  - {alias: yoga, id: " + wixsim.SiteYoga + ", key_env: BAKERY_ONLY_KEY, read_only: true}\n"
	if err := os.WriteFile(configFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"WIX_API_BASE_URL=" + sim.URL, "AGENCY_KEY=" + wixsim.AgencyKey, "REVOKED_KEY=IST.revoked-e2e", "BAKERY_ONLY_KEY=" + wixsim.RestrictedKey}

	code, out, stderr := runBinary(t, env, "doctor", "--config", configFile)
	if code != 1 {
		t.Errorf("doctor: exit %d, want 1\n%s%s", code, out, stderr)
	}
	for _, want := range []string{
		"Wix API:       " + sim.URL,
		"FAILED 401 UNAUTHENTICATED",
		"hint: check the key is valid and not revoked",
		"FAILED 403 PERMISSION_DENIED",
		"2 of 4 checks failed.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runBinary(t, env, "doctor", "--json", "--config", configFile)
	var rep struct {
		OK     bool `json:"ok"`
		Checks []struct {
			Scope, Name, KeySource string
			OK                     bool
			ReadOnly               bool
			Error                  *struct {
				Status int
				Hint   string
			}
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || rep.OK || len(rep.Checks) != 4 {
		t.Fatalf("doctor --json: exit %d, %v, %s", code, err, out)
	}
	yoga := rep.Checks[3]
	if yoga.Name != "yoga" || yoga.OK || !yoga.ReadOnly || yoga.KeySource != "env BAKERY_ONLY_KEY" || yoga.Error == nil || yoga.Error.Status != 403 || yoga.Error.Hint == "" {
		t.Errorf("yoga check = %+v", yoga)
	}
	for _, key := range []string{wixsim.AgencyKey, wixsim.RestrictedKey, "IST.revoked-e2e"} {
		if strings.Contains(out, key) {
			t.Errorf("doctor --json printed a key")
		}
	}

	code, out, _ = runBinary(t, nil, "doctor", "--sandbox")
	if code != 0 || !strings.Contains(out, "All 2 checks passed.") {
		t.Errorf("doctor --sandbox: exit %d\n%s", code, out)
	}
	code, out, _ = runBinary(t, []string{"WIX_API_KEY=IST.x"}, "doctor")
	if code != 2 || !strings.Contains(out, "WIX_ACCOUNT_ID is not set") {
		t.Errorf("doctor with an invalid configuration: exit %d\n%s", code, out)
	}
}

// TestSetupCLI: stdout carries only the snippet, pointing at this binary.
func TestSetupCLI(t *testing.T) {
	t.Parallel()
	code, out, stderr := runBinary(t, nil, "setup", "vscode", "--read-only")
	var cfg struct {
		Servers map[string]struct {
			Command string            `json:"command"`
			Args    []string          `json:"args"`
			Env     map[string]string `json:"env"`
		} `json:"servers"`
	}
	if err := json.Unmarshal([]byte(out), &cfg); err != nil || code != 0 {
		t.Fatalf("setup vscode: exit %d, %v\nstdout %s\nstderr %s", code, err, out, stderr)
	}
	want, err := filepath.EvalSymlinks(binary)
	if err != nil {
		t.Fatal(err)
	}
	srv := cfg.Servers["wix"]
	if srv.Command != want || len(srv.Args) != 1 || srv.Args[0] != "--read-only" || srv.Env["WIX_API_KEY"] != "${input:wix-api-key}" {
		t.Errorf("server entry = %+v, want command %s", srv, want)
	}
	if !strings.Contains(stderr, ".vscode/mcp.json") {
		t.Errorf("stderr lacks the guidance: %s", stderr)
	}
}

func TestCatalogCLI(t *testing.T) {
	t.Parallel()
	code, out, _ := runBinary(t, nil, "catalog", "--search", "query contacts", "--limit", "5")
	if code != 0 || !strings.Contains(out, "POST /contacts/v4/contacts/query Query Contacts\n") {
		t.Errorf("catalog --search: exit %d\n%s", code, out)
	}
	code, out, _ = runBinary(t, nil, "catalog")
	if code != 0 || strings.Count(out, "\n") < 1000 {
		t.Errorf("catalog: exit %d, %d lines", code, strings.Count(out, "\n"))
	}
}
