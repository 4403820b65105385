package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// TestPlaceholderKeyExitsTwo is what a user whose MCP client did not
// substitute ${WIX_API_KEY} sees: exit code 2 and a line naming the
// variable, before any call fails with a 401.
func TestPlaceholderKeyExitsTwo(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"${WIX_API_KEY}", "$WIX_API_KEY", "%WIX_API_KEY%", "{{WIX_API_KEY}}", "<your key>", "YOUR_API_KEY", " "} {
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), nil, strings.NewReader(""), &stdout, &stderr,
				envOf(map[string]string{"WIX_API_KEY": key, "WIX_ACCOUNT_ID": wixsim.AgencyAccountID}))
			if code != exitConfig {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitConfig, stderr.String())
			}
			if msg := stderr.String(); !strings.Contains(msg, "WIX_API_KEY holds a placeholder") || !strings.Contains(msg, "did not substitute") {
				t.Errorf("stderr does not explain the placeholder:\n%s", msg)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout: %q", stdout.String())
			}
		})
	}
}
