package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSetup(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		args       []string
		wantJSON   bool
		wantStdout []string
		wantStderr []string
	}{
		{
			name: "vscode prompts for the key", args: []string{"setup", "vscode", "--command", "/opt/wix-mcp"}, wantJSON: true,
			wantStdout: []string{`"password": true`, `"WIX_API_KEY": "${input:wix-api-key}"`, `"command": "/opt/wix-mcp"`},
			wantStderr: []string{".vscode/mcp.json"},
		},
		{
			name: "flags after the client", args: []string{"setup", "cursor", "--docker", "--read-only", "--name", "shop"}, wantJSON: true,
			wantStdout: []string{`"shop"`, `"docker"`, `"WIX_MCP_READ_ONLY=true"`, `"ghcr.io/wix-mcp/wix-mcp"`, `"${env:WIX_API_KEY}"`},
			wantStderr: []string{"~/.cursor/mcp.json"},
		},
		{
			name: "claude code command line", args: []string{"setup", "--command", "/usr/local/bin/wix-mcp", "claude-code"},
			wantStdout: []string{"claude mcp add wix --scope project -e 'WIX_API_KEY=${WIX_API_KEY}' -e 'WIX_ACCOUNT_ID=${WIX_ACCOUNT_ID}' -- /usr/local/bin/wix-mcp\n"},
			wantStderr: []string{".mcp.json"},
		},
		{
			name: "claude desktop sandbox", args: []string{"setup", "claude-desktop", "--sandbox", "--command", "/opt/wix-mcp"}, wantJSON: true,
			wantStdout: []string{`"wix-sandbox"`, `"--sandbox"`},
		},
		{
			name: "claude desktop reads the key from a file", args: []string{"setup", "claude-desktop", "--config", "/home/me/wix-mcp.yaml"}, wantJSON: true,
			wantStdout: []string{`"--config"`, `"/home/me/wix-mcp.yaml"`},
			wantStderr: []string{"chmod 600", "key_file:"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, nil, tc.args...)
			if code != exitOK {
				t.Fatalf("exit code %d\n%s", code, stderr)
			}
			if tc.wantJSON && !json.Valid([]byte(out)) {
				t.Errorf("stdout is not JSON:\n%s", out)
			}
			for _, w := range tc.wantStdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.wantStderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(out, "IST.") {
				t.Errorf("stdout holds a key-like value:\n%s", out)
			}
		})
	}
}

func TestSetupRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no client", []string{"setup"}, "name one client: claude-desktop, claude-code, vscode, cursor"},
		{"two clients", []string{"setup", "vscode", "cursor"}, "name one client"},
		{"unknown client", []string{"setup", "emacs"}, `unknown client "emacs"`},
		{"unknown flag", []string{"setup", "--key", "x", "vscode"}, "unknown flag --key: keys and tokens are never flags"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, nil, tc.args...)
			if code != exitConfig || out != "" || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, nothing on stdout, %q", code, out, stderr, exitConfig, tc.want)
			}
		})
	}
}

func TestCatalogCommand(t *testing.T) {
	t.Parallel()
	code, out, _ := runCmd(t, nil, "catalog", "describe", "ecom.orders.searchOrders")
	for _, want := range []string{"Search Orders\n  POST /ecom/v1/orders/search", "Filter on:", "paymentStatus: NOT_PAID", "Sort on (ASC or DESC): ", "limit at most 100", "Example body"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("catalog describe: exit %d, output lacks %q:\n%s", code, want, out)
		}
	}

	code, out, _ = runCmd(t, nil, "catalog")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != exitOK || len(lines) < 1000 {
		t.Fatalf("catalog: exit %d, %d lines", code, len(lines))
	}
	if !containsLine(lines, "crm.contacts.queryContacts POST /contacts/v4/contacts/query Query Contacts") {
		t.Errorf("catalog lacks Query Contacts; first lines: %q", lines[:3])
	}

	code, out, _ = runCmd(t, nil, "catalog", "--search", "cancel a booking", "--limit", "3")
	lines = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != exitOK || len(lines) != 3 || lines[0] != "bookings.bookings.cancelBooking POST /bookings/v2/bookings/{bookingId}/cancel Cancel Booking" {
		t.Errorf("search: exit %d, lines %q", code, lines)
	}

	for _, tc := range []struct {
		args     []string
		wantCode int
		want     string
	}{
		{[]string{"catalog", "--search", "qqqzzzxxx"}, exitFailed, "no endpoint matches"},
		{[]string{"catalog", "cancel", "booking"}, exitConfig, `quote the words: --search "cancel booking"`},
		{[]string{"catalog", "--search", "x", "--limit", "0"}, exitConfig, "--limit must be between 1 and 100"},
		{[]string{"catalog", "describe"}, exitConfig, "Usage: wix-mcp catalog describe ID"},
		{[]string{"catalog", "describe", "crm.contacts.queryContactz"}, exitFailed, "crm.contacts.queryContacts POST"},
	} {
		code, out, stderr := runCmd(t, nil, tc.args...)
		if code != tc.wantCode || out != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", tc.args, code, out, stderr)
		}
	}
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}
