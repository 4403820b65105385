package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// envMap is a fake environment for run.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// runCmd runs wix-mcp in process and returns its exit code and output.
func runCmd(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut, envMap(env))
	return code, out.String(), errOut.String()
}

// doctorConfig is a config file with an account whose key works, one with
// a revoked key, a site reached through its account, a site whose own key
// is not granted it, and a site no configured account owns.
const doctorConfig = `accounts:
  - name: agency
    id: ` + wixsim.AgencyAccountID + `
    key_env: AGENCY_KEY
  - name: revoked
    id: ` + wixsim.OtherAccountID + `
    key_env: REVOKED_KEY
    read_only: true
sites:
  - alias: bakery
    id: ` + wixsim.SiteBakery + `
    account: agency
    allow: ["/contacts/**"]
    deny: ["/contacts/v4/contacts/*/labels/**"]
  - alias: yoga
    id: ` + wixsim.SiteYoga + `
    key_env: BAKERY_ONLY_KEY
  - alias: stranger
    id: ` + wixsim.SiteOther + `
    account: agency
`

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wix-mcp.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// rowRE matches a table row by scope and name and captures the rest.
func row(t *testing.T, out, scope, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + scope + `\s+` + regexp.QuoteMeta(name) + `\s+(.*)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %s %s row in:\n%s", scope, name, out)
	}
	return strings.Join(strings.Fields(m[1]), " ")
}

func TestDoctorTable(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	env := map[string]string{
		"WIX_API_BASE_URL": sim.URL,
		"AGENCY_KEY":       wixsim.AgencyKey,
		"REVOKED_KEY":      "IST.revoked-key-0000",
		"BAKERY_ONLY_KEY":  wixsim.RestrictedKey,
	}
	code, out, _ := runCmd(t, env, "doctor", "--config", writeConfig(t, doctorConfig))
	if code != exitFailed {
		t.Errorf("exit code = %d, want %d (a check failed)\n%s", code, exitFailed, out)
	}
	for _, tc := range []struct{ scope, name, want string }{
		{"account", "agency", wixsim.AgencyAccountID + " env AGENCY_KEY ok 4 no -"},
		{"account", "revoked", wixsim.OtherAccountID + " env REVOKED_KEY FAILED 401 UNAUTHENTICATED - yes -"},
		{"site", "bakery", wixsim.SiteBakery + " account agency (env AGENCY_KEY) ok - no allow /contacts/**; deny /contacts/v4/contacts/*/labels/**"},
		{"site", "yoga", wixsim.SiteYoga + " env BAKERY_ONLY_KEY FAILED 403 PERMISSION_DENIED - no -"},
		{"site", "stranger", wixsim.SiteOther + " account agency (env AGENCY_KEY) FAILED 403 PERMISSION_DENIED - no -"},
	} {
		if got := row(t, out, tc.scope, tc.name); got != tc.want {
			t.Errorf("%s %s row:\n got %s\nwant %s", tc.scope, tc.name, got, tc.want)
		}
	}
	for _, want := range []string{
		"configuration: file ",
		"Wix API:       " + sim.URL,
		"account revoked: wix: POST /site-list/v2/sites/query: 401 UNAUTHENTICATED",
		"hint: check the key is valid and not revoked",
		"site yoga: wix: GET /site-properties/v4/properties: 403 PERMISSION_DENIED",
		"hint: the key lacks a permission for this API, the site is not granted to the key",
		"site stranger: Query Sites of account agency does not list this site",
		"3 of 5 checks failed.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, key := range []string{wixsim.AgencyKey, wixsim.RestrictedKey, "IST.revoked-key-0000"} {
		if strings.Contains(out, key) {
			t.Errorf("output shows a key:\n%s", out)
		}
	}
}

func TestDoctorJSON(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	env := map[string]string{"WIX_API_BASE_URL": sim.URL, "AGENCY_KEY": wixsim.AgencyKey, "REVOKED_KEY": "IST.revoked-key-0000", "BAKERY_ONLY_KEY": wixsim.RestrictedKey}
	code, out, _ := runCmd(t, env, "doctor", "--json", "--config", writeConfig(t, doctorConfig), "--read-only")
	if code != exitFailed {
		t.Errorf("exit code = %d, want %d", code, exitFailed)
	}
	var rep doctorReport
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("--json output does not decode: %v\n%s", err, out)
	}
	if rep.OK || !rep.ReadOnly || rep.BaseURL != sim.URL || len(rep.Checks) != 5 {
		t.Fatalf("report = ok %v readOnly %v baseUrl %q checks %d", rep.OK, rep.ReadOnly, rep.BaseURL, len(rep.Checks))
	}
	agency, revoked, bakery, yoga := rep.Checks[0], rep.Checks[1], rep.Checks[2], rep.Checks[3]
	if !agency.OK || agency.Sites == nil || *agency.Sites != 4 || agency.Call != "POST /site-list/v2/sites/query" {
		t.Errorf("agency = %+v", agency)
	}
	if revoked.OK || revoked.Error == nil || revoked.Error.Status != 401 || revoked.Error.Hint == "" || revoked.Error.RequestID == "" {
		t.Errorf("revoked = %+v (error %+v)", revoked, revoked.Error)
	}
	// --read-only holds everywhere, and the site's rules show as merged.
	if !bakery.OK || bakery.SiteName != "Sandbox Bakery" || !bakery.ReadOnly || len(bakery.Allow) != 1 || len(bakery.Deny) != 1 || !bakery.ConfirmDestructive {
		t.Errorf("bakery = %+v", bakery)
	}
	if yoga.OK || yoga.Error == nil || yoga.Error.Status != 403 || yoga.Error.Code != "PERMISSION_DENIED" {
		t.Errorf("yoga = %+v (error %+v)", yoga, yoga.Error)
	}
	if strings.Contains(out, wixsim.AgencyKey) || strings.Contains(out, wixsim.RestrictedKey) || strings.Contains(out, "IST.revoked-key-0000") {
		t.Error("--json output shows a key")
	}
}

func TestDoctorOutcomes(t *testing.T) {
	t.Parallel()
	sim := wixsim.NewServer()
	defer sim.Close()
	// A port that was just closed: nothing answers there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := "http://" + l.Addr().String()
	l.Close()

	for _, tc := range []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		want     []string
	}{
		{
			name:     "environment quick setup",
			args:     []string{"doctor"},
			env:      map[string]string{"WIX_API_BASE_URL": sim.URL, "WIX_API_KEY": wixsim.AgencyKey, "WIX_ACCOUNT_ID": wixsim.AgencyAccountID, "WIX_SITE_ID": wixsim.SiteYoga},
			wantCode: exitOK,
			want:     []string{"configuration: environment", "account  default", "site     site", "All 2 checks passed."},
		},
		{
			name:     "sandbox",
			args:     []string{"doctor", "--sandbox"},
			wantCode: exitOK,
			want:     []string{"configuration: sandbox", "account  agency", "account  other-account", "All 2 checks passed."},
		},
		{
			name:     "sandbox from the environment, read-only",
			args:     []string{"doctor", "--read-only"},
			env:      map[string]string{"WIX_MCP_SANDBOX": "true"},
			wantCode: exitOK,
			want:     []string{"read-only yes", "All 2 checks passed."},
		},
		{
			name:     "nothing answers",
			args:     []string{"doctor", "--timeout", "2s"},
			env:      map[string]string{"WIX_API_BASE_URL": deadURL, "WIX_API_KEY": "IST.some-key", "WIX_ACCOUNT_ID": wixsim.AgencyAccountID},
			wantCode: exitFailed,
			want:     []string{"FAILED (no answer)", "hint: no answer from Wix: check --base-url (WIX_API_BASE_URL)", "1 of 1 checks failed."},
		},
		{
			name:     "invalid configuration",
			args:     []string{"doctor"},
			env:      map[string]string{"WIX_API_KEY": "IST.some-key"},
			wantCode: exitConfig,
			want:     []string{"invalid configuration", "WIX_ACCOUNT_ID is not set"},
		},
		{
			name:     "invalid flag",
			args:     []string{"doctor", "--timeout", "soon", "--sandbox"},
			wantCode: exitConfig,
			want:     []string{"--timeout", "not a positive duration"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, tc.env, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit code = %d, want %d\n%s%s", code, tc.wantCode, out, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "IST.some-key") {
				t.Errorf("output shows the key:\n%s", out)
			}
		})
	}
}

func TestDoctorInvalidJSON(t *testing.T) {
	t.Parallel()
	code, out, _ := runCmd(t, nil, "doctor", "--json")
	if code != exitConfig {
		t.Errorf("exit code = %d, want %d", code, exitConfig)
	}
	var rep doctorReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.OK || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "--sandbox") {
		t.Errorf("report = %+v, %v\n%s", rep, err, out)
	}
}

func TestSplitJSONFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args     []string
		wantJSON bool
		wantRest []string
	}{
		{[]string{"--json", "--sandbox"}, true, []string{"--sandbox"}},
		{[]string{"--config", "json", "-json"}, true, []string{"--config", "json"}},
		{[]string{"--json=true", "--json=false"}, false, []string{}},
		{[]string{"--read-only"}, false, []string{"--read-only"}},
		{[]string{"--", "--json"}, false, []string{"--", "--json"}},
	} {
		gotJSON, gotRest := splitJSONFlag(tc.args)
		if gotJSON != tc.wantJSON || strings.Join(gotRest, " ") != strings.Join(tc.wantRest, " ") {
			t.Errorf("splitJSONFlag(%q) = %v %q, want %v %q", tc.args, gotJSON, gotRest, tc.wantJSON, tc.wantRest)
		}
	}
}
