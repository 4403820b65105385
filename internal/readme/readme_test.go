package readme

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/tools"
)

const readmePath = "../../README.md"

// TestREADMEUpToDate fails when a generated section of README.md differs
// from what the code generates. UPDATE_README=true rewrites it.
func TestREADMEUpToDate(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Update(string(raw), Generators())
	if err != nil {
		t.Fatal(err)
	}
	if got == string(raw) {
		return
	}
	if os.Getenv("UPDATE_README") == "true" {
		if err := os.WriteFile(readmePath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("README.md updated")
		return
	}
	t.Errorf("README.md is out of date with the code; run UPDATE_README=true go test ./internal/readme and commit it.\nfirst difference:\n%s", firstDifference(string(raw), got))
}

// firstDifference shows the first line that differs, for the failure
// message.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + "\n--- README.md\n" + x + "\n--- generated\n" + y
		}
	}
	return ""
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	gens := map[string]Generator{
		"a": func() (string, error) { return "new a\n", nil },
		"b": func() (string, error) { return "new b", nil },
	}
	doc := "intro\n<!-- BEGIN GENERATED: a -->\nold\n<!-- END GENERATED: a -->\nmiddle\n<!-- BEGIN GENERATED: b -->\n<!-- END GENERATED: b -->\nend\n"
	got, err := Update(doc, gens)
	want := "intro\n<!-- BEGIN GENERATED: a -->\nnew a\n<!-- END GENERATED: a -->\nmiddle\n<!-- BEGIN GENERATED: b -->\nnew b\n<!-- END GENERATED: b -->\nend\n"
	if err != nil || got != want {
		t.Fatalf("Update = %q, %v\nwant %q", got, err, want)
	}

	for _, tc := range []struct {
		name, doc, wantErr string
	}{
		{"section without generator", doc + "<!-- BEGIN GENERATED: c -->\n<!-- END GENERATED: c -->\n", `section "c" has no generator`},
		{"generator without section", "<!-- BEGIN GENERATED: a -->\n<!-- END GENERATED: a -->\n", `section "b" is missing`},
		{"mismatched markers", "<!-- BEGIN GENERATED: a -->\n<!-- END GENERATED: b -->\n<!-- BEGIN GENERATED: b -->\n<!-- END GENERATED: b -->\n", `ends with the END marker of "b"`},
		{"unclosed", doc + "<!-- BEGIN GENERATED: a -->\n", "3 BEGIN GENERATED markers but 2 END"},
		{"twice", doc + "<!-- BEGIN GENERATED: a -->\n<!-- END GENERATED: a -->\n", `section "a" appears twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Update(tc.doc, gens)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}

	failing := map[string]Generator{"a": func() (string, error) { return "", errors.New("boom") }}
	if _, err := Update("<!-- BEGIN GENERATED: a -->\n<!-- END GENERATED: a -->\n", failing); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("a failing generator must fail Update: %v", err)
	}
}

// The reference must cover every setting and every tool the sandbox
// serves, whatever the rendering.
func TestSectionsCoverEverything(t *testing.T) {
	t.Parallel()
	settings, _ := Settings()
	for _, s := range config.Settings() {
		if !strings.Contains(settings, "`"+s.Flag+"`") || !strings.Contains(settings, "`"+s.Env+"`") {
			t.Errorf("settings table lacks %s / %s", s.Flag, s.Env)
		}
	}
	ref, err := Tools()
	if err != nil {
		t.Fatal(err)
	}
	cfg := sandboxConfig()
	for _, want := range []string{
		"### `list_sites`", "### `call_site_api`", "### `call_account_api`", "### `search_wix_api`", "### `describe_wix_api`",
		"| `site_id` | string | yes |", "| `method` | string: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` | yes |",
		"| `body` | object or array |  |", "| `limit` | number, 1 to 1000 |", "Hints: read-only, idempotent, offline.",
		"| `account` | string: `" + cfg.Accounts[0].Name + "`, `" + cfg.Accounts[1].Name + "` | yes |",
	} {
		if !strings.Contains(ref, want) {
			t.Errorf("tools reference lacks %q", want)
		}
	}
	served := tools.All(tools.Deps{Directory: scopes.New(cfg, scopes.ClientOptions{BaseURL: cfg.BaseURL})})
	if n := strings.Count(ref, "\n### `"); n != len(served) {
		t.Errorf("the reference shows %d tools, the sandbox serves %d", n, len(served))
	}
	for _, st := range served {
		if !strings.Contains(ref, "### `"+st.Tool.Name+"`") {
			t.Errorf("tools reference lacks %s", st.Tool.Name)
		}
	}
	clients, err := Clients()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### Claude Desktop", "### Claude Code", "### VS Code", "### Cursor", `"password": true`, "docker run -i --rm", "${env:WIX_API_KEY}"} {
		if !strings.Contains(clients, want) {
			t.Errorf("client section lacks %q", want)
		}
	}
}
